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

  /// The branches of `module`.
  public init(module: Module) {
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

  /// Branches no run took.
  public var missed: [Branch] { branches.filter { !taken.contains($0) } }

  /// Records the branches a rehearsal took, replaying its answers to see each condition the
  /// session machine evaluated on the way from one shown step to the next.
  public mutating func record(_ rehearsal: Rehearsal) {
    let module = rehearsal.module
    let machine = SessionMachine(module: module)
    var state = machine.start(moduleHash: "coverage").0
    noteArrival(from: 0, shown: state.current, module: module, answers: [:])
    for turn in rehearsal.turns {
      guard let input = turn.input, let step = module.step(turn.step), state.status == .active else { break }
      let action = Rehearsal.action(for: input, step: step)
      let before = state.current
      _ = machine.reduce(&state, action)
      guard state.rejection == nil, let from = before, let index = module.index(of: from) else { continue }
      switch action {
      case .answerSubmitted, .continuePressed, .skipRequested, .timerFinished:
        let answers = state.effectiveAnswers
        if case .choice(_, false, let options) = step.kind, case .options(let chosen)? = answers[from],
          let option = options.first(where: { chosen.contains($0.id) }), option.next != nil
        {
          taken.insert(.optionJump(step: from, option: option.id))
        }
        guard state.status == .active || state.status == .completed else { continue }
        noteArrival(from: arrival(after: index, module: module, answers: answers), shown: state.current, module: module, answers: answers)
      default:
        continue
      }
    }
  }

  private func arrival(after index: Int, module: Module, answers: [String: Answer]) -> Int {
    let step = module.steps[index]
    var target = step.next
    if case .choice(_, false, let options) = step.kind, case .options(let chosen)? = answers[step.id],
      let option = options.first(where: { chosen.contains($0.id) }), let next = option.next
    {
      target = next
    }
    guard let target else { return index + 1 }
    return target == "end" ? module.steps.count : (module.index(of: target) ?? module.steps.count)
  }

  /// From arrival position `start`, every conditional step passed over, and the one shown.
  private mutating func noteArrival(from start: Int, shown: String?, module: Module, answers: [String: Answer]) {
    var index = start
    while index < module.steps.count {
      let step = module.steps[index]
      guard let when = step.when else { return }
      let holds = when.holds(on: answers)
      taken.insert(.condition(step: step.id, holds: holds))
      if holds { return }
      index += 1
    }
  }

  /// A note for an author about a branch no case took, at the `when:` or option `next:`.
  public static func note(for branch: Branch, in module: Module) -> Diagnostic {
    switch branch {
    case .condition(let id, let holds):
      let step = module.step(id)
      let condition = step?.when.map(ConditionText.source) ?? ""
      let message =
        holds
        ? "no test case shows step '\(id)' ('when: \(condition)' never holds)"
        : "no test case passes over step '\(id)' ('when: \(condition)' always holds)"
      return Diagnostic(.note, message, at: step?.marks.when ?? step?.marks.id)
    case .optionJump(let id, let optionID):
      let step = module.step(id)
      var mark = step?.marks.id
      var target = "?"
      if case .choice(_, _, let options)? = step?.kind, let option = options.first(where: { $0.id == optionID }) {
        mark = option.nextMark ?? option.mark ?? mark
        target = option.next ?? "?"
      }
      return Diagnostic(
        .note, "no test case chooses option '\(optionID)' of step '\(id)' (its 'next: \(target)' is never taken)",
        at: mark)
    }
  }
}
