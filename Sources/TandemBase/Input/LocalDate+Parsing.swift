extension LocalDate {
  /// Reads a `YYYY-MM-DD` date a user or a file gave: a real calendar day in
  /// `InputBounds.years` (1900–2200), or a problem that quotes the text and the bound.
  ///
  /// Stored dates are decoded with the wider `init(iso:)`, so an older record always reads.
  public static func parse(_ text: String) throws(InputProblem) -> LocalDate {
    let trimmed = text.trimmingWhitespace()
    guard let date = LocalDate(iso: trimmed) else {
      throw .unreadable(text, as: "a real date; use YYYY-MM-DD (a day the calendar has)")
    }
    try date.checkPlausible(text: trimmed)
    return date
  }

  /// Refuses a date outside `InputBounds.years` (typically a typo such as 0026 for 2026).
  public func checkPlausible(text: String? = nil) throws(InputProblem) {
    let years = InputBounds.years
    guard years.contains(year) else {
      throw .outOfRange(
        text ?? description, what: "date", bound: "use a year from \(years.lowerBound) to \(years.upperBound)")
    }
  }
}
