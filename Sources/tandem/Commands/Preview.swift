import ArgumentParser
import Foundation
import TandemAuthoring
import TandemBase
import TandemContent
import TandemTherapy

extension Tandem {
  /// Prints a whole module as a patient would meet it, with its conditions and jumps in words.
  struct Preview: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show every step of a module in order, with when it is shown and where it leads.",
      discussion: "MODULE is a module id (shipped or in --modules) or a path to a module file.")

    @Argument(help: ArgumentHelp("A module id or a module file.", valueName: "module"))
    var module: String

    @Flag(name: .long, help: "Also list every distinct path, the shortest and longest, and unreachable steps.")
    var paths = false

    @Option(name: .long, help: ArgumentHelp("The most paths to enumerate.", valueName: "n"))
    var maxPaths = 500

    @OptionGroup var options: CommonOptions

    @Option(name: .long, help: "text or json (the screens as data, with the file's findings).")
    var format: OutputFormat = .text

    func run() throws {
      if format == .json {
        let draft = AuthoringInput.draft(self.module, options: options)
        var document = ModulePreviewJSON(
          module: draft.module, diagnostics: (draft.diagnostics + draft.lint).sortedByLocation())
        if paths, let module = draft.module {
          document.paths = ModulePathsJSON(PathAnalysis(module: module, maxPaths: maxPaths))
        }
        print(try JSONOutput.encode(document))
        if draft.module == nil { throw ExitCode(1) }
        return
      }
      let module = try AuthoringInput.module(self.module, options: options)
      print(ModulePreview.render(module), terminator: "")
      if paths {
        print("")
        print(PathReport.render(PathAnalysis(module: module, maxPaths: maxPaths), module: module), terminator: "")
      }
    }
  }
}

/// Opens the module an authoring command names, printing its diagnostics to standard error.
enum AuthoringInput {
  /// The module `reference` names (an id or a file), even with validation errors, as long as its
  /// fields could be read; `requireRunnable` refuses a module with any error (for rehearsals and tests).
  static func module(_ reference: String, options: CommonOptions, requireRunnable: Bool = false) throws -> Module {
    let draft = self.draft(reference, options: options)
    let style = options.style(for: STDERR_FILENO)
    for diagnostic in draft.diagnostics where diagnostic.severity != .note {
      printError(DiagnosticPrinter(style: style).render(diagnostic))
    }
    guard let module = draft.module else {
      throw CLIError("cannot open module '\(TerminalText.sanitized(reference))'")
    }
    if requireRunnable && !draft.isRunnable {
      throw CLIError("module '\(module.id)' has errors; fix them first (see 'tandem validate')")
    }
    if !draft.isRunnable {
      printError("note: module '\(module.id)' has errors; patients cannot run it until they are fixed")
    }
    return module
  }

  /// The module `reference` names (an id or a file) and every finding about its file, printing
  /// nothing: for machine-readable output.
  static func draft(_ reference: String, options: CommonOptions) -> DraftModule {
    let home = ContentHome.locate()
    return AuthoringFiles.draft(
      reference, moduleFolders: [home.modules] + options.modules, snippetFolders: [home.content])
  }
}
