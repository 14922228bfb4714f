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
  /// know).
  public func migrate() async throws -> [String] {
    try await client.query(
      "CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
      logger: logger)
    var applied: [String] = []
    for migration in ClinicMigrations.all {
      let ran = try await transaction { connection -> Bool in
        // One migrating server at a time.
        try await connection.query("SELECT pg_advisory_xact_lock(7243)", logger: logger)
        let done = try await connection.query(
          "SELECT 1 FROM schema_migration WHERE name = \(migration.name)", logger: logger)
        for try await _ in done { return false }
        for statement in migration.sql {
          try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
        }
        try await connection.query("INSERT INTO schema_migration (name) VALUES (\(migration.name))", logger: logger)
        return true
      }
      if ran { applied.append(migration.name) }
    }
    // The key that signs access tokens, made once.
    var secret = [UInt8](repeating: 0, count: 32)
    var random = SystemRandomNumberGenerator()
    for index in secret.indices { secret[index] = random.next() }
    try await client.query(
      "INSERT INTO server_key (id, secret) VALUES (1, \(Data(secret))) ON CONFLICT (id) DO NOTHING", logger: logger)
    try await checkMigrated()
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

  /// The key access tokens are signed with.
  func signingSecret() async throws -> Data {
    let rows = try await client.query("SELECT secret FROM server_key WHERE id = 1", logger: logger)
    for try await secret in rows.decode(Data.self) { return secret }
    throw ClinicError.configuration("the database has no signing key: run 'tandem-server migrate'")
  }
}
