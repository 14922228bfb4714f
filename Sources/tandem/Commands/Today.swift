import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemReports
import TandemTherapy

extension Tandem {
  /// The patient's day: what is due, what was logged, the headache in progress and the session
  /// to do next.
  struct Today: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Your day: doses due and overdue, what you logged, a headache in progress, the session to do next.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let content = options.loadContent()
      let program = DayScreen.program(context: context, content: content)
      let day = try DayScreen.compute(context: context, content: content, program: program)
      let suggestions = try DayScreen.suggestions(context: context, content: content)
      let offer = ProgramView.offer(context: context, content: content)
      switch format {
      case .json:
        print(try JSONOutput.encode(TodayOutput(day: day, program: program, suggestions: suggestions)))
      case .text:
        print(
          DayScreen.render(
            day, context: context, style: options.style(), program: program, suggestions: suggestions,
            programOffer: offer),
          terminator: "")
      }
    }
  }
}

/// `tandem today --format json`: the day's keys, and `program` (null without one).
struct TodayOutput: Encodable {
  var day: PatientDay
  var program: ProgramView?
  var suggestions: [FiredSuggestion]

  enum Keys: String, CodingKey { case program, suggestions }

  func encode(to encoder: any Encoder) throws {
    try day.encode(to: encoder)
    var container = encoder.container(keyedBy: Keys.self)
    try container.encode(program, forKey: .program)
    try container.encode(suggestions, forKey: .suggestions)
  }
}

/// The day as the home screen and `tandem today` show it.
enum DayScreen {
  /// What the suggestion rules propose today, from the last 90 days of the record (the report's
  /// own figures, so the clinician's report gives the same reasons).
  static func suggestions(context: DiaryContext, content: LoadedContent) throws -> [FiredSuggestion] {
    let today = LocalDate(context.now, in: context.timeZone)
    let first = today.adding(days: -89)
    let plan = DiaryReach.since(
      first, regimens: try context.regimens(), catalogue: context.catalogue, timeZone: context.timeZone)
    let record = try context.record(plan, sessions: try context.store.allSessions())
    var request = ReportRequest(from: first, through: today, generatedAt: context.now)
    request.suggestionRules = SuggestionRule.withBuiltIns(content.suggestionRules)
    return Report.build(record: record, request: request).suggestions ?? []
  }

  /// The program the patient is in, when one is running, paused or just finished (a program that
  /// cannot be read does not stop the day from showing; `tandem program status` says why).
  static func program(context: DiaryContext, content: LoadedContent) -> ProgramView? {
    guard let view = try? ProgramView.current(context: context, content: content), view.progress.status != "left"
    else { return nil }
    // A finished program shows for four weeks after its end (its end questionnaires), then gives way.
    if view.progress.status == "finished" {
      let end = view.progress.weekStart.adding(days: 7)
      if end.days(to: LocalDate(context.now, in: context.timeZone)) > 28 { return nil }
    }
    return view
  }

  /// The day as of the context's now, reading the diary a few weeks back and every session;
  /// `program` (as `program(context:content:)` gives it) makes its open session the suggestion.
  static func compute(context: DiaryContext, content: LoadedContent, program: ProgramView?) throws -> PatientDay {
    // The due plan reads from before today, so today's doses and headaches are all in it, and
    // a window always holds the headache still in progress.
    let record = try context.dueRecord()
    let sessions = try context.store.allSessions()
    let open = sessions.filter { $0.state.status.isOpen }.max { $0.lastActivity < $1.lastActivity }
    let assignments = try context.store.assignments().map {
      ModulePath.Assignment(moduleID: $0.assignment.module, at: $0.at, by: $0.assignment.assignedBy)
    }
    var day = PatientDay.compute(
      record: record, modules: content.modules.map(\.module), sessions: sessions, open: open,
      assignments: assignments)
    // A running program's open session is the suggestion (a therapist's assignment still comes first).
    if let program, program.progress.status == "active",
      let session = program.progress.openSession, day.nextSession?.reason != .assigned,
      let module = content.module(session.module)?.module
    {
      day.nextSession = ModulePath.Suggestion(
        moduleID: module.id, title: module.title, minutes: module.minutes, reason: .program)
    }
    return day
  }

  /// The day as text for a terminal, each line ending in a newline and wrapped at words to the
  /// terminal's width (continuations under the text they continue). `compact` (a short
  /// terminal) says an empty section in its heading's line.
  static func render(
    _ day: PatientDay, context: DiaryContext, style: TerminalStyle, compact: Bool = false, medicationLines: Int? = nil,
    program: ProgramView? = nil, suggestions: [FiredSuggestion] = [], programOffer: String? = nil
  ) -> String {
    let clock = ClockText(timeZone: context.timeZone, today: day.date)
    let width = style.width
    /// One item: a short label in its own column, then text wrapped beside it.
    func item(_ label: String, _ paint: (String) -> String = { $0 }, _ body: String) -> String {
      let column = 2 + label.count + 2
      let lines = TextLayout.lines(body, width: max(20, width - column))
      let pad = String(repeating: " ", count: column)
      return "  " + paint(label) + "  " + lines.joined(separator: "\n" + pad) + "\n"
    }
    func heading(_ title: String, empty: String? = nil) -> String {
      if compact, let empty { return "\n" + style.bold(title) + ": " + empty + "\n" }
      return "\n" + style.bold(title) + "\n"
        + (empty.map { "  " + $0.prefix(1).uppercased() + $0.dropFirst() + "\n" } ?? "")
    }
    var text = style.bold("Today, \(clock.weekday(day.now))") + "\n"
    // The crisis options come before anything else.
    for item in suggestions where item.suggest == SuggestionRule.crisis {
      let line =
        "First, the crisis options: call or text 988 (US) or your local emergency number, or type :crisis in any "
        + "session. Why: \(TerminalText.sanitized(item.reason, keepNewlines: false)) (rule \(item.rule))"
      text += TextLayout.lines(line, width: width - 2, continuation: "  ").map { "  " + style.red($0) + "\n" }.joined()
    }

    if day.due.isEmpty && day.upcoming.isEmpty {
      text += heading("Medication", empty: "nothing scheduled. Add a medicine with 'tandem meds add'.")
    } else if day.due.isEmpty {
      text += heading("Medication", empty: "nothing due now.")
    } else {
      text += heading("Medication")
    }
    // One line per regimen: what is due now, a late dose that still counts, and the run missed.
    var seen = Set<String>()
    let regimens = day.due.filter { seen.insert($0.regimenID).inserted }
    let shown = medicationLines.map { min($0, regimens.count) } ?? regimens.count
    for first in regimens.prefix(shown) {
      let mine = day.due.filter { $0.regimenID == first.regimenID }
      let name = TerminalText.sanitized(first.medication)
      let dose = "\(first.dose)" + (first.isLoadingDose ? " (loading dose)" : "")
      var parts: [String] = []
      for due in mine where due.status == .dueNow {
        // Inside its window but not yet at its time (a monthly injection's window opens days early).
        if due.due > day.now {
          parts.append("due \(clock.when(due.due)), can be taken now")
        } else {
          parts.append(mine.count == 1 ? clock.when(due.due) : "\(clock.when(due.due)) due now")
        }
      }
      let late = mine.first { $0.status == .overdue }
      let missed = mine.first { $0.status == .missed }
      if let late {
        let until = late.lateUntil.map { ", still counts until \(clock.when($0))" } ?? ""
        parts.append(missed == nil ? "due \(clock.when(late.due))\(until)" : clock.dose(late.due) + until)
      }
      if let missed {
        parts.append(
          missed.missed > 1
            ? "\(missed.missed) missed since \(clock.day(missed.due))" : "missed \(clock.when(missed.due))")
      }
      let overdue = late != nil || missed != nil
      text += item(
        overdue ? "overdue" : "due now", overdue ? style.red : style.bold,
        "\(name) \(dose), " + parts.joined(separator: "; "))
    }
    if shown < regimens.count {
      text += "  " + style.dim("… and \(regimens.count - shown) more due: 'tandem today' lists them all") + "\n"
    }
    for next in day.upcoming.prefix(medicationLines == nil ? 3 : 0) {
      text += item(
        "next   ", style.dim, "\(TerminalText.sanitized(next.medication)) \(next.dose), \(clock.when(next.due))")
    }

    text += heading("Logged today", empty: day.logged.isEmpty ? "nothing yet." : nil)
    for logged in day.logged {
      // A headache begun before today says which day.
      let at = clock.when(logged.at)
      let medication = TerminalText.sanitized(logged.medication ?? "")
      let amount = logged.amount.map { " \($0)" } ?? ""
      let body: String
      switch logged.kind {
      case .doseTaken: body = "\(medication)\(amount) taken"
      case .acuteTaken: body = "\(medication)\(amount) taken for the headache"
      case .doseSkipped: body = "\(medication) skipped"
      case .attack:
        let end = logged.end.map { "until \(clock.when($0))" } ?? "still going on"
        body = "headache, \(Self.worst(logged.severity ?? 0)), \(end)"
      }
      text += item(at, { $0 }, body + "  #\(logged.entry)")
    }

    if let attack = day.attack {
      text += heading("Headache in progress")
      var line = "Since \(clock.when(attack.start)) (\(CareRecord.describe(delay: Double(attack.minutesSoFar) * 60)))"
      line += attack.severity == 0 ? ", pain not rated yet" : ", worst \(attack.severity)/10 so far"
      if !attack.acute.isEmpty {
        line += "; taken: " + attack.acute.map { TerminalText.sanitized($0) }.joined(separator: ", ")
      }
      // Open for longer than a migraine lasts: most likely never ended.
      if Double(attack.minutesSoFar) * 60 > SessionDiaryBridge.staleAfter {
        line +=
          ". Still open after \(attack.minutesSoFar / 1440) days: if it has ended, say when with"
          + " 'tandem attack end --at TIME'"
      }
      text += TextLayout.lines(line + ".", width: width - 2).map { "  " + $0 + "\n" }.joined()
    }

    if program == nil, let programOffer {
      text += heading("Program")
      text += TextLayout.lines(programOffer, width: width - 2, continuation: "  ").map { "  " + $0 + "\n" }.joined()
    }
    if let program {
      text += heading("Program")
      if let programOffer {
        text += TextLayout.lines(programOffer, width: width - 2, continuation: "  ").map { "  " + $0 + "\n" }.joined()
      }
      for line in program.lines(style: style, detailed: false) {
        text += TextLayout.lines(
          line.hasPrefix("  ") ? String(line.dropFirst(2)) : line, width: width - 2, continuation: "  "
        )
        .map { "  " + $0 + "\n" }.joined()
      }
    }

    text += heading("Practice")
    var practice: [String] = []
    if let paused = day.pausedSession {
      practice.append(
        "In progress: \(TerminalText.sanitized(paused.title)), step \(paused.step) of about \(paused.ofAbout)"
          + " (\(paused.status.rawValue) since \(clock.when(paused.since)))")
    }
    if let next = day.nextSession {
      let why =
        switch next.reason {
        case .nextInOrder: "next in order"
        case .practiseAgain: "practised least recently"
        case .program: "this week's session of your program"
        case .assigned:
          "assigned by \(TerminalText.sanitized(next.assignedBy ?? "your therapist", keepNewlines: false))"
        }
      let rule = suggestions.first { $0.suggest == next.moduleID }
      practice.append(
        "Suggested: \(TerminalText.sanitized(next.title)), about \(next.minutes) min (\(why))"
          + (rule.map { ". Why: \(TerminalText.sanitized($0.reason, keepNewlines: false)) (rule \($0.rule))" } ?? ""))
    }
    for item in suggestions where item.suggest != SuggestionRule.crisis && item.suggest != day.nextSession?.moduleID {
      practice.append(
        "Worth a look: tandem session start \(item.suggest). Why: "
          + "\(TerminalText.sanitized(item.reason, keepNewlines: false)) (rule \(item.rule))")
    }
    let sessions = day.practice.completedThisWeek
    practice.append(
      "This week: \(sessions) session\(sessions == 1 ? "" : "s") completed"
        + (day.practice.weekStreak > 1 ? "; \(day.practice.weekStreak) weeks in a row with practice" : "") + ".")
    for line in practice {
      text += TextLayout.lines(line, width: width - 2, continuation: "  ").map { "  " + $0 + "\n" }.joined()
    }
    return text
  }

  /// A headache's worst pain as the patient logged it; 0 is "no pain rating yet" (a headache
  /// started without one).
  static func worst(_ severity: Int) -> String {
    severity == 0 ? "pain not rated yet" : "worst \(severity)/10"
  }
}

/// Times on the day screen: "08:00" today, "yesterday 21:00", "Mon 30 Nov 08:00" further off
/// (with the year when it is not this one). Its formatters are made once per screen.
struct ClockText {
  let timeZone: TimeZone
  let today: LocalDate
  private let formatters: [String: DateFormatter]

  init(timeZone: TimeZone, today: LocalDate) {
    self.timeZone = timeZone
    self.today = today
    var formatters: [String: DateFormatter] = [:]
    for pattern in ["HH:mm", "EEE d MMM", "EEE d MMM yyyy", "EEEE d MMMM"] {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_GB")
      formatter.timeZone = timeZone
      formatter.dateFormat = pattern
      formatters[pattern] = formatter
    }
    self.formatters = formatters
  }

  func time(_ instant: Date) -> String { format("HH:mm", instant) }

  func when(_ instant: Date) -> String {
    let day = LocalDate(instant, in: timeZone)
    switch today.days(to: day) {
    case 0: return time(instant)
    case -1: return "yesterday " + time(instant)
    case 1: return "tomorrow " + time(instant)
    default: return format(sameYear(instant) ? "EEE d MMM" : "EEE d MMM yyyy", instant) + " " + time(instant)
    }
  }

  /// The day alone: "today", "yesterday", "Sun 1 Mar", with the year when it is not this one.
  func day(_ instant: Date) -> String {
    switch today.days(to: LocalDate(instant, in: timeZone)) {
    case 0: return "today"
    case -1: return "yesterday"
    default: return format(sameYear(instant) ? "EEE d MMM" : "EEE d MMM yyyy", instant)
    }
  }

  /// A dose named by when it was due: "yesterday's 08:00 dose", "the Sat 7 Mar 08:00 dose".
  func dose(_ instant: Date) -> String {
    today.days(to: LocalDate(instant, in: timeZone)) == -1
      ? "yesterday's \(time(instant)) dose" : "the \(when(instant)) dose"
  }

  func weekday(_ instant: Date) -> String { format("EEEE d MMMM", instant) }

  private func sameYear(_ instant: Date) -> Bool { LocalDate(instant, in: timeZone).year == today.year }

  private func format(_ pattern: String, _ instant: Date) -> String {
    formatters[pattern]?.string(from: instant) ?? ""
  }
}
