import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

/// The reminder line a shell prompt or a notification shows.
@Suite("Due reminders")
struct DueReminderTests {
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral]),
    Medication(
      id: "propranolol", genericName: "propranolol", medicationClass: .betaBlocker, use: .preventive, routes: [.oral]),
    Medication(
      id: "ubrogepant", genericName: "ubrogepant", medicationClass: .gepant, use: .acute, routes: [.oral],
      overuseClass: .gepant),
  ])

  static func items(_ events: [DiaryEvent], now: String) -> [String] {
    let entries = events.enumerated().map {
      DiaryEntry(sequence: Int64($0.offset + 1), recordedAt: instant(now), event: $0.element)
    }
    let record = CareRecord(
      ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: instant(now),
      timeZone: TimeZone(identifier: "UTC")!)
    let list = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: catalogue)
    return DueReminder.items(list, catalogue: catalogue)
  }

  @Test("overdue first, then due now; as-needed regimens and doses taken are never reminders")
  func items() {
    let events: [DiaryEvent] = [
      .regimenPrescribed(
        regimen(.daily(times: [clock("08:00")]), start: "2026-03-21", dose: "60 mg", medication: "atogepant", id: "a")),
      .regimenPrescribed(
        regimen(.daily(times: [clock("21:00")]), start: "2026-03-19", dose: "80 mg", medication: "propranolol", id: "p")
      ),
      .regimenPrescribed(
        regimen(
          .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: "2026-03-01", dose: "50 mg",
          medication: "ubrogepant", id: "u")),
    ]
    let waiting = Self.items(events, now: "2026-03-21T08:30:00Z")
    #expect(waiting == ["propranolol 80 mg overdue since 2026-03-19", "atogepant 60 mg due now (08:00)"])
    #expect(DueReminder.line(waiting) == "Tandem: " + waiting.joined(separator: "; "))
    let taken =
      events + [
        .doseTaken(TakenDose(medicationID: "atogepant", instant: instant("2026-03-21T08:10:00Z"))),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: instant("2026-03-20T21:05:00Z"))),
      ]
    #expect(Self.items(taken, now: "2026-03-21T08:30:00Z") == [])
    #expect(DueReminder.line([]) == nil)
  }
}
