import Foundation
import TandemAdherence
import TandemCare
import Testing

@testable import TandemReports

/// Figures on the hand-built March record (see `ReportFixtures.march`).
@Suite("Report model")
struct ReportModelTests {
  let report = Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest)

  @Test("header: period, label, diary start, default baseline, schema version")
  func header() {
    #expect(report.schemaVersion == Report.currentSchemaVersion)
    #expect(report.header.periodDays == 31)
    #expect(report.header.patientLabel == "P-017")
    #expect(report.header.generatedAt == "2026-03-31T12:00:00+00:00")
    #expect(report.header.diaryStart == ReportFixtures.day("2026-03-01"))
    #expect(report.header.baselineFrom == ReportFixtures.day("2026-03-01"))
    #expect(report.header.baselineThrough == ReportFixtures.day("2026-03-28"))
  }

  @Test("regimen: both atogepant regimens and the dose change on 2026-03-16")
  func regimens() {
    #expect(report.regimens.map(\.id) == ["r-atogepant-30", "r-atogepant-60", "r-sumatriptan"])
    #expect(report.regimens.map(\.status) == ["ended", "active", "active"])
    let change = report.regimenChanges.first { $0.kind == "dose-changed" }
    #expect(change?.date == ReportFixtures.day("2026-03-16"))
    #expect(change?.text == "atogepant dose changed from 30 mg to 60 mg, daily at 08:00")
    #expect(!report.regimenChanges.contains { $0.kind == "ended" })
  }

  @Test("adherence: 31 expected, 28 on time, 1 late, 1 skipped, 1 missed; PDC 29/31; gap 03-05 to 03-06")
  func adherence() throws {
    let a = try #require(report.adherence.first)
    #expect(report.adherence.map(\.medicationID) == ["atogepant"])
    #expect(a.counts.expected == 31)
    #expect(a.counts.onTime == 28)
    #expect(a.counts.late == 1)
    #expect(a.counts.skipped == 1)
    #expect(a.counts.missed == 1)
    #expect(a.pdc == 29.0 / 31.0)
    #expect(a.pdcBelowThreshold == false)
    #expect(
      a.longestGap
        == AdherenceSummary.Gap(
          from: ReportFixtures.day("2026-03-05"), through: ReportFixtures.day("2026-03-06"), days: 2))
    #expect(a.missedDates == [ReportFixtures.day("2026-03-05")])
    #expect(a.skippedDates == [ReportFixtures.day("2026-03-06")])
    #expect(a.windows.map(\.expected) == [30, 1])
    #expect(a.windows.map(\.taken) == [28, 1])
    #expect(a.cma7 != nil)
  }

  @Test("migraine: 3 headache days, 2 migraine days in 31 diary days; overlapping windows give no percent change")
  func migraine() {
    let m = report.migraine
    #expect(m.observedDays == 31)
    #expect(m.headacheDays == 3)
    #expect(m.migraineDays == 2)
    #expect(m.migraineDaysPer28 == 2.0 * 28 / 31)
    #expect(m.attacks == 3)
    #expect(m.severity.map(\.attacks) == [0, 1, 1, 1])
    #expect(m.comparison.migraineDaysPercentChange == nil)
    #expect(m.comparison.shortfalls.contains(.windowsOverlap))
    #expect(m.comparisonNotes.contains(MigraineComparison.Shortfall.windowsOverlap.explanation))
  }

  @Test("acute medication: triptan 2 days, simple analgesic 1 day, no overuse risk")
  func acute() throws {
    let month = try #require(report.months.first)
    #expect(report.months.count == 1)
    #expect(
      month.daysByOveruseClass == [
        ClassDays(medicationClass: "triptan", days: 2, threshold: 10),
        ClassDays(medicationClass: "simple-analgesic", days: 1, threshold: 15),
      ])
    #expect(month.severalClassesDays == 3)
    #expect(report.acuteMedication.riskLevel == "none")
    #expect(report.acuteMedication.acuteDays == 3)
    #expect(!report.flags.contains { $0.kind == .overuseRisk })
  }

  @Test("therapy: sessions, minutes, approaches, commitments, ratings and the red-flag stop")
  func therapy() {
    let t = report.therapy
    #expect(t.sessions == 4)
    #expect(t.completed == 2)
    #expect(t.abandoned == 1)
    #expect(t.safetyStopped == 1)
    #expect(t.minutesPractised == 5)
    #expect(t.byApproach == [.init(name: "act", completed: 1), .init(name: "relaxation", completed: 1)])
    #expect(t.byProcess == [.init(name: "committed-action", completed: 1)])
    #expect(t.commitments.map(\.stepID) == ["home-practice", "small-action"])
    #expect(t.commitments.map(\.answer) == ["In the morning", "Walk for 10 minutes after lunch on Tuesday"])
    #expect(t.ratingChanges.map(\.change) == [-3])
    #expect(t.safetyStops.map(\.kind) == ["red-flag"])
    #expect(t.safetyStops.map(\.date) == [ReportFixtures.day("2026-03-25")])
  }

  @Test("flags: the safety stop only (PDC is above 80%, the gap is under 7 days, no overuse risk)")
  func flags() {
    #expect(report.flags.map(\.kind) == [.safetyStop])
    #expect(report.flags.first?.date == ReportFixtures.day("2026-03-25"))
  }

  @Test("a stricter gap threshold and a sparse record raise the gap and PDC flags")
  func gapAndPDCFlags() {
    var request = ReportFixtures.marchRequest
    request.gapFlagDays = 2
    let strict = Report.build(record: ReportFixtures.march(), request: request)
    #expect(strict.flags.map(\.kind) == [.safetyStop, .preventiveGap])
    #expect(strict.flags.last?.message == "atogepant: 2 days without preventive cover, 2026-03-05 to 2026-03-06")
  }

  @Test("daily strip: each day lines up doses, headaches and sessions")
  func days() throws {
    #expect(report.days.count == 31)
    let third = report.days[2]
    #expect(third.migraine && third.maxSeverity == 7)
    #expect(third.acute == [.init(medicationClass: "triptan", intakes: 1)])
    #expect(report.days[4].doses.first?.missed == 1)
    #expect(report.days[5].doses.first?.skipped == 1)
    #expect(report.days[9].doses.first?.late == 1)
    #expect(report.days[3].sessionsCompleted == 1 && report.days[3].minutesPractised == 5)
    #expect(report.days[24].safetyStops == 1)
    let rows = ReportPhrases.stripRows(report.days[...], report: report)
    #expect(String(rows[2].cells) == "++++xs+++l+++++++++++++++++++++")
  }

  @Test("the dose log has every taken and skipped dose and the attack intakes, with stable ids")
  func doseLog() {
    #expect(report.doseLog.filter { $0.kind == "taken" }.count == 29)
    #expect(report.doseLog.filter { $0.kind == "skipped" }.map(\.reason) == ["stomach upset"])
    #expect(report.doseLog.filter { $0.kind == "acute-with-attack" }.count == 3)
    #expect(report.doseLog.first { $0.status == "late" }?.date == ReportFixtures.day("2026-03-10"))
    #expect(Set(report.doseLog.map(\.id)).count == report.doseLog.count)
  }

  @Test("JSON round-trips to the same model")
  func jsonRoundTrip() throws {
    #expect(try JSONReport.decode(JSONReport.render(report)) == report)
  }
}
