import Foundation
import TandemAdherence
import TandemBase
import TandemCare
import Testing

@testable import TandemReports

/// Empty or thin data gives an honest report: no division by zero, no misleading 0%.
@Suite("Thin data")
struct ThinDataTests {
  @Test("nothing recorded: every format renders, says so, and shows no percentage")
  func empty() {
    let report = Report.build(record: ReportFixtures.empty(), request: ReportFixtures.marchRequest)
    #expect(report.header.diaryStart == nil)
    #expect(report.dataNotes.first?.hasPrefix("Nothing is recorded yet") == true)
    #expect(report.migraine.observedDays == 0)
    #expect(report.migraine.migraineDaysPer28 == nil)
    #expect(report.migraine.comparison.shortfalls == [.noRecord])
    #expect(report.adherence.isEmpty)
    #expect(report.flags.isEmpty)
    for format in ReportFormat.allCases {
      let text = format.render(report)
      #expect(!text.isEmpty)
      #expect(!text.contains("nan") && !text.contains("inf"), "\(format)")
    }
    let text = TextReport.render(report)
    #expect(text.contains("Nothing is recorded yet"))
    #expect(!text.contains("0%"))
    #expect(text.contains("No scheduled medication in the period"))
  }

  @Test("a period before the first record counts nothing and says why")
  func beforeTheRecord() {
    let request = ReportRequest(
      from: ReportFixtures.day("2026-01-01"), through: ReportFixtures.day("2026-01-31"),
      generatedAt: ReportFixtures.at("2026-03-31T12:00:00Z"))
    let report = Report.build(record: ReportFixtures.march(), request: request)
    #expect(report.migraine.observedDays == 0)
    #expect(report.days.allSatisfy { !$0.observed })
    #expect(report.dataNotes.contains { $0.contains("ends before the diary starts (2026-03-01)") })
    #expect(report.adherence.isEmpty)
    let csv = CSVReport.render(report)
    #expect(csv.contains("2026-01-15,0,,,"))
    #expect(!TextReport.render(report).contains("0%"))
  }

  @Test("a regimen with no doses yet: PDC and CMA7 are not computable, not 0%")
  func noDoses() {
    let record = ReportFixtures.march()
    let ledger = DiaryLedger(
      [
        DiaryEntry(
          sequence: 1, recordedAt: ReportFixtures.at("2026-03-29T07:00:00Z"),
          event: .regimenPrescribed(
            Regimen(
              id: "r", medicationID: "atogepant", dose: Quantity(value: 60, unit: .mg),
              schedule: .daily(times: [LocalTime(hour: 8, minute: 0)!]), start: ReportFixtures.day("2026-03-29"),
              timeZoneIdentifier: "UTC")))
      ])
    let thin = CareRecord(
      ledger: ledger, sessions: [], catalogue: record.catalogue, now: record.now, timeZone: record.timeZone)
    let report = Report.build(record: thin, request: ReportFixtures.marchRequest)
    let a = report.adherence.first
    // 29 and 30 March are missed; 31 March 08:00 is overdue at 12:00, which counts as missed too.
    #expect(a?.counts.missed == 3)
    #expect(a?.counts.overdue == 1)
    #expect(a?.pdc == nil)
    #expect(a?.cma7 == nil)
    #expect(a?.note == "no dose was taken in the period, so PDC, CMA7 and gaps cannot be computed")
    #expect(report.dataNotes.contains { $0.contains("Only 3 diary days") })
    #expect(report.dataNotes.contains { $0.contains("days before it are shown but not counted") })
    let text = TextReport.render(report)
    #expect(text.contains("PDC not computable"))
    #expect(!text.contains("PDC 0%"))
    #expect(!report.flags.contains { $0.kind == .lowPDC })
  }
}
