import Foundation
import TandemBase

/// Reads the fields of one YAML mapping, recording a diagnostic for every wrong type, missing
/// field and unknown key (with a "did you mean" suggestion).
struct MappingReader {
  let node: YAMLNode
  /// What the mapping is, for messages ("step 'intro'", "module"); built only when a message needs it.
  var context: String {
    switch label {
    case .fixed(let text): text
    case .step(let id): "step '\(TerminalText.sanitized(id))'"
    }
  }
  private let label: Label

  /// What a mapping is called in messages.
  enum Label {
    case fixed(String)
    /// A step, named by its id.
    case step(id: String)
  }

  /// Reads `node` as a mapping, or records that it is not one.
  init?(_ node: YAMLNode, context: String, diagnostics: inout [Diagnostic]) {
    self.init(node, label: .fixed(context), diagnostics: &diagnostics)
  }

  /// Reads `node` as a mapping, or records that it is not one.
  init?(_ node: YAMLNode, label: Label, diagnostics: inout [Diagnostic]) {
    self.label = label
    self.node = node
    guard node.isMapping else {
      diagnostics.append(.error(.expectedMapping(for: context, found: node.kindDescription), at: node.mark))
      return nil
    }
    if !node.document.keysAreScalars(node.index) {
      for position in 0..<node.count where !node.key(position).isScalar {
        diagnostics.append(.error(.plainKeys(in: context), at: node.key(position).mark))
      }
    }
  }

  /// The position of a key's first pair. (Mappings in content are small: a scan over the
  /// keys' bytes costs less than building an index. Repeated keys are the composer's error.)
  private func index(_ name: String) -> Int? {
    var name = name
    return name.withUTF8 { node.document.pairPosition(in: node.index, key: $0) }
  }

  /// Whether the key is present.
  func has(_ key: String) -> Bool { index(key) != nil }

  /// The value node of a key.
  func value(_ key: String) -> YAMLNode? { index(key).map { node.value(at: $0) } }

  /// Reports keys not in `allowed`.
  func reportUnknownKeys(allowed: [String], diagnostics: inout [Diagnostic]) {
    var reported: Set<String> = []
    for position in 0..<node.count {
      let key = node.key(position)
      guard key.isScalar, !node.document.scalar(key.index, isOneOf: allowed) else { continue }
      // A repeated unknown key is reported once, at its first use.
      let name = key.scalar ?? ""
      guard reported.insert(name).inserted else { continue }
      diagnostics.append(
        .error(.unknownField(TerminalText.sanitized(name), in: context, allowed: allowed), at: key.mark))
    }
  }

  /// A string field (any scalar but null). Records an error if required and missing, or of the wrong type.
  func string(_ key: String, required: Bool = false, diagnostics: inout [Diagnostic]) -> String? {
    guard let value = value(key) else {
      if required { diagnostics.append(.error(.missingField(key, in: context), at: node.mark)) }
      return nil
    }
    guard value.isScalar, !value.isNull, let text = value.scalar else {
      diagnostics.append(
        .error(.fieldType(key, in: context, expected: "text", found: value.kindDescription), at: value.mark))
      return nil
    }
    return text
  }

  /// An integer field within `range`.
  func int(_ key: String, required: Bool = false, in range: ClosedRange<Int>, diagnostics: inout [Diagnostic]) -> Int? {
    guard let value = value(key) else {
      if required { diagnostics.append(.error(.missingField(key, in: context), at: node.mark)) }
      return nil
    }
    guard value.isPlainScalar, let text = value.scalar, let number = YAMLScalar.int(text) else {
      let found = value.scalar.map { "'\(TerminalText.sanitized($0))'" } ?? value.kindDescription
      diagnostics.append(.error(.fieldType(key, in: context, expected: "a whole number", found: found), at: value.mark))
      return nil
    }
    guard range.contains(number) else {
      diagnostics.append(
        .error(.fieldRange(key, in: context, range: range, found: number), at: value.mark))
      return nil
    }
    return number
  }

  /// A boolean field.
  func bool(_ key: String, diagnostics: inout [Diagnostic]) -> Bool? {
    guard let value = value(key) else { return nil }
    guard value.isPlainScalar, let text = value.scalar, let flag = YAMLScalar.bool(text) else {
      let found = value.scalar.map { "'\(TerminalText.sanitized($0))'" } ?? value.kindDescription
      diagnostics.append(.error(.fieldType(key, in: context, expected: "true or false", found: found), at: value.mark))
      return nil
    }
    return flag
  }

  /// A field whose value is one of `choices`.
  func oneOf<T: RawRepresentable>(
    _ key: String, _ type: T.Type, required: Bool = false, diagnostics: inout [Diagnostic]
  )
    -> T? where T.RawValue == String, T: CaseIterable
  {
    guard let text = string(key, required: required, diagnostics: &diagnostics) else { return nil }
    if let parsed = T(rawValue: text) { return parsed }
    let names = T.allCases.map(\.rawValue)
    diagnostics.append(
      .error(.unknownChoice(key, TerminalText.sanitized(text), in: context, names: names), at: value(key)?.mark))
    return nil
  }

  /// A list field; records an error if it is not a list.
  func list(_ key: String, required: Bool = false, diagnostics: inout [Diagnostic]) -> [YAMLNode]? {
    guard let value = value(key) else {
      if required { diagnostics.append(.error(.missingField(key, in: context), at: node.mark)) }
      return nil
    }
    guard value.isSequence else {
      diagnostics.append(
        .error(.fieldType(key, in: context, expected: "a list", found: value.kindDescription), at: value.mark))
      return nil
    }
    return value.items
  }

  /// Where a text field is: its content starts, for block scalars (`|`, `>`), on the first content line.
  func textPlace(_ key: String, lines: SourceLines) -> TextPlace? {
    guard let value = value(key) else { return nil }
    return lines.textPlace(of: value)
  }
}

/// The lines of a source file, for caret snippets and text positions.
///
/// Keeps the file's bytes and the offset where each line starts (one byte scan); a line's
/// text is built only when asked for. Lines end at LF, as libyaml counts them; a CR before
/// the LF (a file saved with Windows line endings) is not part of the line.
struct SourceLines: Sendable {
  private let bytes: [UInt8]
  /// Byte offset of the start of each line; the first is 0.
  private let starts: [Int]

  init(_ text: String) {
    self.init(bytes: Array(text.utf8))
  }

  init(bytes: [UInt8]) {
    self.bytes = bytes
    var starts = [0]
    starts.reserveCapacity(bytes.count / 32 + 1)
    bytes.withUnsafeBufferPointer { buffer in
      guard let base = buffer.baseAddress else { return }
      // memchr finds each LF at memory speed.
      var offset = 0
      while offset < buffer.count, let found = memchr(base + offset, 0x0A, buffer.count - offset) {
        let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
        starts.append(index + 1)
        offset = index + 1
      }
    }
    self.starts = starts
  }

  /// The number of lines.
  var count: Int { starts.count }

  /// The byte range of a 1-based line, without its line ending (a final CR is dropped).
  private func range(_ number: Int) -> Range<Int>? {
    guard number >= 1, number <= starts.count else { return nil }
    let start = starts[number - 1]
    var end = number < starts.count ? starts[number] - 1 : bytes.count
    if end > start && bytes[end - 1] == 0x0D { end -= 1 }
    return start..<end
  }

  /// The text of a 1-based line, without its line ending.
  func line(_ number: Int) -> String? {
    guard let range = range(number) else { return nil }
    return String(decoding: bytes[range], as: UTF8.self)
  }

  /// Whether every byte of the range is ASCII other than CR, so that bytes and `Character`s
  /// correspond one to one.
  private func isPlainASCII(_ range: Range<Int>) -> Bool {
    bytes.withUnsafeBufferPointer { buffer in
      for index in range where buffer[index] >= 0x80 || buffer[index] == 0x0D { return false }
      return true
    }
  }

  /// Where a scalar's text is. The scalar's source is kept only when an offset into its value is
  /// not an offset from where it starts: when it spans lines, or is quoted and has escapes.
  func textPlace(of node: YAMLNode) -> TextPlace {
    let start = contentStart(of: node)
    guard let (style, endLine, endColumn) = node.written,
      let from = byteOffset(line: node.mark.line, column: node.mark.column),
      let to = byteOffset(line: endLine, column: endColumn), from < to
    else { return TextPlace(start: start) }
    if endLine == node.mark.line && node.knownTextStart != nil {
      let escape: UInt8? =
        switch style {
        case .doubleQuoted: UInt8(ascii: "\\")
        case .singleQuoted: UInt8(ascii: "'")
        default: nil
        }
      // A single-quoted scalar's quotes are its first and last bytes; a quote between them is an escape.
      let inside = style == .singleQuoted ? (from + 1)..<max(from + 1, to - 1) : from..<to
      guard let escape, inside.contains(where: { bytes[$0] == escape }) else { return TextPlace(start: start) }
    }
    let source = String(decoding: bytes[from..<to], as: UTF8.self)
    return TextPlace(start: start, written: WrittenScalar(style: style, source: source, at: node.mark))
  }

  /// The byte offset of a 1-based line and column (columns count Unicode scalars, as libyaml does).
  private func byteOffset(line: Int, column: Int) -> Int? {
    guard line >= 1, line <= starts.count, column >= 1 else { return nil }
    let end = line < starts.count ? starts[line] : bytes.count
    var offset = starts[line - 1]
    var remaining = column - 1
    while remaining > 0 {
      guard offset < end else { return nil }
      let byte = bytes[offset]
      offset += byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2
      remaining -= 1
    }
    return min(offset, bytes.count)
  }

  /// Where a scalar's text starts: after an opening quote, or on the first content line of a block scalar.
  func contentStart(of node: YAMLNode) -> SourceLocation {
    if let known = node.knownTextStart { return known }
    guard let range = range(node.mark.line) else { return node.mark }
    let index = node.mark.column - 1
    let first: Character
    if isPlainASCII(range) {
      guard index >= 0, index < range.count else { return node.mark }
      first = Character(Unicode.Scalar(bytes[range.lowerBound + index]))
    } else {
      let chars = Array(String(decoding: bytes[range], as: UTF8.self))
      guard index >= 0, index < chars.count else { return node.mark }
      first = chars[index]
    }
    switch first {
    case "\"", "'":
      return node.mark.advanced(by: 1)
    case "|", ">":
      var number = node.mark.line + 1
      while let next = self.range(number) {
        if isPlainASCII(next) {
          var indent = 0
          while indent < next.count && bytes[next.lowerBound + indent] == 0x20 { indent += 1 }
          if indent < next.count {
            return SourceLocation(file: node.mark.file, line: number, column: indent + 1)
          }
        } else {
          let text = String(decoding: bytes[next], as: UTF8.self)
          let indent = text.prefix { $0 == " " }.count
          if indent < text.count {
            return SourceLocation(file: node.mark.file, line: number, column: indent + 1)
          }
        }
        number += 1
      }
      return node.mark
    default:
      return node.mark
    }
  }
}

extension Diagnostic.Message {
  /// A module, step or entry written as something other than `key: value` lines.
  static func expectedMapping(for context: String, found: String) -> Self {
    Self("expected a mapping for \(context), found \(found)", category: "field-type")
  }

  /// A key written as a list or mapping.
  static func plainKeys(in context: String) -> Self {
    Self("keys in \(context) must be plain names", category: "field-type")
  }

  /// A key the schema does not know, with the closest known one when there is one.
  static func unknownField(_ name: String, in context: String, allowed: [String]) -> Self {
    Self(
      "unknown field '\(name)' in \(context)" + Suggestion.hint(for: name, in: allowed), category: "unknown-field",
      fixIt: Suggestion.fixIt(for: name, in: allowed))
  }

  /// A required key left out.
  static func missingField(_ key: String, in context: String) -> Self {
    Self("missing field '\(key)' in \(context)", category: "missing-field")
  }

  /// A value of the wrong kind: `expected` is "text", "a whole number", "true or false" or "a list".
  static func fieldType(_ key: String, in context: String, expected: String, found: String) -> Self {
    Self("expected \(expected) for '\(key)' in \(context), found \(found)", category: "field-type")
  }

  /// A number outside the field's range.
  static func fieldRange(_ key: String, in context: String, range: ClosedRange<Int>, found: Int) -> Self {
    Self(
      "'\(key)' in \(context) must be from \(range.lowerBound) to \(range.upperBound), found \(found)",
      category: "field-range")
  }

  /// A value that is not one of the field's names, with the closest one when there is one.
  static func unknownChoice(_ key: String, _ text: String, in context: String, names: [String]) -> Self {
    let hint = Suggestion.closest(to: text, in: names).map { "did you mean '\($0)'? " } ?? ""
    return Self(
      "unknown \(key) '\(text)' in \(context); \(hint)expected one of \(names.joined(separator: ", "))",
      category: "unknown-value", fixIt: Suggestion.fixIt(for: text, in: names))
  }
}
