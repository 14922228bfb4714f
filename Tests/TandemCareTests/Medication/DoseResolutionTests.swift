import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

@Suite("Dose resolution")
struct DoseResolutionTests {
  let daily = regimen(.daily(times: [clock("08:00")]), start: "2026-01-01", dose: "60 mg", medication: "atogepant")

  func taken(_ date: String, _ time: String, medication: String = "atogepant", regimenID: String? = nil) -> TakenDose {
    TakenDose(medicationID: medication, instant: at(date, time), regimenID: regimenID)
  }

  func resolve(doses: [TakenDose], skips: [SkippedDose] = [], now: Date, through: String = "2026-01-07")
    -> DoseResolution
  {
    DoseResolution.resolve(
      occurrences: ScheduleCalendar.occurrences(of: daily, from: day("2026-01-01"), through: day(through)),
      doses: doses, skips: skips, now: now, lateWindow: daily.lateWindow)
  }

  @Test("on time, late, skipped, missed, overdue, upcoming and extra, each exactly")
  func everyStatus() {
    let doses = [
      taken("2026-01-01", "08:30"),  // on time (within ±2 h)
      taken("2026-01-02", "13:00"),  // late: after 10:00, before the next window opens at 06:00
      taken("2026-01-05", "07:00"),  // on time
      taken("2026-01-05", "07:30"),  // a second dose in the same window: extra
      taken("2026-01-04", "08:00", medication: "ibuprofen"),  // another medication: not matched here
    ]
    let skip = SkippedDose(
      medicationID: "atogepant", instant: at("2026-01-03", "07:00"), reason: "nausea", occurrenceDate: day("2026-01-03")
    )
    let result = resolve(doses: doses, skips: [skip], now: at("2026-01-06", "12:00"))
    #expect(
      result.occurrences.map(\.status)
        == [.onTime, .late, .skipped, .missed, .onTime, .overdue, .upcoming])
    #expect(result.occurrences[0].dose == doses[0])
    #expect(abs((result.occurrences[1].delay ?? 0) - 5 * 3600) < 0.001)
    #expect(result.occurrences[2].skip == skip)
    #expect(result.occurrences[3].lateUntil == at("2026-01-05", "06:00"))
    #expect(result.occurrences[5].lateUntil == at("2026-01-07", "06:00"))
    #expect(result.extraDoses == [doses[4], doses[3]])
    #expect(result.unmatchedSkips.isEmpty)
    #expect(result.counts == [.onTime: 2, .late: 1, .skipped: 1, .missed: 1, .overdue: 1, .upcoming: 1])
  }

  @Test("window edges: exactly ±2 h is on time; one second more is late or extra")
  func windowEdges() {
    let result = resolve(
      doses: [
        taken("2026-01-01", "06:00"), TakenDose(medicationID: "atogepant", instant: at("2026-01-02", "10:00") + 1),
        taken("2026-01-03", "10:00"), TakenDose(medicationID: "atogepant", instant: at("2026-01-04", "06:00") - 1),
      ],
      now: at("2026-01-04", "09:00"), through: "2026-01-04")
    // 2 Jan 10:00:01 is one second after the window closed: late. 3 Jan 10:00 is on time.
    // 4 Jan 05:59:59 is before 4 Jan's window, and 3 Jan is already taken: extra.
    #expect(result.occurrences.map(\.status) == [.onTime, .late, .onTime, .due])
    #expect(result.extraDoses.count == 1)
  }

  @Test("a dose in the next occurrence's window is on time for it, not late for a missed one")
  func nextWindowWins() {
    let result = resolve(doses: [taken("2026-01-02", "07:00")], now: at("2026-01-02", "12:00"), through: "2026-01-02")
    #expect(result.occurrences.map(\.status) == [.missed, .onTime])
  }

  @Test("a skip without a date applies to the occurrence whose window holds it, or the next within 24 h")
  func undatedSkips() {
    let late = SkippedDose(medicationID: "atogepant", instant: at("2026-01-01", "23:00"), reason: "forgot")
    let early = SkippedDose(medicationID: "atogepant", instant: at("2026-01-03", "05:00"), reason: "travel")
    let stray = SkippedDose(medicationID: "atogepant", instant: at("2025-12-01", "05:00"), reason: "old")
    let result = resolve(
      doses: [taken("2026-01-02", "08:00")], skips: [late, early, stray], now: at("2026-01-03", "12:00"),
      through: "2026-01-03")
    #expect(result.occurrences.map(\.status) == [.skipped, .onTime, .skipped])
    #expect(result.occurrences.map { $0.skip?.reason } == ["forgot", nil, "travel"])
    #expect(result.unmatchedSkips == [stray])
  }

  @Test("doses naming another regimen do not fulfil this one")
  func regimenIDs() {
    let result = resolve(
      doses: [taken("2026-01-01", "08:00", regimenID: "other"), taken("2026-01-01", "08:05", regimenID: "r1")],
      now: at("2026-01-01", "12:00"), through: "2026-01-01")
    #expect(result.occurrences.map(\.status) == [.onTime])
    #expect(result.occurrences.first?.dose?.instant == at("2026-01-01", "08:05"))
    #expect(result.extraDoses.map(\.regimenID) == ["other"])
  }

  @Test("erenumab: a late dose restarts the 4-weekly schedule from the day it was given")
  func erenumabRestart() {
    let erenumab = Medication(
      id: "erenumab", genericName: "erenumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], strengths: [qty("140 mg")], restartsScheduleWhenLate: true)
    let r = regimen(
      .everyNWeeks(interval: 4, at: clock("09:00")), start: "2026-01-01", dose: "140 mg", zone: "Europe/Berlin",
      medication: "erenumab")
    let doses = [
      TakenDose(medicationID: "erenumab", instant: at("2026-01-01", "09:10", "Europe/Berlin")),
      TakenDose(medicationID: "erenumab", instant: at("2026-02-05", "18:00", "Europe/Berlin")),  // due 29 Jan
      // due 5 Mar after restart
      TakenDose(medicationID: "erenumab", instant: at("2026-03-05", "08:00", "Europe/Berlin")),
    ]
    let now = at("2026-04-10", "12:00", "Europe/Berlin")
    let restarted = DoseResolution.resolve(regimen: r, medication: erenumab, doses: doses, skips: [], now: now)
    #expect(restarted.restartAnchors == [day("2026-02-05")])
    #expect(
      restarted.occurrences.map(\.occurrence.date.description) == [
        "2026-01-01", "2026-01-29", "2026-03-05", "2026-04-02",
      ])
    #expect(restarted.occurrences.map(\.status) == [.onTime, .late, .onTime, .overdue])
    #expect(restarted.extraDoses.isEmpty)

    // Without the restart rule the same doses fall on the original 4-weekly grid.
    let fixed = DoseResolution.resolve(regimen: r, medication: nil, doses: doses, skips: [], now: now)
    #expect(fixed.restartAnchors.isEmpty)
    #expect(
      fixed.occurrences.map(\.occurrence.date.description) == ["2026-01-01", "2026-01-29", "2026-02-26", "2026-03-26"])
    #expect(fixed.occurrences.map(\.status) == [.onTime, .late, .late, .overdue])
  }
}

@Suite("As-needed (PRN) checks")
struct AsNeededCheckTests {
  func dose(_ date: String, _ time: String, _ amount: String?) -> TakenDose {
    TakenDose(medicationID: "ubrogepant", instant: at(date, time), amount: amount.map(qty))
  }

  @Test("rolling 24 h maximum and minimum spacing, with exact messages")
  func warnings() {
    let doses = [
      dose("2026-02-01", "10:00", "100 mg"),
      dose("2026-02-01", "11:00", "100 mg"),  // 1 h after: too soon; 200 mg is not over
      dose("2026-02-01", "14:00", "50 mg"),  // 250 mg in 24 h
      dose("2026-02-02", "10:00", "0.1 g"),  // 10:00 the day before has left the window: 11:00 + 14:00 + 100 = 250
      dose("2026-02-02", "14:30", nil),  // usual 100 mg; window holds 10:00 today only: 200, not over
    ]
    let found = AsNeededCheck.warnings(
      doses: doses.shuffled(), usualDose: qty("100 mg"), maximum: qty("200 mg"), minimumHours: 2)
    #expect(found.map(\.kind) == [.tooSoon, .overMaximum, .overMaximum])
    #expect(found.map(\.dose) == [doses[1], doses[2], doses[3]])
    #expect(
      found.map(\.message) == [
        "this dose came 1 hour after the previous one; the minimum is 2 hours",
        "this dose makes 250 mg in 24 hours, over the maximum of 200 mg",
        "this dose makes 250 mg in 24 hours, over the maximum of 200 mg",
      ])
  }

  @Test("a new dose is checked against the regimen's limits, falling back to the catalogue's")
  func candidate() {
    let ubrogepant = Medication(
      id: "ubrogepant", genericName: "ubrogepant", medicationClass: .gepant, use: .acute, routes: [.oral],
      overuseClass: .gepant, maxPer24Hours: qty("200 mg"), minimumHoursBetweenDoses: 2)
    let r = regimen(
      .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: "2026-01-01", dose: "100 mg",
      medication: "ubrogepant")
    let history = [dose("2026-02-01", "08:00", "100 mg"), dose("2026-02-01", "10:30", "100 mg")]
    let third = dose("2026-02-01", "12:00", "100 mg")
    let found = AsNeededCheck.warnings(for: third, after: history, regimen: r, medication: ubrogepant)
    #expect(found.map(\.kind) == [.tooSoon, .overMaximum])
    #expect(found.last?.total == qty("300 mg"))
    let tablet = dose("2026-02-03", "12:00", "1 tablet")
    #expect(
      AsNeededCheck.warnings(for: tablet, after: [], regimen: r, medication: ubrogepant).map(\.message)
        == ["the amount 1 tablet cannot be counted against the maximum of 200 mg"])
  }

  @Test("status: total in the last 24 h, what remains, and when the next usual dose is allowed")
  func status() {
    let doses = [
      dose("2026-02-01", "10:00", "100 mg"), dose("2026-02-01", "11:00", "50 mg"), dose("2026-02-01", "14:00", "50 mg"),
    ]
    let status = AsNeededCheck.status(
      doses: doses, now: at("2026-02-01", "15:00"), usualDose: qty("100 mg"), maximum: qty("200 mg"), minimumHours: 2)
    #expect(status.dosesInLast24Hours == 3)
    #expect(status.totalInLast24Hours == qty("200 mg"))
    #expect(status.remaining == Quantity(value: 0, unit: .mg))
    #expect(status.lastTaken == at("2026-02-01", "14:00"))
    // 10:00 leaves the window at 10:00 the next day, leaving 100 mg: another 100 mg fits.
    #expect(status.nextAllowed == at("2026-02-02", "10:00"))
    let spacingOnly = AsNeededCheck.status(
      doses: [dose("2026-02-01", "14:00", "50 mg")], now: at("2026-02-01", "15:00"), usualDose: qty("100 mg"),
      maximum: qty("200 mg"), minimumHours: 2)
    #expect(spacingOnly.nextAllowed == at("2026-02-01", "16:00"))
  }
}
