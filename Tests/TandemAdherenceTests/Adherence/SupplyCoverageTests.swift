import Testing

@testable import TandemAdherence

@Suite("PDC, MPR, longest gap and treatment episodes")
struct SupplyCoverageTests {
  let end = WorkedPatient.dayZero.adding(days: 364)

  @Test func pdcShiftsEarlyRefillsOfTheSameDrugAndTruncatesAtTheEnd() throws {
    let coverage = try #require(SupplyCoverage(events: WorkedPatient.events, through: end))
    #expect(coverage.indexDate == WorkedPatient.dayZero)
    #expect(coverage.daysInPeriod == 365)
    #expect(coverage.coveredDays == 225)
    #expect(close(PDC.compute(events: WorkedPatient.events, through: end), 225.0 / 365.0))
  }

  @Test func mprAddsAllSupplyAndMayExceedOne() {
    #expect(close(MPR.compute(events: WorkedPatient.events, through: end), 250.0 / 365.0))
    let stockpile = [WorkedPatient.event(0, 90, "medA"), WorkedPatient.event(10, 90, "medA")]
    let short = WorkedPatient.dayZero.adding(days: 99)
    #expect(close(MPR.compute(events: stockpile, through: short), 1.8))
    #expect(PDC.compute(events: stockpile, through: short) == 1)
  }

  @Test func longestGapIsTheLongestUncoveredRun() throws {
    let coverage = try #require(SupplyCoverage(events: WorkedPatient.events, through: end))
    #expect(coverage.longestGap == 60)
  }

  @Test func differentDrugsOverlapWithoutShifting() throws {
    let events = [WorkedPatient.event(0, 30, "medA"), WorkedPatient.event(10, 30, "medB")]
    let coverage = try #require(SupplyCoverage(events: events, through: WorkedPatient.dayZero.adding(days: 59)))
    #expect(coverage.coveredDays == 40)
    #expect(coverage.longestGap == 20)
  }

  @Test func periodStartPicksTheIndexDate() throws {
    let start = WorkedPatient.dayZero.adding(days: 90)
    let coverage = try #require(SupplyCoverage(events: WorkedPatient.events, from: start, through: end))
    #expect(coverage.indexDate == WorkedPatient.dayZero.adding(days: 100))
    #expect(coverage.daysInPeriod == 265)
    // medA 100–129, 130–189 (shifted); medB 170–199, 250–279, 340–364.
    #expect(coverage.coveredDays == 155)
    let later = SupplyCoverage(events: WorkedPatient.events, from: end.adding(days: 1), through: end.adding(days: 9))
    #expect(later == nil)
  }

  @Test func episodesSplitOnMedicationChange() {
    let options = EpisodeOptions(followUpDuration: 365)
    let episodes = TreatmentEpisodes.compute(events: WorkedPatient.events, options: options)
    #expect(episodes.map(\.start) == [WorkedPatient.dayZero, WorkedPatient.dayZero.adding(days: 170)])
    #expect(episodes.map(\.duration) == [170, 195])
    #expect(episodes.map(\.end) == [WorkedPatient.dayZero.adding(days: 170), WorkedPatient.dayZero.adding(days: 365)])
  }

  @Test func episodesSplitOnGapsLongerThanThePermissibleGap() {
    let options = EpisodeOptions(maximumPermissibleGap: 45, followUpDuration: 365)
    let episodes = TreatmentEpisodes.compute(events: WorkedPatient.events, options: options)
    #expect(episodes.map { $0.start.dayNumber - WorkedPatient.dayZero.dayNumber } == [0, 170, 250, 340])
    #expect(episodes.map(\.duration) == [170, 30, 30, 25])
    #expect(episodes.map(\.gapDaysAfter) == [0, 50, 60, 0])
    #expect(episodes.map(\.number) == [1, 2, 3, 4])
  }

  @Test func oneEpisodeWhenNothingInterrupts() {
    let options = EpisodeOptions(medicationChangeStartsEpisode: false, followUpDuration: 365)
    let episodes = TreatmentEpisodes.compute(events: WorkedPatient.events, options: options)
    #expect(episodes.count == 1)
    #expect(episodes.first?.duration == 365)
    #expect(TreatmentEpisodes.compute(events: []).isEmpty)
  }

  @Test func aLongFinalGapShortensTheLastEpisode() {
    // One 30-day fill, follow-up 365 days: final gap 335 > 90, so the episode is 30 days.
    let episodes = TreatmentEpisodes.compute(
      events: [WorkedPatient.event(0, 30, "medA")], options: EpisodeOptions(followUpDuration: 365))
    #expect(episodes.map(\.duration) == [30])
  }
}

@Suite("Supply carried into a diary's period")
struct CarriedSupplyTests {
  let start = WorkedPatient.dayZero.adding(days: 10)

  @Test("a 28-day dose five days before the period covers its first 23 days, but not its MPR")
  func carried() throws {
    let events = [WorkedPatient.event(5, 28, "medA"), WorkedPatient.event(33, 28, "medA")]
    let end = WorkedPatient.dayZero.adding(days: 59)
    let coverage = try #require(SupplyCoverage(events: events, through: end, periodStart: start, carryingIn: true))
    #expect(coverage.indexDate == start)
    #expect(coverage.daysInPeriod == 50)
    #expect(coverage.coveredDays == 50)
    #expect(coverage.longestGap == 0)
    #expect(coverage.totalDaysSupply == 28, "only the dose in the period counts toward MPR")
    // Without carrying in, the PQA rule: the days before the first fill in the period are uncovered.
    let strict = try #require(SupplyCoverage(events: events, through: end, periodStart: start))
    #expect(strict.coveredDays == 27)
  }

  @Test("supply that ended before the period and no dose in it: nothing to measure")
  func nothingCarried() {
    let events = [WorkedPatient.event(0, 5, "medA")]
    #expect(
      SupplyCoverage(
        events: events, through: WorkedPatient.dayZero.adding(days: 30), periodStart: start, carryingIn: true)
        == nil)
  }

  @Test("an early dose of the same drug before the period shifts, as in the period")
  func shifted() throws {
    // Day 0 and day 5, each 10 days: the second starts on day 10, so days 10–19 are covered.
    let events = [WorkedPatient.event(0, 10, "medA"), WorkedPatient.event(5, 10, "medA")]
    let coverage = try #require(
      SupplyCoverage(
        events: events, through: WorkedPatient.dayZero.adding(days: 29), periodStart: start, carryingIn: true))
    #expect(coverage.coveredDays == 10)
    #expect(coverage.longestGap == 10)
  }
}
