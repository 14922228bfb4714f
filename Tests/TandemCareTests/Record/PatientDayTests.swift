import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemTherapy

/// The patient's day as `tandem today` and the home screen show it: what is due, what was logged,
/// the headache in progress, the session to do next and the week's practice.
@Suite("Patient's day")
struct PatientDayTests {
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
      strengths: [qty("60 mg")]),
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      strengths: [qty("50 mg")], overuseClass: .triptan),
  ])

  static let daily = regimen(
    .daily(times: [clock("08:00")]), start: "2026-03-01", dose: "60 mg", medication: "atogepant", id: "daily")

  static func record(_ events: [DiaryEvent], now: Date) -> CareRecord {
    let entries = events.enumerated().map {
      DiaryEntry(sequence: Int64($0.offset + 1), recordedAt: at("2026-03-01", "07:00"), event: $0.element)
    }
    return CareRecord(
      ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: TimeZone(identifier: "UTC")!
    )
  }

  static func module(_ id: String, _ approach: Approach, process: ACTProcess? = nil, minutes: Int = 10) -> Module {
    Module(
      id: id, version: 1, title: id.capitalized, approach: approach, process: process, minutes: minutes,
      summary: "About \(id).",
      steps: [Step(id: "one", kind: .text(body: "One.")), Step(id: "two", kind: .text(body: "Two."))])
  }

  static func session(_ id: String, _ module: Module, _ start: Date, completed: Bool) -> StoredSession {
    var events: [SessionEvent] = [.started(moduleID: module.id, version: module.version, contentHash: "h")]
    events.append(.continued(step: "one"))
    if completed { events += [.continued(step: "two"), .completed] } else { events.append(.paused) }
    let entries = events.enumerated().map { i, event in
      JournalEntry(sequence: Int64(100 + i), recordedAt: start.addingTimeInterval(Double(i) * 60), event: event)
    }
    return StoredSession(id: id, module: module, contentHash: "h", startedAt: start, entries: entries)
  }

  @Test("nothing prescribed and nothing logged: an empty day that still suggests where to begin")
  func emptyDay() {
    let modules = [Self.module("breathing", .relaxation), Self.module("plan", .education)]
    let day = PatientDay.compute(
      record: Self.record([], now: at("2026-03-21", "09:00")), modules: modules, sessions: [], open: nil)
    #expect(day.date == LocalDate(iso: "2026-03-21"))
    #expect(day.due.isEmpty && day.upcoming.isEmpty && day.logged.isEmpty && day.attack == nil)
    #expect(day.nextSession?.moduleID == "plan", "education comes first in the suggested order")
    #expect(day.nextSession?.reason == .nextInOrder)
    #expect(day.pausedSession == nil)
    #expect(day.practice == .init(completedThisWeek: 0, weekStreak: 0))
  }

  @Test("today's dose inside its window is due now; once taken it is logged and tomorrow's is next")
  func dueNowThenTaken() throws {
    let taken = TakenDose(medicationID: "atogepant", instant: at("2026-03-20", "08:05"), amount: qty("60 mg"))
    let before = PatientDay.compute(
      record: Self.record([.regimenPrescribed(Self.daily), .doseTaken(taken)], now: at("2026-03-21", "08:30")),
      modules: [], sessions: [], open: nil)
    #expect(before.due.map(\.status) == [.dueNow])
    #expect(before.due.first?.due == at("2026-03-21", "08:00"))
    #expect(before.due.first?.dose == qty("60 mg"))
    #expect(before.logged.isEmpty, "yesterday's dose is not today's")

    let today = TakenDose(medicationID: "atogepant", instant: at("2026-03-21", "08:40"), amount: qty("60 mg"))
    let after = PatientDay.compute(
      record: Self.record(
        [.regimenPrescribed(Self.daily), .doseTaken(taken), .doseTaken(today)], now: at("2026-03-21", "09:00")),
      modules: [], sessions: [], open: nil)
    #expect(after.due.isEmpty)
    #expect(after.upcoming.map(\.due) == [at("2026-03-22", "08:00")])
    let logged = try #require(after.logged.first)
    #expect(after.logged.count == 1)
    #expect(logged.kind == .doseTaken && logged.entry == 3 && logged.at == at("2026-03-21", "08:40"))
    #expect(logged.medication == "atogepant" && logged.amount == qty("60 mg"))
  }

  @Test("doses missed since the last one taken are said once, from the first of the run")
  func missedRun() throws {
    let taken = TakenDose(medicationID: "atogepant", instant: at("2026-03-17", "08:00"))
    let day = PatientDay.compute(
      record: Self.record([.regimenPrescribed(Self.daily), .doseTaken(taken)], now: at("2026-03-21", "20:00")),
      modules: [], sessions: [], open: nil)
    let missed = try #require(day.due.first)
    #expect(missed.status == .missed)
    #expect(missed.due == at("2026-03-18", "08:00"), "the first dose after the last one taken")
    #expect(missed.missedInARow == 4, "18, 19, 20 and 21 March")
    #expect(missed.missed == 3, "18, 19 and 20 March; today's still counts late")
    #expect(day.due.filter { $0.status == .missed }.count == 1, "the run is one line, not four")
  }

  @Test("a skipped dose ends a run of missed ones and is listed under today")
  func skipped() {
    let skip = SkippedDose(
      medicationID: "atogepant", instant: at("2026-03-21", "07:50"), reason: "nausea",
      occurrenceDate: LocalDate(iso: "2026-03-21"), regimenID: "daily")
    let day = PatientDay.compute(
      record: Self.record([.regimenPrescribed(Self.daily), .doseSkipped(skip)], now: at("2026-03-21", "10:00")),
      modules: [], sessions: [], open: nil)
    #expect(day.logged.map(\.kind) == [.doseSkipped])
    #expect(day.due.allSatisfy { $0.due != at("2026-03-21", "08:00") }, "a skipped dose is not due")
  }

  @Test("a headache still going on: minutes so far, worst pain, medicine taken, and its intake listed today")
  func attackInProgress() throws {
    let intake = AcuteIntake(
      medicationID: "sumatriptan", overuseClass: .triptan, medicationClass: .triptan, at: at("2026-03-21", "07:00"),
      amount: qty("50 mg"))
    let attack = Attack(id: "a1", start: at("2026-03-20", "22:30"), severity: 7, acute: [intake])
    let ended = Attack(id: "a0", start: at("2026-03-19", "10:00"), end: at("2026-03-19", "14:00"), severity: 5)
    let day = PatientDay.compute(
      record: Self.record([.attackLogged(ended), .attackLogged(attack)], now: at("2026-03-21", "09:00")),
      modules: [], sessions: [], open: nil)
    let now = try #require(day.attack)
    #expect(now.entry == 2)
    #expect(now.start == at("2026-03-20", "22:30"))
    #expect(now.minutesSoFar == 630)
    #expect(now.severity == 7)
    #expect(now.acute == ["sumatriptan"])
    #expect(
      day.logged.map(\.kind) == [.attack, .acuteTaken],
      "the headache began yesterday but is going on today; the one two days ago is not listed")
    #expect(day.logged.last?.at == at("2026-03-21", "07:00"))
    #expect(day.logged.last?.amount == qty("50 mg"))
  }

  @Test("the paused session is offered to resume and the next suggestion is another module")
  func pausedAndNext() throws {
    let plan = Self.module("plan", .education)
    let breathing = Self.module("breathing", .relaxation)
    let values = Self.module("values", .act, process: .values)
    let done = Self.session("s1", plan, at("2026-03-17", "19:00"), completed: true)
    let paused = Self.session("s2", breathing, at("2026-03-20", "19:00"), completed: false)
    let day = PatientDay.compute(
      record: Self.record([], now: at("2026-03-21", "09:00")), modules: [values, breathing, plan],
      sessions: [done, paused], open: paused)
    let resume = try #require(day.pausedSession)
    #expect(resume.sessionID == "s2" && resume.moduleID == "breathing")
    #expect(resume.step == 2 && resume.ofAbout == 2)
    #expect(day.nextSession?.moduleID == "values", "plan is done and breathing is offered to resume")
    #expect(day.practice.completedThisWeek == 1, "Tuesday 17 March is in the week of Saturday 21 March")
  }
}
