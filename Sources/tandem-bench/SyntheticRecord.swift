import Foundation
import TandemBase
import TandemCare

/// A diary of `years` years: `medications` daily regimens at `times` a day, every dose taken
/// (a few late or missed), and about three attacks a week, some with a triptan.
func syntheticRecord(years: Int, medications: Int, times: Int) -> CareRecord {
  let zone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 0) ?? .current
  let end = LocalDate(year: 2026, month: 3, day: 31) ?? LocalDate(dayNumber: 20_000)
  let start = end.adding(days: -(365 * years - 1))
  var catalogue: [Medication] = (0..<medications).map {
    Medication(
      id: "prev\($0)", genericName: "preventive \($0)", medicationClass: .other, use: .preventive, routes: [.oral])
  }
  catalogue.append(
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      overuseClass: .triptan))
  var entries: [DiaryEntry] = []
  var sequence: Int64 = 0
  func add(_ at: Date, _ event: DiaryEvent) {
    sequence += 1
    entries.append(DiaryEntry(sequence: sequence, recordedAt: at, event: event))
  }
  let clock = (0..<times).compactMap { LocalTime(hour: 6 + $0 * 4, minute: 0) }
  for index in 0..<medications {
    add(
      start.instant(at: .midnight, in: zone),
      .regimenPrescribed(
        Regimen(
          id: "r\(index)", medicationID: "prev\(index)", dose: Quantity(value: 10, unit: .mg),
          schedule: .daily(times: clock), start: start, timeZoneIdentifier: zone.identifier)))
  }
  var state: UInt64 = 7
  func random() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(1 << 53)
  }
  var day = start
  while day <= end {
    for index in 0..<medications {
      for time in clock {
        let roll = random()
        if roll < 0.03 { continue }
        let delay = roll < 0.06 ? 4 * 3600.0 : random() * 1800
        add(
          day.instant(at: time, in: zone).addingTimeInterval(delay),
          .doseTaken(
            TakenDose(
              medicationID: "prev\(index)", instant: day.instant(at: time, in: zone).addingTimeInterval(delay),
              amount: Quantity(value: 10, unit: .mg), regimenID: "r\(index)")))
      }
    }
    if random() < 3.0 / 7 {
      let begin = day.instant(at: LocalTime(hour: 13, minute: 0) ?? .midnight, in: zone)
      let triptan =
        random() < 0.5
        ? [
          AcuteIntake(medicationID: "sumatriptan", overuseClass: .triptan, medicationClass: .triptan, at: begin + 1800)
        ]
        : []
      add(
        begin,
        .attackLogged(
          Attack(
            id: "a\(sequence)", start: begin, end: begin + 3600 * (2 + random() * 10), severity: 3 + Int(random() * 7),
            nauseaOrVomiting: random() < 0.5, photophobia: random() < 0.6, phonophobia: random() < 0.5, acute: triptan))
      )
    }
    day = day.adding(days: 1)
  }
  let now = end.instant(at: LocalTime(hour: 23, minute: 0) ?? .midnight, in: zone)
  return CareRecord(
    ledger: DiaryLedger(entries), sessions: [], catalogue: MedicationCatalogue(catalogue), now: now, timeZone: zone)
}
