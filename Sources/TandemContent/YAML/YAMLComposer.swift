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
      return build(&parser, diagnostics: &diagnostics)
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
  private func encodingProblem(_ bytes: [UInt8]) -> Diagnostic? {
    var line = 1, column = 1, index = 0
    while index < bytes.count {
      let byte = bytes[index]
      if byte == 0 {
        return .error(
          "file contains binary data (a NUL byte); modules are UTF-8 text", at: location(line: line, column: column))
      }
      let width: Int
      switch byte {
      case 0x00...0x7F: width = 1
      case 0xC2...0xDF: width = 2
      case 0xE0...0xEF: width = 3
      case 0xF0...0xF4: width = 4
      default: width = 0
      }
      var valid = width > 0 && index + width <= bytes.count
      if valid {
        for k in 1..<max(width, 1) where bytes[index + k] & 0xC0 != 0x80 { valid = false }
      }
      if valid && width == 3 {
        let b1 = bytes[index + 1]
        if (byte == 0xE0 && b1 < 0xA0) || (byte == 0xED && b1 >= 0xA0) { valid = false }
      }
      if valid && width == 4 {
        let b1 = bytes[index + 1]
        if (byte == 0xF0 && b1 < 0x90) || (byte == 0xF4 && b1 >= 0x90) { valid = false }
      }
      if !valid {
        return .error(
          "file is not valid UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)))",
          at: location(line: line, column: column))
      }
      if byte == 0x0A {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index += width
    }
    return nil
  }

  private enum Frame {
    case sequence(mark: SourceLocation, anchor: String?, items: [YAMLNode], weight: Int)
    case mapping(
      mark: SourceLocation, anchor: String?, pairs: [(key: YAMLNode, value: YAMLNode)], pendingKey: YAMLNode?,
      weight: Int)
  }

  private func build(_ parser: inout yaml_parser_t, diagnostics: inout [Diagnostic]) -> YAMLNode? {
    var stack: [Frame] = []
    var anchors: [String: YAMLNode] = [:]
    var root: YAMLNode?
    var documents = 0
    var totalWeight = 0

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
      guard let pointer else { return nil }
      return String(cString: pointer)
    }

    /// Adds a finished node to its parent (or makes it the root). Returns false to stop.
    func attach(_ node: YAMLNode, anchor: String?) -> Bool {
      if let anchor { anchors[anchor] = node }
      guard !stack.isEmpty else {
        root = node
        return true
      }
      switch stack[stack.count - 1] {
      case .sequence(let mark, let anchorName, var items, let weight):
        items.append(node)
        stack[stack.count - 1] = .sequence(mark: mark, anchor: anchorName, items: items, weight: weight + node.weight)
      case .mapping(let mark, let anchorName, var pairs, let pendingKey, let weight):
        if let key = pendingKey {
          pairs.append((key, node))
          stack[stack.count - 1] = .mapping(
            mark: mark, anchor: anchorName, pairs: pairs, pendingKey: nil, weight: weight + node.weight)
        } else {
          stack[stack.count - 1] = .mapping(
            mark: mark, anchor: anchorName, pairs: pairs, pendingKey: node, weight: weight + node.weight)
        }
      }
      return true
    }

    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else {
        diagnostics.append(parserError(parser))
        return nil
      }
      defer { yaml_event_delete(&event) }
      let mark = location(event.start_mark)
      switch event.type {
      case YAML_STREAM_END_EVENT:
        return root
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
        _ = attach(YAMLNode(value: .scalar(text, plain: plain), mark: mark, weight: 1), anchor: string(data.anchor))
      case YAML_ALIAS_EVENT:
        guard let name = string(event.data.alias.anchor), let target = anchors[name] else {
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
        copy.mark = mark
        _ = attach(copy, anchor: nil)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        if stack.count >= Self.maxDepth {
          diagnostics.append(.error("nesting is deeper than \(Self.maxDepth) levels", at: mark))
          return nil
        }
        totalWeight += 1
        if event.type == YAML_SEQUENCE_START_EVENT {
          stack.append(.sequence(mark: mark, anchor: string(event.data.sequence_start.anchor), items: [], weight: 1))
        } else {
          stack.append(
            .mapping(mark: mark, anchor: string(event.data.mapping_start.anchor), pairs: [], pendingKey: nil, weight: 1)
          )
        }
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = stack.popLast() else { return nil }
        switch frame {
        case .sequence(let start, let anchor, let items, let weight):
          _ = attach(YAMLNode(value: .sequence(items), mark: start, weight: weight), anchor: anchor)
        case .mapping(let start, let anchor, let pairs, _, let weight):
          reportDuplicateKeys(pairs, into: &diagnostics)
          _ = attach(YAMLNode(value: .mapping(pairs), mark: start, weight: weight), anchor: anchor)
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
