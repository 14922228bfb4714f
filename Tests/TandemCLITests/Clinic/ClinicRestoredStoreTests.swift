import Foundation
import TandemPostgresFixture
import Testing

/// A patient's terminal whose store file was restored from an older copy after it had synced.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicRestoredStoreTests {
  @Test(
    "a store restored from an older copy: sync says the device is behind the clinic and to re-link it, not that entries go next time"
  )
  func restoredStoreIsTold() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let code = try server.code(["patient", "add", "--label", "P-001"])
    let store = ["--store", sandbox.store]
    let quiet = ["TANDEM_BACKGROUND_SYNC": "0"]
    func run(_ arguments: [String]) throws -> CommandResult {
      try sandbox.run(arguments + store, environment: quiet)
    }
    try #require(
      try run(["meds", "add", "erenumab", "--dose", "70 mg", "--monthly", "--start", "2026-01-05"]).status == 0)
    try #require(try run(["link", server.url, code, "--insecure-loopback"]).status == 0)
    let copy = sandbox.root + "/old-copy.sqlite"
    try FileManager.default.copyItem(atPath: sandbox.store, toPath: copy)
    try #require(try run(["dose", "take", "erenumab", "--at", "2026-01-05 09:00"]).status == 0)
    try #require(try run(["sync"]).status == 0)
    // The old copy comes back, and a new entry reuses the number the synced dose had.
    try FileManager.default.removeItem(atPath: sandbox.store)
    try? FileManager.default.removeItem(atPath: sandbox.store + "-wal")
    try? FileManager.default.removeItem(atPath: sandbox.store + "-shm")
    try FileManager.default.copyItem(atPath: copy, toPath: sandbox.store)
    try #require(try run(["dose", "take", "erenumab", "--at", "2026-02-05 09:00"]).status == 0)
    for _ in 0..<2 {
      let failed = try run(["sync"])
      #expect(failed.status != 0)
      #expect(failed.errors.contains("behind the clinic"), "\(failed.errors)")
      #expect(failed.errors.contains("tandem link URL CODE"), "\(failed.errors)")
      #expect(!failed.errors.contains("sent next time"), "\(failed.errors)")
    }
  }
}
