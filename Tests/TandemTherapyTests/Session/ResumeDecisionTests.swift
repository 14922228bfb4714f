import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemTherapy

@Suite("Resume: migrate to a new version or finish on the pinned one")
struct ResumeDecisionTests {
  var newer: Module {
    var module = sampleModule
    module.version = 2
    module.migrations = ["feeling": "feeling"]
    return module
  }

  @Test("the same content, or a module no longer loaded, changes nothing")
  func unchanged() {
    #expect(ResumeDecision.decide(module: sampleModule, contentHash: "h", latest: (newer, "h")) == .unchanged)
    #expect(ResumeDecision.decide(module: sampleModule, contentHash: "h", latest: nil) == .unchanged)
  }

  @Test("changed content without a newer version and migration map keeps the version begun")
  func pinned() {
    var edited = sampleModule
    edited.title = "Edited"
    #expect(
      ResumeDecision.decide(module: sampleModule, contentHash: "h", latest: (edited, "h2")) == .pinned(sampleModule))
    var noMap = newer
    noMap.migrations = nil
    #expect(
      ResumeDecision.decide(module: sampleModule, contentHash: "h", latest: (noMap, "h2")) == .pinned(sampleModule))
  }

  @Test("a newer version with a map: the migrated event, applied like any event, moves the session to it")
  func migrates() {
    var h = MachineHarness()
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path.append("screen")
      },
      effects: [
        .record([.continued(step: "intro")]), .show(step: "screen"),
      ])
    let decision = ResumeDecision.decide(module: sampleModule, contentHash: "h", latest: (newer, "h2"))
    guard case .migrate(let event, let module) = decision else {
      Issue.record("expected a migration, got \(decision)")
      return
    }
    #expect(event == .migrated(module: newer, contentHash: "h2", steps: ["feeling": "feeling"]))
    #expect(module == newer)
    var state = h.state
    h.machine.apply(event, to: &state)
    #expect(state == SessionMachine.migrate(h.state, to: newer, steps: ["feeling": "feeling"]))
    #expect(h.machine.replay(h.journal + [event]) == state)
    #expect(decision.module(continuing: sampleModule) == newer)
  }
}
