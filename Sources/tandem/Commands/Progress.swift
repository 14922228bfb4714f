import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemReports
import TandemTherapy

extension Tandem {
  /// Shows what the patient has done so far, and headaches and preventive doses next to practice, week by week.
  struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Modules completed, time spent, weekly streak, rating changes, and headache days, doses and practice week by week.",
      discussion: """
        After the summary, a table shows the last weeks (8 unless --weeks says otherwise), Monday to Sunday in your \
        time zone; the current week is marked * and counts the days so far. Headache, migraine and acute-medication \
        days are counted as the prescriber report counts them (an attack counts on every day it touches). Weeks \
        before your diary began (your first dose, headache, session or medication) show – instead of 0, because \
        nothing is known about them; Doses shows – in weeks without a scheduled preventive, and counts taken/due \
        doses whose time has passed (a dose still due today is not counted yet). Under the table, one sentence \
        compares the last 4 full weeks with the 4 before, when the diary covers all 8.
        """)

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @Option(
      name: .long,
      help: ArgumentHelp(
        "How many weeks the table shows, \(1) to \(WeeklyProgress.weekLimit).", valueName: "n"))
    var weeks: Int = WeeklyProgress.defaultWeeks

    @OptionGroup var options: CommonOptions

    func validate() throws {
      guard (1...WeeklyProgress.weekLimit).contains(weeks) else {
        throw ValidationError("--weeks must be from 1 to \(WeeklyProgress.weekLimit), not \(weeks)")
      }
    }

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let sessions = try context.store.allSessions()
      let zone = context.timeZone
      var calendar = Calendar.current
      calendar.timeZone = zone
      let progress = PracticeProgress.compute(sessions, now: context.now, calendar: calendar)
      // Only the weeks shown (and the eight the comparison needs) are read from the diary, with each schedule's
      // days before them; where the diary began comes from an index.
      let first = WeeklyProgress.firstDayNeeded(weeks: weeks, today: LocalDate(context.now, in: zone))
      let plan = DiaryReach.since(
        first, regimens: try context.regimens(), catalogue: context.catalogue, timeZone: zone)
      let record = try context.record(plan, sessions: sessions)
      let diaryStart = try context.store.earliestDiaryActivity().map { LocalDate($0, in: zone) }
      let weekly = WeeklyProgress.compute(record: record, weeks: weeks, knownDiaryStart: diaryStart)
      let measures = MeasureHistory.results(sessions)
      let outcomes = try programOutcomes(context: context, sessions: sessions)
      switch format {
      case .json:
        print(
          try JSONOutput.encode(
            ProgressOutput(
              progress: progress, weekly: weekly, measures: measures.map { .init($0, zone: zone) },
              programOutcomes: outcomes)))
      case .text:
        let style = options.style()
        print(style.bold("Your progress"))
        print(
          "  Sessions completed: \(progress.sessionsCompleted)  (open: \(progress.sessionsOpen), ended early: \(progress.sessionsAbandoned))"
        )
        if progress.safetyStops > 0 { print("  Stopped by a safety check: \(progress.safetyStops)") }
        print(
          "  Modules completed: \(progress.modulesCompleted.isEmpty ? "none yet" : progress.modulesCompleted.joined(separator: ", "))"
        )
        print(
          "  Time in sessions: \(minutes(progress.secondsInSessions)); timed practice: \(minutes(progress.secondsPractised))"
        )
        print("  Weeks in a row with practice: \(progress.weekStreak)")
        let byRating = Dictionary(grouping: progress.ratingChanges, by: \.rating)
        if !byRating.isEmpty { print(style.bold("Before and after")) }
        for (rating, changes) in byRating.sorted(by: { $0.key < $1.key }) {
          let average = Double(changes.map(\.change).reduce(0, +)) / Double(changes.count)
          let last = changes[changes.count - 1]
          print(
            "  \(TerminalText.sanitized(rating)): \(changes.count) session\(changes.count == 1 ? "" : "s"), "
              + "average change \(String(format: "%+.1f", average)); last \(last.before) → \(last.after)")
        }
        if !measures.isEmpty { print(style.bold("Questionnaires")) }
        for (title, results) in Dictionary(grouping: measures, by: \.title).sorted(by: { $0.key < $1.key }) {
          let series = results.suffix(6).map { result -> String in
            let day = LocalDate(result.recordedAt, in: zone)
            guard let total = result.score.total else { return "not scored (\(day))" }
            return "\(total)" + (result.score.band.map { " \($0)" } ?? "") + " (\(day))"
          }
          let mark = results.contains { $0.score.crisis } ? " " + style.red("!") : ""
          print("  \(TerminalText.sanitized(title)): " + series.joined(separator: " → ") + mark)
        }
        if let outcomes {
          print(style.bold("Program"))
          for line in outcomes.lines {
            for (index, part) in TextLayout.lines(TerminalText.sanitized(line), width: max(40, style.width - 4))
              .enumerated()
            {
              print((index == 0 ? "  " : "    ") + part)
            }
          }
        }
        print(style.bold("Week by week"))
        for line in WeekTable.lines(weekly) { print(line) }
      }
    }

    /// The program's outcomes from a report reaching 28 days before its start.
    private func programOutcomes(context: DiaryContext, sessions: [StoredSession]) throws -> ProgramOutcomes? {
      let content = options.loadContent()
      guard let program = ProgramView.reportContext(context: context, content: content) else { return nil }
      let today = LocalDate(context.now, in: context.timeZone)
      let first = min(program.startDate.adding(days: -28), today)
      let plan = DiaryReach.since(
        first, regimens: try context.regimens(), catalogue: context.catalogue, timeZone: context.timeZone)
      let record = try context.record(plan, sessions: sessions)
      var request = ReportRequest(from: first, through: today, generatedAt: context.now)
      request.program = program
      return TandemReports.Report.build(record: record, request: request).programOutcomes
    }

    private func minutes(_ seconds: Int) -> String {
      seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min"
    }
  }
}

/// `tandem progress --format json`: the summary's keys as they were, and `weeks` in snake_case.
struct ProgressOutput: Encodable {
  /// One week of the table.
  struct Week: Encodable {
    var weekStart: LocalDate
    var partial: Bool
    var observedDays: Int
    var headacheDays: Int
    var migraineDays: Int
    var acuteMedicationDays: Int
    var dosesDue: Int
    var dosesTaken: Int
    var dosesOnTime: Int
    var sessionsCompleted: Int
    var practiceMinutes: Int

    enum CodingKeys: String, CodingKey {
      case weekStart = "week_start"
      case partial
      case observedDays = "observed_days"
      case headacheDays = "headache_days"
      case migraineDays = "migraine_days"
      case acuteMedicationDays = "acute_medication_days"
      case dosesDue = "doses_due"
      case dosesTaken = "doses_taken"
      case dosesOnTime = "doses_on_time"
      case sessionsCompleted = "sessions_completed"
      case practiceMinutes = "practice_minutes"
    }

    init(_ week: ProgressWeek) {
      weekStart = week.weekStart
      partial = week.partial
      observedDays = week.observedDays
      headacheDays = week.headacheDays
      migraineDays = week.migraineDays
      acuteMedicationDays = week.acuteMedicationDays
      dosesDue = week.dosesDue
      dosesTaken = week.dosesTaken
      dosesOnTime = week.dosesOnTime
      sessionsCompleted = week.sessionsCompleted
      practiceMinutes = week.practiceMinutes
    }
  }

  /// One questionnaire score.
  struct Measure: Encodable {
    var date: LocalDate
    var measure: String
    var title: String
    var total: Int?
    var maximum: Int?
    var band: String?
    var prorated: Bool
    var missing: Int
    var change: Int?
    var crisis: Bool
    var subscales: [MeasureScore.SubscaleScore]

    init(_ result: MeasureResult, zone: TimeZone) {
      date = LocalDate(result.recordedAt, in: zone)
      measure = result.score.measure
      title = result.title
      total = result.score.total
      maximum = result.maximum
      band = result.score.band
      prorated = result.score.prorated
      missing = result.score.missing.count
      change = result.change
      crisis = result.score.crisis
      subscales = result.score.subscales
    }
  }

  var progress: PracticeProgress
  var weekly: WeeklyProgress
  var measures: [Measure]
  var programOutcomes: ProgramOutcomes?

  enum Keys: String, CodingKey {
    case weeks, measures
    case programOutcomes = "program_outcomes"
  }

  func encode(to encoder: any Encoder) throws {
    try progress.encode(to: encoder)
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(weekly.weeks.map(Week.init), forKey: .weeks)
    try container.encode(measures, forKey: .measures)
    try container.encode(programOutcomes, forKey: .programOutcomes)
  }
}
