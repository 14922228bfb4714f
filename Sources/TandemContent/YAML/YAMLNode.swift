import TandemCore

/// A YAML node with its position, as the composer built it from libyaml's events.
struct YAMLNode: Sendable {
  /// The node's content.
  indirect enum Value: Sendable {
    /// A scalar; `plain` is false for quoted and block scalars, which are always strings.
    case scalar(String, plain: Bool)
    case sequence([YAMLNode])
    case mapping([(key: YAMLNode, value: YAMLNode)])
  }

  var value: Value
  /// Where the node starts.
  var mark: SourceLocation
  /// Nodes in this subtree, counting every alias expansion (guards against alias bombs).
  var weight: Int

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
