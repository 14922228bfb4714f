import TandemCore

/// One `--acute MED[@TIME]` value, split and checked before anything is looked up.
struct AcuteOption {
  /// The medication name, never empty.
  let medication: String
  /// The time after `@`, when given (never empty).
  let time: String?

  /// Splits `MED` or `MED@TIME`; an empty name or an empty time is refused with the value quoted.
  init(_ text: String) throws {
    let parts = text.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
    let name = (parts.first.map(String.init) ?? "").trimmingCharacters(in: .whitespaces)
    let quoted = "'\(TerminalText.sanitized(text, keepNewlines: false))'"
    guard !name.isEmpty else {
      throw CLIError("--acute \(quoted) names no medication; use MED or MED@TIME, e.g. sumatriptan@14:30")
    }
    medication = name
    if parts.count == 2 {
      let time = parts[1].trimmingCharacters(in: .whitespaces)
      guard !time.isEmpty else { throw CLIError("--acute \(quoted) has no time after '@'; e.g. \(name)@14:30") }
      self.time = time
    } else {
      time = nil
    }
  }
}
