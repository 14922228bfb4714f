import Foundation
import TandemEvents
import TandemPostgresFixture
import Testing

/// The clinic under faults: a terminal offline for a month, and a server killed in the middle of a push.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicFaultTests {
  /// An export file of `count` doses, one every few minutes over the month before `end`.
  static func diaryFile(_ sandbox: Sandbox, count: Int, end: Date = Date()) throws -> String {
    let device = EventID.make(at: end)
    var lines = [
      #"{"type":"header","format":"tandem-journal","version":1,"device_id":"\#(device)","exported_at":"\#(RFC3339.text(from: end)!)"}"#
    ]
    let step = 30 * 86_400.0 / Double(count)
    for index in 0..<count {
      let at = end.addingTimeInterval(-30 * 86_400 + Double(index) * step)
      let time = RFC3339.text(from: at)!
      lines.append(
        #"{"type":"event","event_id":"\#(EventID.make(at: at))","device_id":"\#(device)","stream_type":"diary","#
          + #""stream":"patient","kind":"dose-taken","recorded_at":"\#(time)","payload":{"schema":1,"#
          + #""medication":"ibuprofen","amount":{"unit":"mg","value":200},"taken_at":"\#(time)"}}"#)
    }
    let path = sandbox.root + "/month.jsonl"
    try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    return path
  }

  static func serverEvents(_ server: ClinicServer) async throws -> Int64 {
    try await PostgresCluster.shared().count("SELECT count(*) FROM event", database: server.databaseName)
  }

  @Test("a terminal offline for a month sends its 2,000 entries in one sync, and its next sync sends nothing")
  func monthOffline() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let store = ["--store", sandbox.store]
    let imported = try sandbox.run(["import", try Self.diaryFile(sandbox, count: 2000)] + store)
    try #require(imported.status == 0, "\(imported.errors)")
    let code = try server.code(["patient", "add", "--label", "P-001"])
    let linked = try sandbox.run(
      ["link", server.url, code, "--insecure-loopback"] + store, environment: ["TANDEM_BACKGROUND_SYNC": "0"])
    #expect(linked.output.contains("Sync done: 2000 sent, 0 received."), "\(linked.errors)")
    #expect(try await Self.serverEvents(server) == 2000)
    let again = try sandbox.run(["sync"] + store)
    #expect(again.output.contains("Sync done: 0 sent, 0 received."))
    #expect(try await Self.serverEvents(server) == 2000)
  }

  @Test(
    "the server killed (SIGKILL) in the middle of a push: the retry after restart duplicates nothing and loses nothing")
  func killedMidPush() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let store = ["--store", sandbox.store]
    // Several pushes of at most 5,000 events: the kill lands while later ones are still to come.
    let total: Int64 = 30000
    let imported = try sandbox.run(["import", try Self.diaryFile(sandbox, count: Int(total))] + store)
    try #require(imported.status == 0, "\(imported.errors)")
    let code = try server.code(["patient", "add", "--label", "P-001"])
    // Link and sync in the background; kill the server once part of the record has arrived.
    let out = try Subprocess.openForWriting(sandbox.root + "/link.out")
    let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
    let linking = try Subprocess(
      try Sandbox.binary(), ["link", server.url, code, "--insecure-loopback"] + store,
      environment: sandbox.environment(["TANDEM_BACKGROUND_SYNC": "0"]), stdin: null, stdout: out, stderr: out)
    close(out)
    close(null)
    var stored: Int64 = 0
    try await eventuallyAsync(timeout: 60) {
      stored = try await Self.serverEvents(server)
      return stored > 0 || !linking.isRunning
    }
    server.crash()
    _ = linking.wait(timeout: 60)
    let before = try await Self.serverEvents(server)
    #expect(before < total, "the push finished before the kill; nothing was tested")
    try server.restart()
    let retried = try sandbox.run(["sync"] + store, timeout: 120)
    #expect(retried.status == 0, "\(retried.errors)")
    #expect(try await Self.serverEvents(server) == total)
    let streamed = try await PostgresCluster.shared().count(
      "SELECT count(DISTINCT stream_seq) FROM event WHERE stream_seq BETWEEN 1 AND \(total)",
      database: server.databaseName)
    #expect(streamed == total)
    #expect(try sandbox.run(["sync", "--status"] + store).output.contains("Nothing waits to be sent."))
  }

  @Test(
    "with --read-database, clinicians read from a streaming replica: a report waits for replay, then equals the primary's and the patient's"
  )
  func readReplica() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox, replica: true)
    defer { server.stop() }
    let standby = try await PostgresCluster.standby()
    let primary = try await PostgresCluster.shared()
    let store = ["--store", sandbox.store]
    let quiet = ["TANDEM_BACKGROUND_SYNC": "0"]
    _ = try sandbox.run(
      ["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", "2026-11-02 09:00"] + store, environment: quiet)
    let code = try server.code(["invite", "--role", "prescriber", "--name", "Dr Rx"])
    let link = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Rx"])
    #expect(try sandbox.run(["link", server.url, link, "--insecure-loopback"] + store, environment: quiet).status == 0)
    let credentials = ["TANDEM_CLINIC_CREDENTIALS": sandbox.root + "/rx.json", "TANDEM_BACKGROUND_SYNC": "0"]
    #expect(
      try sandbox.run(["clinic", "login", server.url, code, "--insecure-loopback"], environment: credentials).status
        == 0)
    // The replica may not have replayed the new database's creation yet: until it answers, it has
    // not caught up (the first reason is printed, once).
    var waited = false
    func caughtUp() async throws -> Bool {
      let sql = "SELECT count(*) FROM event"
      do {
        return try await standby.count(sql, database: server.databaseName)
          == primary.count(sql, database: server.databaseName)
      } catch {
        if !waited { print("replica not ready yet: \(String(reflecting: error))") }
        waited = true
        return false
      }
    }
    try await eventuallyAsync(timeout: 30) { try await caughtUp() }
    let options = [
      "--from", "2026-11-01", "--to", "2026-11-30", "--generated-at", "2026-12-01 09:00", "--format", "json",
    ]

    // Replay paused: a new dose reaches the primary but not the replica the report reads.
    _ = try await standby.count("SELECT count(*) FROM (SELECT pg_wal_replay_pause()) AS paused", database: "postgres")
    _ = try sandbox.run(
      ["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", "2026-11-03 09:00"] + store, environment: quiet)
    #expect(try sandbox.run(["sync"] + store, environment: quiet).output.contains("1 sent"))
    let own = try sandbox.run(["report"] + options + store).output
    let stale = try sandbox.run(["clinic", "report", "P-001"] + options, environment: credentials).output
    #expect(stale != own)
    _ = try await standby.count("SELECT count(*) FROM (SELECT pg_wal_replay_resume()) AS resumed", database: "postgres")
    try await eventuallyAsync(timeout: 30) { try await caughtUp() }
    let fresh = try sandbox.run(["clinic", "report", "P-001"] + options, environment: credentials).output
    #expect(fresh == own)
  }
}

/// Polls an async condition until it holds or `timeout` seconds pass.
func eventuallyAsync(timeout: TimeInterval, _ condition: () async throws -> Bool) async throws {
  let deadline = Date().addingTimeInterval(timeout)
  while Date() < deadline {
    if try await condition() { return }
    try await Task.sleep(nanoseconds: 20_000_000)
  }
  throw SandboxError("the condition did not hold within \(Int(timeout)) s")
}
