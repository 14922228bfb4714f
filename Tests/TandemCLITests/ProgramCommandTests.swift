import Foundation
import Testing

/// The shipped programs as a patient lives them: `tandem program list|start|status|pause|resume|leave`
/// and `tandem today`, over simulated weeks (TANDEM_NOW), with every session run from the answer
/// scripts in `Modules/*.test.yaml`.
@Suite("Programs from the command line")
struct ProgramCommandTests {
  /// `tandem program status --format json`.
  struct Status: Decodable {
    struct Progress: Decodable {
      let status: String
      let week: Int
      let weeks: Int
      let weekStart: String
      let sessions: [Session]
      let openSession: Session?
      let practice: Practice?
      let measuresDue: [Measure]
      let nextMeasure: Measure?
      let sessionsDone: Int
      let practiceDays: Int

      enum CodingKeys: String, CodingKey {
        case status, week, weeks, sessions, practice
        case weekStart = "week_start"
        case openSession = "open_session"
        case measuresDue = "measures_due"
        case nextMeasure = "next_measure"
        case sessionsDone = "sessions_done"
        case practiceDays = "practice_days"
      }
    }
    struct Session: Decodable {
      let number: Int
      let week: Int
      let module: String
      let state: String
      let completedOn: String?

      enum CodingKeys: String, CodingKey {
        case number, week, module, state
        case completedOn = "completed_on"
      }
    }
    struct Practice: Decodable {
      let module: String
      let daysAimed: Int
      let daysDone: Int

      enum CodingKeys: String, CodingKey {
        case module
        case daysAimed = "days_aimed"
        case daysDone = "days_done"
      }
    }
    struct Measure: Decodable, Equatable, CustomStringConvertible {
      let module: String
      let week: Int
      let dueOn: String
      var description: String { "\(module)@\(week) from \(dueOn)" }

      enum CodingKeys: String, CodingKey {
        case module, week
        case dueOn = "due_on"
      }
    }
    struct Check: Decodable {
      let expects: String
      let onRecord: [String]

      enum CodingKeys: String, CodingKey {
        case expects
        case onRecord = "on_record"
      }
    }
    let program: String
    let title: String
    let startDate: String
    let progress: Progress
    let medication: [Check]
    let parentPage: String?

    enum CodingKeys: String, CodingKey {
      case program, title, progress, medication
      case startDate = "start_date"
      case parentPage = "parent_page"
    }

    /// The states of the sessions, in order.
    var states: [String] { progress.sessions.map(\.state) }
    /// The questionnaires due, as `module@week`.
    var due: [String] { progress.measuresDue.map { "\($0.module)@\($0.week)" } }
  }

  /// One patient's store, on a simulated calendar: day 0 is Monday 2 March 2026; every command
  /// runs at 09:00 UTC on `day`.
  final class Patient {
    let sandbox: Sandbox
    var day = 0
    /// Whether the patient is a teen: the modules' teen paths are taken where they have one.
    var teen = false

    init() throws { sandbox = try Sandbox() }

    /// `YYYY-MM-DD` of day `n`.
    static func date(_ n: Int) -> String {
      let formatter = DateFormatter()
      formatter.locale = Locale(identifier: "en_US_POSIX")
      formatter.timeZone = TimeZone(identifier: "UTC")
      formatter.dateFormat = "yyyy-MM-dd"
      return formatter.string(from: Date(timeIntervalSince1970: 1_772_409_600 + Double(n) * 86_400))
    }

    func run(_ arguments: [String], input: String = "") throws -> CommandResult {
      try sandbox.run(
        arguments + ["--store", sandbox.store], input: input,
        environment: ["TANDEM_NOW": Self.date(day) + "T09:00:00Z", "TZ": "UTC"])
    }

    /// Runs a command that must succeed, and returns its output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
      let result = try run(arguments)
      #expect(result.status == 0, "day \(day): \(arguments): \(result.errors)", sourceLocation: sourceLocation)
      return result.output
    }

    /// Runs a command that must fail, and returns its error output.
    func fails(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
      let result = try run(arguments)
      #expect(
        result.status != 0, "day \(day): \(arguments) succeeded: \(result.output)", sourceLocation: sourceLocation)
      #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)", sourceLocation: sourceLocation)
      return result.errors
    }

    /// Runs `module` to its end with the answers of the named case in its `.test.yaml`.
    func complete(_ module: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
      let answers = try Scripts.answers(module, teen: teen)
      let result = try run(["session", "start", module], input: answers.map { $0 + "\n" }.joined())
      #expect(result.status == 0, "day \(day): \(module): \(result.errors)", sourceLocation: sourceLocation)
      #expect(
        !result.output.contains("Paused and saved."), "day \(day): \(module) did not finish: \(result.output)",
        sourceLocation: sourceLocation)
    }

    func status() throws -> Status {
      let result = try run(["program", "status", "--format", "json"])
      guard result.status == 0 else { throw SandboxError("day \(day): program status: \(result.errors)") }
      do {
        return try JSONDecoder().decode(Status.self, from: result.stdout)
      } catch {
        throw SandboxError("day \(day): cannot decode the status from \(result.output)\n\(error)")
      }
    }

    /// `tandem today --format json` as an object.
    func today() throws -> [String: Any] {
      let result = try run(["today", "--format", "json"])
      guard result.status == 0, let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
      else { throw SandboxError("day \(day): today: \(result.errors) \(result.output)") }
      return object
    }

    /// The journal's event lines from `tandem export` (without the header and its time).
    func journal() throws -> [String] {
      try ok(["export"]).split(separator: "\n").map(String.init).filter { $0.contains(#""type":"event""#) }
    }
  }

  /// The answer scripts in `Modules/<id>.test.yaml`: for each module, a case that goes through the
  /// whole session (no safety stop, crisis page or "come back later").
  enum Scripts {
    static let cases = [
      "your-migraine-plan": "few acute days",
      "medication-overuse": "main path: 4 medicine days, quiz right, bring the diary",
      "struggle-with-control": "moving towards what matters",
      "thoughts-are-thoughts": "adult path, diary and reminder",
      "present-moment": "low pain, skips the optional question",
      "what-matters": "unsure about values, health gap",
      "committed-action": "high willingness, exercise routine, nothing to review",
      "relapse-prevention": "main path: two skills, two warning signs and one of my own, a full plan",
      "paced-breathing": "calm day, three minutes, no dizziness",
      "progressive-muscle-relaxation": "skips every other area",
      "guided-imagery": "main path: a beach, three minutes, morning practice",
      "coping-statements": "main path: a never thought, a coping statement, music and drawing",
      "sleep-and-migraine": "main path: steady sleep, screens away, confident",
      "mood-check": "every item answered, item 9 not at all: no crisis page",
      "anxiety-check": "every item answered by option id",
      "headache-impact": "a number of days for each question",
    ]

    /// Where a module has a teen path, the case a teen takes.
    static let teenCases = ["thoughts-are-thoughts": "teen path with its own closing"]

    /// The `answers:` of the case, unquoted, one input line each.
    static func answers(_ module: String, teen: Bool = false) throws -> [String] {
      guard let name = (teen ? teenCases[module] : nil) ?? cases[module] else {
        throw SandboxError("no script chosen for \(module)")
      }
      let path = TandemBinary.repositoryRoot + "/Modules/\(module).test.yaml"
      let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
      guard let start = lines.firstIndex(of: "- name: \"\(name)\""),
        let list = lines[start...].firstIndex(of: "  answers:")
      else { throw SandboxError("no case '\(name)' with answers in \(path)") }
      var answers: [String] = []
      for line in lines[(list + 1)...] {
        guard line.hasPrefix("    - ") else { break }
        var value = String(line.dropFirst(6))
        if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 {
          value = String(value.dropFirst().dropLast())
            .replacingOccurrences(of: "\\\"", with: "\"").replacingOccurrences(of: "\\\\", with: "\\")
        }
        answers.append(value)
      }
      guard !answers.isEmpty else { throw SandboxError("case '\(name)' in \(path) has no answers") }
      return answers
    }
  }

  /// Text with every run of whitespace (line wraps included) as one space.
  func flat(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  @Test("'program list' shows both shipped programs with their length and how to start them, as text and JSON")
  func list() throws {
    let patient = try Patient()
    let text = try patient.ok(["program", "list"])
    #expect(
      text.contains("Living well with migraine (ACT, 8 weeks)  (act-for-migraine; adult, 8 weeks, 8 sessions)"),
      "\(text)")
    #expect(text.contains("Headache skills for teens (CBT, 16 weeks)  (teen-cbt; teen, 16 weeks, 10 sessions)"))
    #expect(text.contains("Start it with: tandem program start act-for-migraine"))
    #expect(text.contains("Start it with: tandem program start teen-cbt"))
    #expect(text.contains("An eight-week course in Acceptance and Commitment Therapy"))

    let result = try patient.run(["program", "list", "--format", "json"])
    #expect(result.status == 0)
    let programs = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]])
    #expect(programs.map { $0["id"] as? String } == ["act-for-migraine", "teen-cbt"])
    #expect(programs.map { $0["audience"] as? String } == ["adult", "teen"])
    #expect(programs.map { $0["weeks"] as? Int } == [8, 16])
    #expect(programs.map { $0["sessions"] as? Int } == [8, 10])
    #expect(programs.allSatisfy { ($0["summary"] as? String)?.isEmpty == false && $0["version"] as? Int == 1 })
    #expect(!FileManager.default.fileExists(atPath: patient.sandbox.store), "listing writes nothing")
  }

  @Test(
    "ACT for migraine over 8 weeks: baseline checks and session 1 on day 0, practice days, a session a week, a week's pause, the end checks"
  )
  func actForMigraine() throws {
    let patient = try Patient()
    #expect(try patient.ok(["program", "status"]).contains("No program started. 'tandem program list' shows"))
    #expect(
      try patient.ok(["program", "status", "--format", "json"]).trimmingCharacters(in: .whitespacesAndNewlines)
        == "null")

    let started = try patient.ok(["program", "start", "act-for-migraine"])
    #expect(started.contains("Started: Living well with migraine (ACT, 8 weeks)"), "\(started)")
    #expect(started.contains("8 weeks from today, 8 sessions."))
    #expect(started.contains("First session: tandem session start your-migraine-plan"))
    #expect(started.contains("Before it, a short questionnaire: tandem session start mood-check"))
    #expect(flat(started).contains("Tandem never starts, stops or changes a medicine"), "the medication note")

    var status = try patient.status()
    #expect(status.program == "act-for-migraine" && status.startDate == "2026-03-02")
    #expect(status.progress.status == "active" && status.progress.week == 1 && status.progress.weeks == 8)
    #expect(status.progress.openSession?.module == "your-migraine-plan" && status.progress.openSession?.number == 1)
    #expect(status.states == ["open"] + Array(repeating: "later", count: 7))
    #expect(status.due == ["mood-check@0", "anxiety-check@0"])
    #expect(status.progress.nextMeasure == .init(module: "mood-check", week: 4, dueOn: "2026-03-30"))
    #expect(status.progress.practice?.module == "paced-breathing" && status.progress.practice?.daysAimed == 5)
    #expect(status.progress.practice?.daysDone == 0)
    #expect(status.medication.map(\.expects) == ["preventive"] && status.medication.first?.onRecord == [])
    #expect(status.parentPage == nil, "no parent pages in an adult program")

    let statusText = try patient.ok(["program", "status"])
    #expect(statusText.contains("Living well with migraine (ACT, 8 weeks): week 1 of 8"), "\(statusText)")
    #expect(statusText.contains("Session 1 is open: tandem session start your-migraine-plan"))
    #expect(statusText.contains("Questionnaire due, the starting check: tandem session start mood-check"))
    #expect(statusText.contains("Questionnaire due, the starting check: tandem session start anxiety-check"))
    #expect(statusText.contains("→ week 1: your-migraine-plan"))
    #expect(statusText.contains("The program expects a preventive; none is in your medicines."))
    #expect(!statusText.contains("For a parent or carer"))

    var todayText = flat(try patient.ok(["today"]))
    #expect(todayText.contains("Program Living well with migraine (ACT, 8 weeks): week 1 of 8"), "\(todayText)")
    #expect(todayText.contains("Session 1 is open: tandem session start your-migraine-plan"))
    #expect(todayText.contains("Practice this week: 0 of 5 days (tandem session start paced-breathing)"))
    #expect(todayText.contains("(this week's session of your program)"))
    var today = try patient.today()
    var next = try #require(today["next_session"] as? [String: Any])
    #expect(next["reason"] as? String == "program" && next["module_id"] as? String == "your-migraine-plan")
    #expect(((today["program"] as? [String: Any])?["progress"] as? [String: Any])?["week"] as? Int == 1)

    // Day 0: both baseline questionnaires, session 1, and the first practice.
    for module in ["mood-check", "anxiety-check", "your-migraine-plan", "paced-breathing"] {
      try patient.complete(module)
    }
    status = try patient.status()
    #expect(status.due == [])
    #expect(status.states.first == "done" && status.progress.sessions.first?.completedOn == "2026-03-02")
    #expect(status.progress.openSession == nil && status.progress.practice?.daysDone == 1)
    #expect(try patient.ok(["program", "status"]).contains("This week's session is done."))
    today = try patient.today()
    #expect((today["next_session"] as? [String: Any])?["reason"] as? String != "program")

    // Practice on days 2 and 4 (twice on day 4: one day).
    patient.day = 2
    try patient.complete("paced-breathing")
    patient.day = 4
    try patient.complete("paced-breathing")
    try patient.complete("paced-breathing")
    status = try patient.status()
    #expect(status.progress.week == 1 && status.progress.practice?.daysDone == 3 && status.progress.practiceDays == 3)
    #expect(flat(try patient.ok(["today"])).contains("Practice this week: 3 of 5 days"))

    // Week 2: session 2 opens; practice counts afresh. Another program cannot start meanwhile.
    patient.day = 7
    status = try patient.status()
    #expect(status.progress.week == 2 && status.progress.weekStart == "2026-03-09")
    #expect(status.progress.openSession?.module == "medication-overuse")
    #expect(status.progress.practice?.daysDone == 0)
    next = try #require(try patient.today()["next_session"] as? [String: Any])
    #expect(next["reason"] as? String == "program" && next["module_id"] as? String == "medication-overuse")
    let before = try patient.journal()
    let second = try patient.fails(["program", "start", "teen-cbt"])
    #expect(
      second.contains(
        "'act-for-migraine' is still running (week 2 of 8); leave it first with 'tandem program leave', then start another"
      ), "\(second)")
    #expect(try patient.fails(["program", "resume"]).contains("'act-for-migraine' is active, not paused"))
    #expect(try patient.journal() == before, "nothing written by a refused command")
    try patient.complete("medication-overuse")
    try patient.complete("paced-breathing")

    // Paused on day 8 for a week: the week does not move while paused.
    patient.day = 8
    #expect(try patient.ok(["program", "pause"]).contains("Paused: act-for-migraine."))
    #expect(try patient.fails(["program", "pause"]).contains("'act-for-migraine' is paused, not active"))
    patient.day = 14
    status = try patient.status()
    #expect(status.progress.status == "paused" && status.progress.week == 2)
    todayText = flat(try patient.ok(["today"]))
    #expect(todayText.contains("paused in week 2 of 8; 'tandem program resume' goes on"), "\(todayText)")
    #expect((try patient.today()["next_session"] as? [String: Any])?["reason"] as? String != "program")
    patient.day = 15
    #expect(try patient.ok(["program", "resume"]).contains("Resumed: act-for-migraine."))
    status = try patient.status()
    #expect(status.progress.status == "active" && status.progress.week == 2, "days 8 to 14 were paused")
    patient.day = 20
    #expect(try patient.status().progress.week == 2)

    // Weeks 3 to 8 open a week later than they would have (day 7·w after the pause).
    let sessions = [
      3: "struggle-with-control", 4: "thoughts-are-thoughts", 5: "present-moment", 6: "what-matters",
      7: "committed-action", 8: "relapse-prevention",
    ]
    let practice = [
      3: "paced-breathing", 4: "thoughts-are-thoughts", 5: "present-moment", 6: "present-moment",
      7: "present-moment", 8: "paced-breathing",
    ]
    for week in 3...8 {
      patient.day = 7 * week
      status = try patient.status()
      #expect(status.progress.status == "active" && status.progress.week == week, "day \(patient.day)")
      #expect(status.progress.weekStart == Patient.date(7 * week))
      #expect(status.progress.openSession?.module == sessions[week], "week \(week)")
      #expect(status.progress.openSession?.number == week)
      #expect(status.progress.practice?.module == practice[week] && status.progress.practice?.daysDone == 0)
      next = try #require(try patient.today()["next_session"] as? [String: Any])
      #expect(next["reason"] as? String == "program" && next["module_id"] as? String == sessions[week])
      if week == 5 {
        // Effective day 28 (calendar day 35): the week-4 checks fall due.
        #expect(status.due == ["mood-check@4", "anxiety-check@4"])
        #expect(
          flat(try patient.ok(["today"])).contains(
            "Questionnaire due, the week 4 check: tandem session start mood-check"))
        try patient.complete("mood-check")
        try patient.complete("anxiety-check")
      } else {
        #expect(status.due == [], "week \(week)")
      }
      try patient.complete(try #require(sessions[week]))
      patient.day += 1
      try patient.complete(try #require(practice[week]))
      status = try patient.status()
      #expect(status.progress.sessionsDone == week && status.progress.openSession == nil, "week \(week)")
      // When the session's module is also the practice, completing the session is a practice day too.
      #expect(
        status.progress.practice?.daysDone == (sessions[week] == practice[week] ? 2 : 1), "week \(week)")
    }
    #expect(status.due == [])
    #expect(status.progress.nextMeasure == .init(module: "mood-check", week: 8, dueOn: Patient.date(63)))

    // Day 62 is the last of week 8; day 63 (effective day 56) the program is finished and the end checks are due.
    patient.day = 62
    #expect(try patient.status().progress.status == "active")
    patient.day = 63
    status = try patient.status()
    #expect(status.progress.status == "finished" && status.progress.week == 8)
    #expect(status.states == Array(repeating: "done", count: 8))
    #expect(status.due == ["mood-check@8", "anxiety-check@8"])
    let finished = try patient.ok(["program", "status"])
    #expect(finished.contains("Living well with migraine (ACT, 8 weeks): all 8 weeks done"), "\(finished)")
    #expect(finished.contains("Questionnaire due, the end check: tandem session start mood-check"))
    #expect(finished.contains("sessions done: 8 of 8"))
    todayText = flat(try patient.ok(["today"]))
    #expect(todayText.contains("all 8 weeks done") && todayText.contains("the end check"), "\(todayText)")
    #expect((try patient.today()["next_session"] as? [String: Any])?["reason"] as? String != "program")
    try patient.complete("mood-check")
    try patient.complete("anxiety-check")
    status = try patient.status()
    #expect(status.due == [] && status.progress.nextMeasure == nil)
    #expect(status.progress.sessionsDone == 8)
  }

  @Test(
    "Teen CBT over 16 weeks: a parent page with each open session, weekly sessions to week 8, then weeks 12 and 16 only in their weeks"
  )
  func teenCBT() throws {
    let patient = try Patient()
    patient.teen = true
    try patient.ok([
      "meds", "add", "amitriptyline", "--dose", "10 mg", "--daily", "--at", "21:00", "--start", "2026-02-20",
    ])
    let started = try patient.ok(["program", "start", "teen-cbt"])
    #expect(started.contains("Started: Headache skills for teens (CBT, 16 weeks)"), "\(started)")
    #expect(started.contains("16 weeks from today, 10 sessions."))
    #expect(started.contains("Before it, a short questionnaire: tandem session start headache-impact"))

    var status = try patient.status()
    #expect(status.progress.week == 1 && status.progress.weeks == 16)
    #expect(status.progress.openSession?.module == "your-migraine-plan")
    #expect(status.progress.practice == nil, "no practice set in week 1")
    #expect(status.due == ["headache-impact@0"])
    #expect(
      status.medication.first?.expects == "amitriptyline" && status.medication.first?.onRecord == ["amitriptyline"])
    #expect(status.parentPage?.hasPrefix("This week your teen learns what migraine is") == true)
    var text = try patient.ok(["program", "status"])
    #expect(text.contains("For a parent or carer\n  This week your teen learns what migraine is"), "\(text)")
    #expect(text.contains("The program expects amitriptyline: on record, amitriptyline."))
    #expect(text.contains("Questionnaire due, the starting check: tandem session start headache-impact"))

    try patient.complete("headache-impact")
    try patient.complete("your-migraine-plan")
    status = try patient.status()
    #expect(status.due == [] && status.progress.openSession == nil && status.parentPage == nil)

    // Weeks 2 to 8: one session a week, each with its parent page while it is open.
    let weekly = [
      2: ("paced-breathing", "This week's skill is slow breathing"),
      3: ("progressive-muscle-relaxation", "This week your teen learns progressive muscle relaxation"),
      4: ("guided-imagery", "This week's skill is guided imagery"),
      5: ("thoughts-are-thoughts", "This week your teen learns how thoughts, feelings and actions"),
      6: ("coping-statements", "This week your teen writes a coping statement"),
      7: ("committed-action", "This week is about pacing and problem solving"),
      8: ("sleep-and-migraine", "This week is about sleep and steady routines"),
    ]
    for week in 2...8 {
      let (module, parent) = try #require(weekly[week])
      patient.day = 7 * (week - 1)
      status = try patient.status()
      #expect(status.progress.week == week && status.progress.openSession?.module == module, "week \(week)")
      #expect(status.parentPage?.hasPrefix(parent) == true, "week \(week): \(status.parentPage ?? "none")")
      if week == 2 {
        text = try patient.ok(["program", "status"])
        #expect(text.contains("For a parent or carer\n  " + parent), "\(text)")
        let next = try #require(try patient.today()["next_session"] as? [String: Any])
        #expect(next["reason"] as? String == "program" && next["module_id"] as? String == module)
      }
      try patient.complete(module)
      if week == 2 {
        // Completing the session counts as a practice day too (same module); one more day later.
        #expect(try patient.status().progress.practice?.daysDone == 1)
        patient.day += 3
        try patient.complete("paced-breathing")
        status = try patient.status()
        #expect(status.progress.practice?.daysAimed == 6 && status.progress.practice?.daysDone == 2)
      }
    }

    // Week 9: the week-8 check is due; no session is open until week 12.
    patient.day = 56
    status = try patient.status()
    #expect(status.progress.week == 9 && status.due == ["headache-impact@8"])
    #expect(status.progress.openSession == nil && status.parentPage == nil)
    #expect(Array(status.states.suffix(2)) == ["later", "later"])
    #expect(try patient.ok(["program", "status"]).contains("This week's session is done."))
    try patient.complete("headache-impact")
    #expect(try patient.status().due == [])
    patient.day = 76
    status = try patient.status()
    #expect(status.progress.week == 11 && status.progress.openSession == nil && status.states[8] == "later")
    // Done early, in week 11, the week-12 module does not count for the week-12 session.
    try patient.complete("medication-overuse")
    #expect(try patient.status().states[8] == "later")

    // Week 12 and week 16: each session opens in its own week, with its parent page.
    for (week, module, parent) in [
      (12, "medication-overuse", "This session explains how taking acute (rescue) medicine"),
      (16, "relapse-prevention", "In this last session your teen looks back"),
    ] {
      patient.day = 7 * (week - 1) - 1
      #expect(try patient.status().progress.openSession == nil, "the day before week \(week)")
      patient.day += 1
      status = try patient.status()
      #expect(status.progress.week == week && status.progress.openSession?.module == module, "week \(week)")
      #expect(status.parentPage?.hasPrefix(parent) == true, "week \(week): \(status.parentPage ?? "none")")
      text = try patient.ok(["program", "status"])
      #expect(text.contains("For a parent or carer\n  " + parent), "\(text)")
      let next = try #require(try patient.today()["next_session"] as? [String: Any])
      #expect(next["reason"] as? String == "program" && next["module_id"] as? String == module)
      try patient.complete(module)
    }
    status = try patient.status()
    #expect(status.progress.sessionsDone == 10 && status.progress.nextMeasure?.week == 16)

    // Day 112: finished; the week-16 check is due, then met.
    patient.day = 112
    status = try patient.status()
    #expect(status.progress.status == "finished" && status.progress.week == 16)
    #expect(status.due == ["headache-impact@16"])
    #expect(flat(try patient.ok(["today"])).contains("Headache skills for teens (CBT, 16 weeks): all 16 weeks done"))
    try patient.complete("headache-impact")
    status = try patient.status()
    #expect(status.due == [] && status.progress.nextMeasure == nil)
    // A finished program does not stop the next one.
    #expect(try patient.ok(["program", "start", "act-for-migraine"]).contains("Started: Living well with migraine"))
  }

  @Test("bad input: an unknown program, pausing with none, resuming when not paused, leaving twice; nothing is written")
  func badInput() throws {
    let patient = try Patient()
    var error = try patient.fails(["program", "pause"])
    #expect(error.contains("no program is running; 'tandem program list' shows the programs you can start"), "\(error)")
    error = try patient.fails(["program", "start", "nosuch"])
    #expect(error.contains("no program 'nosuch'; 'tandem program list' shows them"), "\(error)")
    error = try patient.fails(["program", "start", "teen-cbd"])
    #expect(
      error.contains("no program 'teen-cbd' (did you mean 'teen-cbt'?); 'tandem program list' shows them"), "\(error)")
    #expect(try patient.journal() == [], "nothing recorded")
    #expect(try patient.ok(["program", "status"]).contains("No program started."))

    try patient.ok(["program", "start", "act-for-migraine"])
    let before = try patient.journal()
    #expect(before.count == 1)
    error = try patient.fails(["program", "resume"])
    #expect(error.contains("'act-for-migraine' is active, not paused"), "\(error)")
    error = try patient.fails(["program", "start", "act-for-migraine"])
    #expect(error.contains("'act-for-migraine' is still running (week 1 of 8)"), "\(error)")
    error = try patient.fails(["program", "start", "nosuch"])
    #expect(error.contains("no program 'nosuch'"))
    #expect(try patient.journal() == before)

    patient.day = 3
    #expect(try patient.ok(["program", "leave"]).contains("Left: act-for-migraine."))
    patient.day = 10
    let status = try patient.status()
    #expect(status.progress.status == "left" && status.progress.week == 1)
    #expect(try patient.ok(["program", "status"]).contains("left; what you did stays in your record"))
    #expect(!(try patient.ok(["today"]).contains("\nProgram\n")), "a program left is not on the day")
    #expect(try patient.today()["program"] is NSNull)
    let after = try patient.journal()
    for command in ["leave", "pause", "resume"] {
      error = try patient.fails(["program", command])
      #expect(error.contains("no program is running"), "\(command): \(error)")
    }
    #expect(try patient.journal() == after)
  }

  @Test("a program whose id the journal cannot hold is not offered: starting it never reports a start that is lost")
  func idTheJournalCannotHold() throws {
    let patient = try Patient()
    let text = try String(
      contentsOfFile: TandemBinary.repositoryRoot + "/Content/programs/act-for-migraine.yaml", encoding: .utf8)
    let folder = patient.sandbox.modules + "/programs"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try Data(text.replacingOccurrences(of: "id: act-for-migraine", with: "id: Act-Again").utf8)
      .write(to: URL(fileURLWithPath: folder + "/Act-Again.yaml"))
    let start = try patient.run(["program", "start", "Act-Again", "--modules", patient.sandbox.modules])
    if start.status == 0 {
      let status = try patient.ok(["program", "status", "--modules", patient.sandbox.modules])
      #expect(
        status.contains("week 1 of 8"),
        "'program start Act-Again' said \(start.output.debugDescription) but status says \(status.debugDescription)")
    }
  }
}
