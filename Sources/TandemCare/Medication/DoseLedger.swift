import Foundation
import TandemBase

/// Every scheduled occurrence and every intake of a patient's medication, resolved once as of
/// `now`: the one answer to "what was due, what was taken, what counts toward a limit" that
/// `due`, adherence, the timeline, the calendar and every report format read.
///
/// - Each scheduled regimen is resolved once (`DoseResolution.resolve(regimen:…)`), through its
///   first occurrence after today, so an early dose for tomorrow's occurrence and the next
///   occurrence `due` shows come from the same resolution as yesterday's missed one.
/// - Every intake is listed once, whatever path logged it: `dose take`, a session's dose check,
///   or acute medication logged with a headache (`attack log --acute`). As-needed limits, the
///   acute-medication days and the report's amounts all count these same intakes.
/// - An intake without a recorded amount takes the amount it was due at: the occurrence it
///   fulfilled (a loading dose is the loading amount), else the dose of the as-needed regimen
///   active that day.
public struct DoseLedger: Sendable {
  /// One intake of a medication.
  public struct Intake: Hashable, Sendable {
    /// Where an intake was logged.
    public enum Source: Hashable, Sendable {
      /// A dose log entry (`dose take`, or a session's dose check).
      case doseLog
      /// Acute medication logged with the headache of this id, as its `index`th intake.
      case attack(id: String, index: Int)
    }

    /// What became of an intake.
    public enum Status: String, Hashable, Sendable, Codable {
      /// It fulfilled a scheduled occurrence inside its on-time window.
      case onTime = "on-time"
      /// It fulfilled a scheduled occurrence after the on-time window.
      case late
      /// A dose of a scheduled regimen that fulfilled no occurrence (a double dose, or one taken
      /// before the window opened).
      case extra
      /// A dose taken as needed (no scheduled regimen claims it).
      case asNeeded = "as-needed"
    }

    /// The intake as a dose, with its amount filled in (see the type's documentation).
    public var dose: TakenDose
    /// Where it was logged.
    public var source: Source
    /// What became of it.
    public var status: Status
    /// The occurrence it fulfilled, when on time or late.
    public var occurrence: ScheduledOccurrence?
    /// For acute medication logged with a headache: the intake as logged, with its classes.
    public var acute: AcuteIntake?

    /// The medication's catalogue id.
    public var medicationID: String { dose.medicationID }
    /// When it was taken.
    public var instant: Date { dose.instant }
  }

  /// The moment the ledger was resolved at.
  public let now: Date
  /// The as-needed regimens, in the order entered, for usual amounts.
  private let asNeededRegimens: [Regimen]
  /// Each scheduled regimen's resolution, by regimen id.
  public let resolutions: [String: DoseResolution]
  /// Every intake, in time order.
  public let intakes: [Intake]

  /// The first day resolved, when the diary was read from a window (see `init`).
  public let historyStart: LocalDate?

  /// Resolves a diary. `today` for each regimen is `now`'s day in the regimen's time zone.
  ///
  /// `historyStart`, for a diary read from a window (`DiaryWindow`), is the first day the diary
  /// holds in full: occurrences before it are not resolved (a window does not hold their doses),
  /// except for schedules that restart after a late dose, whose medication's whole history the
  /// caller must include.
  public init(
    regimens: [Regimen], doses: [TakenDose], skips: [SkippedDose], attacks: [Attack], catalogue: MedicationCatalogue,
    now: Date, historyStart: LocalDate? = nil
  ) {
    self.now = now
    self.historyStart = historyStart
    asNeededRegimens = regimens.filter { !$0.schedule.isScheduled }
    var resolutions: [String: DoseResolution] = [:]
    var fulfilled: [TakenDoseKey: ResolvedOccurrence] = [:]
    // Only the doses of a regimen's own medication are handed to its resolution.
    let dosesByMedication = Dictionary(grouping: doses, by: \.medicationID)
    let skipsByMedication = Dictionary(grouping: skips, by: \.medicationID)
    for regimen in regimens where regimen.schedule.isScheduled {
      let through = regimen.resolutionEnd(asOf: now)
      let resolution = DoseResolution.resolve(
        regimen: regimen, medication: catalogue.medication(id: regimen.medicationID),
        doses: dosesByMedication[regimen.medicationID] ?? [], skips: skipsByMedication[regimen.medicationID] ?? [],
        now: now, through: through, from: historyStart)
      resolutions[regimen.id] = resolution
      for item in resolution.occurrences {
        if let dose = item.dose { fulfilled[TakenDoseKey(dose)] = item }
      }
    }
    self.resolutions = resolutions

    let scheduledIDs = Set(regimens.filter(\.schedule.isScheduled).map(\.id))
    let asNeededRegimens = self.asNeededRegimens
    func asNeededRegimen(_ medicationID: String, at instant: Date) -> Regimen? {
      Self.activeRegimen(in: asNeededRegimens, medicationID, at: instant)
    }
    var intakes: [Intake] = []
    intakes.reserveCapacity(doses.count)
    for dose in doses {
      var filled = dose
      if let item = fulfilled[TakenDoseKey(dose)] {
        if filled.amount == nil { filled.amount = item.occurrence.dose }
        filled.regimenID = item.occurrence.regimenID
        intakes.append(
          Intake(
            dose: filled, source: .doseLog, status: item.status == .late ? .late : .onTime, occurrence: item.occurrence)
        )
        continue
      }
      let scheduled = dose.regimenID.map(scheduledIDs.contains) ?? false
      if filled.amount == nil {
        filled.amount =
          (scheduled ? regimens.first { $0.id == dose.regimenID }?.dose : nil)
          ?? asNeededRegimen(dose.medicationID, at: dose.instant)?.dose
      }
      intakes.append(Intake(dose: filled, source: .doseLog, status: scheduled ? .extra : .asNeeded))
    }
    // An intake logged both as a dose and with a headache (same medication, same moment) is one intake.
    struct Moment: Hashable {
      var medicationID: String
      var instant: Date
    }
    let logged = Set(doses.map { Moment(medicationID: $0.medicationID, instant: $0.instant) })
    for attack in attacks {
      for (index, intake) in attack.acute.enumerated()
      where !logged.contains(Moment(medicationID: intake.medicationID, instant: intake.at)) {
        let usual = asNeededRegimen(intake.medicationID, at: intake.at)
        let dose = TakenDose(
          medicationID: intake.medicationID, instant: intake.at, amount: intake.amount ?? usual?.dose,
          regimenID: usual?.id)
        var logged = intake
        logged.amount = dose.amount
        intakes.append(
          Intake(dose: dose, source: .attack(id: attack.id, index: index), status: .asNeeded, acute: logged))
      }
    }
    intakes.sort { $0.instant < $1.instant }
    self.intakes = intakes
  }

  /// The as-needed regimen of a medication active on the day of `instant` (in its time zone):
  /// the one whose usual dose and limits apply to an intake then.
  public func asNeededRegimen(_ medicationID: String, at instant: Date) -> Regimen? {
    Self.activeRegimen(in: asNeededRegimens, medicationID, at: instant)
  }

  private static func activeRegimen(in regimens: [Regimen], _ medicationID: String, at instant: Date) -> Regimen? {
    regimens.last { $0.medicationID == medicationID && $0.isActive(on: LocalDate(instant, in: $0.timeZone)) }
  }

  /// The resolution of a scheduled regimen (empty for as-needed or unknown ones).
  public func resolution(of regimen: Regimen) -> DoseResolution {
    resolutions[regimen.id] ?? DoseResolution(occurrences: [])
  }

  /// Every intake of a medication that counts toward an as-needed regimen's limits: all intakes of
  /// the medication except doses that fulfilled or were logged for another regimen.
  public func intakes(countingToward regimen: Regimen) -> [TakenDose] {
    intakes.filter { $0.medicationID == regimen.medicationID && ($0.dose.regimenID ?? regimen.id) == regimen.id }
      .map(\.dose)
  }

  /// Every intake of a medication, in time order.
  public func intakes(of medicationID: String) -> [Intake] {
    intakes.filter { $0.medicationID == medicationID }
  }
}

/// A dose's identity inside one diary: a logged dose by its journal entry, otherwise by its content.
private struct TakenDoseKey: Hashable {
  var sequence: Int64?
  var medicationID: String
  var instant: Date

  init(_ dose: TakenDose) {
    sequence = dose.journalSequence
    medicationID = dose.medicationID
    instant = dose.instant
  }
}

extension Regimen {
  /// The last day a resolution as of `now` covers: two of the schedule's longest intervals past
  /// today (or the start), so the next occurrence is found even when the one after today was
  /// skipped in advance.
  public func resolutionEnd(asOf now: Date) -> LocalDate {
    max(LocalDate(now, in: timeZone), start).adding(days: 2 * schedule.lookaheadDays + 1)
  }
}

extension Schedule {
  /// How many days past today a resolution must look to reach the next occurrence: the longest
  /// gap between two occurrences the schedule allows.
  public var lookaheadDays: Int {
    switch self {
    case .daily: 1
    case .everyNDays(let n, _): max(1, n)
    case .weekly: 7
    case .everyNWeeks(let n, _): 7 * max(1, n)
    case .monthly: 31
    case .everyNMonths(let n, _): 31 * max(1, n)
    case .loading(_, let maintenance): maintenance.lookaheadDays
    case .asNeeded: 0
    }
  }
}
