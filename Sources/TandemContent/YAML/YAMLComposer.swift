import CYaml
import Foundation
import TandemCore

/// Builds `YAMLNode` trees from libyaml's event stream, reporting problems as diagnostics.
///
/// Tandem composes the tree itself (instead of using Yams' `compose`) so that it can report
/// every duplicate key rather than the first, keep positions on every node, and refuse
/// hostile input early: alias bombs, deep nesting, oversized or binary files.
struct YAMLComposer {
  /// The largest file accepted, in bytes.
  static let maxFileSize = 1 << 20
  /// The deepest nesting of lists and mappings accepted.
  static let maxDepth = 64
  /// The most nodes a document may expand to, counting aliases.
  static let maxWeight = 200_000

  let path: String

  /// The single document in `bytes`, or diagnostics that say why there is none.
  func compose(_ bytes: [UInt8]) -> (YAMLNode?, [Diagnostic]) {
    if bytes.count > Self.maxFileSize {
      return (
        nil, [.error("file is larger than 1 MiB (\(bytes.count) bytes); split it", at: location(line: 1, column: 1))]
      )
    }
    if let problem = encodingProblem(bytes) { return (nil, [problem]) }
    var diagnostics: [Diagnostic] = []
    yaml_set_max_nest_level(Int32(Self.maxDepth))
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      return (nil, [.error("out of memory while reading YAML", at: location(line: 1, column: 1))])
    }
    defer { yaml_parser_delete(&parser) }
    let root: YAMLNode? = bytes.withUnsafeBufferPointer { buffer -> YAMLNode? in
      guard let base = buffer.baseAddress else { return nil }
      yaml_parser_set_input_string(&parser, base, buffer.count)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      return build(&parser, file: YAMLFiles.number(path), diagnostics: &diagnostics)
    }
    return (diagnostics.hasErrors ? nil : root, diagnostics)
  }

  private func location(line: Int, column: Int) -> SourceLocation {
    SourceLocation(file: path, line: line, column: column)
  }

  private func location(_ mark: yaml_mark_t) -> SourceLocation {
    location(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
  }

  /// NUL bytes and invalid UTF-8 are reported before libyaml sees the file.
  ///
  /// Runs of plain ASCII are skipped eight bytes at a time; the line and column of a problem
  /// are counted only when there is one.
  private func encodingProblem(_ bytes: [UInt8]) -> Diagnostic? {
    guard let index = firstEncodingProblem(bytes) else { return nil }
    var line = 1, column = 1, position = 0
    while position < index {
      let byte = bytes[position]
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
      position += Self.sequenceWidth(byte)
    }
    let byte = bytes[index]
    if byte == 0 {
      return .error(
        "file contains binary data (a NUL byte); modules are UTF-8 text", at: location(line: line, column: column))
    }
    return .error(
      "file is not valid UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)))",
      at: location(line: line, column: column))
  }

  /// The width of the UTF-8 sequence a lead byte starts (0 for bytes that cannot start one).
  private static func sequenceWidth(_ byte: UInt8) -> Int {
    switch byte {
    case 0x00...0x7F: 1
    case 0xC2...0xDF: 2
    case 0xE0...0xEF: 3
    case 0xF0...0xF4: 4
    default: 0
    }
  }

  /// The offset of the first NUL byte or the start of the first invalid UTF-8 sequence.
  private func firstEncodingProblem(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
      guard let base = buffer.baseAddress else { return nil }
      let count = buffer.count
      var index = 0
      while index < count {
        // Eight ASCII bytes with no NUL among them.
        while index + 8 <= count {
          let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
          let high: UInt64 = 0x8080_8080_8080_8080
          let zero = (word &- 0x0101_0101_0101_0101) & ~word & high
          if word & high != 0 || zero != 0 { break }
          index += 8
        }
        guard index < count else { break }
        let byte = buffer[index]
        if byte == 0 { return index }
        let width = Self.sequenceWidth(byte)
        var valid = width > 0 && index + width <= count
        if valid {
          for k in 1..<max(width, 1) where buffer[index + k] & 0xC0 != 0x80 { valid = false }
        }
        if valid && width == 3 {
          let b1 = buffer[index + 1]
          if (byte == 0xE0 && b1 < 0xA0) || (byte == 0xED && b1 >= 0xA0) { valid = false }
        }
        if valid && width == 4 {
          let b1 = buffer[index + 1]
          if (byte == 0xF0 && b1 < 0x90) || (byte == 0xF4 && b1 >= 0x90) { valid = false }
        }
        if !valid { return index }
        index += width
      }
      return nil
    }
  }

  /// A list or mapping being built; children are appended in place.
  private struct Frame {
    var isMapping: Bool
    var line: Int32
    var column: Int32
    var anchor: String?
    var items: [YAMLNode] = []
    var pairs: [(key: YAMLNode, value: YAMLNode)] = []
    var pendingKey: YAMLNode?
    var weight = 1
  }

  /// The tree being built: open lists and mappings, anchors, and the finished root.
  private struct Tree {
    var stack: [Frame] = []
    var anchors: [String: YAMLNode] = [:]
    var root: YAMLNode?

    /// Adds a finished node to its parent (or makes it the root).
    mutating func attach(_ node: YAMLNode, anchor: String?) {
      if let anchor { anchors[anchor] = node }
      let top = stack.count - 1
      guard top >= 0 else {
        root = node
        return
      }
      stack[top].weight += node.weight
      if !stack[top].isMapping {
        stack[top].items.append(node)
      } else if let key = stack[top].pendingKey {
        stack[top].pendingKey = nil
        stack[top].pairs.append((key, node))
      } else {
        stack[top].pendingKey = node
      }
    }
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  private func build(_ parser: inout yaml_parser_t, file: UInt32, diagnostics: inout [Diagnostic]) -> YAMLNode? {
    var tree = Tree()
    var documents = 0
    var totalWeight = 0

    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else {
        diagnostics.append(parserError(parser))
        return nil
      }
      defer { yaml_event_delete(&event) }
      let line = Int32(truncatingIfNeeded: event.start_mark.line + 1)
      let column = Int32(truncatingIfNeeded: event.start_mark.column + 1)
      var mark: SourceLocation { location(event.start_mark) }
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return tree.root
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          diagnostics.append(.error("a file holds one document; found a second '---'", at: mark))
          return nil
        }
      case YAML_SCALAR_EVENT:
        let data = event.data.scalar
        let text =
          data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let plain = data.style == YAML_PLAIN_SCALAR_STYLE && data.tag == nil
        totalWeight += 1
        tree.attach(
          YAMLNode(value: .scalar(text, plain: plain), line: line, column: column, file: file, weight: 1),
          anchor: Self.string(data.anchor))
      case YAML_ALIAS_EVENT:
        guard let name = Self.string(event.data.alias.anchor), let target = tree.anchors[name] else {
          diagnostics.append(.error("unknown alias", at: mark))
          return nil
        }
        if totalWeight + target.weight > Self.maxWeight {
          diagnostics.append(
            .error(
              "aliases expand this file to more than \(Self.maxWeight) nodes; write the content out instead", at: mark))
          return nil
        }
        totalWeight += target.weight
        var copy = target
        copy.line = line
        copy.column = column
        tree.attach(copy, anchor: nil)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        if tree.stack.count >= Self.maxDepth {
          diagnostics.append(.error("nesting is deeper than \(Self.maxDepth) levels", at: mark))
          return nil
        }
        totalWeight += 1
        if event.type == YAML_SEQUENCE_START_EVENT {
          tree.stack.append(
            Frame(isMapping: false, line: line, column: column, anchor: Self.string(event.data.sequence_start.anchor)))
        } else {
          var frame = Frame(
            isMapping: true, line: line, column: column, anchor: Self.string(event.data.mapping_start.anchor))
          frame.pairs.reserveCapacity(4)
          tree.stack.append(frame)
        }
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = tree.stack.popLast() else { return nil }
        if frame.isMapping {
          reportDuplicateKeys(frame.pairs, into: &diagnostics)
          tree.attach(
            YAMLNode(
              value: .mapping(frame.pairs), line: frame.line, column: frame.column, file: file, weight: frame.weight),
            anchor: frame.anchor)
        } else {
          tree.attach(
            YAMLNode(
              value: .sequence(frame.items), line: frame.line, column: frame.column, file: file, weight: frame.weight),
            anchor: frame.anchor)
        }
      default:
        break
      }
      if totalWeight > Self.maxWeight {
        diagnostics.append(.error("this file has more than \(Self.maxWeight) YAML nodes", at: mark))
        return nil
      }
    }
  }

  private func reportDuplicateKeys(_ pairs: [(key: YAMLNode, value: YAMLNode)], into diagnostics: inout [Diagnostic]) {
    guard pairs.count > 1 else { return }
    if pairs.count <= 16 {
      // A pairwise scan: mappings in modules are small, and a dictionary per mapping costs more.
      for index in 1..<pairs.count {
        guard case .scalar(let text, _) = pairs[index].key.value else { continue }
        for earlier in 0..<index {
          guard case .scalar(let other, _) = pairs[earlier].key.value, other == text else { continue }
          diagnostics.append(
            .error(
              "duplicate key '\(TerminalText.sanitized(text))' (first given at line \(pairs[earlier].key.line))",
              at: pairs[index].key.mark))
          break
        }
      }
      return
    }
    var seen: [String: SourceLocation] = [:]
    for (key, _) in pairs {
      guard let text = key.scalar else { continue }
      if let first = seen[text] {
        diagnostics.append(
          .error("duplicate key '\(TerminalText.sanitized(text))' (first given at line \(first.line))", at: key.mark))
      } else {
        seen[text] = key.mark
      }
    }
  }

  private func parserError(_ parser: yaml_parser_t) -> Diagnostic {
    var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
    if message.hasPrefix("Maximum nesting level") {
      return .error("nesting is deeper than \(Self.maxDepth) levels", at: location(parser.problem_mark))
    }
    if let context = parser.context.map({ String(cString: $0) }) {
      message += " " + context
    }
    let mark =
      parser.problem_mark.line == 0 && parser.problem_mark.column == 0 && parser.problem_mark.index == 0
        && parser.context != nil ? parser.context_mark : parser.problem_mark
    return .error("invalid YAML: " + TerminalText.sanitized(message), at: location(mark))
  }
}
