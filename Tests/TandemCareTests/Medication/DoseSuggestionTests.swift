import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

/// The defaults `tandem dose take` offers on a terminal.
@Suite("Dose suggestions")
struct DoseSuggestionTests {
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
      strengths: [qty("10 mg"), qty("60 mg")]),
    Medication(
      id: "propranolol", genericName: "propranolol", medicationClass: .betaBlocker, use: .preventive, routes: [.oral],
      strengths: [qty("40 mg"), qty("80 mg")]),
    Medication(
      id: "rimegepant", genericName: "rimegepant", medicationClass: .gepant, use: .both, routes: [.oral],
      strengths: [qty("75 mg")], overuseClass: .gepant),
  ])

  static func record(_ events: [DiaryEvent], now: Date) -> CareRecord {
    let entries = events.enumerated().map {
      DiaryEntry(sequence: Int64($0.offset + 1), recordedAt: now, event: $0.element)
    }
    return CareRecord(
      ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: TimeZone(identifier: "UTC")!
    )
  }

  static let morning = regimen(
    .daily(times: [clock("08:00")]), start: "2026-03-01", dose: "60 mg", medication: "atogepant", id: "a")
  static let evening = regimen(
    .daily(times: [clock("21:00")]), start: "2026-03-01", dose: "80 mg", medication: "propranolol", id: "p")

  @Test("the medication due now comes first, then the only regimen, then the one last taken")
  func medication() {
    let events: [DiaryEvent] = [.regimenPrescribed(Self.morning), .regimenPrescribed(Self.evening)]
    // 08:30: atogepant's 08:00 dose is due; at 21:30 propranolol's is.
    #expect(DoseSuggestion.medication(in: Self.record(events, now: instant("2026-03-21T08:30:00Z"))) == "atogepant")
    #expect(DoseSuggestion.medication(in: Self.record(events, now: instant("2026-03-21T21:30:00Z"))) == "propranolol")
    #expect(
      DoseSuggestion.medication(
        in: Self.record([.regimenPrescribed(Self.evening)], now: instant("2026-03-21T12:00:00Z")))
        == "propranolol")
    let taken = TakenDose(medicationID: "rimegepant", instant: instant("2026-03-20T10:00:00Z"))
    #expect(
      DoseSuggestion.medication(in: Self.record([.doseTaken(taken)], now: instant("2026-03-21T12:00:00Z")))
        == "rimegepant")
    #expect(DoseSuggestion.medication(in: Self.record([], now: instant("2026-03-21T12:00:00Z"))) == nil)
  }

  @Test("the amount is the regimen's dose, else the only strength")
  func amount() throws {
    let record = Self.record([.regimenPrescribed(Self.morning)], now: instant("2026-03-21T08:30:00Z"))
    let at = instant("2026-03-21T08:30:00Z")
    let atogepant = try #require(Self.catalogue.medication(id: "atogepant"))
    let rimegepant = try #require(Self.catalogue.medication(id: "rimegepant"))
    let propranolol = try #require(Self.catalogue.medication(id: "propranolol"))
    #expect(DoseSuggestion.amount(of: atogepant, at: at, in: record) == qty("60 mg"))
    #expect(DoseSuggestion.amount(of: rimegepant, at: at, in: record) == qty("75 mg"))
    #expect(DoseSuggestion.amount(of: propranolol, at: at, in: record) == nil)
  }
}
