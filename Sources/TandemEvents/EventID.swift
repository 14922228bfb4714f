import Foundation

/// Event and device ids: UUID version 7 (RFC 9562), made on the device that records the event.
///
/// The first 48 bits are the Unix time in milliseconds, so ids made later sort later and a
/// server can merge journals from several devices without asking any of them for a number.
public enum EventID {
  /// A new version-7 UUID for an event recorded at `date`, as lowercase text.
  public static func make(at date: Date, using random: inout some RandomNumberGenerator) -> String {
    let milliseconds = UInt64(max(0, min((date.timeIntervalSince1970 * 1000).rounded(.down), 281_474_976_710_655)))
    var bytes = [UInt8](repeating: 0, count: 16)
    for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: milliseconds >> (8 * (5 - index))) }
    let low = random.next() as UInt64
    let high = random.next() as UInt64
    for index in 6..<16 {
      let source = index < 14 ? low : high
      bytes[index] = UInt8(truncatingIfNeeded: source >> (8 * (index % 8)))
    }
    bytes[6] = 0x70 | (bytes[6] & 0x0F)  // version 7
    bytes[8] = 0x80 | (bytes[8] & 0x3F)  // the RFC 9562 variant
    return format(bytes)
  }

  /// A new version-7 UUID from the system's random source.
  public static func make(at date: Date) -> String {
    var random = SystemRandomNumberGenerator()
    return make(at: date, using: &random)
  }

  /// Whether `text` is a UUID in the canonical lowercase 8-4-4-4-12 form.
  public static func isValid(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    guard bytes.count == 36 else { return false }
    for (index, byte) in bytes.enumerated() {
      if [8, 13, 18, 23].contains(index) {
        guard byte == UInt8(ascii: "-") else { return false }
      } else {
        guard
          (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
        else { return false }
      }
    }
    return true
  }

  private static func format(_ bytes: [UInt8]) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if [4, 6, 8, 10].contains(index) { out.append(UInt8(ascii: "-")) }
      out.append(hex[Int(byte >> 4)])
      out.append(hex[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
