/// Why a value a patient, a prescriber or a file gave was refused: one lowercase sentence that
/// quotes the value and names the bound it broke.
public struct InputProblem: Error, Hashable, Sendable, CustomStringConvertible {
  /// The sentence shown to the user.
  public var description: String

  /// Creates a problem with its sentence.
  public init(description: String) {
    self.description = description
  }

  /// `text` as it may be quoted in a message: one line, no control characters, at most 60 characters.
  static func quoted(_ text: some StringProtocol) -> String {
    let clean = TerminalText.sanitized(String(text.prefix(61)), keepNewlines: false)
    return "'" + (clean.count > 60 ? String(clean.prefix(57)) + "…" : clean) + "'"
  }

  /// A value that is not of the expected shape at all.
  static func unreadable(_ text: some StringProtocol, as kind: String) -> InputProblem {
    InputProblem(description: "\(quoted(text)) is not \(kind)")
  }

  /// A readable value outside its bounds.
  static func outOfRange(_ text: some StringProtocol, what: String, bound: String) -> InputProblem {
    InputProblem(description: "\(what) \(quoted(text)) is out of range; \(bound)")
  }
}
