/// The one place that decides how findings look: the header `file:line:col: error: message`, the
/// source line with a caret under the column, then each note as `file:line:col: note: message`.
///
/// Everything it prints is sanitised here (paths, messages and source lines come from authors),
/// and colour, when the caller wants it, goes only on the severity word.
public struct DiagnosticPrinter: Sendable {
  /// Paints a severity word such as `error:`; returns it unchanged for plain text.
  public var paint: @Sendable (Diagnostic.Severity, String) -> String

  /// A printer; by default without colour.
  public init(paint: @escaping @Sendable (Diagnostic.Severity, String) -> String = { _, word in word }) {
    self.paint = paint
  }

  /// `diagnostic` as lines of text for a terminal or a log.
  public func render(_ diagnostic: Diagnostic) -> String {
    var out = header(diagnostic.severity, diagnostic.message, at: diagnostic.location)
    if let line = diagnostic.sourceLine, let column = diagnostic.location?.column {
      let safeLine = TerminalText.sanitized(line)
      out += "\n" + safeLine + "\n"
      let prefix = safeLine.prefix(max(0, column - 1))
      out += String(prefix.map { $0 == "\t" ? "\t" : " " }) + "^"
    }
    for note in diagnostic.notes {
      out += "\n" + header(.note, note.message, at: note.location)
    }
    return out
  }

  private func header(_ severity: Diagnostic.Severity, _ message: String, at location: SourceLocation?) -> String {
    let place = location.map { TerminalText.sanitized("\($0)", keepNewlines: false) + ": " } ?? ""
    return place + paint(severity, severity.rawValue + ":") + " " + TerminalText.sanitized(message, keepNewlines: false)
  }
}
