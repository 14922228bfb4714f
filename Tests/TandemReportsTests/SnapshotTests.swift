import Foundation
import SnapshotTesting
import TandemBase
import Testing

@testable import TandemReports

/// Each format of the March report against a checked-in file in `__Snapshots__/SnapshotTests/`.
/// `SNAPSHOT_TESTING_RECORD=all` (or `TANDEM_RECORD_SNAPSHOTS=1`) rewrites them.
@Suite("Report snapshots")
struct SnapshotTests {
  static var recording: Bool { ProcessInfo.processInfo.environment["TANDEM_RECORD_SNAPSHOTS"] == "1" }

  static func report() -> Report { Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest) }

  @Test("each format matches its snapshot", arguments: ReportFormat.allCases)
  func snapshot(format: ReportFormat) {
    // Compared line by line, stored byte for byte, under the format's own extension.
    var asFile = Snapshotting<String, String>.lines
    asFile.pathExtension = format.fileExtension
    assertSnapshot(
      of: format.render(Self.report()), as: asFile, named: "march", record: Self.recording ? .all : nil)
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
