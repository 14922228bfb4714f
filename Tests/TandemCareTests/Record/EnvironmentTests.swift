import Foundation
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemTherapy

@Suite("Environment: now, time zone and ids are handed in, never read by the core")
struct EnvironmentTests {
  @Test("a fixed environment keeps its moment and counts ids up")
  func fixed() {
    let instant = Date(timeIntervalSince1970: 1_774_083_600)
    let environment = Environment.fixed(instant)
    #expect(environment.now() == instant)
    #expect(environment.timeZone.secondsFromGMT(for: instant) == 0)
    #expect([environment.makeID(), environment.makeID()] == ["id-1", "id-2"])
    #expect(environment.workers == 1)
  }

  @Test("an attack-check answer starts a headache at the environment's now, with its id")
  func sessionDiaryWritesUseTheEnvironment() {
    let instant = Date(timeIntervalSince1970: 1_774_083_600)
    let bridge = SessionDiaryBridge(catalogue: MedicationCatalogue([]), environment: .fixed(instant))
    let events = bridge.events(for: .attackCheck, answer: .number(4), entries: [])
    #expect(events == [.attackLogged(Attack(id: "id-1", start: instant, severity: 4))])
  }
}
