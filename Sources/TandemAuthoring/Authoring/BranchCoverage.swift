import TandemBase
import TandemTherapy

/// Which branches of a module some test case took: each `when:` shown and passed over, and each
/// option's `next:` jump chosen.
public struct BranchCoverage: Hashable, Sendable {
  /// One branch of a module.
  public enum Branch: Hashable, Sendable {
    /// The step's `when:` held (`true`: shown) or did not (`false`: passed over).
    case condition(step: String, holds: Bool)
    /// A single-choice option with its own `next:` was chosen.
    case optionJump(step: String, option: String)
  }

  /// Every branch of the module, in file order.
  public let branches: [Branch]
  /// The branches some run took.
  public private(set) var taken: Set<Branch> = []

  /// The branches of `module`; when `analysis` enumerated every path, branches no path takes
  /// are set apart as impossible.
  public init(module: Module, analysis: PathAnalysis? = nil) {
    if let analysis, !analysis.isCapped { possible = analysis.branches }
    var branches: [Branch] = []
    for step in module.steps {
      if step.when != nil {
        branches.append(.condition(step: step.id, holds: true))
        branches.append(.condition(step: step.id, holds: false))
      }
      if case .choice(_, false, let options) = step.kind {
        for option in options where option.next != nil {
          branches.append(.optionJump(step: step.id, option: option.id))
        }
      }
    }
    self.branches = branches
  }

  /// Branches some path through the module can take, when known (see `PathAnalysis.branches`).
  public var possible: Set<Branch>?

  /// Branches no run took but some path could.
  public var missed: [Branch] { branches.filter { !taken.contains($0) && (possible?.contains($0) ?? true) } }

  /// Branches no path through the module can take: a `when:` that always or never holds where
  /// it is checked, so the condition may be unnecessary.
  public var impossible: [Branch] { possible.map { possible in branches.filter { !possible.contains($0) } } ?? [] }

  /// How many branches a test can take.
  public var reachableCount: Int { branches.count - impossible.count }

  /// Records the branches a rehearsal took, replaying its answers to see each condition the
  /// session machine evaluated on the way from one shown step to the next.
  public mutating func record(_ rehearsal: Rehearsal) {
    let module = rehearsal.module
    let machine = SessionMachine(module: module)
    var state = machine.start(moduleHash: "coverage").0
    taken.formUnion(Self.branches(leaving: nil, module: module, answers: [:]))
    for turn in rehearsal.turns {
      guard let input = turn.input, let step = module.step(turn.step), state.status == .active else { break }
      guard let action = Rehearsal.action(for: input, step: step) else { continue }
      let before = state.current
      _ = machine.reduce(&state, action)
      guard state.rejection == nil, let from = before, let index = module.index(of: from) else { continue }
      switch action {
      case .answerSubmitted, .continuePressed, .skipRequested, .timerFinished:
        guard state.status == .active || state.status == .completed else { continue }
        taken.formUnion(Self.branches(leaving: index, module: module, answers: state.effectiveAnswers))
      default:
        continue
      }
    }
  }

  /// The branches taken when leaving step `index` (or starting, for `nil`) with `answers`: the
  /// chosen option's jump, and the `when:` of every step considered until one is shown.
  static func branches(leaving index: Int?, module: Module, answers: [String: Answer]) -> [Branch] {
    var found: [Branch] = []
    var position = 0
    if let index {
      let step = module.steps[index]
      let (target, option) = StepFlow.exit(of: step, answers: answers)
      if let option { found.append(.optionJump(step: step.id, option: option)) }
      position = StepFlow.arrival(target, after: index, count: module.steps.count) { module.index(of: $0) }
    }
    while position < module.steps.count {
      let step = module.steps[position]
      guard let when = step.when else { break }
      let holds = when.holds(on: answers)
      found.append(.condition(step: step.id, holds: holds))
      if holds { break }
      position += 1
    }
    return found
  }

  /// A note for an author about a branch no case took, at the `when:` or option `next:`.
  public static func note(for branch: Branch, in module: Module) -> Diagnostic {
    switch branch {
    case .condition(let id, let holds):
      let (condition, mark) = conditionSource(of: id, in: module)
      return Diagnostic(.note, .untestedCondition(id, condition: condition, holds: holds), at: mark)
    case .optionJump(let id, let optionID):
      let step = module.step(id)
      var mark = step?.marks.id
      var target = "?"
      if case .choice(_, _, let options)? = step?.kind, let option = options.first(where: { $0.id == optionID }) {
        mark = option.nextMark ?? option.mark ?? mark
        target = option.next ?? "?"
      }
      return Diagnostic(.note, .untestedOption(optionID, step: id, next: target), at: mark)
    }
  }
}

extension BranchCoverage {
  /// A note about a branch no path can take, at the `when:` or option `next:`.
  public static func impossibleNote(for branch: Branch, in module: Module) -> Diagnostic {
    switch branch {
    case .condition(let id, let holds):
      let (condition, mark) = conditionSource(of: id, in: module)
      return Diagnostic(.note, .impossibleCondition(id, condition: condition, holds: holds), at: mark)
    case .optionJump(let id, let option):
      return Diagnostic(.note, .impossibleOption(option, step: id), at: module.step(id)?.marks.id)
    }
  }
}

extension BranchCoverage {
  /// A step's `when:` as written, and where a note about it points (the `when:`, else the step).
  private static func conditionSource(of id: String, in module: Module) -> (text: String, mark: SourceLocation?) {
    let step = module.step(id)
    return (step?.when.map(ConditionText.source) ?? "", step?.marks.when ?? step?.marks.id)
  }
}

extension Diagnostic.Message {
  /// A `when:` no test case took one way: `holds` is the way no case went.
  static func untestedCondition(_ step: String, condition: String, holds: Bool) -> Self {
    Self(
      holds
        ? "no test case shows step '\(step)' ('when: \(condition)' never holds)"
        : "no test case passes over step '\(step)' ('when: \(condition)' always holds)",
      category: "branch-coverage")
  }

  /// An option's `next:` no test case took.
  static func untestedOption(_ option: String, step: String, next target: String) -> Self {
    Self(
      "no test case chooses option '\(option)' of step '\(step)' (its 'next: \(target)' is never taken)",
      category: "branch-coverage")
  }

  /// A `when:` no path can take one way: `holds` is the way no path can go.
  static func impossibleCondition(_ step: String, condition: String, holds: Bool) -> Self {
    Self(
      holds
        ? "no path can show step '\(step)': 'when: \(condition)' never holds where it is checked"
        : "no path passes over step '\(step)': 'when: \(condition)' always holds where it is checked, so it may be "
          + "unnecessary",
      category: "impossible-branch")
  }

  /// An option no path can choose.
  static func impossibleOption(_ option: String, step: String) -> Self {
    Self("no path can choose option '\(option)' of step '\(step)'", category: "impossible-branch")
  }
}
