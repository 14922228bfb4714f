import Foundation
import Testing

/// `tandem test --format json` and `tandem preview --format json`, run as the real binary.
@Suite("authoring: test and preview JSON")
struct TestAndPreviewJSONTests {
  typealias Finding = MachineReadableOutputTests.Finding

  struct TestRun: Decodable {
    struct Branch: Decodable {
      let kind: String
      let step: String
      let shown: Bool?
      let option: String?
      let message: String
      let file: String?
      let line: Int?
      let column: Int?
    }

    struct Coverage: Decodable {
      let covered: Int
      let total: Int
      let uncovered: [Branch]
      let impossible: [Branch]
    }

    struct Case: Decodable {
      let name: String
      let passed: Bool
      let file: String?
      let line: Int?
      let failures: [Finding]
    }

    struct File: Decodable {
      let path: String
      let module: String
      let ran: Bool
      let reason: String?
      let diagnostics: [Finding]
      let cases: [Case]
      let passed: Int
      let failed: Int
      let coverage: Coverage?
    }

    let files: [File]
    let diagnostics: [Finding]
    let cases: Int
    let passed: Int
    let failed: Int
    let branchesCovered: Int
    let branchesTotal: Int
    let requireFullCoverage: Bool
    let success: Bool
  }

  struct Preview: Decodable {
    struct Header: Decodable {
      let id: String
      let version: Int
      let title: String
    }

    struct Exit: Decodable, Equatable {
      let options: [String]
      let to: String
      let explicit: Bool
    }

    struct Option: Decodable {
      let number: Int
      let id: String
      let label: String
      let next: String?
    }

    struct Answer: Decodable {
      let kind: String
      let min: Int?
      let max: Int?
    }

    struct Screen: Decodable {
      let number: Int
      let id: String
      let kind: String
      let title: String?
      let shownWhen: [String: String]?
      let lines: [String]
      let answer: Answer?
      let options: [Option]
      let exits: [Exit]
    }

    let module: Header?
    let runnable: Bool
    let diagnostics: [Finding]
    let screens: [Screen]
  }

  /// Runs of whitespace as one space.
  func words(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }

  // MARK: test

  @Test("test --format json: a passing shipped test file, every case passed and every branch covered")
  func passingTests() throws {
    let sandbox = try Sandbox()
    let file = TandemBinary.repositoryRoot + "/Modules/paced-breathing.test.yaml"
    let result = try sandbox.run(["test", file, "--require-full-coverage", "--format", "json"])
    #expect(result.status == 0, "\(result.output)\(result.errors)")
    #expect(result.errors.isEmpty, "\(result.errors)")
    let run = try MachineReadableOutputTests.decode(TestRun.self, result)
    #expect(run.success && run.requireFullCoverage && run.failed == 0)
    let only = try #require(run.files.first)
    #expect(run.files.count == 1 && only.path == file && only.module == "paced-breathing" && only.ran)
    #expect(only.cases.count == run.cases && only.cases.allSatisfy { $0.passed && $0.failures.isEmpty })
    #expect(only.cases.count >= 2 && only.passed == only.cases.count)
    let coverage = try #require(only.coverage)
    #expect(coverage.covered == coverage.total && coverage.uncovered.isEmpty && coverage.total > 0)
    #expect(run.branchesCovered == coverage.covered && run.branchesTotal == coverage.total)
    // The text run agrees.
    let text = try sandbox.run(["test", file])
    #expect(
      text.output.contains(
        "\(only.passed) of \(only.cases.count) cases passed; branches \(coverage.covered) of \(coverage.total) covered"),
      "\(text.output)")
  }

  @Test("test warns, without failing, when a case's path shows '(no answer)' for a placeholder with no fallback")
  func unansweredPlaceholderInACase() throws {
    let sandbox = try Sandbox()
    let folder = sandbox.root + "/drafts"
    _ = try sandbox.writeModule(
      """
      id: recap
      version: 1
      title: Recap
      approach: cbt
      minutes: 1
      summary: A recap.
      steps:
        - id: sure
          kind: choice
          question: Are you sure?
          options: [{id: "yes", label: "Yes"}, {id: not-sure, label: Not sure}]
        - id: rate
          kind: scale
          question: How sure, 0 to 10?
          when: "sure == yes"
          anchors: {0: not at all, 10: completely}
        - id: bye
          kind: text
          body: "You rated {{rate}} / 10."

      """, id: "recap", folder: folder)
    let tests = folder + "/recap.test.yaml"
    try Data(
      """
      - name: sure
        answers: ["yes", "8", ""]
        path: [sure, rate, bye]
      - name: not sure
        answers: [not-sure, ""]
        path: [sure, bye]

      """.utf8
    ).write(to: URL(fileURLWithPath: tests))
    let text = try sandbox.run(["test", tests])
    #expect(text.status == 0, "\(text.output)\(text.errors)")
    #expect(text.output.contains("2 of 2 cases passed"), "\(text.output)")
    #expect(
      text.errors.contains(
        "recap.test.yaml:4:9: warning: case 'not sure': step 'bye' shows '(no answer)' for '{{rate}}' on this path; "
          + "give a fallback: '{{rate|…}}'"), "\(text.errors)")
    #expect(!text.errors.contains("case 'sure'"), "\(text.errors)")
    // With a fallback there is nothing to say.
    let module = folder + "/recap.yaml"
    let fixed = try String(contentsOfFile: module, encoding: .utf8).replacingOccurrences(
      of: "{{rate}}", with: "{{rate|no rating}}")
    try Data(fixed.utf8).write(to: URL(fileURLWithPath: module))
    let quiet = try sandbox.run(["test", tests])
    #expect(quiet.status == 0 && !quiet.errors.contains("warning"), "\(quiet.errors)")
  }

  @Test(
    "test --format json: a failing case with its failures at the text output's positions, uncovered branches listed, exit 1"
  )
  func failingTests() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(AuthoringCommandTests.draft, id: "draft")
    let tests = sandbox.modules + "/draft.test.yaml"
    try Data(AuthoringCommandTests.tests.utf8).write(to: URL(fileURLWithPath: tests))
    let text = try sandbox.run(["test", tests])
    let result = try sandbox.run(["test", tests, "--format", "json"])
    #expect(text.status == 1)
    #expect(result.status == 1, "\(result.errors)")
    let run = try MachineReadableOutputTests.decode(TestRun.self, result)
    #expect(!run.success && run.cases == 2 && run.passed == 1 && run.failed == 1)
    let file = try #require(run.files.first)
    #expect(file.cases.map(\.name) == ["low distress carries on", "high distress, wrong expectation"])
    #expect(file.cases.map(\.passed) == [true, false])
    let failing = file.cases[1]
    #expect(failing.failures.contains { $0.severity == "error" && $0.message.contains("path differs") })
    #expect(failing.line == 7)
    // Every failure the text output prints, at the same place, in order.
    #expect(
      failing.failures.flatMap(\.textLines) == MachineReadableOutputTests.headerLines(text.errors), "\(text.errors)")
    let coverage = try #require(file.coverage)
    #expect(coverage.total == coverage.covered + coverage.uncovered.count)
    for branch in coverage.uncovered {
      #expect(text.output.contains(branch.message), "\(text.output)")
      #expect(branch.line != nil && branch.file == sandbox.modules + "/draft.yaml")
    }
  }

  @Test("test --format json: a test file for a module that does not load is listed as not run, exit 1")
  func unloadableModule() throws {
    let sandbox = try Sandbox()
    let folder = sandbox.root + "/drafts"
    try sandbox.writeModule(MachineReadableOutputTests.broken, id: "broken", folder: folder)
    try Data("- name: anything\n  answers: [\"\"]\n".utf8).write(
      to: URL(fileURLWithPath: folder + "/broken.test.yaml"))
    let result = try sandbox.run(["test", folder, "--format", "json"])
    #expect(result.status == 1)
    let run = try MachineReadableOutputTests.decode(TestRun.self, result)
    let file = try #require(run.files.first)
    #expect(!file.ran && file.reason != nil && file.coverage == nil && file.cases.isEmpty)
    #expect(file.diagnostics.contains { $0.severity == "error" && $0.file == folder + "/broken.yaml" })
    #expect(!run.success)
  }

  // MARK: preview

  @Test("preview --format json: a shipped module's screens in file order, with text, options and exits")
  func previewShipped() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["preview", "paced-breathing", "--format", "json"])
    #expect(result.status == 0, "\(result.errors)")
    let preview = try MachineReadableOutputTests.decode(Preview.self, result)
    #expect(preview.module?.id == "paced-breathing" && preview.runnable && preview.diagnostics.isEmpty)
    let text = try sandbox.run(["preview", "paced-breathing"]).output.components(separatedBy: "\n")
    let headings = text.filter { $0.range(of: #"^\d+\. \S+ \["#, options: .regularExpression) != nil }
    #expect(preview.screens.count == headings.count && !headings.isEmpty)
    for (screen, heading) in zip(preview.screens, headings) {
      #expect(heading.hasPrefix("\(screen.number). \(screen.id) [\(screen.kind)"), "\(heading)")
      #expect(!screen.exits.isEmpty)
      // The same words as the text preview (which wraps them three columns narrower, indented),
      // each line within the width a patient's 72-column terminal has.
      #expect(words(text.joined(separator: " ")).contains(words(screen.lines.joined(separator: " "))), "\(screen.id)")
      #expect(screen.lines.allSatisfy { $0.count <= 72 }, "\(screen.lines)")
    }
    let last = try #require(preview.screens.last)
    #expect(last.exits.contains { $0.to == "end" })
    let check = try #require(preview.screens.first { $0.kind == "safety" })
    #expect(check.answer?.kind == "yes-no")
    #expect(preview.screens.contains { $0.shownWhen != nil })
    let jumping = preview.screens.flatMap(\.options).filter { $0.next != nil }
    for option in jumping {
      #expect(preview.screens.contains { $0.exits.contains { $0.options.contains(option.id) && $0.to == option.next } })
    }
  }

  @Test("preview --format json: a module that cannot be read gives its errors in JSON and exits 1")
  func previewInvalid() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(
      ValidateCommandTests.brokenModule, id: "broken", folder: sandbox.root + "/drafts")
    let result = try sandbox.run(["preview", file, "--format", "json"])
    #expect(result.status == 1)
    let preview = try MachineReadableOutputTests.decode(Preview.self, result)
    #expect(preview.module == nil && !preview.runnable && preview.screens.isEmpty)
    #expect(
      preview.diagnostics.contains {
        $0.severity == "error" && $0.line == 10 && $0.column == 5 && $0.message.contains("'tittle'")
      }, "\(result.output)")
  }

  @Test("preview --format json carries lint's warnings with the errors, as validate prints them")
  func previewWarnings() throws {
    let sandbox = try Sandbox()
    let module = """
      id: warned
      version: 1
      title: Warned
      approach: act
      minutes: 30
      summary: Valid, with a warning.
      steps:
        - id: tense
          kind: scale
          question: How tense?
          anchors: {0: calm}

      """
    let file = try sandbox.writeModule(module, id: "warned", folder: sandbox.root + "/drafts")
    let result = try sandbox.run(["preview", file, "--format", "json"])
    #expect(result.status == 0)
    let preview = try MachineReadableOutputTests.decode(Preview.self, result)
    let validate = try MachineReadableOutputTests.decode(
      MachineReadableOutputTests.Validation.self, try sandbox.run(["validate", file, "--format", "json"]))
    #expect(preview.diagnostics.map(\.message) == validate.findings.map(\.message))
    #expect(preview.diagnostics.count == 2 && preview.diagnostics.allSatisfy { $0.severity == "warning" })
  }
}
