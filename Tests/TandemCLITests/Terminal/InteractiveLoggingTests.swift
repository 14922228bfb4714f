import Foundation
import Testing

/// `tandem dose take` and `tandem attack log` without flags on a real terminal: one question at a
/// time, defaults in brackets, bad answers asked again, q and Ctrl-D cancel.
@Suite(
  "Interactive logging (tmux)",
  .enabled(
    if: TmuxTerminal.isAvailable, "tmux not found; install it (apt-get install -y tmux) to run the terminal tests"))
struct InteractiveLoggingTests {
  /// Saturday 21 March 2026, 09:00 UTC: atogepant's 08:00 dose is due.
  static let environment = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func prepare() throws -> Sandbox {
    let sandbox = try Sandbox()
    for arguments in [
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"],
      ["meds", "add", "ubrogepant", "--dose", "50 mg", "--prn", "--max-per-day", "200 mg", "--start", "2026-03-01"],
    ] {
      let result = try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.environment)
      #expect(result.status == 0, "\(result.errors)")
    }
    return sandbox
  }

  func journalCount(_ sandbox: Sandbox) throws -> String {
    try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
  }

  func answer(_ terminal: TmuxTerminal, _ prompt: String, _ text: String) throws {
    terminal.waitFor(prompt)
    if !text.isEmpty { try terminal.type(text) }
    try terminal.press("Enter")
  }

  @Test("dose take asks which, when and how much; Enter takes the dose due now; bad answers are asked again")
  func doseTake() throws {
    let sandbox = try prepare()
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["dose", "take", "--store", sandbox.store], environment: Self.environment)
    try answer(terminal, "Which medication [atogepant]:", "atogepnt")
    terminal.waitFor("did you mean 'atogepant'?")
    try terminal.press("Enter")
    try answer(terminal, "When did you take it [now]:", "25pm")
    terminal.waitFor("time '25pm' is out of range")
    try terminal.press("Enter")
    try answer(terminal, "How much, e.g. 50 mg or 1 tablet [60 mg]:", "2 puffs")
    terminal.waitFor("atogepant is not taken as puffs")
    try terminal.type("half a tablet")
    try terminal.press("Enter")
    let screen = terminal.waitFor("[tandem exited")
    #expect(screen.contains("Logged atogepant 30 mg at 2026-03-21 09:00"), "\(screen)")
    #expect(screen.contains("[tandem exited 0]"))
  }

  @Test("attack log asks for every detail, re-asks bad ones, and logs what was answered")
  func attackLog() throws {
    let sandbox = try prepare()
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["attack", "log", "--store", sandbox.store], environment: Self.environment, width: 160)
    try answer(terminal, "When did it start [now]:", "yesterday 6pm")
    try answer(terminal, "still going on]:", "5pm")
    terminal.waitFor("is not after the start 2026-03-20 18:00")
    try terminal.type("yesterday 11pm")
    try terminal.press("Enter")
    try answer(terminal, "to 10 (the worst):", "11")
    terminal.waitFor("pain '11' is out of range")
    try terminal.type("7")
    try terminal.press("Enter")
    try answer(terminal, "before the pain) [y/N]:", "")
    try answer(terminal, "activity) [none]:", "nausea, dizzy")
    terminal.waitFor("'dizzy' is not one of nausea, light")
    try terminal.type("nausea, light")
    try terminal.press("Enter")
    try answer(terminal, "ibuprofen:400 mg@14:30 [none]:", "ubrogepant@7pm")
    try answer(terminal, "possible trigger [none]:", "")
    let screen = terminal.waitFor("[tandem exited")
    #expect(screen.contains("Logged a headache from 2026-03-20 18:00 to 2026-03-20 23:00"), "\(screen)")
    let list = try sandbox.run(["attack", "list", "--store", sandbox.store], environment: Self.environment)
    #expect(list.output.contains("severity 7/10"), "\(list.output)")
    #expect(list.output.contains("symptoms: nausea, light-sensitive"), "\(list.output)")
    #expect(list.output.contains("acute: ubrogepant 50 mg at 2026-03-20 19:00"), "\(list.output)")
  }

  @Test("an aura asks how long it lasted; symptoms may be typed with spaces instead of commas")
  func auraAndSymptoms() throws {
    let sandbox = try prepare()
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["attack", "log", "--store", sandbox.store], environment: Self.environment, width: 160)
    try answer(terminal, "When did it start [now]:", "7am")
    try answer(terminal, "still going on]:", "8:30")
    try answer(terminal, "to 10 (the worst):", "5")
    try answer(terminal, "before the pain) [y/N]:", "y")
    try answer(terminal, "minutes did the aura last [not sure]:", "2000")
    terminal.waitFor("aura minutes '2000' is out of range")
    try terminal.type("25")
    try terminal.press("Enter")
    try answer(terminal, "activity) [none]:", "Nausea light  one sided, throbbing")
    try answer(terminal, "ibuprofen:400 mg@14:30 [none]:", "")
    try answer(terminal, "possible trigger [none]:", "")
    let screen = terminal.waitFor("[tandem exited")
    #expect(screen.contains("[tandem exited 0]"), "\(screen)")
    let list = try sandbox.run(["attack", "list", "--store", sandbox.store], environment: Self.environment)
    #expect(list.output.contains("aura 25 min"), "\(list.output)")
    #expect(list.output.contains("nausea, light-sensitive"), "\(list.output)")
    #expect(list.output.contains("throbbing"), "\(list.output)")
    #expect(list.output.contains("one-sided"), "\(list.output)")
  }

  @Test("q at any prompt, or Ctrl-D, cancels and logs nothing")
  func cancel() throws {
    let sandbox = try prepare()
    let before = try journalCount(sandbox)
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["attack", "log", "--store", sandbox.store], environment: Self.environment)
    try answer(terminal, "When did it start [now]:", "")
    try answer(terminal, "still going on]:", "q")
    var screen = terminal.waitFor("[tandem exited")
    #expect(screen.contains("Nothing logged."))
    #expect(screen.contains("[tandem exited 0]"))
    try terminal.start(["dose", "take", "--store", sandbox.store], environment: Self.environment)
    try answer(terminal, "Which medication [atogepant]:", "")
    terminal.waitFor("When did you take it [now]:")
    try terminal.press("C-d")
    screen = terminal.waitFor("[tandem exited")
    #expect(screen.contains("Nothing logged."))
    #expect(try journalCount(sandbox) == before)
  }

  @Test("scripts without a terminal get the old one-line errors and nothing is asked")
  func scripts() throws {
    let sandbox = try prepare()
    let dose = try sandbox.run(["dose", "take", "--store", sandbox.store], environment: Self.environment)
    #expect(dose.status != 0)
    #expect(dose.errors.contains("say which medication"), "\(dose.errors)")
    #expect(!dose.output.contains("Which medication"))
    let attack = try sandbox.run(["attack", "log", "--store", sandbox.store], environment: Self.environment)
    #expect(attack.status != 0)
    #expect(attack.errors.contains("--start is required"), "\(attack.errors)")
    let severity = try sandbox.run(
      ["attack", "log", "--start", "8am", "--store", sandbox.store], environment: Self.environment)
    #expect(severity.errors.contains("--severity is required (0–10)"), "\(severity.errors)")
  }
}
