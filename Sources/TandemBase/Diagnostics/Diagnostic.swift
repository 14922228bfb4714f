/// One finding about an author's file, as a compiler reports it: a category naming the check
/// that found it, a message, a position, and notes that point at related places.
///
/// Checks build messages with `static func` factories on `Diagnostic.Message`, kept in the
/// check's own file; `DiagnosticPrinter` decides how a finding looks on a terminal.
public struct Diagnostic: Hashable, Sendable, CustomStringConvertible {
  /// How serious a finding is.
  public enum Severity: String, Sendable, Hashable, Comparable {
    case error, warning, note

    private var rank: Int {
      switch self {
      case .error: 0
      case .warning: 1
      case .note: 2
      }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
  }

  /// The check that produced a finding, named as a lint rule is (`duplicate-key`, `unknown-step`).
  public struct Category: RawRepresentable, Hashable, Sendable, CustomStringConvertible,
    ExpressibleByStringLiteral
  {
    /// The check's name in kebab case.
    public var rawValue: String

    /// Creates a category named `rawValue`.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Creates a category from a literal name.
    public init(stringLiteral value: String) { self.rawValue = value }

    public var description: String { rawValue }
  }

  /// What a check says, and which check says it. Made by factories beside the check:
  /// `extension Diagnostic.Message { static func duplicateKey(_ key: String) -> Self }`.
  public struct Message: Hashable, Sendable {
    /// A lowercase sentence that quotes the offending name.
    public var text: String
    /// The check that says it.
    public var category: Category
    /// The edit that fixes it, when the check knows one.
    public var fixIt: FixIt?

    /// Creates a message of `category`.
    public init(_ text: String, category: Category, fixIt: FixIt? = nil) {
      self.text = text
      self.category = category
      self.fixIt = fixIt
    }
  }

  /// A remark about another place that explains a finding ("'id' is first given here").
  public struct Note: Hashable, Sendable, CustomStringConvertible {
    /// A lowercase sentence.
    public var message: String
    /// The place the note is about.
    public var location: SourceLocation?

    /// Creates a note about `location`.
    public init(_ message: String, at location: SourceLocation?) {
      self.message = TerminalText.sanitized(message, keepNewlines: false)
      self.location = location
    }

    /// `file:line:col: note: message`.
    public var description: String {
      (location.map { "\($0): " } ?? "") + "note: \(message)"
    }
  }

  /// A suggested edit that fixes a finding: the misspelt name an author wrote, and the name
  /// they probably meant ("did you mean 'welcome'?"). An editor applies it as a code action.
  public struct FixIt: Hashable, Sendable, Codable {
    /// The name as written, found on the finding's line at or after its column.
    public var original: String
    /// What to write instead.
    public var replacement: String

    /// Creates a fix that replaces `original` with `replacement`.
    public init(replacing original: String, with replacement: String) {
      self.original = original
      self.replacement = replacement
    }
  }

  /// Error, warning or note.
  public var severity: Severity
  /// The check that found the problem.
  public var category: Category
  /// A lowercase message that quotes the offending name.
  public var message: String
  /// Where the problem is; `nil` only for problems with no file (say, an unreadable folder).
  public var location: SourceLocation?
  /// The text of the line the location points at, for the caret snippet.
  public var sourceLine: String?
  /// Related places, printed after the finding.
  public var notes: [Note]
  /// The edit that fixes the finding, when a check knows it (a close match for a misspelt name).
  public var fixIt: FixIt?

  /// Creates a diagnostic from a check's message.
  public init(
    _ severity: Severity, _ message: Message, at location: SourceLocation?, notes: [Note] = [],
    sourceLine: String? = nil
  ) {
    self.severity = severity
    self.category = message.category
    // Messages quote what authors wrote; control characters in it must not reach a terminal,
    // nor a test or tool that reads `message`.
    self.message = TerminalText.sanitized(message.text, keepNewlines: false)
    self.location = location
    self.sourceLine = sourceLine
    self.notes = notes
    self.fixIt = message.fixIt
  }

  /// Creates an error from a check's message.
  public static func error(_ message: Message, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.error, message, at: location, notes: notes)
  }

  /// Creates a warning from a check's message.
  public static func warning(_ message: Message, at location: SourceLocation?, notes: [Note] = []) -> Diagnostic {
    Diagnostic(.warning, message, at: location, notes: notes)
  }

  /// `file:line:col: error: message`, without the snippet and notes.
  public var description: String {
    let prefix = location.map { "\($0): " } ?? ""
    return "\(prefix)\(severity.rawValue): \(message)"
  }

  /// The full compiler-style rendering, without colour: see `DiagnosticPrinter`.
  public func rendered() -> String {
    DiagnosticPrinter().render(self)
  }
}

extension Array where Element == Diagnostic {
  /// Whether any finding is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }

  /// Sorted by file, line and column, keeping the order of findings at the same place.
  public func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      let la = a.element.location, lb = b.element.location
      let ka = (la?.file ?? "", la?.line ?? 0, la?.column ?? 0)
      let kb = (lb?.file ?? "", lb?.line ?? 0, lb?.column ?? 0)
      if ka != kb { return ka < kb }
      return a.offset < b.offset
    }.map(\.element)
  }
}

extension Diagnostic.Note {
  /// Where something given twice was first defined.
  public static func firstDefinition(at location: SourceLocation?) -> Self {
    Self("first defined here", at: location)
  }

  /// Where an id or name given twice was first used.
  public static func firstUse(at location: SourceLocation?) -> Self {
    Self("first used here", at: location)
  }
}
