import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemTherapy

/// What a session's dose check can log: the real regimen's due doses, or nothing, and why.
@Suite("Session diary bridge: dose checks against the regimen")
struct DoseCheckOutlookTests {
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
      strengths: [qty("60 mg")]),
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      strengths: [qty("50 mg")], overuseClass: .triptan),
  ])

  static func entries(_ events: [DiaryEvent]) -> [DiaryEntry] {
    events.enumerated().map {
      DiaryEntry(sequence: Int64($0.offset + 1), recordedAt: at("2026-03-01", "07:00"), event: $0.element)
    }
  }

  static func bridge(at time: String) -> SessionDiaryBridge {
    SessionDiaryBridge(catalogue: catalogue, environment: .fixed(at("2026-03-21", time)))
  }

  static let daily = regimen(
    .daily(times: [clock("08:00")]), start: "2026-03-01", dose: "60 mg", medication: "atogepant")

  @Test("no regimen, or only an as-needed one: no plan, and every answer logs nothing")
  func noPlan() {
    let asNeeded = regimen(
      .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: "2026-03-01", dose: "50 mg",
      medication: "sumatriptan", id: "prn")
    for events in [[], [DiaryEvent.regimenPrescribed(asNeeded)]] {
      let bridge = Self.bridge(at: "09:00")
      let entries = Self.entries(events)
      #expect(bridge.doseCheckOutlook(entries) == .noPlan)
      for option in Step.DiaryHook.doseCheckOptions {
        #expect(bridge.events(for: .doseCheck, answer: .options([option]), entries: entries).isEmpty, "\(option)")
      }
    }
  }

  @Test("a stopped regimen is no plan either")
  func stoppedPlan() {
    let entries = Self.entries([
      .regimenPrescribed(Self.daily), .regimenEnded(regimenID: "r1", lastDay: day("2026-03-10"), reason: nil),
    ])
    #expect(Self.bridge(at: "09:00").doseCheckOutlook(entries) == .noPlan)
  }

  @Test("a dose due now is logged against its regimen when taken; not-yet and none-due log nothing")
  func due() throws {
    let entries = Self.entries([.regimenPrescribed(Self.daily)])
    let bridge = Self.bridge(at: "08:30")
    guard case .due(let doses) = bridge.doseCheckOutlook(entries) else {
      Issue.record("expected a due dose")
      return
    }
    #expect(doses.map(\.occurrence.medicationID) == ["atogepant"])
    #expect(
      bridge.events(for: .doseCheck, answer: .options(["taken"]), entries: entries) == [
        .doseTaken(
          TakenDose(
            medicationID: "atogepant", instant: at("2026-03-21", "08:30"), amount: qty("60 mg"), regimenID: "r1"))
      ])
    #expect(bridge.events(for: .doseCheck, answer: .options(["not-yet"]), entries: entries).isEmpty)
    #expect(bridge.events(for: .doseCheck, answer: .options(["none-due"]), entries: entries).isEmpty)
    let skipped = bridge.events(for: .doseCheck, answer: .options(["skipped"]), entries: entries)
    guard case .doseSkipped(let skip)? = skipped.first else {
      Issue.record("expected a skip, got \(skipped)")
      return
    }
    #expect(skip.regimenID == "r1")
    #expect(skip.occurrenceDate == day("2026-03-21"))
  }

  @Test("once today's dose is logged, nothing more is due and a second 'taken' logs nothing")
  func nothingDue() {
    let taken = DiaryEvent.doseTaken(
      TakenDose(medicationID: "atogepant", instant: at("2026-03-21", "08:05"), amount: qty("60 mg"), regimenID: "r1"))
    let entries = Self.entries([.regimenPrescribed(Self.daily), taken])
    let bridge = Self.bridge(at: "09:00")
    #expect(bridge.doseCheckOutlook(entries) == .nothingDue)
    #expect(bridge.events(for: .doseCheck, answer: .options(["taken"]), entries: entries).isEmpty)
  }

  @Test("what was logged is told in the session's language")
  func describedInSpanish() {
    let taken = DiaryEvent.doseTaken(
      TakenDose(medicationID: "atogepant", instant: at("2026-03-21", "08:05"), amount: qty("60 mg"), regimenID: "r1"))
    #expect(Self.bridge(at: "09:00").describe([taken]) == ["Logged: atogepant 60 mg taken."])
    #expect(Self.bridge(at: "09:00").describe([taken], language: "es") == ["Anotado: atogepant 60 mg tomado."])
  }
}

extension DoseCheckOutlookTests {
  @Test("withdrawals: what the earlier answer wrote at its moment is taken back; headaches it changed are put back")
  func withdrawals() throws {
    let answeredAt = at("2026-03-21", "09:00")
    let earlier = at("2026-03-21", "07:00")
    let attack = Attack(id: "a1", start: at("2026-03-21", "06:00"), severity: 4)
    var raised = attack
    raised.severity = 9
    func entry(_ sequence: Int64, _ when: Date, _ event: DiaryEvent) -> DiaryEntry {
      DiaryEntry(sequence: sequence, recordedAt: when, event: event)
    }
    let entries = [
      entry(1, earlier, .regimenPrescribed(Self.daily)),
      entry(2, earlier, .attackLogged(attack)),
      entry(3, earlier, .doseTaken(TakenDose(medicationID: "atogepant", instant: earlier, regimenID: "r1"))),
      // What the answer at 09:00 wrote: the headache's pain raised to 9, and a dose taken.
      entry(
        4, answeredAt, .corrected(sequence: 2, replacement: .attackLogged(raised), reason: "updated during a session")),
      entry(5, answeredAt, .doseTaken(TakenDose(medicationID: "atogepant", instant: answeredAt, regimenID: "r1"))),
    ]
    let bridge = Self.bridge(at: "09:05")
    let back = bridge.withdrawals(for: .attackCheck, answeredAt: answeredAt, entries: entries)
    #expect(back.count == 2)
    guard case .corrected(2, .attackLogged(let restored)?, _)? = back.first else {
      Issue.record("expected the headache put back, got \(back)")
      return
    }
    #expect(restored.severity == 4 && restored.end == nil)
    guard case .corrected(5, nil, _)? = back.last else {
      Issue.record("expected the 09:00 dose withdrawn, got \(back)")
      return
    }
    #expect(bridge.withdrawals(for: .doseCheck, answeredAt: at("2026-03-21", "09:01"), entries: entries).isEmpty)

    // Changed again since by another command: left alone.
    var ended = raised
    ended.end = at("2026-03-21", "09:03")
    let later =
      entries + [
        entry(6, at("2026-03-21", "09:03"), .corrected(sequence: 2, replacement: .attackLogged(ended), reason: nil))
      ]
    let kept = bridge.withdrawals(for: .attackCheck, answeredAt: answeredAt, entries: later)
    #expect(kept.count == 1, "only the dose; the headache ended since is not put back: \(kept)")
  }
}
