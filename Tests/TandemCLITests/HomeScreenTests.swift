import Foundation
import Testing

/// `tandem` with no command: resume the session in progress, or pick a module.
@Suite("Home screen")
struct HomeScreenTests {
  @Test("lists the modules, offers the paused session at its step, and r resumes it there")
  func resumeFromHome() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let empty = try sandbox.run(sandbox.storeAndModules, input: "nonsense\nq\n")
    #expect(empty.status == 0, "\(empty.errors)")
    #expect(empty.output.contains("End-to-end flow — 5 min [e2e-flow]"))
    #expect(empty.output.contains("Paced breathing"), "shipped modules are listed beside --modules ones")
    #expect(empty.output.contains("'nonsense' is not on the list."))
    #expect(!empty.output.contains("In progress"))

    _ = try sandbox.run(["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n")
    let home = try sandbox.run(sandbox.storeAndModules, input: "r\ncalm\n")
    #expect(home.output.contains("In progress: End-to-end flow, step 2 of about 8 (paused since "))
    #expect(home.output.contains("r) resume it"))
    #expect(home.output.contains("Welcome back to End-to-end flow."))
    #expect(home.output.contains("Calm note page."))
    let session = try sandbox.onlySession()
    #expect(session.step == "calm-note")
    #expect(try sandbox.detail(session.id).answers == [Pair("mood", "Calm")])
  }

  @Test("a module picked by number starts a new session, and the following lines answer its steps")
  func startFromHome() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let menu = try sandbox.run(sandbox.storeAndModules, input: "q\n")
    let entry = try #require(
      menu.output.split(separator: "\n").first { $0.contains("End-to-end flow — 5 min [e2e-flow]") }, "\(menu.output)")
    let number = try #require(entry.trimmingCharacters(in: .whitespaces).split(separator: ")").first.map(String.init))

    let home = try sandbox.run(sandbox.storeAndModules, input: "\(number)\n\ntense\n")
    #expect(home.output.contains("End-to-end flow · step 1 of about 8"))
    #expect(home.output.contains("Tense note page."), "the lines after the menu choice answer the session's steps")
    let session = try sandbox.onlySession()
    #expect(session.moduleID == "e2e-flow")
    #expect(session.step == "tense-note")
  }
}

extension HomeScreenTests {
  @Test("picking the paused module by number resumes it instead of starting it again")
  func pickPausedModule() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    _ = try sandbox.run(["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n")
    let menu = try sandbox.run(sandbox.storeAndModules, input: "q\n")
    let entry = try #require(
      menu.output.split(separator: "\n").first { $0.contains("[e2e-flow]") && $0.contains(")") }, "\(menu.output)")
    let number = try #require(entry.trimmingCharacters(in: .whitespaces).split(separator: ")").first.map(String.init))
    let home = try sandbox.run(sandbox.storeAndModules, input: "\(number)\ncalm\n")
    #expect(home.output.contains("You paused this one part-way; picking it up where you left off."), "\(home.output)")
    #expect(home.output.contains("Welcome back to End-to-end flow."))
    #expect(try sandbox.sessions().count == 1, "no second session")
  }

  @Test("looking at the home screen with no store, and quitting, creates no store")
  func noStoreCreated() throws {
    let sandbox = try Sandbox()
    let quit = try sandbox.run(["--store", sandbox.store], input: "q\n")
    #expect(quit.status == 0, "\(quit.errors)")
    #expect(quit.output.contains("Nothing scheduled."))
    let closed = try sandbox.run(["--store", sandbox.store], input: "")
    #expect(closed.status == 0, "\(closed.errors)")
    #expect(!FileManager.default.fileExists(atPath: sandbox.store))
  }
}

extension HomeScreenTests {
  @Test("tandem modules lists the suggested order with what was completed and when, in text and JSON")
  func moduleListOrderAndCompletion() throws {
    let sandbox = try Sandbox()
    let environment = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]
    let empty = try sandbox.run(["modules", "--store", sandbox.store], environment: environment)
    #expect(empty.status == 0, "\(empty.errors)")
    let ids = empty.output.split(separator: "\n").filter { $0.first?.isNumber == true }.map {
      String($0.split(separator: " ")[1])
    }
    #expect(
      ids == [
        "your-migraine-plan", "medication-overuse", "guided-imagery", "paced-breathing",
        "progressive-muscle-relaxation", "struggle-with-control", "what-matters", "thoughts-are-thoughts",
        "present-moment", "committed-action", "sleep-and-migraine", "coping-statements", "taking-medicine",
        "worry-time", "relapse-prevention", "wellbeing-check", "anxiety-check", "headache-impact", "mood-check",
      ], "\(empty.output)")
    #expect(!empty.output.contains("done"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.store), "listing modules creates no store")

    // The test module, completed through a script; it is listed with the shipped ones.
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let done = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\ntense\n\n8\nwork\n\n2\nmorning\n\n",
      environment: environment)
    #expect(done.output.contains("Session complete."), "\(done.output.suffix(1500))")
    let listed = try sandbox.run(["modules"] + sandbox.storeAndModules, environment: environment)
    let lines = listed.output.split(separator: "\n")
    let index = try #require(lines.firstIndex { $0.contains("e2e-flow") }, "\(listed.output)")
    #expect(lines[index + 1].contains("done 09:00"), "\(listed.output)")
    let json = try #require(
      try JSONSerialization.jsonObject(
        with: try sandbox.run(["modules", "--format", "json"] + sandbox.storeAndModules, environment: environment)
          .stdout) as? [[String: Any]])
    let flow = try #require(json.first { $0["id"] as? String == "e2e-flow" })
    #expect(flow["times_completed"] as? Int == 1)
    #expect(flow["last_completed"] as? String == "2026-03-21T09:00:00Z")
    #expect((flow["position"] as? Int ?? 0) > 0)
    #expect(json.first?["times_completed"] as? Int == 0)
  }
}
