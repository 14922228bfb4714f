import Foundation
import Testing

/// The session runner as patients meet it, on a real terminal (tmux): long answers, commands
/// typed after an earlier answer, mistyped commands, abandoning, narrow terminals, screen
/// readers and timers ended early.
@Suite(
  "Session runner on a terminal: daily use (tmux)",
  .enabled(
    if: TmuxTerminal.isAvailable, "tmux not found; install it (apt-get install -y tmux) to run the terminal tests"))
struct DailyUseTerminalTests {
  static let module = """
    id: daily
    version: 1
    title: Daily use check
    approach: cbt
    minutes: 2
    summary: Steps for the runner's daily-use tests.
    steps:
      - id: intro
        kind: text
        body: Welcome to the daily-use check.
      - id: note
        kind: prompt
        question: Describe your morning in a few words.
      - id: areas
        kind: choice
        multiple: true
        question: Anything to skip today?
        options:
          - id: none
            label: None of them
            exclusive: true
          - id: jaw
            label: Jaw and the muscles around the temples, which often hold on to tension
          - id: eyes
            label: Eyes
      - id: breathe
        kind: timer
        seconds: 32
        phases:
          - label: Breathe in through your nose, slowly and gently
            seconds: 2
          - label: And slowly out
            seconds: 2
        body: Follow the pace on the screen.
      - id: done
        kind: text
        body: All done for today.

    """

  func start(
    _ terminal: TmuxTerminal, _ sandbox: Sandbox, _ extra: [String] = [], width: Int = 100,
    environment: [String: String] = [:], recording: String? = nil
  ) throws {
    try terminal.start(
      ["session", "start", "daily"] + sandbox.storeAndModules + extra, environment: environment, width: width,
      recording: recording)
  }

  @Test("an answer longer than the terminal stays on one line as it is typed and edited, and is kept whole")
  func longAnswer() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "daily")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try start(terminal, sandbox, width: 40)
    terminal.waitFor("Press Enter to continue")
    try terminal.press("Enter")
    terminal.waitFor("Describe your morning")
    let before = terminal.screen().split(separator: "\n").count
    let answer = "a slow start with coffee, then a walk in the park and a long call with my sister about the weekend"
    try terminal.type(answer)
    var screen = terminal.waitFor("the end of the answer") { lastLine(of: $0).hasSuffix("the weekend") }
    #expect(screen.split(separator: "\n").count == before, "the answer wrapped onto new lines:\n\(screen)")
    #expect(lastLine(of: screen).count <= 40)
    #expect(lastLine(of: screen).hasPrefix("> …"))
    // Home, then an edit at the start: the start comes back into view on the same line.
    try terminal.press("Home")
    try terminal.type("Just ")
    screen = terminal.waitFor("the start of the answer") { lastLine(of: $0).hasPrefix("> Just a slow start") }
    #expect(screen.split(separator: "\n").count == before)
    #expect(lastLine(of: screen).count <= 40)
    try terminal.press("Enter")
    terminal.waitFor("Anything to skip today?")
    let session = try sandbox.onlySession()
    #expect(try sandbox.detail(session.id).answers == [Pair("note", "Just " + answer)])
  }

  @Test("':back' typed after the earlier answer shown ready to edit goes back again; a mistyped command is refused")
  func backTwiceAndMistypedCommand() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "daily")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try start(terminal, sandbox)
    terminal.waitFor("Press Enter to continue")
    try terminal.press("Enter")
    terminal.waitFor("Describe your morning")
    try terminal.type(":bakc")
    try terminal.press("Enter")
    var screen = terminal.waitFor("':bakc' is not a command.")
    #expect(screen.contains("Commands: :back (previous step)"), "\(screen)")
    try terminal.type(":foo")
    try terminal.press("Enter")
    terminal.waitFor("':foo' is not a command.")
    try terminal.type("calm morning")
    try terminal.press("Enter")
    terminal.waitFor("Anything to skip today?")
    try terminal.type(":back")
    try terminal.press("Enter")
    terminal.waitFor("the earlier answer ready to edit") { lastLine(of: $0) == "> calm morning" }
    // Without clearing the line: ":back" after the answer is the command, not a new answer.
    try terminal.type(":back")
    try terminal.press("Enter")
    screen = terminal.waitFor("step 1 of about")
    #expect(screen.contains("Welcome to the daily-use check."))
    let session = try sandbox.onlySession()
    #expect(session.step == "intro")
    #expect(
      try sandbox.detail(session.id).answers == [Pair("note", "calm morning")], "no command was kept as an answer")
    #expect(try sandbox.detail(session.id).kinds.filter { $0 == "went-back" }.count == 2)
  }

  @Test("':abandon' asks first: anything but yes carries on; yes abandons")
  func abandonConfirms() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "daily")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try start(terminal, sandbox)
    terminal.waitFor("Press Enter to continue")
    try terminal.type(":abandon")
    try terminal.press("Enter")
    terminal.waitFor("Abandon? [y/N]")
    try terminal.press("Enter")
    terminal.waitFor("Not abandoned; carrying on from this step.")
    #expect(try sandbox.onlySession().status == "active")
    try terminal.type(":abandon")
    try terminal.press("Enter")
    terminal.waitFor("Abandon? [y/N]")
    try terminal.type("y")
    try terminal.press("Enter")
    let screen = terminal.waitFor("[tandem exited")
    #expect(screen.contains("Session ended. Your answers so far are kept."))
    #expect(try sandbox.onlySession().status == "abandoned")
  }

  @Test("on a 40-column terminal no line of Tandem's is cut mid-word, and the timer line never wraps")
  func narrowTerminal() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "daily")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try start(terminal, sandbox, width: 40)
    var screen = terminal.waitFor("Press Enter to continue")
    let help = "Commands: :back (previous step) :skip (optional steps) :pause :abandon :crisis (help now) :help"
    #expect(Self.joined(screen, from: "Commands:", through: ":help") == help, "\(screen)")
    #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 40 })
    try terminal.press("Enter")
    terminal.waitFor("Describe your morning")
    try terminal.type("fine")
    try terminal.press("Enter")
    screen = terminal.waitFor("Your choices:")
    let option = "2) Jaw and the muscles around the temples, which often hold on to tension [jaw]"
    #expect(Self.joined(screen, from: "2) Jaw", through: "[jaw]") == option, "\(screen)")
    #expect(screen.split(separator: "\n").allSatisfy { $0.count <= 40 })
    try terminal.type("jaw")
    try terminal.press("Enter")
    terminal.waitFor("Press Enter to begin")
    try terminal.press("Enter")
    terminal.waitFor(" left")
    // Several seconds of countdown: still one status line, never longer than the terminal.
    var statusLines: Set<Int> = []
    _ = eventually(timeout: 5, every: 0.2) {
      screen = terminal.screen()
      statusLines.insert(screen.split(separator: "\n").filter { $0.contains(" left") }.count)
      for line in screen.split(separator: "\n") where line.contains(" left") {
        #expect(line.count <= 39, "\(line)")
      }
      return false
    }
    #expect(statusLines == [1], "the timer line wrapped or repeated: \(statusLines)\n\(screen)")
    #expect(screen.contains("Breathe in through") || screen.contains("And slowly out"), "\(screen)")
    try terminal.press("Enter")
    terminal.waitFor("All done for today.")
  }

  @Test(
    "--plain: the timer names each phase as it begins and the time left every 30 s, on plain lines; ended early, it records how long it ran"
  )
  func plainTimer() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "daily")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try start(terminal, sandbox, ["--plain"])
    terminal.waitFor("Press Enter to continue")
    try terminal.press("Enter")
    terminal.waitFor("Describe your morning")
    try terminal.type("fine")
    try terminal.press("Enter")
    terminal.waitFor("Your choices:")
    try terminal.type("none")
    try terminal.press("Enter")
    terminal.waitFor("Press Enter to begin")
    try terminal.press("Enter")
    var screen = terminal.waitFor("0:30 left.", timeout: 10)
    terminal.waitFor("the second phase named") { $0.contains("\nAnd slowly out\n") }
    screen = terminal.waitFor("the first phase named again") {
      $0.components(separatedBy: "\nBreathe in through your nose, slowly and gently\n").count >= 3
    }
    #expect(screen.contains("Timer started: 0:32. Press Enter to stop early."))
    #expect(!terminal.screen(escapes: true).contains("\u{1B}"))
    try terminal.press("Enter")
    terminal.waitFor("All done for today.")
    let session = try sandbox.onlySession()
    let stopped = try #require(
      try sandbox.detail(session.id).events.first { $0.kind == "continued" && $0.step == "breathe" })
    let seconds = try #require(stopped.answer.flatMap { Int($0.split(separator: " ")[3]) }, "\(stopped)")
    #expect((4...20).contains(seconds), "ended early after \(seconds) s")
  }

  @Test("TERM=dumb: a whole session, timer included, writes no escape code at all")
  func dumbTerminal() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "daily")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    let recording = sandbox.root + "/dumb.out"
    try start(terminal, sandbox, environment: ["TERM": "dumb"], recording: recording)
    terminal.waitFor("Press Enter to continue")
    try terminal.press("Enter")
    terminal.waitFor("Describe your morning")
    try terminal.type("fine")
    try terminal.press("Enter")
    terminal.waitFor("Your choices:")
    try terminal.type("none,jaw")
    try terminal.press("Enter")
    terminal.waitFor("cannot be combined with other options")
    try terminal.type("none")
    try terminal.press("Enter")
    terminal.waitFor("Press Enter to begin")
    try terminal.press("Enter")
    terminal.waitFor("Timer started: 0:32.")
    terminal.waitFor("And slowly out")
    try terminal.press("Enter")
    terminal.waitFor("All done for today.")
    try terminal.press("Enter")
    terminal.waitFor("[tandem exited 0]")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: recording))
    #expect(bytes.count > 500, "the recording holds the session")
    #expect(
      !bytes.contains(0x1B),
      "escape codes in a TERM=dumb session:\n\(String(decoding: bytes, as: UTF8.self).debugDescription)")
    #expect(try sandbox.onlySession().status == "completed")
  }

  /// The lines of `screen` from the one containing `start` through the one containing `end`,
  /// joined by single spaces (the words as a reader reads them across wrapped lines).
  static func joined(_ screen: String, from start: String, through end: String) -> String {
    let lines = screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    guard let first = lines.firstIndex(where: { $0.contains(start) }),
      let last = lines[first...].firstIndex(where: { $0.contains(end) })
    else { return "" }
    return lines[first...last].joined(separator: " ")
  }
}
