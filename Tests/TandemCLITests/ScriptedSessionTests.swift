import Foundation
import Testing

/// Sessions driven through a pipe, one input line per step shown: how tests, demos and
/// automated checks use Tandem.
@Suite("Scripted sessions")
struct ScriptedSessionTests {
  @Test("answers by id and number, :back re-evaluates `when:`, :skip, re-asked scale, pause at end of input, resume")
  func fullScriptedSession() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let startedAt = Date().addingTimeInterval(-2)

    let first = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules,
      input: "\ncalm\n:back\n2\n\n11\n7\n:skip\n")
    #expect(first.status == 0, "\(first.errors)")
    let out = first.output
    // The choice by id leads to the calm page; going back and choosing by number re-evaluates
    // both `when:` conditions, so the tense page follows instead.
    #expect(out.contains("step 1 of about 8"))
    #expect(out.contains("Calm note page."))
    #expect(out.contains("Your earlier answer: Calm"))
    #expect(out.contains("Tense note page."))
    #expect(try order(of: ["Calm note page.", "Your earlier answer: Calm", "Tense note page."], in: out))
    #expect(out.contains("step 3 of about 9\n\nTense note page."))
    // 11 is out of range: refused with the reason, and the same question asked again.
    #expect(out.contains("Please enter a whole number from 0 to 10.\nYour rating (0–10): "))
    // :skip passes the optional prompt; end of input pauses on the timer, saved.
    #expect(out.contains("step 6 of about 9\n\nBreathe slowly."))
    #expect(out.contains("Paused and saved."))
    #expect(out.contains("tandem session resume "))
    #expect(!out.contains("And now?"))

    let paused = try sandbox.onlySession()
    #expect(paused.status == "paused")
    #expect(paused.step == "breathe")
    #expect(paused.moduleID == "e2e-flow")

    let detail = try sandbox.detail(paused.id)
    #expect(detail.answers == [Pair("mood", "Calm"), Pair("mood", "Tense"), Pair("tension-before", "7")])
    #expect(
      detail.kinds == [
        "started", "continued", "answered", "went-back", "answered", "continued", "answered", "skipped", "paused",
      ])
    #expect(detail.events.first { $0.kind == "skipped" }?.step == "worry")
    #expect(detail.events.first { $0.kind == "went-back" }?.step == "mood")
    for event in detail.events {
      let at = try #require(isoDate(event.at), "event time '\(event.at)' is not ISO 8601")
      #expect(at >= startedAt.addingTimeInterval(-1) && at <= Date().addingTimeInterval(2))
    }

    // Resume: straight back on the timer, earlier answers kept (they are interpolated at the end).
    let second = try sandbox.run(["session", "resume"] + sandbox.storeAndModules, input: "\n3\nevening\n\n")
    #expect(second.status == 0, "\(second.errors)")
    let resumed = second.output
    #expect(resumed.contains("Welcome back to End-to-end flow."))
    #expect(!resumed.contains("How tense is your body?"))
    let firstStepShown = try #require(resumed.range(of: "step ")).lowerBound
    #expect(resumed[firstStepShown...].hasPrefix("step 6 of about 9\n\nBreathe slowly."))
    #expect(resumed.contains("Your tension went from 7 to 3; plan: Evening; worry: (no answer)."))
    #expect(resumed.contains("Session complete."))

    let done = try sandbox.onlySession()
    #expect(done.status == "completed")
    #expect(done.step == nil)
    let finalDetail = try sandbox.detail(done.id)
    #expect(
      finalDetail.answers == [
        Pair("mood", "Calm"), Pair("mood", "Tense"), Pair("tension-before", "7"), Pair("tension-after", "3"),
        Pair("plan", "Evening"),
      ])
    #expect(
      Array(finalDetail.kinds.suffix(6)) == ["resumed", "continued", "answered", "answered", "continued", "completed"])

    let progress = try sandbox.json(ProgressJSON.self, ["progress", "--store", sandbox.store])
    #expect(progress.sessionsCompleted == 1)
    #expect(progress.sessionsOpen == 0)
    #expect(progress.modulesCompleted == ["e2e-flow"])
    #expect(progress.ratingChanges == [.init(rating: "tension", moduleID: "e2e-flow", before: 7, after: 3)])
  }

  @Test("progress pairs before/after ratings per completed session and ignores open ones")
  func progressAcrossSessions() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let start = ["session", "start", "e2e-flow"] + sandbox.storeAndModules
    // Completed: 8 → 2, worry answered and timer continued.
    let a = try sandbox.run(start, input: "\ntense\n\n8\nwork\n\n2\nmorning\n\n")
    #expect(a.output.contains("worry: work."))
    #expect(a.output.contains("Session complete."))
    // Completed: 5 → 5.
    let b = try sandbox.run(start, input: "\n1\n\n5\n:skip\n\n5\n2\n\n")
    #expect(b.output.contains("Session complete."))
    // Left open after the before rating: no pair.
    _ = try sandbox.run(start, input: "\n1\n\n9\n")

    let sessions = try sandbox.sessions()
    #expect(sessions.map(\.status) == ["completed", "completed", "paused"])
    let progress = try sandbox.json(ProgressJSON.self, ["progress", "--store", sandbox.store])
    #expect(progress.sessionsCompleted == 2)
    #expect(progress.sessionsOpen == 1)
    #expect(
      progress.ratingChanges == [
        .init(rating: "tension", moduleID: "e2e-flow", before: 8, after: 2),
        .init(rating: "tension", moduleID: "e2e-flow", before: 5, after: 5),
      ])
  }

  @Test("a choice answer that is not an option is re-asked with the reason; :back on the first step is refused")
  func refusedAnswers() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let result = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: ":back\n\n3\nfurious\n\n")
    #expect(result.output.contains("This is the first step."))
    #expect(result.output.contains("'3' is not one of the options; enter a number 1–2 or an option id."))
    #expect(result.output.contains("'furious' is not one of the options"))
    #expect(result.output.contains("Please choose an option."))
    let session = try sandbox.onlySession()
    #expect(session.status == "paused")
    #expect(session.step == "mood")
    #expect(try sandbox.detail(session.id).answers.isEmpty)
  }

  @Test("the :pause line pauses on a timer step in scripted mode, like it does on other steps")
  func pauseLineOnTimerStep() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    // intro, mood=calm, calm-note, tension-before=5, skip worry, then :pause on the timer.
    let result = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n1\n\n5\n:skip\n:pause\n")
    #expect(result.output.contains("Paused and saved."))
    let session = try sandbox.onlySession()
    #expect(session.status == "paused")
    #expect(session.step == "breathe", "':pause' on the timer must not move the session past it")
    #expect(try sandbox.detail(session.id).events.last { $0.step == "breathe" } == nil)
  }

  @Test("the :back line on a timer step in scripted mode goes back instead of finishing the timer")
  func backLineOnTimerStep() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let result = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n1\n\n5\nnothing much\n:back\n")
    #expect(result.output.contains("Your earlier answer: nothing much"))
    let session = try sandbox.onlySession()
    #expect(session.step == "worry", "':back' on the timer must return to the prompt before it")
  }

  @Test("no escape sequences or other control characters reach scripted output from hostile module text or answers")
  func hostileTextIsNeutralised() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.hostile, id: "e2e-hostile")
    let patientText = "\u{1B}[31mevil\u{1B}]0;title\u{07}\u{9B}2J"
    let run = try sandbox.run(
      ["session", "start", "e2e-hostile"] + sandbox.storeAndModules, input: "\n1\n5\n\(patientText)\n\n\n")
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.contains("Session complete."))
    // The text is shown, made visible rather than interpreted.
    #expect(run.output.contains("Hostile \\u{1b}[31mred\\u{1b}[0m title"))
    #expect(run.output.contains("You wrote \\u{1b}[31mevil"))
    expectNoControlCharacters(run, "session start")

    let id = try sandbox.onlySession().id
    let followUps: [(String, [String], String)] = [
      ("session show", ["session", "show", id, "--store", sandbox.store], ""),
      ("session list", ["session", "list", "--store", sandbox.store], ""),
      ("modules", ["modules"] + sandbox.storeAndModules, ""),
      ("progress", ["progress", "--store", sandbox.store], ""),
      ("home screen", sandbox.storeAndModules, "q\n"),
      ("validate", ["validate", sandbox.modules], ""),
    ]
    for (name, arguments, input) in followUps {
      let result = try sandbox.run(arguments, input: input)
      expectNoControlCharacters(result, name)
    }
  }

  /// Whether `needles` occur in `text` in this order.
  private func order(of needles: [String], in text: String) throws -> Bool {
    var from = text.startIndex
    for needle in needles {
      guard let range = text.range(of: needle, range: from..<text.endIndex) else { return false }
      from = range.upperBound
    }
    return true
  }
}

/// Fails for any C0 control other than newline and tab, DEL, or C1 control in either stream.
func expectNoControlCharacters(
  _ result: CommandResult, _ name: String, sourceLocation: SourceLocation = #_sourceLocation
) {
  for (stream, data) in [("stdout", result.stdout), ("stderr", result.stderr)] {
    #expect(!data.contains(0x1B), "\(name): ESC on \(stream)", sourceLocation: sourceLocation)
    let text = String(decoding: data, as: UTF8.self)
    let bad = text.unicodeScalars.filter { scalar in
      (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || (0x7F...0x9F).contains(scalar.value)
    }
    #expect(
      bad.isEmpty, "\(name): control characters on \(stream): \(bad.map { String($0.value, radix: 16) })",
      sourceLocation: sourceLocation)
  }
}
