import Foundation
import Testing

@testable import TandemStore

@Suite("Timestamp: dates as the store writes them")
struct TimestampTests {
  @Test(
    "dates are written as UTC ISO-8601 with milliseconds",
    arguments: [
      (Int64(0), "1970-01-01T00:00:00.000Z"),
      (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
      (951_782_400_000, "2000-02-29T00:00:00.000Z"),
      (-1, "1969-12-31T23:59:59.999Z"),
      (253_402_300_799_999, "9999-12-31T23:59:59.999Z"),
    ])
  func format(milliseconds: Int64, text: String) throws {
    #expect(try Timestamp.text(from: date(milliseconds: milliseconds)) == text)
    #expect(Timestamp.date(from: text) == date(milliseconds: milliseconds))
  }

  @Test("any millisecond date reads back equal to the one written")
  func roundTrip() throws {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<2000 {
      let milliseconds = Int64.random(in: -62_000_000_000_000...253_000_000_000_000, using: &generator)
      let written = date(milliseconds: milliseconds)
      #expect(Timestamp.date(from: try Timestamp.text(from: written)) == written)
    }
  }

  @Test(
    "text not exactly in the stored format is not a date",
    arguments: [
      "2025-02-30T00:00:00.000Z", "2025-13-01T00:00:00.000Z", "2025-01-01 00:00:00.000", "2025-01-01T24:00:00.000Z",
      "2025-01-01T00:00:00Z", "2025-01-01T00:00:00.000+01:00", "", "２０２５-01-01T00:00:00.000Z",
    ])
  func malformed(text: String) {
    #expect(Timestamp.date(from: text) == nil)
  }

  @Test("dates outside the years 0000–9999 cannot be stored")
  func outOfRange() {
    #expect(throws: StoreError.dateOutOfRange) { try Timestamp.text(from: Date.distantFuture.addingTimeInterval(1e12)) }
    #expect(throws: StoreError.dateOutOfRange) { try Timestamp.text(from: Date(timeIntervalSince1970: -1e12)) }
    #expect(throws: StoreError.dateOutOfRange) { try Timestamp.text(from: Date(timeIntervalSince1970: .nan)) }
  }
}
