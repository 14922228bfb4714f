/// A span of a document as the protocol counts it, end exclusive.
public struct TextRange: Hashable, Sendable {
  /// Where it starts.
  public var start: Position
  /// Where it ends (exclusive).
  public var end: Position

  /// Creates a range.
  public init(start: Position, end: Position) {
    self.start = start
    self.end = end
  }

  /// Reads `{"start": …, "end": …}`.
  init?(json: Any?) {
    guard let object = json as? [String: Any], let start = Position(json: object["start"]),
      let end = Position(json: object["end"])
    else { return nil }
    self.init(start: start, end: end)
  }

  /// `{"start": …, "end": …}`.
  var json: [String: Any] { ["start": start.json, "end": end.json] }

  /// Whether the two ranges share a position (an empty range touching the other counts).
  func touches(_ other: TextRange) -> Bool {
    !(end < other.start || other.end < start)
  }
}
