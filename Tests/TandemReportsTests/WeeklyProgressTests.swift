import Foundation
import TandemBase
import TandemCare
import TandemTherapy
import Testing

@testable import TandemReports

/// `tandem progress`'s weeks: the report's figures cut into Monday-to-Sunday weeks.
@Suite("Weekly progress")
struct WeeklyProgressTests {
  typealias F = ReportFixtures

  /// March 2026 (see `ReportFixtures.march`), read on Tuesday 03-31, plus a headache from Sunday 03-22 21:00 to
  /// Monday 03-23 03:00 (across a week boundary) and a breathing session on 03-24 whose 5-minute timer was ended
  /// after 3 min 5 s.
  static func record() -> CareRecord {
    let crossing = Attack(
      id: "a4", start: F.at("2026-03-22T21:00:00Z"), end: F.at("2026-03-23T03:00:00Z"), severity: 5)
    let early = F.session(
      "s5", F.breathing, "2026-03-24T19:00:00Z",
      [
        .answered(step: "tension-before", answer: .number(6)), .continued(step: "breathe", ranSeconds: 185),
        .answered(step: "tension-after", answer: .number(3)),
        .answered(step: "home-practice", answer: .options(["evening"])), .completed,
      ])
    return F.march(adding: [(F.at("2026-03-23T08:00:00Z"), .attackLogged(crossing))], moreSessions: [early])
  }

  /// Each week as (start, observed, headache, migraine, acute, scheduled days, due, taken, on time, sessions,
  /// minutes, partial), so a failure shows the whole row.
  static func rows(_ weekly: WeeklyProgress) -> [String] {
    weekly.weeks.map {
      "\($0.weekStart) obs \($0.observedDays) h \($0.headacheDays) m \($0.migraineDays) a \($0.acuteMedicationDays) "
        + "sched \($0.scheduledDays) doses \($0.dosesTaken)/\($0.dosesDue) on time \($0.dosesOnTime) "
        + "sessions \($0.sessionsCompleted) min \($0.practiceMinutes)\($0.partial ? " partial" : "")"
    }
  }

  @Test("eight weeks by default, Monday to Sunday; weeks before the diary observe nothing; the current one is partial")
  func eightWeeks() {
    let weekly = WeeklyProgress.compute(record: Self.record(), weeks: WeeklyProgress.defaultWeeks)
    #expect(
      Self.rows(weekly) == [
        // The diary starts 03-01 (a Sunday), when the regimens were entered.
        "2026-02-09 obs 0 h 0 m 0 a 0 sched 0 doses 0/0 on time 0 sessions 0 min 0",
        "2026-02-16 obs 0 h 0 m 0 a 0 sched 0 doses 0/0 on time 0 sessions 0 min 0",
        "2026-02-23 obs 1 h 0 m 0 a 0 sched 1 doses 1/1 on time 1 sessions 0 min 0",
        // 03-03 severe migraine with sumatriptan; 03-05 missed, 03-06 skipped (due, not taken); a 5-min timer.
        "2026-03-02 obs 7 h 1 m 1 a 1 sched 7 doses 5/7 on time 5 sessions 1 min 5",
        // 03-12 mild headache with ibuprofen (not a migraine day); 03-10 taken late.
        "2026-03-09 obs 7 h 1 m 0 a 1 sched 7 doses 7/7 on time 6 sessions 0 min 0",
        // 03-20 migraine with sumatriptan, and Sunday 03-22 from the headache that runs into Monday.
        "2026-03-16 obs 7 h 2 m 1 a 1 sched 7 doses 7/7 on time 7 sessions 1 min 0",
        // Monday 03-23 from the same headache; the timer ended early counts its 3 minutes; a safety stop and an
        // abandoned session are not completed.
        "2026-03-23 obs 7 h 1 m 0 a 0 sched 7 doses 7/7 on time 7 sessions 1 min 3",
        "2026-03-30 obs 2 h 0 m 0 a 0 sched 2 doses 2/2 on time 2 sessions 0 min 0 partial",
      ])
    #expect(weekly.weeks.map(\.through).last == F.day("2026-03-31"))
    // The diary covers only one day of the four weeks before the last four full ones.
    #expect(weekly.comparison == nil)
  }

  @Test("weeks agree with the report's months over the same days")
  func agreesWithReport() {
    let record = Self.record()
    let weekly = WeeklyProgress.compute(record: record, weeks: 5)
    let report = Report.build(
      record: record,
      request: ReportRequest(from: F.day("2026-03-02"), through: F.day("2026-03-31"), generatedAt: record.now))
    let march = report.months[0]
    let weeks = weekly.weeks
    #expect(weeks.map(\.headacheDays).reduce(0, +) == march.headacheDays)
    #expect(weeks.map(\.migraineDays).reduce(0, +) == march.migraineDays)
    #expect(weeks.map(\.acuteMedicationDays).reduce(0, +) == march.acuteDays)
    #expect(weeks.map(\.sessionsCompleted).reduce(0, +) == march.sessionsCompleted)
    #expect(weeks.map(\.practiceMinutes).reduce(0, +) == march.minutesPractised)
    let expected = report.days.flatMap(\.doses).map(\.expected).reduce(0, +)
    #expect(weeks.map(\.dosesDue).reduce(0, +) == expected)
  }

  @Test("one week is the current one; counts outside 1…104 are held to it")
  func counts() {
    let record = Self.record()
    let one = WeeklyProgress.compute(record: record, weeks: 1)
    #expect(one.weeks.map(\.weekStart) == [F.day("2026-03-30")])
    #expect(one.weeks.first?.partial == true)
    #expect(WeeklyProgress.compute(record: record, weeks: 0).weeks.count == 1)
    #expect(WeeklyProgress.compute(record: record, weeks: 500).weeks.count == WeeklyProgress.weekLimit)
    #expect(WeeklyProgress.firstDayNeeded(weeks: 2, today: F.day("2026-03-31")) == F.day("2026-02-02"))
    #expect(WeeklyProgress.firstDayNeeded(weeks: 12, today: F.day("2026-03-31")) == F.day("2026-01-12"))
  }

  @Test("a diary known to start earlier than the record read observes the weeks between")
  func knownStart() {
    let weekly = WeeklyProgress.compute(record: Self.record(), weeks: 8, knownDiaryStart: F.day("2026-02-10"))
    #expect(weekly.weeks.map(\.observedDays).prefix(3) == [6, 7, 7])
    #expect(weekly.weeks.map(\.headacheDays).prefix(3) == [0, 0, 0])
  }

  @Test("weeks start on Monday in the patient's time zone")
  func timeZone() throws {
    // Sunday 03-22 13:00 UTC is Monday 03-23 02:00 in Auckland (UTC+13).
    let attack = Attack(id: "a", start: F.at("2026-03-22T13:00:00Z"), end: F.at("2026-03-22T14:00:00Z"), severity: 4)
    let entries = [DiaryEntry(sequence: 1, recordedAt: F.at("2026-03-22T15:00:00Z"), event: .attackLogged(attack))]
    func weeks(in zone: TimeZone) -> [String] {
      let record = CareRecord(
        ledger: DiaryLedger(entries), sessions: [], catalogue: F.catalogue, now: F.at("2026-03-31T00:00:00Z"),
        timeZone: zone)
      return WeeklyProgress.compute(record: record, weeks: 3).weeks.map { "\($0.weekStart) \($0.headacheDays)" }
    }
    let auckland = try #require(TimeZone(identifier: "Pacific/Auckland"))
    #expect(weeks(in: auckland) == ["2026-03-16 0", "2026-03-23 1", "2026-03-30 0"])
    #expect(weeks(in: F.utc) == ["2026-03-16 1", "2026-03-23 0", "2026-03-30 0"])
  }

  @Test("nothing recorded: no week is observed, none has doses or sessions")
  func empty() {
    let weekly = WeeklyProgress.compute(record: F.empty(), weeks: 8)
    #expect(weekly.weeks.count == 8)
    #expect(weekly.weeks.allSatisfy { !$0.isObserved && !$0.hasScheduledDoses && $0.sessionsCompleted == 0 })
    #expect(weekly.comparison == nil)
  }

  static func week(_ start: String, observed: Int = 7, headache: Int, due: Int = 7, taken: Int = 7, sessions: Int = 1)
    -> ProgressWeek
  {
    let day = F.day(start)
    return ProgressWeek(
      weekStart: day, through: day.adding(days: 6), partial: false, observedDays: observed, headacheDays: headache,
      migraineDays: 0, acuteMedicationDays: 0, scheduledDays: due > 0 ? 7 : 0, dosesDue: due, dosesTaken: taken,
      dosesOnTime: taken, sessionsCompleted: sessions, practiceMinutes: 0)
  }

  @Test("the comparison adds up the last four full weeks and the four before, leaving out the partial week")
  func comparison() throws {
    var weeks = [
      Self.week("2026-01-05", headache: 2), Self.week("2026-01-12", headache: 1),
      Self.week("2026-01-19", headache: 2), Self.week("2026-01-26", headache: 1),
      Self.week("2026-02-02", headache: 1, taken: 6), Self.week("2026-02-09", headache: 0, sessions: 2),
      Self.week("2026-02-16", headache: 1), Self.week("2026-02-23", headache: 1, taken: 5),
    ]
    var current = Self.week("2026-03-02", observed: 2, headache: 2)
    current.partial = true
    weeks.append(current)
    let comparison = try #require(ProgressComparison.compare(weeks))
    #expect(comparison.earlier.headacheDays == 6)
    #expect(comparison.recent.headacheDays == 3)
    #expect(comparison.recent.dosesTaken == 25)
    #expect(comparison.recent.dosesDue == 28)
    #expect(comparison.recent.sessionsCompleted == 5)
    #expect(comparison.recent.weekStart == F.day("2026-02-02"))
    // Seven full weeks are not enough; nor is a side the diary covers only in part.
    #expect(ProgressComparison.compare(Array(weeks.dropFirst())) == nil)
    weeks[0].observedDays = 3
    #expect(ProgressComparison.compare(weeks) == nil)
  }
}

/// The weeks from the diary window `tandem progress` reads are the weeks from the whole diary.
@Suite("Weekly progress from a window")
struct WeeklyProgressWindowTests {
  @Test("the weeks read from DiaryReach.since match the whole diary's", arguments: 1...40)
  func window(seed: Int) {
    let (record, entries) = MedicationViewsAgreeTests.diary(seed: UInt64(seed))
    // What the store's index gives: the earliest dose, skip or headache entry, corrections aside.
    let earliest = entries.compactMap { entry -> Date? in
      switch entry.event {
      case .doseTaken, .doseSkipped, .attackLogged: entry.event.windowKeys.occurredAt
      default: nil
      }
    }.min().map { LocalDate($0, in: record.timeZone) }
    for weeks in [1, 8, 26] {
      let first = WeeklyProgress.firstDayNeeded(weeks: weeks, today: record.today)
      let plan = DiaryReach.since(
        first, regimens: record.regimens, catalogue: record.catalogue, timeZone: record.timeZone)
      let part = WindowedReadsAgreeTests.windowed(plan, entries, like: record)
      let seen = WeeklyProgress.compute(record: part, weeks: weeks, knownDiaryStart: earliest)
      let whole = WeeklyProgress.compute(record: record, weeks: weeks, knownDiaryStart: earliest)
      #expect(seen == whole, "seed \(seed), \(weeks) weeks")
    }
  }
}
