import Foundation
import Testing

@testable import TandemBase
@testable import TandemContent

/// Test files and answer scripts load with positions, and every mistake is reported.
@Suite("authoring: module test files")
struct ModuleTestFileTests {
  @Test("cases load with answers as typed, expectations and the position of each part")
  func loadsCases() throws {
    let scratch = Scratch()
    let path = scratch.write(
      "calm.test.yaml",
      """
      - name: calm
        answers: ["", no, 07, ~, [jaw, neck]]
        path: [intro, screen]
        text:
          intro: "Hello"
        status: completed

      """)
    let (file, diagnostics) = ModuleTestFile.load(path)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    let loaded = try #require(file)
    #expect(loaded.moduleID == "calm")
    let only = try #require(loaded.cases.first)
    #expect(only.answers == ["", "no", "07", "", "jaw,neck"])
    #expect(only.path == ["intro", "screen"])
    #expect(only.status == .completed)
    #expect(
      only.texts == [.init(step: "intro", fragment: "Hello", mark: SourceLocation(file: path, line: 5, column: 5))])
    #expect(only.mark == SourceLocation(file: path, line: 1, column: 9))
    #expect(only.statusMark == SourceLocation(file: path, line: 6, column: 11))
  }

  @Test("unknown keys, bad statuses, missing answers and duplicate names are errors at their lines")
  func reportsMistakes() throws {
    let scratch = Scratch()
    let path = scratch.write(
      "x.test.yaml",
      """
      - name: one
        answers: []
      - name: one
        answers: []
      - name: two
        stauts: completed
        status: finished

      """)
    let (file, diagnostics) = ModuleTestFile.load(path)
    #expect(file == nil)
    let messages = diagnostics.map(\.description)
    #expect(messages.contains("\(path):3:9: error: duplicate case name 'one'"))
    #expect(
      diagnostics.first { $0.message == "duplicate case name 'one'" }?.notes.map(\.description) == [
        "\(path):1:9: note: first used here"
      ])
    #expect(messages.contains("\(path):6:3: error: unknown field 'stauts' in case 'two'; did you mean 'status'?"))
    #expect(messages.contains { $0.hasPrefix("\(path):7:11: error: unknown status 'finished'") })
    #expect(messages.contains("\(path):5:3: error: missing field 'answers' in case 'two'"))
    #expect(diagnostics.allSatisfy { $0.sourceLine != nil })
  }

  @Test("an answer script must be a list")
  func answerScriptMustBeAList() {
    let scratch = Scratch()
    let path = scratch.write("a.yaml", "first: 1\n")
    let (answers, diagnostics) = AuthoringFiles.answers(at: path)
    #expect(answers.isEmpty)
    #expect(
      diagnostics.map(\.description) == [
        "\(path):1:1: error: expected a list of answers (one per shown step), found a mapping"
      ])
  }
}
