import Foundation
import TandemBase
import TandemTherapy

/// What `dose-check` and `attack-check` steps write to the diary, given the diary so far.
public struct SessionDiaryBridge: Sendable {
  /// The medication catalogue.
  public let catalogue: MedicationCatalogue
  /// The moment of the answer.
  public let now: Date
  /// The patient's time zone.
  public let timeZone: TimeZone
  /// Makes the id of an attack an answer starts.
  public let makeID: @Sendable () -> String

  /// Creates a bridge as of `environment`'s now.
  public init(catalogue: MedicationCatalogue, environment: Environment) {
    self.catalogue = catalogue
    self.now = environment.now()
    self.timeZone = environment.timeZone
    self.makeID = environment.makeID
  }

  /// Today's scheduled doses that are due or overdue and not yet taken or skipped.
  public func outstandingDoses(_ entries: [DiaryEntry]) -> [ResolvedOccurrence] {
    let record = CareRecord(
      ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: timeZone)
    let today = record.today
    return record.regimens.filter { $0.schedule.isScheduled && $0.isActive(on: today) }.flatMap { regimen in
      record.resolution(of: regimen, through: today).occurrences.filter {
        ($0.status == .due || $0.status == .overdue) && $0.occurrence.date >= today.adding(days: -1)
      }
    }
  }

  /// The diary events an answer to a hooked step logs.
  public func events(for hook: Step.DiaryHook, answer: Answer, entries: [DiaryEntry]) -> [DiaryEvent] {
    switch (hook, answer) {
    case (.doseCheck, .options(let chosen)):
      let outstanding = outstandingDoses(entries)
      if chosen == ["taken"] {
        return outstanding.map {
          .doseTaken(
            TakenDose(
              medicationID: $0.occurrence.medicationID, instant: now, amount: $0.occurrence.dose,
              regimenID: $0.occurrence.regimenID))
        }
      }
      if chosen == ["skipped"] {
        return outstanding.map {
          .doseSkipped(
            SkippedDose(
              medicationID: $0.occurrence.medicationID, instant: now, reason: "skipped during a session",
              occurrenceDate: $0.occurrence.date, regimenID: $0.occurrence.regimenID))
        }
      }
      return []
    case (.attackCheck, .number(let severity)):
      let ledger = DiaryLedger(entries)
      if let open = ledger.attackInProgress {
        var attack = open.value
        if severity == 0 {
          attack.end = max(now, attack.start.addingTimeInterval(60))
        } else {
          attack.severity = max(attack.severity, severity)
        }
        return attack == open.value
          ? []
          : [
            .corrected(sequence: open.sequence, replacement: .attackLogged(attack), reason: "updated during a session")
          ]
      }
      guard severity > 0 else { return [] }
      let attack = Attack(id: makeID(), start: now, severity: severity)
      let others = ledger.attacks.map(\.value)
      guard
        AttackValidation.validate(attack, now: now.addingTimeInterval(60), existing: others, timeZone: timeZone).isEmpty
      else {
        return []
      }
      return [.attackLogged(attack)]
    default:
      return []
    }
  }

  /// One line per logged event, for the patient.
  public func describe(_ events: [DiaryEvent]) -> [String] {
    events.map { event in
      switch event {
      case .doseTaken(let dose):
        return
          "Logged: \(catalogue.medication(id: dose.medicationID)?.genericName ?? dose.medicationID)\(dose.amount.map { " \($0)" } ?? "") taken."
      case .doseSkipped(let skip):
        return "Logged: \(catalogue.medication(id: skip.medicationID)?.genericName ?? skip.medicationID) skipped today."
      case .attackLogged(let attack):
        return "Logged: a headache starting now, severity \(attack.severity)/10. End it later with 'tandem attack end'."
      case .corrected(_, .attackLogged(let attack)?, _):
        return attack.end == nil
          ? "Updated the headache in progress (severity \(attack.severity)/10)."
          : "Logged: the headache in progress has ended."
      default:
        return ""
      }
    }.filter { !$0.isEmpty }
  }
}
