import Foundation

/// Parses the times patients type: ISO 8601 (`2026-03-01T21:00`, with or without an offset),
/// a date (`2026-03-01`), a wall-clock time today (`21:00`), or `yesterday 21:00`,
/// `today 8:15`, `now`.
public enum TimeExpression {
  /// Why a time did not parse.
  public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A lowercase sentence that quotes the input.
    public var description: String
  }

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
      return date.instant(at: .midnight, in: timeZone)
    }
    if let instant = isoInstant(trimmed, timeZone: timeZone) { return instant }
    if words.count == 2, let date = LocalDate(iso: words[0]) {
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
    if let date = LocalDate(iso: trimmed) { return date }
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
        description: "'\(TerminalText.sanitized(original, keepNewlines: false))' has no valid time of day (HH:MM, 00:00–23:59)")
    }
    return day.instant(at: time, in: timeZone)
  }

  /// `YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM]`; without an offset, wall time in `timeZone`.
  private static func isoInstant(_ text: String, timeZone: TimeZone) -> Date? {
    let parts = text.split(separator: "t", maxSplits: 1).map(String.init)
    guard parts.count == 2, let date = LocalDate(iso: parts[0]) else { return nil }
    var clock = parts[1]
    var offset: Int?
    if clock.hasSuffix("z") {
      clock.removeLast()
      offset = 0
    } else if let sign = clock.lastIndex(where: { $0 == "+" || $0 == "-" }) {
      let zone = clock[clock.index(after: sign)...].split(separator: ":")
      guard zone.count <= 2, let hours = Int(zone[0].prefix(2)) else { return nil }
      let minutes = zone.count == 2 ? Int(zone[1]) ?? 0 : Int(zone[0].dropFirst(2)) ?? 0
      offset = (hours * 3600 + minutes * 60) * (clock[sign] == "-" ? -1 : 1)
      clock = String(clock[..<sign])
    }
    let fields = clock.split(separator: ":").map(String.init)
    guard (2...3).contains(fields.count), let hour = Int(fields[0]), let minute = Int(fields[1]),
      let time = LocalTime(hour: hour, minute: minute)
    else { return nil }
    var seconds = 0.0
    if fields.count == 3 {
      guard let parsed = Double(fields[2]), (0..<60).contains(parsed) else { return nil }
      seconds = parsed
    }
    if let offset {
      let wall = Double(date.dayNumber * 86_400 + time.minutes * 60) + seconds
      return Date(timeIntervalSince1970: wall - Double(offset))
    }
    return date.instant(at: time, in: timeZone).addingTimeInterval(seconds)
  }
}
