import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

@Suite("Migraine baseline comparison")
struct MigraineComparisonTests {
  let diaryStart = Fixture.day("2026-01-01")
  let asOf = Fixture.day("2026-03-31")

  /// Example D of the doc: baseline 2026-01-01…01-28, latest 2026-03-04…03-31.
  func diary(latestTriptanDays: Int) -> ([Attack], [AcuteIntake]) {
    let intakes =
      Fixture.daily(from: "2026-01-03", count: 8, Fixture.sumatriptan)
      + Fixture.daily(from: "2026-03-10", count: latestTriptanDays, Fixture.sumatriptan)
    let attacks =
      Fixture.headaches(from: "2026-01-15", count: 4, id: "b")
      + Fixture.headaches(from: "2026-03-20", count: 2, id: "l")
    return (attacks, intakes)
  }

  func compare(_ d: ([Attack], [AcuteIntake]), baseline: ClosedRange<LocalDate>? = nil) -> MigraineComparison {
    MigraineComparison.compute(
      attacks: d.0, intakes: d.1, timeZone: Fixture.berlin, asOf: asOf, baseline: baseline, diaryStart: diaryStart)
  }

  @Test("8 → 4 migraine days per 28 is a 50% response")
  func responder() {
    let c = compare(diary(latestTriptanDays: 4))
    #expect(c.baseline?.from == Fixture.day("2026-01-01"))
    #expect(c.baseline?.through == Fixture.day("2026-01-28"))
    #expect(c.latest?.from == Fixture.day("2026-03-04"))
    #expect(c.baseline?.monthlyMigraineDays == 8)
    #expect(c.baseline?.headacheDaysPer28 == 12)
    #expect(c.latest?.monthlyMigraineDays == 4)
    #expect(c.latest?.headacheDaysPer28 == 6)
    #expect(c.migraineDaysPercentChange == -50)
    #expect(c.headacheDaysPercentChange == -50)
    #expect(c.isFiftyPercentResponder == true)
    #expect(c.shortfalls.isEmpty)
  }

  @Test("8 → 5 is −37.5%, not a response; 8 → 10 is +25%")
  func nonResponder() {
    let c = compare(diary(latestTriptanDays: 5))
    #expect(c.migraineDaysPercentChange == -37.5)
    #expect(c.isFiftyPercentResponder == false)
    let worse = compare(diary(latestTriptanDays: 10))
    #expect(worse.migraineDaysPercentChange == 25)
    #expect(worse.isFiftyPercentResponder == false)
  }

  @Test("a given baseline period is used instead of the first 28 days")
  func givenBaseline() {
    let c = compare(diary(latestTriptanDays: 4), baseline: Fixture.day("2026-01-05")...Fixture.day("2026-01-18"))
    #expect(c.baseline?.observedDays == 14)
    #expect(c.baseline?.migraineDays == 6)  // triptans 01-05…01-10
    #expect(c.baseline?.monthlyMigraineDays == 12)
    #expect(c.migraineDaysPercentChange.map { abs($0 - (4 - 12) / 12.0 * 100) < 1e-9 } == true)
    #expect(c.isFiftyPercentResponder == true)
  }

  @Test("thin data: an empty diary, a short record, and a baseline without migraine days")
  func thinData() {
    let empty = MigraineComparison.compute(attacks: [], intakes: [], timeZone: Fixture.berlin, asOf: asOf)
    #expect(empty.shortfalls == [.noRecord])
    #expect(empty.baseline == nil)
    #expect(empty.isFiftyPercentResponder == nil)

    let short = MigraineComparison.compute(
      attacks: [], intakes: Fixture.daily(from: "2026-03-12", count: 3, Fixture.sumatriptan),
      timeZone: Fixture.berlin, asOf: asOf)
    #expect(short.shortfalls == [.windowsOverlap])
    #expect(short.migraineDaysPercentChange == nil)
    #expect(short.isFiftyPercentResponder == nil)
    #expect(short.latest?.observedDays == 20)

    let tiny = MigraineComparison.compute(
      attacks: [], intakes: [Fixture.sumatriptan(Fixture.at("2026-03-25", "09:00"))], timeZone: Fixture.berlin,
      asOf: asOf)
    #expect(tiny.shortfalls == [.windowsOverlap, .baselineTooShort, .latestTooShort])
    #expect(tiny.latest?.monthlyMigraineDays == nil)

    let quietStart = compare(([], Fixture.daily(from: "2026-03-10", count: 4, Fixture.sumatriptan)))
    #expect(quietStart.baseline?.monthlyMigraineDays == 0)
    #expect(quietStart.latest?.monthlyMigraineDays == 4)
    #expect(quietStart.migraineDaysPercentChange == nil)
    #expect(quietStart.isFiftyPercentResponder == nil)
    #expect(quietStart.shortfalls == [.noBaselineMigraineDays, .noBaselineHeadacheDays])
  }

  @Test("the responder rule is exact at 50% even when the windows differ in length")
  func exactHalf() {
    // Baseline 2026-01-05…01-18 (14 days, 6 migraine days) against 3 in the latest 28: 12 → 3 per 28.
    let c = compare(diary(latestTriptanDays: 3), baseline: Fixture.day("2026-01-05")...Fixture.day("2026-01-18"))
    #expect(c.isFiftyPercentResponder == true)
    // 7 in the latest 28 days is 7 per 28 against 12: −41.7%.
    let d = compare(diary(latestTriptanDays: 7), baseline: Fixture.day("2026-01-05")...Fixture.day("2026-01-18"))
    #expect(d.isFiftyPercentResponder == false)
    // 6 per 28 against 12 is exactly half.
    let e = compare(diary(latestTriptanDays: 6), baseline: Fixture.day("2026-01-05")...Fixture.day("2026-01-18"))
    #expect(e.isFiftyPercentResponder == true)
    #expect(e.migraineDaysPercentChange == -50)
  }
}
