import Foundation
import TandemBase

/// A warning about an as-needed dose: over the 24-hour maximum, or sooner than the minimum spacing.
public struct AsNeededWarning: Hashable, Sendable, Codable {
  /// What the warning is about.
  public enum Kind: String, Hashable, Sendable, Codable {
    /// The doses in the 24 hours up to and including this one add up to more than the maximum.
    case overMaximum = "over-maximum"
    /// This dose came sooner after the previous one than the minimum spacing.
    case tooSoon = "too-soon"
    /// The amount's unit cannot be compared with the maximum's (say, tablets against mg).
    case amountNotComparable = "amount-not-comparable"
  }

  /// What the warning is about.
  public var kind: Kind
  /// The dose that triggered it.
  public var dose: TakenDose
  /// For `overMaximum`: the total in the rolling 24 hours, in the maximum's unit.
  public var total: Quantity?
  /// For `overMaximum`: the maximum.
  public var maximum: Quantity?
  /// For `tooSoon`: hours since the previous dose.
  public var hoursSincePrevious: Double?
  /// For `tooSoon`: the minimum spacing in hours.
  public var minimumHours: Double?

  /// A plain sentence for the patient, such as
  /// "this dose makes 300 mg in 24 hours, over the maximum of 200 mg".
  public var message: String {
    switch kind {
    case .overMaximum:
      "this dose makes \(total?.description ?? "?") in 24 hours, over the maximum of \(maximum?.description ?? "?")"
    case .tooSoon:
      "this dose came \(Self.hours(hoursSincePrevious ?? 0)) after the previous one; "
        + "the minimum is \(Self.hours(minimumHours ?? 0))"
    case .amountNotComparable:
      "the amount \(dose.amount?.description ?? "?") cannot be counted against the maximum of "
        + "\(maximum?.description ?? "?")"
    }
  }

  private static func hours(_ value: Double) -> String {
    let minutes = Int(saturating: (value * 60).rounded())
    if minutes < 60 { return "\(minutes) min" }
    if minutes % 60 == 0 { return minutes == 60 ? "1 hour" : "\(minutes / 60) hours" }
    return "\(minutes / 60) h \(minutes % 60) min"
  }
}

/// Where an as-needed medication stands at a moment: taken in the last 24 hours, what is left.
public struct AsNeededStatus: Hashable, Sendable, Codable {
  /// Doses taken in the 24 hours up to now.
  public var dosesInLast24Hours: Int
  /// Their total, in the maximum's unit (or the usual dose's unit when there is no maximum).
  public var totalInLast24Hours: Quantity?
  /// The 24-hour maximum, if any.
  public var maximum: Quantity?
  /// How much more may be taken now without going over the maximum.
  public var remaining: Quantity?
  /// The most recent dose.
  public var lastTaken: Date?
  /// The earliest moment, from now on, that another usual dose stays within the maximum and the
  /// minimum spacing; `nil` if the usual dose alone exceeds the maximum.
  public var nextAllowed: Date?
}

/// Counts as-needed doses over rolling 24-hour windows.
///
/// The window for a dose at `t` is `(t − 24 h, t]`: a dose exactly 24 hours earlier no longer
/// counts. Doses without an amount count as the usual dose.
public enum AsNeededCheck {
  /// The 24-hour maximum and minimum spacing that apply to a regimen: the schedule's, or else
  /// the catalogue's.
  public static func limits(for regimen: Regimen, medication: Medication?) -> (
    maximum: Quantity?, minimumHours: Double?
  ) {
    var maximum = medication?.maxPer24Hours, minimum = medication?.minimumHoursBetweenDoses
    if case .asNeeded(let max24, let spacing) = regimen.schedule {
      maximum = max24 ?? maximum
      minimum = spacing ?? minimum
    }
    return (maximum, minimum)
  }

  /// The regimen whose as-needed limits apply to an intake: the one given (active that day), or
  /// else one made from the catalogue's limits alone, with `usual` as its dose.
  public static func limitsRegimen(
    _ active: Regimen?, for medication: Medication, on day: LocalDate, usual: Quantity?, timeZone: TimeZone
  ) -> Regimen {
    active
      ?? Regimen(
        id: "-", medicationID: medication.id,
        dose: usual ?? medication.strengths.first ?? Quantity(value: 1, unit: .tablet),
        schedule: .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: day,
        timeZoneIdentifier: timeZone.identifier, medication: medication)
  }

  /// Every warning for a series of doses of one medication, in time order. One pass: the
  /// 24-hour total slides with the window.
  public static func warnings(
    doses: [TakenDose], usualDose: Quantity?, maximum: Quantity?, minimumHours: Double?
  ) -> [AsNeededWarning] {
    let doses = doses.sorted { $0.instant < $1.instant }
    let amounts = doses.map { dose in maximum.flatMap { amount(of: dose, usualDose: usualDose, in: $0.unit) } }
    var warnings: [AsNeededWarning] = []
    var windowStart = 0
    var windowTotal = 0.0
    for (index, dose) in doses.enumerated() {
      if let minimumHours, index > 0 {
        let hours = dose.instant.timeIntervalSince(doses[index - 1].instant) / 3600
        if hours < minimumHours {
          warnings.append(
            AsNeededWarning(kind: .tooSoon, dose: dose, hoursSincePrevious: hours, minimumHours: minimumHours))
        }
      }
      windowTotal += amounts[index] ?? 0
      while doses[windowStart].instant <= dose.instant - 24 * 3600 {
        windowTotal -= amounts[windowStart] ?? 0
        windowStart += 1
      }
      guard let maximum else { continue }
      guard amounts[index] != nil else {
        warnings.append(AsNeededWarning(kind: .amountNotComparable, dose: dose, maximum: maximum))
        continue
      }
      // Summed afresh when over, so rounding in the running total never decides a warning.
      if windowTotal > maximum.value - 1e-6 {
        let total = amounts[windowStart...index].compactMap { $0 }.reduce(0, +)
        if total > maximum.value + 1e-9 {
          warnings.append(
            AsNeededWarning(
              kind: .overMaximum, dose: dose, total: Quantity(value: total, unit: maximum.unit), maximum: maximum))
        }
      }
    }
    return warnings
  }

  /// Warnings that a new dose would raise, given every earlier intake of its medication (from any
  /// path that logs one), for a regimen. Only the intakes of the 24 hours (or the minimum spacing,
  /// when longer) before it are read.
  public static func warnings(
    for candidate: TakenDose, after history: [TakenDose], regimen: Regimen, medication: Medication?
  ) -> [AsNeededWarning] {
    let (maximum, minimumHours) = limits(for: regimen, medication: medication)
    let reach = max(24, minimumHours ?? 0) * 3600
    let recent = history.filter { $0.instant > candidate.instant - reach && $0.instant <= candidate.instant }
    return warnings(doses: recent + [candidate], usualDose: regimen.dose, maximum: maximum, minimumHours: minimumHours)
      .filter { $0.dose == candidate }
  }

  /// Where a medication stands at `now`.
  public static func status(
    doses: [TakenDose], now: Date, usualDose: Quantity?, maximum: Quantity?, minimumHours: Double?
  ) -> AsNeededStatus {
    let past = doses.filter { $0.instant <= now }.sorted { $0.instant < $1.instant }
    let dayAgo = now - 24 * 3600
    let recent = past.filter { $0.instant > dayAgo }
    let unit = maximum?.unit ?? usualDose?.unit
    let total = unit.map {
      Quantity(value: Self.total(of: recent[...], since: dayAgo, usualDose: usualDose, in: $0), unit: $0)
    }
    var remaining: Quantity?
    if let maximum, let total { remaining = Quantity(value: max(0, maximum.value - total.value), unit: maximum.unit) }

    // The allowance only grows when a dose leaves the window or the spacing runs out, so those
    // moments (and now) are the only candidates for the next allowed time.
    var candidates = [now] + recent.map { $0.instant + 24 * 3600 }
    if let last = past.last, let minimumHours { candidates.append(last.instant + minimumHours * 3600) }
    let nextAllowed = candidates.filter { $0 >= now }.sorted().first { moment in
      if let minimumHours, let last = past.last, moment.timeIntervalSince(last.instant) < minimumHours * 3600 {
        return false
      }
      guard let maximum else { return true }
      guard let usual = usualDose.flatMap({ amount(of: $0, in: maximum.unit) }) else { return true }
      let counted = Self.total(of: past[...], since: moment - 24 * 3600, usualDose: usualDose, in: maximum.unit)
      return counted + usual <= maximum.value + 1e-9
    }
    return AsNeededStatus(
      dosesInLast24Hours: recent.count, totalInLast24Hours: total, maximum: maximum, remaining: remaining,
      lastTaken: past.last?.instant, nextAllowed: nextAllowed)
  }

  /// The sum of doses after `since`, in `unit`; doses that cannot be converted are left out.
  private static func total(
    of doses: ArraySlice<TakenDose>, since: Date, usualDose: Quantity?, in unit: Quantity.Unit
  ) -> Double {
    doses.filter { $0.instant > since }.compactMap { amount(of: $0, usualDose: usualDose, in: unit) }.reduce(0, +)
  }

  private static func amount(of dose: TakenDose, usualDose: Quantity?, in unit: Quantity.Unit) -> Double? {
    (dose.amount ?? usualDose).flatMap { amount(of: $0, in: unit) }
  }

  /// `quantity` expressed in `unit`, when the two are commensurable.
  static func amount(of quantity: Quantity, in unit: Quantity.Unit) -> Double? {
    if quantity.unit == unit { return quantity.value }
    guard let milligrams = quantity.milligrams, let perUnit = Quantity(value: 1, unit: unit).milligrams else {
      return nil
    }
    return milligrams / perUnit
  }
}
