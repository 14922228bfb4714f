import Foundation
import TandemClinic
import TandemContent
import TandemEvents
import TandemPostgresFixture
import TandemStore
import TandemTherapy
import Testing

@Suite("Clinic: sessions travel with their events", .serialized, .enabled(if: PostgresCluster.shouldRun))
struct SessionSyncTests {
  /// The export lines of a terminal that ran `module` for a step: its session line, then its events.
  static func sessionLines(
    module name: String, sessionID: String, then more: [SessionEvent] = []
  ) throws -> (session: String, events: [String]) {
    let loaded = ContentLoader.load(
      paths: [TestDatabase.content.modules + "/\(name).yaml"], snippetPaths: [TestDatabase.content.content],
      workers: 1)
    let module = try #require(loaded.modules.first, "\(loaded.diagnostics)")
    let store = try SQLiteStore.inMemory()
    let started = Date().addingTimeInterval(-300)
    try store.startSession(
      id: sessionID, module: module.module,
      contentHash: module.contentHash,
      events: [.started(moduleID: module.module.id, version: module.module.version, contentHash: module.contentHash)],
      at: started)
    try store.append([.continued(step: module.module.steps[0].id)] + more, toSession: sessionID, at: started + 30)
    var lines: [String] = []
    try store.exportJournal(exportedAt: Date()) { lines.append($0) }
    let session = try #require(lines.first { $0.contains(#""type":"session""#) })
    return (session, lines.filter { $0.contains(#""type":"event""#) })
  }

  @Test("a session line is stored with its events, comes back with a pull and in the record, and cannot change")
  func sessions() async throws {
    let id = UUID().uuidString.lowercased()
    let run = try Self.sessionLines(module: "present-moment", sessionID: id)
    let other = try Self.sessionLines(module: "paced-breathing", sessionID: id)
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Team")
      let a = try await Fixture.patient(clinic, "P-400", team: ["Dr Team"])
      let b = try await Fixture.device(clinic, of: "P-400")

      await expectClinicError({ $0.isInvalid }, "session events without their session line") {
        try await clinic.push(Fixture.batch(run.events, from: 1), by: a.principal, now: Date())
      }
      var batch = Fixture.batch(run.events, from: 1)
      batch.sessions = [run.session]
      let pushed = try await clinic.push(batch, by: a.principal, now: Date())
      #expect(pushed.added == 2)
      #expect(try await test.count("SELECT count(*) FROM session_line") == 1)

      let page = try await clinic.pull(after: 0, limit: 10, by: b.principal)
      #expect(page.sessions == [run.session])
      #expect(page.events.map(\.line) == run.events)

      let record = try await clinic.record(label: "P-400", by: therapist, now: Date())
      #expect(Array(record.lines.dropFirst()) == [run.session] + run.events, "the session line before its events")

      // The same session with another module under the same id is refused, and stores nothing.
      var changed = Fixture.batch(Fixture.doses(1, device: a.id), from: 3)
      changed.sessions = [other.session]
      await expectClinicError({ $0.isConflict }, "a session id reused for another module") {
        try await clinic.push(changed, by: a.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 2)
      // A retry with the session line again is fine.
      let retry = try await clinic.push(batch, by: a.principal, now: Date())
      #expect(retry.added == 0 && retry.ackedDeviceSeq == 2)
    }
  }

  @Test("a safety stop in a synced session puts the patient first on the panel")
  func safetyStopFirst() async throws {
    let stopped = try Self.sessionLines(
      module: "present-moment", sessionID: UUID().uuidString.lowercased(),
      then: [.safetyStopped(step: "red-flag-check")])
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Panel")
      let calm = try await Fixture.patient(clinic, "P-401", team: ["Dr Panel"])
      let urgent = try await Fixture.patient(clinic, "P-402", team: ["Dr Panel"])
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(1, device: calm.id), from: 1), by: calm.principal, now: Date())
      var batch = Fixture.batch(stopped.events, from: 1)
      batch.sessions = [stopped.session]
      #expect(try await clinic.push(batch, by: urgent.principal, now: Date()).added == 3)
      let rows = try await clinic.panel(by: therapist, now: Date())
      #expect(rows.map(\.label) == ["P-402", "P-401"])
      #expect(rows.first?.reasons.first?.kind == "safety-stop", "\(rows)")
      #expect((rows.first?.priority ?? 0) > (rows.last?.priority ?? 0))
    }
  }
}
