import Foundation
import Testing

/// kill -9 in the middle of a session loses nothing that was committed.
@Suite("Crash recovery")
struct CrashRecoveryTests {
  @Test("SIGKILL mid-session leaves an intact store; resume continues after the last committed answer")
  func killNineAndResume() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let live = try LiveTandem(sandbox: sandbox, arguments: ["session", "start", "e2e-flow"] + sandbox.storeAndModules)
    defer { live.kill() }

    // One line at a time, each waited for in the store before the next is sent.
    var sessionID: String?
    let script: [(line: String, committed: String)] = [
      ("", "continued"), ("tense", "answered"), ("", "continued"), ("6", "answered"),
    ]
    var expectedKinds = ["started"]
    for (line, kind) in script {
      live.send(line)
      expectedKinds.append(kind)
      let committed = try eventually(timeout: 20, every: 0.1) {
        if sessionID == nil { sessionID = try sandbox.sessions().first?.id }
        guard let id = sessionID else { return false }
        return try sandbox.detail(id).kinds == expectedKinds
      }
      try #require(committed, "'\(line)' was not committed; output so far:\n\(live.output)")
    }
    #expect(live.isRunning, "the session waits for the next answer")
    live.kill()
    #expect(live.wasKilled)
    let id = try #require(sessionID)

    if let check = try sandbox.integrityCheck(sandbox.store) { #expect(check == "ok") }

    // Not paused: the process died. Still open, at the step after the last committed answer.
    let open = try sandbox.onlySession()
    #expect(open.status == "active")
    #expect(open.step == "worry")

    let resume = try sandbox.run(["session", "resume"] + sandbox.storeAndModules, input: "still here\n")
    #expect(resume.status == 0, "\(resume.errors)")
    let firstStep = try #require(resume.output.range(of: "step ")).lowerBound
    #expect(resume.output[firstStep...].hasPrefix("step 5 of about 9\n\nWhat worries you today?"))
    #expect(!resume.output.contains("How tense is your body?"))
    #expect(resume.output.contains("Breathe slowly."))

    let detail = try sandbox.detail(id)
    #expect(detail.answers == [Pair("mood", "Tense"), Pair("tension-before", "6"), Pair("worry", "still here")])
    #expect(detail.status == "paused")
    if let check = try sandbox.integrityCheck(sandbox.store) { #expect(check == "ok") }
  }

  @Test("SIGKILL right after an answer is written, without waiting: the store opens and every committed answer resumes")
  func killWithoutWaiting() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    for round in 0..<3 {
      let live = try LiveTandem(
        sandbox: sandbox, arguments: ["session", "start", "e2e-flow"] + sandbox.storeAndModules)
      defer { live.kill() }
      _ = eventually(timeout: 20) { live.output.contains("Press Enter to continue") }
      live.send("\n2\n\n\(round)")
      usleep(useconds_t(round * 20_000))
      live.kill()
      if let check = try sandbox.integrityCheck(sandbox.store) { #expect(check == "ok") }
    }
    let sessions = try sandbox.sessions()
    #expect(sessions.count == 3)
    for session in sessions {
      #expect(session.status == "active")
      let detail = try sandbox.detail(session.id)
      // Whatever was committed is a prefix of the script, in order.
      let script = ["started", "continued", "answered", "continued", "answered"]
      #expect(Array(script.prefix(detail.kinds.count)) == detail.kinds, "\(detail.kinds)")
      let resume = try sandbox.run(["session", "resume", session.id] + sandbox.storeAndModules, input: "")
      #expect(resume.status == 0, "\(resume.errors)")
      #expect(try sandbox.detail(session.id).status == "paused")
    }
  }
}

/// A `tandem` process fed through a pipe a line at a time, with its output collected in a file.
final class LiveTandem {
  private let child: Subprocess
  private let input: Int32
  private let outputPath: String
  private var status: Int32?

  init(sandbox: Sandbox, arguments: [String]) throws {
    outputPath = sandbox.root + "/.live-\(UUID().uuidString)"
    let output = try Subprocess.openForWriting(outputPath)
    let pipe = try Subprocess.Pipe.make()
    defer {
      close(output)
      close(pipe.read)
    }
    child = try Subprocess(
      try Sandbox.binary(), arguments, environment: sandbox.environment(), stdin: pipe.read, stdout: output,
      stderr: output)
    input = pipe.write
  }

  deinit {
    kill()
    close(input)
  }

  /// Writes `line` and a newline.
  func send(_ line: String) {
    Subprocess.writeAll(Data((line + "\n").utf8), to: input)
  }

  var isRunning: Bool { child.isRunning }

  /// Everything written so far.
  var output: String { String(decoding: FileManager.default.contents(atPath: outputPath) ?? Data(), as: UTF8.self) }

  /// Sends SIGKILL (if still running) and waits for the process to end.
  func kill() {
    if status == nil { status = child.kill() }
  }

  /// Whether it ended by SIGKILL.
  var wasKilled: Bool { status == 128 + SIGKILL }
}

extension Sandbox {
  /// `PRAGMA integrity_check` by the `sqlite3` shell, or `nil` when it is not installed (the
  /// CLI reading the store afterwards is then the only check).
  func integrityCheck(_ database: String) throws -> String? {
    guard
      let sqlite3 = ["/usr/bin/sqlite3", "/usr/local/bin/sqlite3", "/opt/homebrew/bin/sqlite3"]
        .first(where: FileManager.default.isExecutableFile(atPath:))
    else { return nil }
    let result = try Subprocess.run(
      sqlite3, [database, "PRAGMA integrity_check"], environment: environment(), scratch: root)
    return (result.output + result.errors).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
