import Foundation
import TandemTestFixtures
import Testing

@testable import TandemCare

@Suite("Medication overuse risk")
struct OveruseRiskTests {
  let asOf = Fixture.day("2026-03-31")
  let diaryStart = Fixture.day("2026-01-01")

  func assess(_ intakes: [AcuteIntake], attacks: [Attack] = []) -> OveruseRisk {
    OveruseRisk.assess(
      attacks: attacks, intakes: intakes, asOf: asOf, timeZone: Fixture.berlin, diaryStart: diaryStart)
  }

  @Test("the three windows are consecutive 30-day blocks ending on the day assessed")
  func windows() {
    let risk = assess([])
    #expect(
      risk.windows.map { "\($0.from)…\($0.through)" } == [
        "2026-01-01…2026-01-30", "2026-01-31…2026-03-01", "2026-03-02…2026-03-31",
      ])
    #expect(risk.windows.map(\.observedDays) == [30, 30, 30])
    #expect(risk.level == .none)
    #expect(risk.since == nil)
    #expect(risk.classes.isEmpty)
    #expect(risk.summary == "no medication-overuse risk flagged in the last 30 days")
  }

  @Test("triptans: 10 days is at threshold, 9 approaching, 7 none")
  func triptanThresholds() {
    let at = assess(Fixture.daily(from: "2026-03-10", count: 10, Fixture.sumatriptan))
    #expect(at.level == .atThreshold)
    #expect(at.classes == [.triptan])
    #expect(at.findings == [OveruseFinding(rule: .singleClass(.triptan), days: 10, threshold: 10, classes: [.triptan])])
    #expect(at.since == Fixture.day("2026-03-19"))
    #expect(
      at.summary
        == "at risk of medication overuse since 2026-03-19: triptan on 10 days (threshold 10) in the last 30 days")
    let below = assess(Fixture.daily(from: "2026-03-10", count: 9, Fixture.sumatriptan))
    #expect(below.level == .approaching)
    #expect(below.since == Fixture.day("2026-03-17"))
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 7, Fixture.sumatriptan)).level == .none)
  }

  @Test("several doses on one day count as one day")
  func dosesPerDay() {
    let twice =
      Fixture.daily(from: "2026-03-10", count: 9, Fixture.sumatriptan)
      + Fixture.daily(from: "2026-03-10", count: 9) { Fixture.sumatriptan($0.addingTimeInterval(4 * 3600)) }
    #expect(assess(twice).latest?.daysByClass == [.triptan: 9])
    #expect(assess(twice).level == .approaching)
  }

  @Test("simple analgesics: 15 days at threshold, 14 approaching, 12 none")
  func simpleThresholds() {
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 15, Fixture.ibuprofen)).level == .atThreshold)
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 14, Fixture.ibuprofen)).level == .approaching)
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 13, Fixture.ibuprofen)).level == .approaching)
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 12, Fixture.ibuprofen)).level == .none)
    // Paracetamol and ibuprofen are one overuse class: 8 + 7 different days make 15.
    let mixed =
      Fixture.daily(from: "2026-03-02", count: 8, Fixture.paracetamol)
      + Fixture.daily(from: "2026-03-15", count: 7, Fixture.ibuprofen)
    #expect(assess(mixed).level == .atThreshold)
    #expect(assess(mixed).classes == [.simpleAnalgesic])
  }

  @Test("several classes together: 10 days of any counted class once two classes are used")
  func severalClasses() {
    let combo =
      Fixture.daily(from: "2026-03-10", count: 6, Fixture.sumatriptan)
      + Fixture.daily(from: "2026-03-20", count: 4, Fixture.codeine)
    let risk = assess(combo)
    #expect(risk.level == .atThreshold)
    #expect(risk.findings.map(\.rule) == [.severalClasses])
    #expect(risk.classes == [.triptan, .opioid])
    #expect(risk.latest?.anyClassDays == 10)
    // Two classes on the same day are one day.
    let sameDays =
      Fixture.daily(from: "2026-03-10", count: 6, Fixture.sumatriptan)
      + Fixture.daily(from: "2026-03-10", count: 4, Fixture.codeine)
    #expect(assess(sameDays).latest?.anyClassDays == 6)
    #expect(assess(sameDays).level == .none)
    // 12 days of a simple analgesic alone are below 15; one triptan day on another day makes 13 days of two
    // classes together.
    let simple = Fixture.daily(from: "2026-03-10", count: 12, Fixture.ibuprofen)
    #expect(assess(simple).level == .none)
    let withTriptan = simple + [Fixture.sumatriptan(Fixture.at("2026-03-25", "10:00"))]
    #expect(assess(withTriptan).level == .atThreshold)
    #expect(assess(withTriptan).classes == [.triptan, .simpleAnalgesic])
    #expect(assess(withTriptan).findings.map(\.days) == [13])
  }

  @Test("gepants are counted as their own class and flagged at 10 days")
  func gepants() {
    let at = assess(Fixture.daily(from: "2026-03-10", count: 10, Fixture.rimegepant))
    #expect(at.level == .atThreshold)
    #expect(at.classes == [.gepant])
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 8, Fixture.rimegepant)).level == .approaching)
    #expect(assess(Fixture.daily(from: "2026-03-10", count: 7, Fixture.rimegepant)).level == .none)
    // A gepant day is also a migraine day (migraine-specific drug).
    let m = MigraineMeasures.compute(
      attacks: [], intakes: Fixture.daily(from: "2026-03-10", count: 3, Fixture.rimegepant),
      from: Fixture.day("2026-03-01"), through: asOf, timeZone: Fixture.berlin, diaryStart: diaryStart)
    #expect(m.migraineDays == 3)
    #expect(m.acuteDaysByOveruseClass == [.gepant: 3])
  }

  func sustainedDiary(triptanDaysInFirstWindow: Int = 10, headacheDaysInFirstWindow: Int = 15) -> (
    [Attack], [AcuteIntake]
  ) {
    // Triptan days are migraine days, so they are headache days too; extra short headaches top each window up.
    let intakes =
      Fixture.daily(from: "2026-01-01", count: triptanDaysInFirstWindow, Fixture.sumatriptan)
      + Fixture.daily(from: "2026-01-31", count: 10, Fixture.sumatriptan)
      + Fixture.daily(from: "2026-03-02", count: 10, Fixture.sumatriptan)
    let attacks =
      Fixture.headaches(from: "2026-01-15", count: headacheDaysInFirstWindow - triptanDaysInFirstWindow, id: "a")
      + Fixture.headaches(from: "2026-02-14", count: 5, id: "b")
      + Fixture.headaches(from: "2026-03-16", count: 5, id: "c")
    return (attacks, intakes)
  }

  @Test("sustained: thresholds met in three consecutive windows with 15 headache days in each")
  func sustained() {
    let (attacks, intakes) = sustainedDiary()
    let risk = assess(intakes, attacks: attacks)
    #expect(risk.windows.map(\.headacheDays) == [15, 15, 15])
    #expect(risk.level == .sustained)
    #expect(risk.classes == [.triptan])
    #expect(risk.summary.hasPrefix("sustained risk of medication overuse"))
  }

  @Test("not sustained with 14 headache days in one window, or 9 triptan days in one window")
  func notSustained() {
    let (a1, i1) = sustainedDiary(headacheDaysInFirstWindow: 14)
    let fewerHeadaches = assess(i1, attacks: a1)
    #expect(fewerHeadaches.windows.map(\.headacheDays) == [14, 15, 15])
    #expect(fewerHeadaches.level == .atThreshold)
    let (a2, i2) = sustainedDiary(triptanDaysInFirstWindow: 9)
    let fewerTriptans = assess(i2, attacks: a2)
    #expect(fewerTriptans.windows.map(\.level) == [.approaching, .atThreshold, .atThreshold])
    #expect(fewerTriptans.level == .atThreshold)
  }

  @Test("since reaches back to the start of the unbroken run")
  func sinceRun() {
    // Triptans every day from 2026-02-20 to 2026-03-31: the trailing 30 days first reach 10 on 2026-03-01.
    let risk = assess(Fixture.daily(from: "2026-02-20", count: 40, Fixture.sumatriptan))
    #expect(risk.level == .atThreshold)
    #expect(risk.since == Fixture.day("2026-03-01"))
    // Counting from days alone gives the same answer.
    let days = MigraineMeasures.diaryDays(
      attacks: [], intakes: Fixture.daily(from: "2026-02-20", count: 40, Fixture.sumatriptan),
      from: diaryStart, through: asOf, timeZone: Fixture.berlin, diaryStart: diaryStart)
    #expect(OveruseRisk.assess(days: days, asOf: asOf) == risk)
  }

  @Test("an empty diary has no risk and no since")
  func emptyDiary() {
    let risk = OveruseRisk.assess(attacks: [], intakes: [], asOf: asOf, timeZone: Fixture.berlin)
    #expect(risk.level == .none)
    #expect(risk.windows.map(\.observedDays) == [0, 0, 0])
    #expect(risk.since == nil)
  }
}
