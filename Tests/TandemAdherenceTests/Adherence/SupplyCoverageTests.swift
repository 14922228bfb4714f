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
