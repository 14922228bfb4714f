import Foundation

/// Instants as the journal format writes them: RFC 3339 in UTC with milliseconds
/// (`2026-10-01T07:05:00.000Z`), and read back from any RFC 3339 form (`Z` or an offset such as
/// `+02:00`, with or without a fraction of a second).
///
/// Plain integer arithmetic rather than a formatter or calendar, so no locale or time zone can leak
/// in and the text sorts in time order.
public enum RFC3339 {
  private static let millisecondsPerDay: Int64 = 86_400_000

  /// The text for `date`, rounded to the nearest millisecond; `nil` outside the years 0000–9999.
  public static func text(from date: Date) -> String? {
    let scaled = (date.timeIntervalSince1970 * 1000).rounded()
    let earliest = daysFromCivil(year: 0, month: 1, day: 1) * millisecondsPerDay
    let latest = daysFromCivil(year: 10_000, month: 1, day: 1) * millisecondsPerDay - 1
    guard scaled.isFinite, scaled >= Double(earliest), scaled <= Double(latest) else { return nil }
    let milliseconds = Int64(scaled)
    let days = floorDivide(milliseconds, millisecondsPerDay)
    let ofDay = milliseconds - days * millisecondsPerDay
    let (year, month, day) = civilFromDays(days)
    return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T"
      + "\(pad(ofDay / 3_600_000, 2)):\(pad(ofDay / 60_000 % 60, 2)):\(pad(ofDay / 1000 % 60, 2))"
      + ".\(pad(ofDay % 1000, 3))Z"
  }

  /// The instant `text` names, or `nil` when it is not RFC 3339 date-time text
  /// (`YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; `t`, `z` and a space for `T` are accepted too).
  public static func date(from text: String) -> Date? {
    var text = text
    return text.withUTF8 { date(from: $0) }
  }

  private static func date(from bytes: UnsafeBufferPointer<UInt8>) -> Date? {
    guard bytes.count >= 20, bytes.count <= 40, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
      [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(bytes[10]),
      bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
      let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
      let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
      (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
    else { return nil }
    var index = 19
    var fraction = 0.0
    if bytes[index] == UInt8(ascii: ".") {
      index += 1
      var scale = 0.1
      let start = index
      while index < bytes.count, let digit = digit(bytes[index]) {
        fraction += Double(digit) * scale
        scale /= 10
        index += 1
      }
      guard index > start, index - start <= 9 else { return nil }
    }
    guard index < bytes.count else { return nil }
    var offsetMinutes: Int64 = 0
    switch bytes[index] {
    case UInt8(ascii: "Z"), UInt8(ascii: "z"):
      guard index + 1 == bytes.count else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard index + 6 == bytes.count, bytes[index + 3] == UInt8(ascii: ":"),
        let hours = number(bytes[(index + 1)..<(index + 3)]), let minutes = number(bytes[(index + 4)..<(index + 6)]),
        hours < 24, minutes < 60
      else { return nil }
      offsetMinutes = (hours * 60 + minutes) * (bytes[index] == UInt8(ascii: "-") ? -1 : 1)
    default:
      return nil
    }
    let days = daysFromCivil(year: year, month: month, day: day)
    // Rejects days past the end of their month (2026-02-30), which the arithmetic would roll over.
    guard civilFromDays(days) == (year, month, day) else { return nil }
    // A leap second (:60) is read as the last moment of its minute.
    let seconds = days * 86_400 + (hour * 60 + minute - offsetMinutes) * 60 + min(second, 59)
    return Date(timeIntervalSince1970: Double(seconds) + (second == 60 ? 0.999 : fraction))
  }

  private static func digit(_ byte: UInt8) -> Int64? {
    (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int64(byte - UInt8(ascii: "0")) : nil
  }

  private static func number(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int64? {
    var value: Int64 = 0
    for byte in digits {
      guard let digit = digit(byte) else { return nil }
      value = value * 10 + digit
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
