import TandemBase

/// Reads the fill files adherence researchers use: columns PATIENT_ID, DATE, PERDAY, CATEGORY and
/// DURATION in any order (header names case-insensitive; other columns ignored), or exactly those
/// five in that order when there is no header. Quoted fields, CRLF and a UTF-8 BOM are accepted.
public enum FillsCSV {
  /// The column names, in the order of a headerless file.
  public static let columns = ["patient_id", "date", "perday", "category", "duration"]

  /// Parses `text`; dates follow `dateFormat` (`%Y`, `%y`, `%m`, `%d`, `%%` and literal characters).
  public static func parse(_ text: String, dateFormat: String) throws(FillsCSVError) -> [SupplyEvent] {
    var text = text
    return try text.withUTF8 { bytes in
      Result { () throws(FillsCSVError) in try parse(bytes, dateFormat: dateFormat) }
    }.get()
  }

  /// Parses UTF-8 bytes.
  public static func parse(bytes: [UInt8], dateFormat: String) throws(FillsCSVError) -> [SupplyEvent] {
    try bytes.withUnsafeBufferPointer { buffer in
      Result { () throws(FillsCSVError) in try parse(buffer, dateFormat: dateFormat) }
    }.get()
  }

  static func parse(_ bytes: UnsafeBufferPointer<UInt8>, dateFormat: String) throws(FillsCSVError) -> [SupplyEvent] {
    let format = try DateFormat(dateFormat)
    var reader = CSVRecordReader(bytes: bytes)
    var fields: [Range<Int>] = []
    var scratch: [UInt8] = []
    guard try reader.next(into: &fields, unquoted: &scratch) else { return [] }
    var index = [Int](repeating: -1, count: 5)
    var expected = fields.count
    var firstIsData = false
    for (position, range) in fields.enumerated() {
      let name = reader.string(range, scratch: scratch).trimmingSpaces.lowercased()
      if let column = columns.firstIndex(of: name), index[column] < 0 { index[column] = position }
    }
    if index.allSatisfy({ $0 < 0 }) {
      // No header: the five columns in their usual order.
      index = [0, 1, 2, 3, 4]
      expected = 5
      firstIsData = true
    } else if let missing = index.firstIndex(where: { $0 < 0 }) {
      throw .missingColumn(columns[missing].uppercased())
    }
    var events: [SupplyEvent] = []
    events.reserveCapacity(bytes.count / 24)
    var lastPatient = ""
    var lastPatientBytes: [UInt8] = []
    var categories: [([UInt8], String)] = []
    var pending = firstIsData
    while true {
      if pending {
        pending = false
      } else {
        guard try reader.next(into: &fields, unquoted: &scratch) else { break }
      }
      let line = reader.recordLine
      guard fields.count == expected else { throw .fieldCount(line: line, expected: expected, found: fields.count) }
      let event: SupplyEvent
      if reader.usesScratch {
        event = try scratch.withUnsafeBufferPointer { source in
          Result { () throws(FillsCSVError) in try decode(source, line) }
        }.get()
      } else {
        event = try decode(bytes, line)
      }
      events.append(event)
    }
    return events

    func decode(_ source: UnsafeBufferPointer<UInt8>, _ line: Int) throws(FillsCSVError) -> SupplyEvent {
      let patientRange = trimmed(fields[index[0]], in: source)
      guard !patientRange.isEmpty else { throw .emptyPatient(line: line) }
      if !equal(source, patientRange, lastPatientBytes) {
        lastPatientBytes = Array(source[patientRange])
        lastPatient = String(decoding: lastPatientBytes, as: UTF8.self)
      }
      let dateRange = trimmed(fields[index[1]], in: source)
      let date: LocalDate
      switch format.parse(source, dateRange) {
      case .date(let parsed):
        guard InputBounds.years.contains(parsed.year) else {
          throw .implausibleDate(line: line, text(source, dateRange))
        }
        date = parsed
      case .impossible: throw .impossibleDate(line: line, text(source, dateRange))
      case .mismatch: throw .dateFormat(line: line, text(source, dateRange), format: dateFormat)
      }
      let perDayRange = trimmed(fields[index[2]], in: source)
      guard let perDay = parseNumber(source, perDayRange), perDay >= 0 else {
        throw .perDay(line: line, text(source, perDayRange))
      }
      let categoryRange = trimmed(fields[index[3]], in: source)
      let category: String
      if let known = categories.first(where: { equal(source, categoryRange, $0.0) }) {
        category = known.1
      } else {
        let raw = Array(source[categoryRange])
        category = String(decoding: raw, as: UTF8.self)
        if categories.count < 64 { categories.append((raw, category)) }
      }
      let durationRange = trimmed(fields[index[4]], in: source)
      guard let duration = parseDays(source, durationRange) else {
        throw .duration(line: line, text(source, durationRange))
      }
      return SupplyEvent(patientID: lastPatient, date: date, perDay: perDay, category: category, duration: duration)
    }
  }

  private static func trimmed(_ range: Range<Int>, in source: UnsafeBufferPointer<UInt8>) -> Range<Int> {
    var lo = range.lowerBound
    var hi = range.upperBound
    while lo < hi && (source[lo] == 0x20 || source[lo] == 0x09) { lo += 1 }
    while hi > lo && (source[hi - 1] == 0x20 || source[hi - 1] == 0x09) { hi -= 1 }
    return lo..<hi
  }

  private static func equal(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ other: [UInt8]) -> Bool {
    guard range.count == other.count else { return false }
    var k = 0
    for i in range {
      if source[i] != other[k] { return false }
      k += 1
    }
    return true
  }

  private static func text(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: source[range]), as: UTF8.self)
  }

  /// A whole number of days, allowing a zero fraction such as `30.0`.
  private static func parseDays(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
    guard !range.isEmpty else { return nil }
    var value = 0
    var i = range.lowerBound
    if source[i] == 0x2B { i += 1 }
    let digitsStart = i
    while i < range.upperBound, source[i] >= 0x30, source[i] <= 0x39 {
      value = value &* 10 &+ Int(source[i] - 0x30)
      i += 1
      guard value < 1_000_000 else { return nil }
    }
    guard i > digitsStart else { return nil }
    if i < range.upperBound && source[i] == 0x2E {
      i += 1
      while i < range.upperBound && source[i] == 0x30 { i += 1 }
    }
    return i == range.upperBound ? value : nil
  }

  /// A plain decimal number; anything fancier goes through `Double.init`.
  private static func parseNumber(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Double? {
    guard !range.isEmpty else { return nil }
    var whole = 0
    var fraction = 0
    var scale = 1
    var i = range.lowerBound
    var digits = 0
    while i < range.upperBound, source[i] >= 0x30, source[i] <= 0x39, digits < 15 {
      whole = whole * 10 + Int(source[i] - 0x30)
      i += 1
      digits += 1
    }
    if i < range.upperBound && source[i] == 0x2E {
      i += 1
      while i < range.upperBound, source[i] >= 0x30, source[i] <= 0x39, digits < 15 {
        fraction = fraction * 10 + Int(source[i] - 0x30)
        scale *= 10
        i += 1
        digits += 1
      }
    }
    if i == range.upperBound && digits > 0 { return Double(whole) + Double(fraction) / Double(scale) }
    guard let value = Double(text(source, range)), value.isFinite else { return nil }
    return value
  }
}

extension String {
  fileprivate var trimmingSpaces: Substring {
    var s = self[...]
    while s.first == " " || s.first == "\t" { s = s.dropFirst() }
    while s.last == " " || s.last == "\t" { s = s.dropLast() }
    return s
  }
}

extension Substring {
  fileprivate func lowercased() -> String { String(self).lowercased() }
}
