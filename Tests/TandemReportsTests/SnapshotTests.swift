import Foundation
import TandemBase
import Testing

@testable import TandemReports

/// Each format of the March report against a checked-in file. `TANDEM_RECORD_SNAPSHOTS=1` rewrites them.
@Suite("Report snapshots")
struct SnapshotTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
  static var recording: Bool { ProcessInfo.processInfo.environment["TANDEM_RECORD_SNAPSHOTS"] == "1" }

  static func report() -> Report { Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest) }

  @Test("each format matches its snapshot", arguments: ReportFormat.allCases)
  func snapshot(format: ReportFormat) throws {
    let rendered = format.render(Self.report())
    let url = Self.folder.appendingPathComponent("march.\(format.fileExtension)")
    if Self.recording {
      try Data(rendered.utf8).write(to: url)
      return
    }
    let expected = try String(contentsOf: url, encoding: .utf8)
    if rendered != expected {
      let actual = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
        "march.actual.\(format.fileExtension)")
      try? Data(rendered.utf8).write(to: actual)
      Issue.record(
        "\(format) differs from \(url.path); actual output in \(actual.path) (TANDEM_RECORD_SNAPSHOTS=1 re-records)")
    }
  }

  @Test("building and rendering twice gives byte-identical output", arguments: ReportFormat.allCases)
  func repeatable(format: ReportFormat) {
    #expect(format.render(Self.report()) == format.render(Self.report()))
  }

  @Test("text fits 80 columns and has no escape sequences without colour")
  func textWidth() {
    let text = TextReport.render(Self.report())
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
      #expect(line.count <= TextReport.width, "\(line)")
    }
    #expect(!text.contains("\u{1B}"))
    #expect(TerminalText.forTerminal(TextReport.render(Self.report(), colour: true)).contains("\u{1B}[1m"))
  }

  @Test("CSV: one row per day, columns per class and medication")
  func csv() {
    let lines = CSVReport.render(Self.report()).components(separatedBy: "\r\n").filter { !$0.isEmpty }
    #expect(lines.count == 32)
    #expect(
      lines[0]
        == "date,in_diary,headache,migraine,max_severity,acute_triptan,acute_nsaid,atogepant_taken,atogepant_expected,sessions_completed,minutes_practised"
    )
    #expect(lines[3] == "2026-03-03,1,1,1,7,1,0,1,1,0,0")
    #expect(lines[5] == "2026-03-05,1,0,0,,0,0,0,1,0,0")
  }
}
