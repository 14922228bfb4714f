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

  /// What a dose check can log, as the diary stands.
  public enum DoseCheckOutlook: Hashable, Sendable {
    /// No regimen with scheduled doses is active (none entered, or all stopped): a dose check
    /// logs nothing.
    case noPlan
    /// Scheduled regimens are active, but no dose is due or overdue now (all logged, or the
    /// next one is later).
    case nothingDue
    /// These doses are due or overdue and not yet logged; `taken` or `skipped` logs them.
    case due([ResolvedOccurrence])
  }

  /// Today's scheduled doses that are due or overdue and not yet taken or skipped.
  public func outstandingDoses(_ entries: [DiaryEntry]) -> [ResolvedOccurrence] {
    if case .due(let doses) = doseCheckOutlook(entries) { return doses }
    return []
  }

  /// Whether a dose check has anything to log now, and what.
  public func doseCheckOutlook(_ entries: [DiaryEntry]) -> DoseCheckOutlook {
    let record = CareRecord(
      ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: timeZone)
    let today = record.today
    let active = record.regimens.filter { $0.schedule.isScheduled && $0.isActive(on: today) }
    guard !active.isEmpty else { return .noPlan }
    let due = active.flatMap { regimen in
      record.resolution(of: regimen, through: today).occurrences.filter {
        ($0.status == .due || $0.status == .overdue) && $0.occurrence.date >= today.adding(days: -1)
      }
    }
    return due.isEmpty ? .nothingDue : .due(due)
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
              medicationID: $0.occurrence.medicationID, instant: now, reason: Self.skipReason,
              occurrenceDate: $0.occurrence.date, regimenID: $0.occurrence.regimenID))
        }
      }
      return []
    case (.attackCheck, .number(let severity)):
      let ledger = DiaryLedger(entries)
      // A headache left open for days was most likely never ended: a check-in neither raises
      // nor ends it (the runner says how to end it), since either would write a false record.
      if staleOpenAttack(entries) != nil { return [] }
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

  /// The corrections that take back what an earlier answer to a hooked step logged at
  /// `answeredAt`, when the patient went back and changed it: doses it logged taken or skipped
  /// and a headache it opened are withdrawn, and a headache it changed (raised its pain, or
  /// ended it) is put back as it was. What the answer logged is found by its moment: the diary
  /// entries committed with it carry the answer's time. A headache changed again since (from
  /// another command) is left alone.
  public func withdrawals(for hook: Step.DiaryHook, answeredAt: Date, entries: [DiaryEntry]) -> [DiaryEvent] {
    let reason = "the answer was changed during the session"
    let current = DiaryLedger(entries)
    // Still as the answer left it: present, and last committed at the answer's moment.
    func unchanged(_ sequence: Int64) -> Bool {
      current.doses.contains { $0.sequence == sequence && $0.recordedAt == answeredAt }
        || current.skips.contains { $0.sequence == sequence && $0.recordedAt == answeredAt }
        || current.attacks.contains { $0.sequence == sequence && $0.recordedAt == answeredAt }
    }
    var result: [DiaryEvent] = []
    for entry in entries where entry.recordedAt == answeredAt {
      switch entry.event {
      case .doseTaken, .doseSkipped, .attackLogged:
        guard unchanged(entry.sequence) else { continue }
        result.append(.corrected(sequence: entry.sequence, replacement: nil, reason: reason))
      case .corrected(let target, .attackLogged(let changed)?, _):
        let before = DiaryLedger(entries.filter { $0.sequence < entry.sequence })
        guard let earlier = before.attacks.first(where: { $0.sequence == target })?.value,
          let now = current.attacks.first(where: { $0.sequence == target }), now.value == changed,
          now.recordedAt == answeredAt
        else { continue }
        result.append(.corrected(sequence: target, replacement: .attackLogged(earlier), reason: reason))
      default:
        continue
      }
    }
    return result
  }

  /// A headache still open in the diary that began longer ago than a migraine lasts untreated
  /// (72 hours, ICHD-3): most likely one the patient forgot to end.
  public func staleOpenAttack(_ entries: [DiaryEntry]) -> Attack? {
    guard let open = DiaryLedger(entries).attackInProgress?.value,
      now.timeIntervalSince(open.start) > Self.staleAfter
    else { return nil }
    return open
  }

  /// How long an open headache may last before a check-in treats it as forgotten.
  public static let staleAfter: TimeInterval = 72 * 3600

  /// The reason a dose skipped at a dose check is logged with.
  static let skipReason = "skipped during a session"

  /// One line per logged event, for the patient, in `language` (English unless Spanish).
  public func describe(_ events: [DiaryEvent], language: String? = nil) -> [String] {
    let spanish = language == "es"
    func name(_ id: String) -> String { catalogue.medication(id: id)?.genericName ?? id }
    return events.map { event in
      switch event {
      case .doseTaken(let dose):
        let amount = dose.amount.map { " \($0)" } ?? ""
        return spanish
          ? "Anotado: \(name(dose.medicationID))\(amount) tomado."
          : "Logged: \(name(dose.medicationID))\(amount) taken."
      case .doseSkipped(let skip):
        return spanish
          ? "Anotado: \(name(skip.medicationID)), dosis de hoy saltada."
          : "Logged: \(name(skip.medicationID)) skipped today."
      case .attackLogged(let attack):
        return spanish
          ? "Anotado: un dolor de cabeza que empieza ahora, intensidad \(attack.severity)/10. Cuando termine, escribe 'tandem attack end'."
          : "Logged: a headache starting now, severity \(attack.severity)/10. End it later with 'tandem attack end'."
      case .corrected(_, nil, _):
        return spanish
          ? "Retirado de tu diario lo que anotó tu respuesta anterior."
          : "Taken back from your diary: what your earlier answer logged."
      case .corrected(_, .attackLogged(let attack)?, _):
        switch (attack.end == nil, spanish) {
        case (true, true): return "Actualizado el dolor de cabeza en curso (intensidad \(attack.severity)/10)."
        case (true, false): return "Updated the headache in progress (severity \(attack.severity)/10)."
        case (false, true): return "Anotado: el dolor de cabeza en curso ha terminado."
        case (false, false): return "Logged: the headache in progress has ended."
        }
      default:
        return ""
      }
    }.filter { !$0.isEmpty }
  }
}
