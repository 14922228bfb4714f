import Foundation
import TandemCare
import TandemTherapy
import Testing

@testable import TandemReports

/// Practice minutes count how long each timer actually ran: a timer ended early counts the time
/// it had run (recorded since `continued` carries `seconds`), not its planned length, and not 0.
@Suite("Report: practice time as it was run")
struct PracticeTimeTests {
  @Test("a 5-minute timer ended after 3 minutes counts 3; one run to its end counts 5; an old early end counts 0")
  func earlyEndCountsItsTime() {
    let sessions = [
      ReportFixtures.session(
        "early", ReportFixtures.breathing, "2026-03-10T19:00:00Z",
        [
          .answered(step: "tension-before", answer: .number(6)), .continued(step: "breathe", ranSeconds: 185),
          .answered(step: "tension-after", answer: .number(4)),
          .answered(step: "home-practice", answer: .options(["morning"])), .completed,
        ]),
      ReportFixtures.session(
        "full", ReportFixtures.breathing, "2026-03-11T19:00:00Z",
        [
          .answered(step: "tension-before", answer: .number(6)), .timerFinished(step: "breathe", seconds: 300),
          .answered(step: "tension-after", answer: .number(4)),
          .answered(step: "home-practice", answer: .options(["morning"])), .completed,
        ]),
      ReportFixtures.session(
        "before-seconds", ReportFixtures.breathing, "2026-03-12T19:00:00Z",
        [
          .answered(step: "tension-before", answer: .number(6)), .continued(step: "breathe"),
          .answered(step: "tension-after", answer: .number(4)),
          .answered(step: "home-practice", answer: .options(["morning"])), .completed,
        ]),
    ]
    let record = CareRecord(
      ledger: DiaryLedger([]), sessions: sessions, catalogue: ReportFixtures.catalogue,
      now: ReportFixtures.at("2026-03-31T12:00:00Z"), timeZone: ReportFixtures.utc)
    let report = Report.build(record: record, request: ReportFixtures.marchRequest)
    #expect(report.therapy.minutesPractised == 8)
    #expect(report.therapy.sessionLines.map(\.minutesPractised) == [3, 5, 0])
    let days = Dictionary(uniqueKeysWithValues: report.days.map { ($0.date.description, $0.minutesPractised) })
    #expect(days["2026-03-10"] == 3)
    #expect(days["2026-03-11"] == 5)
  }
}
