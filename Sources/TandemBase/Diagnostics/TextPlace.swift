/// Where a text value is in its file, so that a finding about a part of the value (a placeholder,
/// a word of a condition) points where the author wrote that part.
///
/// A value is not always a copy of its source: a folded or quoted scalar turns line breaks into
/// spaces and drops indentation, and quotes have escapes. When the loader sees such a scalar, it
/// keeps how it was written, and `location(of:in:)` walks the source and the value side by side.
public struct TextPlace: Hashable, Sendable {
  /// Where the value's first character is written (after an opening quote; on a block
  /// scalar's first content line).
  public var start: SourceLocation
  /// How the value was written, when an offset into it is not an offset from `start` on one line.
  public var written: WrittenScalar?

  /// Creates a place; without `written`, offsets count from `start`.
  public init(start: SourceLocation, written: WrittenScalar? = nil) {
    self.start = start
    self.written = written
  }

  /// Where character `offset` of `value` is written.
  ///
  /// Without the written scalar (or if it does not give `value`), later lines of the value are
  /// taken to share the first line's indentation, as in a literal block scalar.
  public func location(of offset: Int, in value: String) -> SourceLocation {
    if let written, let found = written.location(of: offset, in: value) { return found }
    var line = start.line, column = start.column
    for char in value.prefix(offset) {
      if char == "\n" {
        line += 1
        column = start.column
      } else {
        // Columns count Unicode scalars, as the YAML parser counts them (an emoji with a variation
        // selector is one character but two scalars).
        column += char.unicodeScalars.count
      }
    }
    return SourceLocation(file: start.file, line: line, column: column)
  }
}

/// A YAML scalar as its author wrote it: its style and its source text, from its first
/// character (an anchor, a tag, a quote, a block indicator or the text itself) to its end.
public struct WrittenScalar: Hashable, Sendable {
  /// How the scalar is written.
  public enum Style: UInt8, Hashable, Sendable {
    case plain, singleQuoted, doubleQuoted, literal, folded
  }

  /// How the scalar is written.
  public var style: Style
  /// The scalar's source text.
  public var source: String
  /// Where `source` starts.
  public var at: SourceLocation

  /// Creates a written scalar.
  public init(style: Style, source: String, at: SourceLocation) {
    self.style = style
    self.source = source
    self.at = at
  }

  /// Where character `offset` of `value` is written (just after the value's last character for
  /// its end); nil when reading the source does not give `value` up to there.
  public func location(of offset: Int, in value: String) -> SourceLocation? {
    var target = 0
    var characters = 0
    for character in value {
      if characters == offset { break }
      target += character.unicodeScalars.count
      characters += 1
    }
    guard characters == offset else { return nil }
    let expected = Array(value.unicodeScalars)
    var reader = ScalarReader(source: Array(source.unicodeScalars), at: at)
    let read = reader.read(style, upTo: target + 1, valueIndent: Self.leadingSpaces(of: expected))
    guard read.count >= target else { return nil }
    for index in 0..<min(read.count, target + 1) where index >= expected.count || read[index].scalar != expected[index]
    {
      return nil
    }
    if target < read.count {
      let place = read[target]
      return SourceLocation(file: at.file, line: place.line, column: place.column)
    }
    guard let last = read.last else { return nil }
    return SourceLocation(file: at.file, line: last.line, column: last.column + 1)
  }

  /// The spaces before the first line of `value` that holds more than spaces: a block scalar
  /// written with an indentation indicator keeps them from its source's indentation.
  private static func leadingSpaces(of value: [Unicode.Scalar]) -> Int {
    var spaces = 0
    for scalar in value {
      switch scalar {
      case " ": spaces += 1
      case "\n": spaces = 0
      default: return spaces
      }
    }
    return 0
  }
}

/// Reads a scalar's source as libyaml does, giving each character of the value with the place
/// it comes from (a folded line break comes from the end of its line; an escape, from its `\`).
private struct ScalarReader {
  struct Placed {
    var scalar: Unicode.Scalar
    var line: Int
    var column: Int
  }

  let source: [Unicode.Scalar]
  /// The line and column of each source scalar, and of the end.
  private var places: [(line: Int, column: Int)] = []
  private var out: [Placed] = []
  private var limit = Int.max
  private var valueIndent = 0

  init(source: [Unicode.Scalar], at start: SourceLocation) {
    self.source = source
    places.reserveCapacity(source.count + 1)
    var line = start.line, column = start.column
    for scalar in source {
      places.append((line, column))
      if scalar == "\n" {
        line += 1
        column = 1
      } else if scalar != "\r" {
        column += 1
      }
    }
    places.append((line, column))
  }

  private var count: Int { source.count }

  private func isBlank(_ index: Int) -> Bool { index < count && (source[index] == " " || source[index] == "\t") }

  /// The length of the line break at `index` (LF or CR LF), 0 if there is none.
  private func breakLength(_ index: Int) -> Int {
    guard index < count else { return 0 }
    if source[index] == "\n" { return 1 }
    if source[index] == "\r", index + 1 < count, source[index + 1] == "\n" { return 2 }
    return 0
  }

  private var isFull: Bool { out.count >= limit }

  private mutating func emit(_ scalar: Unicode.Scalar, from index: Int) {
    let place = places[min(index, count)]
    out.append(Placed(scalar: scalar, line: place.line, column: place.column))
  }

  /// The value's first `limit` characters (fewer when it is shorter).
  /// `valueIndent` is the spaces the value keeps before its first line of text (see `blockIndent`).
  mutating func read(_ style: WrittenScalar.Style, upTo limit: Int, valueIndent: Int) -> [Placed] {
    self.limit = limit
    self.valueIndent = valueIndent
    let start = skipProperties()
    switch style {
    case .plain: readPlain(from: start)
    case .singleQuoted, .doubleQuoted: readQuoted(from: start + 1, double: style == .doubleQuoted)
    case .literal, .folded: readBlock(from: start, folded: style == .folded)
    }
    return out
  }

  /// Skips an anchor and a tag written before the scalar.
  private func skipProperties() -> Int {
    var index = 0
    while index < count, source[index] == "&" || source[index] == "!" {
      if source[index] == "!", index + 1 < count, source[index + 1] == "<" {
        while index < count, source[index] != ">" { index += 1 }
        index += 1
      } else {
        while index < count, !isBlank(index), breakLength(index) == 0 { index += 1 }
      }
      while index < count, isBlank(index) || breakLength(index) > 0 { index += 1 }
    }
    return index
  }

  /// After a line break at `index`: skips it, the indentation and empty lines; gives where the
  /// next content starts and the places of the empty lines' breaks.
  private func skipBreaks(at index: Int) -> (next: Int, empty: [Int]) {
    var next = index + breakLength(index)
    var empty: [Int] = []
    while true {
      var probe = next
      while isBlank(probe) { probe += 1 }
      let length = breakLength(probe)
      if length == 0 { return (probe, empty) }
      empty.append(probe)
      next = probe + length
    }
  }

  /// One line break between two lines of text reads as a space; each empty line between them, as a line break.
  private mutating func fold(at index: Int, empty: [Int]) {
    if empty.isEmpty {
      emit(" ", from: index)
    } else {
      for line in empty { emit("\n", from: line) }
    }
  }

  private mutating func readPlain(from start: Int) {
    var index = start
    while index < count, !isFull {
      var end = index
      while end < count, breakLength(end) == 0 { end += 1 }
      var last = end
      while last > index, isBlank(last - 1) { last -= 1 }
      for position in index..<last { emit(source[position], from: position) }
      guard end < count else { return }
      let (next, empty) = skipBreaks(at: end)
      guard next < count else { return }
      fold(at: last, empty: empty)
      index = next
    }
  }

  private mutating func readQuoted(from start: Int, double: Bool) {
    let quote: Unicode.Scalar = double ? "\"" : "'"
    var index = start
    while index < count, !isFull {
      let scalar = source[index]
      if scalar == quote {
        guard !double, index + 1 < count, source[index + 1] == "'" else { return }
        emit("'", from: index)
        index += 2
      } else if double, scalar == "\\" {
        if breakLength(index + 1) > 0 {
          // An escaped line break joins the lines with nothing between them.
          index = skipBreaks(at: index + 1).next
          continue
        }
        guard let (escaped, length) = escape(at: index + 1) else { return }
        emit(escaped, from: index)
        index += 1 + length
      } else if isBlank(index) {
        var end = index
        while isBlank(end) { end += 1 }
        // Spaces at the end of a line are dropped.
        if breakLength(end) == 0 {
          for position in index..<end { emit(source[position], from: position) }
        }
        index = end
      } else if breakLength(index) > 0 {
        let (next, empty) = skipBreaks(at: index)
        fold(at: index, empty: empty)
        index = next
      } else {
        emit(scalar, from: index)
        index += 1
      }
    }
  }

  /// The character a double-quoted escape stands for, and how many source characters after
  /// the `\` it takes.
  private func escape(at index: Int) -> (Unicode.Scalar, Int)? {
    guard index < count else { return nil }
    let simple: [Unicode.Scalar: Unicode.Scalar] = [
      "0": "\0", "a": "\u{07}", "b": "\u{08}", "t": "\t", "\t": "\t", "n": "\n", "v": "\u{0B}", "f": "\u{0C}",
      "r": "\r", "e": "\u{1B}", " ": " ", "\"": "\"", "/": "/", "\\": "\\", "N": "\u{85}", "_": "\u{A0}",
      "L": "\u{2028}", "P": "\u{2029}",
    ]
    if let scalar = simple[source[index]] { return (scalar, 1) }
    let digits: Int
    switch source[index] {
    case "x": digits = 2
    case "u": digits = 4
    case "U": digits = 8
    default: return nil
    }
    guard index + digits < count else { return nil }
    let hex = String(String.UnicodeScalarView(source[(index + 1)...(index + digits)]))
    guard let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) else { return nil }
    return (scalar, 1 + digits)
  }

  private mutating func readBlock(from start: Int, folded: Bool) {
    // The header (`|`, `>-`, `|2`…) and any comment end at the first line break.
    var index = start
    while index < count, breakLength(index) == 0 { index += 1 }
    index += breakLength(index)
    var lines: [Range<Int>] = []
    while index < count {
      var end = index
      while end < count, breakLength(end) == 0 { end += 1 }
      lines.append(index..<end)
      index = end + breakLength(end)
    }
    let indent = blockIndent(lines)
    var previous: (end: Int, blank: Bool)?
    var empty: [Int] = []
    for line in lines {
      guard !isFull else { return }
      var content = line.lowerBound
      while content < line.upperBound, content - line.lowerBound < indent, source[content] == " " { content += 1 }
      guard content < line.upperBound else {
        empty.append(line.upperBound)
        continue
      }
      let blank = isBlank(content)
      if let previous {
        // Folding joins lines of text with a space; lines that start more indented keep their breaks.
        if folded && !previous.blank && !blank {
          if empty.isEmpty { emit(" ", from: previous.end) }
        } else {
          emit("\n", from: previous.end)
        }
      }
      for position in empty { emit("\n", from: position) }
      empty = []
      for position in content..<line.upperBound { emit(source[position], from: position) }
      previous = (line.upperBound, blank)
    }
    if let previous { emit("\n", from: previous.end) }
    for position in empty { emit("\n", from: position) }
  }

  /// A block's indentation: the spaces before its first line of text, less those the value
  /// keeps (an indentation indicator can make the block less indented than its first line).
  private func blockIndent(_ lines: [Range<Int>]) -> Int {
    for line in lines {
      var content = line.lowerBound
      while content < line.upperBound, source[content] == " " { content += 1 }
      if content < line.upperBound { return max(0, content - line.lowerBound - valueIndent) }
    }
    return 0
  }
}
