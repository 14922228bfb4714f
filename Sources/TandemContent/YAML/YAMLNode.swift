import Foundation
import TandemBase

/// A composed YAML document: every node in flat arrays, scalar text as bytes.
///
/// The composer fills these arrays as libyaml's events arrive, so a document costs a
/// handful of allocations however many nodes it has, and freeing it is as cheap. Strings are
/// made only for the scalars a reader asks for; keys are compared as bytes.
final class YAMLDocument: @unchecked Sendable {
  /// One node. Scalars hold a byte range of `text`; lists and mappings a range of `children`
  /// (a mapping's as key, value, key, value…).
  struct Node {
    enum Kind: UInt8 { case scalar, sequence, mapping }
    enum TextStart: UInt8 { case unknown, atNode, afterQuote }
    var kind: Kind
    /// For scalars: plain style and no tag (only plain scalars can be numbers, booleans or null).
    var plain: Bool
    /// For scalars without a tag or anchor: whether the text starts at the node (plain) or one
    /// character in (quoted). Block scalars and decorated nodes need the source to tell.
    var textStart: TextStart = .unknown
    /// For scalars read from the source (not aliases): how the scalar is written.
    var style: WrittenScalar.Style? = nil
    var line: Int32
    var column: Int32
    /// For scalars: where the scalar's source ends (after a closing quote; after a block's last line).
    var endLine: Int32 = 0
    var endColumn: Int32 = 0
    var start: Int32
    var count: Int32
    /// Nodes in this subtree, counting every alias expansion (guards against alias bombs).
    var weight: Int32
  }

  /// The file's path, as diagnostics name it.
  let path: String
  let nodes: [Node]
  let children: [Int32]
  let text: [UInt8]

  init(path: String, nodes: [Node], children: [Int32], text: [UInt8]) {
    self.path = path
    self.nodes = nodes
    self.children = children
    self.text = text
  }

  /// Whether scalar `index`'s bytes equal `bytes`.
  @inline(__always)
  func scalar(_ index: Int32, equals bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    let node = nodes[Int(index)]
    guard node.kind == .scalar, Int(node.count) == bytes.count else { return false }
    if bytes.isEmpty { return true }
    return text.withUnsafeBufferPointer { buffer in
      memcmp(buffer.baseAddress! + Int(node.start), bytes.baseAddress!, bytes.count) == 0
    }
  }

  /// Whether scalars `a` and `b` hold the same bytes.
  func scalar(_ a: Int32, equalsScalar b: Int32) -> Bool {
    let first = nodes[Int(a)], second = nodes[Int(b)]
    guard first.kind == .scalar, second.kind == .scalar, first.count == second.count else { return false }
    if first.count == 0 { return true }
    return text.withUnsafeBufferPointer { buffer in
      memcmp(buffer.baseAddress! + Int(first.start), buffer.baseAddress! + Int(second.start), Int(first.count)) == 0
    }
  }

  /// The position of the first pair of mapping `mapping` whose key is the scalar `name`.
  func pairPosition(in mapping: Int32, key name: UnsafeBufferPointer<UInt8>) -> Int? {
    nodes.withUnsafeBufferPointer { nodes in
      children.withUnsafeBufferPointer { children in
        text.withUnsafeBufferPointer { text in
          let map = nodes[Int(mapping)]
          var child = Int(map.start)
          let end = child + Int(map.count)
          var position = 0
          while child < end {
            let key = nodes[Int(children[child])]
            if key.kind == .scalar, Int(key.count) == name.count,
              name.isEmpty || memcmp(text.baseAddress! + Int(key.start), name.baseAddress!, name.count) == 0
            {
              return position
            }
            child += 2
            position += 1
          }
          return nil
        }
      }
    }
  }

  /// Whether every key of mapping `mapping` is a scalar.
  func keysAreScalars(_ mapping: Int32) -> Bool {
    nodes.withUnsafeBufferPointer { nodes in
      children.withUnsafeBufferPointer { children in
        let map = nodes[Int(mapping)]
        for child in stride(from: Int(map.start), to: Int(map.start + map.count), by: 2)
        where nodes[Int(children[child])].kind != .scalar {
          return false
        }
        return true
      }
    }
  }

  /// Whether scalar `index`'s text is one of `names` (a mapping's allowed keys, say).
  func scalar(_ index: Int32, isOneOf names: [String]) -> Bool {
    let node = nodes[Int(index)]
    guard node.kind == .scalar else { return false }
    let count = Int(node.count)
    return text.withUnsafeBufferPointer { text in
      let bytes = UnsafeBufferPointer(rebasing: text[Int(node.start)..<Int(node.start) + count])
      return names.contains { name in
        name.utf8.count == count
          && (name.utf8.withContiguousStorageIfAvailable {
            count == 0 || memcmp($0.baseAddress!, bytes.baseAddress!, count) == 0
          } ?? name.utf8.elementsEqual(bytes))
      }
    }
  }

  /// The text of scalar `index`.
  func string(_ index: Int32) -> String {
    let node = nodes[Int(index)]
    return text.withUnsafeBufferPointer { buffer in
      String(
        decoding: UnsafeBufferPointer(rebasing: buffer[Int(node.start)..<Int(node.start + node.count)]), as: UTF8.self)
    }
  }
}

/// A node of a composed document, with its position.
struct YAMLNode: Sendable {
  /// The node's content, built on demand (readers on hot paths use the accessors below).
  enum Value: Sendable {
    /// A scalar; `plain` is false for quoted and block scalars, which are always strings.
    case scalar(String, plain: Bool)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])
  }

  let document: YAMLDocument
  let index: Int32

  @inline(__always) private var raw: YAMLDocument.Node { document.nodes[Int(index)] }

  var value: Value {
    let node = raw
    switch node.kind {
    case .scalar: return .scalar(document.string(index), plain: node.plain)
    case .sequence: return .sequence((0..<Int(node.count)).map { item($0) })
    case .mapping: return .mapping((0..<Int(node.count) / 2).map { (key($0), value(at: $0)) })
    }
  }

  /// 1-based line where the node starts.
  var line: Int32 { raw.line }
  /// 1-based column where the node starts.
  var column: Int32 { raw.column }
  /// Nodes in this subtree, counting every alias expansion.
  var weight: Int { Int(raw.weight) }

  var isScalar: Bool { raw.kind == .scalar }
  var isMapping: Bool { raw.kind == .mapping }
  var isSequence: Bool { raw.kind == .sequence }
  /// Where a scalar's text starts, when known without reading the source.
  var knownTextStart: SourceLocation? {
    switch raw.textStart {
    case .unknown: return nil
    case .atNode: return mark
    case .afterQuote: return mark.advanced(by: 1)
    }
  }

  /// How a scalar is written, and where its source ends; nil for other nodes and aliases.
  var written: (style: WrittenScalar.Style, endLine: Int, endColumn: Int)? {
    let node = raw
    guard node.kind == .scalar, let style = node.style else { return nil }
    return (style, Int(node.endLine), Int(node.endColumn))
  }

  /// A plain scalar: not quoted, not a block scalar, no tag.
  var isPlainScalar: Bool {
    let node = raw
    return node.kind == .scalar && node.plain
  }
  /// A plain scalar that the core schema reads as null (`~`, `null`, empty…).
  var isNull: Bool {
    let node = raw
    guard node.kind == .scalar, node.plain, node.count <= 4 else { return false }
    return YAMLScalar.isNull(document.string(index))
  }

  /// The number of items of a list or pairs of a mapping.
  var count: Int {
    let node = raw
    switch node.kind {
    case .scalar: return 0
    case .sequence: return Int(node.count)
    case .mapping: return Int(node.count) / 2
    }
  }

  /// Item `position` of a list.
  func item(_ position: Int) -> YAMLNode {
    YAMLNode(document: document, index: document.children[Int(raw.start) + position])
  }

  /// The items of a list (empty for other nodes).
  var items: [YAMLNode] { raw.kind == .sequence ? (0..<Int(raw.count)).map { item($0) } : [] }

  /// The key of pair `position` of a mapping.
  func key(_ position: Int) -> YAMLNode {
    YAMLNode(document: document, index: document.children[Int(raw.start) + 2 * position])
  }

  /// The value of pair `position` of a mapping.
  func value(at position: Int) -> YAMLNode {
    YAMLNode(document: document, index: document.children[Int(raw.start) + 2 * position + 1])
  }

  /// Whether this is a scalar whose text is `name`.
  func scalarEquals(_ name: String) -> Bool {
    var name = name
    return name.withUTF8 { document.scalar(index, equals: $0) }
  }

  /// Whether this and `other` (of the same document) are scalars with the same text.
  func scalarEquals(_ other: YAMLNode) -> Bool {
    if other.document === document { return document.scalar(index, equalsScalar: other.index) }
    guard let a = scalar, let b = other.scalar else { return false }
    return a == b
  }

  /// Where the node starts.
  var mark: SourceLocation {
    let node = raw
    return SourceLocation(file: document.path, line: Int(node.line), column: Int(node.column))
  }

  /// What the node is, for "expected X, found Y" messages.
  var kindDescription: String {
    switch raw.kind {
    case .scalar: return isNull ? "null" : "a scalar"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }

  /// The scalar text, if the node is a scalar.
  var scalar: String? { raw.kind == .scalar ? document.string(index) : nil }
}

/// YAML 1.2 core-schema scalar resolution, for the few types modules use.
enum YAMLScalar {
  static func isNull(_ text: String) -> Bool { ["", "~", "null", "Null", "NULL"].contains(text) }

  static func bool(_ text: String) -> Bool? {
    switch text {
    case "true", "True", "TRUE": true
    case "false", "False", "FALSE": false
    default: nil
    }
  }

  static func int(_ text: String) -> Int? {
    if let value = Int(text) { return value }
    if text.hasPrefix("+"), let value = Int(text.dropFirst()) { return value }
    if text.hasPrefix("0x"), let value = Int(text.dropFirst(2), radix: 16) { return value }
    if text.hasPrefix("0o"), let value = Int(text.dropFirst(2), radix: 8) { return value }
    return nil
  }
}
