import ArgumentParser
import Foundation
import TandemAuthoring
import TandemBase
import TandemContent
import TandemTherapy

extension Tandem {
  /// Runs the test cases written next to modules (`MODULE-ID.test.yaml`) and reports branch coverage.
  struct ModuleTest: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "test",
      abstract: "Run module test files (MODULE-ID.test.yaml) and report branch coverage.",
      discussion: """
        With no paths, runs the tests next to the shipped modules. Failures are printed as
        file:line:col pointing at the case. Exits 1 when a case fails or a file has errors.
        """)

    @Argument(help: ArgumentHelp("Test files, or folders to search for *.test.yaml.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .long, help: "Also fail when some branch (a 'when:' outcome or an option jump) is never taken.")
    var requireFullCoverage = false

    @Option(name: .long, help: "text or json (every file, case, failure and uncovered branch as data).")
    var format: OutputFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      let home = ContentHome.locate()
      let (files, missing) = ModuleTestFile.find(paths.isEmpty ? [home.modules] : paths)
      if format == .json {
        let document = ModuleTestJSON(
          files: files.map { json(for: $0) }, diagnostics: missing,
          requireFullCoverage: requireFullCoverage)
        print(try JSONOutput.encode(document))
        if !document.success { throw ExitCode(1) }
        return
      }
      let style = options.style(for: STDERR_FILENO)
      var problems = missing.count
      for diagnostic in missing { printError(DiagnosticPrinter(style: style).render(diagnostic)) }
      if files.isEmpty && missing.isEmpty {
        printError("no test files (*.test.yaml) found")
        throw ExitCode(1)
      }
      var caseCount = 0, failed = 0, branches = 0, covered = 0
      for file in files {
        let (testFile, diagnostics) = ModuleTestFile.load(file)
        for diagnostic in diagnostics { printError(DiagnosticPrinter(style: style).render(diagnostic)) }
        guard let testFile else {
          problems += 1
          print("\(file): cannot run (see errors above)")
          continue
        }
        guard let module = try? moduleUnderTest(testFile, home: home) else {
          problems += 1
          print("\(file): cannot run: module '\(testFile.moduleID)' did not load")
          continue
        }
        let report = ModuleTestRunner.run(testFile.cases, on: module)
        // Failures, and the warnings of passing cases (a path that shows "(no answer)").
        for result in report.results where !result.failures.isEmpty {
          for diagnostic in AuthoringFiles.withSourceLines(result.failures) {
            printError(DiagnosticPrinter(style: style).render(diagnostic))
          }
        }
        let total = report.coverage.reachableCount
        let missed = report.coverage.missed
        caseCount += report.results.count
        failed += report.failedCount
        branches += total
        covered += total - missed.count
        let passed = report.results.count - report.failedCount
        print(
          "\(file): \(passed) of \(report.results.count) case\(report.results.count == 1 ? "" : "s") passed; "
            + "branches \(total - missed.count) of \(total) covered")
        for branch in missed {
          print("  " + BranchCoverage.note(for: branch, in: module).description)
        }
        for branch in report.coverage.impossible {
          print("  " + BranchCoverage.impossibleNote(for: branch, in: module).description)
        }
        if requireFullCoverage && !missed.isEmpty { problems += 1 }
      }
      let percent = branches == 0 ? 100 : (covered * 100) / branches
      print(
        "\(files.count) test file\(files.count == 1 ? "" : "s"), \(caseCount) case\(caseCount == 1 ? "" : "s"): "
          + "\(caseCount - failed) passed, \(failed) failed; branches \(covered) of \(branches) covered (\(percent)%)")
      if failed > 0 || problems > 0 { throw ExitCode(1) }
    }

    /// One test file's results as data, its problems included rather than printed.
    private func json(for file: String) -> ModuleTestJSON.File {
      let (testFile, diagnostics) = ModuleTestFile.load(file)
      guard let testFile else {
        return ModuleTestJSON.File(
          path: file, moduleID: ModuleTestFile.moduleID(of: file), notRunBecause: "the test file has errors",
          diagnostics: diagnostics)
      }
      let draft = AuthoringInput.draft(moduleReference(testFile), options: options)
      guard let module = draft.module, draft.isRunnable else {
        let reason =
          draft.module == nil
          ? "module '\(testFile.moduleID)' did not load" : "module '\(testFile.moduleID)' has errors"
        return ModuleTestJSON.File(
          path: file, moduleID: testFile.moduleID, notRunBecause: reason, diagnostics: diagnostics + draft.diagnostics)
      }
      let report = ModuleTestRunner.run(testFile.cases, on: module)
      return ModuleTestJSON.File(
        path: file, module: module, report: report, diagnostics: diagnostics,
        failures: { AuthoringFiles.withSourceLines($0.failures) })
    }

    /// The module a test file is for: the `ID.yaml` beside it, else module `ID` from the shipped
    /// modules and `--modules`.
    private func moduleReference(_ file: ModuleTestFile) -> String {
      let folder = (file.path as NSString).deletingLastPathComponent
      let sibling = (folder.isEmpty ? "." : folder) + "/\(file.moduleID).yaml"
      return FileManager.default.fileExists(atPath: sibling) ? sibling : file.moduleID
    }

    /// The module a test file is for: the `ID.yaml` beside it, else module `ID` from the shipped
    /// modules and `--modules`. Its diagnostics go to standard error.
    private func moduleUnderTest(_ file: ModuleTestFile, home: ContentHome) throws -> Module {
      try AuthoringInput.module(moduleReference(file), options: options, requireRunnable: true)
    }
  }
}
