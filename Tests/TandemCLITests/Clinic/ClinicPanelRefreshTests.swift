import Foundation
import TandemPostgresFixture
import Testing

/// `tandem-server serve` renews on its own the panel rows a new day made stale, so the first
/// listing of the day reads kept rows.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicPanelRefreshTests {
  @Test("serve renews a kept panel row from an earlier day every --panel-refresh seconds; 0 seconds is refused")
  func servesRenewsStaleRows() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox, serveOptions: ["--panel-refresh", "1"])
    defer { server.stop() }
    let therapistCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Day"])
    let linkCode = try server.code(["patient", "add", "--label", "P-401", "--team", "Dr Day"])
    let patient = ClinicStoryTests.Person(sandbox: sandbox, credentials: nil)
    let store = ["--store", sandbox.store]
    try patient.ok(
      ["attack", "log", "--start", "2026-01-07 14:00", "--end", "2026-01-07 20:00", "--severity", "6"] + store)
    try patient.ok(["link", server.url, linkCode, "--insecure-loopback"] + store)
    let therapist = ClinicStoryTests.Person(sandbox: sandbox, credentials: sandbox.root + "/day.json")
    try therapist.ok(["clinic", "login", server.url, therapistCode, "--insecure-loopback"])
    let listed = try therapist.ok(["clinic", "patients"])
    #expect(listed.contains("P-401") && !listed.contains("as of"), "\(listed)")

    // The kept row as a row from years ago would be: the server renews it without being asked.
    let cluster = try await PostgresCluster.shared()
    let aged = try await cluster.count(
      "WITH u AS (UPDATE panel_row SET local_day = '2000-01-01 UTC' RETURNING 1) SELECT count(*) FROM u",
      database: server.databaseName)
    #expect(aged == 1)
    try await eventuallyAsync(timeout: 30) {
      try await cluster.count(
        "SELECT count(*) FROM panel_row WHERE local_day NOT LIKE '2000-%'", database: server.databaseName) == 1
    }

    guard let binary = ClinicServer.binary else { return }
    let refused = try Subprocess.run(
      binary,
      [
        "serve", "--listen", "127.0.0.1:0", "--insecure-loopback", "--panel-refresh", "0", "--database",
        server.databaseURL,
      ], environment: sandbox.environment(), scratch: sandbox.root)
    #expect(refused.status != 0 && refused.errors.contains("--panel-refresh must be 1 to 86400 seconds"))
  }
}
