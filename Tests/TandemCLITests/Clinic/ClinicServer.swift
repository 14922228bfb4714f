import Foundation
import TandemPostgresFixture

/// A real `tandem-server` on a fresh database of the test cluster, on a free loopback port.
final class ClinicServer {
  let databaseURL: String
  private(set) var url: String = ""
  let sandbox: Sandbox
  let databaseName: String
  private var process: Subprocess?
  private let logPath: String
  private let tls: (certificate: String, key: String)?

  static var binary: String? {
    guard let tandem = TandemBinary.path else { return nil }
    let path = URL(fileURLWithPath: tandem).deletingLastPathComponent().appendingPathComponent("tandem-server").path
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  /// Migrates a new database and starts serving it.
  /// The replica's port when the server reads from one (`--read-database`).
  private(set) var replicaPort: Int?

  /// More `serve` options.
  private let serveOptions: [String]

  init(
    sandbox: Sandbox, tls: (certificate: String, key: String)? = nil, replica: Bool = false, serveOptions: [String] = []
  ) async throws {
    self.serveOptions = serveOptions
    guard let binary = Self.binary else { throw SandboxError("tandem-server is not built") }
    self.sandbox = sandbox
    let database = try await PostgresCluster.shared().makeDatabase()
    databaseURL = "\(database.url)"
    databaseName = database.name
    self.tls = tls
    if replica { replicaPort = try await PostgresCluster.standby().port }
    let migrated = try Subprocess.run(
      binary, ["migrate", "--database", databaseURL], environment: sandbox.environment(), scratch: sandbox.root)
    guard migrated.status == 0 else { throw SandboxError("migrate failed: \(migrated.errors)") }
    logPath = sandbox.root + "/server.log"
    try start(listen: "127.0.0.1:0")
  }

  /// Starts serving; `listen` 127.0.0.1:0 picks a free port.
  private func start(listen: String) throws {
    guard let binary = Self.binary else { throw SandboxError("tandem-server is not built") }
    let out = open(logPath, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o600)
    let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
    defer {
      close(out)
      close(null)
    }
    let before = log.count
    let started = try Subprocess(
      binary,
      ["serve", "--listen", listen, "--database", databaseURL]
        + (tls.map { ["--tls-certificate", $0.certificate, "--tls-key", $0.key] } ?? ["--insecure-loopback"])
        + (replicaPort.map { ["--read-database", "postgres://tandem@127.0.0.1:\($0)/\(databaseName)"] } ?? [])
        + serveOptions,
      environment: sandbox.environment(), stdin: null, stdout: out, stderr: out)
    process = started
    var found: String?
    try eventually(timeout: 30) {
      let text = String(log.dropFirst(before))
      if let range = text.range(of: "listening on ") {
        found = String(text[range.upperBound...].prefix { !$0.isNewline })
      }
      return found != nil || !started.isRunning
    }
    guard let found else { throw SandboxError("tandem-server did not start: \(log)") }
    url = found
  }

  /// Kills the server at once (SIGKILL), as a crash or a power cut would.
  func crash() { process?.kill() }

  /// Starts it again on the same address.
  func restart() throws {
    process?.kill()
    let address = url.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
    try start(listen: address)
  }

  var log: String { String(decoding: FileManager.default.contents(atPath: logPath) ?? Data(), as: UTF8.self) }

  /// Runs an administration command (`invite`, `patient add`, …) against the database.
  func admin(_ arguments: [String]) throws -> CommandResult {
    guard let binary = Self.binary else { throw SandboxError("tandem-server is not built") }
    return try Subprocess.run(
      binary, arguments + ["--database", databaseURL], environment: sandbox.environment(), scratch: sandbox.root)
  }

  /// The one-time code an `invite` or `patient add` printed.
  func code(_ arguments: [String]) throws -> String {
    let result = try admin(arguments)
    guard result.status == 0, let line = result.output.split(separator: "\n").first,
      let code = line.split(separator: " ").last
    else { throw SandboxError("'\(arguments.joined(separator: " "))' failed: \(result.errors)") }
    return String(code)
  }

  func stop() { process?.kill() }

  deinit { process?.kill() }
}
