import Foundation

/// What `tandem due` shows: for each active regimen, what is due now, what is overdue, and what is next.
public struct DueList: Hashable, Sendable, Codable {
  /// One regimen's line.
  public struct Entry: Hashable, Sendable, Codable {
    /// The regimen.
    public var regimenID: String
    /// The medication's catalogue id.
    public var medicationID: String
    /// The regimen's dose.
    public var dose: Quantity
    /// Occurrences inside their on-time window and not yet taken.
    public var dueNow: [ResolvedOccurrence]
    /// Occurrences whose on-time window has passed with nothing recorded, which a late dose
    /// would still fulfil (until each one's `lateUntil`).
    public var overdue: [ResolvedOccurrence]
    /// The next occurrence whose window has not opened yet.
    public var next: ScheduledOccurrence?
    /// For as-needed regimens: the last 24 hours and when another dose is allowed.
    public var asNeeded: AsNeededStatus?
  }

  /// The moment the list was computed for.
  public var now: Date
  /// One entry per active regimen, in the order given.
  public var entries: [Entry]

  /// How far ahead to look for the next occurrence: past the longest interval a schedule allows.
  static let horizonDays = 800

  /// Computes the list. A regimen is active unless it ended before today (in its time zone); one
  /// that starts later shows only its next occurrence. The catalogue supplies restart rules and
  /// as-needed limits the regimen does not set itself.
  public static func compute(
    regimens: [Regimen], doses: [TakenDose], skips: [SkippedDose], now: Date, catalogue: MedicationCatalogue = .empty
  ) -> DueList {
    var entries: [Entry] = []
    for regimen in regimens {
      let today = LocalDate(now, in: regimen.timeZone)
      if let end = regimen.end, end < today { continue }
      let medication = catalogue.medication(id: regimen.medicationID)
      var entry = Entry(
        regimenID: regimen.id, medicationID: regimen.medicationID, dose: regimen.dose, dueNow: [], overdue: [])
      if regimen.schedule.isScheduled {
        let resolution = DoseResolution.resolve(
          regimen: regimen, medication: medication, doses: doses, skips: skips, now: now,
          through: today.adding(days: horizonDays))
        entry.dueNow = resolution.occurrences.filter { $0.status == .due }
        entry.overdue = resolution.occurrences.filter { $0.status == .overdue }
        entry.next = resolution.occurrences.first { $0.status == .upcoming }?.occurrence
      } else {
        let (maximum, minimumHours) = AsNeededCheck.limits(for: regimen, medication: medication)
        let mine = doses.filter {
          $0.medicationID == regimen.medicationID && ($0.regimenID ?? regimen.id) == regimen.id
        }
        entry.asNeeded = AsNeededCheck.status(
          doses: mine, now: now, usualDose: regimen.dose, maximum: maximum, minimumHours: minimumHours)
      }
      entries.append(entry)
    }
    return DueList(now: now, entries: entries)
  }
}
