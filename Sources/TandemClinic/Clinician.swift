import Foundation
import PostgresNIO
import TandemBase
import TandemCare
import TandemContent
import TandemEvents
import TandemReports
import TandemStore

extension Clinic {
  /// The record of the patient `label` for a therapist or prescriber on their care team. Audited.
  /// The care-team check and the audit entry use the primary; the record itself is read from the
  /// read replica when one is configured.
  public func record(label: String, by principal: Principal, now: Date) async throws -> PatientRecord {
    let patient = try await audited(principal) {
      try await client.withConnection { connection in
        try await self.authorise(
          connection, principal, label: label, action: "read the record", roles: [.therapist, .prescriber], now: now)
      }
    }
    let record = try await reader.client.withConnection { connection in
      try await self.record(connection, patient: patient, label: label, now: now)
    }
    try await client.withConnection { connection in
      try await self.audit(connection, principal, label: label, action: "read the record", outcome: "allowed")
    }
    return record
  }

  func record(_ connection: PostgresConnection, patient: UUID, label: String, now: Date) async throws -> PatientRecord {
    try await recordAndHead(connection, patient: patient, label: label, now: now).record
  }

  /// The record, and the stream position of its last event (0 when it has none). The events are
  /// read first: a session's line is stored no later than its first event, so every session the
  /// events name is found by the read after them.
  func recordAndHead(_ connection: PostgresConnection, patient: UUID, label: String, now: Date) async throws -> (
    record: PatientRecord, head: Int64
  ) {
    var events: [(line: String, session: String?)] = []
    var head: Int64 = 0
    let rows = try await connection.query(
      """
      SELECT e.stream_seq, e.line, e.stream_type, e.stream FROM event e
      WHERE e.patient_id = \(patient) ORDER BY e.stream_seq
      """, logger: logger)
    for try await (seq, line, streamType, stream) in rows.decode((Int64, String, String, String?).self) {
      events.append((line, streamType == "session" ? stream : nil))
      head = seq
    }
    var zone: String?
    let zoneRows = try await connection.query("SELECT time_zone FROM patient WHERE id = \(patient)", logger: logger)
    for try await value in zoneRows.decode(String?.self) { zone = value }
    var sessions: [String: String] = [:]
    let sessionRows = try await connection.query(
      "SELECT session_id, line FROM session_line WHERE patient_id = \(patient)", logger: logger)
    for try await (id, line) in sessionRows.decode((String, String).self) { sessions[id] = line }
    var lines = [
      try JournalExport.header(deviceID: "00000000-0000-7000-8000-000000000000", exportedAt: now)
    ]
    for event in events {
      if let stream = event.session, let session = sessions.removeValue(forKey: stream) { lines.append(session) }
      lines.append(event.line)
    }
    return (PatientRecord(label: label, timeZone: zone, lines: lines), head)
  }

  /// How many events a record holds (its header and session lines aside).
  static func eventCount(_ record: PatientRecord) -> Int {
    record.lines.filter { $0.hasPrefix("{\"type\":\"event\"") || $0.contains("\"type\":\"event\"") }.count
  }

  /// Writes a clinician's events into a patient's stream: a prescriber's regimen events
  /// (`medication-added`, `regimen-prescribed`, `regimen-ended`), a therapist's `module-assigned`.
  /// Idempotent by event id. Neither role may write diary entries or session answers.
  public func write(label: String, lines texts: [String], by principal: Principal, now: Date) async throws -> Int {
    guard !texts.isEmpty else { throw ClinicError.badRequest("no events to write") }
    guard texts.count <= 100 else { throw ClinicError.tooLarge("at most 100 events at once") }
    var lines: [CheckedLine] = []
    for text in texts {
      // The device id is the clinician's workspace that made the event; the author is recorded beside it.
      lines.append(try CheckedLine.check(text, now: now))
    }
    let action: String
    let roles: Set<Principal.Role>
    if lines.allSatisfy(\.regimenKind) {
      let kinds = Set(lines.map(\.envelope.kind))
      action =
        kinds.contains("regimen-prescribed")
        ? "prescribed" : kinds.contains("regimen-ended") ? "stopped a regimen" : "added a medication"
      roles = [.prescriber]
      // What the prescriber's own terminal would accept: a medication Tandem's catalogue knows, or
      // one the patient added themselves.
      for regimen in lines.flatMap(\.regimens)
      where catalogue.medication(id: regimen.medicationID) == nil && !regimen.medicationID.hasPrefix("own-") {
        throw ClinicError.invalid("a regimen names a medication Tandem's catalogue does not know")
      }
    } else if lines.allSatisfy({ $0.assignment != nil || $0.programAssignment != nil }) {
      action = lines.contains { $0.programAssignment != nil } ? "assigned a program" : "assigned a module"
      roles = [.therapist]
      for line in lines
      where (line.assignment?.assignedBy ?? line.programAssignment?.assignedBy) != principal.name {
        throw ClinicError.badRequest("assigned_by must be the therapist's own name")
      }
    } else {
      try await auditRefusal(principal, label: label, action: "write events", outcome: "refused: kind")
      throw ClinicError.forbidden(
        "clinicians write regimen events (prescribers) and module or program assignments (therapists), never diary entries or answers"
      )
    }
    let (patient, added) = try await audited(principal) {
      try await self.append(lines, label: label, action: action, roles: roles, by: principal, now: now)
    }
    if added > 0 { warmPanel(patient: patient) }
    return added
  }

  private func append(
    _ lines: [CheckedLine], label: String, action: String, roles: Set<Principal.Role>, by principal: Principal,
    now: Date
  ) async throws -> (patient: UUID, added: Int) {
    try await database.transaction { connection in
      let patient = try await self.authorise(
        connection, principal, label: label, action: action, roles: roles, now: now)
      for line in lines {
        guard let assignment = line.assignment, assignment.version != nil || assignment.contentHash != nil else {
          continue
        }
        // A published version is named by its number and its hash, both matching what was published.
        let found = try await self.modules(connection, hashes: [assignment.contentHash ?? ""])
        guard found.contains(where: { $0.module == assignment.module && $0.version == assignment.version }) else {
          throw ClinicError.notFound("no published version of that module has that version number and content hash")
        }
      }
      let appended = try await self.appendEvents(
        connection, patient: patient, lines: lines, device: nil, deviceSeqs: nil, clinician: principal.id)
      try await self.audit(connection, principal, label: label, action: action, outcome: "allowed")
      return (patient, appended.added)
    }
  }

  /// Every published version, of `module` when given, without their files.
  public func publishedModules(module: String?, by principal: Principal) async throws -> [PublishedModule] {
    guard principal.role == .therapist || principal.role == .prescriber || principal.role == .admin else {
      throw ClinicError.forbidden("only clinicians list published modules")
    }
    // "" stands for every module: an untyped NULL parameter cannot be compared.
    let filter = module ?? ""
    let rows = try await client.query(
      """
      SELECT module_id, version, content_hash FROM module_version
      WHERE \(filter) = '' OR module_id = \(filter) ORDER BY module_id, version
      """, logger: logger)
    var modules: [PublishedModule] = []
    for try await (id, version, hash) in rows.decode((String, Int, String).self) {
      modules.append(PublishedModule(module: id, version: version, contentHash: hash, files: []))
    }
    return modules
  }

  /// Publishes a module version: the files are loaded with the shipped snippets by the same loader
  /// `tandem validate` uses, and refused with its diagnostics (`file:line:col`) when any is an
  /// error. The version is the next for the module; the same content again is the same version.
  public func publish(files: [PublishedModule.File], by principal: Principal, now: Date) async throws
    -> PublishedModule
  {
    guard principal.role == .therapist else {
      try await auditRefusal(principal, label: nil, action: "publish a module", outcome: "refused: role")
      throw ClinicError.forbidden("only a therapist publishes modules")
    }
    guard !files.isEmpty, files.count <= 20 else { throw ClinicError.badRequest("publish 1 to 20 files at once") }
    guard files.reduce(0, { $0 + $1.text.utf8.count }) <= 1_000_000 else {
      throw ClinicError.tooLarge("the files are over 1 MB together")
    }
    let loaded = try ModulePublication.load(files, snippets: content.content)
    guard loaded.modules.count == 1 else {
      throw ClinicError.invalid("publish one module at a time (with the snippet files it needs)")
    }
    let module = loaded.modules[0]
    let stored = files.map {
      PublishedModule.File(
        name: ($0.name.contains("snippets/") ? "snippets/" : "") + ModulePublication.baseName($0.name), text: $0.text)
    }
    let json = String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
    // The version is the file's own `version:`, so the clinic, the terminal and the author mean the
    // same number; the same number with other content is refused.
    let version = module.module.version
    return try await database.transaction { connection in
      try await connection.query("SELECT pg_advisory_xact_lock(7244)", logger: logger)
      if let same = try await self.modules(connection, hashes: [module.contentHash]).first {
        try await self.audit(
          connection, principal, label: nil,
          action: "published \(same.module) version \(same.version) again (same content)",
          outcome: "allowed")
        return same
      }
      let taken = try await connection.query(
        "SELECT 1 FROM module_version WHERE module_id = \(module.module.id) AND version = \(version)", logger: logger)
      for try await _ in taken {
        throw ClinicError.conflict(
          "version \(version) of \(module.module.id) is already published with other content; raise 'version:' in the file"
        )
      }
      try await connection.query(
        """
        INSERT INTO module_version (module_id, version, content_hash, files, published_by, published_at)
        VALUES (\(module.module.id), \(version), \(module.contentHash), \(json)::jsonb, \(principal.id), \(now))
        """, logger: logger)
      try await self.audit(
        connection, principal, label: nil, action: "published \(module.module.id) version \(version)",
        outcome: "allowed")
      return PublishedModule(module: module.module.id, version: version, contentHash: module.contentHash, files: stored)
    }
  }

}

/// Loading a module sent for publishing, with the loader `tandem validate` uses.
enum ModulePublication {
  static func baseName(_ name: String) -> String {
    let base = (name as NSString).lastPathComponent
    return base.isEmpty ? "module.yaml" : base
  }

  static func load(_ files: [PublishedModule.File], snippets: String) throws -> LoadedContent {
    let fm = FileManager.default
    let folder = fm.temporaryDirectory.appendingPathComponent("tandem-publish-\(UUID().uuidString)")
    try fm.createDirectory(at: folder, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
    defer { try? fm.removeItem(at: folder) }
    var names: [String: String] = [:]
    for file in files {
      let base = baseName(file.name)
      guard base.hasSuffix(".yaml") || base.hasSuffix(".yml"), !base.hasPrefix(".") else {
        throw ClinicError.badRequest("'\(base)' is not a .yaml file")
      }
      let isSnippet = file.name.contains("snippets/")
      let dir = isSnippet ? folder.appendingPathComponent("snippets") : folder
      try fm.createDirectory(at: dir, withIntermediateDirectories: true)
      let path = dir.appendingPathComponent(base).path
      guard names[path] == nil else { throw ClinicError.badRequest("two files are named \(base)") }
      names[path] = file.name
      guard fm.createFile(atPath: path, contents: Data(file.text.utf8), attributes: [.posixPermissions: 0o600]) else {
        throw ClinicError.configuration("cannot stage the files for loading")
      }
    }
    let loaded = ContentLoader.load(paths: [folder.path], snippetPaths: [snippets], workers: 1)
    if loaded.diagnostics.hasErrors {
      // Each place is named as the file was sent, never by the server's staging folder (whose path a rendering
      // may have escaped beyond recognition).
      func sent(_ location: SourceLocation?) -> SourceLocation? {
        guard var location else { return nil }
        if let name = names[location.file] ?? names[URL(fileURLWithPath: location.file).standardized.path] {
          location.file = name
        } else if location.file.hasPrefix(folder.path + "/") {
          location.file = String(location.file.dropFirst(folder.path.count + 1))
        }
        return location
      }
      let rendered = loaded.diagnostics.filter { $0.severity == .error }.map { found -> String in
        var diagnostic = found
        diagnostic.location = sent(diagnostic.location)
        for index in diagnostic.notes.indices {
          diagnostic.notes[index].location = sent(diagnostic.notes[index].location)
        }
        var text = diagnostic.rendered()
        for (path, name) in names { text = text.replacingOccurrences(of: path, with: name) }
        return text.replacingOccurrences(of: folder.path + "/", with: "")
      }
      throw ClinicError.invalid("the module has errors; nothing was published", diagnostics: rendered)
    }
    return loaded
  }
}

/// One patient's panel row, worked out from their record with the report's own rules.
enum PanelSummary {
  /// Raised whenever the rules below change what a row says, so kept rows are worked out again.
  static let revision = 1

  /// The row, or one that says the record could not be read (first, so someone looks), never a
  /// panel that fails for every patient because of one.
  static func rowOrProblem(_ record: PatientRecord, catalogue: MedicationCatalogue, now: Date) -> PanelRow {
    do {
      return try row(record, catalogue: catalogue, now: now)
    } catch {
      return PanelRow(
        label: record.label, priority: 2000,
        reasons: [
          .init(kind: "record-unreadable", message: "the record could not be read; contact the clinic's administrator")
        ],
        lastEntry: nil, events: Int64(Clinic.eventCount(record)))
    }
  }

  static func row(_ record: PatientRecord, catalogue: MedicationCatalogue, now: Date) throws -> PanelRow {
    let zone = record.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
    let store = try SQLiteStore.inMemory()
    _ = try store.importJournal(lines: record.lines)
    let entries = try store.diaryEntries()
    let own = DiaryLedger(entries).patientMedications
    let care = CareRecord(
      ledger: DiaryLedger(entries), sessions: try store.allSessions(), catalogue: catalogue.adding(own.map(\.value)),
      now: now, timeZone: zone)
    let today = care.today
    let report = Report.build(
      record: care, request: ReportRequest(from: today.adding(days: -89), through: today, generatedAt: now))
    var reasons: [PanelRow.Reason] = report.flags.map { .init(kind: $0.kind.rawValue, message: $0.message) }
    var last: LocalDate?
    for date in entries.map(\.recordedAt) + care.sessions.map(\.startedAt) {
      let day = LocalDate(date, in: zone)
      if last == nil || day > last! { last = day }
    }
    if let last, last.adding(days: 7) <= today {
      reasons.append(.init(kind: "no-diary", message: "no diary entry or session since \(last)"))
    } else if last == nil {
      reasons.append(.init(kind: "no-diary", message: "nothing synced yet"))
    }
    let weights = [
      "safety-stop": 1000, "crisis-item": 1000, "preventive-overdue": 300, "overuse-risk": 200,
      "as-needed-maximum": 200,
      "low-pdc": 100, "preventive-gap": 100, "same-pathway": 100, "no-diary": 50,
    ]
    let priority = reasons.reduce(0) { $0 + (weights[$1.kind] ?? 10) }
    reasons.sort { (weights[$0.kind] ?? 10) > (weights[$1.kind] ?? 10) }
    return PanelRow(
      label: record.label, priority: priority, reasons: reasons, lastEntry: last?.description,
      events: Int64(Clinic.eventCount(record)))
  }
}
