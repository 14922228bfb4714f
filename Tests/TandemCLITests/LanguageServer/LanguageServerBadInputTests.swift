import Foundation
import Testing

/// `tandem lsp` given what no editor should send: every bad message gets a clear JSON-RPC error
/// (or is ignored, for notifications) and the server goes on, past unreadable headers too; a
/// stream that ends stops it promptly. Never a crash or a hang.
@Suite("tandem lsp bad input")
struct LanguageServerBadInputTests {
  static func frame(_ json: String) -> String { "Content-Length: \(json.utf8.count)\r\n\r\n\(json)" }

  static let initialize = frame(#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#)
  static let shutdownAndExit =
    frame(#"{"jsonrpc":"2.0","id":99,"method":"shutdown"}"#) + frame(#"{"jsonrpc":"2.0","method":"exit"}"#)

  /// Runs `tandem lsp` with `input` and then end of input; its exit status and the messages it wrote.
  static func run(_ input: String) throws -> (status: Int32, messages: [[String: Any]], errors: String) {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["lsp"], input: input, timeout: 30)
    var messages: [[String: Any]] = []
    var rest = Substring(result.output)
    while let header = rest.range(of: "\r\n\r\n") {
      let length = Int(rest[..<header.lowerBound].replacingOccurrences(of: "Content-Length: ", with: "")) ?? 0
      let body = rest[header.upperBound...].utf8.prefix(length)
      if let message = try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] {
        messages.append(message)
      }
      rest = Substring(String(decoding: rest[header.upperBound...].utf8.dropFirst(length), as: UTF8.self))
    }
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    return (result.status, messages, result.errors)
  }

  static func error(_ message: [String: Any]) -> Int? { (message["error"] as? [String: Any])?["code"] as? Int }

  @Test("invalid JSON is a parse error with id null, and the next request is still answered")
  func invalidJSON() throws {
    let run = try Self.run(Self.initialize + Self.frame("{\"jsonrpc\": \"2.0\", \"id\": 2, ") + Self.shutdownAndExit)
    #expect(run.status == 0)
    #expect(run.messages.count == 3)
    let parse = try #require(run.messages.dropFirst().first)
    #expect(Self.error(parse) == -32700)
    #expect(parse["id"] is NSNull)
    #expect(run.messages.last?["id"] as? Int == 99)
  }

  @Test("an unknown method is MethodNotFound for its id; an unknown notification is ignored")
  func unknownMethod() throws {
    let run = try Self.run(
      Self.initialize + Self.frame(#"{"jsonrpc":"2.0","id":"x7","method":"tandem/teleport","params":{}}"#)
        + Self.frame(#"{"jsonrpc":"2.0","method":"tandem/somethingHappened","params":{}}"#)
        + Self.frame(#"{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"x7"}}"#) + Self.shutdownAndExit)
    #expect(run.status == 0)
    #expect(run.messages.count == 3)
    #expect(run.messages[1]["id"] as? String == "x7")
    #expect(Self.error(run.messages[1]) == -32601)
  }

  @Test("messages that are JSON but not requests are InvalidRequest; a request before initialize is refused")
  func invalidRequests() throws {
    let run = try Self.run(
      Self.frame(#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{}}"#)
        + Self.frame(#"[1, 2]"#) + Self.frame(#"{"jsonrpc":"2.0","id":6}"#)
        + Self.frame(#"{"id":7,"method":"initialize"}"#)
        + Self.frame(#"{"jsonrpc":"2.0","id":8,"method":"x","params":3}"#)
        + Self.initialize
        + Self.frame(
          #"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere.yaml"},"position":{"line":0,"character":0}}}"#
        )
        + Self.shutdownAndExit)
    #expect(run.status == 0)
    let codes = run.messages.map { Self.error($0) }
    #expect(codes == [-32002, -32600, -32600, -32600, -32600, nil, -32602, nil], "\(run.messages)")
  }

  @Test("bad headers are a parse error; the server skips to the next Content-Length line and goes on")
  func badHeader() throws {
    let hover = Self.frame(#"{"jsonrpc":"2.0","id":3,"method":"textDocument/hover","params":{}}"#)
    for header in [
      "Content-Length: many\r\n\r\n{}", "Content-Type: text\r\n\r\n{\"a\":\"\r\n\r\n\"}", "hello\r\n\r\n",
      "Content-Length: abc\r\n\r\n",
      // Headers cut short, without their blank line, run into the next request's headers.
      "Content-Length: 5\r\nfoo\r\n", "Content-Length: 5\r\n",
    ] {
      let run = try Self.run(Self.initialize + header + hover + Self.shutdownAndExit)
      #expect(run.status == 0, "\(header)")
      #expect(run.messages.map(Self.error) == [nil, -32700, -32602, nil], "\(header): \(run.messages)")
      #expect(run.messages.dropFirst(2).first?["id"] as? Int == 3)
    }
  }

  @Test("a document over the 16 MiB message limit stays open and gets the loader's size diagnostic")
  func hugeDocument() throws {
    let uri = "file:///tmp/drafts/huge.yaml"
    let text = "id: huge\nsummary: \"" + String(repeating: "a", count: 16 << 20) + "\"\n"
    let open: [String: Any] = [
      "jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": ["textDocument": ["uri": uri, "languageId": "yaml", "version": 3, "text": text]],
    ]
    let json = String(decoding: try JSONSerialization.data(withJSONObject: open), as: UTF8.self)
    let completion = Self.frame(
      #"{"jsonrpc":"2.0","id":4,"method":"textDocument/completion","params":{"textDocument":{"uri":"\#(uri)"},"position":{"line":0,"character":0}}}"#
    )
    let run = try Self.run(Self.initialize + Self.frame(json) + completion + Self.shutdownAndExit)
    #expect(run.status == 0)
    let published = try #require(run.messages.first { $0["method"] as? String == "textDocument/publishDiagnostics" })
    let params = published["params"] as? [String: Any]
    #expect(params?["uri"] as? String == uri)
    #expect(params?["version"] as? Int == 3)
    let diagnostics = params?["diagnostics"] as? [[String: Any]] ?? []
    #expect(diagnostics.count == 1)
    #expect(
      (diagnostics.first?["message"] as? String)?.hasPrefix("file is larger than 1 MiB") == true, "\(diagnostics)")
    let answer = try #require(run.messages.first { $0["id"] as? Int == 4 })
    #expect(answer["result"] != nil, "\(answer)")
  }

  @Test("a client that goes away mid-message or without shutting down: the server exits promptly")
  func disconnect() throws {
    let started = Date()
    let midMessage = try Self.run(Self.initialize + "Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":3,")
    #expect(midMessage.status == 1)
    #expect(midMessage.messages.count == 1)
    let midHeader = try Self.run(Self.initialize + "Content-Len")
    #expect(midHeader.status == 1)
    let noShutdown = try Self.run(Self.initialize)
    #expect(noShutdown.status == 1)
    #expect(Date().timeIntervalSince(started) < 20)
  }

  @Test("a client that stops reading before its answer arrives: the server exits without a signal")
  func clientStopsReading() throws {
    let sandbox = try Sandbox()
    let input = try Subprocess.Pipe.make(), output = try Subprocess.Pipe.make()
    let errors = try Subprocess.openForWriting(sandbox.root + "/errors")
    let child = try Subprocess(
      try Sandbox.binary(), ["lsp"], environment: sandbox.environment(), stdin: input.read, stdout: output.write,
      stderr: errors)
    [input.read, output.write, errors, output.read].forEach { close($0) }
    let completion = Self.frame(
      #"{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"file:///x.yaml"},"position":{"line":0,"character":0}}}"#
    )
    Subprocess.writeAll(Data((Self.initialize + completion).utf8), to: input.write)
    let status = child.wait(timeout: 20)
    close(input.write)
    if status == nil { child.kill() }
    #expect(status == 1)
  }

  @Test("a document over the loader's 1 MiB limit gets the loader's diagnostic, not a crash")
  func largeDocument() throws {
    let text = "id: big\nsummary: \"" + String(repeating: "a", count: 1_100_000) + "\"\n"
    let open: [String: Any] = [
      "jsonrpc": "2.0", "method": "textDocument/didOpen",
      "params": [
        "textDocument": ["uri": "file:///tmp/drafts/big.yaml", "languageId": "yaml", "version": 1, "text": text]
      ],
    ]
    let json = String(decoding: try JSONSerialization.data(withJSONObject: open), as: UTF8.self)
    let run = try Self.run(Self.initialize + Self.frame(json) + Self.shutdownAndExit)
    #expect(run.status == 0)
    let published = try #require(run.messages.first { $0["method"] as? String == "textDocument/publishDiagnostics" })
    let diagnostics = (published["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] ?? []
    #expect(diagnostics.count == 1)
    #expect(
      (diagnostics.first?["message"] as? String)?.hasPrefix("file is larger than 1 MiB") == true, "\(diagnostics)")
  }
}
