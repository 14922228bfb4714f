import TandemBase

/// A strftime-like date pattern with `%Y`, `%y`, `%m`, `%d` and `%%`, parsed on UTF-8 bytes.
struct DateFormat {
  enum Token: Equatable {
    case year4, year2, month, day
    case literal(UInt8)
  }

  enum Outcome {
    case date(LocalDate)
    case impossible
    case mismatch
  }

  let tokens: [Token]

  init(_ pattern: String) throws(FillsCSVError) {
    var tokens: [Token] = []
    var iterator = Array(pattern.utf8).makeIterator()
    while let byte = iterator.next() {
      guard byte == 0x25 else {
        tokens.append(.literal(byte))
        continue
      }
      switch iterator.next() {
      case UInt8(ascii: "Y"): tokens.append(.year4)
      case UInt8(ascii: "y"): tokens.append(.year2)
      case UInt8(ascii: "m"): tokens.append(.month)
      case UInt8(ascii: "d"): tokens.append(.day)
      case UInt8(ascii: "%"): tokens.append(.literal(0x25))
      default: throw .unsupportedFormat(pattern)
      }
    }
    guard tokens.contains(.day), tokens.contains(.month), tokens.contains(.year4) || tokens.contains(.year2) else {
      throw .unsupportedFormat(pattern)
    }
    self.tokens = tokens
  }

  /// `%Y` takes 4 digits, `%y` 2 (00–68 → 20xx, 69–99 → 19xx, as R does), `%m` and `%d` 1 or 2.
  func parse(_ source: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Outcome {
    var i = range.lowerBound
    let end = range.upperBound
    var year = 0
    var month = 0
    var day = 0
    func digits(_ most: Int, _ least: Int) -> Int? {
      var value = 0
      var count = 0
      while count < most, i < end, source[i] >= 0x30, source[i] <= 0x39 {
        value = value * 10 + Int(source[i] - 0x30)
        i += 1
        count += 1
      }
      return count >= least ? value : nil
    }
    for token in tokens {
      switch token {
      case .year4:
        guard let value = digits(4, 4) else { return .mismatch }
        year = value
      case .year2:
        guard let value = digits(2, 2) else { return .mismatch }
        year = value < 69 ? 2000 + value : 1900 + value
      case .month:
        guard let value = digits(2, 1) else { return .mismatch }
        month = value
      case .day:
        guard let value = digits(2, 1) else { return .mismatch }
        day = value
      case .literal(let byte):
        guard i < end, source[i] == byte else { return .mismatch }
        i += 1
      }
    }
    guard i == end else { return .mismatch }
    guard let date = LocalDate(year: year, month: month, day: day) else { return .impossible }
    return .date(date)
  }
}
