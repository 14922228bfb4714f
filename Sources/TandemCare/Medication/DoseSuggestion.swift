import Foundation
import TandemBase

/// What a dose being logged most likely is, for the defaults of `tandem dose take` asked on a
/// terminal: the medication, and how much of it.
public enum DoseSuggestion {
  /// The medication a patient most likely means, by id: the one whose scheduled dose is due now
  /// (the latest due), else overdue (the latest due), else the only regimen active today, else the
  /// medication of the latest dose logged with an active regimen; `nil` when nothing points to one.
  public static func medication(in record: CareRecord) -> String? {
    let active = record.regimens.filter { $0.isActive(on: record.today) }
    guard !active.isEmpty else { return record.doses.last?.medicationID }
    let due = DueList.compute(ledger: record.doseLedger, regimens: active, catalogue: record.catalogue)
    func latest(_ occurrences: (DueList.Entry) -> [ResolvedOccurrence]) -> String? {
      due.entries.compactMap { entry in occurrences(entry).map(\.occurrence.due).max().map { (entry.medicationID, $0) }
      }
      .max { $0.1 < $1.1 }?.0
    }
    if let dueNow = latest(\.dueNow) ?? latest(\.overdue) { return dueNow }
    let medications = Set(active.map(\.medicationID))
    if medications.count == 1 { return active[0].medicationID }
    if let last = record.doses.last(where: { medications.contains($0.medicationID) }) { return last.medicationID }
    return active[0].medicationID
  }

  /// The amount a dose of `medication` taken at `instant` defaults to: the dose of its regimen
  /// active that day, else its only strength; `nil` when neither says.
  public static func amount(of medication: Medication, at instant: Date, in record: CareRecord) -> Quantity? {
    let day = LocalDate(instant, in: record.timeZone)
    if let regimen = record.regimens.last(where: { $0.medicationID == medication.id && $0.isActive(on: day) }) {
      return regimen.dose
    }
    return medication.strengths.count == 1 ? medication.strengths[0] : nil
  }
}
