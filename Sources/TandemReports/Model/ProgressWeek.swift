import TandemBase

/// One Monday-to-Sunday week of the patient's progress: headaches, preventive doses and practice, counted as the
/// prescriber report counts them (see `WeeklyProgress`).
public struct ProgressWeek: Hashable, Sendable, Codable {
  /// The Monday that starts the week, in the patient's time zone.
  public var weekStart: LocalDate
  /// The last day counted: the Sunday, or today for the current week.
  public var through: LocalDate
  /// Whether the week is still going on (it holds today), so its figures are so far.
  public var partial: Bool
  /// Days of the week within the diary (from its first entry through today); headache, migraine and acute days
  /// count only these, and a week with none says nothing about headaches.
  public var observedDays: Int
  /// Observed headache days (an attack of severity 1 or more touched the day, or a migraine day).
  public var headacheDays: Int
  /// Observed migraine days (Tandem's rule).
  public var migraineDays: Int
  /// Observed days with any acute medication.
  public var acuteMedicationDays: Int
  /// Days with a scheduled (preventive) regimen active; with none, the dose figures say nothing.
  public var scheduledDays: Int
  /// Scheduled doses whose window has closed: taken on time or late, skipped or missed. Doses still due are not
  /// counted yet.
  public var dosesDue: Int
  /// Of those, taken on time or late.
  public var dosesTaken: Int
  /// Of those, taken on time.
  public var dosesOnTime: Int
  /// Sessions completed (on the day of their last event).
  public var sessionsCompleted: Int
  /// Minutes of timed practice, each timer counted for as long as it ran.
  public var practiceMinutes: Int

  /// Whether anything about headaches is known for the week.
  public var isObserved: Bool { observedDays > 0 }
  /// Whether a preventive was scheduled in the week.
  public var hasScheduledDoses: Bool { scheduledDays > 0 }
}

/// The last four full weeks against the four before them.
public struct ProgressComparison: Hashable, Sendable, Codable {
  /// The four full weeks before the current one, added up.
  public var recent: ProgressWeek
  /// The four weeks before those, added up.
  public var earlier: ProgressWeek

  /// How many weeks each side of the comparison spans.
  public static let weeksPerSide = 4

  /// The comparison of the last eight full weeks of `weeks` (oldest first; a partial current week is left out),
  /// or `nil` unless both sides lie wholly within the diary, so that their counts are of the same number of days.
  public static func compare(_ weeks: [ProgressWeek]) -> ProgressComparison? {
    let full = weeks.filter { !$0.partial }.suffix(2 * weeksPerSide)
    guard full.count == 2 * weeksPerSide else { return nil }
    let earlier = Array(full.prefix(weeksPerSide))
    let recent = Array(full.suffix(weeksPerSide))
    guard let recentTotal = ProgressWeek.sum(recent), let earlierTotal = ProgressWeek.sum(earlier),
      recentTotal.observedDays == 7 * weeksPerSide, earlierTotal.observedDays == 7 * weeksPerSide
    else { return nil }
    return ProgressComparison(recent: recentTotal, earlier: earlierTotal)
  }
}

extension ProgressWeek {
  /// Consecutive weeks added up into one stretch starting on the first one's Monday, or `nil` for none.
  static func sum(_ weeks: [ProgressWeek]) -> ProgressWeek? {
    guard let first = weeks.first, let last = weeks.last else { return nil }
    var total = ProgressWeek(
      weekStart: first.weekStart, through: last.through, partial: last.partial, observedDays: 0, headacheDays: 0,
      migraineDays: 0, acuteMedicationDays: 0, scheduledDays: 0, dosesDue: 0, dosesTaken: 0, dosesOnTime: 0,
      sessionsCompleted: 0, practiceMinutes: 0)
    for week in weeks {
      total.observedDays += week.observedDays
      total.headacheDays += week.headacheDays
      total.migraineDays += week.migraineDays
      total.acuteMedicationDays += week.acuteMedicationDays
      total.scheduledDays += week.scheduledDays
      total.dosesDue += week.dosesDue
      total.dosesTaken += week.dosesTaken
      total.dosesOnTime += week.dosesOnTime
      total.sessionsCompleted += week.sessionsCompleted
      total.practiceMinutes += week.practiceMinutes
    }
    return total
  }
}
