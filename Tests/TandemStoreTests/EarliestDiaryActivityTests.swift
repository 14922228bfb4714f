import Foundation
import TandemBase
import TandemCare
import TandemStore
import Testing

/// Where a diary read from a window began: `tandem progress` needs it to tell "no headache" from "no diary".
@Suite("Earliest diary activity")
struct EarliestDiaryActivityTests {
  @Test("the earliest dose, skip or headache, whatever the order logged; regimens do not count")
  func earliest() throws {
    let store = try SQLiteStore.inMemory()
    let t = WindowDiary.origin
    #expect(try store.earliestDiaryActivity() == nil)
    _ = try store.appendDiary(at: t) { _ in
      [
        WindowDiary.regimen("r1", "propranolol", prn: false),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: t + 3 * WindowDiary.day)),
      ]
    }
    #expect(try store.earliestDiaryActivity() == t + 3 * WindowDiary.day)
    _ = try store.appendDiary(at: t) { _ in
      [
        .attackLogged(Attack(id: "a", start: t - 2 * WindowDiary.day, end: t - WindowDiary.day, severity: 4)),
        .doseSkipped(SkippedDose(medicationID: "propranolol", instant: t + WindowDiary.day, reason: "away")),
      ]
    }
    #expect(try store.earliestDiaryActivity() == t - 2 * WindowDiary.day)
  }
}
