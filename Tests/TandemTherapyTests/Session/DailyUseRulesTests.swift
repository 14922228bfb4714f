import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemTherapy

/// The session rules patients meet every day: exclusive options, mistyped commands, timers
/// ended early.
@Suite("Session machine: exclusive options, commands, timers ended early")
struct DailyUseRulesTests {
  static let areas = Module(
    id: "areas", version: 1, title: "Areas", approach: .relaxation, minutes: 1, summary: "s",
    steps: [
      Step(
        id: "skip",
        kind: .choice(
          question: "Anything to skip?", multiple: true,
          options: [
            .init(id: "none", label: "None of them", exclusive: true), .init(id: "jaw", label: "Jaw"),
            .init(id: "eyes", label: "Eyes"),
          ])),
      Step(id: "breathe", kind: .timer(body: "Breathe.", seconds: 60, phases: [])),
      Step(id: "done", kind: .text(body: "Done.")),
    ])

  @Test("an exclusive option cannot be combined with others: refused, nothing recorded; alone or left out it is fine")
  func exclusiveOption() {
    var h = MachineHarness(module: Self.areas)
    let refusal = "'None of them' cannot be combined with other options; choose it on its own, or leave it out."
    h.send(.answerSubmitted("none,jaw"), { $0.rejection = refusal }, effects: [.reask(reason: refusal)])
    h.send(.answerSubmitted("1 3"), { $0.rejection = refusal }, effects: [.reask(reason: refusal)])
    h.send(
      .answerSubmitted("jaw,eyes"),
      {
        $0.rejection = nil
        $0.answers["skip"] = .options(["jaw", "eyes"])
        $0.current = "breathe"
        $0.path = ["skip", "breathe"]
      },
      effects: [
        .record([.answered(step: "skip", answer: .options(["jaw", "eyes"]))]), .show(step: "breathe"),
        .startTimer(step: "breathe", seconds: 60),
      ])
    h.send(
      .backRequested,
      {
        $0.current = "skip"; $0.path = ["skip"]
      },
      effects: [.record([.wentBack(to: "skip")]), .show(step: "skip")])
    h.send(
      .answerSubmitted("none"),
      {
        $0.answers["skip"] = .options(["none"])
        $0.current = "breathe"
        $0.path = ["skip", "breathe"]
      },
      effects: [
        .record([.answered(step: "skip", answer: .options(["none"]))]), .show(step: "breathe"),
        .startTimer(step: "breathe", seconds: 60),
      ])
  }

  @Test("the parser says which option stands alone, in the session's language")
  func exclusiveWording() throws {
    let step = try #require(Self.areas.step("skip"))
    #expect(
      AnswerParser.parse("none, eyes", for: step, language: "es")
        == .failure(AnswerRejection("«None of them» no se puede combinar con otras opciones; elígela sola o quítala.")))
    #expect(AnswerParser.parse("none", for: step) == .success(.options(["none"])))
    // The same option twice is still one option.
    #expect(AnswerParser.parse("none,1", for: step) == .success(.options(["none"])))
  }

  @Test("a line that starts with ':' but is no command is refused with the list of commands, never kept as an answer")
  func mistypedCommand() {
    var h = MachineHarness(module: Self.areas)
    let refusal = SessionMessages(language: nil).unknownCommand(":bakc")
    #expect(refusal.hasPrefix("':bakc' is not a command. Commands: :back (previous step)"))
    h.send(.answerSubmitted(":bakc"), { $0.rejection = refusal }, effects: [.reask(reason: refusal)])
    let foo = SessionMessages(language: nil).unknownCommand(":foo")
    h.send(.answerSubmitted("  :foo "), { $0.rejection = foo }, effects: [.reask(reason: foo)])
    #expect(h.journal.count == 1, "only the start is recorded")
    #expect(h.state.answers.isEmpty)
  }

  @Test("a timer ended early records how long it ran, counted as practice; never more than its length")
  func timerStoppedEarly() {
    var h = MachineHarness(module: Self.areas)
    h.send(
      .answerSubmitted("jaw"),
      {
        $0.answers["skip"] = .options(["jaw"])
        $0.current = "breathe"
        $0.path = ["skip", "breathe"]
      },
      effects: [
        .record([.answered(step: "skip", answer: .options(["jaw"]))]), .show(step: "breathe"),
        .startTimer(step: "breathe", seconds: 60),
      ])
    h.send(
      .timerStoppedEarly(afterSeconds: 42),
      {
        $0.practisedSeconds = 42
        $0.current = "done"
        $0.path = ["skip", "breathe", "done"]
      },
      effects: [.record([.continued(step: "breathe", ranSeconds: 42)]), .show(step: "done")])
    h.send(
      .backRequested,
      {
        $0.current = "breathe"; $0.path = ["skip", "breathe"]
      },
      effects: [
        .record([.wentBack(to: "breathe")]), .show(step: "breathe"), .startTimer(step: "breathe", seconds: 60),
      ])
    // A clock that ran past the end still records the timer's own length.
    h.send(
      .timerStoppedEarly(afterSeconds: 75),
      {
        $0.practisedSeconds = 102
        $0.current = "done"
        $0.path = ["skip", "breathe", "done"]
      },
      effects: [.record([.continued(step: "breathe", ranSeconds: 60)]), .show(step: "done")])
    let refusal = SessionMessages(language: nil).noTimer
    h.send(.timerStoppedEarly(afterSeconds: 5), { $0.rejection = refusal }, effects: [.reask(reason: refusal)])
  }

  @Test("a session recorded before ended-early timers kept their time replays with nothing practised for them")
  func oldContinuedEvents() {
    let machine = SessionMachine(module: Self.areas)
    let state = machine.replay([
      .started(moduleID: "areas", version: 1, contentHash: "h"), .answered(step: "skip", answer: .options(["jaw"])),
      .continued(step: "breathe"),
    ])
    #expect(state.practisedSeconds == 0)
    #expect(state.current == "done")
  }
}

@Suite("Session commands")
struct SessionCommandTests {
  @Test("commands and their short forms; anything else starting with ':' is unknown; other lines are answers")
  func parse() {
    #expect(SessionCommand.parse(":back") == .back)
    #expect(SessionCommand.parse(" :B ") == .back)
    #expect(SessionCommand.parse(":q") == .pause)
    #expect(SessionCommand.parse(":abandon") == .abandon)
    #expect(SessionCommand.parse(":help-now") == .crisis)
    #expect(SessionCommand.parse(":?") == .help)
    #expect(SessionCommand.parse(":bakc") == .unknown(":bakc"))
    #expect(SessionCommand.parse(":") == .unknown(":"))
    #expect(SessionCommand.parse("back") == nil)
    #expect(SessionCommand.parse("a: b") == nil)
    #expect(SessionCommand.back.action == .backRequested)
    #expect(SessionCommand.crisis.action == nil)
  }

  @Test("a command typed after an earlier answer shown ready to edit is the command; an edit stays an answer")
  func typedAfterPrefill() {
    #expect(SessionCommand.typedAfter(prefill: "calm morning", in: "calm morning:back") == .back)
    #expect(SessionCommand.typedAfter(prefill: "calm morning", in: "calm morning :skip") == .skip)
    #expect(SessionCommand.typedAfter(prefill: "calm morning", in: "calm morning:bakc") == .unknown(":bakc"))
    #expect(SessionCommand.typedAfter(prefill: "at 9", in: "at 9:30") == nil)
    #expect(SessionCommand.typedAfter(prefill: "calm", in: "calm: fine") == nil)
    #expect(SessionCommand.typedAfter(prefill: "calm", in: "very calm:back") == nil)
    #expect(SessionCommand.typedAfter(prefill: "", in: ":back") == nil)
  }
}
