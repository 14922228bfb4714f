import ArgumentParser
import Foundation
import TandemBase
import TandemContent
import TandemEvents
import TandemStore

extension Tandem {
  /// The clinicians' side: the panel, reports, assignments, prescriptions, publishing, the audit log.
  struct Clinic: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "clinic",
      abstract: "For therapists and prescribers: your care-team patients, their reports, assignments and regimens.",
      discussion: "Sign in once with 'tandem clinic login URL CODE' (the code comes from your clinic's administrator). "
        + "The credentials are kept in $TANDEM_CLINIC_CREDENTIALS, else $XDG_CONFIG_HOME/tandem/clinic.json (0600). "
        + "Every read and change is recorded in the clinic's audit log.",
      subcommands: [
        ClinicLogin.self, ClinicPatients.self, ClinicReport.self, ClinicAssign.self, ClinicPrescribe.self,
        ClinicStop.self, ClinicPublish.self, ClinicAudit.self, ClinicResearchExport.self,
      ])
  }
}

/// A clinician's sign-in, kept 0600 in a 0700 folder.
struct ClinicCredentials: Codable {
  var server: String
  var name: String
  var role: String
  var id: String
  var refreshToken: String
  var insecureLoopback: Bool

  static var path: String {
    let environment = ProcessInfo.processInfo.environment
    if let path = environment["TANDEM_CLINIC_CREDENTIALS"], !path.isEmpty { return path }
    let config =
      environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
    return config + "/tandem/clinic.json"
  }

  static func load() throws -> ClinicCredentials {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw CLIError("not signed in to a clinic: 'tandem clinic login URL CODE' first")
    }
    guard let credentials = try? JSONDecoder().decode(ClinicCredentials.self, from: data) else {
      throw CLIError("the clinic credentials at \(path) are damaged; sign in again")
    }
    return credentials
  }

  func save() throws {
    let url = URL(fileURLWithPath: Self.path)
    let folder = url.deletingLastPathComponent().path
    try FileManager.default.createDirectory(
      atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    try ReportFile.write(String(decoding: try JSONEncoder().encode(self), as: UTF8.self), to: Self.path)
  }

  /// Refuses early, before any record is fetched, what only `role` may do (the clinic checks again).
  func require(_ role: String, to action: String) throws {
    guard self.role == role else { throw CLIError("only a \(role) may \(action); you are signed in as a \(self.role)") }
  }

  /// A connection and a fresh access token.
  func connect() throws -> (ClinicHTTP, String) {
    let http = try ClinicHTTP(server: server, insecureLoopback: insecureLoopback)
    let token = try http.call(
      TokenResponse.self, "POST", "v1/token", body: RefreshRequest(refreshToken: refreshToken)
    ).accessToken
    return (http, token)
  }
}

/// A patient's label as a path segment.
func pathLabel(_ label: String) throws -> String {
  let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
  guard (1...100).contains(label.count), label.unicodeScalars.allSatisfy({ allowed.contains($0) }) else {
    throw CLIError("a patient label is 1 to 100 letters, digits, '.', '_' or '-', such as P-001")
  }
  return label
}

struct ClinicLogin: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "login", abstract: "Sign in with the one-time code your clinic's administrator gave you.")
  @Argument(help: "The clinic's address.") var server: String
  @Argument(help: "The code.") var code: String
  @Flag(help: "Allow plain http:// to this machine (for trying a clinic out).") var insecureLoopback = false

  func run() throws {
    let http = try ClinicHTTP(server: server, insecureLoopback: insecureLoopback)
    let enrolment = try http.call(
      Enrolment.self, "POST", "v1/enrol", body: EnrolRequest(code: code, expecting: "clinician"))
    let id = enrolment.deviceID
    guard enrolment.role != "patient" else {
      throw CLIError("that code enrols a patient's terminal: patients use 'tandem link'")
    }
    try ClinicCredentials(
      server: http.base.absoluteString, name: enrolment.name, role: enrolment.role, id: id.lowercased(),
      refreshToken: enrolment.refreshToken, insecureLoopback: insecureLoopback
    ).save()
    print("Signed in to \(http.base.absoluteString) as \(enrolment.name) (\(enrolment.role)).")
  }
}

struct ClinicPatients: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "patients",
    abstract: "Your care-team patients, who needs attention first, each with the reasons.")
  @Option(help: "text or json.") var format: OutputFormat = .text

  func run() throws {
    let (http, token) = try ClinicCredentials.load().connect()
    let panel = try http.call(PanelResponse.self, "GET", "v1/patients", token: token)
    switch format {
    case .json: print(try JSONOutput.encode(panel.patients))
    case .text:
      if panel.patients.isEmpty { print("No patients on your care teams yet.") }
      for row in panel.patients {
        let last = row.lastEntry.map { "last entry \($0)" } ?? "nothing synced yet"
        // A row older than the record says so: newer entries are not in it yet.
        let asOf =
          row.asOf.flatMap(RFC3339.date(from:)).map {
            "; as of \(Self.localTime($0)), newer entries still being read"
          } ?? ""
        print(TerminalText.sanitized("\(row.label)  (\(last)\(asOf))", keepNewlines: false))
        if row.reasons.isEmpty { print("  nothing needs attention") }
        for reason in row.reasons {
          print(TerminalText.sanitized("  \(reason.kind): \(reason.message)", keepNewlines: false))
        }
      }
    }
  }
}

extension ClinicPatients {
  /// `date` on the clinician's clock, to the minute.
  static func localTime(_ date: Date) -> String {
    let format = DateFormatter()
    format.locale = Locale(identifier: "en_US_POSIX")
    format.timeZone = .current
    format.dateFormat = "yyyy-MM-dd HH:mm"
    return format.string(from: date)
  }
}

/// A patient's record fetched from the clinic into a private temporary store, so the clinician's
/// commands run the same code as the patient's own.
struct FetchedRecord {
  let folder: String
  let storePath: String
  let record: PatientRecord
  let eventIDs: Set<String>

  init(label: String, http: ClinicHTTP, token: String) throws {
    record = try http.call(PatientRecord.self, "GET", "v1/patients/\(try pathLabel(label))/record", token: token)
    var template = Array((FileManager.default.temporaryDirectory.path + "/tandem-clinic-XXXXXX").utf8CString)
    // Watched before it exists: an interruption from here on removes it (a `defer` would not run).
    let cleanup = InterruptCleanup.shared
    cleanup.start()
    guard let made = cleanup.making({ mkdtemp(&template).map { String(cString: $0) } }) else {
      throw CLIError("cannot make a private folder for the record")
    }
    folder = made
    storePath = folder + "/record.sqlite"
    var ids = Set<String>()
    do {
      let store = try SQLiteStore(path: storePath)
      do {
        _ = try store.importJournal(lines: record.lines)
      } catch {
        throw CLIError("the patient's record from the clinic could not be read: \(error)")
      }
      try store.exportJournal(exportedAt: Date()) { line in
        if let id = Self.eventID(line) { ids.insert(id) }
      }
    } catch {
      cleanup.remove(made)
      throw error
    }
    eventIDs = ids
    // Dates and days in the patient's own time zone, as on their terminal.
    if let zone = record.timeZone, TimeZone(identifier: zone) != nil { setenv("TZ", zone, 1) }
  }

  static func eventID(_ line: String) -> String? {
    struct Envelope: Decodable {
      var type: String
      var event_id: String?
    }
    guard let envelope = try? JSONDecoder().decode(Envelope.self, from: Data(line.utf8)), envelope.type == "event"
    else { return nil }
    return envelope.event_id
  }

  /// The event lines written to the temporary store since it was fetched.
  func newLines() throws -> [String] {
    var lines: [String] = []
    try SQLiteStore(readingAt: storePath).exportJournal(exportedAt: Date()) { line in
      if let id = Self.eventID(line), !eventIDs.contains(id) { lines.append(line) }
    }
    return lines
  }

  func remove() { InterruptCleanup.shared.remove(folder) }
}

/// Private temporary folders (a patient's record fetched from the clinic) that an interruption removes:
/// Ctrl-C, SIGTERM or a closed terminal while one exists removes it, then the process exits 128 + the signal's
/// number (130 for Ctrl-C, 143 for SIGTERM), as a `defer` cannot.
final class InterruptCleanup: @unchecked Sendable {
  static let shared = InterruptCleanup()

  private let lock = NSLock()
  private var folders: Set<String> = []
  private var sources: [DispatchSourceSignal] = []

  /// Handles the signals from now on (once per process).
  func start() {
    lock.lock()
    defer { lock.unlock() }
    guard sources.isEmpty else { return }
    for number in [SIGINT, SIGTERM, SIGHUP] {
      // Ignored as a disposition so the process does not die at once; the source still sees it.
      signal(number, SIG_IGN)
      let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
      source.setEventHandler { [unowned self] in self.interrupted(by: number) }
      source.resume()
      sources.append(source)
    }
  }

  /// Runs `make`, which creates a folder and returns its path, so that no interruption falls between the
  /// folder existing and its being watched.
  func making(_ make: () -> String?) -> String? {
    lock.lock()
    defer { lock.unlock() }
    guard let folder = make() else { return nil }
    folders.insert(folder)
    return folder
  }

  /// Removes `folder` and stops watching it.
  func remove(_ folder: String) {
    lock.lock()
    defer { lock.unlock() }
    folders.remove(folder)
    try? FileManager.default.removeItem(atPath: folder)
  }

  /// Removes every watched folder and ends the process. The lock is kept: nothing is watched or removed after.
  private func interrupted(by number: Int32) {
    lock.lock()
    for folder in folders {
      // The command may still be writing into it (a journal file appearing mid-removal): a few tries.
      for _ in 0..<5 where FileManager.default.fileExists(atPath: folder) {
        try? FileManager.default.removeItem(atPath: folder)
      }
    }
    _exit(128 + number)
  }
}

struct ClinicReport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "A patient's prescriber report, the same as their own 'tandem report' (every report option works).")
  @Argument(help: "The patient's label.") var label: String
  @Argument(parsing: .captureForPassthrough, help: "Options of 'tandem report', e.g. --last 90d --format html.")
  var reportOptions: [String] = []

  func run() throws {
    let (http, token) = try ClinicCredentials.load().connect()
    let fetched = try FetchedRecord(label: label, http: http, token: token)
    defer { fetched.remove() }
    var report = try Tandem.Report.parse(reportOptions + ["--store", fetched.storePath])
    try report.run()
  }
}

struct ClinicPrescribe: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "prescribe",
    abstract: "Prescribe a regimen (prescribers): the options of 'tandem meds add'; the patient's terminal "
      + "receives it on its next sync.")
  @Argument(help: "The patient's label.") var label: String
  @Argument(parsing: .captureForPassthrough, help: "The medication and 'tandem meds add' options.")
  var medsOptions: [String] = []

  func run() throws {
    let credentials = try ClinicCredentials.load()
    try credentials.require("prescriber", to: "prescribe")
    let (http, token) = try credentials.connect()
    let fetched = try FetchedRecord(label: label, http: http, token: token)
    defer { fetched.remove() }
    var add = try Tandem.Meds.Add.parse(medsOptions + ["--store", fetched.storePath])
    guard !add.custom else { throw CLIError("--custom is for a patient's own entries") }
    let done = try add.perform()
    try send(try fetched.newLines(), label: label, http: http, token: token, accepted: done)
  }
}

struct ClinicStop: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stop",
    abstract: "Stop a medication's active regimen (prescribers): the options of 'tandem meds stop'.")
  @Argument(help: "The patient's label.") var label: String
  @Argument(parsing: .captureForPassthrough, help: "The medication and 'tandem meds stop' options.")
  var stopOptions: [String] = []

  func run() throws {
    let credentials = try ClinicCredentials.load()
    try credentials.require("prescriber", to: "stop a regimen")
    let (http, token) = try credentials.connect()
    let fetched = try FetchedRecord(label: label, http: http, token: token)
    defer { fetched.remove() }
    var stop = try Tandem.Meds.Stop.parse(stopOptions + ["--store", fetched.storePath])
    let done = try stop.perform()
    try send(try fetched.newLines(), label: label, http: http, token: token, accepted: [done])
  }
}

/// Sends a clinician's new events to the patient's stream; prints `accepted` (what was done) only once the clinic
/// has taken them, so a refusal never follows a report of success.
func send(_ lines: [String], label: String, http: ClinicHTTP, token: String, accepted: [String] = []) throws {
  guard !lines.isEmpty else {
    for line in accepted { print(line) }
    return
  }
  _ = try http.call(
    EventsResponse.self, "POST", "v1/patients/\(try pathLabel(label))/events", body: EventsRequest(lines: lines),
    token: token)
  for line in accepted { print(line) }
  print("Sent to \(label)'s record; their terminal receives it on its next sync.")
}

struct ClinicAssign: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "assign",
    abstract: "Assign a module (therapists): MODULE for the latest published version (or the shipped one), "
      + "MODULE@VERSION for a published version; or a program with --program NAME.")
  @Argument(help: "The patient's label.") var label: String
  @Argument(help: "MODULE or MODULE@VERSION.") var module: String?
  @Option(help: ArgumentHelp("Assign a program (see 'tandem program list') instead of a module.", valueName: "name"))
  var program: String?

  func validate() throws {
    if (module == nil) == (program == nil) { throw ValidationError("give a MODULE or --program NAME (one of them)") }
  }

  func run() throws {
    let credentials = try ClinicCredentials.load()
    try credentials.require("therapist", to: "assign modules and programs")
    if let program {
      let shipped = ContentLoader.load(
        paths: [ContentHome.locate().modules], snippetPaths: [ContentHome.locate().content])
      guard shipped.programs.contains(where: { $0.program.id == program }) else {
        let hint = Suggestion.closest(to: program, in: shipped.programs.map(\.program.id))
        throw CLIError(
          "no program '\(TerminalText.sanitized(program))'" + (hint.map { " (did you mean '\($0)'?)" } ?? ""))
      }
      let (http, token) = try credentials.connect()
      let now = Date()
      let assignment = ProgramAssignment(program: program, assignedBy: credentials.name)
      let envelope = ExportedEvent(
        eventID: EventID.make(at: now), deviceID: credentials.id, streamType: ModuleAssignment.streamType,
        stream: ModuleAssignment.streamType, kind: ProgramAssignment.kind, recordedAt: RFC3339.text(from: now) ?? "")
      try send(
        [try JournalExport.event(envelope, payload: try assignment.payload())], label: label, http: http, token: token)
      print("Assigned the program \(program) to \(label); their terminal suggests it after its next sync.")
      return
    }
    guard let module else { return }
    let (http, token) = try credentials.connect()
    let parts = module.split(separator: "@", omittingEmptySubsequences: false).map(String.init)
    guard (1...2).contains(parts.count), !parts[0].isEmpty else { throw CLIError("give MODULE or MODULE@VERSION") }
    let id = parts[0]
    var version: Int?
    if parts.count == 2 {
      guard let number = Int(parts[1]), number >= 1 else { throw CLIError("the version after @ is a whole number") }
      version = number
    }
    let published = try http.call(
      ModulesResponse.self, "GET", "v1/modules", query: [URLQueryItem(name: "module", value: id)], token: token
    ).modules
    var hash: String?
    if let version {
      guard let found = published.first(where: { $0.version == version }) else {
        throw CLIError("\(id) has no published version \(version)")
      }
      hash = found.contentHash
    } else if let latest = published.max(by: { $0.version < $1.version }) {
      version = latest.version
      hash = latest.contentHash
    } else {
      let shipped = ContentLoader.load(
        paths: [ContentHome.locate().modules], snippetPaths: [ContentHome.locate().content])
      guard shipped.module(id) != nil else { throw CLIError("no module \(id): neither shipped nor published") }
    }
    let now = Date()
    let assignment = ModuleAssignment(module: id, version: version, contentHash: hash, assignedBy: credentials.name)
    let envelope = ExportedEvent(
      eventID: EventID.make(at: now), deviceID: credentials.id, streamType: ModuleAssignment.streamType,
      stream: ModuleAssignment.streamType, kind: ModuleAssignment.kind, recordedAt: RFC3339.text(from: now) ?? "")
    try send(
      [try JournalExport.event(envelope, payload: try assignment.payload())], label: label, http: http, token: token)
    print("Assigned \(id)\(version.map { " version \($0)" } ?? "") to \(label).")
  }
}

struct ClinicPublish: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "publish",
    abstract: "Publish a module version (therapists): the clinic checks it with the same loader as 'tandem validate'.")
  @Argument(help: "The module file, and any snippet files it needs (under a snippets/ folder).") var files: [String]

  func run() throws {
    let (http, token) = try ClinicCredentials.load().connect()
    var sent: [PublishedModule.File] = []
    for file in files {
      guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
        throw CLIError("cannot read \(file) as UTF-8 text")
      }
      sent.append(.init(name: file, text: text))
    }
    let published = try http.call(
      PublishedModule.self, "POST", "v1/modules", body: PublishRequest(files: sent), token: token)
    print(
      "Published \(published.module) version \(published.version) (content \(published.contentHash.prefix(12))…). "
        + "Assign it with 'tandem clinic assign LABEL \(published.module)@\(published.version)'.")
  }
}

struct ClinicAudit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "audit", abstract: "The audit log: all of it for an administrator, your own entries otherwise.")
  @Option(help: "text or json.") var format: OutputFormat = .text
  @Option(help: "The latest this many entries.") var limit: Int = 1000

  func run() throws {
    guard (1...10_000).contains(limit) else { throw CLIError("--limit must be from 1 to 10000") }
    let (http, token) = try ClinicCredentials.load().connect()
    let log = try http.call(
      AuditResponse.self, "GET", "v1/audit", query: [URLQueryItem(name: "limit", value: String(limit))], token: token)
    switch format {
    case .json: print(try JSONOutput.encode(log.entries))
    case .text:
      for entry in log.entries {
        let patient = entry.patient.map { " [\($0)]" } ?? ""
        print(
          TerminalText.sanitized(
            "\(entry.at)  \(entry.actor) (\(entry.role))\(patient): \(entry.action) — \(entry.outcome)",
            keepNewlines: false))
      }
    }
  }
}

/// `tandem clinic research-export`: a study's de-identified export from the clinic (researchers).
struct ClinicResearchExport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "research-export",
    abstract: "Export a study (researchers): every patient whose consent is in force, de-identified by the clinic.",
    discussion: """
      The clinic reads each consenting patient's record, de-identifies it with the study's key exactly as \
      'tandem export --research' does on the patient's own terminal (docs/research-export.md), and sends back the \
      joined tables and the data dictionary; no label, id, time of day or free text leaves it. The key travels to \
      the clinic over the connection for this export only.
      """)
  @Option(help: ArgumentHelp("The study's id.", valueName: "id")) var study: String
  @Option(help: ArgumentHelp("The study's secret key, 32 bytes or more.", valueName: "file")) var studyKeyFile: String
  @Option(help: ArgumentHelp("A new folder to write the export to.", valueName: "folder")) var out: String

  func run() throws {
    let credentials = try ClinicCredentials.load()
    try credentials.require("researcher", to: "export a study")
    guard ConsentEvent.isStudyID(study) else {
      throw CLIError("--study '\(TerminalText.sanitized(study))' is not a study id; nothing written")
    }
    guard !FileManager.default.fileExists(atPath: out) else {
      throw CLIError("'\(TerminalText.sanitized(out))' already exists; give a new folder; nothing written")
    }
    let key = try ResearchExportCommand.readKey(studyKeyFile)
    let (http, token) = try credentials.connect()
    let reply = try http.call(
      ResearchExportResponse.self, "POST", "v1/research/export",
      body: ResearchExportRequest(study: study, key: Data(key).base64EncodedString()), token: token)
    let allowed = Set(["days", "sessions", "answers", "scores", "program"].flatMap { ["\($0).csv", "\($0).jsonl"] })
      .union(["dictionary.csv", "dictionary.json"])
    guard reply.files.allSatisfy({ allowed.contains($0.name) }) else {
      throw CLIError("the clinic sent a file this Tandem does not know; nothing written")
    }
    try ResearchExportCommand.write(reply.files.map { ($0.name, $0.text) }, to: out)
    print("Wrote the \(study) export of \(reply.participants) patient\(reply.participants == 1 ? "" : "s") to \(out).")
  }
}
