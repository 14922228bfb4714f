import TandemBase

/// What the journal records about a patient's program: starting, pausing, resuming, leaving.
public enum ProgramEvent: Hashable, Sendable {
  /// The patient (or their care team's assignment, accepted by the patient) started a program on
  /// `startDate` (their local day), on this version of its file.
  case started(program: String, version: Int, contentHash: String, startDate: LocalDate)
  /// Paused: days while paused do not move the program's weeks on.
  case paused(program: String)
  /// Back from a pause.
  case resumed(program: String)
  /// Left: the program stops; its record stays.
  case left(program: String)

  /// The journal kind.
  public var kind: String {
    switch self {
    case .started: "program-started"
    case .paused: "program-paused"
    case .resumed: "program-resumed"
    case .left: "program-left"
    }
  }

  /// The program it is about.
  public var program: String {
    switch self {
    case .started(let program, _, _, _), .paused(let program), .resumed(let program), .left(let program): program
    }
  }
}

/// One program run, as its events say: when it started, the days it was paused, whether it was left.
public struct ProgramEnrolment: Hashable, Sendable {
  public enum Status: String, Hashable, Sendable, Codable {
    case active, paused, left
  }
  public var program: String
  public var version: Int
  public var contentHash: String
  public var startDate: LocalDate
  public var status: Status
  /// The days (local) the program was paused, from the day of the pause to the day before the resume.
  public var pausedDays: Set<LocalDate>
  /// The day it was left.
  public var leftOn: LocalDate?

  /// The latest program run in `events` (with the local day each was recorded), or nil.
  public static func latest(_ events: [(event: ProgramEvent, day: LocalDate)], today: LocalDate) -> ProgramEnrolment? {
    var current: ProgramEnrolment?
    var pausedSince: LocalDate?
    for (event, day) in events {
      switch event {
      case .started(let program, let version, let hash, let start):
        current = ProgramEnrolment(
          program: program, version: version, contentHash: hash, startDate: start, status: .active, pausedDays: [],
          leftOn: nil)
        pausedSince = nil
      case .paused(let program):
        guard current?.program == program, current?.status == .active else { continue }
        current?.status = .paused
        pausedSince = day
      case .resumed(let program):
        guard current?.program == program, current?.status == .paused else { continue }
        current?.status = .active
        if let since = pausedSince { current?.pausedDays.formUnion(Self.days(from: since, before: day)) }
        pausedSince = nil
      case .left(let program):
        guard current?.program == program, current?.status != .left else { continue }
        if current?.status == .paused, let since = pausedSince {
          current?.pausedDays.formUnion(Self.days(from: since, before: day))
        }
        current?.status = .left
        current?.leftOn = day
        pausedSince = nil
      }
    }
    if current?.status == .paused, let since = pausedSince {
      current?.pausedDays.formUnion(Self.days(from: since, before: today.adding(days: 1)))
    }
    return current
  }

  private static func days(from start: LocalDate, before end: LocalDate) -> [LocalDate] {
    let count = max(0, min(start.days(to: end), 3660))
    return (0..<count).map { start.adding(days: $0) }
  }
}

/// Where a patient stands in a program today: the week, the session that is open, practice done
/// this week, and the questionnaires due. Pure: from the program, its run and the completed sessions.
public struct ProgramProgress: Hashable, Sendable, Codable {
  /// `active`, `paused`, `left`, or `finished` (every week has passed).
  public var status: String
  /// The program week today falls in, from 1 (capped at the program's length).
  public var week: Int
  public var weeks: Int
  /// The first day of the current program week.
  public var weekStart: LocalDate
  /// Each session with its state: `done`, `open` (its week has come) or `later`.
  public var sessions: [SessionState]
  /// The first open session: the one to do next.
  public var openSession: SessionState?
  /// This week's practice: the module, days aimed for, days done so far this program week.
  public var practice: PracticeState?
  /// Questionnaires due now (their due day has come and no completed check since).
  public var measuresDue: [MeasureDue]
  /// The next questionnaire not yet due.
  public var nextMeasure: MeasureDue?
  /// Sessions done and practice days over the whole run.
  public var sessionsDone: Int
  public var practiceDays: Int

  enum CodingKeys: String, CodingKey {
    case status, week, weeks, sessions, practice
    case weekStart = "week_start"
    case openSession = "open_session"
    case measuresDue = "measures_due"
    case nextMeasure = "next_measure"
    case sessionsDone = "sessions_done"
    case practiceDays = "practice_days"
  }

  public struct SessionState: Hashable, Sendable, Codable {
    public var number: Int
    public var week: Int
    public var module: String
    public var state: String
    public var completedOn: LocalDate?

    enum CodingKeys: String, CodingKey {
      case number, week, module, state
      case completedOn = "completed_on"
    }
  }

  public struct PracticeState: Hashable, Sendable, Codable {
    public var module: String
    public var daysAimed: Int
    public var daysDone: Int
    public var text: String

    enum CodingKeys: String, CodingKey {
      case module, text
      case daysAimed = "days_aimed"
      case daysDone = "days_done"
    }
  }

  public struct MeasureDue: Hashable, Sendable, Codable {
    public var module: String
    /// The week it is for (0 = baseline).
    public var week: Int
    /// The day it became (or becomes) due.
    public var dueOn: LocalDate

    enum CodingKeys: String, CodingKey {
      case module, week
      case dueOn = "due_on"
    }
  }

  /// The calendar day on which effective (unpaused) day `index` of the run falls, for each index
  /// from 0 through today's; paused days are skipped.
  private static func effectiveDays(_ run: ProgramEnrolment, through today: LocalDate) -> [LocalDate] {
    var days: [LocalDate] = []
    var day = run.startDate
    let last = run.leftOn.map { min($0, today) } ?? today
    while day <= last && days.count < 400 * 7 {
      if !run.pausedDays.contains(day) { days.append(day) }
      day = day.adding(days: 1)
    }
    return days
  }

  /// Computes progress. `completions` are completed sessions: module id and the local day each
  /// was completed.
  public static func compute(
    _ program: Program, run: ProgramEnrolment, completions: [(module: String, day: LocalDate)], today: LocalDate
  ) -> ProgramProgress {
    let days = effectiveDays(run, through: today)
    let elapsed = max(days.count - 1, 0)
    let rawWeek = elapsed / 7 + 1
    let week = min(max(rawWeek, 1), program.weeks)
    let finished = days.count > program.weeks * 7
    /// The calendar day of effective day `index` (projected past today without pauses).
    func day(_ index: Int) -> LocalDate {
      if index < days.count { return days[index] }
      return (days.last ?? run.startDate).adding(days: index - max(days.count - 1, 0))
    }
    let weekStart = day((week - 1) * 7)
    let end = run.leftOn
    let since = completions.filter { item in item.day >= run.startDate && (end.map { item.day <= $0 } ?? true) }

    // Each program session is done by the first completion of its module, on or after the day
    // its week opened, not already counted for an earlier session.
    var used = Set<Int>()
    var sessions: [SessionState] = []
    for (index, session) in program.sessions.enumerated() {
      let opens = day((session.week - 1) * 7)
      let match = since.indices.first {
        !used.contains($0) && since[$0].module == session.module && since[$0].day >= opens
      }
      let state: String
      if let match {
        used.insert(match)
        state = "done"
      } else {
        state = session.week <= rawWeek || finished ? "open" : "later"
      }
      sessions.append(
        SessionState(
          number: index + 1, week: session.week, module: session.module, state: state,
          completedOn: match.map { since[$0].day }))
    }

    var practice: PracticeState?
    if let current = program.sessions.last(where: { $0.week <= week }), let plan = current.practice {
      let thisWeek = Set(days.suffix(from: min((week - 1) * 7, days.count)).prefix(7))
      let done = Set(since.filter { $0.module == plan.module && thisWeek.contains($0.day) }.map { $0.day })
      practice = PracticeState(module: plan.module, daysAimed: plan.days, daysDone: done.count, text: plan.text)
    }
    let practiceModules = Set(program.sessions.compactMap { $0.practice?.module })
    let practiceDays = Set(since.filter { practiceModules.contains($0.module) }.map { $0.day }).count

    // A questionnaire for week w is due from effective day 7·w (week 0: the start) and is met
    // by a completion from then until the next one of the same module falls due.
    var due: [MeasureDue] = []
    var upcoming: [MeasureDue] = []
    for schedule in program.measures {
      let weeks = schedule.weeks.sorted()
      for (position, dueWeek) in weeks.enumerated() {
        let dueOn = day(dueWeek * 7)
        let until = position + 1 < weeks.count ? day(weeks[position + 1] * 7) : nil
        let met = since.contains { item in
          item.module == schedule.module && item.day >= dueOn && (until.map { item.day < $0 } ?? true)
        }
        if met { continue }
        let item = MeasureDue(module: schedule.module, week: dueWeek, dueOn: dueOn)
        guard dueWeek * 7 <= elapsed else {
          upcoming.append(item)
          continue
        }
        // A check not done is replaced by the next one of the same module once that falls due.
        let superseded = position + 1 < weeks.count && weeks[position + 1] * 7 <= elapsed
        if !superseded { due.append(item) }
      }
    }
    let status: String
    switch run.status {
    case .left: status = "left"
    case .paused: status = "paused"
    case .active: status = finished ? "finished" : "active"
    }
    return ProgramProgress(
      status: status, week: week, weeks: program.weeks, weekStart: weekStart, sessions: sessions,
      openSession: sessions.first { $0.state == "open" }, practice: practice, measuresDue: due,
      nextMeasure: upcoming.min { $0.dueOn < $1.dueOn }, sessionsDone: sessions.filter { $0.state == "done" }.count,
      practiceDays: practiceDays)
  }
}
