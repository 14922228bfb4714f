import Foundation

/// The report as JSON: the model itself, keys sorted, so the output is byte-identical for the same value.
public enum JSONReport {
  /// Renders the report.
  public static func render(_ report: Report) -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    guard let data = try? encoder.encode(report) else { return "{}\n" }
    return JSONText.escapingControls(String(decoding: data, as: UTF8.self)) + "\n"
  }

  /// Reads a report back (for tests and tools).
  public static func decode(_ text: String) throws -> Report {
    try JSONDecoder().decode(Report.self, from: Data(text.utf8))
  }
}
