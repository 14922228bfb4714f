import TandemBase

/// One finding as the authoring commands write it with `--format json` (`validate`, `test`,
/// `preview`): the same severity, message and position the text output prints, as data.
///
/// Keys are snake case and every key is always present (`null` when it does not apply), so a
/// script can read a finding without checking which keys exist:
///
/// ```json
/// {"category": "unknown-field", "column": 5, "counts_as_error": true, "file": "drafts/x.yaml",
///  "line": 10, "message": "unknown field 'tittle' in step 'first'; did you mean 'title'?",
///  "fix": {"column": 5, "end_column": 11, "line": 10, "original": "tittle", "replacement": "title"},
///  "notes": [], "severity": "error", "source_line": "    tittle: Hello"}
/// ```
public struct DiagnosticJSON: Encodable, Hashable, Sendable {
  /// A related place that explains the finding ("first defined here").
  public struct Note: Encodable, Hashable, Sendable {
    /// A lowercase sentence.
    public var message: String
    /// The file, or `nil` when the note has no place.
    public var file: String?
    /// The 1-based line, or `nil`.
    public var line: Int?
    /// The 1-based column, in Unicode characters, or `nil`.
    public var column: Int?

    /// The JSON form of `note`.
    public init(_ note: Diagnostic.Note) {
      message = note.message
      file = note.location?.file
      line = note.location?.line
      column = note.location?.column
    }

    enum CodingKeys: String, CodingKey {
      case message, file, line, column
    }

    /// Writes every key, `null` for a missing place.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(message, forKey: .message)
      try container.encode(file, forKey: .file)
      try container.encode(line, forKey: .line)
      try container.encode(column, forKey: .column)
    }
  }

  /// A suggested edit: replace `original` with `replacement` ("did you mean"). `line`, `column`
  /// and `end_column` (the column after the name) say where `original` stands, or are `null`
  /// when it could not be found on the finding's line.
  public struct Fix: Encodable, Hashable, Sendable {
    /// The name as written.
    public var original: String
    /// What to write instead.
    public var replacement: String
    /// The line `original` is on.
    public var line: Int?
    /// The 1-based column of its first character, in Unicode characters.
    public var column: Int?
    /// The column just after its last character.
    public var endColumn: Int?

    /// The fix of `diagnostic`, if it has one.
    public init?(_ diagnostic: Diagnostic) {
      guard let fixIt = diagnostic.fixIt else { return nil }
      original = fixIt.original
      replacement = fixIt.replacement
      let columns = diagnostic.fixItColumns
      line = columns == nil ? nil : diagnostic.location?.line
      column = columns?.start
      endColumn = columns?.end
    }

    enum CodingKeys: String, CodingKey {
      case original, replacement, line, column
      case endColumn = "end_column"
    }

    /// Writes every key, `null` for a place not found.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(original, forKey: .original)
      try container.encode(replacement, forKey: .replacement)
      try container.encode(line, forKey: .line)
      try container.encode(column, forKey: .column)
      try container.encode(endColumn, forKey: .endColumn)
    }
  }

  /// `error`, `warning` or `note`, as the check reported it.
  public var severity: String
  /// Whether the finding makes the command fail: an error, or a warning under `--strict`.
  public var countsAsError: Bool
  /// The check that found it, in kebab case (`duplicate-key`, `unknown-step`).
  public var category: String
  /// The message, as the text output prints it.
  public var message: String
  /// The file, as given on the command line or found in a folder; `nil` for a finding about no
  /// file (a folder that cannot be read).
  public var file: String?
  /// The 1-based line, or `nil`.
  public var line: Int?
  /// The 1-based column, counted in Unicode characters (code points), or `nil`.
  public var column: Int?
  /// The text of that line in the file, when known.
  public var sourceLine: String?
  /// Related places, in order.
  public var notes: [Note]
  /// The edit that fixes it, when the check knows one; `nil` otherwise.
  public var fix: Fix?

  /// The JSON form of `diagnostic`; with `strict`, warnings count as errors.
  public init(_ diagnostic: Diagnostic, strict: Bool = false) {
    severity = diagnostic.severity.rawValue
    countsAsError = diagnostic.countsAsError(strict: strict)
    category = diagnostic.category.rawValue
    message = diagnostic.message
    file = diagnostic.location?.file
    line = diagnostic.location?.line
    column = diagnostic.location?.column
    sourceLine = diagnostic.sourceLine.map { TerminalText.sanitized($0, keepNewlines: false) }
    notes = diagnostic.notes.map(Note.init)
    fix = Fix(diagnostic)
  }

  enum CodingKeys: String, CodingKey {
    case severity, category, message, file, line, column, notes, fix
    case countsAsError = "counts_as_error"
    case sourceLine = "source_line"
  }

  /// Writes every key, `null` where a value does not apply.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(severity, forKey: .severity)
    try container.encode(countsAsError, forKey: .countsAsError)
    try container.encode(category, forKey: .category)
    try container.encode(message, forKey: .message)
    try container.encode(file, forKey: .file)
    try container.encode(line, forKey: .line)
    try container.encode(column, forKey: .column)
    try container.encode(sourceLine, forKey: .sourceLine)
    try container.encode(notes, forKey: .notes)
    try container.encode(fix, forKey: .fix)
  }
}
