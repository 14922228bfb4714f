import TandemBase

/// The one way Tandem writes CSV cells (the report's CSV and `adherence --fills --format csv`).
///
/// Every record stays on one line: control and bidirectional characters, newlines included,
/// become visible `\u{…}` escapes. A cell with a comma or a quote is quoted as RFC 4180 says.
/// A cell a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
/// carriage return) gets a leading `'`, so `=HYPERLINK(…)` stays text; numbers such as `-1.5`
/// are left as they are.
public enum CSVText {
  /// One cell.
  public static func field(_ text: String) -> String {
    var cell = text
    if let first = cell.unicodeScalars.first, formulaStarts.contains(first), Double(cell) == nil {
      cell = "'" + cell
    }
    cell = TerminalText.sanitized(cell, keepNewlines: false)
    guard cell.contains(where: { $0 == "," || $0 == "\"" }) else { return cell }
    return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// One record: the cells, each made safe, joined by commas (no line end).
  public static func row(_ cells: [String]) -> String {
    cells.map(field).joined(separator: ",")
  }

  private static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
}
