import Foundation
import TandemBase

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
    /// The first of the occurrences missed or overdue in a row up to now (none taken or skipped
    /// since): what "overdue since" counts from.
    public var overdueSince: ScheduledOccurrence?
    /// How many occurrences in that run.
    public var missedInARow = 0
    /// How many of them are missed: the run without the doses that still count late (overdue).
    /// What `due`, `today` and the report call "doses missed in a row".
    public var missed = 0
    /// Whether the run reaches back past the part of the diary that was read (a diary read from
    /// a window): then it began on or before `overdueSince`.
    public var overdueSinceAtLeast = false
  }

  /// The moment the list was computed for.
  public var now: Date
  /// One entry per active regimen, in the order given.
  public var entries: [Entry]

  /// Computes the list from a resolved dose ledger. A regimen is listed unless it ended before
  /// today (in its time zone); one that starts later shows only its next occurrence. As-needed
  /// regimens count every intake of their medication, from any path that logged it.
  public static func compute(ledger: DoseLedger, regimens: [Regimen], catalogue: MedicationCatalogue = .empty)
    -> DueList
  {
    let now = ledger.now
    var entries: [Entry] = []
    for regimen in regimens {
      let today = LocalDate(now, in: regimen.timeZone)
      if let end = regimen.end, end < today { continue }
      let medication = catalogue.medication(id: regimen.medicationID)
      var entry = Entry(
        regimenID: regimen.id, medicationID: regimen.medicationID, dose: regimen.dose, dueNow: [], overdue: [])
      if regimen.schedule.isScheduled {
        let occurrences = ledger.resolution(of: regimen).occurrences
        entry.dueNow = occurrences.filter { $0.status == .due }
        entry.overdue = occurrences.filter { $0.status == .overdue }
        entry.next = occurrences.first { $0.status == .upcoming }?.occurrence
        // The run of occurrences missed or overdue since the last one taken or skipped.
        let expected = occurrences.filter(\.status.isExpected)
        let run = expected.reversed().prefix { $0.status.countsAsMissed }
        entry.overdueSince = run.last?.occurrence
        entry.missedInARow = run.count
        entry.missed = run.filter { $0.status == .missed }.count
        entry.overdueSinceAtLeast =
          !run.isEmpty && run.count == expected.count && ledger.historyStart.map { $0 > regimen.start } == true
      } else {
        let (maximum, minimumHours) = AsNeededCheck.limits(for: regimen, medication: medication)
        entry.asNeeded = AsNeededCheck.status(
          doses: ledger.intakes(countingToward: regimen), now: now, usualDose: regimen.dose, maximum: maximum,
          minimumHours: minimumHours)
      }
      entries.append(entry)
    }
    return DueList(now: now, entries: entries)
  }

  /// Computes the list straight from diary records (see `compute(ledger:regimens:catalogue:)`).
  public static func compute(
    regimens: [Regimen], doses: [TakenDose], skips: [SkippedDose], attacks: [Attack] = [], now: Date,
    catalogue: MedicationCatalogue = .empty
  ) -> DueList {
    let ledger = DoseLedger(
      regimens: regimens, doses: doses, skips: skips, attacks: attacks, catalogue: catalogue, now: now)
    return compute(ledger: ledger, regimens: regimens, catalogue: catalogue)
  }
}
