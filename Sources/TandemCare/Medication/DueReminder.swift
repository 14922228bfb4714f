import Foundation
import TandemBase

/// What is waiting to be taken now, in words short enough for a shell prompt or a desktop
/// notification: each scheduled dose due now or overdue, overdue first. As-needed regimens are
/// never a reminder.
public enum DueReminder {
  /// One phrase per medication with a dose due now or overdue, such as "erenumab 140 mg overdue
  /// since 2026-11-05" or "atogepant 60 mg due now (08:00)".
  public static func items(_ list: DueList, catalogue: MedicationCatalogue) -> [String] {
    var overdue: [String] = []
    var dueNow: [String] = []
    for entry in list.entries {
      let name = catalogue.medication(id: entry.medicationID)?.genericName ?? entry.medicationID
      if let since = entry.overdueSince ?? entry.overdue.first?.occurrence {
        overdue.append(
          "\(name) \(since.dose) overdue since \(entry.overdueSinceAtLeast ? "at least " : "")\(since.date)")
      } else if let due = entry.dueNow.first?.occurrence {
        dueNow.append("\(name) \(due.dose) due now (\(due.time))")
      }
    }
    return overdue + dueNow
  }

  /// The one line a shell prompt shows: `Tandem: …; …`, or `nil` when nothing is due.
  public static func line(_ items: [String]) -> String? {
    items.isEmpty ? nil : "Tandem: " + items.joined(separator: "; ")
  }
}
