import TandemTherapy

/// Writes a condition back out, as `when:` text or as words for a therapist reading a preview.
public enum ConditionText {
  /// The condition as an author would write it in `when:`, with parentheses only where needed.
  public static func source(_ condition: Condition) -> String {
    switch condition {
    case .or(let a, let b): return source(a) + " or " + source(b)
    case .and(let a, let b): return grouped(a) + " and " + grouped(b)
    case .not(let a):
      if case .answered = a { return "not " + source(a) }
      return "not (" + source(a) + ")"
    case .answered(let step, _): return "answered(\(step))"
    case .compare(let step, let op, let value, _): return "\(step) \(op.rawValue) \(literal(value))"
    }
  }

  /// The condition in plain words, naming option labels where the module has them:
  /// `distress >= 8` reads "distress is 8 or more".
  public static func words(_ condition: Condition, in module: Module) -> String {
    switch condition {
    case .or(let a, let b): return words(a, in: module) + ", or " + words(b, in: module)
    case .and(let a, let b):
      return groupedWords(a, in: module) + " and " + groupedWords(b, in: module)
    case .not(let inner):
      if case .answered(let step, _) = inner { return "'\(step)' was not answered" }
      return "not (" + words(inner, in: module) + ")"
    case .answered(let step, _): return "'\(step)' was answered"
    case .compare(let step, let op, let value, _): return comparisonWords(step, op, value, in: module)
    }
  }

  private static func grouped(_ condition: Condition) -> String {
    if case .or = condition { return "(" + source(condition) + ")" }
    return source(condition)
  }

  private static func groupedWords(_ condition: Condition, in module: Module) -> String {
    if case .or = condition { return "(" + words(condition, in: module) + ")" }
    return words(condition, in: module)
  }

  private static func literal(_ value: Condition.Literal) -> String {
    switch value {
    case .number(let n): String(n)
    case .word(let word): word
    case .text(let text): "'\(text)'"
    }
  }

  private static func comparisonWords(
    _ step: String, _ op: Condition.Comparison, _ value: Condition.Literal, in module: Module
  ) -> String {
    switch value {
    case .number(let n):
      switch op {
      case .equal: return "\(step) is \(n)"
      case .notEqual: return "\(step) is not \(n)"
      case .less: return "\(step) is below \(n)"
      case .lessOrEqual: return "\(step) is \(n) or less"
      case .greater: return "\(step) is above \(n)"
      case .greaterOrEqual: return "\(step) is \(n) or more"
      case .includes: return "\(step) includes \(n)"
      }
    case .word(let option):
      let label = optionLabel(option, of: step, in: module).map { " (\"\($0)\")" } ?? ""
      switch op {
      case .equal: return "\(step) is \(option)\(label)"
      case .notEqual: return "\(step) is not \(option)\(label)"
      case .includes: return "\(step) includes \(option)\(label)"
      default: return "\(step) \(op.rawValue) \(option)"
      }
    case .text(let text):
      switch op {
      case .equal: return "\(step) reads \"\(text)\""
      case .notEqual: return "\(step) does not read \"\(text)\""
      case .includes: return "\(step) mentions \"\(text)\""
      default: return "\(step) \(op.rawValue) \"\(text)\""
      }
    }
  }

  private static func optionLabel(_ option: String, of step: String, in module: Module) -> String? {
    guard case .choice(_, _, let options)? = module.step(step)?.kind,
      let label = options.first(where: { $0.id == option })?.label
    else { return nil }
    let oneLine = label.split(whereSeparator: \.isNewline).joined(separator: " ")
    return oneLine.count > 40 ? String(oneLine.prefix(39)) + "…" : oneLine
  }
}
