import Foundation
import TandemTestFixtures
import Testing

@testable import TandemAdherence
@testable import TandemCare

/// Values that parse but cannot be meant (a 56-year attack, 1,440 doses a day, a year-0026 start) are refused
/// with the reason, instead of being stored and turned into hours of work for every later command.
@Suite("Plausibility")
struct PlausibilityTests {
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
      strengths: [qty("60 mg")]),
    Medication(
      id: "ubrogepant", genericName: "ubrogepant", medicationClass: .gepant, use: .acute, routes: [.oral],
      strengths: [qty("50 mg")], overuseClass: .gepant),
  ])

  func problems(_ edit: (inout RegimenSpec) -> Void, medication: String = "atogepant") -> [String] {
    var spec = RegimenSpec(medication: medication)
    spec.dose = "60 mg"
    spec.daily = true
    edit(&spec)
    switch spec.regimen(
      id: "r", catalogue: Self.catalogue, now: at("2026-12-01", "12:00"), timeZone: TimeZone(identifier: "UTC")!)
    {
    case .success: return []
    case .failure(let problems): return problems.list.map { $0.description }
    }
  }

  @Test("a regimen with 1,440 times a day is refused")
  func timesPerDay() {
    let times = (0..<1440).map { String(format: "%02d:%02d", $0 / 60, $0 % 60) }
    let found = problems { $0.times = times }
    #expect(found.contains { $0.contains("1440 times of day") && $0.contains("at most 24") }, "\(found)")
    #expect(problems { $0.times = Array(times.prefix(24)) }.isEmpty)
  }

  @Test("a start in year 0026 is refused as out of range, not stored")
  func startYear() {
    let found = problems { $0.start = "0026-12-01" }
    #expect(found == ["start: date '0026-12-01' is out of range; use a year from 1900 to 2200"])
  }

  @Test("NaN or huge hours and a 1e23 mg maximum are refused")
  func hoursAndMaximum() {
    #expect(!problems { $0.lateWindowHours = .nan }.isEmpty)
    #expect(!problems { $0.lateWindowHours = 1e300 }.isEmpty)
    let prn = problems(
      {
        $0.daily = false
        $0.dose = "50 mg"
        $0.asNeeded = true
        $0.maxPerDay = "100000000000000000000000 mg"
        $0.minimumHours = .nan
      }, medication: "ubrogepant")
    #expect(prn.contains { $0.contains("'100000000000000000000000 mg' is out of range") }, "\(prn)")
    #expect(prn.contains { $0.contains("minimum hours") }, "\(prn)")
  }

  @Test("a 56-year attack and an aura of Int.max minutes are refused")
  func attacks() {
    let now = at("2026-12-01", "12:00")
    let long = Attack(id: "a", start: at("1970-01-01", "10:00"), end: at("2026-11-01", "10:00"), severity: 5)
    let found = AttackValidation.validate(long, now: now, existing: [])
    #expect(found.map(\.kind) == [.tooLong], "\(found)")
    #expect(found.first?.message.contains("more than 31 days") == true)
    var aura = Attack(id: "b", start: at("2026-11-30", "10:00"), end: at("2026-11-30", "12:00"), severity: 5)
    aura.aura = true
    aura.auraMinutes = .max
    #expect(AttackValidation.validate(aura, now: now, existing: []).map(\.kind) == [.auraDuration])
    aura.auraMinutes = 30
    #expect(AttackValidation.validate(aura, now: now, existing: []).isEmpty)
    let open = Attack(id: "c", start: at("2026-10-01", "10:00"), severity: 5)
    #expect(AttackValidation.validate(open, now: now, existing: []).map(\.kind) == [.tooLong])
  }

  @Test("a stored attack from year 0026 does not make measures walk two thousand years")
  func recordStartHeld() {
    let typo = Attack(id: "a", start: at("0026-03-01", "10:00"), end: at("0026-03-01", "12:00"), severity: 5)
    let start = MigraineMeasures.recordStart(attacks: [typo], intakes: [], timeZone: .gmt, diaryStart: nil)
    #expect(start == day("1900-01-01"))
  }

  @Test("a fills file with a year outside 1900–2200 is refused at its line")
  func fillsYears() {
    let csv = "PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,2026-01-01,1,A,30\n1,0001-01-01,1,A,30\n"
    #expect {
      _ = try FillsCSV.parse(csv, dateFormat: "%Y-%m-%d")
    } throws: { error in
      "\(error)".contains("date '0001-01-01' is out of range; use a year from 1900 to 2200")
    }
  }
}
