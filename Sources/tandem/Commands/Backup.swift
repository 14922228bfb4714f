import ArgumentParser
import Foundation
import SystemPackage
import TandemBase
import TandemCare
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
      "Write to this file (0600) instead of standard output; with --research, a new folder.", valueName: "path"),
    completion: .file())
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

  @Argument(
    help: ArgumentHelp("The file written by 'tandem export' (- for standard input).", valueName: "file"),
    completion: .file())
  var file: String
  @OptionGroup var options: CommonOptions

  func run() throws {
    let reader = try ImportFile(path: file)
    defer { reader.close() }
    let checked: SQLiteStore.CheckedJournal
    do {
      checked = try SQLiteStore.readJournal { try reader.nextLine() }
    } catch let error as ImportError {
      throw CLIError("'\(file)' \(error); nothing was imported")
    }
    try Self.checkMedications(checked, file: file, options: options)
    let store = try options.openStore()
    let summary: ImportSummary
    do {
      summary = try store.importJournal(checked)
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

extension Import {
  /// Every medication the file's diary names (a regimen, a dose, an acute intake) must be one
  /// `tandem meds add` or `dose take` would know: in the catalogue (with any `--catalogue`), or
  /// the patient's own entry, added in the file or already in the store.
  static func checkMedications(_ checked: SQLiteStore.CheckedJournal, file: String, options: CommonOptions) throws {
    let events = checked.diaryEvents
    let catalogue = try DiaryContext.loadCatalogue(options)
    var own = Set<String>()
    for (_, event) in events { if case .medicationAdded(let medication) = event { own.insert(medication.id) } }
    if FileManager.default.fileExists(atPath: options.storePath) {
      let store = try options.openStoreForReading()
      let entries = try store.diaryEntries(window: DiaryWindow(since: .distantFuture))
      own.formUnion(DiaryLedger(entries).patientMedications.map(\.value.id))
    }
    func named(_ event: DiaryEvent) -> [String] {
      switch event {
      case .regimenPrescribed(let regimen): [regimen.medicationID]
      case .doseTaken(let dose): [dose.medicationID]
      case .attackLogged(let attack): attack.acute.map(\.medicationID)
      case .corrected(_, let replacement?, _): named(replacement)
      default: []
      }
    }
    for (line, event) in events {
      for id in named(event) where catalogue.medication(id: id) == nil && !own.contains(id) {
        throw CLIError(
          "'\(file)' line \(line): medication '\(TerminalText.sanitized(id))' is not in the catalogue and not one "
            + "of the patient's own (added in the file or the store); give its catalogue with --catalogue FILE; "
            + "nothing was imported")
      }
    }
  }
}

/// A file to import, read a line at a time from whatever it is (a file, standard input, a pipe,
/// `<(…)`), within bounds: a line longer than `longestLine` or a file larger than `largest` is
/// refused as it is read, so endless or binary input stops early instead of filling memory.
final class ImportFile {
  /// A session's line holds its pinned module (at most a 1 MiB module file, as JSON).
  static let longestLine = 16 << 20
  /// A ten-year diary is about 15 MiB.
  static let largest = 1 << 30

  private let path: String
  private let descriptor: FileDescriptor
  private let owned: Bool
  private var buffer: [UInt8] = []
  private var start = 0
  /// Bytes from `start` up to here hold no newline.
  private var scanned = 0
  private var atEnd = false
  private var total = 0
  private var number = 0

  init(path: String) throws {
    self.path = path
    if path == "-" {
      descriptor = .standardInput
      owned = false
      return
    }
    do {
      descriptor = try FileDescriptor.open(FilePath(path), .readOnly)
    } catch let error as Errno {
      throw CLIError("cannot read '\(path)': \(Self.reason(error)); nothing was imported")
    }
    owned = true
    var status = stat()
    if fstat(descriptor.rawValue, &status) == 0, status.st_mode & S_IFMT == S_IFDIR {
      try? descriptor.close()
      throw CLIError("cannot read '\(path)': it is a folder; give the file 'tandem export' wrote")
    }
  }

  /// The next line without its newline (a final line need not end with one), or nil at the end.
  func nextLine() throws -> String? {
    while true {
      if let newline = buffer[max(start, scanned)...].firstIndex(of: UInt8(ascii: "\n")) {
        number += 1
        let bytes = buffer[start..<newline]
        start = newline + 1
        return try text(bytes)
      }
      scanned = buffer.count
      if buffer.count - start > Self.longestLine {
        throw CLIError(
          "'\(path)' line \(number + 1) is longer than \(Self.longestLine >> 20) MiB; nothing was imported")
      }
      if atEnd {
        guard start < buffer.count else { return nil }
        number += 1
        let bytes = buffer[start...]
        start = buffer.count
        return try text(bytes)
      }
      if start > 0 {
        buffer.removeFirst(start)
        scanned -= start
        start = 0
      }
      var chunk = [UInt8](repeating: 0, count: 1 << 16)
      let count: Int
      do {
        count = try chunk.withUnsafeMutableBytes { try descriptor.read(into: $0, retryOnInterrupt: true) }
      } catch let error as Errno {
        throw CLIError("cannot read '\(path)': \(Self.reason(error)); nothing was imported")
      }
      if count == 0 {
        atEnd = true
        continue
      }
      total += count
      if total > Self.largest {
        throw CLIError("'\(path)' is larger than \(Self.largest >> 30) GiB; nothing was imported")
      }
      buffer.append(contentsOf: chunk[..<count])
    }
  }

  private func text(_ bytes: ArraySlice<UInt8>) throws -> String {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw CLIError("'\(path)' line \(number) is not UTF-8 text; nothing was imported")
    }
    return text
  }

  func close() {
    if owned { try? descriptor.close() }
  }

  private static func reason(_ error: Errno) -> String {
    switch error {
    case .noSuchFileOrDirectory: "no such file"
    case .permissionDenied: "permission denied"
    case .isDirectory: "it is a folder; give the file 'tandem export' wrote"
    default: String(describing: error).lowercased()
    }
  }
}
