import Foundation
import TandemEvents

/// Dates as the store writes them: RFC 3339 in UTC with milliseconds (`2025-03-01T09:30:00.250Z`),
/// the one form `RFC3339.text(from:)` writes.
///
/// The text sorts in time order, and a date read back equals the date written once it is rounded
/// to the millisecond.
enum Timestamp {
  /// The stored text for `date`, rounded to the nearest millisecond.
  static func text(from date: Date) throws -> String {
    guard let text = RFC3339.text(from: date) else { throw StoreError.dateOutOfRange }
    return text
  }

  /// The date `text` names, or `nil` when it is not exactly in the stored form.
  static func date(from text: String) -> Date? {
    let bytes = text.utf8
    guard bytes.count == 24, bytes.last == UInt8(ascii: "Z"), text.dropFirst(10).first == "T",
      text.dropFirst(19).first == "."
    else { return nil }
    return RFC3339.date(from: text)
  }
}
