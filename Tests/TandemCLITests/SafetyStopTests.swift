import Foundation
import Testing

/// A "yes" on a red-flag screen ends the session for good and says where to get help.
@Suite("Safety screens")
struct SafetyStopTests {
  @Test("yes on a safety step stops the session with its guidance, and it cannot be resumed")
  func yesStopsTheSession() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.safety, id: "e2e-safety")
    let run = try sandbox.run(
      ["session", "start", "e2e-safety"] + sandbox.storeAndModules, input: "\nmaybe\nyes\n\n\n")
    #expect(run.output.contains("Please answer yes or no."))
    #expect(run.output.contains("This session has stopped."))
    #expect(run.output.contains("E2E GUIDANCE: get urgent medical help now."))
    #expect(
      !run.output.contains("988"), "a red-flag stop shows urgent-care guidance only, not the self-harm crisis text")
    #expect(!run.output.contains("harming yourself"))
    #expect(!run.output.contains("This page comes after the safety check."))
    #expect(!run.output.contains("Paused and saved."))

    let session = try sandbox.onlySession()
    #expect(session.status == "safety-stopped")
    #expect(session.step == nil)
    let detail = try sandbox.detail(session.id)
    #expect(detail.answers == [Pair("red-flags", "yes")])
    #expect(detail.kinds.suffix(2) == ["answered", "safety-stopped"])

    let byID = try sandbox.run(
      ["session", "resume", String(session.id.prefix(8))] + sandbox.storeAndModules, input: "\n")
    #expect(byID.status != 0)
    #expect(byID.errors.contains("is safety-stopped and cannot be resumed"), "\(byID.errors)")
    #expect(!byID.output.contains("This page comes after the safety check."))
    let latest = try sandbox.run(["session", "resume"] + sandbox.storeAndModules, input: "\n")
    #expect(latest.status != 0)
    #expect(latest.errors.contains("no unfinished session"), "\(latest.errors)")
    for result in [byID, latest] {
      #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    }
    #expect(try sandbox.detail(session.id).kinds == detail.kinds, "a refused resume records nothing")

    let progress = try sandbox.json(ProgressJSON.self, ["progress", "--store", sandbox.store])
    #expect(progress.safetyStops == 1)
    #expect(progress.sessionsCompleted == 0)
  }

  @Test("a crisis screen (a safety step whose guidance is the crisis resources) keeps the crisis text when it stops")
  func crisisScreenKeepsCrisisText() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(
      """
      id: e2e-crisis
      version: 1
      title: Crisis screen
      approach: check-in
      minutes: 1
      summary: A self-harm screen.
      steps:
        - id: harm
          kind: safety
          question: Over the last two weeks, have you had thoughts that you would be better off dead, or of hurting yourself?
          items:
            - Any such thoughts, even briefly
          guidance: |
            Thank you for telling us. If you are thinking about harming yourself, call or text 988
            (US) or your local emergency number now.
        - id: after
          kind: text
          body: Not shown.

      """, id: "e2e-crisis")
    let run = try sandbox.run(["session", "start", "e2e-crisis"] + sandbox.storeAndModules, input: "yes\n")
    #expect(run.output.contains("This session has stopped."))
    #expect(run.output.contains("988"), "\(run.output)")
    #expect(!run.output.contains("Not shown."))
    #expect(try sandbox.onlySession().status == "safety-stopped")
  }

  @Test("no on a safety step goes on to the next step")
  func noContinues() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.safety, id: "e2e-safety")
    let run = try sandbox.run(["session", "start", "e2e-safety"] + sandbox.storeAndModules, input: "\nno\n\n")
    #expect(run.output.contains("This page comes after the safety check."))
    #expect(try sandbox.onlySession().status == "completed")
  }

  @Test("the shipped red-flag screen in paced-breathing stops the session on yes")
  func shippedRedFlags() throws {
    let sandbox = try Sandbox()
    let run = try sandbox.run(["session", "start", "paced-breathing", "--store", sandbox.store], input: "\ny\n")
    #expect(run.output.contains("This session has stopped."))
    #expect(run.output.contains("urgent"))
    #expect(try sandbox.onlySession().status == "safety-stopped")
  }
}
