import Foundation

/// Parses the times patients type: ISO 8601 (`2026-03-01T21:00`, with or without an offset),
/// a date (`2026-03-01`), a wall-clock time today (`21:00`), or `yesterday 21:00`,
/// `today 8:15`, `now`.
public enum TimeExpression {
  /// Why a time did not parse: a lowercase sentence that quotes the input and any bound broken.
  public typealias Problem = InputProblem

  /// The instant `text` names, read in `timeZone` relative to `now`.
  public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws(Problem) -> Date {
    let trimmed = text.trimmingWhitespace().lowercased()
    let today = LocalDate(now, in: timeZone)
    if trimmed == "now" { return now }
    let words = trimmed.split(separator: " ").map(String.init)
    if words.count == 2, let day = relativeDay(words[0], today: today) {
      return try wallTime(words[1], on: day, timeZone: timeZone, original: text)
    }
    if words.count == 1, let day = relativeDay(words[0], today: today) {
      return day.instant(at: .midnight, in: timeZone)
    }
    if words.count == 1, LocalTime(text: trimmed) != nil {
      return try wallTime(trimmed, on: today, timeZone: timeZone, original: text)
    }
    if let date = LocalDate(iso: trimmed) {
      try date.checkPlausible(text: text)
      return date.instant(at: .midnight, in: timeZone)
    }
    if let instant = try isoInstant(trimmed, timeZone: timeZone, original: text) { return instant }
    if words.count == 2, let date = LocalDate(iso: words[0]) {
      try date.checkPlausible(text: text)
      return try wallTime(words[1], on: date, timeZone: timeZone, original: text)
    }
    throw Problem(
      description:
        "cannot read '\(TerminalText.sanitized(text, keepNewlines: false))' as a time; use e.g. 21:00, 'yesterday 21:00' or 2026-03-01T21:00"
    )
  }

  /// Parses a calendar date: `YYYY-MM-DD`, `today`, `yesterday`.
  public static func date(_ text: String, now: Date, timeZone: TimeZone) throws(Problem) -> LocalDate {
    let trimmed = text.trimmingWhitespace().lowercased()
    if let day = relativeDay(trimmed, today: LocalDate(now, in: timeZone)) { return day }
    if let date = LocalDate(iso: trimmed) {
      try date.checkPlausible(text: text)
      return date
    }
    throw Problem(
      description:
        "'\(TerminalText.sanitized(text, keepNewlines: false))' is not a date; use YYYY-MM-DD (a real calendar day)")
  }

  private static func relativeDay(_ word: String, today: LocalDate) -> LocalDate? {
    switch word {
    case "today": today
    case "yesterday": today.adding(days: -1)
    default: nil
    }
  }

  private static func wallTime(_ text: String, on day: LocalDate, timeZone: TimeZone, original: String) throws(Problem)
    -> Date
  {
    guard let time = LocalTime(text: text) else {
      throw Problem(
        description:
          "'\(TerminalText.sanitized(original, keepNewlines: false))' has no valid time of day (HH:MM, 00:00–23:59)")
    }
    return day.instant(at: time, in: timeZone)
  }

  /// `YYYY-MM-DDTHH:MM[:SS[.fff]][Z|±HH[:MM]]`; without an offset, wall time in `timeZone`. Nil when
  /// the text is not shaped like one; a problem when it is but a part is out of range.
  private static func isoInstant(_ text: String, timeZone: TimeZone, original: String) throws(Problem) -> Date? {
    let parts = text.split(separator: "t", maxSplits: 1).map(String.init)
    guard parts.count == 2, let date = LocalDate(iso: parts[0]) else { return nil }
    try date.checkPlausible(text: original)
    var clock = Substring(parts[1])
    var offset: Int?
    if let sign = clock.firstIndex(where: { $0 == "+" || $0 == "-" || $0 == "z" }) {
      offset = try UTCOffset(parsing: clock[sign...]).seconds
      clock = clock[..<sign]
    }
    let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
    guard (2...3).contains(fields.count), fields[0].count <= 2, fields[1].count == 2,
      fields.prefix(2).allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
      let hour = Int(fields[0]), let minute = Int(fields[1]), let time = LocalTime(hour: hour, minute: minute)
    else {
      throw Problem(
        description: "\(InputProblem.quoted(original)) has no valid time of day (HH:MM[:SS], 00:00–23:59)")
    }
    var seconds = 0.0
    if fields.count == 3 {
      let text = fields[2]
      guard text.count >= 2, text.prefix(2).allSatisfy({ $0.isASCII && $0.isNumber }),
        let parsed = CheckedNumber.plainDecimal(text), (0..<60).contains(parsed)
      else {
        throw .outOfRange(original, what: "time", bound: "seconds must be 00–59")
      }
      seconds = parsed
    }
    if let offset {
      let wall = Double(date.dayNumber) * 86_400 + Double(time.minutes * 60) + seconds
      return Date(timeIntervalSince1970: wall - Double(offset))
    }
    return date.instant(at: time, in: timeZone).addingTimeInterval(seconds)
  }
}
