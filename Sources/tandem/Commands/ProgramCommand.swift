import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemReports
import TandemTherapy

extension Tandem {
  /// Multi-week care programs: list them, start one, see where you are, pause, resume or leave.
  struct ProgramCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "program",
      abstract: "Multi-week care programs: list, start, status, pause, resume, leave.",
      discussion: """
        A program is a course of sessions, one opening each week, with home practice between them and \
        questionnaires at the start, along the way and at the end. It runs next to your medicines; it never \
        changes them. One program runs at a time; days while it is paused do not count.
        """,
      subcommands: [List.self, Show.self, Start.self, Status.self, Pause.self, Resume.self, Leave.self],
      defaultSubcommand: Status.self)

    struct List: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "The programs you can start.")
      @Option(help: "text or json.") var format: OutputFormat = .text
      @OptionGroup var options: CommonOptions

      func run() throws {
        let programs = options.loadContent().programs.map(\.program)
        switch format {
        case .json:
          print(
            try JSONOutput.encode(
              programs.map {
                ProgramListing(
                  id: $0.id, version: $0.version, title: $0.title, audience: $0.audience.rawValue, weeks: $0.weeks,
                  sessions: $0.sessions.count, summary: $0.summary)
              }))
        case .text:
          let style = options.style()
          if programs.isEmpty { print("No programs found.") }
          for program in programs {
            print(
              style.bold(TerminalText.sanitized(program.title)) + "  (\(program.id); \(program.audience.rawValue), "
                + "\(program.weeks) weeks, \(program.sessions.count) sessions)")
            for line in TextLayout.lines(program.summary, width: max(40, style.width - 2)) { print("  " + line) }
            print("  Start it with: tandem program start \(program.id)")
            print("")
          }
        }
      }
    }

    struct Show: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Preview a program: every week's session, home practice, questionnaires, parent pages.")
      @Argument(help: "The program's id, or a program file.") var name: String
      @Option(help: "text or json.") var format: OutputFormat = .text
      @OptionGroup var options: CommonOptions

      func run() throws {
        var content = options.loadContent()
        if name.hasSuffix(".yaml") || name.contains("/") {
          // A draft file: loaded with the shipped modules, its problems shown as 'validate' shows them.
          let home = ContentHome.locate()
          content = ContentLoader.load(paths: [home.modules, name] + options.modules, snippetPaths: [home.content])
          let problems = content.diagnostics.filter { $0.location?.file == name }
          if problems.contains(where: { $0.severity == .error }) {
            for diagnostic in problems { FileHandle.standardError.write(Data((diagnostic.description + "\n").utf8)) }
            throw ExitCode(1)
          }
        }
        guard
          let program = content.programs.first(where: { $0.program.id == name || $0.path == name })?.program
        else {
          let hint = Suggestion.closest(to: name, in: content.programs.map(\.program.id))
          throw CLIError(
            "no program '\(TerminalText.sanitized(name))'" + (hint.map { " (did you mean '\($0)'?)" } ?? "")
              + "; 'tandem program list' shows them")
        }
        if format == .json {
          print(try JSONOutput.encode(program))
          return
        }
        let style = options.style()
        let width = max(40, style.width - 4)
        func say(_ text: String, indent: String = "  ") {
          for line in TextLayout.lines(TerminalText.sanitized(text), width: width) { print(indent + line) }
        }
        let titles = Dictionary(
          content.modules.map { ($0.module.id, $0.module.title) }, uniquingKeysWith: { first, _ in first })
        print(style.bold(TerminalText.sanitized(program.title)))
        say(
          "\(program.audience.rawValue), \(program.weeks) weeks, \(program.sessions.count) sessions (version \(program.version))"
        )
        say(program.summary)
        print(style.bold("Medicines"))
        say(program.medication.note)
        if !program.medication.expects.isEmpty {
          say("Expects: " + program.medication.expects.map(\.rawValue).joined(separator: ", "))
        }
        print(style.bold("Week by week"))
        for (index, session) in program.sessions.enumerated() {
          say(
            "Week \(session.week), session \(index + 1): \(titles[session.module] ?? session.module) [\(session.module)]"
          )
          if let practice = session.practice {
            say("Practice: \(practice.module), \(practice.days) days a week. \(practice.text)", indent: "    ")
          }
          if let parent = session.parent { say("For a parent or carer: " + parent, indent: "    ") }
        }
        if !program.measures.isEmpty { print(style.bold("Questionnaires")) }
        for measure in program.measures {
          let weeks = measure.weeks.sorted().map { $0 == 0 ? "baseline" : "week \($0)" }.joined(separator: ", ")
          say("\(titles[measure.module] ?? measure.module) [\(measure.module)]: \(weeks)")
        }
      }
    }

    struct Start: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Start a program today.")
      @Argument(help: "The program's id (see 'tandem program list').") var name: String
      @OptionGroup var options: CommonOptions

      func run() throws {
        let content = options.loadContent()
        guard let loaded = content.programs.first(where: { $0.program.id == name }) else {
          let hint = Suggestion.closest(to: name, in: content.programs.map(\.program.id))
          throw CLIError(
            "no program '\(TerminalText.sanitized(name))'" + (hint.map { " (did you mean '\($0)'?)" } ?? "")
              + "; 'tandem program list' shows them")
        }
        let context = try DiaryContext.open(options)
        let today = LocalDate(context.now, in: context.timeZone)
        if let run = try ProgramView.run(context: context), run.status != .left,
          let current = content.programs.first(where: { $0.program.id == run.program })
        {
          let progress = ProgramProgress.compute(
            current.program, run: run, completions: try ProgramView.completions(context), today: today)
          if progress.status != "finished" {
            throw CLIError(
              "'\(run.program)' is still running (week \(progress.week) of \(progress.weeks)); "
                + "leave it first with 'tandem program leave', then start another")
          }
        }
        let program = loaded.program
        try context.store.append(
          .started(program: program.id, version: program.version, contentHash: loaded.contentHash, startDate: today),
          at: context.now)
        let style = options.style()
        print(style.bold("Started: \(TerminalText.sanitized(program.title))"))
        print("  \(program.weeks) weeks from today, \(program.sessions.count) sessions.")
        for line in TextLayout.lines(program.medication.note, width: max(40, style.width - 2)) { print("  " + line) }
        if let first = program.sessions.first {
          print("  First session: tandem session start \(first.module)")
        }
        for baseline in program.measures where baseline.weeks.contains(0) {
          print("  Before it, a short questionnaire: tandem session start \(baseline.module)")
        }
      }
    }

    struct Status: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Where you are: the week, the session that is open, practice this week, questionnaires due.")
      @Option(help: "text or json.") var format: OutputFormat = .text
      @OptionGroup var options: CommonOptions

      func run() throws {
        let context = try DiaryContext.open(options, reading: true)
        let content = options.loadContent()
        let offer = ProgramView.offer(context: context, content: content)
        guard let view = try ProgramView.current(context: context, content: content) else {
          switch format {
          case .json: print("null")
          case .text:
            print("No program started. 'tandem program list' shows the programs you can start.")
            if let offer { print(offer) }
          }
          return
        }
        if format == .text, let offer { print(offer) }
        switch format {
        case .json: print(try JSONOutput.encode(view))
        case .text:
          for line in view.lines(style: options.style(), detailed: true) { print(line) }
        }
      }
    }

    struct Pause: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Pause the program: its weeks stand still until you resume.")
      @OptionGroup var options: CommonOptions
      func run() throws {
        try ProgramView.change(options, from: .active, to: { .paused(program: $0) }, done: "Paused")
      }
    }

    struct Resume: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Resume a paused program where you left it.")
      @OptionGroup var options: CommonOptions
      func run() throws {
        try ProgramView.change(options, from: .paused, to: { .resumed(program: $0) }, done: "Resumed")
      }
    }

    struct Leave: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Leave the program. What you did stays in your record; you can start a program again later.")
      @OptionGroup var options: CommonOptions
      func run() throws {
        try ProgramView.change(options, from: nil, to: { .left(program: $0) }, done: "Left")
      }
    }
  }
}

struct ProgramListing: Encodable {
  var id: String
  var version: Int
  var title: String
  var audience: String
  var weeks: Int
  var sessions: Int
  var summary: String
}

/// The program a patient is in, as status, `today` and the home screen show it.
struct ProgramView: Encodable {
  var program: String
  var title: String
  var version: Int
  var startDate: LocalDate
  var progress: ProgramProgress
  /// Each medicine the program expects, and whether the record shows one.
  var medication: [MedicationCheck]
  var medicationNote: String
  /// The open session's parent page (teen programs).
  var parentPage: String?

  struct MedicationCheck: Encodable {
    var expects: String
    var onRecord: [String]

    enum CodingKeys: String, CodingKey {
      case expects
      case onRecord = "on_record"
    }
  }

  enum CodingKeys: String, CodingKey {
    case program, title, version, progress, medication
    case startDate = "start_date"
    case medicationNote = "medication_note"
    case parentPage = "parent_page"
  }

  /// The latest program run in the store.
  static func run(context: DiaryContext) throws -> ProgramEnrolment? {
    let events = try context.store.programEvents().map { ($0.event, LocalDate($0.at, in: context.timeZone)) }
    return ProgramEnrolment.latest(events, today: LocalDate(context.now, in: context.timeZone))
  }

  /// Completed sessions: module and local day.
  static func completions(_ context: DiaryContext) throws -> [(module: String, day: LocalDate)] {
    try context.store.allSessions().filter { $0.state.status == .completed }.map {
      ($0.module.id, LocalDate($0.lastActivity, in: context.timeZone))
    }
  }

  /// The program the patient is in (running, paused, finished or left), or nil.
  static func current(context: DiaryContext, content: LoadedContent) throws -> ProgramView? {
    guard let run = try run(context: context) else { return nil }
    guard let program = content.programs.first(where: { $0.program.id == run.program })?.program else {
      throw CLIError("the program '\(run.program)' you started is not among the loaded programs")
    }
    let today = LocalDate(context.now, in: context.timeZone)
    let progress = ProgramProgress.compute(program, run: run, completions: try completions(context), today: today)
    let active = try context.regimens().filter { $0.isActive(on: today) }
    func names(_ keep: (Regimen, Medication?) -> Bool) -> [String] {
      active.filter { keep($0, context.catalogue.medication(id: $0.medicationID)) }
        .map { context.catalogue.medication(id: $0.medicationID)?.genericName ?? $0.medicationID }
    }
    let checks = program.medication.expects.map { expectation -> MedicationCheck in
      let found: [String]
      switch expectation {
      case .preventive:
        found = names { regimen, medication in
          if case .asNeeded = regimen.schedule { return false }
          return medication?.use != .acute
        }
      case .amitriptyline:
        found = names { regimen, _ in regimen.medicationID == "amitriptyline" }
      case .acutePlan:
        found = names { regimen, _ in
          if case .asNeeded = regimen.schedule { return true }
          return false
        }
      }
      return MedicationCheck(expects: expectation.rawValue, onRecord: found)
    }
    let parent = progress.openSession.flatMap { open in program.sessions[open.number - 1].parent }
    return ProgramView(
      program: program.id, title: program.title, version: program.version, startDate: run.startDate,
      progress: progress, medication: checks, medicationNote: program.medication.note, parentPage: parent)
  }

  /// A program the care team assigned that the patient has not started since: a line saying who
  /// suggests it and how to start it.
  static func offer(context: DiaryContext, content: LoadedContent) -> String? {
    guard let latest = try? context.store.programAssignments().last,
      let program = content.programs.first(where: { $0.program.id == latest.assignment.program })?.program
    else { return nil }
    let started = (try? context.store.programEvents())?.contains { event in
      if case .started(let id, _, _, _) = event.event { return id == program.id && event.at >= latest.at }
      return false
    }
    guard started != true else { return nil }
    if let run = try? run(context: context), run.program == program.id, run.status != .left { return nil }
    return "\(TerminalText.sanitized(latest.assignment.assignedBy, keepNewlines: false)) suggests the program "
      + "\(TerminalText.sanitized(program.title)): tandem program start \(program.id)"
  }

  /// What a report needs to give the program's outcomes, or nil without a program.
  static func reportContext(context: DiaryContext, content: LoadedContent) -> ProgramContext? {
    guard let view = try? current(context: context, content: content) else { return nil }
    let p = view.progress
    return ProgramContext(
      program: view.program, title: view.title, startDate: view.startDate, week: p.week, weeks: p.weeks,
      status: p.status, sessionsDone: p.sessionsDone, sessionsTotal: p.sessions.count, practiceDays: p.practiceDays)
  }

  /// Records a pause, resume or leave when the current run's status allows it.
  static func change(
    _ options: CommonOptions, from required: ProgramEnrolment.Status?, to event: (String) -> ProgramEvent,
    done: String
  ) throws {
    let context = try DiaryContext.open(options)
    guard let run = try run(context: context), run.status != .left else {
      throw CLIError("no program is running; 'tandem program list' shows the programs you can start")
    }
    if let required, run.status != required {
      throw CLIError("'\(run.program)' is \(run.status.rawValue), not \(required.rawValue)")
    }
    try context.store.append(event(run.program), at: context.now)
    print("\(done): \(run.program).")
  }

  /// The view as lines of text: one heading and a few short lines (`detailed` adds every
  /// session, the medication context and the parent page).
  func lines(style: TerminalStyle, detailed: Bool) -> [String] {
    var out: [String] = []
    let p = progress
    let state: String
    switch p.status {
    case "paused": state = "paused in week \(p.week) of \(p.weeks); 'tandem program resume' goes on"
    case "left": state = "left; what you did stays in your record"
    case "finished": state = "all \(p.weeks) weeks done"
    default: state = "week \(p.week) of \(p.weeks)"
    }
    out.append(style.bold(TerminalText.sanitized(title)) + ": " + state)
    if p.status == "finished" {
      out.append("  Sessions done: \(p.sessionsDone) of \(p.sessions.count).")
    }
    if p.status == "active" || p.status == "finished" {
      if let open = p.openSession, p.status == "active" {
        out.append("  Session \(open.number) is open: tandem session start \(open.module)")
      } else if p.status == "active" {
        out.append("  This week's session is done.")
      }
      if let practice = p.practice, p.status == "active" {
        out.append(
          "  Practice this week: \(practice.daysDone) of \(practice.daysAimed) days (tandem session start \(practice.module))"
        )
      }
      for due in p.measuresDue {
        let when =
          due.week == 0 ? "the starting check" : due.week >= p.weeks ? "the end check" : "the week \(due.week) check"
        out.append("  Questionnaire due, \(when): tandem session start \(due.module)")
      }
    }
    guard detailed else { return out }
    out.append(
      "  Started \(startDate); sessions done: \(p.sessionsDone) of \(p.sessions.count); practice days: \(p.practiceDays)"
    )
    out.append(style.bold("Sessions"))
    for session in p.sessions {
      let mark = session.state == "done" ? "✓" : session.state == "open" ? "→" : " "
      out.append(
        "  \(mark) week \(session.week): \(session.module)"
          + (session.completedOn.map { " (done \($0))" } ?? ""))
    }
    if let next = p.nextMeasure {
      out.append("  Next questionnaire: \(next.module) from \(next.dueOn)")
    }
    out.append(style.bold("Medicines"))
    for line in TextLayout.lines(medicationNote, width: max(40, style.width - 2)) { out.append("  " + line) }
    for check in medication {
      let what =
        check.expects == "acute-plan"
        ? "an acute (rescue) plan" : check.expects == "preventive" ? "a preventive" : check.expects
      out.append(
        check.onRecord.isEmpty
          ? "  The program expects \(what); none is in your medicines. If that is not right, ask your prescriber "
            + "or add it with 'tandem meds add'."
          : "  The program expects \(what): on record, \(check.onRecord.map { TerminalText.sanitized($0) }.joined(separator: ", "))."
      )
    }
    if let parentPage {
      out.append(style.bold("For a parent or carer"))
      for line in TextLayout.lines(parentPage, width: max(40, style.width - 2)) { out.append("  " + line) }
    }
    return out
  }
}
