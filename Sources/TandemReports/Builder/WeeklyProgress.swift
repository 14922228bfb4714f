import TandemBase
import TandemCare

/// The patient's last weeks, Monday to Sunday, with headaches and preventive doses next to practice.
///
/// Every figure is the prescriber report's, cut into weeks instead of months by the same code: headache and
/// migraine days (`MigraineMeasures`), acute-medication days, resolved scheduled doses and practice minutes.
public struct WeeklyProgress: Hashable, Sendable, Codable {
  /// The most weeks one view may ask for: two years.
  public static let weekLimit = 104
  /// The weeks shown by default.
  public static let defaultWeeks = 8

  /// The weeks asked for, oldest first; the last is the current, partial week.
  public var weeks: [ProgressWeek]
  /// The last four full weeks against the four before, when the diary covers all eight.
  public var comparison: ProgressComparison?

  /// Computes the last `count` weeks (1…`weekLimit`, clamped) of `record` as of its `now`, in its time zone.
  ///
  /// - Parameters:
  ///   - record: the care record; it may be read from a window (`DiaryReach.weeks`) that holds the weeks asked for
  ///     and the comparison's, and the schedules' days before them.
  ///   - count: how many weeks, the current one included.
  ///   - knownDiaryStart: the first day of the diary when `record` leaves out earlier entries; without it the
  ///     diary starts where the record shows it does.
  public static func compute(record: CareRecord, weeks count: Int, knownDiaryStart: LocalDate? = nil) -> WeeklyProgress
  {
    let count = min(max(count, 1), weekLimit)
    let today = record.today
    let from = firstDayNeeded(weeks: count, today: today)
    let request = ReportRequest(from: from, through: today, generatedAt: record.now)
    let builder = ReportBuilder(record: record, request: request, knownDiaryStart: knownDiaryStart)
    let daily = builder.dailyFigures()
    let all = builder.stretches { $0.adding(days: 7 - $0.weekday) }.map { stretch in
      let totals = builder.totals(stretch, diary: daily.measures.days, days: daily.days)
      return ProgressWeek(
        weekStart: monday(of: stretch.lowerBound), through: stretch.upperBound, partial: stretch.contains(today),
        observedDays: totals.observedDays, headacheDays: totals.headacheDays, migraineDays: totals.migraineDays,
        acuteMedicationDays: totals.acuteDays, scheduledDays: totals.scheduledDays, dosesDue: totals.dosesDue,
        dosesTaken: totals.dosesTaken, dosesOnTime: totals.dosesOnTime, sessionsCompleted: totals.sessionsCompleted,
        practiceMinutes: totals.minutesPractised)
    }
    return WeeklyProgress(weeks: Array(all.suffix(count)), comparison: ProgressComparison.compare(all))
  }

  /// The first day the view counts: the Monday `count` weeks back, or, for the comparison, the Monday of the
  /// eighth full week before the current one, whichever is earlier.
  public static func firstDayNeeded(weeks count: Int, today: LocalDate) -> LocalDate {
    let count = min(max(count, 1), weekLimit)
    let weeks = max(count, 2 * ProgressComparison.weeksPerSide + 1)
    return monday(of: today).adding(days: -7 * (weeks - 1))
  }

  /// The Monday on or before `day`.
  static func monday(of day: LocalDate) -> LocalDate { day.adding(days: 1 - day.weekday) }
}
