import Foundation
import Testing

/// What a finished `tandem` run left behind.
struct CommandResult {
  /// The exit status (or the signal number, for a killed process).
  let status: Int32
  let stdout: Data
  let stderr: Data

  /// Standard output as text.
  var output: String { String(decoding: stdout, as: UTF8.self) }
  /// Standard error as text.
  var errors: String { String(decoding: stderr, as: UTF8.self) }
}

/// Why a test could not drive the binary.
struct SandboxError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// One test's private world: a temporary folder for the store, modules and `XDG_DATA_HOME`,
/// and an environment that points `tandem` at the repository's shipped content and nothing
/// of the real user's. Removed when the test ends.
final class Sandbox {
  /// The temporary folder.
  let root: String

  init() throws {
    // A child that exits before reading its input must not take the test runner with it.
    signal(SIGPIPE, SIG_IGN)
    let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("tandem-cli-e2e.XXXXXX")
    var buffer = Array(template.utf8CString)
    guard let created = mkdtemp(&buffer) else { throw SandboxError("cannot create a temporary folder") }
    root = String(cString: created)
    try FileManager.default.createDirectory(atPath: modules, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(atPath: root) }

  /// The store file the tests pass with `--store`; its folder does not exist until `tandem` makes it.
  var store: String { root + "/store/tandem.sqlite" }
  /// A folder for test modules, passed with `--modules`.
  var modules: String { root + "/modules" }

  /// The `tandem` executable, or a failure that says how to build it.
  static func binary() throws -> String {
    guard let path = TandemBinary.path else {
      throw SandboxError("cannot find the built 'tandem' executable next to the test bundle; run 'swift build' first")
    }
    return path
  }

  /// The environment for `tandem`: shipped content from the repository, XDG and HOME inside
  /// the sandbox, and none of the caller's Tandem or colour settings.
  func environment(_ extra: [String: String] = [:]) -> [String: String] {
    var environment = ProcessInfo.processInfo.environment
    for key in ["TANDEM_STORE", "NO_COLOR", "TANDEM_HOME", "TMUX", "TMUX_PANE"] { environment[key] = nil }
    environment["TANDEM_HOME"] = TandemBinary.repositoryRoot
    environment["XDG_DATA_HOME"] = root + "/xdg"
    environment["HOME"] = root + "/home"
    environment["LANG"] = "C.UTF-8"
    for (key, value) in extra { environment[key] = value }
    return environment
  }

  /// Writes `yaml` as `modules/ID.yaml` (or at `path`) and returns the file's path.
  @discardableResult
  func writeModule(_ yaml: String, id: String, folder: String? = nil) throws -> String {
    let directory = folder ?? modules
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let path = directory + "/" + id + ".yaml"
    try Data(yaml.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  /// `[--store PATH, --modules DIR]`, the options most commands take.
  var storeAndModules: [String] { ["--store", store, "--modules", modules] }

  /// Runs `tandem` to completion with `input` on a pipe as standard input.
  func run(
    _ arguments: [String], input: String = "", environment extra: [String: String] = [:], timeout: TimeInterval = 30
  ) throws -> CommandResult {
    try Subprocess.run(
      try Self.binary(), arguments, environment: environment(extra), input: input, scratch: root, timeout: timeout)
  }

  /// Runs a `--format json` command and decodes its output, failing with the output on error.
  func json<T: Decodable>(_ type: T.Type, _ arguments: [String]) throws -> T {
    let result = try run(arguments + ["--format", "json"])
    guard result.status == 0 else {
      throw SandboxError("'tandem \(arguments.joined(separator: " "))' exited \(result.status): \(result.errors)")
    }
    do {
      return try JSONDecoder().decode(T.self, from: result.stdout)
    } catch {
      throw SandboxError("cannot decode \(T.self) from: \(result.output)\n\(error)")
    }
  }

  /// Every session in the sandbox's store.
  func sessions() throws -> [SessionListingJSON] {
    try json([SessionListingJSON].self, ["session", "list", "--store", store])
  }

  /// The one session in the store, failing when there is not exactly one.
  func onlySession() throws -> SessionListingJSON {
    let all = try sessions()
    guard all.count == 1, let only = all.first else { throw SandboxError("expected one session, found \(all.count)") }
    return only
  }

  /// A session's events and answers.
  func detail(_ id: String) throws -> SessionDetailJSON {
    try json(SessionDetailJSON.self, ["session", "show", id, "--store", store])
  }
}

/// Polls `condition` until it holds or `timeout` passes; whether it held.
func eventually(timeout: TimeInterval = 15, every interval: TimeInterval = 0.05, _ condition: () throws -> Bool)
  rethrows
  -> Bool
{
  let deadline = Date().addingTimeInterval(timeout)
  while true {
    if try condition() { return true }
    if Date() >= deadline { return false }
    usleep(useconds_t(interval * 1_000_000))
  }
}

/// The permission bits of a file or folder.
func permissions(_ path: String) -> Int {
  let attributes = try? FileManager.default.attributesOfItem(atPath: path)
  return ((attributes?[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
}

/// Signs that a Swift program crashed instead of failing cleanly.
let crashMarkers = [
  "Fatal error", "Stack dump", "Current stack trace", "Illegal instruction", "Segmentation fault", "💣",
]

extension Sandbox {
  /// Runs a `/bin/sh -c` script in the sandbox's environment (for a umask, or `exec tandem` under one).
  func runShell(_ script: String, input: String = "", timeout: TimeInterval = 120) throws -> CommandResult {
    try Subprocess.run(
      "/bin/sh", ["-c", script], environment: environment(), input: input, scratch: root, timeout: timeout)
  }
}
