import ArgumentParser
import Foundation
import TandemEvents
import TandemStore

/// `tandem export`: the whole record as JSON Lines, the patient's backup.
struct Export: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Write the whole record (sessions, doses, headaches, corrections) as JSON Lines.",
    discussion: """
      One event a line in the documented format (docs/events.md): the patient's backup, and what \
      'tandem import' reads back. Files written with --out are private (0600) and replace an existing \
      file atomically.
      """)

  @Option(help: "jsonl (the only format).") var format: String = "jsonl"
  @Option(
    help: ArgumentHelp(
      "Write to this file (0600) instead of standard output; with --research, a new folder.", valueName: "path"))
  var out: String?
  @Flag(help: "A de-identified export for a research study: tables (CSV and JSON Lines) and a data dictionary.")
  var research = false
  @Option(help: ArgumentHelp("The study's id (with --research).", valueName: "id")) var study: String?
  @Option(help: ArgumentHelp("The study's secret key, 32 bytes or more (with --research).", valueName: "file"))
  var studyKeyFile: String?
  @Flag(help: "Keep free-text answers in a research export (left out by default).") var includeFreeText = false
  @OptionGroup var options: CommonOptions

  func run() throws {
    if research {
      try ResearchExportCommand.run(
        study: study, keyFile: studyKeyFile, out: out, includeFreeText: includeFreeText, options: options)
      return
    }
    if study != nil || studyKeyFile != nil || includeFreeText {
      throw CLIError("--study, --study-key-file and --include-free-text go with --research")
    }
    guard format == "jsonl" else { throw CLIError("--format '\(format)' is not one Tandem writes; use jsonl") }
    if let out { try ProtectedFiles(options: options).check(out) }
    let store = try options.openStoreForReading()
    var text = ""
    do {
      try store.exportJournal(exportedAt: try LiveEnvironment.current().now()) { line in
        text += line
        text += "\n"
      }
    } catch let error as StoreError {
      throw CLIError("cannot export: \(error)")
    }
    if let out {
      try ReportFile.write(text, to: out)
    } else {
      TerminalOutput.writeData(text)
    }
  }
}

/// `tandem import FILE`: reads an export into the store; importing the same file twice adds nothing.
struct Import: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Read a file written by 'tandem export' into the store.",
    discussion: """
      Events already in the store are left as they are, so importing the same file twice adds nothing. \
      Every line is checked first: if one is not valid, Tandem names its line number and imports nothing.
      """)

  @Argument(help: ArgumentHelp("The file written by 'tandem export' (- for standard input).", valueName: "file"))
  var file: String
  @OptionGroup var options: CommonOptions

  func run() throws {
    let data: Data
    if file == "-" {
      data = FileHandle.standardInput.readDataToEndOfFile()
    } else {
      guard let read = FileManager.default.contents(atPath: file) else {
        throw CLIError("cannot read '\(file)'")
      }
      data = read
    }
    guard let text = String(data: data, encoding: .utf8) else {
      throw CLIError("'\(file)' is not UTF-8 text; nothing was imported")
    }
    let store = try options.openStore()
    let summary: ImportSummary
    do {
      summary = try store.importJournal(
        lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    } catch let error as ImportError {
      throw CLIError("'\(file)' \(error); nothing was imported")
    } catch let error as StoreError {
      throw CLIError("cannot import: \(error); nothing was imported")
    }
    var message = "Imported \(summary.added) event\(summary.added == 1 ? "" : "s")"
    if summary.sessionsAdded > 0 {
      message += " (\(summary.sessionsAdded) new session\(summary.sessionsAdded == 1 ? "" : "s"))"
    }
    if summary.alreadyPresent > 0 { message += "; \(summary.alreadyPresent) already in the store" }
    print(message + ".")
  }
}
