import Foundation
import TandemTestFixtures
import Testing

@testable import TandemCare

@Suite("Due list")
struct DueListTests {
  @Test("due now, overdue and next for each active regimen; ended ones left out; PRN allowance")
  func dueList() {
    let berlin = "Europe/Berlin"
    let regimens = [
      regimen(
        .daily(times: [clock("08:00")]), start: "2026-03-01", dose: "60 mg", zone: berlin, medication: "atogepant",
        id: "ato"),
      regimen(
        .daily(times: [clock("21:00")]), start: "2026-03-01", dose: "10 mg", zone: berlin, medication: "amitriptyline",
        id: "ami"),
      regimen(
        .daily(times: [clock("08:00")]), start: "2026-01-01", end: "2026-02-28", dose: "25 mg", zone: berlin,
        medication: "topiramate", id: "old"),
      regimen(
        .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: "2026-01-01", dose: "100 mg", zone: berlin,
        medication: "ubrogepant", id: "prn"),
      regimen(
        .everyNWeeks(interval: 4, at: clock("10:00")), start: "2026-04-01", dose: "140 mg", zone: berlin,
        medication: "erenumab", id: "future"),
    ]
    let catalogue = MedicationCatalogue([
      Medication(
        id: "ubrogepant", genericName: "ubrogepant", medicationClass: .gepant, use: .acute, routes: [.oral],
        overuseClass: .gepant, maxPer24Hours: qty("200 mg"), minimumHoursBetweenDoses: 2)
    ])
    let doses = [
      TakenDose(medicationID: "atogepant", instant: at("2026-03-09", "08:00", berlin)),
      TakenDose(medicationID: "amitriptyline", instant: at("2026-03-08", "21:15", berlin)),
      TakenDose(medicationID: "ubrogepant", instant: at("2026-03-10", "07:00", berlin), amount: qty("100 mg")),
    ]
    let now = at("2026-03-10", "09:00", berlin)
    let list = DueList.compute(regimens: regimens, doses: doses, skips: [], now: now, catalogue: catalogue)
    #expect(list.entries.map(\.regimenID) == ["ato", "ami", "prn", "future"])

    let ato = list.entries[0]
    #expect(ato.dueNow.map(\.occurrence.due) == [at("2026-03-10", "08:00", berlin)])
    #expect(ato.overdue.isEmpty)
    #expect(ato.next?.due == at("2026-03-11", "08:00", berlin))

    let ami = list.entries[1]
    #expect(ami.dueNow.isEmpty)
    #expect(ami.overdue.map(\.occurrence.date) == [day("2026-03-09")])
    #expect(ami.overdue.first?.lateUntil == at("2026-03-10", "19:00", berlin))
    #expect(ami.next?.due == at("2026-03-10", "21:00", berlin))

    let prn = list.entries[2]
    #expect(prn.next == nil)
    #expect(prn.asNeeded?.totalInLast24Hours == qty("100 mg"))
    #expect(prn.asNeeded?.remaining == qty("100 mg"))
    #expect(prn.asNeeded?.nextAllowed == now)

    let future = list.entries[3]
    #expect(future.dueNow.isEmpty && future.overdue.isEmpty)
    #expect(future.next?.date == day("2026-04-01"))
  }

  @Test("a skipped dose is neither due nor overdue")
  func skipped() {
    let r = regimen(.daily(times: [clock("08:00")]), start: "2026-03-01", medication: "atogepant")
    let skip = SkippedDose(medicationID: "atogepant", instant: at("2026-03-10", "07:30"), reason: "nausea")
    let list = DueList.compute(regimens: [r], doses: [], skips: [skip], now: at("2026-03-10", "09:00"))
    #expect(list.entries.first?.dueNow.isEmpty == true)
    // 9 March's late limit (10 March 06:00) has passed: missed, so not overdue either.
    #expect(list.entries.first?.overdue.isEmpty == true)
    #expect(list.entries.first?.next?.date == day("2026-03-11"))
  }
}
