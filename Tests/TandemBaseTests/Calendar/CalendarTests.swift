import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase

@Suite("Calendar")
struct CalendarTests {
  let berlin = TimeZone(identifier: "Europe/Berlin")!
  let newYork = TimeZone(identifier: "America/New_York")!

  func utc(_ text: String) -> Date {
    ISO8601DateFormatter().date(from: text)!
  }

  @Test("dates exist only if the calendar has them, and day numbers round-trip")
  func dates() {
    #expect(LocalDate(iso: "2028-02-29") != nil)
    #expect(LocalDate(iso: "2027-02-29") == nil)
    #expect(LocalDate(iso: "2026-04-31") == nil)
    #expect(LocalDate(iso: "2026-13-01") == nil)
    #expect(LocalDate(iso: "1970-01-01")?.dayNumber == 0)
    for n in stride(from: -800_000, through: 800_000, by: 997) {
      #expect(LocalDate(dayNumber: n).dayNumber == n)
    }
    #expect(LocalDate(iso: "2026-11-29")?.weekday == 7)
    #expect(LocalDate(iso: "2026-01-31")?.adding(months: 1).description == "2026-02-28")
    #expect(LocalDate(iso: "2028-01-31")?.adding(months: 1).description == "2028-02-29")
  }

  @Test("wall-clock instants stay at 08:00 local across daylight-saving changes")
  func daylightSaving() {
    let before = LocalDate(iso: "2026-03-28")!.instant(at: LocalTime(text: "08:00")!, in: berlin)
    let after = LocalDate(iso: "2026-03-29")!.instant(at: LocalTime(text: "08:00")!, in: berlin)
    #expect(before == utc("2026-03-28T07:00:00Z"))
    #expect(after == utc("2026-03-29T06:00:00Z"))
    #expect(after.timeIntervalSince(before) == 23 * 3600)
    // 02:30 does not exist on 8 March 2026 in New York: it moves forward past the gap.
    #expect(
      LocalDate(iso: "2026-03-08")!.instant(at: LocalTime(text: "02:30")!, in: newYork) == utc("2026-03-08T07:30:00Z"))
    // 01:30 happens twice on 1 November 2026: the first one counts.
    #expect(
      LocalDate(iso: "2026-11-01")!.instant(at: LocalTime(text: "01:30")!, in: newYork) == utc("2026-11-01T05:30:00Z"))
    #expect(LocalDate(utc("2026-03-29T22:30:00Z"), in: berlin).description == "2026-03-30")
  }

  @Test("friendly and ISO times")
  func timeExpressions() throws {
    let now = utc("2026-06-10T12:00:00Z")  // 14:00 in Berlin
    // 21:00 today has not come yet: a bare time means the most recent one, last night.
    #expect(try TimeExpression.parse("21:00", now: now, timeZone: berlin) == utc("2026-06-09T19:00:00Z"))
    #expect(try TimeExpression.parse("today 21:00", now: now, timeZone: berlin) == utc("2026-06-10T19:00:00Z"))
    #expect(try TimeExpression.parse("yesterday 21:00", now: now, timeZone: berlin) == utc("2026-06-09T19:00:00Z"))
    #expect(try TimeExpression.parse("2026-06-01T08:30", now: now, timeZone: berlin) == utc("2026-06-01T06:30:00Z"))
    #expect(try TimeExpression.parse("2026-06-01T08:30Z", now: now, timeZone: berlin) == utc("2026-06-01T08:30:00Z"))
    #expect(
      try TimeExpression.parse("2026-06-01T08:30+05:30", now: now, timeZone: berlin) == utc("2026-06-01T03:00:00Z"))
    #expect(try TimeExpression.parse("now", now: now, timeZone: berlin) == now)
    #expect(throws: TimeExpression.Problem.self) { try TimeExpression.parse("25:00", now: now, timeZone: berlin) }
    #expect(throws: TimeExpression.Problem.self) {
      try TimeExpression.parse("2026-02-30T10:00", now: now, timeZone: berlin)
    }
    #expect(throws: TimeExpression.Problem.self) {
      try TimeExpression.parse("last tuesday", now: now, timeZone: berlin)
    }
    #expect(try TimeExpression.date("2028-02-29", now: now, timeZone: berlin).description == "2028-02-29")
    #expect(throws: TimeExpression.Problem.self) { try TimeExpression.date("2027-02-29", now: now, timeZone: berlin) }
  }

  @Test("quantities parse with units and refuse nonsense")
  func quantities() {
    #expect(Quantity(text: "60 mg") == Quantity(value: 60, unit: .mg))
    #expect(Quantity(text: "0.5ml") == Quantity(value: 0.5, unit: .ml))
    #expect(Quantity(text: "2 tablets") == Quantity(value: 2, unit: .tablet))
    #expect(Quantity(text: "60 kg") == nil)
    #expect(Quantity(text: "-5 mg") == nil)
    #expect(Quantity(text: "mg") == nil)
    #expect(Quantity(value: 200, unit: .mg).description == "200 mg")
  }
}
