import Testing

@testable import TandemAuthoring
@testable import TandemTherapy

/// A module with a scale split by a condition, an option jump, an optional prompt and interpolation.
let authoringModule = Module(
  id: "draft", version: 2, title: "Draft", approach: .act, minutes: 5, summary: "For authoring tests.",
  steps: [
    Step(id: "intro", title: "Hello", kind: .text(body: "Welcome.")),
    Step(
      id: "distress",
      kind: .scale(
        question: "How low do you feel?", min: 0, max: 10,
        anchors: [.init(value: 0, label: "fine"), .init(value: 10, label: "awful")])),
    Step(
      id: "crisis", kind: .text(body: "Call or text 988, or your emergency number."),
      when: .compare(step: "distress", op: .greaterOrEqual, value: .number(8), offset: 0)),
    Step(
      id: "go-on",
      kind: .choice(
        question: "Carry on?", multiple: false,
        options: [.init(id: "yes", label: "Yes"), .init(id: "stop", label: "Stop here", next: "end")])),
    Step(id: "worry", kind: .prompt(question: "What is on your mind?", minLength: 1, maxLength: 100), optional: true),
    Step(id: "breathe", kind: .timer(body: "Breathe.", seconds: 60, phases: [])),
    Step(id: "closing", kind: .text(body: "You said {{worry}} and rated {{distress}}.")),
  ])

@Suite("authoring: flow, paths and preview")
struct FlowAnalysisTests {
  @Test("a scale is split where a condition splits it; options with jumps and skips are their own classes")
  func answerClasses() throws {
    let scale = try #require(authoringModule.step("distress"))
    #expect(AnswerClass.classes(of: scale, in: authoringModule).map(\.summary) == ["0–7", "8–10"])
    let choice = try #require(authoringModule.step("go-on"))
    #expect(AnswerClass.classes(of: choice, in: authoringModule).map(\.summary) == ["= stop", "= yes"])
    let prompt = try #require(authoringModule.step("worry"))
    #expect(AnswerClass.classes(of: prompt, in: authoringModule).map(\.summary) == ["any text", "skipped"])
  }

  @Test("paths: every distinct route, shortest and longest with minutes, nothing unreached")
  func paths() throws {
    let analysis = PathAnalysis(module: authoringModule)
    // distress (2) × go-on (stop, yes); answering or skipping 'worry' shows the same steps.
    #expect(analysis.paths.count == 4)
    #expect(!analysis.isCapped)
    #expect(analysis.unreachedSteps.isEmpty)
    let shortest = try #require(analysis.shortest)
    #expect(shortest.steps == ["intro", "distress", "go-on"])
    #expect(shortest.choices == ["distress 0–7", "go-on = stop"])
    let longest = try #require(analysis.longest)
    #expect(longest.steps == ["intro", "distress", "crisis", "go-on", "worry", "breathe", "closing"])
    #expect(longest.seconds >= 60 + StepTiming.typeSeconds)
    let capped = PathAnalysis(module: authoringModule, maxPaths: 2)
    #expect(capped.isCapped && capped.paths.count == 2)
    #expect(PathReport.render(capped, module: authoringModule).contains("capped at 2; there are more"))
  }

  @Test("a step behind a jump is reported as unreached, and a loop as a path that never ends")
  func unreachedAndLoops() {
    var module = authoringModule
    module.steps[0].next = "go-on"
    var analysis = PathAnalysis(module: module)
    #expect(analysis.unreachedSteps == ["distress", "crisis"])
    module = authoringModule
    module.steps[6].next = "worry"
    analysis = PathAnalysis(module: module)
    #expect(analysis.loopingPaths.contains { $0.ending == .loops(to: "worry") })
    #expect(analysis.stepsThatNeverEnd.contains("closing"))
  }

  @Test("graph edges carry option choices and conditions; contradictory edges are left out")
  func edges() {
    let labels = FlowEdges(module: authoringModule).edges.map { edge in
      "\(edge.from.map { authoringModule.steps[$0].id } ?? "start")>\(edge.to.map { authoringModule.steps[$0].id } ?? "end"):\(edge.label)"
    }
    #expect(labels.contains("distress>crisis:if distress >= 8"))
    #expect(labels.contains("distress>go-on:if not (distress >= 8)"))
    #expect(labels.contains("go-on>end:chose stop"))
    #expect(labels.contains("crisis>go-on:"))
    let dot = GraphRenderer.render(authoringModule, format: .dot)
    #expect(dot.contains("\"go-on\" -> __end [label=\"chose stop\", style=bold];"))
    let mermaid = GraphRenderer.render(authoringModule, format: .mermaid)
    #expect(mermaid.contains("s3 ==>|\"chose stop\"| finish"))
  }

  @Test("preview writes conditions and jumps in words")
  func preview() {
    let text = ModulePreview.render(authoringModule)
    #expect(text.contains("3. crisis [text]\n   shown only when distress is 8 or more\n     (when: \"distress >= 8\")"))
    #expect(text.contains("   if stop is chosen, then → end"))
    #expect(text.contains("5. worry [prompt, optional]"))
    #expect(text.contains("   then → end (last step)"))
    #expect(
      ConditionText.words(
        .not(.compare(step: "go-on", op: .equal, value: .word("stop"), offset: 0)), in: authoringModule)
        == "not (go-on is stop (\"Stop here\"))")
  }
}

@Suite("authoring: rehearsal and module tests")
struct RehearsalTests {
  @Test("a rehearsal shows interpolated text, refuses bad answers, goes back and ends")
  func rehearsal() throws {
    let rehearsal = Rehearsal(
      module: authoringModule, answers: ["", "11", "9", "", ":back", "", "yes", "work", "", ""])
    #expect(rehearsal.state.status == .completed)
    #expect(rehearsal.turns[1].rejection == "Please enter a whole number from 0 to 10.")
    #expect(
      rehearsal.shownSteps == [
        "intro", "distress", "crisis", "go-on", "crisis", "go-on", "worry", "breathe", "closing",
      ])
    #expect(rehearsal.turns.last?.shown.first?.text == "You said work and rated 9.")
    #expect(rehearsal.state.practisedSeconds == 60)
    let transcript = RehearsalTranscript.render(rehearsal)
    #expect(transcript.contains("    < 11\n    ! refused: Please enter a whole number from 0 to 10."))
    #expect(transcript.contains("Status: completed"))
  }

  @Test("running out of answers pauses; leftovers after the end are counted")
  func pausesAndLeftovers() {
    #expect(Rehearsal(module: authoringModule, answers: [""]).state.status == .paused)
    let done = Rehearsal(module: authoringModule, answers: ["", "2", "stop", "extra"])
    #expect(done.state.status == .completed)
    #expect(done.unusedAnswers == 1)
  }

  @Test("a failing case points at the expectation that failed, and explains what happened")
  func failures() {
    let file = "draft.test.yaml"
    let testCase = ModuleTestCase(
      name: "calm", answers: ["", "2", "yes", ":skip", "", ""], path: ["intro", "distress", "crisis"],
      texts: [.init(step: "closing", fragment: "You said  (no answer)", mark: .init(file: file, line: 4, column: 5))],
      status: .safetyStopped, mark: .init(file: file, line: 1, column: 9),
      pathMark: .init(file: file, line: 3, column: 9),
      statusMark: .init(file: file, line: 5, column: 11))
    let report = ModuleTestRunner.run([testCase], on: authoringModule)
    let messages = report.results[0].failures.map(\.description)
    #expect(
      messages.contains("draft.test.yaml:3:9: error: case 'calm': path differs: step 3 is 'go-on', expected 'crisis'"))
    #expect(messages.contains("draft.test.yaml:5:11: error: case 'calm': ended completed, expected safety-stopped"))
    #expect(!messages.contains { $0.contains("does not show") })
    #expect(messages.contains { $0.hasPrefix("draft.test.yaml:1:9: note: shown: intro → distress → go-on") })
  }

  @Test("coverage lists the condition outcomes and option jumps no case took")
  func coverage() {
    let report = ModuleTestRunner.run([ModuleTestCase(name: "low", answers: ["", "2", "stop"])], on: authoringModule)
    #expect(report.coverage.missed == [.condition(step: "crisis", holds: true)])
    let note = BranchCoverage.note(for: .condition(step: "crisis", holds: true), in: authoringModule)
    #expect(note.message == "no test case shows step 'crisis' ('when: distress >= 8' never holds)")
  }
}

@Suite("authoring: lint")
struct ModuleLinterTests {
  func messages(_ module: Module) -> [String] { ModuleLinter.lint(module).map(\.message) }

  /// The authoring sample with a fallback for its optional answer and the minutes its paths take.
  let sample: Module = {
    var module = authoringModule
    module.minutes = 2
    module.steps[6].kind = .text(body: "You said {{worry|nothing}} and rated {{distress}}.")
    return module
  }()

  @Test("the sample module is clean")
  func clean() { #expect(messages(sample) == []) }

  @Test("a scale without both ends labelled")
  func anchors() {
    var module = sample
    module.steps[1].kind = .scale(question: "How low?", min: 0, max: 10, anchors: [.init(value: 0, label: "fine")])
    #expect(messages(module) == ["scale 'distress' does not label 10; patients need both ends named"])
  }

  @Test("a page longer than a 20 × 72 screen")
  func longPage() {
    var module = sample
    module.steps[0].kind = .text(body: Array(repeating: "A short line.", count: 19).joined(separator: "\n"))
    #expect(messages(module).first?.hasPrefix("the page of step 'intro' takes 21 lines at 72 columns") == true)
  }

  @Test("Flesch–Kincaid: plain text passes, dense text is flagged; the syllable heuristic")
  func readability() {
    #expect(Readability.syllableCount("cake") == 1)
    #expect(Readability.syllableCount("table") == 2)
    #expect(Readability.syllableCount("relaxation") == 4)
    let plain = Array(repeating: "We sit. We breathe in. We let the breath go.", count: 5).joined(separator: " ")
    #expect((Readability.fleschKincaidGrade(plain) ?? 99) < 2)
    var module = sample
    let dense =
      Array(
        repeating:
          "Physiological hyperarousal associated with catastrophising interpretations substantially exacerbates nociceptive amplification",
        count: 4
      ).joined(separator: ", and ") + "."
    module.steps[0].kind = .text(body: dense)
    #expect(messages(module).contains { $0.hasPrefix("the body of step 'intro' reads at grade") })
  }

  @Test("a before-rating without an after-rating")
  func unpaired() {
    var module = sample
    module.steps[1].rating = .init(name: "low", phase: .before)
    #expect(messages(module).contains { $0.hasPrefix("before-rating 'low' in step 'distress' has no after-rating") })
  }

  @Test("a mood question without a conditional route to the crisis page")
  func crisisRoute() {
    var module = sample
    module.steps[2].when = nil
    module.steps[1].kind = .scale(
      question: "How is your mood?", min: 0, max: 10,
      anchors: [.init(value: 0, label: "a"), .init(value: 10, label: "b")])
    #expect(messages(module).contains { $0.hasPrefix("step 'distress' asks about mood or distress but no later step") })
  }

  @Test("a safety screen after the exercise it should guard")
  func safetyAfterTimer() {
    var module = sample
    module.steps.append(Step(id: "screen", kind: .safety(question: "Any?", items: ["x"], guidance: "Get help.")))
    #expect(
      messages(module) == ["safety step 'screen' comes after the exercise 'breathe' it should guard; move it before"])
  }

  @Test("a placeholder some path reaches unanswered is named with that path; a fallback silences it")
  func unansweredPlaceholder() {
    #expect(
      messages(authoringModule).first
        == "'{{worry}}' in step 'closing' has no answer on the path where distress 0–7, go-on = yes, worry skipped, "
        + "and the patient would read '(no answer)'; give a fallback: '{{worry|…}}'")
    var module = sample
    // A conditional step: every path that skips it is a path without its answer.
    module.steps[6].kind = .text(body: "Crisis said: {{distress}}; {{go-on}}.")
    module.steps.insert(
      Step(
        id: "detail", kind: .prompt(question: "Tell me more.", minLength: 1, maxLength: 100),
        when: .compare(step: "distress", op: .greaterOrEqual, value: .number(5), offset: 0)), at: 2)
    module.steps.append(Step(id: "recap", kind: .text(body: "More: {{detail}}")))
    #expect(
      messages(module).contains(
        "'{{detail}}' in step 'recap' has no answer on the path where distress 0–4, go-on = yes, worry any text, "
          + "and the patient would read '(no answer)'; give a fallback: '{{detail|…}}'"))
    module.steps[module.steps.count - 1].kind = .text(body: "More: {{detail|nothing more}}")
    #expect(!messages(module).contains { $0.contains("{{detail}}") })
  }

  @Test("a placeholder left unanswered only on a path past the first 500 is still found; so is every path")
  func unansweredPlaceholderPastTheCap() {
    // c0 = a leaves 'q' unshown; then ten choices each double the paths (2 × 1,024 in all).
    var steps = [
      Step(
        id: "c0",
        kind: .choice(
          question: "First?", multiple: false, options: [.init(id: "b", label: "B"), .init(id: "a", label: "A")])),
      Step(
        id: "q", kind: .prompt(question: "Tell me", minLength: 1, maxLength: 100),
        when: .compare(step: "c0", op: .equal, value: .word("b"), offset: 0)),
    ]
    for n in 1...10 {
      steps.append(
        Step(
          id: "c\(n)",
          kind: .choice(
            question: "Q\(n)?", multiple: false,
            options: [.init(id: "x", label: "X", next: "after\(n)"), .init(id: "y", label: "Y")])))
      steps.append(Step(id: "detour\(n)", kind: .text(body: "Detour.")))
      steps.append(Step(id: "after\(n)", kind: .text(body: "On.")))
    }
    steps.append(Step(id: "recap", kind: .text(body: "You said {{q}}")))
    let module = Module(
      id: "wide", version: 1, title: "Wide", approach: .cbt, minutes: 2, summary: "Wide.", steps: steps)
    let analysis = PathAnalysis(module: module)
    #expect(analysis.isCapped && !analysis.isExhausted && analysis.paths.count == 500)
    #expect(analysis.unansweredPlaceholders.map(\.placeholder.name) == ["q"])
    #expect(analysis.unansweredPlaceholders.first?.choices.first == "c0 = a")
    let found = messages(module)
    #expect(
      found.contains { $0.hasPrefix("'{{q}}' in step 'recap' has no answer on the path where c0 = a") }, "\(found)")
    #expect(
      found.contains(
        "the module has more than 500 distinct paths, so 'minutes:' was not checked against them "
          + "(see 'tandem preview --paths')"))
    // With too small a budget for every way through, the note says the placeholders were not all checked.
    let short = PathAnalysis(module: module, budget: 300)
    #expect(short.isCapped && short.isExhausted)
  }

  @Test(
    "past 500 paths, a step reached again with other steps on the path is followed again (they can end it as a loop)")
  func prunedSearchKeepsLoops() {
    func choice(_ id: String, _ options: [(String, String?)]) -> Step {
      Step(
        id: id,
        kind: .choice(
          question: "\(id)?", multiple: false, options: options.map { .init(id: $0.0, label: $0.0, next: $0.1) }))
    }
    // 'many' opens nine choices (over 500 paths) after answering 'q'; 'few' never shows 'q'. On
    // the 'few' side, 'one' reaches 's' with 'l' already shown (so 's' ends as a loop), while
    // 'two' reaches 's' first and can go on to 'p', which shows {{q}} unanswered.
    var steps = [
      choice("z", [("many", "q"), ("few", "a")]),
      choice("q", [("qy", "tq"), ("qn", "m1")]),
      Step(id: "tq", kind: .text(body: "Q."), next: "m1"),
    ]
    for n in 1...9 {
      steps.append(choice("m\(n)", [("y", "t\(n)"), ("n", n < 9 ? "m\(n + 1)" : "fin")]))
      steps.append(Step(id: "t\(n)", kind: .text(body: "T."), next: n < 9 ? "m\(n + 1)" : "fin"))
    }
    steps += [
      choice("a", [("one", "l"), ("two", "s")]),
      choice("l", [("tos", "s"), ("top", "p")]),
      choice("s", [("yes", "l"), ("no", "l")]),
      Step(
        id: "p", kind: .text(body: "You said {{q}}."),
        when: .compare(step: "s", op: .equal, value: .word("yes"), offset: 0), next: "fin"),
      Step(id: "fin", kind: .text(body: "Done.")),
    ]
    let module = Module(id: "loops", version: 1, title: "L", approach: .cbt, minutes: 1, summary: "L.", steps: steps)
    let analysis = PathAnalysis(module: module)
    #expect(analysis.isCapped && !analysis.isExhausted)
    #expect(
      analysis.unansweredPlaceholders.map { $0.choices.joined(separator: ", ") }
        == ["z = few, a = two, s = yes, l = top"])
  }

  @Test("past 500 paths, answers that later steps only show (not compare) count as given or not, so the search ends")
  func prunedSearchEnds() {
    var steps: [Step] = []
    for n in 1...40 {
      steps.append(Step(id: "s\(n)", kind: .scale(question: "Rate \(n)", min: 0, max: 10, anchors: [])))
      steps.append(
        Step(
          id: "high\(n)", kind: .text(body: "High."),
          when: .compare(step: "s\(n)", op: .greaterOrEqual, value: .number(5), offset: 0)))
    }
    steps.append(Step(id: "recap", kind: .text(body: (1...40).map { "{{s\($0)}}" }.joined(separator: " "))))
    let module = Module(id: "wide", version: 1, title: "W", approach: .cbt, minutes: 1, summary: "W.", steps: steps)
    let analysis = PathAnalysis(module: module)
    #expect(analysis.isCapped && !analysis.isExhausted)
    #expect(analysis.unansweredPlaceholders.isEmpty)
  }

  @Test("a loop with nothing to answer on the way round is flagged; a loop through a question is not")
  func endlessLoop() {
    let steps = [
      Step(
        id: "rate",
        kind: .scale(
          question: "How tense?", min: 0, max: 10,
          anchors: [.init(value: 0, label: "calm"), .init(value: 10, label: "very")])),
      Step(
        id: "stretch", kind: .text(body: "Stretch."),
        when: .compare(step: "rate", op: .greater, value: .number(3), offset: 0),
        next: "breathe"),
      Step(id: "breathe", kind: .text(body: "Breathe."), next: "stretch"),
      Step(id: "bye", kind: .text(body: "Bye.")),
    ]
    var module = Module(id: "loop", version: 1, title: "Loop", approach: .cbt, minutes: 1, summary: "L.", steps: steps)
    #expect(
      messages(module).contains(
        "the steps stretch → breathe → stretch on the path where rate 4–10 come round again with nothing to answer on "
          + "the way, so the patient would go round them for ever; give one of them a 'next:' out of the loop"),
      "\(messages(module))")
    // Back to the question instead: the patient can answer differently and leave.
    module.steps[2].next = "rate"
    #expect(!messages(module).contains { $0.contains("for ever") }, "\(messages(module))")
  }

  @Test("minutes outside the range its paths take are flagged; inside it they are not")
  func minutes() {
    var module = sample
    module.minutes = 10
    #expect(
      messages(module) == [
        "'minutes: 10' is outside what the module's paths take (under 1 min to about 2 min, by the reading and "
          + "answering estimate of 'preview --paths'); patients plan their time by it"
      ])
    module.minutes = 1
    #expect(messages(module) == [])
  }
}

@Suite("authoring: graph edge labels")
struct EdgeLabelTests {
  /// A choice without jumps, then a page only one option shows, then a jump from another choice.
  let module = Module(
    id: "plan", version: 1, title: "Plan", approach: .cbt, minutes: 1, summary: "s",
    steps: [
      Step(
        id: "when",
        kind: .choice(
          question: "When?", multiple: false,
          options: [
            .init(id: "early-evening", label: "Early evening"), .init(id: "after-dinner", label: "After dinner"),
            .init(id: "never", label: "Never", next: "end"),
          ])),
      Step(
        id: "evening-tip", kind: .text(body: "Tip."),
        when: .compare(step: "when", op: .equal, value: .word("early-evening"), offset: 0)),
      Step(id: "bye", kind: .text(body: "Bye.")),
    ])

  func labels() -> [String] {
    FlowEdges(module: module).edges.map { edge in
      "\(edge.from.map { module.steps[$0].id } ?? "start")>\(edge.to.map { module.steps[$0].id } ?? "end"): \(edge.label)"
    }
  }

  @Test("each edge says what leads there and nothing else")
  func onlyWhatLeadsThere() {
    #expect(
      labels() == [
        "start>when: ", "when>evening-tip: chose early-evening", "when>bye: chose after-dinner",
        "when>end: chose never",
        "evening-tip>bye: ", "bye>end: ",
      ])
  }

  @Test("a condition on another step's answer stays on the edge")
  func otherConditionsStay() {
    var module = module
    module.steps.insert(
      Step(id: "pain", kind: .scale(question: "Pain?", min: 0, max: 10, anchors: [])), at: 0)
    module.steps[2].when = .and(
      .compare(step: "when", op: .equal, value: .word("early-evening"), offset: 0),
      .compare(step: "pain", op: .greaterOrEqual, value: .number(5), offset: 0))
    let labels = FlowEdges(module: module).edges.map(\.label)
    // The option chosen settles 'when == early-evening'; 'pain >= 5' is what else leads there.
    #expect(labels.contains("chose early-evening; if pain >= 5"), "\(labels)")
  }

  @Test("a part of a condition that the step an edge leaves already settles is left out of its label")
  func settledByTheStepLeft() {
    let module = Module(
      id: "gr", version: 1, title: "Gr", approach: .cbt, minutes: 1, summary: "S.",
      steps: [
        Step(
          id: "when",
          kind: .choice(
            question: "When?", multiple: false,
            options: [
              .init(id: "early", label: "Early"), .init(id: "late", label: "Late"), .init(id: "never", label: "Never"),
            ])),
        Step(id: "s", kind: .scale(question: "How much?", min: 0, max: 10, anchors: [])),
        Step(
          id: "tip", kind: .text(body: "Tip."),
          when: .and(
            .compare(step: "when", op: .notEqual, value: .word("never"), offset: 0),
            .compare(step: "s", op: .greater, value: .number(3), offset: 0))),
        Step(
          id: "x", kind: .text(body: "X."),
          when: .or(
            .compare(step: "when", op: .equal, value: .word("late"), offset: 0),
            .compare(step: "s", op: .less, value: .number(2), offset: 0))),
      ])
    let labels = FlowEdges(module: module).edges.map { edge in
      "\(edge.from.map { module.steps[$0].id } ?? "start")>\(edge.to.map { module.steps[$0].id } ?? "end"): \(edge.label)"
    }
    // 'tip' is shown only when s > 3, so after it 's < 2' cannot hold: only 'when == late' leads to x.
    #expect(labels.contains("tip>x: if when == late"), "\(labels)")
    #expect(labels.contains("tip>end: if not (when == late)"), "\(labels)")
    // From 's' nothing is settled yet: the whole condition stays.
    #expect(
      labels.contains("s>x: if not (when != never and s > 3) and (when == late or s < 2)"), "\(labels)")
  }
}

@Suite("authoring: answer classes of a multiple choice")
struct MultipleChoiceClassTests {
  @Test("six options that conditions name: each is tried chosen and not, so every page is reached")
  func sixNamedOptions() {
    let options = (1...6).map { Step.Option(id: "o\($0)", label: "O\($0)") }
    let named = (1...5).map { Condition.compare(step: "areas", op: .includes, value: .word("o\($0)"), offset: 0) }
    let module = Module(
      id: "m", version: 1, title: "M", approach: .cbt, minutes: 1, summary: "s",
      steps: [
        Step(id: "areas", kind: .choice(question: "Which?", multiple: true, options: options)),
        Step(
          id: "why", kind: .prompt(question: "Why?", minLength: 1, maxLength: 100),
          when: named.dropFirst().reduce(named[0]) { .or($0, $1) }),
        Step(
          id: "show", kind: .text(body: "You said {{why}}"),
          when: .compare(step: "areas", op: .includes, value: .word("o6"), offset: 0)),
      ])
    let analysis = PathAnalysis(module: module)
    #expect(analysis.unreachedSteps.isEmpty)
    #expect(Set(analysis.paths.map(\.steps)) == [["areas", "why"], ["areas", "why", "show"], ["areas", "show"]])
    #expect(analysis.unansweredPlaceholders.map(\.placeholder.name) == ["why"])
  }
}
