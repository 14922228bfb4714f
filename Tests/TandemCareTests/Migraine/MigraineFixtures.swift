import Foundation
import TandemTestFixtures

@testable import TandemBase
@testable import TandemCare

/// Builders for diaries in Europe/Berlin, the worked examples of docs/adherence-migraine.md.
enum Fixture {
  static let berlin = TimeZone(identifier: "Europe/Berlin")!
  static let utc = TimeZone(identifier: "UTC")!

  static func day(_ iso: String) -> LocalDate { LocalDate(iso: iso)! }

  /// A Berlin wall-clock instant, e.g. `at("2026-03-02", "08:00")`.
  static func at(_ date: String, _ time: String, in zone: TimeZone = berlin) -> Date {
    day(date).instant(at: LocalTime(text: time)!, in: zone)
  }

  static func intake(
    _ medication: String, _ overuse: OveruseClass, _ medicationClass: MedicationClass, _ instant: Date
  ) -> AcuteIntake {
    AcuteIntake(medicationID: medication, overuseClass: overuse, medicationClass: medicationClass, at: instant)
  }

  static func ibuprofen(_ instant: Date) -> AcuteIntake { intake("ibuprofen", .simpleAnalgesic, .nsaid, instant) }
  static func paracetamol(_ instant: Date) -> AcuteIntake {
    intake("paracetamol", .simpleAnalgesic, .simpleAnalgesic, instant)
  }
  static func sumatriptan(_ instant: Date) -> AcuteIntake { intake("sumatriptan", .triptan, .triptan, instant) }
  static func rimegepant(_ instant: Date) -> AcuteIntake { intake("rimegepant", .gepant, .gepant, instant) }
  static func codeine(_ instant: Date) -> AcuteIntake { intake("codeine", .opioid, .opioid, instant) }

  /// Example A of the doc: March 2026, 28 days, six attacks and two intakes outside attacks.
  static let exampleAAttacks: [Attack] = [
    Attack(
      id: "a1", start: at("2026-03-02", "08:00"), end: at("2026-03-02", "14:00"), severity: 7,
      nauseaOrVomiting: true, acute: [ibuprofen(at("2026-03-02", "08:30"))]),
    Attack(
      id: "a2", start: at("2026-03-05", "10:00"), end: at("2026-03-05", "10:20"), severity: 6,
      nauseaOrVomiting: true, photophobia: true, phonophobia: true),
    Attack(
      id: "a3", start: at("2026-03-07", "15:00"), end: at("2026-03-07", "19:00"), severity: 3,
      photophobia: true, phonophobia: true, painFeatures: PainFeatures(unilateral: true, pulsating: true)),
    Attack(
      id: "a4", start: at("2026-03-10", "09:00"), end: at("2026-03-10", "12:00"), severity: 5,
      photophobia: true, acute: [sumatriptan(at("2026-03-10", "09:30"))]),
    Attack(
      id: "a5", start: at("2026-03-14", "22:00"), end: at("2026-03-15", "06:00"), severity: 8, aura: true,
      auraMinutes: 20, nauseaOrVomiting: true),
    Attack(
      id: "a6", start: at("2026-03-20", "13:00"), end: at("2026-03-20", "15:00"), severity: 5,
      nauseaOrVomiting: true, painFeatures: PainFeatures(unilateral: false)),
  ]
  static let exampleAIntakes: [AcuteIntake] = [
    paracetamol(at("2026-03-22", "20:00")),
    intake("rizatriptan", .triptan, .triptan, at("2026-03-25", "07:00")),
  ]

  /// `n` consecutive days from `first`, one intake each at 09:00, built by `make`.
  static func daily(
    from first: String, count n: Int, _ make: (Date) -> AcuteIntake
  ) -> [AcuteIntake] {
    (0..<n).map { make(day(first).adding(days: $0).instant(at: LocalTime(hour: 9, minute: 0)!, in: berlin)) }
  }

  /// A short (10 min) severity-3 headache on each of `n` days from `first`: a headache day, never a migraine day.
  static func headaches(from first: String, count n: Int, id prefix: String = "h") -> [Attack] {
    (0..<n).map {
      let start = day(first).adding(days: $0).instant(at: LocalTime(hour: 18, minute: 0)!, in: berlin)
      return Attack(id: "\(prefix)\(first)-\($0)", start: start, end: start.addingTimeInterval(600), severity: 3)
    }
  }
}
