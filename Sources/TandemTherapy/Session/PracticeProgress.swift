import Foundation

/// What a patient has done so far: modules completed, time spent, weekly streak and rating changes.
public struct PracticeProgress: Hashable, Sendable, Codable {
  /// One before/after rating pair from a completed session.
  public struct RatingChange: Hashable, Sendable, Codable {
    /// What was rated, for example `tension`.
    public var rating: String
    /// The module it was rated in.
    public var moduleID: String
    /// When the session started.
    public var date: Date
    /// The before value.
    public var before: Int
    /// The after value.
    public var after: Int
    /// `after - before`.
    public var change: Int { after - before }
  }

  /// Sessions that reached their end.
  public var sessionsCompleted: Int
  /// Sessions stopped by a safety screen.
  public var safetyStops: Int
  /// Sessions given up.
  public var sessionsAbandoned: Int
  /// Sessions active or paused.
  public var sessionsOpen: Int
  /// Distinct modules with at least one completed session, sorted.
  public var modulesCompleted: [String]
  /// Time spent in sessions, excluding paused stretches, in seconds.
  public var secondsInSessions: Int
  /// Time in timed exercises run to their end, in seconds.
  public var secondsPractised: Int
  /// Consecutive weeks (Monday to Sunday) with a completed session, counting back from this
  /// week (or last week, when this week has none yet).
  public var weekStreak: Int
  /// Every before/after pair, oldest first.
  public var ratingChanges: [RatingChange]

  /// Computes progress from stored sessions as of `now`, with weeks in `calendar`.
  public static func compute(_ sessions: [StoredSession], now: Date, calendar: Calendar) -> PracticeProgress {
    var progress = PracticeProgress(
      sessionsCompleted: 0, safetyStops: 0, sessionsAbandoned: 0, sessionsOpen: 0, modulesCompleted: [],
      secondsInSessions: 0, secondsPractised: 0, weekStreak: 0, ratingChanges: [])
    var modules = Set<String>()
    var weeks = Set<Date>()
    var calendar = calendar
    calendar.firstWeekday = 2
    for session in sessions {
      let state = session.state
      switch state.status {
      case .completed:
        progress.sessionsCompleted += 1
        modules.insert(session.module.id)
        if let week = calendar.dateInterval(of: .weekOfYear, for: session.lastActivity)?.start { weeks.insert(week) }
      case .safetyStopped: progress.safetyStops += 1
      case .abandoned: progress.sessionsAbandoned += 1
      case .active, .paused: progress.sessionsOpen += 1
      }
      progress.secondsInSessions += activeSeconds(session.entries)
      progress.secondsPractised += state.practisedSeconds
      if state.status == .completed {
        progress.ratingChanges += ratingPairs(session, state: state)
      }
    }
    progress.modulesCompleted = modules.sorted()
    if var week = calendar.dateInterval(of: .weekOfYear, for: now)?.start {
      if !weeks.contains(week), let previous = calendar.date(byAdding: .weekOfYear, value: -1, to: week) {
        week = previous
      }
      while weeks.contains(week) {
        progress.weekStreak += 1
        guard let previous = calendar.date(byAdding: .weekOfYear, value: -1, to: week) else { break }
        week = previous
      }
    }
    return progress
  }

  /// Seconds between events, leaving out the stretches between a pause and the resume.
  static func activeSeconds(_ entries: [JournalEntry]) -> Int {
    var total = 0.0
    var previous: Date?
    for entry in entries {
      if let previous { total += entry.recordedAt.timeIntervalSince(previous) }
      switch entry.event {
      case .paused, .completed, .abandoned, .safetyStopped: previous = nil
      default: previous = entry.recordedAt
      }
    }
    return Int(total.rounded())
  }

  private static func ratingPairs(_ session: StoredSession, state: SessionState) -> [RatingChange] {
    let answers = state.effectiveAnswers
    var before: [String: Int] = [:]
    var pairs: [RatingChange] = []
    for step in session.module.steps {
      guard let rating = step.rating, case .number(let value)? = answers[step.id] else { continue }
      switch rating.phase {
      case .before: before[rating.name] = value
      case .after:
        if let start = before[rating.name] {
          pairs.append(
            RatingChange(
              rating: rating.name, moduleID: session.module.id, date: session.startedAt, before: start, after: value))
        }
      }
    }
    return pairs
  }
}
