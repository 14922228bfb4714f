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
    var positions: [String: Int] = [:]
    for (index, step) in module.steps.enumerated() where positions[step.id] == nil { positions[step.id] = index }
    // Without a jump back, a step passed over has never been answered; with one, it may have been on
    // an earlier round.
    let jumpsBack = module.steps.indices.contains { index in
      StepFlow.exits(of: module.steps[index]).contains { exit in
        exit.target.flatMap { positions[$0] }.map { $0 <= index } ?? false
      }
    }
    func follow(from: Int?, arrival: Int, options: [String], isJump: Bool) {
      // The step the edge leaves was shown, so its own condition held (on earlier answers).
      let given = from.flatMap { module.steps[$0].when }.map { [$0] } ?? []
      // Going forward, a conditional step passed over has not been answered on this path.
      let forward = !jumpsBack && (from.map { arrival > $0 } ?? true)
      var skipped = Set<String>()
      func add(to: Int?, conditions: [Condition]) {
        guard
          let (options, conditions) = Self.said(
            from: from, options: options, conditions: conditions, given: given, skipped: skipped,
            before: to ?? module.steps.count, module: module, feasibility: feasibility)
        else { return }
        edges.append(Edge(from: from, to: to, options: options, conditions: Self.unique(conditions), isJump: isJump))
      }
      var pending: [Condition] = []
      var index = arrival
      while index < module.steps.count {
        let step = module.steps[index]
        guard let when = step.when else {
          if feasibility.possible(given + pending, before: index) { add(to: index, conditions: pending) }
          return
        }
        let shown = pending + [when]
        if feasibility.possible(given + shown, before: index) { add(to: index, conditions: shown) }
        pending.append(.not(when))
        if forward { skipped.insert(step.id) }
        index += 1
      }
      if feasibility.possible(given + pending, before: index) { add(to: nil, conditions: pending) }
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

  /// What an edge says, or `nil` when no patient can take it: for an edge leaving a single choice,
  /// the options that can take it ("chose early-evening", not "chose early-evening, after-dinner;
  /// if when == early-evening"); and only the conditions that are not already settled by the
  /// option chosen or by steps `skipped` on the way (unanswered on this path).
  private static func said(
    from: Int?, options: [String], conditions: [Condition], given: [Condition], skipped: Set<String>,
    before index: Int, module: Module, feasibility: Feasibility
  ) -> ([String], [Condition])? {
    guard feasibility.possible(given + conditions, before: index, unanswered: skipped) else { return nil }
    var options = options
    var settled = skipped
    var answerSets: [[String: Answer]] = [[:]]
    if let from, case .choice(_, false, let all) = module.steps[from].kind {
      let id = module.steps[from].id
      let candidates = options.isEmpty ? all.map(\.id) : options
      let taking = candidates.filter { option in
        feasibility.possible(
          given + conditions, before: index, fixed: [id: .options([option])], unanswered: skipped)
      }
      guard !taking.isEmpty else { return nil }
      if !(options.isEmpty && taking.count == candidates.count) { options = taking }
      answerSets = taking.map { [id: .options([$0])] }
      settled.insert(id)
    }
    let open = conditions.filter { condition in
      let steps = condition.references.map(\.step)
      guard !steps.isEmpty, steps.allSatisfy(settled.contains) else { return true }
      return !answerSets.allSatisfy { condition.holds(on: $0) }
    }
    // What the step the edge leaves already settles (its own condition held, the option chosen, the
    // steps passed over): a part of a condition it settles is left out of the label.
    guard !given.isEmpty || !skipped.isEmpty || answerSets != [[:]] else { return (options, open) }
    let possible = { (extra: [Condition]) in
      answerSets.contains { feasibility.possible(given + extra, before: index, fixed: $0, unanswered: skipped) }
    }
    var simplified: [Condition] = []
    for condition in open {
      switch Self.settle(condition, possible: possible) {
      case .always(true): continue
      case .always(false): return nil
      case .open(let rest): simplified.append(rest)
      }
    }
    return (options, simplified)
  }

  /// A condition with each comparison that `possible` shows can only hold (or only fail) replaced
  /// by that outcome, and what is then settled folded away.
  private enum Settled {
    case always(Bool)
    case open(Condition)
  }

  private static func settle(_ condition: Condition, possible: ([Condition]) -> Bool) -> Settled {
    switch condition {
    case .and(let a, let b):
      switch (settle(a, possible: possible), settle(b, possible: possible)) {
      case (.always(false), _), (_, .always(false)): return .always(false)
      case (.always(true), let other), (let other, .always(true)): return other
      case (.open(let x), .open(let y)): return .open(.and(x, y))
      }
    case .or(let a, let b):
      switch (settle(a, possible: possible), settle(b, possible: possible)) {
      case (.always(true), _), (_, .always(true)): return .always(true)
      case (.always(false), let other), (let other, .always(false)): return other
      case (.open(let x), .open(let y)): return .open(.or(x, y))
      }
    case .not(let a):
      switch settle(a, possible: possible) {
      case .always(let value): return .always(!value)
      case .open(let x): return .open(.not(x))
      }
    case .compare, .answered:
      if !possible([condition]) { return .always(false) }
      if !possible([.not(condition)]) { return .always(true) }
      return .open(condition)
    }
  }

  /// The conditions as `when:` text, each once; an `or` among several is bracketed, since they
  /// are read joined by "and".
  private static func unique(_ conditions: [Condition]) -> [String] {
    var texts: [String] = []
    for condition in conditions {
      var text = ConditionText.source(condition)
      if conditions.count > 1, case .or = condition { text = "(\(text))" }
      if !texts.contains(text) { texts.append(text) }
    }
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
  /// Steps in `unanswered` have no answer.
  func possible(
    _ conditions: [Condition], before index: Int, fixed: [String: Answer] = [:], unanswered: Set<String> = []
  ) -> Bool {
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
      if unanswered.contains(name) {
        choices.append([nil])
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
