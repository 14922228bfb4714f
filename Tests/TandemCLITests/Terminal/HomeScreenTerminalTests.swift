import Foundation
import Testing

/// The home screen on a real terminal: the day first, then a menu that logs a dose and a
/// headache with the same questions as `dose take` and `attack log`, and shows the result at once.
@Suite(
  "Home screen (tmux)",
  .enabled(
    if: TmuxTerminal.isAvailable, "tmux not found; install it (apt-get install -y tmux) to run the terminal tests"))
struct HomeScreenTerminalTests {
  /// Saturday 21 March 2026, 09:00 UTC: atogepant's 08:00 dose is due.
  static let environment = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func prepare() throws -> Sandbox {
    let sandbox = try Sandbox()
    for arguments in [
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-20"],
      ["dose", "take", "atogepant", "--at", "2026-03-20T08:10"],
    ] {
      let result = try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.environment)
      #expect(result.status == 0, "\(result.errors)")
    }
    return sandbox
  }

  func journalCount(_ sandbox: Sandbox) throws -> Int {
    let output = try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
    return try #require(Int(output.trimmingCharacters(in: .whitespacesAndNewlines)))
  }

  /// The home screen drawn last (the ones before it may still be on the terminal above it).
  func latest(_ screen: String) -> String {
    screen.range(of: "Tandem — migraine care", options: .backwards).map { String(screen[$0.lowerBound...]) } ?? screen
  }

  @Test("80×24: the whole day fits above the prompt, the modules wait behind m, and m lists them in order")
  func fitsAShortTerminal() throws {
    let sandbox = try prepare()
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["--store", sandbox.store], environment: Self.environment, width: 80, height: 24)
    let screen = terminal.waitFor("or q to quit:")
    #expect(screen.contains("Today, Saturday 21 March"), "the day's heading is still on screen:\n\(screen)")
    #expect(screen.contains("due now  atogepant 60 mg, 08:00"), "\(screen)")
    #expect(screen.contains("m) all modules, in the suggested order"), "\(screen)")
    #expect(!screen.contains("1) Your migraine, your plan"))
    try terminal.type("m")
    try terminal.press("Enter")
    let list = terminal.waitFor("19) Mood check (PHQ-9)")
    #expect(list.contains("1) Your migraine, your plan — 12 min [your-migraine-plan]"), "\(list)")
    #expect(list.contains("4) Paced breathing"), "\(list)")
    try terminal.type("q")
    try terminal.press("Enter")
    #expect(terminal.waitFor("[tandem exited").contains("[tandem exited 0]"))
  }

  @Test("80×24 with six medications: the day stays whole from its first line, the menu takes one line")
  func compactOnABusyDay() throws {
    let sandbox = try prepare()
    for arguments in [
      [
        "meds", "add", "propranolol", "--dose", "40 mg", "--daily", "--at", "08:00", "--at", "20:00", "--start",
        "2026-03-01",
      ],
      ["meds", "add", "erenumab", "--dose", "140 mg", "--every", "4w", "--start", "2026-03-07"],
      [
        "meds", "add", "magnesium", "--dose", "400 mg", "--weekly", "--on", "sat,wed", "--at", "09:30", "--start",
        "2026-03-01",
      ],
      [
        "meds", "add", "riboflavin", "--dose", "400 mg", "--monthly", "--day", "21", "--at", "07:00", "--start",
        "2026-01-01",
      ],
      ["meds", "add", "sumatriptan", "--dose", "50 mg", "--prn", "--max-per-day", "200 mg"],
    ] {
      let result = try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.environment)
      #expect(result.status == 0, "\(result.errors)")
    }
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["--store", sandbox.store], environment: Self.environment, width: 80, height: 24)
    let screen = terminal.waitFor("or q to quit:")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "Today, Saturday 21 March", "the day's first line is the screen's first line:\n\(screen)")
    #expect(screen.contains("overdue  riboflavin 400 mg, 07:00 due now; 2 missed since Wed 21 Jan"))
    #expect(screen.contains("overdue  erenumab 140 mg, due Sat 7 Mar 08:00, still counts until Thu 2 Apr"))
    #expect(screen.contains("Logged today: nothing yet."))
    #expect(screen.contains("d) log a dose   h) log a headache"), "\(screen)")
    #expect(screen.contains("m) modules"))
    #expect(lines.allSatisfy { $0.count <= 80 })
    try terminal.type("q")
    try terminal.press("Enter")
    terminal.waitFor("[tandem exited 0]")
  }

  @Test(
    "80×24 with nine medicines due and a headache going on: the most urgent shown, the rest counted, the day's top kept"
  )
  func tooManyForTheScreen() throws {
    let sandbox = try prepare()
    let daily = ["--daily", "--at", "08:00", "--start", "2026-03-10"]
    for name in ["propranolol", "topiramate", "amitriptyline", "candesartan", "magnesium", "riboflavin"] {
      let result = try sandbox.run(
        ["meds", "add", name, "--dose", "10 mg"] + daily + ["--store", sandbox.store], environment: Self.environment)
      #expect(result.status == 0, "\(name): \(result.errors)")
    }
    for arguments in [
      ["meds", "add", "erenumab", "--dose", "140 mg", "--every", "4w", "--start", "2026-02-01"],
      ["meds", "add", "galcanezumab", "--dose", "120 mg", "--monthly", "--day", "1", "--start", "2026-02-01"],
      ["attack", "start", "--at", "07:00", "--severity", "6"],
    ] {
      let result = try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.environment)
      #expect(result.status == 0, "\(arguments): \(result.errors)")
    }
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["--store", sandbox.store], environment: Self.environment, width: 80, height: 24)
    let screen = terminal.waitFor("or q to quit:")
    let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
    #expect(lines.first == "Today, Saturday 21 March", "\(screen)")
    #expect(screen.contains("more due: 'tandem today' lists them all"), "\(screen)")
    #expect(screen.contains("Since 07:00 (2 h), worst 6/10 so far."), "\(screen)")
    #expect(screen.contains("h) the headache has ended"))
    try terminal.type("q")
    try terminal.press("Enter")
    terminal.waitFor("[tandem exited 0]")
  }

  @Test("d logs the dose due with its defaults and the day shows it; h logs a headache, then h ends it")
  func logFromTheMenu() throws {
    let sandbox = try prepare()
    let before = try journalCount(sandbox)
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["--store", sandbox.store], environment: Self.environment, width: 100, height: 50)
    terminal.waitFor("or q to quit:")
    try terminal.type("d")
    try terminal.press("Enter")
    for prompt in ["Which medication [atogepant]:", "When did you take it [now]:", "[60 mg]:"] {
      terminal.waitFor(prompt)
      try terminal.press("Enter")
    }
    var screen = latest(terminal.waitFor("09:00  atogepant 60 mg taken"))
    #expect(screen.contains("next     atogepant 60 mg, tomorrow 08:00"), "\(screen)")
    #expect(screen.contains("Nothing due now."), "\(screen)")

    try terminal.type("h")
    try terminal.press("Enter")
    terminal.waitFor("When did it start [now]:")
    try terminal.type("7am")
    try terminal.press("Enter")
    terminal.waitFor("still going on]:")
    try terminal.press("Enter")
    terminal.waitFor("to 10 (the worst):")
    try terminal.type("12")
    try terminal.press("Enter")
    terminal.waitFor("pain '12' is out of range")
    try terminal.type("6")
    try terminal.press("Enter")
    for prompt in ["[y/N]:", "activity) [none]:", "@14:30 [none]:", "trigger [none]:"] {
      terminal.waitFor(prompt)
      try terminal.press("Enter")
    }
    screen = latest(terminal.waitFor("h) the headache has ended"))
    #expect(screen.contains("Since 07:00 (2 h), worst 6/10 so far."), "\(screen)")

    try terminal.type("h")
    try terminal.press("Enter")
    terminal.waitFor("When did it end [now]:")
    try terminal.type("6am")
    try terminal.press("Enter")
    terminal.waitFor("is not after the start")
    try terminal.press("Enter")
    terminal.waitFor("to 10 (the worst) [6]:")
    try terminal.type("8")
    try terminal.press("Enter")
    terminal.waitFor("[none]:")
    try terminal.type("sumatriptan:50 mg@08:00")
    try terminal.press("Enter")
    screen = latest(terminal.waitFor("until 09:00"))
    #expect(screen.contains("h) log a headache"), "\(screen)")
    #expect(screen.contains("07:00  headache, worst 8/10, until 09:00"), "\(screen)")
    #expect(screen.contains("08:00  sumatriptan 50 mg taken for the headache"), "\(screen)")
    try terminal.type("q")
    try terminal.press("Enter")
    terminal.waitFor("[tandem exited 0]")
    // A dose, a headache and its end (a correction): three new journal rows, nothing else.
    #expect(try journalCount(sandbox) == before + 3)
  }

  @Test("q at a menu prompt cancels the logging and changes nothing")
  func cancel() throws {
    let sandbox = try prepare()
    let before = try journalCount(sandbox)
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["--store", sandbox.store], environment: Self.environment, width: 100, height: 50)
    terminal.waitFor("or q to quit:")
    try terminal.type("d")
    try terminal.press("Enter")
    terminal.waitFor("Which medication [atogepant]:")
    try terminal.type("q")
    try terminal.press("Enter")
    terminal.waitFor("Nothing logged.")
    try terminal.type("q")
    try terminal.press("Enter")
    terminal.waitFor("[tandem exited 0]")
    #expect(try journalCount(sandbox) == before)
  }
}
