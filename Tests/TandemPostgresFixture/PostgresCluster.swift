import Foundation
import PostgresNIO

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A throwaway PostgreSQL cluster for one test process: `initdb` into a temporary folder, `pg_ctl start`
/// on a free port of 127.0.0.1, stopped (and the folder removed) when the process exits. Each test gets
/// a fresh database in it. Without `initdb` the tests that need it are skipped, unless
/// `TANDEM_REQUIRE_TOOLS=1` (CI), where they run and fail.
public enum PostgresCluster {
  /// The folder holding `initdb` and `pg_ctl`: PATH first, then Debian's `/usr/lib/postgresql/*/bin`.
  public static let binaries: String? = {
    let fm = FileManager.default
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    var folders = path.split(separator: ":").map(String.init)
    let debian = "/usr/lib/postgresql"
    let versions = ((try? fm.contentsOfDirectory(atPath: debian)) ?? []).sorted {
      (Int($0) ?? 0, $0) > (Int($1) ?? 0, $1)
    }
    folders += versions.map { "\(debian)/\($0)/bin" }
    guard
      let folder = folders.first(where: {
        fm.isExecutableFile(atPath: $0 + "/initdb") && fm.isExecutableFile(atPath: $0 + "/pg_ctl")
      })
    else { return nil }
    // A folder of links (/usr/local/bin) may lack the other tools (pg_basebackup): use the real one.
    let resolved = URL(fileURLWithPath: folder + "/initdb").resolvingSymlinksInPath().deletingLastPathComponent().path
    return fm.isExecutableFile(atPath: resolved + "/pg_basebackup") ? resolved : folder
  }()

  public static var required: Bool { ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1" }

  /// Whether the suites that need PostgreSQL run; the reason they do not is printed once.
  public static let shouldRun: Bool = {
    if binaries != nil || required { return true }
    print(
      "◇ skipping the PostgreSQL tests: initdb/pg_ctl not found on PATH or in "
        + "/usr/lib/postgresql/*/bin (install postgresql; TANDEM_REQUIRE_TOOLS=1 makes this a failure)")
    return false
  }()

  /// A running cluster.
  public struct Running: Sendable {
    public var folder: String
    public var port: Int

    /// A connection to `database` as the superuser `tandem`.
    public func connect(database: String) async throws -> PostgresConnection {
      let configuration = PostgresConnection.Configuration(
        host: "127.0.0.1", port: port, username: "tandem", password: nil, database: database, tls: .disable)
      return try await PostgresConnection.connect(
        configuration: configuration, id: Int.random(in: 0..<Int.max), logger: Logger(label: "tandem.tests.pg"))
    }

    /// A database of the cluster.
    public struct Database: Sendable {
      public var name: String
      /// `postgres://tandem@127.0.0.1:PORT/NAME`
      public var url: String
    }

    /// A new empty database.
    public func makeDatabase() async throws -> Database {
      let name = "test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
      let connection = try await connect(database: "postgres")
      do {
        try await connection.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"), logger: connection.logger)
      } catch {
        try? await connection.close()
        throw error
      }
      try await connection.close()
      return Database(name: name, url: "postgres://tandem@127.0.0.1:\(port)/\(name)")
    }

    /// Runs `sql` (one row, one bigint column) on `database`.
    public func count(_ sql: String, database: String) async throws -> Int64 {
      try await integers(sql, database: database).first ?? -1
    }

    /// Runs `sql` (one bigint column) on `database`; its values in order.
    public func integers(_ sql: String, database: String) async throws -> [Int64] {
      let connection = try await connect(database: database)
      do {
        var values: [Int64] = []
        let rows = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: connection.logger)
        for try await value in rows.decode(Int64.self) { values.append(value) }
        try await connection.close()
        return values
      } catch {
        try? await connection.close()
        throw error
      }
    }
  }

  public enum Failure: Error, CustomStringConvertible {
    case missingTools
    case command(String, Int32, String)

    public var description: String {
      switch self {
      case .missingTools:
        "TANDEM_REQUIRE_TOOLS=1 but initdb/pg_ctl are not on PATH or in /usr/lib/postgresql/*/bin"
      case .command(let command, let status, let output): "\(command) exited with \(status):\n\(output)"
      }
    }
  }

  /// The process's cluster, started by the first test that asks.
  public static func shared() async throws -> Running {
    try await primary.running { try PostgresCluster.start() }
  }

  /// A cluster started once, by the first caller; the others wait for it.
  private actor Once {
    private var task: Task<Running, any Error>?

    func running(_ start: @escaping @Sendable () async throws -> Running) async throws -> Running {
      if let task { return try await task.value }
      let task = Task.detached { try await start() }
      self.task = task
      return try await task.value
    }
  }

  private static let primary = Once()
  private static let replica = Once()

  /// What the exit hook cleans up: the folder and the postmaster's data directory.
  private static let cleanupLock = NSLock()
  nonisolated(unsafe) private static var cleanupFolders: [String] = []

  /// A streaming replica of the shared cluster (`pg_basebackup -R`, hot standby), started once.
  public static func standby() async throws -> Running {
    try await replica.running { try PostgresCluster.startStandby(of: try await PostgresCluster.shared()) }
  }

  private static func startStandby(of primary: Running) throws -> Running {
    guard let binaries else { throw Failure.missingTools }
    let fm = FileManager.default
    let folder = fm.temporaryDirectory.appendingPathComponent("tandem-pg-standby-\(UUID().uuidString.prefix(8))").path
    try fm.createDirectory(atPath: folder, withIntermediateDirectories: false)
    cleanupLock.withLock { cleanupFolders.append(folder) }
    startWatchdog(folder: folder)
    let asRoot = getuid() == 0
    if asRoot { try run("/bin/chown", ["nobody", folder], asNobody: false) }
    let data = folder + "/data"
    try run(
      binaries + "/pg_basebackup",
      ["-D", data, "-h", "127.0.0.1", "-p", String(primary.port), "-U", "tandem", "-R", "-X", "stream", "-c", "fast"],
      asNobody: asRoot)
    var lastError: (any Error)?
    for _ in 0..<5 {
      let port = freePort()
      do {
        try run(
          binaries + "/pg_ctl",
          [
            "-D", data, "-l", folder + "/postgres.log", "-w", "-t", "60", "-o",
            "-k \(folder) -p \(port) -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200", "start",
          ], asNobody: asRoot)
        return Running(folder: folder, port: port)
      } catch {
        lastError = error
      }
    }
    throw lastError ?? Failure.missingTools
  }

  private static func start() throws -> Running {
    guard let binaries else { throw Failure.missingTools }
    let fm = FileManager.default
    let folder = fm.temporaryDirectory.appendingPathComponent("tandem-pg-\(UUID().uuidString.prefix(8))").path
    try fm.createDirectory(atPath: folder, withIntermediateDirectories: false)
    cleanupLock.withLock { cleanupFolders.append(folder) }
    atexit { PostgresCluster.cleanUp() }
    startWatchdog(folder: folder)
    let asRoot = getuid() == 0
    if asRoot {
      // PostgreSQL refuses to run as root: the cluster belongs to nobody.
      try run("/bin/chown", ["nobody", folder], asNobody: false)
    }
    let data = folder + "/data"
    try run(binaries + "/initdb", ["-D", data, "-A", "trust", "-U", "tandem", "-N", "-E", "UTF8"], asNobody: asRoot)
    var lastError: (any Error)?
    for _ in 0..<5 {
      let port = freePort()
      do {
        try run(
          binaries + "/pg_ctl",
          [
            "-D", data, "-l", folder + "/postgres.log", "-w", "-t", "60",
            "-o",
            "-k \(folder) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
              + "-c full_page_writes=off -c max_connections=200",
            "start",
          ], asNobody: asRoot)
        return Running(folder: folder, port: port)
      } catch {
        lastError = error
      }
    }
    throw lastError ?? Failure.missingTools
  }

  /// Runs `executable` with `arguments` (as `nobody` through runuser when asked) and waits for it.
  ///
  /// posix_spawn and waitpid rather than Foundation's `Process`: `Process` learns that a child has
  /// exited when a socket the child inherits closes, and the server `pg_ctl start` leaves running
  /// inherits it too, so `waitUntilExit` would wait for the server to stop.
  private static func run(_ executable: String, _ arguments: [String], asNobody: Bool) throws {
    let command =
      asNobody ? ["/usr/sbin/runuser", "-u", "nobody", "--", executable] + arguments : [executable] + arguments
    let log = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-pg-\(UUID().uuidString).out").path
    defer { try? FileManager.default.removeItem(atPath: log) }
    let pid = try spawn(command, output: log, newSession: false)
    var status: Int32 = 0
    while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
    let exited = status & 0x7f == 0
    let code = exited ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    guard code == 0 else {
      let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
      throw Failure.command(command.joined(separator: " "), code, output)
    }
  }

  /// Starts `command` with stdin from /dev/null and stdout and stderr to `output`, and (on Linux) none
  /// of this process's other descriptors, so the server keeps none of its pipes open; its pid.
  private static func spawn(_ command: [String], output: String, newSession: Bool) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    #if os(Linux)
      // POSIX_SPAWN_SETSID (glibc), which Swift's Glibc module does not show.
      if newSession { posix_spawnattr_setflags(&attributes, 0x80) }
    #endif
    // Descriptors this process has open now (glibc ignores a close of one closed since).
    let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
    for descriptor in open where descriptor > 2 { posix_spawn_file_actions_addclose(&actions, descriptor) }
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, command[0], &actions, &attributes, argv, environ)
    guard result == 0 else {
      throw Failure.command(command.joined(separator: " "), result, String(cString: strerror(result)))
    }
    return pid
  }

  /// A port on 127.0.0.1 nothing listens on now.
  private static func freePort() -> Int {
    #if canImport(Glibc)
      let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    #else
      let fd = socket(AF_INET, SOCK_STREAM, 0)
    #endif
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
        bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
      }
    }
    guard fd >= 0, bound else { return Int.random(in: 20_000..<60_000) }
    return Int(UInt16(bigEndian: address.sin_port))
  }

  /// The postmaster's pid, from its pid file.
  private static func postmasterPID(folder: String) -> pid_t? {
    guard let text = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
      let first = text.split(separator: "\n").first, let pid = pid_t(first.trimmingCharacters(in: .whitespaces))
    else { return nil }
    return pid
  }

  /// Stops the server at once (SIGQUIT: immediate shutdown, as `pg_ctl stop -m immediate`) and removes the
  /// folder. Runs from `atexit`.
  static func cleanUp() {
    let folders = cleanupLock.withLock { () -> [String] in
      defer { cleanupFolders = [] }
      return cleanupFolders
    }
    for folder in folders.reversed() {
      if let pid = postmasterPID(folder: folder), kill(pid, SIGQUIT) == 0 {
        for _ in 0..<100 where kill(pid, 0) == 0 { usleep(20_000) }
      }
      try? FileManager.default.removeItem(atPath: folder)
    }
  }

  /// A separate process, in a session of its own, that stops the server and removes the folder if this
  /// process dies without running its exit hooks (a crash, a kill).
  private static func startWatchdog(folder: String) {
    let script = """
      while kill -0 \(getpid()) 2>/dev/null; do sleep 1; done
      if [ -f '\(folder)/data/postmaster.pid' ]; then
        kill -QUIT "$(head -n 1 '\(folder)/data/postmaster.pid')" 2>/dev/null; sleep 2
      fi
      rm -rf '\(folder)'
      """
    _ = try? spawn(["/bin/sh", "-c", script], output: "/dev/null", newSession: true)
  }
}
