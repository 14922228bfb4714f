import TandemBase

/// A patient's answer to one step.
public enum Answer: Hashable, Sendable, Codable {
  /// A scale rating.
  case number(Int)
  /// Free text, as typed.
  case text(String)
  /// The chosen option ids, in the module's option order.
  case options([String])
  /// A safety screen: whether any red flag applies.
  case safety(flagged: Bool)
}

/// Why an answer was refused; the runner shows it and asks again.
public struct AnswerRejection: Error, Hashable, Sendable {
  /// A sentence the patient reads.
  public var reason: String
  /// Creates a rejection.
  public init(_ reason: String) { self.reason = reason }
}

/// Turns what a patient typed into an answer for a step, or says why it does not fit.
public enum AnswerParser {
  /// Parses `input` for `step`; a refusal is worded in `language` (see `SessionMessages`).
  public static func parse(_ input: String, for step: Step, language: String? = nil) -> Result<Answer, AnswerRejection>
  {
    let messages = SessionMessages(language: language)
    let trimmed = input.trimmingWhitespace()
    switch step.kind {
    case .text, .timer:
      return .failure(AnswerRejection(messages.noAnswerNeeded))
    case .prompt(_, let minLength, let maxLength):
      let count = trimmed.count
      if count < max(minLength, 1) {
        return .failure(AnswerRejection(messages.writeAtLeast(minLength)))
      }
      if count > maxLength {
        return .failure(AnswerRejection(messages.keepTo(maxLength, typed: count)))
      }
      return .success(.text(trimmed))
    case .scale(_, let min, let max, _):
      guard let value = Int(trimmed), min <= max, (min...max).contains(value) else {
        return .failure(AnswerRejection(messages.wholeNumber(from: min, to: max)))
      }
      return .success(.number(value))
    case .choice(_, let multiple, let options):
      let parts = trimmed.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
      guard !parts.isEmpty else {
        return .failure(AnswerRejection(messages.chooseOption(multiple: multiple)))
      }
      if !multiple && parts.count > 1 {
        return .failure(AnswerRejection(messages.justOne))
      }
      var chosen = Set<String>()
      for part in parts {
        if let index = OptionNumber.index(part, count: options.count) {
          chosen.insert(options[index].id)
        } else if let option = options.first(where: { $0.id.lowercased() == part.lowercased() }) {
          chosen.insert(option.id)
        } else {
          return .failure(AnswerRejection(messages.notAnOption(part, count: options.count)))
        }
      }
      if chosen.count > 1, let alone = options.first(where: { $0.exclusive && chosen.contains($0.id) }) {
        return .failure(AnswerRejection(messages.standsAlone(alone.label)))
      }
      return .success(.options(options.map(\.id).filter(chosen.contains)))
    case .safety:
      switch trimmed.lowercased() {
      case "y", "yes", "s", "si", "sí": return .success(.safety(flagged: true))
      case "n", "no": return .success(.safety(flagged: false))
      default: return .failure(AnswerRejection(messages.yesOrNo))
      }
    }
  }
}
