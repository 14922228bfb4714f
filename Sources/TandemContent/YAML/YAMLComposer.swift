import CYaml
import Foundation
import TandemBase

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

  /// libyaml's nesting limit is a process-wide setting: set once, before the first parse.
  private static let limitNesting: Void = yaml_set_max_nest_level(Int32(maxDepth))

  /// The single document in `bytes`, or diagnostics that say why there is none.
  func compose(_ bytes: [UInt8]) -> (YAMLNode?, [Diagnostic]) {
    // A byte order mark (editors on Windows write one) is not part of the text: YAML allows it,
    // and libyaml, told the encoding, would read it as content.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return compose(Array(bytes.dropFirst(3))) }
    if bytes.count > Self.maxFileSize {
      return (
        nil, [.error(.fileTooLarge(bytes.count), at: location(line: 1, column: 1))]
      )
    }
    if let problem = encodingProblem(bytes) { return (nil, [problem]) }
    var diagnostics: [Diagnostic] = []
    _ = Self.limitNesting
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      return (nil, [.error(.outOfMemory, at: location(line: 1, column: 1))])
    }
    defer { yaml_parser_delete(&parser) }
    let root: YAMLNode? = bytes.withUnsafeBufferPointer { buffer -> YAMLNode? in
      guard let base = buffer.baseAddress else { return nil }
      yaml_parser_set_input_string(&parser, base, buffer.count)
      yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
      return build(&parser, size: buffer.count, diagnostics: &diagnostics)
    }
    diagnostics = diagnostics.map { explainingTabs($0, in: bytes) }
    return (diagnostics.hasErrors ? nil : root, diagnostics)
  }

  /// libyaml's message for a tab in indentation ("found character that cannot start any token")
  /// tells an author nothing; when the line of a syntax error is indented with a tab, say so, at the tab.
  private func explainingTabs(_ diagnostic: Diagnostic, in bytes: [UInt8]) -> Diagnostic {
    guard diagnostic.category == "yaml-syntax", let line = diagnostic.location?.line, line >= 1 else {
      return diagnostic
    }
    var start = 0
    var current = 1
    while current < line, start < bytes.count {
      if bytes[start] == UInt8(ascii: "\n") { current += 1 }
      start += 1
    }
    guard current == line else { return diagnostic }
    // Indentation is the spaces before the content, and between a list's `-` markers and it.
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\t") {
        return .error(.tabIndentation, at: location(line: line, column: index - start + 1))
      }
      let isMarker =
        byte == UInt8(ascii: "-")
        && (index + 1 == bytes.count || bytes[index + 1] == UInt8(ascii: " ") || bytes[index + 1] == UInt8(ascii: "\t"))
      guard byte == UInt8(ascii: " ") || isMarker else { break }
      index += 1
    }
    return diagnostic
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
      return .error(.binaryData, at: location(line: line, column: column))
    }
    return .error(.invalidUTF8(byte), at: location(line: line, column: column))
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

  /// A list or mapping being built; its children wait on `Tree.pending` from `firstPending` on.
  private struct Frame {
    var isMapping: Bool
    var line: Int32
    var column: Int32
    var anchor: String?
    var firstPending: Int
    var weight: Int32 = 1
  }

  /// The document being built: its flat node arrays, the open lists and mappings, and anchors.
  private struct Tree {
    var nodes: [YAMLDocument.Node] = []
    var children: [Int32] = []
    var text: [UInt8] = []
    /// Finished nodes whose list or mapping is still open, in order.
    var pending: [Int32] = []
    var stack: [Frame] = []
    var anchors: [String: Int32] = [:]
    var root: Int32?

    /// Adds a finished node to its parent (or makes it the root).
    mutating func attach(_ node: YAMLDocument.Node, anchor: String?) {
      let index = Int32(nodes.count)
      nodes.append(node)
      if let anchor { anchors[anchor] = index }
      let top = stack.count - 1
      guard top >= 0 else {
        root = index
        return
      }
      stack[top].weight &+= node.weight
      pending.append(index)
    }

    /// Closes the innermost list or mapping, moving its children into place.
    mutating func close() -> Frame? {
      guard let frame = stack.popLast() else { return nil }
      let start = Int32(children.count)
      children.append(contentsOf: pending[frame.firstPending...])
      pending.removeSubrange(frame.firstPending...)
      attach(
        YAMLDocument.Node(
          kind: frame.isMapping ? .mapping : .sequence, plain: false, line: frame.line, column: frame.column,
          start: start, count: Int32(children.count) - start, weight: frame.weight),
        anchor: frame.anchor)
      return frame
    }
  }

  private static func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
    guard let pointer else { return nil }
    return String(cString: pointer)
  }

  /// The document in `parser`'s events; `size` (the file's bytes) sizes the arrays up front:
  /// scalar text never outgrows the source, and content files have a node every 20-odd bytes.
  private func build(_ parser: inout yaml_parser_t, size: Int, diagnostics: inout [Diagnostic]) -> YAMLNode? {
    var tree = Tree()
    tree.nodes.reserveCapacity(max(64, size / 16))
    tree.children.reserveCapacity(max(64, size / 16))
    tree.text.reserveCapacity(size)
    tree.pending.reserveCapacity(64)
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
        guard let root = tree.root else { return nil }
        let document = YAMLDocument(path: path, nodes: tree.nodes, children: tree.children, text: tree.text)
        return YAMLNode(document: document, index: root)
      case YAML_DOCUMENT_START_EVENT:
        documents += 1
        if documents > 1 {
          diagnostics.append(.error(.secondDocument, at: mark))
          return nil
        }
      case YAML_SCALAR_EVENT:
        let data = event.data.scalar
        let start = Int32(tree.text.count)
        if let value = data.value, data.length > 0 {
          tree.text.append(contentsOf: UnsafeBufferPointer(start: value, count: data.length))
        }
        let plain = data.style == YAML_PLAIN_SCALAR_STYLE && data.tag == nil
        var textStart = YAMLDocument.Node.TextStart.unknown
        if data.tag == nil && data.anchor == nil {
          switch data.style {
          case YAML_PLAIN_SCALAR_STYLE: textStart = .atNode
          case YAML_SINGLE_QUOTED_SCALAR_STYLE, YAML_DOUBLE_QUOTED_SCALAR_STYLE: textStart = .afterQuote
          default: break
          }
        }
        let style: WrittenScalar.Style? =
          switch data.style {
          case YAML_PLAIN_SCALAR_STYLE: .plain
          case YAML_SINGLE_QUOTED_SCALAR_STYLE: .singleQuoted
          case YAML_DOUBLE_QUOTED_SCALAR_STYLE: .doubleQuoted
          case YAML_LITERAL_SCALAR_STYLE: .literal
          case YAML_FOLDED_SCALAR_STYLE: .folded
          default: nil
          }
        totalWeight += 1
        tree.attach(
          YAMLDocument.Node(
            kind: .scalar, plain: plain, textStart: textStart, style: style, line: line, column: column,
            endLine: Int32(truncatingIfNeeded: event.end_mark.line + 1),
            endColumn: Int32(truncatingIfNeeded: event.end_mark.column + 1), start: start,
            count: Int32(truncatingIfNeeded: data.length), weight: 1),
          anchor: data.anchor == nil ? nil : Self.string(data.anchor))
      case YAML_ALIAS_EVENT:
        guard let name = Self.string(event.data.alias.anchor), let target = tree.anchors[name] else {
          diagnostics.append(.error(.unknownAlias, at: mark))
          return nil
        }
        var copy = tree.nodes[Int(target)]
        if totalWeight + Int(copy.weight) > Self.maxWeight {
          diagnostics.append(
            .error(.aliasExpansion(limit: Self.maxWeight), at: mark))
          return nil
        }
        totalWeight += Int(copy.weight)
        // The alias shares the anchored node's children and text; only its position differs.
        copy.line = line
        copy.column = column
        // Positions given for the alias's text point at the alias itself.
        copy.textStart = copy.kind == .scalar ? .atNode : .unknown
        copy.style = nil
        tree.attach(copy, anchor: nil)
      case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
        if tree.stack.count >= Self.maxDepth {
          diagnostics.append(.error(.nestingTooDeep(limit: Self.maxDepth), at: mark))
          return nil
        }
        totalWeight += 1
        let isMapping = event.type == YAML_MAPPING_START_EVENT
        let anchor = isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor
        tree.stack.append(
          Frame(
            isMapping: isMapping, line: line, column: column, anchor: anchor == nil ? nil : Self.string(anchor),
            firstPending: tree.pending.count))
      case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
        guard let frame = tree.close() else { return nil }
        if frame.isMapping { reportDuplicateKeys(tree, into: &diagnostics) }
      default:
        break
      }
      if totalWeight > Self.maxWeight {
        diagnostics.append(.error(.tooManyNodes(limit: Self.maxWeight), at: mark))
        return nil
      }
    }
  }

  /// Every key of the mapping `tree` has just closed that repeats an earlier one.
  private func reportDuplicateKeys(_ tree: Tree, into diagnostics: inout [Diagnostic]) {
    guard let mapping = tree.nodes.last, mapping.count > 2 else { return }
    let pairs = Int(mapping.count) / 2
    let keys = (0..<pairs).lazy.map { tree.children[Int(mapping.start) + 2 * $0] }
    func bytes(_ key: Int32) -> ArraySlice<UInt8>? {
      let node = tree.nodes[Int(key)]
      guard node.kind == .scalar else { return nil }
      return tree.text[Int(node.start)..<Int(node.start + node.count)]
    }
    func report(_ key: Int32, first: YAMLDocument.Node) {
      let node = tree.nodes[Int(key)]
      let text = TerminalText.sanitized(String(decoding: bytes(key) ?? [], as: UTF8.self))
      diagnostics.append(
        .error(
          .duplicateKey(text), at: location(line: Int(node.line), column: Int(node.column)),
          notes: [.firstKey(text, at: location(line: Int(first.line), column: Int(first.column)))]))
    }
    if pairs <= 16 {
      // A pairwise scan: mappings in modules are small, and a dictionary per mapping costs more.
      // Lengths first; bytes only for keys of the same length.
      tree.nodes.withUnsafeBufferPointer { nodes in
        tree.text.withUnsafeBufferPointer { text in
          for index in 1..<pairs {
            let key = nodes[Int(keys[index])]
            guard key.kind == .scalar else { continue }
            for earlier in 0..<index {
              let other = nodes[Int(keys[earlier])]
              guard other.kind == .scalar, other.count == key.count,
                key.count == 0
                  || memcmp(text.baseAddress! + Int(key.start), text.baseAddress! + Int(other.start), Int(key.count))
                    == 0
              else { continue }
              report(keys[index], first: other)
              break
            }
          }
        }
      }
      return
    }
    var seen: [ArraySlice<UInt8>: Int32] = [:]
    for key in keys {
      guard let text = bytes(key) else { continue }
      if let first = seen[text] {
        report(key, first: tree.nodes[Int(first)])
      } else {
        seen[text] = key
      }
    }
  }

  private func parserError(_ parser: yaml_parser_t) -> Diagnostic {
    var message = parser.problem.map { String(cString: $0) } ?? "invalid YAML"
    if message.hasPrefix("Maximum nesting level") {
      return .error(.nestingTooDeep(limit: Self.maxDepth), at: location(parser.problem_mark))
    }
    if let context = parser.context.map({ String(cString: $0) }) {
      message += " " + context
    }
    let mark =
      parser.problem_mark.line == 0 && parser.problem_mark.column == 0 && parser.problem_mark.index == 0
        && parser.context != nil ? parser.context_mark : parser.problem_mark
    return .error(.invalidYAML(TerminalText.sanitized(message)), at: location(mark))
  }
}

extension Diagnostic.Message {
  /// A mapping gives `key` twice; YAML keeps only one, so the author would lose a value silently.
  static func duplicateKey(_ key: String) -> Self {
    Self("duplicate key '\(key)'", category: "duplicate-key")
  }
}

extension Diagnostic.Note {
  /// Where a repeated key was first given.
  static func firstKey(_ key: String, at location: SourceLocation) -> Self {
    Self("'\(key)' is first given here", at: location)
  }
}

extension Diagnostic.Message {
  /// Modules are small; a huge file is a mistake or an attack, refused before parsing.
  static func fileTooLarge(_ count: Int) -> Self {
    Self("file is larger than 1 MiB (\(count) bytes); split it", category: "file-size")
  }

  /// libyaml could not allocate.
  static var outOfMemory: Self { Self("out of memory while reading YAML", category: "yaml-syntax") }

  /// A NUL byte: not a text file.
  static var binaryData: Self {
    Self("file contains binary data (a NUL byte); modules are UTF-8 text", category: "encoding")
  }

  /// A byte that cannot start or continue UTF-8.
  static func invalidUTF8(_ byte: UInt8) -> Self {
    Self("file is not valid UTF-8 text (byte 0x\(String(byte, radix: 16, uppercase: true)))", category: "encoding")
  }

  /// Each file is one module, snippet or catalogue.
  static var secondDocument: Self { Self("a file holds one document; found a second '---'", category: "yaml-syntax") }

  /// `*name` without an earlier `&name`.
  static var unknownAlias: Self { Self("unknown alias", category: "yaml-syntax") }

  /// The billion-laughs guard: aliases may not multiply a file beyond `limit` nodes.
  static func aliasExpansion(limit: Int) -> Self {
    Self(
      "aliases expand this file to more than \(limit) nodes; write the content out instead",
      category: "alias-expansion")
  }

  /// Nesting beyond `limit` levels, refused before it can exhaust the stack.
  static func nestingTooDeep(limit: Int) -> Self {
    Self("nesting is deeper than \(limit) levels", category: "nesting-depth")
  }

  /// More than `limit` nodes written out.
  static func tooManyNodes(limit: Int) -> Self {
    Self("this file has more than \(limit) YAML nodes", category: "file-size")
  }

  /// A tab where YAML needs spaces.
  static var tabIndentation: Self {
    Self("use spaces to indent (found a tab)", category: "yaml-syntax")
  }

  /// libyaml's own description of a syntax error.
  static func invalidYAML(_ problem: String) -> Self {
    Self("invalid YAML: \(problem)", category: "yaml-syntax")
  }
}
