import TandemTherapy

/// A small module exercising every step kind, conditions, option jumps and an optional step.
public let sampleModule = Module(
  id: "sample", version: 1, title: "Sample", approach: .relaxation, minutes: 5, summary: "A test module.",
  steps: [
    Step(id: "intro", kind: .text(body: "Welcome.")),
    Step(
      id: "screen",
      kind: .safety(question: "Any red flags?", items: ["Sudden worst headache"], guidance: "Seek urgent care.")),
    Step(
      id: "tension-before", kind: .scale(question: "Tension?", min: 0, max: 10, anchors: []),
      rating: .init(name: "tension", phase: .before)),
    Step(
      id: "feeling",
      kind: .choice(
        question: "How do you feel?", multiple: false,
        options: [.init(id: "calm", label: "Calm", next: "wrap-up"), .init(id: "tense", label: "Tense")])),
    Step(
      id: "high", kind: .text(body: "That sounds hard."),
      when: .compare(step: "tension-before", op: .greaterOrEqual, value: .number(7), offset: 0)),
    Step(
      id: "breathe",
      kind: .timer(
        body: "Breathe.", seconds: 60, phases: [.init(label: "In", seconds: 4), .init(label: "Out", seconds: 6)])),
    Step(
      id: "note", kind: .prompt(question: "Anything to add about {{feeling}}?", minLength: 1, maxLength: 20),
      optional: true),
    Step(
      id: "tension-after", kind: .scale(question: "Tension now?", min: 0, max: 10, anchors: []),
      rating: .init(name: "tension", phase: .after)),
    Step(id: "wrap-up", kind: .text(body: "Done.")),
  ])
