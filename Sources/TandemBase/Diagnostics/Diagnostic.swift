/// One finding about an author's file, printed like a compiler's.
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

  /// Error, warning or note.
  public var severity: Severity
  /// A lowercase message that quotes the offending name.
  public var message: String
  /// Where the problem is; `nil` only for problems with no file (say, an unreadable folder).
  public var location: SourceLocation?
  /// The text of the line the location points at, for the caret snippet.
  public var sourceLine: String?

  /// Creates a diagnostic.
  public init(_ severity: Severity, _ message: String, at location: SourceLocation?, sourceLine: String? = nil) {
    self.severity = severity
    // Messages quote what authors wrote; control characters in it must not reach a terminal.
    self.message = TerminalText.sanitized(message, keepNewlines: false)
    self.location = location
    self.sourceLine = sourceLine
  }

  /// Creates an error.
  public static func error(_ message: String, at location: SourceLocation?) -> Diagnostic {
    Diagnostic(.error, message, at: location)
  }

  /// Creates a warning.
  public static func warning(_ message: String, at location: SourceLocation?) -> Diagnostic {
    Diagnostic(.warning, message, at: location)
  }

  /// `file:line:col: error: message`, without the snippet.
  public var description: String {
    let prefix = location.map { "\($0): " } ?? ""
    return "\(prefix)\(severity.rawValue): \(message)"
  }

  /// The full compiler-style rendering: header line, source line and a caret under the column.
  public func rendered() -> String {
    var out = description
    if let line = sourceLine, let column = location?.column {
      let safeLine = TerminalText.sanitized(line)
      out += "\n" + safeLine + "\n"
      let prefix = safeLine.prefix(max(0, column - 1))
      out += String(prefix.map { $0 == "\t" ? "\t" : " " }) + "^"
    }
    return out
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
