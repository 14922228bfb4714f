import Foundation
import Testing

/// Mistakes on the command line end in one clear message and a non-zero exit, never a crash.
@Suite("Bad input")
struct BadInputTests {
  @Test("a misspelt module id suggests the right one and creates no store")
  func nearMissSuggestsModule() throws {
    let sandbox = try Sandbox()
    let store = sandbox.root + "/never/tandem.sqlite"
    let result = try sandbox.run(
      ["session", "start", "paced-breathin"], input: "\n", environment: ["TANDEM_STORE": store])
    #expect(result.status != 0)
    #expect(result.errors.contains("no module 'paced-breathin'"), "\(result.errors)")
    #expect(result.errors.contains("did you mean 'paced-breathing'?"), "\(result.errors)")
    #expect(result.output.isEmpty, "nothing of a session is shown: \(result.output)")
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/never"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/xdg"))
  }

  @Test("an unknown module id with no near miss is refused without a suggestion")
  func unknownModule() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["session", "start", "no-such-module", "--store", sandbox.store], input: "\n")
    #expect(result.status != 0)
    #expect(result.errors.contains("no module 'no-such-module'"), "\(result.errors)")
    #expect(!result.errors.contains("did you mean"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.store))
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
  }

  @Test("resume and show with an unknown session id fail with a clear message")
  func unknownSessionID() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    _ = try sandbox.run(["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n")
    for command in ["resume", "show"] {
      let result = try sandbox.run(["session", command, "deadbeef"] + sandbox.storeAndModules, input: "\n")
      #expect(result.status != 0, "session \(command)")
      #expect(result.errors.contains("no session 'deadbeef'"), "\(result.errors)")
      #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    }
    // The real session is untouched.
    let session = try sandbox.onlySession()
    #expect(session.status == "paused")
    #expect(try sandbox.detail(session.id).kinds == ["started", "continued", "paused"])
  }

  @Test("resume with nothing to resume says how to start")
  func nothingToResume() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["session", "resume", "--store", sandbox.store], input: "\n")
    #expect(result.status != 0)
    #expect(result.errors.contains("no unfinished session"), "\(result.errors)")
    #expect(result.errors.contains("tandem session start"))
  }

  @Test("a module with errors is refused by session start, never run partly")
  func brokenModuleDoesNotRun() throws {
    let sandbox = try Sandbox()
    let broken = TestModules.flow.replacingOccurrences(
      of: "    body: Read this first.", with: "    body: Read this first.\n    next: nowhere")
    #expect(broken != TestModules.flow)
    try sandbox.writeModule(broken, id: "e2e-flow")
    let result = try sandbox.run(["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n")
    #expect(result.status != 0)
    #expect(result.errors.contains("module 'e2e-flow' has errors and cannot run"), "\(result.errors)")
    #expect(!result.output.contains("Read this first."))
    #expect(!FileManager.default.fileExists(atPath: sandbox.store))
  }
}
