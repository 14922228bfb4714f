import Foundation
import Testing

/// The session runner and `rehearse` lay out a step with one rule: the same words, the same
/// spacing, every `{{…}}` filled in.
@Suite("A step reads the same in a session and in rehearse")
struct StepLayoutAgreementTests {
  static let module = """
    id: layout-agree
    version: 1
    title: Layout agreement
    approach: relaxation
    minutes: 1
    summary: A name, then a paced timer that uses it.
    steps:
      - id: name
        kind: prompt
        question: What should we call you?
      - id: breathe
        kind: timer
        seconds: 3
        phases:
          - label: In, {{name}}
            seconds: 1
          - label: Out, {{name}}
            seconds: 2
        body: |
          Sit    tall,   {{name}}.
            Then      follow the pace.
      - id: done
        kind: text
        body: Done.
    """

  @Test("timer phase labels are interpolated and runs of spaces in `|` text are kept, as rehearse shows them")
  func sessionAndRehearseAgree() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(Self.module, id: "layout-agree")
    let session = try sandbox.run(
      ["session", "start", "layout-agree"] + sandbox.storeAndModules, input: "Sam\n\n\n")
    #expect(session.status == 0, "\(session.errors)")
    let answers = sandbox.root + "/answers.yaml"
    try Data("- Sam\n- \"\"\n- \"\"\n".utf8).write(to: URL(fileURLWithPath: answers))
    let rehearsal = try sandbox.run(["rehearse", file, "--answers", answers] + sandbox.storeAndModules)
    #expect(rehearsal.status == 0, "\(rehearsal.errors)")

    // The runner prints the body as it is laid out; rehearse prints the same lines behind a label.
    let body = ["Sit    tall,   Sam.", "  Then      follow the pace."]
    #expect(session.output.contains("\n" + body.joined(separator: "\n") + "\n"), "\(session.output)")
    #expect(rehearsal.output.contains("    body: \(body[0])\n      \(body[1])\n"), "\(rehearsal.output)")
    // Phase labels: filled in both, never raw.
    #expect(session.output.contains("Pattern: In, Sam 1 s, Out, Sam 2 s"), "\(session.output)")
    #expect(rehearsal.output.contains("phases.0: In, Sam"), "\(rehearsal.output)")
    #expect(rehearsal.output.contains("phases.1: Out, Sam"), "\(rehearsal.output)")
    #expect(!session.output.contains("{{"))
    #expect(!rehearsal.output.contains("{{"))
  }

  @Test(
    "on a terminal, the page keeps its spacing and the live countdown names each phase with the answer filled in",
    .enabled(
      if: TmuxTerminal.isAvailable, "tmux not found; install it (apt-get install -y tmux) to run the terminal tests"))
  func terminalCountdownIsInterpolated() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module, id: "layout-agree")
    let terminal = TmuxTerminal(sandbox: sandbox)
    defer { terminal.stop() }
    try terminal.start(["session", "start", "layout-agree"] + sandbox.storeAndModules)
    terminal.waitFor("What should we call you?")
    try terminal.type("Sam")
    try terminal.press("Enter")
    var screen = terminal.waitFor("Press Enter to begin")
    #expect(screen.contains("Sit    tall,   Sam.\n  Then      follow the pace."), "\(screen)")
    #expect(screen.contains("Pattern: In, Sam 1 s, Out, Sam 2 s"), "\(screen)")
    try terminal.press("Enter")
    var phases: [String] = []
    _ = eventually(timeout: 10, every: 0.1) {
      screen = terminal.screen()
      if let line = screen.split(separator: "\n").last(where: { $0.contains(" left") }).map(String.init) {
        phases.append(line)
      }
      return screen.contains("Done.")
    }
    #expect(phases.contains { $0.contains("In, Sam") || $0.contains("Out, Sam") }, "\(phases)")
    #expect(!phases.contains { $0.contains("{{") }, "\(phases)")
  }
}
