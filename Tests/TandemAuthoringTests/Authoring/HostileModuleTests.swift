import Foundation
import TandemTestFixtures
import Testing

@testable import TandemAuthoring
@testable import TandemTherapy

/// Modules shaped to hurt: very long flows and very long text must analyse and render in linear time and space.
@Suite("Hostile modules")
struct HostileModuleTests {
  @Test("path analysis of a 28,000-step module finishes (it recursed once per step and crashed)")
  func longModulePaths() {
    let steps = (0..<28_000).map { Step(id: "s\($0)", kind: .text(body: "b")) }
    let module = Module(
      id: "big", version: 1, title: "Big", approach: .act, minutes: 20, summary: "Long.", steps: steps)
    let started = Date()
    let analysis = PathAnalysis(module: module)
    #expect(analysis.paths.count == 1)
    #expect(analysis.paths.first?.steps.count == 28_000)
    #expect(analysis.paths.first?.ending == .completed)
    #expect(analysis.unreachedSteps.isEmpty)
    #expect(Date().timeIntervalSince(started) < 30)
  }

  @Test("path analysis still finds every path, loop and safety stop of the sample module")
  func samplePathsUnchanged() {
    let analysis = PathAnalysis(module: sampleModule)
    #expect(!analysis.paths.isEmpty)
    #expect(analysis.paths.contains { $0.ending == .safetyStopped })
    #expect(Set(analysis.paths.map(\.steps)).count == analysis.paths.count)
    #expect(analysis.paths.allSatisfy { $0.steps.first == "intro" })
  }

  @Test("a body of 200,000 '{' renders in linear time (it scanned to the end from every brace)")
  func unclosedBraces() {
    let text = String(repeating: "{", count: 200_000)
    let module = Module(
      id: "braces", version: 1, title: "B", approach: .act, minutes: 1, summary: "B.",
      steps: [Step(id: "s", kind: .text(body: text))])
    let started = Date()
    #expect(Interpolation.render(text, module: module, answers: [:]) == text)
    #expect(Interpolation.placeholders(in: text).isEmpty)
    #expect(Date().timeIntervalSince(started) < 10)
    #expect(Interpolation.render("{{ {{s}} and {{", module: module, answers: [:]) == "(no answer) and {{")
  }

  @Test("a condition number past a million is refused, so class boundaries never overflow")
  func conditionNumbers() {
    #expect(throws: ConditionSyntaxError.self) { try Condition.parse("pain > 9223372036854775807") }
    #expect(throws: ConditionSyntaxError.self) { try Condition.parse("pain >= 1000001") }
    #expect((try? Condition.parse("pain >= 1000000")) != nil)
  }
}
