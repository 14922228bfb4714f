import Foundation
import TandemBase

/// Headache and migraine measures over a period of the diary.
public struct MigraineMeasures: Hashable, Sendable, Codable {
  /// The fewest observed days for which Tandem gives a per-28-day rate; below it the rate is `nil` because
  /// scaling a few days up to 28 would mislead.
  public static let minimumObservedDaysForRate = 14

  /// The first day of the period asked for.
  public var from: LocalDate
  /// The last day of the period asked for.
  public var through: LocalDate
  /// Every day of the period, observed or not.
  public var days: [DiaryDay]
  /// Days of the period within the record; the denominator of every rate.
  public var observedDays: Int
  /// Observed headache days.
  public var headacheDays: Int
  /// Observed migraine days.
  public var migraineDays: Int
  /// Migraine days per 28 observed days (MMD), or `nil` with fewer than `minimumObservedDaysForRate` days.
  public var monthlyMigraineDays: Double?
  /// Headache days per 28 observed days, or `nil` with fewer than `minimumObservedDaysForRate` days.
  public var headacheDaysPer28: Double?
  /// Observed days with at least one acute dose.
  public var acuteMedicationDays: Int
  /// Observed days with at least one acute dose of each overuse class (classes never taken are absent).
  public var acuteDaysByOveruseClass: [OveruseClass: Int]
  /// Observed days with at least one acute dose of each pharmacological class.
  public var acuteDaysByMedicationClass: [MedicationClass: Int]

  /// Computes the diary days and measures for `from` through `through`.
  ///
  /// - Parameters:
  ///   - attacks: the diary's attacks; their `acute` intakes count.
  ///   - intakes: further acute intakes, including those logged outside attacks. An intake equal in medication
  ///     and instant to one already inside an attack is counted once.
  ///   - from: first day of the period.
  ///   - through: last day of the period.
  ///   - timeZone: the patient's time zone; it decides calendar days.
  ///   - diaryStart: when the patient started keeping the diary. The record begins at the earlier of this and
  ///     the first day touched by any entry; with neither, no day is observed.
  ///   - asOf: the last day that can have entries (today); observed days end at the earlier of it and `through`.
  ///   - rule: the migraine-day rule.
  public static func compute(
    attacks: [Attack], intakes: [AcuteIntake], from: LocalDate, through: LocalDate, timeZone: TimeZone,
    diaryStart: LocalDate? = nil, asOf: LocalDate? = nil, rule: MigraineDayRule = .tandem
  ) -> MigraineMeasures {
    let days = diaryDays(
      attacks: attacks, intakes: intakes, from: from, through: through, timeZone: timeZone,
      diaryStart: diaryStart, asOf: asOf, rule: rule)
    let observed = days.filter(\.isObserved)
    var byOveruse: [OveruseClass: Int] = [:]
    var byMedication: [MedicationClass: Int] = [:]
    for day in observed {
      for c in day.overuseClasses { byOveruse[c, default: 0] += 1 }
      for c in day.medicationClasses { byMedication[c, default: 0] += 1 }
    }
    let headache = observed.filter(\.headache).count
    let migraine = observed.filter(\.migraine).count
    return MigraineMeasures(
      from: from, through: through, days: days, observedDays: observed.count, headacheDays: headache,
      migraineDays: migraine,
      monthlyMigraineDays: per28(migraine, observedDays: observed.count),
      headacheDaysPer28: per28(headache, observedDays: observed.count),
      acuteMedicationDays: observed.filter(\.tookAcuteMedication).count,
      acuteDaysByOveruseClass: byOveruse, acuteDaysByMedicationClass: byMedication)
  }

  /// `count × 28 / observedDays`, or `nil` when there are too few observed days.
  public static func per28(_ count: Int, observedDays: Int) -> Double? {
    guard observedDays >= minimumObservedDaysForRate else { return nil }
    return Double(count) * 28 / Double(observedDays)
  }

  /// The first day of the record: the earlier of `diaryStart` and the first day touched by an entry.
  public static func recordStart(
    attacks: [Attack], intakes: [AcuteIntake], timeZone: TimeZone, diaryStart: LocalDate?
  ) -> LocalDate? {
    let entryDays =
      attacks.map { LocalDate($0.start, in: timeZone) }
      + (intakes + attacks.flatMap(\.acute)).map { LocalDate($0.at, in: timeZone) }
    // Held at the first plausible year: an entry stored with a typo (0026 for 2026) by an older
    // version must not make every measure walk two thousand years of empty days.
    let earliest = LocalDate(year: InputBounds.years.lowerBound, month: 1, day: 1)
    return ([diaryStart].compactMap { $0 } + entryDays).min().map { max($0, earliest ?? $0) }
  }

  /// The diary days `from` through `through` (empty when `from` is after `through`); see `compute`.
  public static func diaryDays(
    attacks: [Attack], intakes: [AcuteIntake], from: LocalDate, through: LocalDate, timeZone: TimeZone,
    diaryStart: LocalDate? = nil, asOf: LocalDate? = nil, rule: MigraineDayRule = .tandem
  ) -> [DiaryDay] {
    guard from <= through else { return [] }
    let start = recordStart(attacks: attacks, intakes: intakes, timeZone: timeZone, diaryStart: diaryStart)
    let lastObserved = min(through, asOf ?? through)
    var days = (0...from.days(to: through)).map { offset -> DiaryDay in
      let date = from.adding(days: offset)
      let observed = (start.map { $0 <= date } ?? false) && date <= lastObserved
      return DiaryDay(date: date, isObserved: observed)
    }
    func index(_ date: LocalDate) -> Int? {
      let i = from.days(to: date)
      return days.indices.contains(i) ? i : nil
    }

    for attack in attacks.sorted(by: { ($0.start, $0.id) < ($1.start, $1.id) }) {
      let touched = MigraineDayRule.days(of: attack, in: timeZone)
      let isMigraine = rule.isMigraineHeadache(attack)
      let firstInPeriod = max(touched.lowerBound, from)
      let lastInPeriod = min(touched.upperBound, through)
      if firstInPeriod <= lastInPeriod {
        for offset in 0...firstInPeriod.days(to: lastInPeriod) {
          guard let i = index(firstInPeriod.adding(days: offset)) else { continue }
          days[i].attackIDs.append(attack.id)
          days[i].maxSeverity = max(days[i].maxSeverity ?? attack.severity, attack.severity)
          if attack.severity >= 1 { days[i].headache = true }
          if isMigraine { days[i].migraineCriteria.insert(.migraineHeadache) }
        }
      }
      if rule.hasQualifyingAura(attack), let i = index(touched.lowerBound) {
        days[i].migraineCriteria.insert(.aura)
      }
    }

    for intake in uniqueIntakes(attacks: attacks, intakes: intakes) {
      guard let i = index(LocalDate(intake.at, in: timeZone)) else { continue }
      days[i].medicationClasses.insert(intake.medicationClass)
      if intake.overuseClass != .none { days[i].overuseClasses.insert(intake.overuseClass) }
      if rule.isMigraineSpecific(intake) { days[i].migraineCriteria.insert(.migraineSpecificDrug) }
    }
    for i in days.indices where days[i].migraine { days[i].headache = true }
    return days
  }

  /// Intakes from attacks and the separate list, each medication-and-instant pair once.
  static func uniqueIntakes(attacks: [Attack], intakes: [AcuteIntake]) -> [AcuteIntake] {
    struct Key: Hashable {
      var medicationID: String
      var at: Date
    }
    var seen: Set<Key> = []
    return (attacks.flatMap(\.acute) + intakes).filter {
      seen.insert(Key(medicationID: $0.medicationID, at: $0.at)).inserted
    }
  }
}
