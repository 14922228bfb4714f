import TandemBase

/// A `when:` condition on earlier answers, such as `tension-before >= 7 and not (mood == calm)`.
public indirect enum Condition: Hashable, Sendable, Codable {
  case and(Condition, Condition)
  case or(Condition, Condition)
  case not(Condition)
  /// `step OP value`; `offset` is the column offset of the step name inside the condition text.
  case compare(step: String, op: Comparison, value: Literal, offset: Int)
  /// `answered(step)`: the step has an answer on the current path.
  case answered(step: String, offset: Int)

  /// A comparison operator.
  public enum Comparison: String, Hashable, Sendable, Codable {
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case includes
  }

  /// The right-hand side of a comparison.
  public enum Literal: Hashable, Sendable, Codable {
    case number(Int)
    /// A bare word: an option id of the compared choice step.
    case word(String)
    /// A quoted string, compared with free text.
    case text(String)
  }

  /// Every step referenced, with the column offset of the reference.
  public var references: [(step: String, offset: Int)] {
    switch self {
    case .and(let a, let b), .or(let a, let b): a.references + b.references
    case .not(let a): a.references
    case .compare(let step, _, _, let offset), .answered(let step, let offset): [(step, offset)]
    }
  }
}

extension Condition {
  /// Where each comparison's value starts in `text`, keyed by the offset of the step name it
  /// is compared with (`when == evening` maps 0 to 8), so that a finding about the value points
  /// at the value. Empty for text that does not lex.
  public static func valueOffsets(in text: String) -> [Int: Int] {
    let plain = ConditionLexer.isPlainASCII(text)
    guard let tokens = try? plain ? ConditionLexer.asciiTokens(of: text) : ConditionLexer.tokens(of: text) else {
      return [:]
    }
    var offsets: [Int: Int] = [:]
    for index in tokens.indices.dropLast(2) where tokens[index].kind == .word {
      let op = tokens[index + 1]
      guard op.kind == .op || (op.kind == .word && op.text == "includes") else { continue }
      let value = tokens[index + 2]
      offsets[tokens[index].offset] = value.kind == .string ? value.offset + 1 : value.offset
    }
    return offsets
  }
}

/// A mistake in a condition's text, with the column offset inside it.
public struct ConditionSyntaxError: Error, Hashable, Sendable {
  /// What is wrong, lowercase.
  public var message: String
  /// Character offset inside the condition text.
  public var offset: Int
}

extension Condition {
  /// Parses a condition. Grammar: `or := and ('or' and)*`, `and := not ('and' not)*`,
  /// `not := 'not' not | '(' or ')' | 'answered' '(' id ')' | id op literal`.
  public static func parse(_ text: String) throws(ConditionSyntaxError) -> Condition {
    let plain = ConditionLexer.isPlainASCII(text)
    let tokens = try plain ? ConditionLexer.asciiTokens(of: text) : ConditionLexer.tokens(of: text)
    var parser = ConditionParser(tokens: tokens, end: plain ? text.utf8.count : text.count)
    let condition = try parser.parseOr(depth: 0)
    if let extra = parser.peek {
      throw ConditionSyntaxError(message: "unexpected '\(extra.text)' after the condition", offset: extra.offset)
    }
    return condition
  }
}

struct ConditionToken: Hashable {
  enum Kind: Hashable { case word, number, string, op, open, close }
  var kind: Kind
  var text: String
  var offset: Int
}

enum ConditionLexer {
  /// Whether every character of `text` is one ASCII byte (ASCII without CR, which joins LF
  /// into one `Character`), so that byte offsets are character offsets.
  static func isPlainASCII(_ text: String) -> Bool {
    text.utf8.allSatisfy { $0 < 0x80 && $0 != 0x0D }
  }

  /// `tokens(of:)` for plain ASCII text (see `isPlainASCII`), on bytes instead of `Character`s;
  /// the same tokens, offsets and errors.
  static func asciiTokens(of text: String) throws(ConditionSyntaxError) -> [ConditionToken] {
    let bytes = Array(text.utf8)
    var tokens: [ConditionToken] = []
    var i = 0
    func isLetter(_ c: UInt8) -> Bool { (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") }
    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
    func isWordPart(_ c: UInt8) -> Bool {
      isLetter(c) || isDigit(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
    }
    func slice(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x20 || (c >= 0x09 && c <= 0x0D) { i += 1; continue }
      let start = i
      if c == UInt8(ascii: "(") { tokens.append(.init(kind: .open, text: "(", offset: i)); i += 1; continue }
      if c == UInt8(ascii: ")") { tokens.append(.init(kind: .close, text: ")", offset: i)); i += 1; continue }
      if isLetter(c) || c == UInt8(ascii: "_") {
        while i < bytes.count, isWordPart(bytes[i]) { i += 1 }
        tokens.append(.init(kind: .word, text: slice(start..<i), offset: start))
        continue
      }
      if isDigit(c) || (c == UInt8(ascii: "-") && i + 1 < bytes.count && isDigit(bytes[i + 1])) {
        i += 1
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        tokens.append(.init(kind: .number, text: slice(start..<i), offset: start))
        continue
      }
      if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
        i += 1
        while i < bytes.count, bytes[i] != c { i += 1 }
        guard i < bytes.count else {
          throw ConditionSyntaxError(message: "unterminated string", offset: start)
        }
        tokens.append(.init(kind: .string, text: slice((start + 1)..<i), offset: start))
        i += 1
        continue
      }
      if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "="),
        c == UInt8(ascii: "=") || c == UInt8(ascii: "!") || c == UInt8(ascii: "<") || c == UInt8(ascii: ">")
      {
        tokens.append(.init(kind: .op, text: slice(i..<(i + 2)), offset: i)); i += 2; continue
      }
      if c == UInt8(ascii: "<") || c == UInt8(ascii: ">") {
        tokens.append(.init(kind: .op, text: slice(i..<(i + 1)), offset: i)); i += 1; continue
      }
      if c == UInt8(ascii: "=") {
        throw ConditionSyntaxError(message: "use '==' to compare", offset: i)
      }
      throw ConditionSyntaxError(
        message: "unexpected character '\(TerminalText.sanitized(slice(i..<(i + 1))))'", offset: i)
    }
    return tokens
  }

  static func tokens(of text: String) throws(ConditionSyntaxError) -> [ConditionToken] {
    let chars = Array(text)
    var tokens: [ConditionToken] = []
    var i = 0
    func isWordStart(_ c: Character) -> Bool { c.isLetter || c == "_" }
    func isWordPart(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
    while i < chars.count {
      let c = chars[i]
      if c.isWhitespace { i += 1; continue }
      let start = i
      if c == "(" { tokens.append(.init(kind: .open, text: "(", offset: i)); i += 1; continue }
      if c == ")" { tokens.append(.init(kind: .close, text: ")", offset: i)); i += 1; continue }
      if isWordStart(c) {
        while i < chars.count, isWordPart(chars[i]) { i += 1 }
        tokens.append(.init(kind: .word, text: String(chars[start..<i]), offset: start))
        continue
      }
      if c.isASCII, c.isNumber || (c == "-" && i + 1 < chars.count && chars[i + 1].isASCII && chars[i + 1].isNumber) {
        i += 1
        while i < chars.count, chars[i].isASCII, chars[i].isNumber { i += 1 }
        tokens.append(.init(kind: .number, text: String(chars[start..<i]), offset: start))
        continue
      }
      if c == "'" || c == "\"" {
        i += 1
        while i < chars.count, chars[i] != c { i += 1 }
        guard i < chars.count else {
          throw ConditionSyntaxError(message: "unterminated string", offset: start)
        }
        tokens.append(.init(kind: .string, text: String(chars[(start + 1)..<i]), offset: start))
        i += 1
        continue
      }
      let two = i + 1 < chars.count ? String(chars[i...(i + 1)]) : ""
      if ["==", "!=", "<=", ">="].contains(two) {
        tokens.append(.init(kind: .op, text: two, offset: i)); i += 2; continue
      }
      if c == "<" || c == ">" {
        tokens.append(.init(kind: .op, text: String(c), offset: i)); i += 1; continue
      }
      if c == "=" {
        throw ConditionSyntaxError(message: "use '==' to compare", offset: i)
      }
      throw ConditionSyntaxError(message: "unexpected character '\(TerminalText.sanitized(String(c)))'", offset: i)
    }
    return tokens
  }
}

struct ConditionParser {
  var tokens: [ConditionToken]
  var position = 0
  var end: Int
  static let maxDepth = 64

  init(tokens: [ConditionToken], end: Int) {
    self.tokens = tokens
    self.end = end
  }

  var peek: ConditionToken? { position < tokens.count ? tokens[position] : nil }

  mutating func take() -> ConditionToken? {
    defer { position += 1 }
    return peek
  }

  mutating func parseOr(depth: Int) throws(ConditionSyntaxError) -> Condition {
    var left = try parseAnd(depth: depth)
    while let token = peek, token.kind == .word, token.text == "or" {
      position += 1
      left = .or(left, try parseAnd(depth: depth))
    }
    return left
  }

  mutating func parseAnd(depth: Int) throws(ConditionSyntaxError) -> Condition {
    var left = try parseNot(depth: depth)
    while let token = peek, token.kind == .word, token.text == "and" {
      position += 1
      left = .and(left, try parseNot(depth: depth))
    }
    return left
  }

  mutating func parseNot(depth: Int) throws(ConditionSyntaxError) -> Condition {
    guard depth < Self.maxDepth else {
      throw ConditionSyntaxError(message: "condition nested too deeply", offset: peek?.offset ?? end)
    }
    guard let token = take() else {
      throw ConditionSyntaxError(message: "expected a condition", offset: end)
    }
    switch token.kind {
    case .word where token.text == "not":
      return .not(try parseNot(depth: depth + 1))
    case .open:
      let inner = try parseOr(depth: depth + 1)
      guard let close = take(), close.kind == .close else {
        throw ConditionSyntaxError(
          message: "expected ')'", offset: tokens.indices.contains(position - 1) ? tokens[position - 1].offset : end)
      }
      return inner
    case .word where token.text == "answered" && peek?.kind == .open:
      position += 1
      guard let name = take(), name.kind == .word else {
        throw ConditionSyntaxError(message: "expected a step id in 'answered(…)'", offset: token.offset)
      }
      guard let close = take(), close.kind == .close else {
        throw ConditionSyntaxError(message: "expected ')'", offset: name.offset + name.text.count)
      }
      return .answered(step: name.text, offset: name.offset)
    case .word where !["and", "or", "includes"].contains(token.text):
      guard let opToken = take() else {
        throw ConditionSyntaxError(message: "expected a comparison after '\(token.text)'", offset: end)
      }
      let op: Condition.Comparison
      if opToken.kind == .op, let parsed = Condition.Comparison(rawValue: opToken.text) {
        op = parsed
      } else if opToken.kind == .word, opToken.text == "includes" {
        op = .includes
      } else {
        throw ConditionSyntaxError(
          message: "expected a comparison such as '==' or '>=' after '\(token.text)'", offset: opToken.offset)
      }
      guard let valueToken = take() else {
        throw ConditionSyntaxError(message: "expected a value after '\(opToken.text)'", offset: end)
      }
      let value: Condition.Literal
      switch valueToken.kind {
      case .number:
        let bounds = InputBounds.wholeNumbers
        guard let number = try? CheckedNumber.integer(valueToken.text, in: bounds, what: "number") else {
          throw ConditionSyntaxError(
            message: "number '\(valueToken.text)' is out of range; use \(bounds.lowerBound)–\(bounds.upperBound)",
            offset: valueToken.offset)
        }
        value = .number(number)
      case .word: value = .word(valueToken.text)
      case .string: value = .text(valueToken.text)
      default:
        throw ConditionSyntaxError(message: "expected a value after '\(opToken.text)'", offset: valueToken.offset)
      }
      return .compare(step: token.text, op: op, value: value, offset: token.offset)
    default:
      throw ConditionSyntaxError(
        message: "expected a step id, 'not' or '(' but found '\(token.text)'", offset: token.offset)
    }
  }
}
