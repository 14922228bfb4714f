import Foundation
import Testing

/// A session finishes on the module content it started with, even if the file changes meanwhile.
@Suite("Pinned module content")
struct PinnedModuleTests {
  @Test("resuming after the module file changed shows the pinned wording and says so")
  func resumeUsesPinnedCopy() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(
      TestModules.pinned(version: 1, wording: "Original wording of the lesson."), id: "e2e-pinned")
    let start = try sandbox.run(["session", "start", "e2e-pinned"] + sandbox.storeAndModules, input: "\n")
    #expect(start.output.contains("Original wording of the lesson."))
    #expect(start.output.contains("Paused and saved."))
    let id = try sandbox.onlySession().id

    try Data(TestModules.pinned(version: 2, wording: "Rewritten wording of the lesson.").utf8)
      .write(to: URL(fileURLWithPath: file))

    let resume = try sandbox.run(["session", "resume", id] + sandbox.storeAndModules, input: "\n\n")
    #expect(resume.status == 0, "\(resume.errors)")
    #expect(resume.output.contains("Original wording of the lesson."))
    #expect(!resume.output.contains("Rewritten wording"))
    // Tandem's own lines are wrapped at word boundaries, like the module's.
    #expect(
      resume.output.replacingOccurrences(of: "\n", with: " ").contains("you will finish on the version you began (v1)"))
    #expect(resume.output.contains("Session complete."))
    let detail = try sandbox.detail(id)
    #expect(detail.moduleVersion == 1)
    #expect(detail.status == "completed")

    // A new session does pick up the edit, so the check above is not vacuous.
    let fresh = try sandbox.run(["session", "start", "e2e-pinned"] + sandbox.storeAndModules, input: "\n")
    #expect(fresh.output.contains("Rewritten wording of the lesson."))
    #expect(try sandbox.sessions().map(\.moduleVersion) == [1, 2])
  }

  @Test("a paused session resumes on its pinned copy even when the module file is gone")
  func resumeWithoutModuleFile() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(
      TestModules.pinned(version: 1, wording: "Kept in the journal."), id: "e2e-pinned")
    _ = try sandbox.run(["session", "start", "e2e-pinned"] + sandbox.storeAndModules, input: "\n")
    try FileManager.default.removeItem(atPath: file)
    let resume = try sandbox.run(["session", "resume"] + sandbox.storeAndModules, input: "\n\n")
    #expect(resume.status == 0, "\(resume.errors)")
    #expect(resume.output.contains("Kept in the journal."))
    #expect(try sandbox.onlySession().status == "completed")
  }
}
