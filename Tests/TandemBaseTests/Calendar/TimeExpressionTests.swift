import Foundation
import Testing

@testable import TandemBase

/// The times patients type, read on a fixed clock in Berlin: a Wednesday afternoon, and the two
/// days a year the clocks change.
@Suite("Times people type")
struct TimeExpressionTests {
  static let berlin = TimeZone(identifier: "Europe/Berlin")!
  /// Wednesday 10 June 2026, 14:00 in Berlin (summer time, UTC+2).
  static let now = utc("2026-06-10T12:00:00Z")

  static func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

  func parse(_ text: String, now: Date = Self.now) throws -> Date {
    try TimeExpression.parse(text, now: now, timeZone: Self.berlin)
  }

  @Test(
    "friendly forms resolve to the moment a patient means",
    arguments: [
      ("now", "2026-06-10T12:00:00Z"),
      ("8am", "2026-06-10T06:00:00Z"),
      ("8:15 AM", "2026-06-10T06:15:00Z"),
      ("12pm", "2026-06-10T10:00:00Z"),
      ("12am", "2026-06-09T22:00:00Z"),
      ("13:59", "2026-06-10T11:59:00Z"),
      // A minute ahead is a clock running fast, not tomorrow's or yesterday's time.
      ("14:01", "2026-06-10T12:01:00Z"),
      // Later today has not happened yet: the patient means last night.
      ("9pm", "2026-06-09T19:00:00Z"),
      ("21:30", "2026-06-09T19:30:00Z"),
      ("2 hours ago", "2026-06-10T10:00:00Z"),
      ("30 min ago", "2026-06-10T11:30:00Z"),
      ("90 minutes ago", "2026-06-10T10:30:00Z"),
      ("an hour ago", "2026-06-10T11:00:00Z"),
      ("1.5h ago", "2026-06-10T10:30:00Z"),
      ("3 days ago", "2026-06-07T12:00:00Z"),
      ("yesterday 9pm", "2026-06-09T19:00:00Z"),
      ("Yesterday at 9 pm", "2026-06-09T19:00:00Z"),
      ("yesterday 21:00", "2026-06-09T19:00:00Z"),
      ("today 08:00", "2026-06-10T06:00:00Z"),
      ("monday 08:00", "2026-06-08T06:00:00Z"),
      ("mon 8am", "2026-06-08T06:00:00Z"),
      ("sunday at 10pm", "2026-06-07T20:00:00Z"),
      // Today is Wednesday: this morning counts, this evening is a week ago.
      ("wednesday 08:00", "2026-06-10T06:00:00Z"),
      ("wednesday 20:00", "2026-06-03T18:00:00Z"),
      ("thursday", "2026-06-03T22:00:00Z"),
      ("2026-06-01T08:30", "2026-06-01T06:30:00Z"),
      ("2026-06-01T08:30Z", "2026-06-01T08:30:00Z"),
      ("2026-06-01 08:30", "2026-06-01T06:30:00Z"),
      ("2026-06-01", "2026-05-31T22:00:00Z"),
    ])
  func friendly(_ text: String, _ expected: String) throws {
    #expect(try parse(text) == Self.utc(expected), "\(text)")
  }

  @Test(
    "nonsense is refused with a message that quotes it and says what to write",
    arguments: [
      ("25pm", "1–12 with am or pm"),
      ("13pm", "1–12 with am or pm"),
      ("0am", "1–12 with am or pm"),
      ("9:75pm", "1–12 with am or pm"),
      ("99:00", "00:00–23:59"),
      ("25:00", "00:00–23:59"),
      ("yesterday 99:00", "00:00–23:59"),
      ("monday noonish", "no valid time of day"),
      ("1000000 hours ago", "at most 36525 days"),
      ("99999999999999999999 days ago", "at most 36525 days"),
      ("1.5 days ago", "whole numbers"),
      ("-2 hours ago", "'2 hours ago'"),
      ("2 fortnights ago", "'2 hours ago'"),
      ("ago", "'2 hours ago'"),
      ("last tuesday", "cannot read 'last tuesday' as a time"),
      ("9", "cannot read '9' as a time"),
      ("1..5 hours ago", "'2 hours ago'"),
      ("00:30am", "1–12 with am or pm"),
      ("９pm", "cannot read"),
      ("tomorrow 9am", "cannot read 'tomorrow 9am' as a time"),
      ("2201-01-01T10:00", "1900 to 2200"),
      ("2026-02-30T10:00", "cannot read"),
    ])
  func refused(_ text: String, _ message: String) {
    do {
      let instant = try parse(text)
      Issue.record("\(text) read as \(instant)")
    } catch {
      #expect("\(error)".contains(message), "\(text): \(error)")
      #expect("\(error)".contains("'"), "\(text): \(error)")
    }
  }

  @Test("on the spring-forward day, hours are elapsed time and days keep the wall clock")
  func springForward() throws {
    // Sunday 29 March 2026: 02:00 CET became 03:00 CEST. Noon in Berlin is 10:00 UTC.
    let noon = Self.utc("2026-03-29T10:00:00Z")
    #expect(try parse("2 hours ago", now: noon) == Self.utc("2026-03-29T08:00:00Z"))
    #expect(try parse("12 hours ago", now: noon) == Self.utc("2026-03-28T22:00:00Z"))
    #expect(try parse("1 day ago", now: noon) == Self.utc("2026-03-28T11:00:00Z"))
    #expect(try parse("yesterday 9pm", now: noon) == Self.utc("2026-03-28T20:00:00Z"))
    #expect(try parse("8am", now: noon) == Self.utc("2026-03-29T06:00:00Z"))
    #expect(try parse("1am", now: noon) == Self.utc("2026-03-29T00:00:00Z"))
    // 02:30 did not happen that night: it moves forward past the gap, to 03:30 summer time.
    #expect(try parse("2:30am", now: noon) == Self.utc("2026-03-29T01:30:00Z"))
    #expect(try parse("saturday 9pm", now: noon) == Self.utc("2026-03-28T20:00:00Z"))
  }

  @Test("on the fall-back day, a repeated time means its first occurrence")
  func fallBack() throws {
    // Sunday 25 October 2026: 03:00 CEST became 02:00 CET. Noon in Berlin is 11:00 UTC.
    let noon = Self.utc("2026-10-25T11:00:00Z")
    #expect(try parse("2:30am", now: noon) == Self.utc("2026-10-25T00:30:00Z"))
    #expect(try parse("10 hours ago", now: noon) == Self.utc("2026-10-25T01:00:00Z"))
    #expect(try parse("1 day ago", now: noon) == Self.utc("2026-10-24T10:00:00Z"))
    #expect(try parse("9pm", now: noon) == Self.utc("2026-10-24T19:00:00Z"))
  }

  @Test("dates accept weekdays too, the most recent one with today included")
  func dates() throws {
    #expect(try TimeExpression.date("wednesday", now: Self.now, timeZone: Self.berlin).description == "2026-06-10")
    #expect(try TimeExpression.date("Mon", now: Self.now, timeZone: Self.berlin).description == "2026-06-08")
    #expect(try TimeExpression.date("thursday", now: Self.now, timeZone: Self.berlin).description == "2026-06-04")
    #expect(throws: InputProblem.self) { try TimeExpression.date("someday", now: Self.now, timeZone: Self.berlin) }
  }

  @Test("a time of day on its own, for times written beside an attack")
  func clockTimes() throws {
    #expect(try TimeExpression.clockTime("9pm") == LocalTime(hour: 21, minute: 0))
    #expect(try TimeExpression.clockTime("9:30 am") == LocalTime(hour: 9, minute: 30))
    #expect(try TimeExpression.clockTime("14:30") == LocalTime(hour: 14, minute: 30))
    #expect(try TimeExpression.clockTime("yesterday 9pm") == nil)
    #expect(throws: InputProblem.self) { try TimeExpression.clockTime("25pm") }
  }

  @Test("any jumble of the words times are made of reads as a plausible moment or is refused, never traps")
  func jumbles() {
    let tokens = [
      "9", "12", "0", "25", "99", "2026-03-29", "9999999999999999999999", ":", ":30", ".", "-", "am", "pm", " ", " ",
      "ago", "hours", "min", "days", "weeks", "a", "an", "at", "yesterday", "today", "monday", "sun", "now", "t", "z",
      "+01:00", "1.5", "1e9",
    ]
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    var accepted = 0
    for _ in 0..<20_000 {
      let text = (0..<(1 + next(5))).map { _ in tokens[next(tokens.count)] }.joined()
      guard let instant = try? parse(text) else { continue }
      accepted += 1
      #expect(InputBounds.years.contains(LocalDate(instant, in: Self.berlin).year), "\(text) → \(instant)")
      // Only an explicit day, date or offset can name a moment ahead of now.
      let explicit = ["today", "2026-", "t", "+"].contains { text.contains($0) }
      #expect(explicit || instant <= Self.now.addingTimeInterval(60), "\(text) → \(instant)")
    }
    #expect(accepted > 200, "only \(accepted) of the jumbles read as times")
  }
}
