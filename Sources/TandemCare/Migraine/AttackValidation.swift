import Foundation
import TandemBase

/// One reason an attack cannot be stored, with a lowercase message for the patient.
public struct AttackValidationError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What kind of problem it is, for callers that branch on it.
  public enum Kind: String, Hashable, Sendable, Codable {
    case endNotAfterStart = "end-not-after-start"
    case startInFuture = "start-in-future"
    case endInFuture = "end-in-future"
    case severityOutOfRange = "severity-out-of-range"
    case disabilityOutOfRange = "disability-out-of-range"
    case auraDuration = "aura-duration"
    case overlap
    case intakeOutsideAttack = "intake-outside-attack"
    case intakeInFuture = "intake-in-future"
    case intakeAmount = "intake-amount"
    case tooLong = "too-long"
  }

  /// The kind of problem.
  public var kind: Kind
  /// A lowercase sentence that names the offending value.
  public var message: String
  /// The id of the other attack, for an overlap.
  public var otherAttackID: String?

  /// The message.
  public var description: String { message }

  static func endNotAfterStart(start: Date, end: Date, in zone: TimeZone) -> Self {
    Self(
      kind: .endNotAfterStart,
      message: "end \(WallClock.text(end, in: zone)) is not after start \(WallClock.text(start, in: zone))")
  }

  static func startInFuture(_ start: Date, now: Date, in zone: TimeZone) -> Self {
    Self(
      kind: .startInFuture,
      message: "start \(WallClock.text(start, in: zone)) is in the future (now \(WallClock.text(now, in: zone)))")
  }

  static func endInFuture(_ end: Date, now: Date, in zone: TimeZone) -> Self {
    Self(
      kind: .endInFuture,
      message: "end \(WallClock.text(end, in: zone)) is in the future (now \(WallClock.text(now, in: zone)))")
  }

  static func severityOutOfRange(_ severity: Int) -> Self {
    Self(kind: .severityOutOfRange, message: "severity \(severity) is out of range 0–10")
  }

  static func disabilityOutOfRange(_ disability: Int) -> Self {
    Self(kind: .disabilityOutOfRange, message: "disability \(disability) is out of range 0–3")
  }

  static func auraWithoutAura(_ minutes: Int) -> Self {
    Self(kind: .auraDuration, message: "aura duration \(minutes) min is given but aura is not marked")
  }

  static func auraMinutesNotPositive(_ minutes: Int) -> Self {
    Self(kind: .auraDuration, message: "aura duration \(minutes) min must be more than 0")
  }

  static func auraTooLong(_ minutes: Int) -> Self {
    let bound = InputBounds.auraMinutes
    return Self(
      kind: .auraDuration,
      message: "aura duration \(minutes) min is out of range; use \(bound.lowerBound)–\(bound.upperBound) min (a day)")
  }

  static func tooLong(start: Date, until end: Date, ended: Bool, in zone: TimeZone) -> Self {
    let days = InputBounds.maximumAttackDays
    let what = ended ? "ending \(WallClock.text(end, in: zone))" : "still in progress"
    return Self(
      kind: .tooLong,
      message: "an attack from \(WallClock.text(start, in: zone)) \(what) would last more than \(days) days; "
        + "check the dates (a typo in the year?) or log separate attacks")
  }

  static func overlap(with other: Attack, in zone: TimeZone) -> Self {
    let until = other.end.map { " until \(WallClock.text($0, in: zone))" } ?? " and is still in progress (end it first)"
    return Self(
      kind: .overlap,
      message: "overlaps attack '\(other.id)' that started \(WallClock.text(other.start, in: zone))\(until)",
      otherAttackID: other.id)
  }

  static func intakeTooEarly(_ intake: AcuteIntake, start: Date, in zone: TimeZone) -> Self {
    Self(
      kind: .intakeOutsideAttack,
      message: "'\(intake.medicationID)' at \(WallClock.text(intake.at, in: zone)) is more than 24 h before the "
        + "attack's start \(WallClock.text(start, in: zone)); log it as a separate intake")
  }

  static func intakeTooLate(_ intake: AcuteIntake, limit: Date, endKnown: Bool, in zone: TimeZone) -> Self {
    let what = endKnown ? "after the attack's end" : "more than 72 h after the start of an attack with no end"
    return Self(
      kind: .intakeOutsideAttack,
      message: "'\(intake.medicationID)' at \(WallClock.text(intake.at, in: zone)) is \(what) "
        + "\(WallClock.text(limit, in: zone)); log it as a separate intake")
  }

  static func intakeInFuture(_ intake: AcuteIntake, now: Date, in zone: TimeZone) -> Self {
    Self(
      kind: .intakeInFuture,
      message: "'\(intake.medicationID)' at \(WallClock.text(intake.at, in: zone)) is in the future "
        + "(now \(WallClock.text(now, in: zone)))")
  }

  static func intakeAmount(_ intake: AcuteIntake, amount: Quantity) -> Self {
    Self(
      kind: .intakeAmount, message: "'\(intake.medicationID)' amount \(amount) must be a positive, finite number")
  }
}

/// The checks an attack passes before it is stored.
public enum AttackValidation {
  /// How long before an attack's start an intake may still belong to it (treatment in the prodrome).
  public static let intakeLeadTime: TimeInterval = 24 * 3600
  /// How long after the start of an attack with no end an intake may still belong to it (72 h, status
  /// migrainosus).
  public static let openAttackIntakeWindow: TimeInterval = 72 * 3600

  /// Every problem with `attack`, in a stable order; empty when it can be stored.
  ///
  /// Attacks in `existing` with the same id are ignored (the attack is being corrected). Intervals are
  /// half-open, so an attack may begin exactly when another ends. An attack without an end occupies only its
  /// start instant for the overlap check (a forgotten end must not block every later entry); refusing a second
  /// attack while one is in progress is the caller's job.
  ///
  /// - Parameters:
  ///   - attack: the attack to check.
  ///   - now: the current instant; nothing may lie after it.
  ///   - existing: the attacks already in the diary.
  ///   - timeZone: the patient's time zone, for the times quoted in messages.
  public static func validate(
    _ attack: Attack, now: Date, existing: [Attack], timeZone: TimeZone = TimeZone(secondsFromGMT: 0) ?? .current
  ) -> [AttackValidationError] {
    var errors: [AttackValidationError] = []
    if attack.start > now { errors.append(.startInFuture(attack.start, now: now, in: timeZone)) }
    if let end = attack.end {
      if end <= attack.start { errors.append(.endNotAfterStart(start: attack.start, end: end, in: timeZone)) }
      if end > now { errors.append(.endInFuture(end, now: now, in: timeZone)) }
    }
    let until = attack.end ?? now
    if until.timeIntervalSince(attack.start) > Double(InputBounds.maximumAttackDays) * 86_400 {
      errors.append(.tooLong(start: attack.start, until: until, ended: attack.end != nil, in: timeZone))
    }
    if !(0...10).contains(attack.severity) { errors.append(.severityOutOfRange(attack.severity)) }
    if let disability = attack.disability, !(0...3).contains(disability) {
      errors.append(.disabilityOutOfRange(disability))
    }
    if let minutes = attack.auraMinutes {
      if minutes <= 0 {
        errors.append(.auraMinutesNotPositive(minutes))
      } else if minutes > InputBounds.auraMinutes.upperBound {
        errors.append(.auraTooLong(minutes))
      } else if !attack.aura {
        errors.append(.auraWithoutAura(minutes))
      }
    }
    for other in existing.sorted(by: { $0.start < $1.start }) where other.id != attack.id {
      if overlaps(attack, other, now: now) { errors.append(.overlap(with: other, in: timeZone)) }
    }
    for intake in attack.acute {
      if intake.at > now { errors.append(.intakeInFuture(intake, now: now, in: timeZone)) }
      if intake.at < attack.start.addingTimeInterval(-intakeLeadTime) {
        errors.append(.intakeTooEarly(intake, start: attack.start, in: timeZone))
      }
      let limit = attack.end ?? attack.start.addingTimeInterval(openAttackIntakeWindow)
      if intake.at > limit, attack.end.map({ $0 > attack.start }) ?? true {
        errors.append(.intakeTooLate(intake, limit: limit, endKnown: attack.end != nil, in: timeZone))
      }
      if let amount = intake.amount, !(amount.value > 0 && amount.value.isFinite) {
        errors.append(.intakeAmount(intake, amount: amount))
      }
    }
    return errors
  }

  /// Whether two attacks share any time. `[start, end)` intervals; an attack with no end is still
  /// going on, so it lasts until `now` (or is its start instant, when `now` is not after it).
  public static func overlaps(_ a: Attack, _ b: Attack, now: Date) -> Bool {
    if a.start == b.start { return true }
    let aEnd = max(a.end ?? now, a.start)
    let bEnd = max(b.end ?? now, b.start)
    // A zero-length attack (no end) lies inside the other if it falls within [start, end).
    if aEnd == a.start { return b.start <= a.start && a.start < bEnd }
    if bEnd == b.start { return a.start <= b.start && b.start < aEnd }
    return a.start < bEnd && b.start < aEnd
  }
}

/// Formats instants as the patient's wall clock with the UTC offset, e.g. `2026-03-14 21:00 +01:00`.
enum WallClock {
  static func text(_ instant: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: instant)
    let local = Int(saturating: floor(instant.timeIntervalSince1970)).saturatingAdding(offset)
    let day = LocalDate(dayNumber: Int(floor(Double(local) / 86_400)))
    let secondOfDay = max(0, min(86_399, local &- day.dayNumber &* 86_400))
    let sign = offset < 0 ? "-" : "+"
    let magnitude = abs(offset) / 60
    let clock = String(format: "%02d:%02d", secondOfDay / 3600, secondOfDay % 3600 / 60)
    let zoneText = String(format: "%02d:%02d", magnitude / 60, magnitude % 60)
    return "\(day) \(clock) \(sign)\(zoneText)"
  }
}
