import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase

/// Every number, amount, date, time, offset and length a user or a file gives goes through one checked
/// parser, which refuses what is out of bounds with a message that quotes the value and names the bound.
@Suite("Checked input parsers")
struct CheckedParserTests {
  static let now = at("2026-12-01", "12:00")
  static let utc = TimeZone(identifier: "UTC")!

  func problem(_ body: () throws -> Void) -> String? {
    do {
      try body()
      return nil
    } catch {
      return "\(error)"
    }
  }

  @Test(
    "an ISO time ending in + or -, with a huge offset, or an offset past ±18:00 or 59 minutes is refused",
    arguments: [
      "2026-11-30T10:00+", "2026-11-30T10:00-", "2026-11-30T10:00+99999999999999999999",
      "2026-11-30T10:00+9999999999999999", "2026-11-30T10:00+25:00", "2026-11-30T10:00+14:61",
      "2026-11-30T10:00:-1", "2026-11-30T10:00-18:01", "2026-11-30T10:00+1:00", "2026-11-30T10:00+01:0",
    ])
  func badOffsets(_ text: String) {
    let message = problem { _ = try TimeExpression.parse(text, now: Self.now, timeZone: Self.utc) }
    #expect(message != nil, "\(text) was accepted")
  }

  @Test("offsets out of range name the bound")
  func offsetBoundInMessage() {
    for text in ["+25:00", "+14:61", "-19"] {
      let message = problem { _ = try UTCOffset(parsing: text) }
      #expect(message?.contains("'\(text)'") == true, "\(message ?? "accepted")")
      #expect(message?.contains("18:00") == true, "\(message ?? "accepted")")
    }
  }

  @Test("well-formed offsets read as before")
  func goodOffsets() throws {
    #expect(try UTCOffset(parsing: "Z").seconds == 0)
    #expect(try UTCOffset(parsing: "+05:30").seconds == 19_800)
    #expect(try UTCOffset(parsing: "-0800").seconds == -28_800)
    #expect(try UTCOffset(parsing: "+01").seconds == 3600)
    #expect(try UTCOffset(parsing: "+18:00").seconds == 64_800)
    let parsed = try TimeExpression.parse("2026-06-01T08:30:15.5-03:00", now: Self.now, timeZone: Self.utc)
    #expect(parsed == instant("2026-06-01T11:30:15Z").addingTimeInterval(0.5))
  }

  @Test(
    "dates outside 1900–2200 are refused, naming the years",
    arguments: ["0026-12-01", "9999-12-31", "1899-12-31", "2201-01-01"])
  func implausibleYears(_ text: String) {
    for parse in [
      { _ = try LocalDate.parse(text) }, { _ = try TimeExpression.date(text, now: Self.now, timeZone: Self.utc) },
      { _ = try TimeExpression.parse(text + "T10:00", now: Self.now, timeZone: Self.utc) },
    ] as [() throws -> Void] {
      let message = problem(parse)
      #expect(message?.contains(text) == true, "\(message ?? "accepted")")
      #expect(message?.contains("1900 to 2200") == true, "\(message ?? "accepted")")
    }
    // Stored dates still decode with the wide reader.
    #expect(LocalDate(iso: text) != nil)
  }

  @Test("signs and spaces inside a date or a clock are not numbers")
  func strictDigits() {
    #expect(LocalDate(iso: "2026-+1-01") == nil)
    #expect(LocalTime(text: "+1:00") == nil)
    #expect(LocalTime(text: "-1:00") == nil)
  }

  @Test("absurd amounts are refused with the unit's bound; plausible ones read")
  func quantities() throws {
    for text in ["100000000000000000000000 mg", "100001 mg", "0 mg", "101 g", "1001 ml", "101 tablets", "21 patches"] {
      let message = problem { _ = try Quantity.parse(text) }
      #expect(
        message?.contains("out of range") == true && message?.contains("at most") == true,
        "\(text): \(message ?? "accepted")")
    }
    for text in ["1e23 mg", "nan mg", "inf mg", "1..2 mg", ". mg", "-5 mg"] {
      #expect(problem { _ = try Quantity.parse(text) } != nil, "\(text) was accepted")
    }
    #expect(try Quantity.parse("31 injections") == Quantity(value: 31, unit: .injection))
    #expect(try Quantity.parse("100000 mg") == Quantity(value: 100_000, unit: .mg))
    #expect(try Quantity.parse("0.5ml") == Quantity(value: 0.5, unit: .ml))
    #expect(Quantity(text: "100000000000000000000000 mg") == nil)
  }

  @Test("any stored amount prints without trapping")
  func storedAmountsPrint() {
    #expect(Quantity(value: 1e23, unit: .mg).description == "1e+23 mg")
    #expect(Quantity(value: .infinity, unit: .mg).description == "inf mg")
    #expect(Quantity(value: .nan, unit: .mg).description == "nan mg")
    #expect(Quantity(value: 60, unit: .mg).description == "60 mg")
    #expect(Quantity(value: 9.3e18, unit: .mg).description == "9.3e+18 mg")
  }

  @Test("lengths such as --last read up to their bound, and Int.max weeks is refused, not multiplied")
  func dayCounts() throws {
    #expect(try DayCount.parse("90d", what: "--last") == 90)
    #expect(try DayCount.parse("12w", what: "--last") == 84)
    #expect(try DayCount.parse("6m", what: "--last") == 180)
    #expect(try DayCount.parse("100y", what: "--last") == 36_500)
    #expect(try DayCount.parse("30", what: "--last") == 30)
    for text in ["9223372036854775807w", "9223372036854775807", "101y", "0d", "-5d", "", "w", "5x"] {
      #expect(problem { _ = try DayCount.parse(text, what: "--last") } != nil, "\(text) was accepted")
    }
    let message = problem { _ = try DayCount.parse("9223372036854775807w", what: "--last", maximum: 3660) }
    #expect(message == "--last '9223372036854775807w' is out of range; use 1 to 3660 days (e.g. 90d, 12w, 6m)")
    #expect(problem { try DayCount.check(Int.max, in: 0...InputBounds.maximumDays, what: "--followup-days") } != nil)
  }

  @Test("whole numbers and decimals are checked against their range, never trapping")
  func numbers() throws {
    #expect(try CheckedNumber.integer("42", in: 0...100, what: "n") == 42)
    for text in ["-9223372036854775808", "9223372036854775808", "99999999999999999999999", "1e3", "", "-", "4 2"] {
      #expect(
        problem { _ = try CheckedNumber.integer(text, in: InputBounds.wholeNumbers, what: "n") } != nil, "\(text)")
    }
    #expect(try CheckedNumber.decimal("1.5", in: 0...744, what: "h") == 1.5)
    for text in ["nan", "inf", "1e300", "-1", "745"] {
      #expect(problem { _ = try CheckedNumber.decimal(text, in: 0...744, what: "h") } != nil, "\(text)")
    }
    #expect(problem { try CheckedNumber.check(Double.nan, in: 0...168, what: "minimum hours") } != nil)
  }

  @Test("an option number such as Int.min is simply not an option")
  func optionNumbers() {
    #expect(OptionNumber.index("2", count: 3) == 1)
    for text in ["-9223372036854775808", "9223372036854775807", "0", "4", "-1", "+1", "", "1.0"] {
      #expect(OptionNumber.index(text, count: 3) == nil, "\(text)")
    }
  }

  @Test("saturating conversions and date arithmetic never trap")
  func saturating() {
    #expect(Int(saturating: 1e23) == .max)
    #expect(Int(saturating: -1e23) == .min)
    #expect(Int(saturating: .nan) == 0)
    #expect(Int(saturating: .infinity) == .max)
    #expect(Int(saturating: 42.9) == 42)
    #expect(Int.max.saturatingAdding(1) == .max)
    #expect(Int.min.saturatingMultiplied(by: 2) == .min)
    let date = day("2026-12-01")
    _ = date.adding(days: .max)
    _ = date.adding(days: .min)
    _ = date.adding(months: .max)
    _ = LocalDate(Date(timeIntervalSince1970: -3.6e19), in: Self.utc)
    _ = LocalDate(Date(timeIntervalSince1970: .infinity), in: Self.utc)
  }

  @Test("adding a month to December 9999 moves on (a month loop over year 9999 ends)")
  func monthsPastYear9999() {
    let december = day("9999-12-01")
    let next = december.adding(months: 1)
    #expect(next > december)
    #expect(next.year == 10_000 && next.month == 1 && next.day == 1)
    #expect(day("2026-01-31").adding(months: 1) == day("2026-02-28"))
    #expect(day("2026-03-31").adding(months: -13) == day("2025-02-28"))
  }
}
