import Foundation
import Testing

@testable import TandemAdherence

/// Comparisons with AdhereR on its example data set (read from ../shared at test time).
@Suite(
  "AdhereR med.events",
  .enabled(
    if: MedEvents.isAvailable || ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1",
    "needs ../shared/data/adherer/med.events.csv (AdhereR's example data, GPL, not shipped with Tandem); CI has it"))
struct MedEventsTests {
  @Test func parsesAllRows() throws {
    let events = try MedEvents.load()
    #expect(events.count == 1080)
    #expect(Set(events.map(\.patientID)).count == 100)
  }

  /// AdhereR's published output: CMA1 with follow-up from day 0 and observation days 182–547
  /// gives 0.4035874 for patient 37 and 1.4 for patient 76.
  @Test func cma1MatchesAdhereRsPublishedValues() throws {
    let events = try MedEvents.load()
    let window = AdherenceWindow(observationStart: 182, observationDuration: 365)
    let p37 = events.filter { $0.patientID == "37" }
    let p76 = events.filter { $0.patientID == "76" }
    #expect(close(CMA.compute(.cma1, events: p37, window: window)?.value, 0.4035874, tolerance: 5e-8))
    #expect(close(CMA.compute(.cma1, events: p76, window: window)?.value, 1.4))
  }

  @Test func batchAgreesWithPerPatientComputation() throws {
    let events = try MedEvents.load()
    let window = AdherenceWindow(observationStart: 182, observationDuration: 365, carryOnlyForSameMedication: true)
    // Reversed, so grouping must reorder; same-day fills keep input order in both paths.
    let reversed = Array(events.reversed())
    let table = PatientSupplyTable(reversed)
    #expect(table.patientIDs.count == 100)
    for method in CMAMethod.allCases {
      let batch = table.compute(method: method, window: window)
      for (id, value) in batch {
        let single = CMA.compute(method, events: reversed.filter { $0.patientID == id }, window: window)?.value
        #expect(value == single, "\(method) patient \(id)")
      }
    }
  }

  @Test func valuesStayInRange() throws {
    let table = PatientSupplyTable(try MedEvents.load())
    for method in [CMAMethod.cma3, .cma4, .cma5, .cma6, .cma7, .cma8, .cma9] {
      for value in table.values(method: method) where !value.isNaN {
        #expect(value >= 0 && value <= 1 + 1e-9, "\(method) \(value)")
      }
    }
  }
}
