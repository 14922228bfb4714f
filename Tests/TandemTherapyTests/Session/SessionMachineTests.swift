import CustomDump
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemTherapy

/// Runs an action and checks the complete resulting state and effects, like an exhaustive test store.
struct MachineHarness {
  let machine: SessionMachine
  var state: SessionState
  var journal: [SessionEvent] = []

  init(module: Module = sampleModule) {
    machine = SessionMachine(module: module)
    let (state, effects) = machine.start(moduleHash: "h")
    self.state = state
    journal += Self.recorded(effects)
  }

  /// The events `effects` commit, diary-logging or not.
  static func recorded(_ effects: [SessionEffect]) -> [SessionEvent] {
    effects.flatMap { effect -> [SessionEvent] in
      switch effect {
      case .record(let events), .recordAndLogDiary(let events, _, _): events
      default: []
      }
    }
  }

  mutating func send(
    _ action: SessionAction, sourceLocation: Testing.SourceLocation = #_sourceLocation,
    _ expect: (inout SessionState) -> Void, effects expected: [SessionEffect]
  ) {
    var expectedState = state
    expect(&expectedState)
    let effects = machine.reduce(&state, action)
    Self.expectSame(expected, effects, "effects of \(action)", sourceLocation)
    Self.expectSame(expectedState, state, "state after \(action)", sourceLocation)
    journal += Self.recorded(effects)
    // The journal alone must rebuild the live state.
    var replayed = machine.replay(journal)
    replayed.rejection = state.rejection
    Self.expectSame(state, replayed, "state replayed from the journal", sourceLocation)
  }

  /// Records an issue showing only what differs (− expected, + actual), as an exhaustive
  /// store's failure does, rather than two whole states side by side.
  static func expectSame<Value: Equatable>(
    _ expected: Value, _ actual: Value, _ what: String, _ sourceLocation: Testing.SourceLocation
  ) {
    guard expected != actual else { return }
    let difference = diff(expected, actual) ?? "\(expected)\n\(actual)"
    Issue.record("\(what) differ (− expected, + actual):\n\(difference)", sourceLocation: sourceLocation)
  }
}

@Suite("Session machine")
struct SessionMachineTests {
  @Test("starting shows the first step and records the pinned module's version and hash")
  func start() {
    let machine = SessionMachine(module: sampleModule)
    let (state, effects) = machine.start(moduleHash: "abc")
    #expect(effects == [.record([.started(moduleID: "sample", version: 1, contentHash: "abc")]), .show(step: "intro")])
    #expect(state.status == .active)
    #expect(state.current == "intro")
    #expect(state.path == ["intro"])
  }

  @Test("a full run follows conditions, timers, skips and ends completed")
  func fullRun() {
    var h = MachineHarness()
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path = ["intro", "screen"]
      },
      effects: [.record([.continued(step: "intro")]), .show(step: "screen")])
    h.send(
      .answerSubmitted("no"),
      {
        $0.answers["screen"] = .safety(flagged: false); $0.current = "tension-before"; $0.path.append("tension-before")
      },
      effects: [.record([.answered(step: "screen", answer: .safety(flagged: false))]), .show(step: "tension-before")])
    h.send(
      .answerSubmitted("8"),
      {
        $0.answers["tension-before"] = .number(8); $0.current = "feeling"; $0.path.append("feeling")
      }, effects: [.record([.answered(step: "tension-before", answer: .number(8))]), .show(step: "feeling")])
    h.send(
      .answerSubmitted("2"),
      {
        $0.answers["feeling"] = .options(["tense"]); $0.current = "high"; $0.path.append("high")
      }, effects: [.record([.answered(step: "feeling", answer: .options(["tense"]))]), .show(step: "high")])
    h.send(
      .continuePressed,
      {
        $0.current = "breathe"; $0.path.append("breathe")
      },
      effects: [.record([.continued(step: "high")]), .show(step: "breathe"), .startTimer(step: "breathe", seconds: 60)])
    h.send(
      .timerFinished,
      {
        $0.current = "note"; $0.path.append("note"); $0.practisedSeconds = 60
      },
      effects: [.record([.timerFinished(step: "breathe", seconds: 60)]), .show(step: "note")])
    h.send(
      .skipRequested,
      {
        $0.current = "tension-after"; $0.path.append("tension-after")
      },
      effects: [.record([.skipped(step: "note")]), .show(step: "tension-after")])
    h.send(
      .answerSubmitted("4"),
      {
        $0.answers["tension-after"] = .number(4); $0.current = "wrap-up"; $0.path.append("wrap-up")
      }, effects: [.record([.answered(step: "tension-after", answer: .number(4))]), .show(step: "wrap-up")])
    h.send(
      .continuePressed,
      {
        $0.current = nil; $0.status = .completed
      },
      effects: [.record([.continued(step: "wrap-up"), .completed]), .leave(.completed)])
    h.send(.continuePressed, { _ in }, effects: [.leave(.completed)])
  }

  @Test("an option's next: jumps, and a false condition passes a step over")
  func optionJumpAndCondition() {
    var h = MachineHarness()
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path.append("screen")
      }, effects: [.record([.continued(step: "intro")]), .show(step: "screen")])
    h.send(
      .answerSubmitted("n"),
      {
        $0.answers["screen"] = .safety(flagged: false); $0.current = "tension-before"; $0.path.append("tension-before")
      },
      effects: [.record([.answered(step: "screen", answer: .safety(flagged: false))]), .show(step: "tension-before")])
    h.send(
      .answerSubmitted("3"),
      {
        $0.answers["tension-before"] = .number(3); $0.current = "feeling"; $0.path.append("feeling")
      },
      effects: [.record([.answered(step: "tension-before", answer: .number(3))]), .show(step: "feeling")])
    h.send(
      .answerSubmitted("calm"),
      {
        $0.answers["feeling"] = .options(["calm"]); $0.current = "wrap-up"; $0.path.append("wrap-up")
      },
      effects: [.record([.answered(step: "feeling", answer: .options(["calm"]))]), .show(step: "wrap-up")])
  }

  @Test("back returns to the previous step with its answer kept, and a changed answer re-routes")
  func backAndChange() {
    var h = MachineHarness()
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path.append("screen")
      }, effects: [.record([.continued(step: "intro")]), .show(step: "screen")])
    h.send(
      .answerSubmitted("no"),
      {
        $0.answers["screen"] = .safety(flagged: false); $0.current = "tension-before"; $0.path.append("tension-before")
      },
      effects: [.record([.answered(step: "screen", answer: .safety(flagged: false))]), .show(step: "tension-before")])
    h.send(
      .answerSubmitted("9"),
      {
        $0.answers["tension-before"] = .number(9); $0.current = "feeling"; $0.path.append("feeling")
      },
      effects: [.record([.answered(step: "tension-before", answer: .number(9))]), .show(step: "feeling")])
    h.send(
      .backRequested,
      {
        $0.current = "tension-before"; $0.path.removeLast()
      },
      effects: [.record([.wentBack(to: "tension-before")]), .show(step: "tension-before")])
    #expect(h.state.answers["tension-before"] == .number(9))
    h.send(
      .answerSubmitted("2"),
      {
        $0.answers["tension-before"] = .number(2); $0.current = "feeling"; $0.path.append("feeling")
      },
      effects: [.record([.answered(step: "tension-before", answer: .number(2))]), .show(step: "feeling")])
    // With tension 2 the "high" step's condition is false, so "tense" goes straight to the timer.
    h.send(
      .answerSubmitted("tense"),
      {
        $0.answers["feeling"] = .options(["tense"]); $0.current = "breathe"; $0.path.append("breathe")
      },
      effects: [
        .record([.answered(step: "feeling", answer: .options(["tense"]))]), .show(step: "breathe"),
        .startTimer(step: "breathe", seconds: 60),
      ])
  }

  @Test("back on the first step is refused with a reason and records nothing")
  func backAtStart() {
    var h = MachineHarness()
    h.send(
      .backRequested, { $0.rejection = "This is the first step." }, effects: [.reask(reason: "This is the first step.")]
    )
  }

  @Test("bad answers are re-asked with the reason and never recorded")
  func badAnswers() {
    var h = MachineHarness()
    h.send(
      .answerSubmitted("hello"), { $0.rejection = "This step needs no answer; press Enter to continue." },
      effects: [.reask(reason: "This step needs no answer; press Enter to continue.")])
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path.append("screen"); $0.rejection = nil
      }, effects: [.record([.continued(step: "intro")]), .show(step: "screen")])
    h.send(
      .answerSubmitted("maybe"), { $0.rejection = "Please answer yes or no." },
      effects: [.reask(reason: "Please answer yes or no.")])
    h.send(
      .skipRequested, { $0.rejection = "This step can't be skipped." },
      effects: [.reask(reason: "This step can't be skipped.")])
    h.send(
      .continuePressed, { $0.rejection = "Please answer to go on." },
      effects: [.reask(reason: "Please answer to go on.")])
    h.send(
      .timerFinished, { $0.rejection = "There is no timer on this step." },
      effects: [.reask(reason: "There is no timer on this step.")])
    #expect(h.journal.count == 2)
  }

  @Test("a yes on a safety screen stops the session for good")
  func safetyStop() {
    var h = MachineHarness()
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path.append("screen")
      }, effects: [.record([.continued(step: "intro")]), .show(step: "screen")])
    h.send(
      .answerSubmitted("YES"),
      {
        $0.answers["screen"] = .safety(flagged: true); $0.status = .safetyStopped
      },
      effects: [
        .record([.answered(step: "screen", answer: .safety(flagged: true)), .safetyStopped(step: "screen")]),
        .leave(.safetyStopped),
      ])
    h.send(.resumeRequested, { _ in }, effects: [.leave(.safetyStopped)])
    h.send(.answerSubmitted("no"), { _ in }, effects: [.leave(.safetyStopped)])
  }

  @Test("pause refuses other actions until resume, which shows the same step")
  func pauseResume() {
    var h = MachineHarness()
    h.send(.pauseRequested, { $0.status = .paused }, effects: [.record([.paused]), .leave(.paused)])
    h.send(
      .continuePressed, { $0.rejection = "The session is paused; resume it to go on." },
      effects: [.reask(reason: "The session is paused; resume it to go on.")])
    h.send(
      .resumeRequested,
      {
        $0.status = .active; $0.rejection = nil
      }, effects: [.record([.resumed]), .show(step: "intro")])
  }

  @Test("abandon ends the session from active or paused")
  func abandon() {
    var h = MachineHarness()
    h.send(.pauseRequested, { $0.status = .paused }, effects: [.record([.paused]), .leave(.paused)])
    h.send(.abandonRequested, { $0.status = .abandoned }, effects: [.record([.abandoned]), .leave(.abandoned)])
    var other = MachineHarness()
    other.send(.abandonRequested, { $0.status = .abandoned }, effects: [.record([.abandoned]), .leave(.abandoned)])
  }

  @Test("progress counts the path so far and the likely rest")
  func progress() {
    var h = MachineHarness()
    #expect(h.machine.progress(of: h.state) == SessionProgress(position: 1, estimatedTotal: 8))
    h.send(
      .continuePressed,
      {
        $0.current = "screen"; $0.path.append("screen")
      }, effects: [.record([.continued(step: "intro")]), .show(step: "screen")])
    h.send(
      .answerSubmitted("no"),
      {
        $0.answers["screen"] = .safety(flagged: false); $0.current = "tension-before"; $0.path.append("tension-before")
      },
      effects: [.record([.answered(step: "screen", answer: .safety(flagged: false))]), .show(step: "tension-before")])
    h.send(
      .answerSubmitted("9"),
      {
        $0.answers["tension-before"] = .number(9); $0.current = "feeling"; $0.path.append("feeling")
      },
      effects: [.record([.answered(step: "tension-before", answer: .number(9))]), .show(step: "feeling")])
    // High tension makes the "high" step likely: 9 steps in all.
    #expect(h.machine.progress(of: h.state) == SessionProgress(position: 4, estimatedTotal: 9))
    h.send(
      .answerSubmitted("calm"),
      {
        $0.answers["feeling"] = .options(["calm"]); $0.current = "wrap-up"; $0.path.append("wrap-up")
      },
      effects: [.record([.answered(step: "feeling", answer: .options(["calm"]))]), .show(step: "wrap-up")])
    #expect(h.machine.progress(of: h.state) == SessionProgress(position: 5, estimatedTotal: 5))
  }

  @Test("a module whose every step is conditional and false completes at once")
  func emptyPath() {
    let module = Module(
      id: "m", version: 1, title: "M", approach: .act, minutes: 1, summary: "",
      steps: [Step(id: "a", kind: .text(body: "x"), when: .answered(step: "zzz", offset: 0))])
    let (state, effects) = SessionMachine(module: module).start(moduleHash: "h")
    #expect(state.status == .completed)
    #expect(
      effects == [.record([.started(moduleID: "m", version: 1, contentHash: "h"), .completed]), .leave(.completed)])
  }
}
