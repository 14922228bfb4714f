import Foundation
import Testing

/// A real terminal for `tandem`: a detached tmux session of fixed size on a private server
/// (its own socket in the sandbox), so tests never meet each other's sessions or the user's.
final class TmuxTerminal {
  /// The `tmux` executable, if installed.
  static let executable: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux", "/bin/tmux"]
    .first(where: FileManager.default.isExecutableFile(atPath:))

  /// Whether the tmux tests can run.
  static var isAvailable: Bool { executable != nil }

  private let sandbox: Sandbox
  private let socket: String
  private var counter = 0
  private var stopped = false
  /// The tmux session currently running `tandem`.
  private(set) var name = ""

  init(sandbox: Sandbox) {
    self.sandbox = sandbox
    socket = sandbox.root + "/tmux.sock"
  }

  deinit { stop() }

  /// Starts `tandem ARGUMENTS` in a new session `height` (40) rows high and `width` (100) columns wide. The private server was started with
  /// the sandbox's environment, so panes inherit it; `environment` is added on top. The shell
  /// keeps the pane open after `tandem` exits and prints its exit status.
  /// With `recording`, every byte `tandem` writes to the terminal (escape codes included) is
  /// also appended to that file (`pipe-pane`, attached before `tandem` starts).
  func start(
    _ arguments: [String], environment: [String: String] = [:], width: Int = 100, height: Int = 40,
    recording: String? = nil
  ) throws {
    counter += 1
    name = "tandem-e2e-\(counter)"
    let assignments = environment.sorted { $0.key < $1.key }.map { "\($0.key)=\(Self.quoted($0.value))" }
    let command =
      (recording == nil ? "" : "sleep 1; ")
      + (["env"] + assignments + ([try Sandbox.binary()] + arguments).map(Self.quoted)).joined(separator: " ")
      + "; echo \"[tandem exited $?]\"; sleep 120"
    if counter == 1 {
      // A session that outlives the tests' own: tmux stops its server when the last session
      // ends, and a `new-session` racing that shutdown fails ("server exited unexpectedly").
      try tmux(["new-session", "-d", "-s", "keep-alive", "sleep 600"])
    }
    try tmux(["new-session", "-d", "-x", String(width), "-y", String(height), "-s", name, command])
    if let recording {
      try tmux(["pipe-pane", "-o", "-t", name, "cat >> " + Self.quoted(recording)])
    }
  }

  /// The visible screen as text (`escapes`: with colour and attribute codes).
  func screen(escapes: Bool = false) -> String {
    (try? tmux(["capture-pane", "-p", "-t", name] + (escapes ? ["-e"] : []))) ?? ""
  }

  /// Types `text` literally.
  func type(_ text: String) throws {
    try tmux(["send-keys", "-t", name, "-l", text])
  }

  /// Presses keys by tmux name (`Enter`, `BSpace`, `Left`, `C-c`…).
  func press(_ keys: String...) throws {
    try tmux(["send-keys", "-t", name] + keys)
  }

  /// Waits until the screen satisfies `condition`; records the screen in the failure otherwise.
  @discardableResult
  func waitFor(
    _ what: String, timeout: TimeInterval = 15, sourceLocation: SourceLocation = #_sourceLocation,
    _ condition: (String) -> Bool
  ) -> String {
    var last = ""
    let held = eventually(timeout: timeout, every: 0.05) {
      last = screen()
      return condition(last)
    }
    if !held { Issue.record("timed out waiting for \(what); the screen was:\n\(last)", sourceLocation: sourceLocation) }
    return last
  }

  /// Waits until the screen shows `text`.
  @discardableResult
  func waitFor(_ text: String, timeout: TimeInterval = 15, sourceLocation: SourceLocation = #_sourceLocation) -> String
  {
    waitFor("'\(text)'", timeout: timeout, sourceLocation: sourceLocation) { $0.contains(text) }
  }

  /// Ends the session running now (the server stays for the next one).
  func endSession() {
    _ = try? tmux(["kill-session", "-t", name])
  }

  /// Stops the private tmux server and everything in it.
  func stop() {
    guard !stopped else { return }
    stopped = true
    _ = try? tmux(["kill-server"])
  }

  @discardableResult
  private func tmux(_ arguments: [String]) throws -> String {
    guard let executable = Self.executable else { throw SandboxError("tmux is not installed") }
    var environment = sandbox.environment()
    environment["TERM"] = environment["TERM"].flatMap { $0.isEmpty || $0 == "dumb" ? nil : $0 } ?? "xterm-256color"
    // Output through a file: the server that `new-session` forks must hold none of our pipes.
    let result = try Subprocess.run(
      executable, ["-S", socket, "-f", "/dev/null"] + arguments, environment: environment, scratch: sandbox.root,
      timeout: 20)
    guard result.status == 0 else {
      throw SandboxError("tmux \(arguments.joined(separator: " ")) failed: \(result.output)\(result.errors)")
    }
    return result.output
  }

  /// `text` in single quotes for `sh`.
  static func quoted(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}
