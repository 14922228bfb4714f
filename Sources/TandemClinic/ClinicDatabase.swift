import Foundation
import PostgresNIO

/// The clinic's PostgreSQL database: a connection pool, transactions, and the named migrations.
public final class ClinicDatabase: Sendable {
  let client: PostgresClient
  let logger: Logger

  init(client: PostgresClient) {
    self.client = client
    var logger = Logger(label: "tandem.clinic.database")
    // postgres-nio logs statements at debug level; nothing below an error is written, so no health
    // data reaches a log.
    logger.logLevel = .error
    self.logger = logger
  }

  /// Runs `body` with a database for `url`, its pool running for as long as `body` does.
  public static func with<Result: Sendable>(
    _ url: DatabaseURL, _ body: @Sendable (ClinicDatabase) async throws -> Result
  ) async throws -> Result {
    let client = PostgresClient(configuration: url.configuration)
    return try await withThrowingTaskGroup(of: Void.self) { group in
      group.addTask { await client.run() }
      defer { group.cancelAll() }
      return try await body(ClinicDatabase(client: client))
    }
  }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  func transaction<Result: Sendable>(
    _ body: (PostgresConnection) async throws -> Result
  ) async throws -> Result {
    try await client.withConnection { connection in
      try await connection.query("BEGIN", logger: logger)
      do {
        let result = try await body(connection)
        try await connection.query("COMMIT", logger: logger)
        return result
      } catch {
        _ = try? await connection.query("ROLLBACK", logger: logger)
        throw error
      }
    }
  }

  /// Applies the migrations this database has not run yet, each in its own transaction, and
  /// returns their names. Refuses a database migrated by a newer server (a migration it does not
  /// know). With `last`, stops after that migration (a test of a later one starts from the schema
  /// a clinic had before it).
  public func migrate(through last: String? = nil) async throws -> [String] {
    // One migrating server at a time, from before the bookkeeping table exists (two concurrent
    // CREATE TABLE IF NOT EXISTS can collide) to the end.
    let applied = try await client.withConnection { connection -> [String] in
      try await connection.query("SELECT pg_advisory_lock(7243)", logger: logger)
      do {
        try await connection.query(
          """
          CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())
          """, logger: logger)
        var applied: [String] = []
        for migration in ClinicMigrations.all {
          let done = try await connection.query(
            "SELECT 1 FROM schema_migration WHERE name = \(migration.name)", logger: logger)
          var ran = false
          for try await _ in done { ran = true }
          if ran {
            if migration.name == last { break }
            continue
          }
          try await connection.query("BEGIN", logger: logger)
          do {
            for statement in migration.sql {
              try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
            }
            try await connection.query(
              "INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
            try await connection.query("COMMIT", logger: logger)
          } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger)
            throw error
          }
          applied.append(migration.name)
          if migration.name == last { break }
        }
        // The key that signs access tokens, made once.
        var secret = [UInt8](repeating: 0, count: 32)
        var random = SystemRandomNumberGenerator()
        for index in secret.indices { secret[index] = random.next() }
        try await connection.query(
          "INSERT INTO server_key (id, secret) VALUES (1, \(Data(secret))) ON CONFLICT (id) DO NOTHING", logger: logger)
        _ = try? await connection.query("SELECT pg_advisory_unlock(7243)", logger: logger)
        return applied
      } catch {
        _ = try? await connection.query("SELECT pg_advisory_unlock(7243)", logger: logger)
        throw error
      }
    }
    if last == nil { try await checkMigrated() }
    return applied
  }

  /// Throws unless every migration this server knows has run, and no other.
  public func checkMigrated() async throws {
    let known = Set(ClinicMigrations.all.map(\.name))
    var ran = Set<String>()
    do {
      let rows = try await client.query("SELECT name FROM schema_migration", logger: logger)
      for try await name in rows.decode(String.self) { ran.insert(name) }
    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "42P01" {
      throw ClinicError.configuration("the database has no Tandem schema yet: run 'tandem-server migrate' first")
    }
    if let unknown = ran.subtracting(known).sorted().first {
      throw ClinicError.configuration(
        "the database was migrated by a newer tandem-server (migration \(unknown)); run that version")
    }
    if let missing = ClinicMigrations.all.map(\.name).first(where: { !ran.contains($0) }) {
      throw ClinicError.configuration("the database needs migration \(missing): run 'tandem-server migrate'")
    }
  }

  /// Runs one statement given as text (administration and benchmarks only: nothing from a request).
  public func execute(_ sql: String) async throws {
    try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger)
  }

  /// The number one statement given as text answers (administration and benchmarks only).
  public func count(_ sql: String) async throws -> Int {
    var result = 0
    for try await value in try await client.query(PostgresQuery(unsafeSQL: sql), logger: logger).decode(Int64.self) {
      result = Int(value)
    }
    return result
  }

  /// Inserts export lines in one multi-row INSERT, with the values a push stores (event ids,
  /// patient, device, its sequence numbers from `firstSeq`, stream positions the same), into
  /// `floor_event` (a copy of the event table with its keys and indexes), or `floor_bare` (one
  /// without them): the floor the push path is measured against (benchmarks only).
  public func rawInsert(
    _ lines: [String], ids: [UUID], patient: UUID, device: UUID, firstSeq: Int64, bare: Bool
  ) async throws {
    let hashes = lines.map { Secrets.hexDigest($0) }
    let now = Date()
    let times = lines.map { _ in now }
    let seqs = (0..<Int64(lines.count)).map { firstSeq + $0 }
    let table = bare ? "floor_bare" : "floor_event"
    let query: PostgresQuery = """
      INSERT INTO \(unescaped: table) (id, event_id, patient_id, stream_type, stream, kind, recorded_at,
        uploaded_by_device, device_seq, line, line_hash, stream_seq)
      SELECT nextval('event_id_seq'), t.id, \(patient), 'diary', 'patient', 'dose-taken', t.at, \(device), t.seq,
        t.line, t.hash, t.seq
      FROM unnest(\(ids)::uuid[], \(times)::timestamptz[], \(seqs)::bigint[], \(lines)::text[], \(hashes)::text[])
        AS t(id, at, seq, line, hash)
      """
    try await client.query(query, logger: logger)
  }

  /// Whether the database answers (the health check), within `timeout` seconds.
  public func ping(timeout: Double = 10) async throws {
    try await withThrowingTaskGroup(of: Bool.self) { group in
      group.addTask {
        try await self.client.query("SELECT 1", logger: self.logger)
        return true
      }
      group.addTask {
        try await Task.sleep(nanoseconds: UInt64(timeout * 1e9))
        return false
      }
      defer { group.cancelAll() }
      guard try await group.next() == true else {
        throw ClinicError.configuration("the database did not answer within \(Int(timeout)) s")
      }
    }
  }

  /// The key access tokens are signed with.
  func signingSecret() async throws -> Data {
    let rows = try await client.query("SELECT secret FROM server_key WHERE id = 1", logger: logger)
    for try await secret in rows.decode(Data.self) { return secret }
    throw ClinicError.configuration("the database has no signing key: run 'tandem-server migrate'")
  }
}
