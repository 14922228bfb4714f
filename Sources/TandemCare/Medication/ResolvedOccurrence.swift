import Foundation

/// A scheduled occurrence with what became of it.
public struct ResolvedOccurrence: Hashable, Sendable, Codable {
  /// What became of an occurrence, judged at a moment `now`.
  public enum Status: String, Hashable, Sendable, Codable, CaseIterable {
    /// Taken within the late window either side of the due time.
    case onTime = "on-time"
    /// Taken after the late window closed, before the limit for late doses.
    case late
    /// The patient recorded skipping it.
    case skipped
    /// Nothing recorded, and the limit for late doses has passed.
    case missed
    /// Nothing recorded, the on-time window has passed, but a late dose would still count.
    case overdue
    /// Inside its on-time window and not yet taken.
    case due
    /// Its on-time window has not opened yet.
    case upcoming

    /// Whether it counts as expected in adherence figures: every occurrence whose on-time window
    /// has closed, and any taken or skipped earlier. Only `due` and `upcoming` are pending.
    public var isExpected: Bool {
      switch self {
      case .onTime, .late, .skipped, .missed, .overdue: true
      case .due, .upcoming: false
      }
    }

    /// Whether it counts as missed: its on-time window closed with nothing recorded. An overdue
    /// occurrence is missed as of now (a late dose may still turn it into a late one).
    public var countsAsMissed: Bool { self == .missed || self == .overdue }

  }

  /// The occurrence.
  public var occurrence: ScheduledOccurrence
  /// What became of it.
  public var status: Status
  /// The dose that fulfilled it, when on time or late.
  public var dose: TakenDose?
  /// The skip recorded for it, when skipped.
  public var skip: SkippedDose?
  /// Until when a dose still counts for it as late: the on-time window of the next occurrence
  /// opening, and never before its own on-time window closes.
  public var lateUntil: Date

  /// Creates a resolved occurrence.
  public init(
    occurrence: ScheduledOccurrence, status: Status, dose: TakenDose? = nil, skip: SkippedDose? = nil, lateUntil: Date
  ) {
    self.occurrence = occurrence
    self.status = status
    self.dose = dose
    self.skip = skip
    self.lateUntil = lateUntil
  }

  /// How long after the due time the dose was taken (negative when early), if taken.
  public var delay: TimeInterval? { dose.map { $0.instant.timeIntervalSince(occurrence.due) } }
}
