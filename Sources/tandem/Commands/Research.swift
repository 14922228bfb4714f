import ArgumentParser
import Foundation
import TandemBase
import TandemEvents
import TandemReports
import TandemStore

extension Tandem {
  /// Consent to research studies: given, withdrawn, listed. A research export includes a record only
  /// while its consent to that study is in force.
  struct Consent: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Give, withdraw or list your consent to research studies.",
      discussion: """
        Consent is recorded in your journal like everything else; withdrawing it is a new event, and a \
        research export made after it leaves your record out. Ask the research team for the study's id.
        """,
      subcommands: [Give.self, Withdraw.self, Status.self], defaultSubcommand: Status.self)

    struct Give: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Consent to a study.")
      @Option(help: "The study's id.") var study: String
      @OptionGroup var options: CommonOptions
      func run() throws { try Consent.record(.given, study: study, options: options) }
    }

    struct Withdraw: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Withdraw your consent to a study.")
      @Option(help: "The study's id.") var study: String
      @OptionGroup var options: CommonOptions
      func run() throws { try Consent.record(.withdrawn, study: study, options: options) }
    }

    struct Status: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "The studies your consent is in force for.")
      @Option(help: "text or json.") var format: OutputFormat = .text
      @OptionGroup var options: CommonOptions
      func run() throws {
        let store = try options.openStoreForReading()
        let studies = ConsentEvent.inForce(try store.consentEvents().map(\.event)).sorted()
        switch format {
        case .json: print(try JSONOutput.encode(["studies": studies]))
        case .text:
          print(studies.isEmpty ? "No consent to any study." : "Consent in force: " + studies.joined(separator: ", "))
        }
      }
    }

    static func record(_ kind: ConsentEvent.Kind, study: String, options: CommonOptions) throws {
      guard ConsentEvent.isStudyID(study) else {
        throw CLIError(
          "--study '\(TerminalText.sanitized(study))' is not a study id: 1 to 64 lowercase letters, digits, '-' and '_'"
        )
      }
      let context = try DiaryContext.open(options)
      let inForce = ConsentEvent.inForce(try context.store.consentEvents().map(\.event)).contains(study)
      switch kind {
      case .given where inForce:
        print("Your consent to \(study) is already in force.")
        return
      case .withdrawn where !inForce:
        throw CLIError("no consent to \(study) is in force, so there is nothing to withdraw")
      default: break
      }
      try context.store.append(ConsentEvent(kind: kind, study: study), at: context.now)
      print(
        kind == .given
          ? "Consent to \(study) recorded. Withdraw it any time with 'tandem consent withdraw --study \(study)'."
          : "Consent to \(study) withdrawn. Exports made from now on leave your record out.")
    }
  }
}

/// `tandem export --research`: the de-identified tables and data dictionary for a study.
enum ResearchExportCommand {
  static func run(study: String?, keyFile: String?, out: String?, includeFreeText: Bool, options: CommonOptions) throws
  {
    guard let study else { throw CLIError("a research export needs --study ID; nothing written") }
    guard ConsentEvent.isStudyID(study) else {
      throw CLIError("--study '\(TerminalText.sanitized(study))' is not a study id; nothing written")
    }
    guard let keyFile else {
      throw CLIError(
        "a research export needs the study's key: --study-key-file FILE (32 bytes or more, from the research "
          + "team); nothing written")
    }
    guard let out else { throw CLIError("a research export needs --out FOLDER (a new folder); nothing written") }
    guard !FileManager.default.fileExists(atPath: out) else {
      throw CLIError("'\(TerminalText.sanitized(out))' already exists; give a new folder; nothing written")
    }
    let key = try readKey(keyFile)
    let context = try DiaryContext.open(options, reading: true)
    let consents = try context.store.consentEvents().map(\.event)
    guard ConsentEvent.inForce(consents).contains(study) else {
      throw CLIError(
        "this record has no consent in force for study \(study) ('tandem consent give --study \(study)'); "
          + "nothing written")
    }
    let record = try context.record()
    let sessions = try context.store.allSessions()
    let report = ResearchExport.report(record: record, sessions: sessions, generatedAt: context.now)
    let identity = try context.store.syncLink()?.label ?? context.store.deviceIdentifier()
    let export = ResearchExport(
      ResearchExport.Input(
        study: study, key: key, identity: identity, includeFreeText: includeFreeText, report: report,
        sessions: sessions, programEvents: try context.store.programEvents(), timeZone: context.timeZone))
    try write(export.files(study: study), to: out)
    let counts = export.tables.map { "\($0.name) \($0.rows.count)" }.joined(separator: ", ")
    print("Wrote the \(study) export for participant \(export.participant) to \(out): \(counts) rows.")
    if !includeFreeText { print("Free text was left out (--include-free-text keeps it).") }
  }

  static func readKey(_ path: String) throws -> [UInt8] {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CLIError("cannot read the study key file '\(TerminalText.sanitized(path))'; nothing written")
    }
    guard data.count >= 32, data.count <= 4096 else {
      throw CLIError("the study key must be 32 to 4096 bytes (found \(data.count)); nothing written")
    }
    return Array(data)
  }

  /// Writes every file into a new private folder beside `out`, then renames it into place: a
  /// failure leaves nothing behind.
  static func write(_ files: [(name: String, text: String)], to out: String) throws {
    guard !out.isEmpty, !out.hasSuffix("/.") else { throw CLIError("--out needs a folder name; nothing written") }
    let url = URL(fileURLWithPath: out).standardizedFileURL
    let parent = url.deletingLastPathComponent()
    var isFolder: ObjCBool = false
    guard FileManager.default.fileExists(atPath: parent.path, isDirectory: &isFolder), isFolder.boolValue else {
      throw CLIError(
        "the folder '\(TerminalText.sanitized(parent.path))' for --out does not exist; create it first; nothing written"
      )
    }
    var info = stat()
    guard lstat(url.path, &info) != 0 else {
      throw CLIError(
        "'\(TerminalText.sanitized(out))' already exists (or is a link); give a new folder; nothing written")
    }
    let staging = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(getpid())")
    try? FileManager.default.removeItem(at: staging)
    do {
      try FileManager.default.createDirectory(
        at: staging, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
      for file in files {
        let path = staging.appendingPathComponent(file.name).path
        guard
          FileManager.default.createFile(
            atPath: path, contents: Data(file.text.utf8),
            // No time of its own: a modification time beside the last exported day would give the shift away.
            attributes: [.posixPermissions: 0o600, .modificationDate: Date(timeIntervalSince1970: 0)])
        else { throw CLIError("cannot write \(file.name)") }
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: path)
      }
      try FileManager.default.setAttributes(
        [.modificationDate: Date(timeIntervalSince1970: 0)], ofItemAtPath: staging.path)
      try FileManager.default.moveItem(at: staging, to: url)
    } catch {
      try? FileManager.default.removeItem(at: staging)
      let reason = (error as? CLIError)?.description ?? (error as NSError).localizedDescription
      throw CLIError("cannot write the export to '\(TerminalText.sanitized(out))': \(reason); nothing written")
    }
  }
}
