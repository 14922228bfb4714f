/// Splits UTF-8 CSV bytes into records of field ranges, tracking 1-based line numbers.
/// Unquoted fields are ranges into the input; a record with a quoted field is copied to a scratch
/// buffer with quotes removed, and its ranges point there.
struct CSVRecordReader {
  let bytes: UnsafeBufferPointer<UInt8>
  private var position = 0
  private var line = 1
  /// Whether the last record's ranges point into the scratch buffer (it had quotes).
  private(set) var usesScratch = false
  /// The line on which the last record started.
  private(set) var recordLine = 0

  init(bytes: UnsafeBufferPointer<UInt8>) {
    self.bytes = bytes
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { position = 3 }
  }

  /// Reads the next non-blank record; false at the end of input.
  mutating func next(into fields: inout [Range<Int>], unquoted scratch: inout [UInt8]) throws(FillsCSVError) -> Bool {
    let n = bytes.count
    while true {
      // Skip blank lines.
      while position < n && (bytes[position] == 0x0A || bytes[position] == 0x0D) {
        if bytes[position] == 0x0A { line += 1 }
        position += 1
      }
      guard position < n else { return false }
      recordLine = line
      fields.removeAll(keepingCapacity: true)
      usesScratch = false
      let start = position
      var fieldStart = position
      var quoted = false
      while position < n {
        let byte = bytes[position]
        if byte == 0x2C {
          fields.append(fieldStart..<position)
          position += 1
          fieldStart = position
        } else if byte == 0x0A || byte == 0x0D {
          break
        } else {
          if byte == 0x22 { quoted = true }
          position += 1
        }
      }
      if !quoted {
        fields.append(fieldStart..<position)
        consumeNewline()
        return true
      }
      position = start
      try readQuoted(into: &fields, scratch: &scratch)
      return true
    }
  }

  private mutating func consumeNewline() {
    if position < bytes.count && bytes[position] == 0x0D { position += 1 }
    if position < bytes.count && bytes[position] == 0x0A {
      position += 1
      line += 1
    }
  }

  /// The slow path: a record containing quotes, unescaped into `scratch`.
  private mutating func readQuoted(into fields: inout [Range<Int>], scratch: inout [UInt8]) throws(FillsCSVError) {
    fields.removeAll(keepingCapacity: true)
    scratch.removeAll(keepingCapacity: true)
    usesScratch = true
    let n = bytes.count
    var fieldStart = 0
    var inQuotes = false
    while position < n {
      let byte = bytes[position]
      if inQuotes {
        if byte == 0x22 {
          if position + 1 < n && bytes[position + 1] == 0x22 {
            scratch.append(0x22)
            position += 2
            continue
          }
          inQuotes = false
        } else {
          if byte == 0x0A { line += 1 }
          scratch.append(byte)
        }
        position += 1
      } else if byte == 0x22 {
        inQuotes = true
        position += 1
      } else if byte == 0x2C {
        fields.append(fieldStart..<scratch.count)
        fieldStart = scratch.count
        position += 1
      } else if byte == 0x0A || byte == 0x0D {
        break
      } else {
        scratch.append(byte)
        position += 1
      }
    }
    guard !inQuotes else { throw .unterminatedQuote(line: recordLine) }
    fields.append(fieldStart..<scratch.count)
    consumeNewline()
  }

  /// The text of a field of the last record.
  func string(_ range: Range<Int>, scratch: [UInt8]) -> String {
    if usesScratch { return String(decoding: scratch[range], as: UTF8.self) }
    return String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
  }
}
