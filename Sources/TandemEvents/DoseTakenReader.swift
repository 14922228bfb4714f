import TandemBase

/// A reader for the one payload that is most of a long diary — `dose-taken`, nine rows in ten —
/// in the flat form `EventPayload` writes it: `{"amount":{"unit":"mg","value":25},
/// "medication":"…","regimen_id":"…","schema":1,"taken_at":"…"}`, keys in any order, `amount`
/// and `regimen_id` optional. Anything else (another key, a duplicate, spaces, an escape in a
/// string, a number in another form, an unknown unit) returns `nil`, and the payload goes through
/// `JSONDecoder`. What it returns is what `JSONDecoder` makes of the same text (a test checks).
///
/// Kept because the ten-year benchmark needs it: reading a whole 44,000-entry diary through
/// `JSONDecoder` alone made `tandem report` on it 1.8× slower.
enum DoseTakenReader {
  static func payload(_ text: String) -> DiaryPayload? {
    var text = text
    return text.withUTF8 { bytes in
      var reader = Reader(bytes: bytes)
      guard let payload = reader.payload(), reader.at == bytes.count else { return nil }
      return payload
    }
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    mutating func byte(_ value: UInt8) -> Bool {
      guard at < bytes.count, bytes[at] == value else { return false }
      at += 1
      return true
    }

    /// A string with no escapes or control characters.
    mutating func string() -> String? {
      guard byte(UInt8(ascii: "\"")) else { return nil }
      let start = at
      while at < bytes.count {
        let c = bytes[at]
        if c == UInt8(ascii: "\"") {
          at += 1
          return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(at - 1)]), as: UTF8.self)
        }
        if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
        at += 1
      }
      return nil
    }

    mutating func digits() -> Int {
      let start = at
      while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
      return at - start
    }

    /// A JSON number (checked against the grammar) as a finite `Double`.
    mutating func number() -> Double? {
      let start = at
      _ = byte(UInt8(ascii: "-"))
      let first = at
      let count = digits()
      guard count > 0, count == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
      let fraction = byte(UInt8(ascii: "."))
      if fraction { guard digits() > 0 else { return nil } }
      if byte(UInt8(ascii: "e")) || byte(UInt8(ascii: "E")) {
        // The decoder refuses a bare 0 with an exponent (`0e5`); so does this reader.
        guard fraction || bytes[first] != UInt8(ascii: "0") else { return nil }
        if !byte(UInt8(ascii: "+")) { _ = byte(UInt8(ascii: "-")) }
        guard digits() > 0 else { return nil }
      }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
      guard let value = Double(text), value.isFinite else { return nil }
      // A value so small it rounds to nothing (or to a subnormal) is left to the decoder.
      guard
        value == 0
          ? !text.prefix { $0 != "e" && $0 != "E" }.contains(where: { ("1"..."9").contains($0) })
          : value.magnitude >= Double.leastNormalMagnitude
      else { return nil }
      return value
    }

    mutating func quantity() -> Quantity? {
      guard byte(UInt8(ascii: "{")) else { return nil }
      var unit: Quantity.Unit?
      var value: Double?
      repeat {
        guard let key = string(), byte(UInt8(ascii: ":")) else { return nil }
        // Each key once, and each value read whole: anything else is left to the decoder.
        switch key {
        case "unit" where unit == nil:
          guard let read = string().flatMap(Quantity.Unit.init(rawValue:)) else { return nil }
          unit = read
        case "value" where value == nil:
          guard let read = number() else { return nil }
          value = read
        default: return nil
        }
      } while byte(UInt8(ascii: ","))
      guard byte(UInt8(ascii: "}")), let unit, let value else { return nil }
      return Quantity(value: value, unit: unit)
    }

    mutating func payload() -> DiaryPayload? {
      guard byte(UInt8(ascii: "{")) else { return nil }
      var schema: Int?
      var medication: String?
      var takenAt: String?
      var amount: Quantity?
      var regimenID: String?
      repeat {
        guard let key = string(), byte(UInt8(ascii: ":")) else { return nil }
        switch key {
        case "schema" where schema == nil:
          guard let value = number(), let exact = Int(exactly: value) else { return nil }
          schema = exact
        case "medication" where medication == nil:
          guard let value = string() else { return nil }
          medication = value
        case "taken_at" where takenAt == nil:
          guard let value = string() else { return nil }
          takenAt = value
        case "amount" where amount == nil:
          guard let value = quantity() else { return nil }
          amount = value
        case "regimen_id" where regimenID == nil:
          guard let value = string() else { return nil }
          regimenID = value
        default:
          return nil
        }
      } while byte(UInt8(ascii: ","))
      guard byte(UInt8(ascii: "}")), let schema else { return nil }
      var payload = DiaryPayload(schema: schema)
      payload.medication = medication
      payload.takenAt = takenAt
      payload.amount = amount
      payload.regimenID = regimenID
      return payload
    }
  }
}
