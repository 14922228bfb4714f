/// A position in an author's file: 1-based line and column, as editors count them.
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
  /// The file path as the author gave it (relative paths stay relative).
  public var file: String
  /// 1-based line number.
  public var line: Int
  /// 1-based column, counted in characters.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// The same line, `offset` characters further right.
  public func advanced(by offset: Int) -> SourceLocation {
    SourceLocation(file: file, line: line, column: column + offset)
  }

  public var description: String { "\(file):\(line):\(column)" }
}
