import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

@Suite("Migraine measures")
struct MigraineMeasuresTests {
  func exampleA(rule: MigraineDayRule = .tandem, diaryStart: LocalDate? = Fixture.day("2026-03-01")) -> MigraineMeasures
  {
    MigraineMeasures.compute(
      attacks: Fixture.exampleAAttacks, intakes: Fixture.exampleAIntakes, from: Fixture.day("2026-03-01"),
      through: Fixture.day("2026-03-28"), timeZone: Fixture.berlin, diaryStart: diaryStart, rule: rule)
  }

  func dates(_ days: [DiaryDay], where keep: (DiaryDay) -> Bool) -> [Int] {
    days.filter(keep).map(\.date.day)
  }

  @Test("example A: headache days, migraine days, MMD and acute days as worked in the doc")
  func exampleAMeasures() {
    let m = exampleA()
    #expect(m.days.count == 28)
    #expect(m.observedDays == 28)
    #expect(dates(m.days, where: \.headache) == [2, 5, 7, 10, 14, 15, 20, 25])
    #expect(dates(m.days, where: \.migraine) == [2, 7, 10, 14, 15, 25])
    #expect(m.headacheDays == 8)
    #expect(m.migraineDays == 6)
    #expect(m.monthlyMigraineDays == 6)
    #expect(m.headacheDaysPer28 == 8)
    #expect(m.acuteMedicationDays == 4)
    #expect(m.acuteDaysByOveruseClass == [.simpleAnalgesic: 2, .triptan: 2])
    #expect(m.acuteDaysByMedicationClass == [.nsaid: 1, .simpleAnalgesic: 1, .triptan: 2])
  }

  @Test("example A: why each day counts, and the daily maxima")
  func exampleADays() {
    let days = Dictionary(uniqueKeysWithValues: exampleA().days.map { ($0.date.day, $0) })
    #expect(days[2]?.migraineCriteria == [.migraineHeadache])
    #expect(days[7]?.migraineCriteria == [.migraineHeadache])
    #expect(days[10]?.migraineCriteria == [.migraineSpecificDrug])
    #expect(days[14]?.migraineCriteria == [.migraineHeadache, .aura])
    #expect(days[15]?.migraineCriteria == [.migraineHeadache])
    #expect(days[25]?.migraineCriteria == [.migraineSpecificDrug])
    #expect(days[25]?.maxSeverity == nil)
    #expect(days[5]?.migraineCriteria == [])
    #expect(days[20]?.migraineCriteria == [])
    #expect(days[22]?.headache == false)
    #expect(days[22]?.overuseClasses == [.simpleAnalgesic])
    #expect(days[15]?.maxSeverity == 8)
    #expect(days[15]?.attackIDs == ["a5"])
    #expect(days[1]?.maxSeverity == nil)
  }

  @Test("counting missing pain features as absent drops the inferred migraine headaches")
  func strictRule() {
    let m = exampleA(rule: MigraineDayRule(missingPainFeatures: .countAsAbsent))
    #expect(dates(m.days, where: \.migraine) == [7, 10, 14, 25])
    #expect(m.headacheDays == 8)
    #expect(m.monthlyMigraineDays == 4)
  }

  @Test("the period is honest for partial data: it starts at the first entry when no diary start is given")
  func partialRecord() throws {
    let m = exampleA(diaryStart: nil)
    #expect(m.observedDays == 27)
    #expect(m.days.first?.isObserved == false)
    let mmd = try #require(m.monthlyMigraineDays)
    #expect(abs(mmd - 6.0 * 28 / 27) < 1e-12)
    // asOf cuts off days that have not happened yet.
    let early = MigraineMeasures.compute(
      attacks: Fixture.exampleAAttacks, intakes: Fixture.exampleAIntakes, from: Fixture.day("2026-03-01"),
      through: Fixture.day("2026-03-28"), timeZone: Fixture.berlin, diaryStart: Fixture.day("2026-03-01"),
      asOf: Fixture.day("2026-03-10"))
    #expect(early.observedDays == 10)
    #expect(early.migraineDays == 3)
    #expect(early.monthlyMigraineDays == nil)
  }

  @Test("an empty diary observes nothing and gives no rates, never a division by zero")
  func empty() {
    let m = MigraineMeasures.compute(
      attacks: [], intakes: [], from: Fixture.day("2026-03-01"), through: Fixture.day("2026-03-28"),
      timeZone: Fixture.berlin)
    #expect(m.observedDays == 0)
    #expect(m.headacheDays == 0)
    #expect(m.monthlyMigraineDays == nil)
    #expect(m.headacheDaysPer28 == nil)
    // With a known diary start, an empty record is a real zero.
    let kept = MigraineMeasures.compute(
      attacks: [], intakes: [], from: Fixture.day("2026-03-01"), through: Fixture.day("2026-03-28"),
      timeZone: Fixture.berlin, diaryStart: Fixture.day("2026-02-01"))
    #expect(kept.observedDays == 28)
    #expect(kept.monthlyMigraineDays == 0)
    let backwards = MigraineMeasures.compute(
      attacks: [], intakes: [], from: Fixture.day("2026-03-28"), through: Fixture.day("2026-03-01"),
      timeZone: Fixture.berlin)
    #expect(backwards.days.isEmpty)
  }

  @Test("an intake inside an attack and in the separate list counts once")
  func duplicateIntakes() {
    let m = MigraineMeasures.compute(
      attacks: Fixture.exampleAAttacks,
      intakes: Fixture.exampleAIntakes + [Fixture.ibuprofen(Fixture.at("2026-03-02", "08:30"))],
      from: Fixture.day("2026-03-01"), through: Fixture.day("2026-03-28"), timeZone: Fixture.berlin,
      diaryStart: Fixture.day("2026-03-01"))
    #expect(m.acuteDaysByOveruseClass == [.simpleAnalgesic: 2, .triptan: 2])
    #expect(
      MigraineMeasures.uniqueIntakes(
        attacks: Fixture.exampleAAttacks, intakes: [Fixture.ibuprofen(Fixture.at("2026-03-02", "08:30"))]
      ).count == 2)
  }
}

@Suite("Migraine days across midnight and daylight-saving changes")
struct MigraineCalendarTests {
  let rule = MigraineDayRule.tandem

  func migraineAttack(_ id: String, _ start: Date, _ end: Date?) -> Attack {
    Attack(id: id, start: start, end: end, severity: 6, nauseaOrVomiting: true)
  }

  func days(_ attacks: [Attack], _ from: String, _ through: String, zone: TimeZone = Fixture.berlin) -> [DiaryDay] {
    MigraineMeasures.diaryDays(
      attacks: attacks, intakes: [], from: Fixture.day(from), through: Fixture.day(through), timeZone: zone,
      diaryStart: Fixture.day(from))
  }

  @Test("an attack across midnight counts on each day it touches; an end at midnight is exclusive")
  func midnight() {
    let across = migraineAttack("m", Fixture.at("2026-03-14", "23:00"), Fixture.at("2026-03-15", "01:00"))
    #expect(days([across], "2026-03-13", "2026-03-16").filter(\.migraine).map(\.date.day) == [14, 15])
    let toMidnight = migraineAttack("n", Fixture.at("2026-03-14", "22:00"), Fixture.at("2026-03-15", "00:00"))
    #expect(days([toMidnight], "2026-03-13", "2026-03-16").filter(\.headache).map(\.date.day) == [14])
    let threeDays = migraineAttack("t", Fixture.at("2026-03-14", "20:00"), Fixture.at("2026-03-16", "08:00"))
    #expect(days([threeDays], "2026-03-13", "2026-03-17").filter(\.migraine).map(\.date.day) == [14, 15, 16])
  }

  @Test("calendar days are the patient's, not UTC's")
  func patientZone() {
    // 00:30 in Berlin is 23:30 UTC the day before.
    let attack = migraineAttack("z", Fixture.at("2026-03-15", "00:30"), Fixture.at("2026-03-15", "02:00"))
    #expect(days([attack], "2026-03-13", "2026-03-16").filter(\.migraine).map(\.date.day) == [15])
    #expect(
      days([attack], "2026-03-13", "2026-03-16", zone: Fixture.utc).filter(\.migraine).map(\.date.day) == [14, 15])
  }

  @Test("spring forward in Berlin: days and durations follow real instants")
  func springForward() {
    // 2026-03-29 02:00 CET → 03:00 CEST.
    let across = migraineAttack("s1", Fixture.at("2026-03-28", "23:30"), Fixture.at("2026-03-29", "03:30"))
    #expect(across.durationMinutes == 180)
    #expect(days([across], "2026-03-27", "2026-03-30").filter(\.migraine).map(\.date.day) == [28, 29])
    // 01:50 CET to 03:10 CEST reads as 80 minutes on the wall clock but lasts 20: not a migraine headache.
    let short = migraineAttack("s2", Fixture.at("2026-03-29", "01:50"), Fixture.at("2026-03-29", "03:10"))
    #expect(short.durationMinutes == 20)
    let shortDays = days([short], "2026-03-28", "2026-03-30")
    #expect(shortDays.filter(\.headache).map(\.date.day) == [29])
    #expect(shortDays.filter(\.migraine).isEmpty)
  }

  @Test("fall back in Berlin: an attack whose wall-clock end reads before its start still counts")
  func fallBack() {
    // 2026-10-25 03:00 CEST → 02:00 CET. 02:40 CEST is 00:40 UTC; the second 02:10 (CET) is 01:10 UTC.
    let start = Fixture.at("2026-10-25", "00:40", in: Fixture.utc)
    let end = Fixture.at("2026-10-25", "01:10", in: Fixture.utc)
    let attack = migraineAttack("f", start, end)
    #expect(attack.durationMinutes == 30)
    #expect(days([attack], "2026-10-24", "2026-10-26").filter(\.migraine).map(\.date.day) == [25])
    #expect(AttackValidation.validate(attack, now: end.addingTimeInterval(60), existing: []).isEmpty)
    #expect(WallClock.text(start, in: Fixture.berlin) == "2026-10-25 02:40 +02:00")
    #expect(WallClock.text(end, in: Fixture.berlin) == "2026-10-25 02:10 +01:00")
    // An evening attack into the 25-hour day touches both days.
    let night = migraineAttack("g", Fixture.at("2026-10-24", "23:00"), Fixture.at("2026-10-25", "02:30"))
    #expect(night.durationMinutes == 210)  // 02:30 is the first (CEST) occurrence
    #expect(days([night], "2026-10-23", "2026-10-26").filter(\.migraine).map(\.date.day) == [24, 25])
  }

  @Test("aura counts at 5–60 minutes or unrecorded length, on the start day only")
  func aura() {
    func aura(_ minutes: Int?) -> Attack {
      Attack(
        id: "a", start: Fixture.at("2026-03-14", "23:00"), end: Fixture.at("2026-03-15", "01:00"), severity: 2,
        aura: true, auraMinutes: minutes)
    }
    #expect(rule.hasQualifyingAura(aura(5)))
    #expect(rule.hasQualifyingAura(aura(60)))
    #expect(rule.hasQualifyingAura(aura(nil)))
    #expect(!rule.hasQualifyingAura(aura(4)))
    #expect(!rule.hasQualifyingAura(aura(61)))
    #expect(days([aura(20)], "2026-03-13", "2026-03-16").filter(\.migraine).map(\.date.day) == [14])
  }

  @Test("the migraine headache needs 30 minutes, two features and the accompanying symptoms")
  func headacheCriterion() {
    let start = Fixture.at("2026-03-10", "10:00")
    func attack(
      minutes: Double?, severity: Int = 6, nausea: Bool = true, photo: Bool = false, phono: Bool = false,
      features: PainFeatures = PainFeatures()
    ) -> Attack {
      Attack(
        id: "h", start: start, end: minutes.map { start.addingTimeInterval($0 * 60) }, severity: severity,
        nauseaOrVomiting: nausea, photophobia: photo, phonophobia: phono, painFeatures: features)
    }
    #expect(rule.isMigraineHeadache(attack(minutes: 30)))
    #expect(!rule.isMigraineHeadache(attack(minutes: 29)))
    #expect(!rule.isMigraineHeadache(attack(minutes: nil)))
    #expect(!rule.isMigraineHeadache(attack(minutes: 60, nausea: false, photo: true)))
    #expect(rule.isMigraineHeadache(attack(minutes: 60, nausea: false, photo: true, phono: true)))
    #expect(!rule.isMigraineHeadache(attack(minutes: 60, severity: 3)))
    #expect(
      rule.isMigraineHeadache(
        attack(minutes: 60, severity: 3, features: PainFeatures(pulsating: true, aggravatedByActivity: true))))
    #expect(!rule.isMigraineHeadache(attack(minutes: 60, features: PainFeatures(pulsating: false))))
    #expect(rule.isMigraineHeadache(attack(minutes: 60, features: PainFeatures(pulsating: true))))
    #expect(
      rule.painFeatureCount(
        attack(
          minutes: 60, severity: 4,
          features: PainFeatures(unilateral: true, pulsating: true, aggravatedByActivity: true))) == 4)
  }

  @Test("severity bands map 0–10 onto none, mild, moderate, severe")
  func bands() {
    #expect((0...10).map { SeverityBand(severity: $0).rawValue } == [0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3])
    let distribution = SeverityDistribution.of(
      attacks: Fixture.exampleAAttacks, from: Fixture.day("2026-03-01"), through: Fixture.day("2026-03-28"),
      timeZone: Fixture.berlin)
    #expect(distribution.counts == [.none: 0, .mild: 1, .moderate: 3, .severe: 2])
    #expect(distribution.total == 6)
    #expect(distribution.share(of: .severe) == 2.0 / 6)
    let none = SeverityDistribution.of(
      attacks: [], from: Fixture.day("2026-03-01"), through: Fixture.day("2026-03-28"), timeZone: Fixture.berlin)
    #expect(none.total == 0)
    #expect(none.share(of: .mild) == nil)
  }
}
