import Testing

@testable import TandemAdherence

@Suite("CMA1–CMA9 on the worked patient")
struct CMAWorkedExampleTests {
  let events = WorkedPatient.events
  let window = WorkedPatient.window

  func value(_ method: CMAMethod, _ window: AdherenceWindow? = nil) -> Double? {
    CMA.compute(method, events: events, window: window ?? self.window)?.value
  }

  @Test func cma1ExcludesTheLastEventInTheWindow() {
    #expect(close(value(.cma1), 150.0 / 215.0))
  }

  @Test func cma2IncludesTheLastEventAndRunsToTheWindowEnd() {
    #expect(close(value(.cma2), 180.0 / 295.0))
  }

  @Test func cma3AndCma4AreCappedAtOne() {
    #expect(close(value(.cma3), 150.0 / 215.0))
    #expect(close(value(.cma4), 180.0 / 295.0))
    // Two overlapping fills in a short window: CMA1 = 60 / 10 = 6, CMA3 = 1.
    let dense = [WorkedPatient.event(0, 60, "medA"), WorkedPatient.event(10, 60, "medA")]
    #expect(close(CMA.compute(.cma1, events: dense)?.value, 6))
    #expect(CMA.compute(.cma3, events: dense)?.value == 1)
    #expect(close(CMA.compute(.cma2, events: dense)?.value, 120.0 / 730.0))
  }

  @Test func cma5CarriesSurplusForwardWithinTheWindow() {
    #expect(close(value(.cma5), 150.0 / 215.0))
  }

  @Test func cma6CountsTheLastEventsGapToTheWindowEnd() {
    #expect(close(value(.cma6), 180.0 / 295.0))
  }

  @Test func carryOnlyForSameMedicationDropsSurplusAtTheSwitch() {
    var w = window
    w.carryOnlyForSameMedication = true
    #expect(close(value(.cma5, w), 130.0 / 215.0))
    #expect(close(value(.cma6, w), 160.0 / 295.0))
  }

  @Test func considerDosageChangeRescalesCarryOver() {
    var w = window
    w.considerDosageChange = true
    #expect(close(value(.cma5, w), 145.0 / 215.0))
    #expect(close(value(.cma6, w), 175.0 / 295.0))
  }

  @Test func cma7CarriesSupplyIntoTheWindowFromBefore() {
    #expect(close(value(.cma7), 1 - 110.0 / 300.0))
  }

  @Test func cma8LagsTheWindowStartUntilCarriedSupplyRunsOut() throws {
    let result = try #require(CMA.compute(.cma8, events: events, window: window))
    #expect(close(result.value, 180.0 / 290.0))
    #expect(result.observationStart == WorkedPatient.dayZero.adding(days: 40))
    #expect(result.observationEnd == WorkedPatient.dayZero.adding(days: 330))
  }

  @Test func cma9WeightsEachDayByItsIntervalsSupplyRatio() {
    let weighted = 5.0 + 35 + 20 + 50 + 50 + 80.0 * 30 / 90
    #expect(close(value(.cma9), weighted / 300))
  }

  @Test func resultCarriesTheWindows() throws {
    let result = try #require(CMA.compute(.cma7, events: events, window: window))
    #expect(result.followUpStart == WorkedPatient.dayZero)
    #expect(result.followUpEnd == WorkedPatient.dayZero.adding(days: 365))
    #expect(result.observationStart == WorkedPatient.dayZero.adding(days: 30))
  }

  @Test func inputOrderDoesNotMatter() {
    let shuffled = Array(events.reversed())
    for method in CMAMethod.allCases {
      let expected = CMA.compute(method, events: events, window: window)
      #expect(CMA.compute(method, events: shuffled, window: window) == expected)
    }
  }
}

@Suite("CMA edge cases")
struct CMAEdgeCaseTests {
  @Test func tooFewEventsGiveNoValue() {
    let single = [WorkedPatient.event(0, 30, "medA")]
    #expect(CMA.compute(.cma1, events: single) == nil)
    #expect(CMA.compute(.cma5, events: single) == nil)
    #expect(close(CMA.compute(.cma2, events: single)?.value, 30.0 / 730.0))
    #expect(close(CMA.compute(.cma7, events: single)?.value, 30.0 / 730.0))
    #expect(CMA.compute(.cma1, events: []) == nil)
  }

  @Test func sameDayFirstAndLastEventsGiveNoCma1() {
    let twins = [WorkedPatient.event(0, 30, "medA"), WorkedPatient.event(0, 30, "medA")]
    #expect(CMA.compute(.cma1, events: twins) == nil)
    #expect(CMA.compute(.cma5, events: twins) == nil)
  }

  @Test func observationWindowOutsideFollowUpIsRefused() {
    let window = AdherenceWindow(followUpDuration: 365, observationStart: 100, observationDuration: 300)
    #expect(!window.isValid)
    #expect(CMA.compute(.cma7, events: WorkedPatient.events, window: window) == nil)
  }

  @Test func cma7WithNoEventInsideTheWindowUsesTheLastEarlierEvent() {
    // Day 0, 100 days of supply; window days 50–150: covered 50 of 100 days.
    let events = [WorkedPatient.event(0, 100, "medA"), WorkedPatient.event(400, 30, "medA")]
    let window = AdherenceWindow(observationStart: 50, observationDuration: 100)
    #expect(close(CMA.compute(.cma7, events: events, window: window)?.value, 0.5))
    // CMA8 moves the start to day 100, after the supply ran out: nothing covered.
    #expect(close(CMA.compute(.cma8, events: events, window: window)?.value, 0))
    // An event that ran out long before the window gives 0.
    let stale = [WorkedPatient.event(0, 10, "medA")]
    #expect(CMA.compute(.cma7, events: stale, window: window)?.value == 0)
  }

  @Test func cma8IsUndefinedWhenCarriedSupplyCoversTheWholeWindow() {
    let events = [WorkedPatient.event(0, 400, "medA")]
    let window = AdherenceWindow(observationStart: 50, observationDuration: 100)
    #expect(CMA.compute(.cma8, events: events, window: window) == nil)
    #expect(CMA.compute(.cma7, events: events, window: window)?.value == 1)
  }

  @Test func followUpStartLaterIgnoresEarlierEvents() {
    // Follow-up from day 100: the day-0 fill is outside it; day-100 and day-130 fills remain.
    let events = [
      WorkedPatient.event(0, 100, "medA"), WorkedPatient.event(100, 30, "medA"), WorkedPatient.event(130, 30, "medA"),
    ]
    let window = AdherenceWindow(
      followUpStart: 100, followUpDuration: 100, observationStart: 0, observationDuration: 100)
    // Window days 100–200: covered 100–160, then 40 gap days.
    #expect(close(CMA.compute(.cma7, events: events, window: window)?.value, 0.6))
    #expect(close(CMA.compute(.cma1, events: events, window: window)?.value, 1))
  }

  @Test func methodNamesParse() {
    #expect(CMAMethod(name: "CMA7") == .cma7)
    #expect(CMAMethod(name: "cma10") == nil)
    #expect(CMAMethod(name: "pdc") == nil)
    #expect(CMAMethod.cma9.description == "cma9")
  }
}
