import Testing

@testable import TandemAuthoring
@testable import TandemTherapy

/// The session machine, the validator's flow graph, the authoring edges and branch coverage
/// all ask `StepFlow` where a step leads; on random modules they must agree on every answer.
@Suite("StepFlow: every user of the flow rule agrees")
struct FlowAgreementTests {
  struct Random {
    var seed: UInt64
    mutating func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
  }

  /// A module of choices (whose options may jump), scales and pages, with `when:` conditions on
  /// earlier answers and `next:` jumps forwards, backwards, to `end` and nowhere.
  static func module(_ random: inout Random) -> Module {
    let count = 3 + random.next(6)
    let ids = (0..<count).map { "s\($0)" }
    func target() -> String? {
      switch random.next(6) {
      case 0: "end"
      case 1, 2: ids[random.next(count)]
      default: nil
      }
    }
    var steps: [Step] = []
    for index in 0..<count {
      var step: Step
      switch random.next(3) {
      case 0:
        let options = ["a", "b", "c"].map { Step.Option(id: $0, label: $0, next: random.next(2) == 0 ? target() : nil) }
        step = Step(id: ids[index], kind: .choice(question: "?", multiple: false, options: options))
      case 1:
        step = Step(id: ids[index], kind: .scale(question: "?", min: 0, max: 10, anchors: []))
      default:
        step = Step(id: ids[index], kind: .text(body: "."))
      }
      step.next = target()
      if index > 0, random.next(2) == 0 {
        let earlier = steps[random.next(index)]
        var condition: Condition
        switch earlier.kind {
        case .choice: condition = .compare(step: earlier.id, op: .equal, value: .word("a"), offset: 0)
        case .scale: condition = .compare(step: earlier.id, op: .greaterOrEqual, value: .number(5), offset: 0)
        default: condition = .answered(step: earlier.id, offset: 0)
        }
        if random.next(3) == 0 { condition = .not(condition) }
        step.when = condition
      }
      steps.append(step)
    }
    return Module(id: "random", version: 1, title: "R", approach: .relaxation, minutes: 1, summary: ".", steps: steps)
  }

  @Test("session successor, flow graph, flow edges and branch coverage lead to the same step")
  func allUsersAgree() {
    var random = Random(seed: 7)
    for _ in 0..<300 {
      let module = Self.module(&random)
      let machine = SessionMachine(module: module)
      let graph = FlowGraph(module: module)
      let edges = FlowEdges(module: module).edges
      let classes = AnswerClass.classesByStep(in: module)
      for _ in 0..<8 {
        // A session's own path, where only the steps shown have answers: each move is a drawn edge.
        var walked: [String: Answer] = [:]
        var current = machine.firstStep(answers: [:])
        #expect(edges.contains { $0.from == nil && $0.to == current.flatMap { module.index(of: $0) } })
        var moves = 0
        while let id = current, let index = module.index(of: id), moves < 3 * module.steps.count {
          moves += 1
          let options = classes[id] ?? []
          walked[id] = options.isEmpty ? nil : options[random.next(options.count)].answer
          let next = machine.successor(of: id, answers: walked)
          #expect(
            edges.contains { $0.from == index && $0.to == next.flatMap { module.index(of: $0) } },
            "\(id) → \(next ?? "end") in \(module.steps.map(\.id))")
          current = next
        }
        var answers: [String: Answer] = [:]
        for step in module.steps {
          let options = classes[step.id] ?? []
          if !options.isEmpty, let answer = options[random.next(options.count)].answer { answers[step.id] = answer }
        }
        for (index, step) in module.steps.enumerated() {
          let next = machine.successor(of: step.id, answers: answers)
          let arrived = next.flatMap { module.index(of: $0) }
          let position = arrived ?? module.steps.count
          #expect(graph.successors(of: index).contains(position), "\(step.id) → \(next ?? "end") in \(module.steps)")
          let branches = BranchCoverage.branches(leaving: index, module: module, answers: answers)
          let held = branches.compactMap { branch -> String? in
            if case .condition(let id, true) = branch { id } else { nil }
          }
          if let next, module.steps[position].when != nil {
            #expect(held == [next])
          } else {
            #expect(held.isEmpty)
          }
          let jumped = branches.contains { if case .optionJump = $0 { true } else { false } }
          #expect(jumped == (StepFlow.exit(of: step, answers: answers).jumpingOption != nil))
        }
      }
    }
  }

  @Test("exits group the options of a single choice by target, in the order first met")
  func exitsGroupOptions() {
    let step = Step(
      id: "pick",
      kind: .choice(
        question: "?", multiple: false,
        options: [
          Step.Option(id: "a", label: "A", next: "x"), Step.Option(id: "b", label: "B"),
          Step.Option(id: "c", label: "C", next: "x"),
        ]), next: "y")
    #expect(
      StepFlow.exits(of: step) == [
        StepFlow.Exit(target: "x", options: ["a", "c"]), StepFlow.Exit(target: "y", options: ["b"]),
      ])
    #expect(StepFlow.exit(of: step, answers: ["pick": .options(["b"])]) == ("y", nil))
    #expect(StepFlow.exit(of: step, answers: ["pick": .options(["c"])]) == ("x", "c"))
    #expect(StepFlow.arrival("nowhere", after: 0, count: 3) { _ in nil } == 3)
    #expect(StepFlow.arrival(nil, after: 0, count: 3) { _ in nil } == 1)
  }
}
