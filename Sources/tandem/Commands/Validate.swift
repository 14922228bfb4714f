import ArgumentParser
import Foundation
import TandemAuthoring
import TandemBase
import TandemContent
import TandemTherapy

extension Tandem {
  /// Checks modules and content files and prints compiler-style diagnostics.
  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check modules and content; print every problem as file:line:col.",
      discussion: "With no paths, checks the shipped Modules/ and Content/. Exits 1 when there are errors.")

    @Argument(help: ArgumentHelp("Module or content files or folders.", valueName: "path"))
    var paths: [String] = []

    @Flag(name: .long, help: "Treat warnings as errors.")
    var strict = false

    @Option(
      name: .long,
      help:
        "text (on standard error), json or sarif (SARIF 2.1.0, for code review); json and sarif go to standard output."
    )
    var format: FindingsFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      let home = ContentHome.locate()
      let targets = paths.isEmpty ? [home.modules, home.content] + options.modules : paths + options.modules
      var ignored: [Diagnostic] = []
      let workers = options.workers
      // A program checked on its own is checked against the shipped modules.
      let content = ContentLoader.load(
        paths: targets, snippetPaths: [home.content], workers: workers, moduleContext: [home.modules])
      // The medication catalogue is content too: check every medications*.yaml among the paths.
      var catalogueFiles = ContentLoader.collectFiles(targets, diagnostics: &ignored).filter {
        ($0 as NSString).lastPathComponent.hasPrefix("medications")
      }
      catalogueFiles += options.catalogue
      let catalogue = catalogueFiles.isEmpty ? nil : CatalogueLoader.load(paths: catalogueFiles)
      let lint = content.lintFindings(workers: workers)
      let translations = options.loadTranslations(for: content, paths: targets)
      let live = try liveSessionFindings(content)
      let diagnostics = AuthoringFiles.withSourceLines(
        (content.diagnostics + lint + (catalogue?.diagnostics ?? []) + translations.diagnostics + live)
          .sortedByLocation())
      switch format {
      case .json:
        let document = ValidationJSON(
          diagnostics: diagnostics, strict: strict, modulesReady: content.modules.count, files: content.fileCount)
        print(try JSONOutput.encode(document))
        if !document.passed { throw ExitCode(1) }
        return
      case .sarif:
        let log = SARIFLog(
          diagnostics: diagnostics, strict: strict, toolVersion: Tandem.version)
        print(try JSONOutput.encode(log))
        if diagnostics.contains(where: { $0.countsAsError(strict: strict) }) { throw ExitCode(1) }
        return
      case .text:
        break
      }
      let style = options.style(for: STDERR_FILENO)
      var errors = 0, warnings = 0
      for diagnostic in diagnostics {
        let isError = diagnostic.countsAsError(strict: strict)
        if isError { errors += 1 } else if diagnostic.severity == .warning { warnings += 1 }
        printError(DiagnosticPrinter(style: style).render(diagnostic))
      }
      let summary =
        "\(content.modules.count) module\(content.modules.count == 1 ? "" : "s") ready, "
        + "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s") "
        + "in \(content.fileCount) file\(content.fileCount == 1 ? "" : "s")"
      printError(summary)
      if errors > 0 { throw ExitCode(1) }
    }
  }
}

/// How `validate` reports its findings.
enum FindingsFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, sarif
}

extension Tandem.Validate {
  /// Sessions in progress on an older version of a module: what will happen when they resume.
  /// Reads the store only if it exists (validating never creates one).
  func liveSessionFindings(_ content: LoadedContent) throws -> [Diagnostic] {
    guard FileManager.default.fileExists(atPath: options.storePath) else { return [] }
    let sessions = try options.openStoreForReading().allSessions().filter { $0.state.status.isOpen }
    var findings: [Diagnostic] = []
    for loaded in content.modules {
      let module = loaded.module
      let older = sessions.filter {
        $0.currentModule.id == module.id && $0.currentModule.language == nil
          && $0.currentModule.version < module.version
      }
      guard !older.isEmpty else { continue }
      let versions = Set(older.map(\.currentModule.version)).sorted().map { "v\($0)" }.joined(separator: ", ")
      guard let map = module.migrations else {
        findings.append(
          Diagnostic(
            .note, .sessionsStayOnVersion(older.count, on: versions, of: module.id, current: module.version),
            at: module.source))
        continue
      }
      findings.append(
        Diagnostic(
          .note, .sessionsMigrate(older.count, on: versions, of: module.id, to: module.version), at: module.source))
      for session in older {
        guard let current = session.state.current else { continue }
        let target = map[current] ?? current
        if module.step(target) == nil {
          findings.append(
            .warning(
              .sessionAtRemovedStep(String(session.id.prefix(8)), step: current, version: module.version),
              at: module.source))
        }
      }
    }
    return findings
  }
}

extension Diagnostic.Message {
  /// Sessions in progress on older versions that will finish on them: the module has no `migrations:`.
  static func sessionsStayOnVersion(_ count: Int, on versions: String, of module: String, current: Int) -> Self {
    Self(
      "\(sessionsInProgress(count, on: versions, of: module)); without 'migrations:' they finish on the version "
        + "they started (this file is v\(current))",
      category: "session-migration")
  }

  /// Sessions in progress on older versions that move to this one when resumed.
  static func sessionsMigrate(_ count: Int, on versions: String, of module: String, to version: Int) -> Self {
    Self(
      "\(sessionsInProgress(count, on: versions, of: module)); they move to v\(version) when resumed, "
        + "following 'migrations:'",
      category: "session-migration")
  }

  /// A session at a step this version removed, with no migration for it.
  static func sessionAtRemovedStep(_ session: String, step: String, version: Int) -> Self {
    Self(
      "session \(session) is at step '\(step)', which v\(version) does not have; map it in 'migrations:'",
      category: "session-migration")
  }

  private static func sessionsInProgress(_ count: Int, on versions: String, of module: String) -> String {
    "\(count) session\(count == 1 ? " is" : "s are") in progress on \(versions) of '\(module)'"
  }
}
