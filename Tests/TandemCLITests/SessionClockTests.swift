import Foundation
import Testing

/// `TANDEM_NOW` fixes "now" for the whole program: a guided session's events and the diary
/// entries it writes carry that moment, as diary commands already did.
@Suite("TANDEM_NOW in sessions")
struct SessionClockTests {
  @Test("a session run with TANDEM_NOW records its start, answers and diary writes at that time")
  func sessionRecordsFixedNow() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(
      """
      id: clocked
      version: 1
      title: Clocked
      approach: check-in
      minutes: 1
      summary: A check that logs a headache.
      steps:
        - id: pain
          kind: attack-check
        - id: note
          kind: prompt
          question: Anything else?
        - id: bye
          kind: text
          body: Bye.
      """, id: "clocked")
    let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]
    let fixed = try #require(isoDate("2026-03-21T09:00:00Z"))
    let run = try sandbox.run(
      ["session", "start", "clocked"] + sandbox.storeAndModules, input: "4\nnothing\n\n", environment: now)
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.contains("Logged: a headache starting now, severity 4/10."), "\(run.output)")

    let session = try sandbox.onlySession()
    #expect(session.status == "completed")
    #expect(isoDate(session.startedAt) == fixed)
    let detail = try sandbox.detail(session.id)
    #expect(detail.kinds.contains("answered"))
    for event in detail.events {
      #expect(isoDate(event.at) == fixed, "\(event.kind) recorded at \(event.at)")
    }
    let attacks = try sandbox.run(["attack", "list", "--format", "json", "--store", sandbox.store], environment: now)
    #expect(attacks.status == 0, "\(attacks.errors)")
    #expect(attacks.output.contains("2026-03-21T09:00:00Z"), "\(attacks.output)")
  }

  @Test("a TANDEM_NOW that cannot be read stops a session before anything is recorded, naming the variable")
  func unreadableNowStopsSession() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.timer, id: "e2e-timer")
    let run = try sandbox.run(
      ["session", "start", "e2e-timer"] + sandbox.storeAndModules, input: "\n\n",
      environment: ["TANDEM_NOW": "not a time", "TZ": "UTC"])
    #expect(run.status != 0)
    #expect(run.errors.contains("TANDEM_NOW:"), "\(run.errors)")
    #expect(try sandbox.sessions().isEmpty)
  }

  @Test("TANDEM_WORKERS=1 loads and checks modules on one thread with the same findings")
  func workersFromTheEnvironment() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    try sandbox.writeModule(TestModules.timer, id: "e2e-timer")
    let parallel = try sandbox.run(["validate", "--modules", sandbox.modules])
    let single = try sandbox.run(["validate", "--modules", sandbox.modules], environment: ["TANDEM_WORKERS": "1"])
    #expect(single.status == parallel.status)
    #expect(single.output == parallel.output)
    #expect(single.errors == parallel.errors)
  }
}
