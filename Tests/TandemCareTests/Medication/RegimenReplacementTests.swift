import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

@Suite("Regimen replacement: adding a regimen ends the overlapping one")
struct RegimenReplacementTests {
  @Test("an active regimen of the same medication ends the day before the new one; others are untouched")
  func replacesActive() throws {
    let old = regimen(.daily(times: [clock("08:00")]), start: "2026-01-01", id: "old")
    let other = regimen(.daily(times: [clock("08:00")]), start: "2026-01-01", medication: "other", id: "other")
    let new = regimen(.daily(times: [clock("20:00")]), start: "2026-03-10", dose: "60 mg", id: "new")
    let outcome = try RegimenReplacement.add([new], to: [old, other])
    #expect(
      outcome.events == [
        .regimenEnded(regimenID: "old", lastDay: day("2026-03-09"), reason: "replaced by a new regimen"),
        .regimenPrescribed(new),
      ])
    #expect(outcome.ended == [RegimenReplacement.Ended(regimen: old, lastDay: day("2026-03-09"))])
  }

  @Test("a regimen that ended before the new one starts is left alone")
  func leavesEnded() throws {
    let old = regimen(.daily(times: [clock("08:00")]), start: "2026-01-01", end: "2026-02-01", id: "old")
    let new = regimen(.daily(times: [clock("08:00")]), start: "2026-03-10", id: "new")
    #expect(try RegimenReplacement.add([new], to: [old]).events == [.regimenPrescribed(new)])
  }

  @Test("an earlier regimen starting on the new one's first day cannot be ended: refused, nothing added")
  func refusesSameDay() {
    let old = regimen(.daily(times: [clock("08:00")]), start: "2026-03-10", id: "old")
    let new = regimen(.daily(times: [clock("08:00")]), start: "2026-03-10", id: "new")
    #expect(throws: RegimenReplacement.Problem.startsTooLate(medication: "med", start: day("2026-03-10"))) {
      try RegimenReplacement.add([new], to: [old])
    }
  }

  @Test("two regimens of one medication in one import: the second replaces the first")
  func chainInOneImport() throws {
    let first = regimen(.daily(times: [clock("08:00")]), start: "2026-03-01", id: "a")
    let second = regimen(.daily(times: [clock("08:00")]), start: "2026-03-15", id: "b")
    let outcome = try RegimenReplacement.add([first, second], to: [])
    #expect(
      outcome.events == [
        .regimenPrescribed(first),
        .regimenEnded(regimenID: "a", lastDay: day("2026-03-14"), reason: "replaced by a new regimen"),
        .regimenPrescribed(second),
      ])
  }
}
