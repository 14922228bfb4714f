import Foundation

/// An open document as the editor holds it: its text, split into lines, and the conversions
/// between Tandem's positions (1-based line, column in characters) and the protocol's (0-based
/// line, offset in UTF-16 code units).
public struct TextDocument: Sendable {
  /// The document's `file://` address as the editor gave it.
  public var uri: String
  /// The file path diagnostics name. For an address that is not a file (an editor's unsaved
  /// `untitled:` buffer) it is made from the address and the text's own `id:`, as
  /// `ADDRESS/ID.yaml`, so that the id always matches its file name there.
  public private(set) var path: String
  /// The editor's version number.
  public var version: Int
  /// The whole text.
  public private(set) var text: String
  /// The lines, without their line endings.
  public private(set) var lines: [Substring]
  /// The size of the message that held the editor's text, when it was too large to read (the
  /// text is then empty).
  public var oversize: Int?

  /// Creates a document.
  public init(uri: String, version: Int, text: String) {
    self.uri = uri
    self.version = version
    self.text = text
    self.lines = Self.split(text)
    self.path = Self.path(ofURI: uri, lines: lines)
  }

  /// Replaces the text (full-document sync).
  public mutating func update(text: String, version: Int) {
    self.text = text
    self.version = version
    oversize = nil
    lines = Self.split(text)
    path = Self.path(ofURI: uri, lines: lines)
  }

  /// The text of 0-based line `number`, or an empty line past the end.
  public func line(_ number: Int) -> Substring {
    lines.indices.contains(number) ? lines[number] : ""
  }

  /// The protocol position of Tandem's 1-based `line` and `column` (counted in characters as
  /// the YAML parser counts them: Unicode scalars).
  public func position(line: Int, column: Int) -> Position {
    let text = self.line(line - 1)
    let scalars = text.unicodeScalars.prefix(max(0, column - 1))
    return Position(line: max(0, line - 1), character: scalars.reduce(0) { $0 + $1.utf16.count })
  }

  /// A position of the document: `position` with a character past its line's end moved back to
  /// the end (as the protocol asks); nil for a negative position or a line past the last.
  public func clamped(_ position: Position) -> Position? {
    guard position.line >= 0, position.character >= 0, position.line < lines.count else { return nil }
    return Position(line: position.line, character: min(position.character, lines[position.line].utf16.count))
  }

  /// The index in line `position.line` that a protocol position points at (clamped to the line).
  public func index(of position: Position) -> Substring.Index {
    let text = line(position.line)
    var counted = 0
    // A position inside a surrogate pair points at the scalar it belongs to.
    for index in text.unicodeScalars.indices {
      counted += text.unicodeScalars[index].utf16.count
      if counted > position.character { return index }
    }
    return text.endIndex
  }

  /// The protocol position of an index in 0-based line `line`.
  public func position(line: Int, index: Substring.Index) -> Position {
    let text = self.line(line)
    return Position(line: line, character: text.utf16.distance(from: text.startIndex, to: index))
  }

  /// The file path of a `file://` address (percent-decoded, as UTF-8), or the address itself.
  public static func path(ofURI uri: String) -> String {
    guard uri.lowercased().hasPrefix("file://") else { return uri }
    // `file://host/path`: the path starts at the first slash after the host (empty for `file:///`).
    let afterScheme = uri.dropFirst("file://".count)
    let encoded = afterScheme[(afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex)...]
    let path = String(encoded).removingPercentEncoding ?? String(encoded)
    return path.isEmpty ? uri : path
  }

  /// The path a document at `uri` is checked under: its file's path, or for an address that is
  /// not a file, a file in a folder named after the address, named after the text's `id:`.
  static func path(ofURI uri: String, lines: [Substring]) -> String {
    let path = path(ofURI: uri)
    guard path == uri else { return path }
    let id = lines.lazy.compactMap { line -> String? in
      guard line.hasPrefix("id:") else { return nil }
      let value = ModuleOutline.keyValue(line).value?.text ?? ""
      return value.isEmpty || value.contains("/") ? nil : value
    }.first
    let name = id ?? (uri.split(whereSeparator: { $0 == "/" || $0 == ":" }).last.map(String.init) ?? "untitled")
    return uri + "/" + name + ".yaml"
  }

  /// The `file://` address of a path.
  public static func uri(ofPath path: String) -> String {
    if path.contains("://") { return path }
    return URL(fileURLWithPath: path).absoluteString
  }

  private static func split(_ text: String) -> [Substring] {
    // "\r\n" is one Character, so every ending the protocol counts is named (a lone "\r" too).
    text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
  }
}
