import Foundation

/// A calendar day with no time zone: what a patient means by "15 March".
public struct LocalDate: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// The year, e.g. 2026.
  public var year: Int
  /// The month, 1–12.
  public var month: Int
  /// The day of the month, 1–31.
  public var day: Int

  /// Creates a date if it exists in the Gregorian calendar (no 30 February).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
      day <= LocalDate.daysIn(month: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`.
  public init?(iso text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let y = Int(parts[0]), let m = Int(parts[1]),
      let d = Int(parts[2])
    else { return nil }
    self.init(year: y, month: m, day: d)
  }

  /// Days in a month, with leap years.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// Days since 1970-01-01 (negative before), by the proleptic Gregorian calendar.
  public var dayNumber: Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = (month + 9) % 12
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }

  /// The date `dayNumber` days after 1970-01-01.
  public init(dayNumber z: Int) {
    let z = max(-LocalDate.dayNumberLimit, min(LocalDate.dayNumberLimit, z)) + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    year = yoe + era * 400 + (m <= 2 ? 1 : 0)
    month = m
    day = d
  }

  /// The date `days` later (or earlier, when negative).
  ///
  /// Held within a few million years of now instead of overflowing, so a stored absurd value
  /// (from an older version) never traps the arithmetic that reads it.
  public func adding(days: Int) -> LocalDate {
    let limit = LocalDate.dayNumberLimit
    return LocalDate(dayNumber: max(-limit, min(limit, dayNumber.saturatingAdding(days))))
  }

  /// Day numbers beyond this (about 2.7 million years) are held at it by the arithmetic.
  static let dayNumberLimit = 1_000_000_000

  /// Whole days from `self` to `other`.
  public func days(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

  /// ISO weekday: 1 = Monday … 7 = Sunday.
  public var weekday: Int {
    let w = (dayNumber + 3) % 7  // 1970-01-01 was a Thursday
    return (w < 0 ? w + 7 : w) + 1
  }

  /// `month` months later, keeping the day or, if the month is shorter, using its last day.
  ///
  /// Always moves when `months` is not 0, even past the years a date may be typed in (a loop
  /// over months must end), and holds instead of overflowing.
  public func adding(months: Int) -> LocalDate {
    let limit = LocalDate.dayNumberLimit / 28
    let total = max(
      -limit, min(limit, year.saturatingMultiplied(by: 12).saturatingAdding(month - 1).saturatingAdding(months)))
    var y = total / 12, m = total % 12 + 1
    if m <= 0 {
      m += 12
      y -= 1
    }
    let d = min(day, LocalDate.daysIn(month: m, year: y))
    return LocalDate(uncheckedYear: y, month: m, day: d)
  }

  private init(uncheckedYear year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

  /// `YYYY-MM-DD`.
  public var description: String {
    String(format: "%04d-%02d-%02d", year, month, day)
  }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = LocalDate(iso: text) else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "not a YYYY-MM-DD date"))
    }
    self = date
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

/// A wall-clock time of day, such as 08:00.
public struct LocalTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
  /// Hour, 0–23.
  public var hour: Int
  /// Minute, 0–59.
  public var minute: Int

  /// Creates a time if it exists.
  public init?(hour: Int, minute: Int) {
    guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
    self.hour = hour
    self.minute = minute
  }

  /// Parses `HH:MM`.
  public init?(text: String) {
    let parts = text.split(separator: ":")
    guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
      parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }), let h = Int(parts[0]), let m = Int(parts[1])
    else { return nil }
    self.init(hour: h, minute: m)
  }

  /// 00:00.
  public static let midnight = LocalTime(uncheckedHour: 0, minute: 0)

  private init(uncheckedHour hour: Int, minute: Int) {
    self.hour = hour
    self.minute = minute
  }

  /// Minutes since midnight.
  public var minutes: Int { hour * 60 + minute }

  public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.minutes < rhs.minutes }

  /// `HH:MM`.
  public var description: String { String(format: "%02d:%02d", hour, minute) }

  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let time = LocalTime(text: text) else {
      throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an HH:MM time"))
    }
    self = time
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}

extension LocalDate {
  /// The calendar day of an instant in a time zone.
  public init(_ instant: Date, in timeZone: TimeZone) {
    let offsets = ZoneOffsets.cache(for: timeZone)
    // Saturating: a stored instant from any version (even millions of years off) has a day.
    let seconds = Int(saturating: floor(instant.timeIntervalSince1970)).saturatingAdding(
      offsets.secondsFromGMT(for: instant))
    self.init(dayNumber: Int(saturating: floor(Double(seconds) / 86_400)))
  }

  /// The instant this day reaches `time` on the wall clock in `timeZone`. A time skipped by a
  /// daylight-saving change moves forward by the gap; a repeated time means its first occurrence.
  public func instant(at time: LocalTime, in timeZone: TimeZone) -> Date {
    let offsets = ZoneOffsets.cache(for: timeZone)
    let wall = Double(dayNumber) * 86_400 + Double(time.minutes * 60)
    // Try the offsets in force around that wall time; keep the earliest that round-trips.
    let guess = Date(timeIntervalSince1970: wall)
    // One offset all day either side (the usual case): every candidate is that offset, and so is
    // the fallback below, so the answer is the wall time less it.
    if let constant = offsets.constantOffset(
      from: guess.addingTimeInterval(-86_400), through: guess.addingTimeInterval(86_400))
    {
      return Date(timeIntervalSince1970: wall - Double(constant))
    }
    let around = Set(
      [-86_400, -43_200, 0, 43_200, 86_400].map {
        offsets.secondsFromGMT(for: guess.addingTimeInterval(Double($0)))
      })
    let candidates = around.map { Date(timeIntervalSince1970: wall - Double($0)) }
      .filter { Double(offsets.secondsFromGMT(for: $0)) + $0.timeIntervalSince1970 == wall }
      .sorted()
    if let first = candidates.first { return first }
    // In a spring-forward gap: use the offset from before the gap, which lands after it.
    let before = offsets.secondsFromGMT(for: guess.addingTimeInterval(-86_400))
    return Date(timeIntervalSince1970: wall - Double(before))
  }
}

/// A time zone's offsets from GMT, remembered as spans between the zone's transitions, so that
/// the many offset lookups of a long schedule cost a binary search instead of a time-zone
/// calculation each (offsets change at most a few times a year).
///
/// A span `[start, end)` is learnt from one lookup at `start` and the zone's next transition
/// after it (`end`); the zone's offset does not change between transitions.
final class ZoneOffsets: @unchecked Sendable {
  private struct Span {
    var start: Double
    var end: Double
    var offset: Int
  }

  private let zone: TimeZone
  private let lock = NSLock()
  /// Disjoint, sorted by `start`.
  private var spans: [Span] = []

  private init(zone: TimeZone) { self.zone = zone }

  private static let lock = NSLock()
  nonisolated(unsafe) private static var zones: [TimeZone: ZoneOffsets] = [:]
  nonisolated(unsafe) private static var last: ZoneOffsets?

  /// The shared cache for `zone`.
  static func cache(for zone: TimeZone) -> ZoneOffsets {
    lock.lock()
    defer { lock.unlock() }
    if let last, last.zone == zone { return last }
    let found = zones[zone] ?? ZoneOffsets(zone: zone)
    if zones.count > 64 { zones.removeAll() }
    zones[zone] = found
    last = found
    return found
  }

  /// The span holding `t`: its index in `spans`, or where a span starting at `t` would go.
  private func search(_ t: Double) -> (index: Int, found: Bool) {
    var low = 0, high = spans.count
    while low < high {
      let mid = (low + high) / 2
      if spans[mid].start <= t { low = mid + 1 } else { high = mid }
    }
    // `low` is the first span starting after `t`; the one before may hold it.
    if low > 0, t < spans[low - 1].end { return (low - 1, true) }
    return (low, false)
  }

  /// The span holding `t`, learnt from the zone when not yet known (call with the lock held).
  private func span(_ t: Double) -> Span {
    let (index, found) = search(t)
    if found { return spans[index] }
    let date = Date(timeIntervalSince1970: t)
    let offset = zone.secondsFromGMT(for: date)
    let end = zone.nextDaylightSavingTimeTransition(after: date)?.timeIntervalSince1970 ?? .infinity
    guard end > t else { return Span(start: t, end: t, offset: offset) }
    // The span after `t`'s insertion point that ends at the same transition is the same span.
    if index < spans.count, spans[index].end == end, spans[index].offset == offset {
      spans[index].start = t
      return spans[index]
    }
    var span = Span(start: t, end: end, offset: offset)
    if index < spans.count, spans[index].start < end { span.end = spans[index].start }
    spans.insert(span, at: index)
    return span
  }

  /// The offset in force at `date`, as `TimeZone.secondsFromGMT(for:)`.
  func secondsFromGMT(for date: Date) -> Int {
    let t = date.timeIntervalSince1970
    lock.lock()
    defer { lock.unlock() }
    return span(t).offset
  }

  /// The offset when it is the same from `start` through `end`, with no transition between.
  func constantOffset(from start: Date, through end: Date) -> Int? {
    let a = start.timeIntervalSince1970, b = end.timeIntervalSince1970
    lock.lock()
    defer { lock.unlock() }
    let span = span(a)
    return b < span.end ? span.offset : nil
  }
}
