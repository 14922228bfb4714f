/// A place in a document as the protocol counts it: 0-based line, and 0-based offset in UTF-16
/// code units within the line.
public struct Position: Hashable, Sendable, Comparable {
  /// 0-based line.
  public var line: Int
  /// 0-based UTF-16 offset in the line.
  public var character: Int

  /// Creates a position.
  public init(line: Int, character: Int) {
    self.line = line
    self.character = character
  }

  /// Reads `{"line": …, "character": …}`.
  init?(json: Any?) {
    guard let object = json as? [String: Any], let line = object["line"] as? Int,
      let character = object["character"] as? Int
    else { return nil }
    self.init(line: line, character: character)
  }

  /// `{"line": …, "character": …}`.
  var json: [String: Any] { ["line": line, "character": character] }

  /// Whether `a` comes before `b` in the document.
  public static func < (a: Position, b: Position) -> Bool {
    (a.line, a.character) < (b.line, b.character)
  }
}
