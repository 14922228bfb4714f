/// The formats a report renders to.
public enum ReportFormat: String, Sendable, CaseIterable {
  case text, markdown, html, json, csv, fhir

  /// Renders `report` in this format; `colour` applies to text only.
  public func render(_ report: Report, colour: Bool = false) -> String {
    switch self {
    case .text: TextReport.render(report, colour: colour)
    case .markdown: MarkdownReport.render(report)
    case .html: HTMLReport.render(report)
    case .json: JSONReport.render(report)
    case .csv: CSVReport.render(report)
    case .fhir: FHIRReport.render(report)
    }
  }

  /// The usual file extension.
  public var fileExtension: String {
    switch self {
    case .text: "txt"
    case .markdown: "md"
    case .html: "html"
    case .json: "json"
    case .csv: "csv"
    case .fhir: "fhir.json"
    }
  }
}
