import Testing

@testable import TandemAuthoring
@testable import TandemTherapy

/// Authoring tools follow the session's rules: exclusive options, mistyped commands, one flow rule.
@Suite("authoring: exclusive options, commands and jumps as sessions have them")
struct DailyUseAuthoringTests {
  static let module = Module(
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
      Step(
        id: "skip-note", kind: .text(body: "You chose {{skip}}."),
        when: .not(.compare(step: "skip", op: .includes, value: .word("none"), offset: 0))),
      Step(
        id: "jaw-page", kind: .text(body: "Jaw."),
        when: .compare(step: "skip", op: .includes, value: .word("jaw"), offset: 0)),
      Step(
        id: "go-on",
        kind: .choice(
          question: "Carry on?", multiple: false,
          options: [
            .init(id: "yes", label: "Yes"), .init(id: "later", label: "Later", next: "end"),
            .init(id: "again", label: "Again", next: "skip"), .init(id: "maybe", label: "Maybe", next: "end"),
          ]),
        next: "done"),
      Step(id: "skipped-page", kind: .text(body: "Not shown after go-on.")),
      Step(id: "done", kind: .text(body: "Done.")),
    ])

  @Test("answer classes never combine an exclusive option with another: no patient could give that answer")
  func classesRespectExclusive() throws {
    let step = try #require(Self.module.step("skip"))
    let answers = AnswerClass.classes(of: step, in: Self.module).compactMap(\.answer)
    #expect(answers.contains(.options(["none"])))
    #expect(answers.contains(.options(["jaw", "eyes"])))
    for case .options(let ids) in answers where ids.count > 1 {
      #expect(!ids.contains("none"), "\(ids)")
    }
  }

  @Test("rehearse refuses an exclusive option with others and a mistyped command, and :help changes nothing")
  func rehearsal() {
    let rehearsal = Rehearsal(module: Self.module, answers: ["none,jaw", ":bakc", ":help", "none", "yes", ""])
    #expect(
      rehearsal.turns[0].rejection
        == "'None of them' cannot be combined with other options; choose it on its own, or leave it out.")
    #expect(rehearsal.turns[1].rejection?.hasPrefix("':bakc' is not a command. Commands: :back") == true)
    #expect(rehearsal.turns[2].rejection == nil)
    #expect(rehearsal.turns[2].next == "skip")
    #expect(rehearsal.shownSteps == ["skip", "go-on", "done"])
    #expect(rehearsal.state.answers["skip"] == .options(["none"]))
    #expect(rehearsal.state.status == .completed)
  }

  @Test("preview names each option whose exit differs from the step's, in option order, by the one flow rule")
  func previewJumps() {
    let text = ModulePreview.render(Self.module)
    #expect(
      text.contains(
        "   if later is chosen, then → end\n   if again is chosen, then → step skip\n   if maybe is chosen, then → end\n   otherwise, then → step done"
      ), "\(text)")
    #expect(!text.contains("if yes is chosen"))
    #expect(text.contains("  1) None of them  [none] (on its own only)"))
  }

  @Test("coverage counts an exclusive option alone as taking its branch")
  func coverage() {
    var report = BranchCoverage(module: Self.module)
    for answers in [["none", "later"], ["jaw", "", "", "again", "eyes", "", "maybe"], ["eyes", "", "yes", ""]] {
      report.record(Rehearsal(module: Self.module, answers: answers))
    }
    #expect(report.missed.isEmpty, "\(report.missed)")
  }
}
