import TandemBase
import Testing

@testable import TandemAuthoring
@testable import TandemTherapy

/// `ModulePreviewJSON`, `ModulePathsJSON` and `ModuleTestJSON`: a module's screens and its test
/// results as data.
@Suite("authoring: preview and test results as JSON")
struct AuthoringJSONTests {
  @Test("every step is a screen in file order, with its answer, options, condition and exits")
  func previewScreens() throws {
    let preview = ModulePreviewJSON(module: authoringModule, diagnostics: [])
    #expect(preview.runnable && preview.module?.id == "draft" && preview.module?.version == 2)
    #expect(preview.screens.map(\.id) == authoringModule.steps.map(\.id))
    #expect(preview.screens.map(\.number) == Array(1...authoringModule.steps.count))
    let screens = Dictionary(uniqueKeysWithValues: preview.screens.map { ($0.id, $0) })
    let intro = try #require(screens["intro"])
    #expect(intro.title == "Hello" && intro.lines == ["Welcome."] && intro.answer == nil)
    #expect(intro.exits == [.init(options: [], to: "distress", explicit: false)])
    let distress = try #require(screens["distress"])
    #expect(distress.answer?.kind == "number" && distress.answer?.min == 0 && distress.answer?.max == 10)
    #expect(distress.answer?.anchors?.map(\.label) == ["fine", "awful"])
    let crisis = try #require(screens["crisis"])
    #expect(crisis.shownWhen?.source == "distress >= 8")
    let goOn = try #require(screens["go-on"])
    #expect(goOn.options.map(\.id) == ["yes", "stop"] && goOn.options.map(\.next) == [nil, "end"])
    #expect(
      goOn.exits == [
        .init(options: ["yes"], to: "worry", explicit: false), .init(options: ["stop"], to: "end", explicit: true),
      ])
    let worry = try #require(screens["worry"])
    #expect(worry.optional && worry.answer?.kind == "free-text" && worry.answer?.maxLength == 100)
    #expect(screens["breathe"]?.timer?.seconds == 60)
    #expect(screens["closing"]?.lines == ["You said {{worry}} and rated {{distress}}."])
    #expect(screens["closing"]?.exits == [.init(options: [], to: "end", explicit: false)])
    #expect(preview.paths == nil)
  }

  @Test("a module that could not be read: no screens, its errors, not runnable")
  func previewUnreadable() {
    let error = Diagnostic.error(
      Diagnostic.Message("unknown field 'tittle'", category: "unknown-field"),
      at: SourceLocation(file: "x.yaml", line: 3, column: 5))
    let preview = ModulePreviewJSON(module: nil, diagnostics: [error])
    #expect(preview.module == nil && !preview.runnable && preview.screens.isEmpty)
    #expect(preview.diagnostics.map(\.message) == ["unknown field 'tittle'"])
    let withErrors = ModulePreviewJSON(module: authoringModule, diagnostics: [error])
    #expect(!withErrors.runnable && withErrors.screens.count == authoringModule.steps.count)
  }

  @Test("paths: each path's steps and ending")
  func paths() {
    let paths = ModulePathsJSON(PathAnalysis(module: authoringModule))
    #expect(!paths.capped && paths.unreachable.isEmpty)
    #expect(paths.paths.contains { $0.steps.last == "go-on" && $0.ending == "completed" })
    #expect(paths.paths.allSatisfy { $0.loopsTo == nil })
  }

  @Test("test results: cases with their failures, coverage with the branches missed, and the totals")
  func testResults() throws {
    let passing = ModuleTestCase(name: "low", answers: ["", "2", "stop"], path: ["intro", "distress", "go-on"])
    let failing = ModuleTestCase(
      name: "high", answers: ["", "9", "", "stop"], path: ["intro", "distress", "go-on"],
      mark: SourceLocation(file: "draft.test.yaml", line: 7, column: 9))
    let report = ModuleTestRunner.run([passing, failing], on: authoringModule)
    let file = ModuleTestJSON.File(path: "draft.test.yaml", module: authoringModule, report: report)
    #expect(file.ran && file.module == "draft" && file.passed == 1 && file.failed == 1)
    #expect(file.cases.map(\.passed) == [true, false])
    #expect(file.cases[1].line == 7 && file.cases[1].column == 9)
    #expect(file.cases[1].failures.contains { $0.severity == "error" && $0.message.contains("path differs") })
    let coverage = try #require(file.coverage)
    #expect(coverage.total == coverage.covered + coverage.uncovered.count)
    #expect(coverage.uncovered.allSatisfy { $0.kind == "condition" || $0.kind == "option-jump" })

    let notRun = ModuleTestJSON.File(
      path: "other.test.yaml", moduleID: "other", notRunBecause: "module 'other' did not load", diagnostics: [])
    let all = ModuleTestJSON(files: [file, notRun], diagnostics: [], requireFullCoverage: false)
    #expect(all.cases == 2 && all.passed == 1 && all.failed == 1 && !all.success)
    #expect(all.branchesTotal == coverage.total && all.branchesCovered == coverage.covered)
    let clean = ModuleTestJSON(
      files: [
        ModuleTestJSON.File(
          path: "draft.test.yaml", module: authoringModule, report: ModuleTestRunner.run([passing], on: authoringModule)
        )
      ], diagnostics: [], requireFullCoverage: false)
    #expect(clean.success)
    let strict = ModuleTestJSON(files: clean.files, diagnostics: [], requireFullCoverage: true)
    #expect(strict.success == (clean.files[0].coverage?.uncovered.isEmpty ?? false))
    #expect(!ModuleTestJSON(files: [], diagnostics: [], requireFullCoverage: false).success)
  }
}
