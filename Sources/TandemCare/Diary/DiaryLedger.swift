import Foundation
import TandemBase

/// The diary as it stands after corrections: each record with the sequence of the entry that
/// first recorded it (what a later correction refers to).
public struct DiaryLedger: Sendable {
  /// A current record and where it came from.
  public struct Record<Value: Sendable>: Sendable {
    /// Sequence of the original entry (stable across corrections).
    public var sequence: Int64
    /// When the latest version was committed.
    public var recordedAt: Date
    /// The record as it now stands.
    public var value: Value
  }

  /// Medications the patient added, in the order added.
  public var patientMedications: [Record<PatientMedication>] = []
  /// Regimens with their end day applied.
  public var regimens: [Record<Regimen>] = []
  /// Doses taken.
  public var doses: [Record<TakenDose>] = []
  /// Doses deliberately skipped.
  public var skips: [Record<SkippedDose>] = []
  /// Headache attacks.
  public var attacks: [Record<Attack>] = []
  /// Corrections, for the audit trail: (correction sequence, original sequence).
  public var corrections: [(correction: Int64, original: Int64)] = []
  /// The event id of each original entry, by its sequence (entries read from a store have one):
  /// what a report names a dose or skip by, so every copy of the record names it alike.
  public var eventIDs: [Int64: String] = [:]

  /// Folds entries (oldest first) into the current diary.
  public init(_ entries: [DiaryEntry]) {
    var current: [Int64: (Date, DiaryEvent?)] = [:]
    var root: [Int64: Int64] = [:]
    var order: [Int64] = []
    for entry in entries {
      if case .corrected(let target, let replacement, _) = entry.event {
        let original = root[target] ?? target
        guard current[original] != nil else { continue }
        root[entry.sequence] = original
        current[original] = (entry.recordedAt, replacement)
        corrections.append((entry.sequence, original))
      } else {
        root[entry.sequence] = entry.sequence
        current[entry.sequence] = (entry.recordedAt, entry.event)
        if let eventID = entry.eventID { eventIDs[entry.sequence] = eventID }
        order.append(entry.sequence)
      }
    }
    var ends: [String: LocalDate] = [:]
    for sequence in order {
      guard let (recordedAt, event) = current[sequence], let event else { continue }
      switch event {
      case .medicationAdded(let medication):
        patientMedications.append(Record(sequence: sequence, recordedAt: recordedAt, value: medication))
      case .regimenPrescribed(let regimen):
        regimens.append(Record(sequence: sequence, recordedAt: recordedAt, value: regimen))
      case .regimenEnded(let id, let lastDay, _):
        ends[id] = min(ends[id] ?? lastDay, lastDay)
      case .doseTaken(var dose):
        dose.journalSequence = sequence
        doses.append(Record(sequence: sequence, recordedAt: recordedAt, value: dose))
      case .doseSkipped(var skip):
        skip.journalSequence = sequence
        skips.append(Record(sequence: sequence, recordedAt: recordedAt, value: skip))
      case .attackLogged(let attack):
        attacks.append(Record(sequence: sequence, recordedAt: recordedAt, value: attack))
      case .corrected:
        break
      }
    }
    for index in regimens.indices {
      if let end = ends[regimens[index].value.id] {
        let current = regimens[index].value.end
        regimens[index].value.end = current.map { min($0, end) } ?? end
      }
    }
    doses.sort { $0.value.instant < $1.value.instant }
    skips.sort { $0.value.instant < $1.value.instant }
    attacks.sort { $0.value.start < $1.value.start }
  }

  /// The attack still in progress (no end), if any.
  public var attackInProgress: Record<Attack>? {
    attacks.last { $0.value.end == nil }
  }

  /// Regimens active on `date`.
  public func regimens(activeOn date: LocalDate) -> [Regimen] {
    regimens.map(\.value).filter { $0.isActive(on: date) }
  }
}
