import TandemBase
import TandemTestFixtures
import Testing

@testable import TandemTherapy

/// Where a patient stands in a program, worked out from its run and the sessions completed:
/// the week (paused days do not count, leaving freezes it), which sessions are done, practice
/// days this program week, and the questionnaires due.
@Suite("Program progress")
struct ProgramProgressTests {
  /// Four weeks: `plan` in week 1 (practice `breath`, 3 days), `skill` in week 2 (practice
  /// `breath`, 4 days), `plan` again in week 3 (no practice); `mood` at weeks 0, 2 and 4.
  static let program = Program(
    id: "small", version: 1, title: "Small", audience: .adult, weeks: 4, summary: "A small program.",
    medication: .init(expects: [], note: "None."),
    sessions: [
      .init(week: 1, module: "plan", practice: .init(module: "breath", days: 3, text: "Breathe on three days.")),
      .init(week: 2, module: "skill", practice: .init(module: "breath", days: 4, text: "Breathe on four days.")),
      .init(week: 3, module: "plan"),
    ],
    measures: [.init(module: "mood", weeks: [0, 2, 4])])

  /// Monday 2 March 2026, the day the program starts.
  static let start = day("2026-03-02")

  /// Day `n` of the calendar, counted from the start (day 0).
  static func d(_ n: Int) -> LocalDate { start.adding(days: n) }

  /// A run started on day 0 with these later events (each on its day), as of `today`.
  static func run(_ events: [(ProgramEvent, Int)] = [], today: Int) throws -> ProgramEnrolment {
    let started = ProgramEvent.started(program: "small", version: 1, contentHash: "h", startDate: start)
    let all = [(event: started, day: start)] + events.map { (event: $0.0, day: d($0.1)) }
    return try #require(ProgramEnrolment.latest(all, today: d(today)))
  }

  /// Progress on day `today` with these completions (module, day).
  static func progress(
    _ completions: [(String, Int)] = [], events: [(ProgramEvent, Int)] = [], today: Int
  ) throws -> ProgramProgress {
    ProgramProgress.compute(
      program, run: try run(events, today: today), completions: completions.map { (module: $0.0, day: d($0.1)) },
      today: d(today))
  }

  @Test("day 0 is week 1, day 7 week 2; the week stops at the last one, and the program is finished after 4·7 days")
  func weekNumbering() throws {
    let expected: [(day: Int, week: Int, status: String, weekStart: Int)] = [
      (0, 1, "active", 0), (6, 1, "active", 0), (7, 2, "active", 7), (13, 2, "active", 7), (14, 3, "active", 14),
      (27, 4, "active", 21), (28, 4, "finished", 21), (100, 4, "finished", 21),
    ]
    for item in expected {
      let p = try Self.progress(today: item.day)
      #expect(p.week == item.week, "day \(item.day)")
      #expect(p.status == item.status, "day \(item.day)")
      #expect(p.weekStart == Self.d(item.weekStart), "day \(item.day)")
      #expect(p.weeks == 4)
    }
  }

  @Test("a run's events: a pause counts its days until the resume, a pause still going counts through today")
  func enrolmentFromEvents() throws {
    let resumed = try Self.run([(.paused(program: "small"), 3), (.resumed(program: "small"), 13)], today: 20)
    #expect(resumed.status == .active)
    #expect(resumed.pausedDays == Set((3...12).map(Self.d)), "the pause day to the day before the resume")
    #expect(resumed.startDate == Self.start && resumed.version == 1 && resumed.contentHash == "h")

    let stillPaused = try Self.run([(.paused(program: "small"), 3)], today: 10)
    #expect(stillPaused.status == .paused)
    #expect(stillPaused.pausedDays == Set((3...10).map(Self.d)))

    let left = try Self.run([(.paused(program: "small"), 2), (.left(program: "small"), 5)], today: 9)
    #expect(left.status == .left && left.leftOn == Self.d(5))
    #expect(left.pausedDays == Set((2...4).map(Self.d)), "a pause ends when the program is left")

    // A pause while paused, a resume while running and events about another program change nothing.
    let ignored = try Self.run(
      [
        (.resumed(program: "small"), 1), (.paused(program: "other"), 2), (.paused(program: "small"), 4),
        (.paused(program: "small"), 6), (.resumed(program: "small"), 8),
      ], today: 9)
    #expect(ignored.status == .active)
    #expect(ignored.pausedDays == Set((4...7).map(Self.d)))

    #expect(ProgramEnrolment.latest([], today: Self.start) == nil)
    // Starting again after leaving: the new run is the one that counts.
    let again = ProgramEnrolment.latest(
      [
        (event: .started(program: "small", version: 1, contentHash: "h", startDate: Self.start), day: Self.start),
        (event: .left(program: "small"), day: Self.d(3)),
        (event: .started(program: "other", version: 2, contentHash: "k", startDate: Self.d(5)), day: Self.d(5)),
      ], today: Self.d(6))
    #expect(again?.program == "other" && again?.status == .active && again?.startDate == Self.d(5))
    #expect(again?.pausedDays == [] && again?.leftOn == nil)
  }

  @Test("paused for 10 days, the weeks stand still: the program moves on by 10 days less, and later due days shift")
  func pausing() throws {
    let pause: [(ProgramEvent, Int)] = [(.paused(program: "small"), 3), (.resumed(program: "small"), 13)]
    // While paused the week does not move, however long the pause.
    for today in [3, 10, 30] {
      let p = try Self.progress(events: [(.paused(program: "small"), 3)], today: today)
      #expect(p.status == "paused" && p.week == 1, "day \(today)")
    }
    // Days 0-2 and 13-16 are seven effective days: still week 1 on calendar day 16.
    let p16 = try Self.progress(events: pause, today: 16)
    #expect(p16.status == "active" && p16.week == 1)
    // Calendar day 17 is effective day 7: week 2 opens then, not on day 7.
    let p17 = try Self.progress(events: pause, today: 17)
    #expect(p17.week == 2 && p17.weekStart == Self.d(17))
    #expect(p17.sessions.map(\.state) == ["open", "open", "later"])
    // The week-2 questionnaire is due on effective day 14 = calendar day 24.
    #expect(p17.nextMeasure == .init(module: "mood", week: 2, dueOn: Self.d(24)))
    // The end: effective day 28 is calendar day 38.
    #expect(try Self.progress(events: pause, today: 37).status == "active")
    let end = try Self.progress(events: pause, today: 38)
    #expect(end.status == "finished" && end.week == 4)
    #expect(end.measuresDue == [.init(module: "mood", week: 4, dueOn: Self.d(38))])
  }

  @Test("leaving freezes the program: the week stays where it was left, and later sessions do not count")
  func leaving() throws {
    let p = try Self.progress(
      [("plan", 0), ("skill", 8), ("plan", 20)], events: [(.left(program: "small"), 9)], today: 30)
    #expect(p.status == "left")
    #expect(p.week == 2 && p.weekStart == Self.d(7))
    #expect(p.sessions.map(\.state) == ["done", "done", "later"])
    #expect(p.sessionsDone == 2)
  }

  @Test("a session is done by a completion of its module on or after its week opened, and each completion counts once")
  func sessionsDone() throws {
    // 'skill' on day 3 is before week 2 opens: on day 5 the session is later, on day 7 open.
    let early = try Self.progress([("plan", 0), ("skill", 3)], today: 5)
    #expect(early.sessions.map(\.state) == ["done", "later", "later"])
    #expect(early.openSession == nil)
    let open = try Self.progress([("plan", 0), ("skill", 3)], today: 7)
    #expect(open.sessions.map(\.state) == ["done", "open", "later"])
    #expect(open.openSession?.number == 2 && open.openSession?.module == "skill" && open.openSession?.week == 2)
    let done = try Self.progress([("plan", 0), ("skill", 3), ("skill", 8)], today: 9)
    #expect(done.sessions.map(\.state) == ["done", "done", "later"])
    #expect(done.sessions.map(\.completedOn) == [Self.d(0), Self.d(8), nil])
    #expect(done.sessionsDone == 2 && done.openSession == nil)

    // One completion of 'plan' in week 3 does session 1 (the earliest), not sessions 1 and 3.
    let once = try Self.progress([("plan", 15)], today: 15)
    #expect(once.sessions.map(\.state) == ["done", "open", "open"])
    #expect(once.sessions.first?.completedOn == Self.d(15))
    #expect(once.openSession?.number == 2)
    let twice = try Self.progress([("plan", 15), ("skill", 15), ("plan", 16)], today: 16)
    #expect(twice.sessions.map(\.completedOn) == [Self.d(15), Self.d(15), Self.d(16)])
    #expect(twice.sessionsDone == 3)

    // The week-1 session done before the start does not count.
    let before = try Self.progress([("plan", -1)], today: 0)
    #expect(before.sessions.first?.state == "open" && before.openSession?.number == 1)
    // Past the end, every session not done stays open.
    let late = try Self.progress([], today: 40)
    #expect(late.sessions.map(\.state) == ["open", "open", "open"])
  }

  @Test("practice days: distinct days of the current program week on which the practice module was completed")
  func practiceDays() throws {
    let completions = [("breath", 6), ("breath", 7), ("breath", 7), ("breath", 9), ("skill", 9), ("breath", 13)]
    // Week 1 (days 0-6): the week-1 session's practice, one day so far.
    let week1 = try Self.progress(completions.filter { $0.1 <= 6 }, today: 6)
    #expect(week1.practice == .init(module: "breath", daysAimed: 3, daysDone: 1, text: "Breathe on three days."))
    // Week 2 (days 7-13): the week-2 session's practice; day 7 twice counts once.
    let week2 = try Self.progress(completions, today: 13)
    #expect(week2.practice == .init(module: "breath", daysAimed: 4, daysDone: 3, text: "Breathe on four days."))
    #expect(week2.practiceDays == 4, "days 6, 7, 9 and 13 over the whole run")
    // Week 3's session has no practice.
    #expect(try Self.progress(completions, today: 14).practice == nil)

    // After a pause the program week is made of effective days: days 10-12 paused, so week 2
    // runs over days 7-9 and 13-16.
    let pause: [(ProgramEvent, Int)] = [(.paused(program: "small"), 10), (.resumed(program: "small"), 13)]
    let paused = try Self.progress(
      [("breath", 8), ("breath", 11), ("breath", 14), ("breath", 16)], events: pause, today: 16)
    #expect(paused.week == 2)
    #expect(paused.practice?.daysDone == 3, "day 11 was paused; days 8, 14 and 16 count")
  }

  @Test(
    "questionnaires: due at baseline and from day 7·w, met by a completion in their window, an unmet one superseded")
  func measures() throws {
    let start = try Self.progress(today: 0)
    #expect(start.measuresDue == [.init(module: "mood", week: 0, dueOn: Self.d(0))])
    #expect(start.nextMeasure == .init(module: "mood", week: 2, dueOn: Self.d(14)))

    // Baseline done late (day 3) is still met; the week-2 check is not yet due on day 13.
    let baseline = try Self.progress([("mood", 3)], today: 13)
    #expect(baseline.measuresDue == [])
    #expect(baseline.nextMeasure?.week == 2)

    // A completion on day 13 meets the baseline, not week 2's check: that is due on day 14.
    let week2 = try Self.progress([("mood", 13)], today: 14)
    #expect(week2.measuresDue == [.init(module: "mood", week: 2, dueOn: Self.d(14))])
    #expect(week2.nextMeasure == .init(module: "mood", week: 4, dueOn: Self.d(28)))
    #expect(try Self.progress([("mood", 13), ("mood", 20)], today: 20).measuresDue == [])

    // The baseline never done: on day 14 week 2's check replaces it.
    let superseded = try Self.progress(today: 14)
    #expect(superseded.measuresDue == [.init(module: "mood", week: 2, dueOn: Self.d(14))])

    // The end check is due on the day the program finishes, and met on or after it.
    let end = try Self.progress([("mood", 0), ("mood", 14)], today: 28)
    #expect(end.status == "finished")
    #expect(end.measuresDue == [.init(module: "mood", week: 4, dueOn: Self.d(28))])
    #expect(end.nextMeasure == nil)
    #expect(try Self.progress([("mood", 0), ("mood", 14), ("mood", 30)], today: 30).measuresDue == [])
  }
}
