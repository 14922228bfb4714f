import TandemBase

/// A problem in a fills CSV, at a 1-based line.
public struct FillsCSVError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The 1-based line number.
  public var line: Int
  /// A lowercase message that quotes the offending text.
  public var message: String

  /// Creates an error.
  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }

  /// `line 3: impossible date '02/30/2033'`.
  public var description: String { "line \(line): \(message)" }

  static func missingColumn(_ name: String) -> FillsCSVError {
    FillsCSVError(line: 1, message: "missing column '\(name)'")
  }
  static func fieldCount(line: Int, expected: Int, found: Int) -> FillsCSVError {
    FillsCSVError(line: line, message: "expected \(expected) fields, found \(found)")
  }
  static func impossibleDate(line: Int, _ text: String) -> FillsCSVError {
    FillsCSVError(line: line, message: "impossible date '\(text)'")
  }
  static func implausibleDate(line: Int, _ text: String) -> FillsCSVError {
    let years = InputBounds.years
    return FillsCSVError(
      line: line, message: "date '\(text)' is out of range; use a year from \(years.lowerBound) to \(years.upperBound)")
  }
  static func dateFormat(line: Int, _ text: String, format: String) -> FillsCSVError {
    FillsCSVError(line: line, message: "date '\(text)' does not match format '\(format)'")
  }
  static func duration(line: Int, _ text: String) -> FillsCSVError {
    FillsCSVError(line: line, message: "duration must be a whole number of days ≥ 0, found '\(text)'")
  }
  static func perDay(line: Int, _ text: String) -> FillsCSVError {
    FillsCSVError(line: line, message: "daily dose must be a number ≥ 0, found '\(text)'")
  }
  static func emptyPatient(line: Int) -> FillsCSVError {
    FillsCSVError(line: line, message: "empty patient id")
  }
  static func unterminatedQuote(line: Int) -> FillsCSVError {
    FillsCSVError(line: line, message: "unterminated quoted field")
  }
  static func unsupportedFormat(_ format: String) -> FillsCSVError {
    FillsCSVError(line: 0, message: "unsupported date format '\(format)' (use %Y %y %m %d and literal characters)")
  }
}
