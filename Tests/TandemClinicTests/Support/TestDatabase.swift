import Foundation
import TandemClinic
import TandemContent
import TandemEvents
import TandemPostgresFixture

/// A fresh database in the shared cluster for one test.
struct TestDatabase: Sendable {
  /// The package's root folder (it holds `Modules/` and `Content/`), from this file's path.
  static let packageRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }  // this file, Support/, TandemClinicTests/
    return url.deletingLastPathComponent().path  // above Tests/
  }()

  /// The shipped modules, snippets and medication catalogue.
  static var content: ContentHome { ContentHome(root: packageRoot) }

  var cluster: PostgresCluster.Running
  var name: String
  var url: DatabaseURL

  static func make() async throws -> TestDatabase {
    let cluster = try await PostgresCluster.shared()
    let database = try await cluster.makeDatabase()
    return TestDatabase(cluster: cluster, name: database.name, url: try DatabaseURL(database.url))
  }

  /// Runs `sql` returning one bigint.
  func count(_ sql: String) async throws -> Int64 { try await cluster.count(sql, database: name) }

  /// Runs `sql` returning a bigint column.
  func integers(_ sql: String) async throws -> [Int64] { try await cluster.integers(sql, database: name) }

  /// Runs `body` with a migrated database and the clinic service on it.
  static func withClinic<Result: Sendable>(
    _ body: @Sendable (Clinic, TestDatabase) async throws -> Result
  ) async throws -> Result {
    let test = try await make()
    return try await ClinicDatabase.with(test.url) { database in
      _ = try await database.migrate()
      let clinic = try await Clinic.open(database, content: TestDatabase.content)
      return try await body(clinic, test)
    }
  }
}
