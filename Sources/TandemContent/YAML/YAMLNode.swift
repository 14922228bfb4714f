import Foundation
import TandemCore

/// A YAML node with its position, as the composer built it from libyaml's events.
///
/// The position is kept compact (line, column and an interned file number) so that nodes
/// are cheap to build and copy; `mark` builds the full `SourceLocation` when one is needed.
struct YAMLNode: Sendable {
  /// The node's content. (Not `indirect`: the arrays already hold children out of line.)
  enum Value: Sendable {
    /// A scalar; `plain` is false for quoted and block scalars, which are always strings.
    case scalar(String, plain: Bool)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])
  }

  var value: Value
  /// 1-based line where the node starts.
  var line: Int32
  /// 1-based column where the node starts.
  var column: Int32
  /// The file, as a number from `YAMLFiles`.
  var file: UInt32
  /// Nodes in this subtree, counting every alias expansion (guards against alias bombs).
  var weight: Int

  /// Where the node starts.
  var mark: SourceLocation {
    SourceLocation(file: YAMLFiles.path(file), line: Int(line), column: Int(column))
  }

  /// What the node is, for "expected X, found Y" messages.
  var kindDescription: String {
    switch value {
    case .scalar(let text, let plain):
      if plain && YAMLScalar.isNull(text) { return "null" }
      return "a scalar"
    case .sequence: return "a list"
    case .mapping: return "a mapping"
    }
  }

  /// The scalar text, if the node is a scalar.
  var scalar: String? {
    if case .scalar(let text, _) = value { return text }
    return nil
  }
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

/// File paths by number, so that every node can name its file without holding a string.
enum YAMLFiles {
  private nonisolated(unsafe) static var numbers: [String: UInt32] = [:]
  private nonisolated(unsafe) static var paths: [String] = []
  private static let lock = NSLock()

  /// The number of `path`, assigned on first use.
  static func number(_ path: String) -> UInt32 {
    lock.lock()
    defer { lock.unlock() }
    if let number = numbers[path] { return number }
    let number = UInt32(paths.count)
    paths.append(path)
    numbers[path] = number
    return number
  }

  /// The path of a file number.
  static func path(_ number: UInt32) -> String {
    lock.lock()
    defer { lock.unlock() }
    return paths[Int(number)]
  }
}
