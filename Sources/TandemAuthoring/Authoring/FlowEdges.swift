import TandemTherapy

/// The module's flow as labelled edges between steps, for drawing and for previews: each edge
/// carries the option choices and the `when:` outcomes that send a patient along it.
public struct FlowEdges: Sendable {
  /// One edge. `to == nil` is the end of the module; `from == nil` is the start.
  public struct Edge: Hashable, Sendable {
    /// Index of the step the edge leaves, or `nil` for the start.
    public var from: Int?
    /// Index of the step it arrives at, or `nil` for the end.
    public var to: Int?
    /// The options that lead here (single choice with option jumps), empty otherwise.
    public var options: [String]
    /// Conditions that must hold, in `when:` syntax (`distress >= 8`, `not (length == five)`).
    public var conditions: [String]
    /// Whether the edge is an explicit `next:` jump rather than the file order.
    public var isJump: Bool

    /// A short label: `chose later; if distress >= 8`.
    public var label: String {
      var parts: [String] = []
      if !options.isEmpty { parts.append("chose " + options.joined(separator: ", ")) }
      if !conditions.isEmpty { parts.append("if " + conditions.joined(separator: " and ")) }
      return parts.joined(separator: "; ")
    }
  }

  /// Every edge, from the start and from each step in file order; edges whose conditions
  /// contradict each other (say `distress >= 8` and `not (distress >= 8)`) are left out.
  public let edges: [Edge]

  /// Works out the edges of `module`.
  public init(module: Module) {
    let feasibility = Feasibility(module: module)
    var edges: [Edge] = []
    func follow(from: Int?, arrival: Int, options: [String], isJump: Bool) {
      // The step the edge leaves was shown, so its own condition held (on earlier answers).
      let given = from.flatMap { module.steps[$0].when }.map { [$0] } ?? []
      func edge(from: Int?, to: Int?, options: [String], conditions: [Condition], given: [Condition]) -> Edge {
        let (options, conditions) = Self.said(
          from: from, options: options, conditions: conditions, given: given, before: to ?? module.steps.count,
          module: module, feasibility: feasibility)
        return Edge(from: from, to: to, options: options, conditions: Self.unique(conditions), isJump: isJump)
      }
      var pending: [Condition] = []
      var index = arrival
      while index < module.steps.count {
        let step = module.steps[index]
        guard let when = step.when else {
          if feasibility.possible(given + pending, before: index) {
            edges.append(edge(from: from, to: index, options: options, conditions: pending, given: given))
          }
          return
        }
        let shown = pending + [when]
        if feasibility.possible(given + shown, before: index) {
          edges.append(edge(from: from, to: index, options: options, conditions: shown, given: given))
        }
        pending.append(.not(when))
        index += 1
      }
      if feasibility.possible(given + pending, before: index) {
        edges.append(edge(from: from, to: nil, options: options, conditions: pending, given: given))
      }
    }
    follow(from: nil, arrival: 0, options: [], isJump: false)
    var indexByID: [String: Int] = [:]
    for (index, step) in module.steps.enumerated() where indexByID[step.id] == nil { indexByID[step.id] = index }
    for (index, step) in module.steps.enumerated() {
      for exit in StepFlow.exits(of: step) {
        let arrival = StepFlow.arrival(exit.target, after: index, count: module.steps.count) { indexByID[$0] }
        follow(from: index, arrival: arrival, options: exit.options, isJump: exit.target != nil)
      }
    }
    self.edges = edges
  }

  /// What an edge leaving a single choice says: the options that can take it, and only the
  /// conditions those options do not already say. "chose early-evening" replaces "chose
  /// early-evening, after-dinner; if when == early-evening" on an edge only `early-evening` takes.
  private static func said(
    from: Int?, options: [String], conditions: [Condition], given: [Condition], before index: Int, module: Module,
    feasibility: Feasibility
  ) -> ([String], [Condition]) {
    guard let from, case .choice(_, false, let all) = module.steps[from].kind else { return (options, conditions) }
    let id = module.steps[from].id
    let aboutChoice = conditions.filter { condition in
      !condition.references.isEmpty && condition.references.allSatisfy { $0.step == id }
    }
    guard conditions.contains(where: { $0.references.contains { $0.step == id } }) else { return (options, conditions) }
    let candidates = options.isEmpty ? all.map(\.id) : options
    let taking = candidates.filter { option in
      feasibility.possible(given + conditions, before: index, fixed: [id: .options([option])])
    }
    guard !taking.isEmpty, !(options.isEmpty && taking.count == candidates.count) else { return (options, conditions) }
    let said = aboutChoice.filter { condition in taking.allSatisfy { condition.holds(on: [id: .options([$0])]) } }
    return (taking, conditions.filter { !said.contains($0) })
  }

  /// The conditions as `when:` text, each once.
  private static func unique(_ conditions: [Condition]) -> [String] {
    var texts: [String] = []
    for text in conditions.map(ConditionText.source) where !texts.contains(text) { texts.append(text) }
    return texts
  }
}

/// Whether some answers satisfy a set of conditions, trying one answer per `AnswerClass` of each
/// step the conditions name (and "no answer" where the step may not have been answered).
struct Feasibility {
  let module: Module
  var classes: [String: [Answer?]] = [:]

  init(module: Module) {
    self.module = module
    classes = AnswerClass.classesByStep(in: module).mapValues { $0.map(\.answer) }
  }

  /// Whether some answers satisfy every condition; the steps in `fixed` have the answer given.
  func possible(_ conditions: [Condition], before index: Int, fixed: [String: Answer] = [:]) -> Bool {
    guard !conditions.isEmpty else { return true }
    var names: [String] = []
    for condition in conditions {
      for reference in condition.references where !names.contains(reference.step) { names.append(reference.step) }
    }
    var choices: [[Answer?]] = []
    for name in names {
      guard let stepIndex = module.index(of: name) else { return true }
      if let answer = fixed[name] {
        choices.append([answer])
        continue
      }
      var options = (classes[name] ?? []).filter { $0 != nil }
      if mayBeUnanswered(stepIndex, before: index) { options.append(nil) }
      choices.append(options)
    }
    let total = choices.reduce(1) { $0 * max(1, $1.count) }
    guard total <= 4096 else { return true }
    for combination in 0..<total {
      var rest = combination
      var answers: [String: Answer] = [:]
      for (name, options) in zip(names, choices) where !options.isEmpty {
        answers[name] = options[rest % options.count]
        rest /= options.count
      }
      if conditions.allSatisfy({ $0.holds(on: answers) }) { return true }
    }
    return false
  }

  /// Whether step `stepIndex` can be left unanswered by the time step `index` is considered.
  private func mayBeUnanswered(_ stepIndex: Int, before index: Int) -> Bool {
    let step = module.steps[stepIndex]
    if step.optional || step.when != nil { return true }
    for (k, other) in module.steps.enumerated() where k < stepIndex {
      var targets: [String] = other.next.map { [$0] } ?? []
      if case .choice(_, _, let options) = other.kind { targets += options.compactMap(\.next) }
      for target in targets where target != "end" {
        if let t = module.index(of: target), t > stepIndex, t <= index { return true }
      }
    }
    return false
  }
}
