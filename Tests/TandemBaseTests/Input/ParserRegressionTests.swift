import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemTherapy

/// Inputs that once crashed or hung a parser (found by hand or by the fuzzer in Fuzz/), kept so they never do
/// again. Each runs through every checked parser; the test passes when none traps. Add new finds here.
@Suite("Parser regressions")
struct ParserRegressionTests {
  static let crashers: [String] = [
    "", "@", "+", "-", ":", "T", "t",
    "2026-11-30T10:00+", "2026-11-30T10:00-", "2026-11-30T10:00+99999999999999999999",
    "2026-11-30T10:00+9999999999999999", "2026-11-30T10:00+25:00", "2026-11-30T10:00+14:61", "2026-11-30T10:00:-1",
    "9999-12-31", "9999-12-31T23:59+18:00", "0000-01-01T00:00-18:00", "0026-12-01",
    "-9223372036854775808", "9223372036854775807", "9223372036854775807w", "9223372036854775808d",
    "100000000000000000000000 mg", "1e23 mg", "nan mg", "inf mg", "1e308", "-0", ".", "..", "0.", ".5",
    "2026-03-01t", "2026-03-01t:", "2026-03-01t1:", "2026-03-01t::", "2026-03-01t10:00:", "2026-03-01t10:00:5",
    "2026-03-01t10:00:60", "2026-03-01t10:00:59.9999999999999999999", "yesterday", "yesterday 25:00", "today -1:00",
    String(repeating: "9", count: 400), String(repeating: "{", count: 1000), "2026-03-01 21:00 +01:00",
  ]

  static let now = at("2026-12-01", "12:00")
  static let zones = [
    TimeZone(identifier: "UTC")!, TimeZone(identifier: "Pacific/Kiritimati")!,
    TimeZone(identifier: "America/St_Johns")!,
  ]

  @Test("no recorded crasher traps any parser", arguments: crashers)
  func noTrap(_ text: String) {
    for zone in Self.zones {
      if let instant = try? TimeExpression.parse(text, now: Self.now, timeZone: zone) {
        _ = LocalDate(instant, in: zone)
      }
      _ = try? TimeExpression.date(text, now: Self.now, timeZone: zone)
    }
    _ = try? UTCOffset(parsing: text)
    _ = try? LocalDate.parse(text)
    _ = LocalTime(text: text)
    _ = (try? Quantity.parse(text))?.description
    _ = try? DayCount.parse(text, what: "--last")
    _ = try? CheckedNumber.integer(text, in: InputBounds.wholeNumbers, what: "n")
    _ = try? CheckedNumber.decimal(text, in: 0...744, what: "h")
    _ = OptionNumber.index(text, count: 3)
    _ = try? Condition.parse("pain >= \(text)")
  }

  @Test("random text never traps the parsers (a property test; the libFuzzer harness in Fuzz/ goes further)")
  func randomText() {
    var generator = SeededGenerator(seed: 0x7A4D)
    let alphabet = Array("0123456789+-:.TtZz@ {}dwmy e-naninf/\u{0}é")
    for _ in 0..<3000 {
      let length = Int.random(in: 0...24, using: &generator)
      let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
      noTrap(text)
    }
  }
}

/// A small deterministic generator (SplitMix64), so a failing random case reproduces.
struct SeededGenerator: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
