/// Where a step leads: the one rule the session machine, the validator's flow graph and the
/// authoring tools (preview edges, graphs, paths, branch coverage) all follow.
///
/// Leaving a step, a patient takes its exit: on a single choice, the chosen option's own
/// `next:`; otherwise the step's `next:`; without one, the following step in the file. From
/// where the exit arrives, the first step whose `when:` holds is shown; `next: end`, an unknown
/// target or running off the last step ends the module.
public enum StepFlow {
  /// One way out of a step.
  public struct Exit: Hashable, Sendable {
    /// The `next:` target (a step id or `end`), or `nil` for the following step in the file.
    public var target: String?
    /// The single-choice options that take this exit when the step's options jump; empty when
    /// every answer does.
    public var options: [String]

    /// Creates an exit.
    public init(target: String?, options: [String] = []) {
      self.target = target
      self.options = options
    }
  }

  /// Every exit of `step`, one per distinct target in the order first met: for a single choice
  /// whose options jump, each option's `next:` (or the step's, for options without one), with
  /// the options that take it; for any other step, just the step's `next:`.
  public static func exits(of step: Step) -> [Exit] {
    guard case .choice(_, false, let options) = step.kind, options.contains(where: { $0.next != nil }) else {
      return [Exit(target: step.next)]
    }
    var exits: [Exit] = []
    for option in options {
      let target = option.next ?? step.next
      if let at = exits.firstIndex(where: { $0.target == target }) {
        exits[at].options.append(option.id)
      } else {
        exits.append(Exit(target: target, options: [option.id]))
      }
    }
    return exits
  }

  /// The exit taken from `step` with `answers`: its target, and the option whose own `next:`
  /// chose it (`nil` when the step's `next:` or the file order did).
  public static func exit(of step: Step, answers: [String: Answer]) -> (target: String?, jumpingOption: String?) {
    if case .choice(_, false, let options) = step.kind, case .options(let chosen)? = answers[step.id],
      let option = options.first(where: { chosen.contains($0.id) }), let next = option.next
    {
      return (next, option.id)
    }
    return (step.next, nil)
  }

  /// The position an exit to `target` from step `index` arrives at, where the search for the
  /// next shown step begins: `index + 1` for no target, `count` (the end) for `end` or a
  /// target `position` does not know, else the target's position.
  public static func arrival(_ target: String?, after index: Int, count: Int, position: (String) -> Int?) -> Int {
    guard let target else { return index + 1 }
    return target == "end" ? count : position(target) ?? count
  }

  /// The first step from position `arrival` on whose `when:` holds on `answers`, or `nil` at the end.
  public static func firstShown(in module: Module, from arrival: Int, answers: [String: Answer]) -> Int? {
    var index = arrival
    while index < module.steps.count {
      if module.steps[index].when?.holds(on: answers) ?? true { return index }
      index += 1
    }
    return nil
  }
}
