import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase

/// `LocalDate.instant(at:in:)` and `LocalDate(_:in:)` remember a zone's offsets between
/// transitions; they must answer exactly as the uncached calculation they replaced.
@Suite("Zone offset cache")
struct ZoneOffsetCacheTests {
  /// The calculation before the cache, straight from Foundation.
  static func referenceInstant(_ date: LocalDate, at time: LocalTime, in timeZone: TimeZone) -> Date {
    let wall = Double(date.dayNumber * 86_400 + time.minutes * 60)
    let guess = Date(timeIntervalSince1970: wall)
    let offsets = Set(
      [-86_400, -43_200, 0, 43_200, 86_400].map { timeZone.secondsFromGMT(for: guess.addingTimeInterval(Double($0))) })
    let candidates = offsets.map { Date(timeIntervalSince1970: wall - Double($0)) }
      .filter { Double(timeZone.secondsFromGMT(for: $0)) + $0.timeIntervalSince1970 == wall }
      .sorted()
    if let first = candidates.first { return first }
    let before = timeZone.secondsFromGMT(for: guess.addingTimeInterval(-86_400))
    return Date(timeIntervalSince1970: wall - Double(before))
  }

  static func referenceDay(_ instant: Date, in timeZone: TimeZone) -> LocalDate {
    let seconds = Int(floor(instant.timeIntervalSince1970)) + timeZone.secondsFromGMT(for: instant)
    return LocalDate(dayNumber: Int(floor(Double(seconds) / 86_400)))
  }

  static let zones: [TimeZone] =
    [
      "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu",
      "America/Sao_Paulo", "Africa/Casablanca", "Europe/Moscow", "America/Santiago", "UTC",
    ].compactMap { TimeZone(identifier: $0) } + [TimeZone(secondsFromGMT: 5400)!]

  @Test("wall-clock instants match the uncached calculation in many zones, in both directions of time")
  func instants() {
    let times = ["00:00", "00:30", "01:30", "02:00", "02:30", "03:00", "08:00", "23:59"].compactMap {
      LocalTime(text: $0)
    }
    let first = LocalDate(iso: "2008-01-01")!.dayNumber, last = LocalDate(iso: "2030-12-31")!.dayNumber
    for zone in Self.zones {
      // Forwards, then backwards over the same days, with a fresh order each time.
      for day in stride(from: first, through: last, by: 3) {
        let date = LocalDate(dayNumber: day)
        for time in times {
          #expect(
            date.instant(at: time, in: zone) == Self.referenceInstant(date, at: time, in: zone),
            "\(zone.identifier) \(date) \(time)")
        }
      }
      for day in stride(from: last, through: first, by: -2) {
        let date = LocalDate(dayNumber: day)
        let time = times[day % times.count]
        #expect(
          date.instant(at: time, in: zone) == Self.referenceInstant(date, at: time, in: zone),
          "\(zone.identifier) \(date) \(time)")
      }
    }
  }

  @Test("calendar days of instants match the uncached calculation around every transition")
  func days() {
    let start = ISO8601DateFormatter().date(from: "2009-06-01T00:00:00Z")!
    for zone in Self.zones {
      var t = start.timeIntervalSince1970
      var step = 0.0
      while t < start.timeIntervalSince1970 + 20 * 365 * 86_400 {
        let instant = Date(timeIntervalSince1970: t)
        #expect(LocalDate(instant, in: zone) == Self.referenceDay(instant, in: zone), "\(zone.identifier) \(instant)")
        step = (step + 1).truncatingRemainder(dividingBy: 7)
        t += 3_600 * (5 + step) + 900
      }
    }
  }
}
