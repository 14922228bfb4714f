import Foundation

/// Parses the times patients type, in their time zone relative to `now`:
///
/// - `now`; a time of day, `21:30`, `9pm`, `8:15 am`; a day and a time, `yesterday 9pm`,
///   `today 08:00`, `monday 08:00` (also `monday at 8am`); a day alone means its midnight;
/// - how long ago, `2 hours ago`, `30 min ago`, `3 days ago` (days keep the wall-clock time);
/// - ISO 8601: `2026-03-01T21:00` (with or without seconds and an offset), `2026-03-01`,
///   `2026-03-01 21:00`.
///
/// A time of day or a weekday on its own names the most recent such moment, never one in the
/// future: at 08:00, `9pm` is last night and `monday` on a Sunday is six days ago. People log what
/// has happened; a time later today would only be refused by every command that takes it.
/// `today 9pm` still means today, so the command can say it is in the future.
public enum TimeExpression {
  /// Why a time did not parse: a lowercase sentence that quotes the input and any bound broken.
  public typealias Problem = InputProblem

  /// How far a moment may lie from now (a clock running slightly ahead is not the future).
  static let grace: TimeInterval = 60

  /// The instant `text` names, read in `timeZone` relative to `now`.
  public static func parse(_ text: String, now: Date, timeZone: TimeZone) throws(Problem) -> Date {
    let trimmed = text.trimmingWhitespace().lowercased()
    let today = LocalDate(now, in: timeZone)
    if trimmed == "now" { return now }
    var words = trimmed.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    if words.last == "ago" { return try ago(Array(words.dropLast()), now: now, timeZone: timeZone, original: text) }
    // "9 pm", "monday at 8am": one day word and one time word.
    if words.count >= 2, ["am", "pm"].contains(words[words.count - 1]) {
      let meridiem = words.removeLast()
      words[words.count - 1] += meridiem
    }
    if words.count == 3, words[1] == "at" { words.remove(at: 1) }
    if words.count == 2, let day = relativeDay(words[0], today: today) {
      return try wallTime(words[1], on: day, timeZone: timeZone, original: text)
    }
    if words.count == 2, let weekday = weekday(words[0]) {
      let time = try clock(words[1], original: text)
      return mostRecent(time, weekday: weekday, now: now, timeZone: timeZone)
    }
    if words.count == 1, let day = relativeDay(words[0], today: today) {
      return day.instant(at: .midnight, in: timeZone)
    }
    if words.count == 1, let weekday = weekday(words[0]) {
      return mostRecent(.midnight, weekday: weekday, now: now, timeZone: timeZone)
    }
    if words.count == 1, let time = try clockTime(words[0], original: text) {
      return mostRecent(time, weekday: nil, now: now, timeZone: timeZone)
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
        "cannot read \(InputProblem.quoted(text)) as a time; use e.g. now, 21:30, 9pm, '2 hours ago', "
        + "'yesterday 9pm', 'monday 08:00' or 2026-03-01T21:00")
  }

  /// Parses a calendar date: `YYYY-MM-DD`, `today`, `yesterday`, or a weekday (the most recent one,
  /// today included).
  public static func date(_ text: String, now: Date, timeZone: TimeZone) throws(Problem) -> LocalDate {
    let trimmed = text.trimmingWhitespace().lowercased()
    let today = LocalDate(now, in: timeZone)
    if let day = relativeDay(trimmed, today: today) { return day }
    if let weekday = weekday(trimmed) { return today.adding(days: -((today.weekday - weekday + 7) % 7)) }
    if let date = LocalDate(iso: trimmed) {
      try date.checkPlausible(text: text)
      return date
    }
    throw Problem(
      description:
        "\(InputProblem.quoted(text)) is not a date; use YYYY-MM-DD (a real calendar day), today, yesterday or a weekday"
    )
  }

  /// A time of day as people write it: `21:30`, `8:05`, `9pm`, `9:30pm`, `12am` (midnight). Nil
  /// when `text` is not shaped like one; a problem when it is but cannot be a time (`25pm`, `99:00`).
  public static func clockTime(_ text: String) throws(Problem) -> LocalTime? {
    try clockTime(text.trimmingWhitespace().lowercased().replacingOccurrences(of: " ", with: ""), original: text)
  }

  private static func clockTime(_ text: String, original: String) throws(Problem) -> LocalTime? {
    var body = Substring(text)
    var meridiem: String?
    for suffix in ["am", "pm"] where body.hasSuffix(suffix) {
      meridiem = suffix
      body = body.dropLast(2)
    }
    let fields = body.split(separator: ":", omittingEmptySubsequences: false)
    guard (1...2).contains(fields.count), fields.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) }),
      fields[0].count <= 2, fields.count == 2 || meridiem != nil, fields.count == 1 || fields[1].count == 2,
      let hour = Int(fields[0]), let minute = Int(fields.count == 2 ? fields[1] : "0")
    else { return nil }
    guard let meridiem else {
      guard let time = LocalTime(hour: hour, minute: minute) else {
        throw .outOfRange(original, what: "time", bound: "use 00:00–23:59, or 1–12 with am or pm")
      }
      return time
    }
    guard (1...12).contains(hour), (0...59).contains(minute) else {
      throw .outOfRange(original, what: "time", bound: "use 1–12 with am or pm (9pm, 9:30am), or 00:00–23:59")
    }
    return LocalTime(hour: hour % 12 + (meridiem == "pm" ? 12 : 0), minute: minute)
  }

  private static func clock(_ text: String, original: String) throws(Problem) -> LocalTime {
    guard let time = try clockTime(text, original: original) else {
      throw Problem(
        description: "\(InputProblem.quoted(original)) has no valid time of day (e.g. 08:00, 21:30 or 9pm)")
    }
    return time
  }

  /// The latest moment at `time` (on a `weekday`, when given) that is not after `now`.
  private static func mostRecent(_ time: LocalTime, weekday: Int?, now: Date, timeZone: TimeZone) -> Date {
    let today = LocalDate(now, in: timeZone)
    var day = weekday.map { today.adding(days: -((today.weekday - $0 + 7) % 7)) } ?? today
    var instant = day.instant(at: time, in: timeZone)
    if instant > now.addingTimeInterval(grace) {
      day = day.adding(days: weekday == nil ? -1 : -7)
      instant = day.instant(at: time, in: timeZone)
    }
    return instant
  }

  /// `2 hours ago`, `30 min ago`, `an hour ago`, `3 days ago`, `1 week ago`: minutes and hours are
  /// elapsed time, days and weeks keep the wall-clock time (so `1 day ago` across a clock change is
  /// still this time yesterday).
  private static func ago(_ words: [String], now: Date, timeZone: TimeZone, original: String) throws(Problem) -> Date {
    let joined = words.joined()
    let number = joined.prefix { $0.isASCIIDigit || $0 == "." }
    let unitText =
      words.count == 2 && ["a", "an"].contains(words[0]) ? words[1] : String(joined.dropFirst(number.count))
    let amount =
      number.isEmpty && words.count == 2 && ["a", "an"].contains(words[0]) ? 1 : CheckedNumber.plainDecimal(number)
    let units: [(names: Set<String>, seconds: Double, calendarDays: Int?)] = [
      (["m", "min", "mins", "minute", "minutes"], 60, nil),
      (["h", "hr", "hrs", "hour", "hours"], 3600, nil),
      (["d", "day", "days"], 86_400, 1),
      (["w", "wk", "wks", "week", "weeks"], 7 * 86_400, 7),
    ]
    guard (1...3).contains(words.count), let amount, amount >= 0,
      let unit = units.first(where: { $0.names.contains(unitText) })
    else {
      throw Problem(
        description:
          "cannot read \(InputProblem.quoted(original)) as a time; write how long ago as e.g. '2 hours ago', "
          + "'30 min ago' or '3 days ago'")
    }
    let limit = Double(InputBounds.maximumDays)
    guard amount * unit.seconds / 86_400 <= limit else {
      throw .outOfRange(original, what: "time", bound: "go back at most \(InputBounds.maximumDays) days (100 years)")
    }
    guard let days = unit.calendarDays else {
      let instant = now.addingTimeInterval(-amount * unit.seconds)
      try LocalDate(instant, in: timeZone).checkPlausible(text: original)
      return instant
    }
    guard amount == amount.rounded() else {
      throw .outOfRange(original, what: "time", bound: "count days and weeks in whole numbers, or use hours")
    }
    // The same wall-clock time, that many days back.
    let offset = ZoneOffsets.cache(for: timeZone).secondsFromGMT(for: now)
    let wall = now.timeIntervalSince1970 + Double(offset)
    let secondsIntoDay = wall - floor(wall / 86_400) * 86_400
    let minutes = Int(secondsIntoDay / 60)
    let day = LocalDate(now, in: timeZone).adding(days: -Int(amount) * days)
    try day.checkPlausible(text: original)
    let time = LocalTime(hour: minutes / 60, minute: minutes % 60) ?? .midnight
    return day.instant(at: time, in: timeZone).addingTimeInterval(secondsIntoDay - Double(minutes * 60))
  }

  private static func relativeDay(_ word: String, today: LocalDate) -> LocalDate? {
    switch word {
    case "today": today
    case "yesterday": today.adding(days: -1)
    default: nil
    }
  }

  /// 1 = Monday … 7 = Sunday for a weekday's name or its three-letter short form.
  private static func weekday(_ word: String) -> Int? {
    let names = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    return names.firstIndex { $0 == word || (word.count == 3 && $0.hasPrefix(word)) }.map { $0 + 1 }
  }

  private static func wallTime(_ text: String, on day: LocalDate, timeZone: TimeZone, original: String) throws(Problem)
    -> Date
  {
    day.instant(at: try clock(text, original: original), in: timeZone)
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

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
