import Foundation
import Testing

/// Modules built to be hostile (very long, very odd) are analysed and shown in seconds, never crashing.
@Suite("Hostile modules on the command line")
struct HostileModuleCommandTests {
  func module(id: String, steps: [String]) -> String {
    ([
      "id: \(id)", "version: 1", "title: Hostile", "approach: act", "process: values", "audience: [adult]",
      "minutes: 20",
      "summary: A hostile module.", "steps:",
    ] + steps).joined(separator: "\n") + "\n"
  }

  @Test("graph --paths on a 28,000-step module lists its one path (it recursed per step until SIGSEGV)")
  func longModuleGraph() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(
      module(id: "big", steps: (0..<28_000).map { "- {id: s\($0), kind: text, body: b}" }), id: "big")
    let result = try sandbox.run(["graph", "big", "--paths"] + sandbox.storeAndModules, timeout: 120)
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Paths through big: 1 distinct path"), "\(result.output.prefix(300))")
    #expect(result.output.contains("shortest: 28000 steps"))
    #expect(!crashMarkers.contains { result.errors.contains($0) })
  }

  @Test("a step body of 200,000 '{' is refused at once as an unclosed placeholder (showing it once took 96 s)")
  func unclosedBraces() throws {
    let sandbox = try Sandbox()
    let body = String(repeating: "{", count: 200_000)
    let file = try sandbox.writeModule(
      module(id: "braces", steps: ["  - id: s0", "    kind: text", "    body: \"\(body)\""]), id: "braces")
    let started = Date()
    let checked = try sandbox.run(["validate", file], timeout: 60)
    #expect(checked.status == 1)
    #expect(checked.errors.contains("error: '{{' is never closed with '}}', so the patient would read the braces"))
    let result = try sandbox.run(["session", "start", "braces"] + sandbox.storeAndModules, input: "\n", timeout: 60)
    #expect(result.status != 0)
    #expect(result.errors.contains("module 'braces' has errors and cannot run"), "\(result.errors)")
    #expect(Date().timeIntervalSince(started) < 30)
  }
}
