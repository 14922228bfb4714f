import ArgumentParser
import Foundation
import TandemContent
import TandemLanguageServer

extension Tandem {
  /// `tandem lsp`: the language server for module and content files, over standard input and
  /// output.
  struct LanguageServerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "lsp",
      abstract: "Run the language server for module and content files (for editors).",
      discussion: """
        Speaks the Language Server Protocol on standard input and output: the problems \
        'tandem validate' finds, as you type; completion of step, option and snippet ids and of \
        field names; hover and go to definition for steps; quick fixes for "did you mean" \
        suggestions. Modules find snippets in the shipped Content/ (see TANDEM_HOME). \
        docs/authoring.md shows how to set up VS Code, Neovim and Helix.
        """)

    func run() throws {
      // A client that goes away is noticed as a failed write, not a signal.
      signal(SIGPIPE, SIG_IGN)
      let home = ContentHome.locate()
      let server = LanguageServer(snippetPaths: [home.content], modulePaths: [home.modules])
      let input = StandardInputReader()
      input.start()
      var framer = MessageFramer()
      while true {
        let timeout = server.nextDeadline.map { max(0, $0 - Self.now()) }
        let (bytes, ended) = input.take(timeout: timeout)
        framer.append(bytes)
        while let event = framer.next() {
          switch event {
          case .message(let body):
            try send(server.receive(body, now: Self.now()))
            if let status = server.exitStatus { throw ExitCode(status) }
          case .tooLarge(let size, let head, let tail):
            try send(server.receiveTooLarge(size: size, head: head, tail: tail))
          case .malformed(let reason):
            // Say why; the framer drops what follows up to the next `Content-Length:` line.
            try send([LanguageServer.framingError(reason)])
          }
        }
        try send(server.tick(now: Self.now()))
        // The client closed its end: nothing more can arrive.
        if ended { throw ExitCode(server.isShutDown && !framer.hasPartialMessage ? 0 : 1) }
      }
    }

    private static func now() -> Double { ProcessInfo.processInfo.systemUptime }

    /// Writes framed messages to standard output; a client that has gone ends the server.
    private func send(_ bodies: [[UInt8]]) throws {
      for body in bodies {
        let framed = MessageFramer.frame(body)
        var offset = 0
        while offset < framed.count {
          let written = framed[offset...].withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress, $0.count) }
          if written < 0 && errno == EINTR { continue }
          guard written > 0 else { throw ExitCode(1) }
          offset += written
        }
      }
    }
  }
}
