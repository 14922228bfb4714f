import ArgumentParser
import Foundation
import TandemAuthoring
import TandemBase
import TandemContent

extension Tandem {
  /// Runs a module on scripted answers without a store and prints what happened.
  struct Rehearse: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a module on a file of answers and print the transcript; nothing is saved.",
      discussion: """
        The answers file is a YAML list, one answer per shown step, as a patient would type it:
        "" (or nothing) continues a text or timer step; a choice by option id or number; :back,
        :skip, :pause. Running out of answers pauses the session.
        """)

    @Argument(help: ArgumentHelp("A module id or a module file.", valueName: "module"))
    var module: String

    @Option(name: .long, help: ArgumentHelp("A YAML list of answers.", valueName: "file"))
    var answers: String

    @Option(
      name: .long,
      help: ArgumentHelp(
        "Print a test case with this name for MODULE.test.yaml instead of the transcript.", valueName: "name"))
    var asTestCase: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
      let module = try AuthoringInput.module(self.module, options: options, requireRunnable: true)
      let (script, diagnostics) = AuthoringFiles.answers(at: answers)
      let style = options.style(for: STDERR_FILENO)
      for diagnostic in diagnostics { printError(DiagnosticPrinter(style: style).render(diagnostic)) }
      if diagnostics.hasErrors { throw ExitCode(1) }
      let rehearsal = Rehearsal(module: module, answers: script)
      if let asTestCase {
        print(Self.testCase(named: asTestCase, script: script, rehearsal: rehearsal), terminator: "")
        return
      }
      print("Rehearsing \(module.id) (version \(module.version)) with \(script.count) answers; nothing is saved.")
      print(RehearsalTranscript.render(rehearsal), terminator: "")
    }

    /// A YAML test case that pins what this rehearsal did, for an author to check and keep.
    static func testCase(named name: String, script: [String], rehearsal: Rehearsal) -> String {
      func quoted(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "\"\(escaped)\""
      }
      var lines = ["- name: \(quoted(name))", "  answers:"]
      lines += script.map { "    - \(quoted($0))" }
      lines.append("  path:")
      lines += rehearsal.shownSteps.map { "    - \($0)" }
      lines.append("  status: \(rehearsal.state.status.rawValue)")
      return lines.joined(separator: "\n") + "\n"
    }
  }
}
