import Foundation
import TandemBase
import TandemCare
import TandemStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The ten-year diary: where it is and what the commands need to know about it.
struct LongDiary {
  let path: String
  let now: Date
  let zone: TimeZone
  let doses: Int
  let attacks: Int
  let catalogue: MedicationCatalogue

  static let preventives = [("propranolol", 3), ("topiramate", 2), ("amitriptyline", 4)]

  /// Writes the diary through the store API: one transaction for the originals, one for the
  /// corrections that end the attacks logged with `attack start` (a tenth of them).
  static func build(at path: String) throws -> LongDiary {
    unlink(path)
    let zone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 0) ?? .current
    let end = LocalDate(year: 2026, month: 11, day: 30) ?? LocalDate(dayNumber: 20_787)
    let days = 3_652
    let start = end.adding(days: -(days - 1))
    let origin = start.instant(at: .midnight, in: zone)
    var events: [DiaryEvent] = []
    for (medication, times) in preventives {
      let clock = (0..<times).compactMap { LocalTime(hour: 7 + $0 * 14 / max(1, times - 1), minute: 0) }
      events.append(
        .regimenPrescribed(
          Regimen(
            id: "r-\(medication)", medicationID: medication, dose: Quantity(value: 25, unit: .mg),
            schedule: .daily(times: clock), start: start, timeZoneIdentifier: zone.identifier)))
    }
    for medication in ["sumatriptan", "ibuprofen"] {
      events.append(
        .regimenPrescribed(
          Regimen(
            id: "r-\(medication)", medicationID: medication, dose: Quantity(value: 50, unit: .mg),
            schedule: .asNeeded(maxPer24Hours: Quantity(value: 200, unit: .mg), minimumHoursBetweenDoses: 2),
            start: start, timeZoneIdentifier: zone.identifier)))
    }
    var state: UInt64 = 11
    func random() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
    var doses = 0
    var opened: [Int] = []
    let attackCount = 4_000
    var nextAttack = 0
    for day in 0..<days {
      let date = start.adding(days: day)
      for (medication, times) in preventives {
        for slot in 0..<times {
          let hour = 7 + slot * 14 / max(1, times - 1)
          let instant = date.instant(at: LocalTime(hour: hour, minute: 0) ?? .midnight, in: zone) + random() * 1_800
          events.append(
            .doseTaken(
              TakenDose(
                medicationID: medication, instant: instant, amount: Quantity(value: 25, unit: .mg),
                regimenID: "r-\(medication)")))
          doses += 1
        }
      }
      // Attacks about every 22 hours, 2–10 hours long, each with one or two acute doses.
      while nextAttack < attackCount, Double(nextAttack) * Double(days) / Double(attackCount) < Double(day + 1) {
        let begin = origin + Double(nextAttack) * Double(days) / Double(attackCount) * 86_400
        let startedOnly = nextAttack % 10 == 0
        if startedOnly { opened.append(events.count) }
        events.append(
          .attackLogged(
            Attack(
              id: "a\(nextAttack)", start: begin, end: startedOnly ? nil : begin + 3_600 * (2 + random() * 8),
              severity: 3 + Int(random() * 7))))
        for (index, medication) in ["sumatriptan", "ibuprofen"].enumerated() where index == 0 || random() < 0.8 {
          events.append(
            .doseTaken(
              TakenDose(
                medicationID: medication, instant: begin + 1_800 + Double(index) * 3_600,
                amount: Quantity(value: 50, unit: .mg), regimenID: "r-\(medication)")))
          doses += 1
        }
        nextAttack += 1
      }
    }
    let now = end.instant(at: LocalTime(hour: 23, minute: 0) ?? .midnight, in: zone)
    let store = try SQLiteStore(path: path)
    let written = try store.appendDiary(at: now) { _ in events }
    _ = try store.appendDiary(at: now) { _ in
      opened.map { index in
        guard case .attackLogged(var attack) = written[index].event else {
          return .attackLogged(Attack(id: "?", start: now, severity: 0))
        }
        attack.end = attack.start + 3 * 3_600
        return .corrected(sequence: written[index].sequence, replacement: .attackLogged(attack), reason: "ended")
      }
    }
    let catalogue = MedicationCatalogue(
      preventives.map {
        Medication(id: $0.0, genericName: $0.0, medicationClass: .other, use: .preventive, routes: [.oral])
      } + [
        Medication(
          id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
          overuseClass: .triptan),
        Medication(
          id: "ibuprofen", genericName: "ibuprofen", medicationClass: .nsaid, use: .acute, routes: [.oral],
          overuseClass: .simpleAnalgesic),
      ])
    return LongDiary(path: path, now: now, zone: zone, doses: doses, attacks: attackCount, catalogue: catalogue)
  }

  /// The whole diary read back from its store, as a command would see it.
  func record() -> CareRecord {
    let entries: [DiaryEntry]
    do {
      entries = try SQLiteStore(path: path).diaryEntries()
    } catch {
      benchFailure("cannot read the ten-year diary: \(error)")
    }
    return CareRecord(ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: zone)
  }
}

extension Workspace {
  /// The ten-year diary, written on first use, and how long writing it took.
  func longDiary() -> LongDiary {
    if let diary = builtLongDiary { return diary.diary }
    do {
      var built: LongDiary?
      let seconds = try time { built = try LongDiary.build(at: path + "/long-diary.sqlite") }
      guard let built else { fail("cannot build the ten-year diary") }
      builtLongDiary = (built, seconds)
      return built
    } catch {
      fail("cannot build the ten-year diary: \(error)")
    }
  }

  /// How long writing the ten-year diary through the store took.
  var longDiaryBuildTime: Double { builtLongDiary?.seconds ?? .nan }
}
