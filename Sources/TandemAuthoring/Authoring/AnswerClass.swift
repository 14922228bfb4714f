import TandemTherapy

/// A group of answers to one step that every condition in the module treats alike, such as
/// "0–7" and "8–10" on a scale that a condition tests with `>= 8`.
public struct AnswerClass: Hashable, Sendable {
  /// A representative answer; `nil` stands for "skipped" (optional steps) or "continued" (text, timer).
  public var answer: Answer?
  /// How an author reads the class: `0–7`, `= five`, `skipped`.
  public var summary: String

  /// Creates a class.
  public init(answer: Answer?, summary: String) {
    self.answer = answer
    self.summary = summary
  }

  /// The classes of answers to `step` that the conditions and option jumps of `module` can tell apart.
  /// A text or timer step has one class (continue); a safety step has "no" and "yes" (which stops).
  public static func classes(of step: Step, in module: Module) -> [AnswerClass] {
    classes(of: step, tests: comparisons(of: step.id, in: module))
  }

  /// The classes of every step of `module`, by step id: one pass over the module's conditions
  /// (asking `classes(of:in:)` step by step reads every condition once per step).
  public static func classesByStep(in module: Module) -> [String: [AnswerClass]] {
    var tests: [String: [(Condition.Comparison, Condition.Literal)]] = [:]
    func walk(_ condition: Condition) {
      switch condition {
      case .and(let a, let b), .or(let a, let b):
        walk(a)
        walk(b)
      case .not(let a): walk(a)
      case .answered: break
      case .compare(let step, let op, let value, _): tests[step, default: []].append((op, value))
      }
    }
    for step in module.steps { step.when.map(walk) }
    var classes: [String: [AnswerClass]] = [:]
    for step in module.steps {
      classes[step.id] = Self.classes(of: step, tests: tests[step.id] ?? [])
    }
    return classes
  }

  private static func classes(of step: Step, tests: [(Condition.Comparison, Condition.Literal)]) -> [AnswerClass] {
    var classes: [AnswerClass]
    switch step.kind {
    case .text, .timer:
      return [AnswerClass(answer: nil, summary: "continue")]
    case .safety:
      return [
        AnswerClass(answer: .safety(flagged: false), summary: "no"),
        AnswerClass(answer: .safety(flagged: true), summary: "yes"),
      ]
    case .scale(_, let min, let max, _):
      classes = scaleClasses(min: min, max: max, tests: tests)
    case .choice(_, let multiple, let options):
      classes =
        multiple
        ? multipleChoiceClasses(options, tests: tests) : singleChoiceClasses(options, tests: tests)
    case .prompt:
      classes = promptClasses(tests: tests)
    }
    if step.optional { classes.append(AnswerClass(answer: nil, summary: "skipped")) }
    return classes
  }

  /// Every comparison in the module's conditions that names `stepID`.
  static func comparisons(of stepID: String, in module: Module) -> [(Condition.Comparison, Condition.Literal)] {
    var found: [(Condition.Comparison, Condition.Literal)] = []
    func walk(_ condition: Condition) {
      switch condition {
      case .and(let a, let b), .or(let a, let b):
        walk(a)
        walk(b)
      case .not(let a): walk(a)
      case .answered: break
      case .compare(let step, let op, let value, _): if step == stepID { found.append((op, value)) }
      }
    }
    for step in module.steps { step.when.map(walk) }
    return found
  }

  private static func scaleClasses(min: Int, max: Int, tests: [(Condition.Comparison, Condition.Literal)])
    -> [AnswerClass]
  {
    // A cut at c means c starts a new interval.
    var cuts = Set<Int>()
    for (op, literal) in tests {
      guard case .number(let n) = literal else { continue }
      switch op {
      case .greaterOrEqual, .less: cuts.insert(n)
      case .greater, .lessOrEqual: cuts.insert(n.saturatingAdding(1))
      case .equal, .notEqual:
        cuts.insert(n)
        cuts.insert(n.saturatingAdding(1))
      case .includes: break
      }
    }
    let starts = [min] + cuts.filter { $0 > min && $0 <= max }.sorted()
    return starts.enumerated().map { index, start in
      let end = index + 1 < starts.count ? starts[index + 1] - 1 : max
      return AnswerClass(answer: .number(start), summary: start == end ? "\(start)" : "\(start)–\(end)")
    }
  }

  private static func singleChoiceClasses(_ options: [Step.Option], tests: [(Condition.Comparison, Condition.Literal)])
    -> [AnswerClass]
  {
    let named = Set(tests.compactMap { _, literal -> String? in if case .word(let w) = literal { w } else { nil } })
    var classes: [AnswerClass] = []
    var others: [String] = []
    for option in options {
      if named.contains(option.id) || option.next != nil {
        classes.append(AnswerClass(answer: .options([option.id]), summary: "= \(option.id)"))
      } else {
        others.append(option.id)
      }
    }
    if let first = others.first {
      let summary =
        classes.isEmpty ? "any option" : (others.count == 1 ? "= \(first)" : "= \(others.joined(separator: "/"))")
      classes.append(AnswerClass(answer: .options([first]), summary: summary))
    }
    return classes
  }

  private static func multipleChoiceClasses(
    _ options: [Step.Option], tests: [(Condition.Comparison, Condition.Literal)]
  ) -> [AnswerClass] {
    let named = options.map(\.id).filter { id in
      tests.contains { _, literal in literal == .word(id) }
    }
    // An exclusive option ("None of these") is only ever chosen alone: combinations with it and
    // anything else are answers no patient can give, so they make no class.
    let exclusive = Set(options.filter(\.exclusive).map(\.id))
    let spare = (options.first { !named.contains($0.id) && !$0.exclusive } ?? options.first { !named.contains($0.id) })?
      .id
    var classes: [AnswerClass] = []
    // Every combination of up to five named options; beyond that (2^n grows fast), each option
    // alone, each left out, none and all: every option is still tried both chosen and not.
    let combinations: [Set<Int>]
    if named.count <= 5 {
      combinations = (0..<(1 << named.count)).map { mask in Set(named.indices.filter { mask & (1 << $0) != 0 }) }
    } else {
      let all = Set(named.indices)
      combinations = [[]] + named.indices.map { [$0] } + named.indices.map { all.subtracting([$0]) } + [all]
    }
    for combination in combinations {
      var chosen = named.enumerated().filter { combination.contains($0.offset) }.map(\.element)
      let summary =
        chosen.isEmpty ? "none of \(named.joined(separator: "/"))" : "includes \(chosen.joined(separator: "+"))"
      if let spare, !chosen.contains(where: exclusive.contains), chosen.isEmpty || !exclusive.contains(spare) {
        chosen.append(spare)
      }
      guard !chosen.isEmpty, chosen.count == 1 || !chosen.contains(where: exclusive.contains) else { continue }
      let ordered = options.map(\.id).filter(chosen.contains)
      classes.append(AnswerClass(answer: .options(ordered), summary: named.isEmpty ? "any options" : summary))
    }
    return classes
  }

  private static func promptClasses(tests: [(Condition.Comparison, Condition.Literal)]) -> [AnswerClass] {
    var texts: [String] = []
    for (_, literal) in tests {
      if case .text(let text) = literal, !texts.contains(text) { texts.append(text) }
    }
    var classes = texts.map { AnswerClass(answer: .text($0), summary: "\"\($0)\"") }
    classes.append(AnswerClass(answer: .text("\u{2026}"), summary: texts.isEmpty ? "any text" : "other text"))
    return classes
  }
}
