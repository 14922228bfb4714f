import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemTherapy

@Suite("Session machine: diary writes of dose-check and attack-check steps are effects")
struct DiaryHookEffectTests {
  static let module = Module(
    id: "daily-check", version: 1, title: "Daily check", approach: .relaxation, minutes: 2, summary: "A check.",
    steps: [
      Step(
        id: "doses",
        kind: .choice(
          question: "Your doses?", multiple: false,
          options: Step.DiaryHook.doseCheckOptions.map { Step.Option(id: $0, label: $0) }),
        diaryHook: .doseCheck),
      Step(id: "pain", kind: .scale(question: "Pain?", min: 0, max: 10, anchors: []), diaryHook: .attackCheck),
      Step(id: "bye", kind: .text(body: "Bye.")),
    ])

  @Test("a hooked answer is committed with its diary write; other events are recorded alone")
  func hookedAnswersLog() {
    var h = MachineHarness(module: Self.module)
    h.send(
      .answerSubmitted("taken"),
      {
        $0.answers["doses"] = .options(["taken"]); $0.current = "pain"; $0.path.append("pain")
      },
      effects: [
        .recordAndLogDiary(
          [.answered(step: "doses", answer: .options(["taken"]))], hook: .doseCheck, answer: .options(["taken"])),
        .show(step: "pain"),
      ])
    h.send(
      .answerSubmitted("4"),
      {
        $0.answers["pain"] = .number(4); $0.current = "bye"; $0.path.append("bye")
      },
      effects: [
        .recordAndLogDiary([.answered(step: "pain", answer: .number(4))], hook: .attackCheck, answer: .number(4)),
        .show(step: "bye"),
      ])
    h.send(
      .continuePressed,
      {
        $0.current = nil; $0.status = .completed
      },
      effects: [.record([.continued(step: "bye"), .completed]), .leave(.completed)])
  }

  @Test("a refused answer to a hooked step logs nothing")
  func refusedLogsNothing() {
    let h = MachineHarness(module: Self.module)
    var state = h.state
    let effects = h.machine.reduce(&state, .answerSubmitted("maybe"))
    #expect(effects.count == 1)
    #expect(effects.allSatisfy { if case .reask = $0 { true } else { false } })
    #expect(state.answers.isEmpty)
  }
}
