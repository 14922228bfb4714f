import Foundation
import TandemBase

/// What logging a dose taken or skipped means, decided from the record before it: which regimen
/// and occurrence it resolves, how much it was, what limits it breaks, and whether it repeats one
/// already logged. Pure: the command line parses, calls one of these inside the write
/// transaction, commits the event it returns and prints the outcome.
public enum DoseLogging {
  /// Why a dose cannot be logged as given.
  public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The amount's unit cannot be compared with the medication's dose.
    case amountNotComparable(amount: Quantity, medication: String, unit: String)
    /// A counted amount (`1 tablet`) that cannot be turned into the medication's quantity.
    case countedAmount(DoseAmount.Problem)
    /// The same medication was already logged in the same minute.
    case duplicate(medication: String, at: String, entry: Int64?)
    /// A skip with no active regimen.
    case noActiveRegimen(medication: String, day: LocalDate)
    /// A skip for a day whose doses are all taken or skipped already.
    case nothingOpenToSkip(medication: String, detail: String)

    /// A lowercase sentence that says what to do instead.
    public var description: String {
      switch self {
      case .amountNotComparable(let amount, let medication, let unit):
        "'\(amount)' does not match \(medication), which is dosed in \(unit)"
      case .countedAmount(let problem): problem.description
      case .duplicate(let medication, let at, let entry):
        "\(medication) is already logged at \(at)" + (entry.map { " (entry \($0))" } ?? "")
          + "; give --again to log a second dose in the same minute"
      case .noActiveRegimen(let medication, let day):
        "\(medication) has no active regimen on \(day); nothing was due to skip"
      case .nothingOpenToSkip(let medication, let detail):
        "nothing of \(medication) is open to skip: \(detail)"
      }
    }
  }

  /// A dose about to be logged, and what it resolves.
  public struct Take: Hashable, Sendable {
    /// The dose to record, with its amount and regimen filled in.
    public var dose: TakenDose
    /// The regimen it belongs to, if one was active that day.
    public var regimen: Regimen?
    /// How it counts.
    public var status: DoseLedger.Intake.Status
    /// The occurrence it fulfils, when on time or late.
    public var occurrence: ScheduledOccurrence?
    /// As-needed limits it breaks (counting every intake of the medication, from any path).
    public var warnings: [AsNeededWarning]
    /// When no regimen was active that day but a scheduled one starts later: its first day.
    public var regimenStartsLater: LocalDate?
    /// The skip logged earlier for the occurrence this dose fulfils: the dose supersedes it.
    public var supersededSkip: SkippedDose?
  }

  /// A skip about to be logged, and the occurrence it skips.
  public struct Skip: Hashable, Sendable {
    /// The skip to record, naming its occurrence's day and time.
    public var skip: SkippedDose
    /// The occurrence it skips.
    public var occurrence: ScheduledOccurrence
  }

  /// Decides a dose of `medication` taken at `instant`, given the record so far.
  ///
  /// A counted amount (`1 tablet`) becomes the quantity it holds (see `DoseAmount`). The amount
  /// defaults to the amount of the occurrence it fulfils (a loading dose's amount for
  /// the loading dose), else the regimen's dose; a dose outside every regimen keeps the amount
  /// given, or takes the dose of the medication's nearest regimen. An intake of the same medication already logged
  /// in the same minute, from any path, is refused unless `again` is set: a retried command after
  /// a crash must not log a second dose.
  /// `timeGiven` says whether the patient named the time: a dose logged "now" is also a duplicate
  /// of one logged in the 15 minutes before (a command retried after a crash between commit and
  /// message runs a few minutes later).
  public static func take(
    _ medication: Medication, at instant: Date, amount: Quantity?, again: Bool, timeGiven: Bool = true,
    record: CareRecord
  ) throws(Problem) -> Take {
    let day = LocalDate(instant, in: record.timeZone)
    let regimen = record.regimens.last { $0.medicationID == medication.id && $0.isActive(on: day) }
    var amount = amount
    if let counted = amount {
      do {
        amount = try DoseAmount.resolve(counted, of: medication, usualDose: regimen?.dose)
      } catch {
        throw .countedAmount(error)
      }
    }
    if let amount, let reference = regimen?.dose ?? medication.strengths.first, !amount.isCommensurable(with: reference)
    {
      throw .amountNotComparable(amount: amount, medication: medication.genericName, unit: reference.unit.rawValue)
    }
    if !again, let earlier = duplicate(of: medication.id, at: instant, timeGiven: timeGiven, in: record) {
      throw .duplicate(
        medication: medication.genericName, at: WallClock.text(earlier.instant, in: record.timeZone),
        entry: earlier.dose.journalSequence)
    }

    var dose = TakenDose(medicationID: medication.id, instant: instant, amount: amount, regimenID: regimen?.id)
    var status: DoseLedger.Intake.Status = .asNeeded
    var occurrence: ScheduledOccurrence?
    var superseded: SkippedDose?
    if let regimen, regimen.schedule.isScheduled {
      // Resolve the regimen as it will stand with this dose, marked so it can be found again.
      var marked = dose
      marked.journalSequence = Int64.max
      let through = regimen.resolutionEnd(asOf: max(record.now, instant))
      let resolution = DoseResolution.resolve(
        regimen: regimen, medication: medication, doses: record.doses + [marked], skips: record.skips,
        now: max(record.now, instant), through: through, from: record.doseLedger.historyStart)
      let fulfilled = resolution.occurrences.first { $0.dose?.journalSequence == Int64.max }
      occurrence = fulfilled?.occurrence
      status = fulfilled.map { $0.status == .late ? .late : .onTime } ?? .extra
      superseded = occurrence.flatMap { target in
        record.doseLedger.resolution(of: regimen).occurrences.first {
          $0.occurrence.date == target.date && $0.occurrence.time == target.time
        }?.skip
      }
      dose.amount = amount ?? occurrence?.dose ?? regimen.dose
    } else if let regimen {
      dose.amount = amount ?? regimen.dose
    } else if amount == nil {
      // Before any regimen of the medication (or after its last): the amount of the nearest one,
      // so the dose keeps an amount that reports can sum.
      dose.amount =
        record.regimens.filter { $0.medicationID == medication.id }
        .min { abs($0.start.days(to: day)) < abs($1.start.days(to: day)) }?.dose
    }
    let beforeStart =
      regimen == nil
      ? record.regimens.filter { $0.medicationID == medication.id && $0.start > day && $0.schedule.isScheduled }
        .map(\.start).min() : nil

    var warnings: [AsNeededWarning] = []
    if medication.use != .preventive || regimen.map({ !$0.schedule.isScheduled }) == true {
      let limits = AsNeededCheck.limitsRegimen(
        regimen, for: medication, on: day, usual: dose.amount, timeZone: record.timeZone)
      let history = record.doseLedger.intakes(countingToward: limits)
      warnings = AsNeededCheck.warnings(for: dose, after: history, regimen: limits, medication: medication)
    }
    return Take(
      dose: dose, regimen: regimen, status: status, occurrence: occurrence, warnings: warnings,
      regimenStartsLater: beforeStart, supersededSkip: superseded)
  }

  /// How far back a dose logged "now" looks for the one it may repeat.
  public static let retryWindow: TimeInterval = 15 * 60

  /// An intake of the medication logged in the same minute as `instant` (or, when the time was
  /// not given, in the `retryWindow` before it), if any.
  public static func duplicate(
    of medicationID: String, at instant: Date, timeGiven: Bool = true, in record: CareRecord
  ) -> DoseLedger.Intake? {
    let minute = (instant.timeIntervalSince1970 / 60).rounded(.down)
    return record.doseLedger.intakes.last {
      guard $0.medicationID == medicationID else { return false }
      if ($0.instant.timeIntervalSince1970 / 60).rounded(.down) == minute { return true }
      return !timeGiven && $0.instant <= instant && $0.instant > instant - retryWindow
    }
  }

  /// Decides a skip of `medication` recorded at `instant`, for the occurrence on `day` when given.
  ///
  /// Only an open occurrence (not taken, not skipped) is skipped, so a skip never turns a dose
  /// already logged into an extra one. Without a day: the open occurrence whose window holds
  /// `instant`, else the next open one due within 24 hours. With a day: that day's first open
  /// occurrence.
  public static func skip(
    _ medication: Medication, at instant: Date, day: LocalDate?, reason: String, record: CareRecord
  ) throws(Problem) -> Skip {
    let dayOf = day ?? LocalDate(instant, in: record.timeZone)
    guard
      let regimen = record.regimens.last(where: {
        $0.medicationID == medication.id && $0.isActive(on: dayOf) && $0.schedule.isScheduled
      })
    else {
      throw .noActiveRegimen(medication: medication.genericName, day: dayOf)
    }
    let occurrences = record.doseLedger.resolution(of: regimen).occurrences
    let open = occurrences.filter { $0.dose == nil && $0.skip == nil }
    let w = regimen.lateWindow
    let target: ResolvedOccurrence?
    if let day {
      target = open.first { $0.occurrence.date == day }
    } else {
      target =
        open.first { instant >= $0.occurrence.due - w && instant <= $0.lateUntil }
        ?? open.first {
          let ahead = $0.occurrence.due.timeIntervalSince(instant)
          return ahead > 0 && ahead <= 24 * 3600
        }
    }
    guard let target else {
      let zone = regimen.timeZone
      let closed = occurrences.filter { item in
        let near =
          if let day { item.occurrence.date == day } else {
            abs(item.occurrence.due.timeIntervalSince(instant)) <= 24 * 3600
          }
        return near && (item.dose != nil || item.skip != nil)
      }
      let detail =
        closed.isEmpty
        ? "no dose is due on \(dayOf) or within 24 hours"
        : closed.map {
          "the \(WallClock.text($0.occurrence.due, in: zone)) dose is already logged as "
            + ($0.dose != nil ? "taken" : "skipped")
        }.joined(separator: "; ")
      throw .nothingOpenToSkip(medication: medication.genericName, detail: detail)
    }
    let skip = SkippedDose(
      medicationID: medication.id, instant: instant, reason: reason, occurrenceDate: target.occurrence.date,
      regimenID: regimen.id, occurrenceTime: target.occurrence.time)
    return Skip(skip: skip, occurrence: target.occurrence)
  }
}
