import Foundation

/// Dates as the store writes them: ISO-8601 in UTC with milliseconds (`2025-03-01T09:30:00.250Z`).
///
/// Plain integer arithmetic rather than a formatter or calendar, so no locale or time zone can
/// leak in, the text sorts in time order, and a date read back equals the date written once it
/// is rounded to the millisecond.
enum Timestamp {
  private static let millisecondsPerDay: Int64 = 86_400_000
  private static let earliest = daysFromCivil(year: 0, month: 1, day: 1) * millisecondsPerDay
  private static let latest = daysFromCivil(year: 10_000, month: 1, day: 1) * millisecondsPerDay - 1

  /// The stored text for `date`, rounded to the nearest millisecond.
  static func text(from date: Date) throws -> String {
    let scaled = (date.timeIntervalSince1970 * 1000).rounded()
    guard scaled.isFinite, scaled >= Double(earliest), scaled <= Double(latest) else {
      throw StoreError.dateOutOfRange
    }
    let milliseconds = Int64(scaled)
    let days = floorDivide(milliseconds, millisecondsPerDay)
    let ofDay = milliseconds - days * millisecondsPerDay
    let (year, month, day) = civilFromDays(days)
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
      + "\(pad(ofDay / 3_600_000, 2)):\(pad(ofDay / 60_000 % 60, 2)):\(pad(ofDay / 1000 % 60, 2))"
      + ".\(pad(ofDay % 1000, 3))Z"
  }

  /// The date `text` names, or `nil` when it is not exactly in the stored format.
  static func date(from text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count == 24, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
      bytes[19] == UInt8(ascii: "."), bytes[23] == UInt8(ascii: "Z"),
      let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
      let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
      let millisecond = number(bytes[20..<23]),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
    else { return nil }
    let days = daysFromCivil(year: year, month: month, day: day)
    // Rejects days past the end of their month (2025-02-30), which the arithmetic would roll over.
    guard civilFromDays(days) == (year, month, day) else { return nil }
    let milliseconds = days * millisecondsPerDay + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond
    return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
  }

  private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
    var value: Int64 = 0
    for byte in digits {
      guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
      value = value * 10 + Int64(byte - UInt8(ascii: "0"))
    }
    return value
  }

  private static func pad(_ value: Int64, _ width: Int) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }

  private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    let quotient = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
  }

  // Howard Hinnant's proleptic Gregorian day algorithms (days relative to 1970-01-01).

  private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
    let y = month <= 2 ? year - 1 : year
    let era = floorDivide(y, 400)
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  private static func civilFromDays(_ days: Int64) -> (Int64, Int64, Int64) {
    let z = days + 719_468
    let era = floorDivide(z, 146_097)
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }
}
