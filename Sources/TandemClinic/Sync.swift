import Foundation
import PostgresNIO
import TandemCare
import TandemEvents

/// An event line checked the way `tandem import` checks one, with what the server stores beside it.
struct CheckedLine: Sendable {
  var line: String
  var envelope: ExportedEvent
  var recordedAt: Date
  var sessionID: String?
  var assignment: ModuleAssignment?
  /// A therapist's program assignment.
  var programAssignment: ProgramAssignment?
  var regimenKind: Bool
  /// The event a correction corrects, by event id.
  var corrects: String?
  /// The regimens it prescribes.
  var regimens: [Regimen] = []

  /// Checks `lines` in order, spread over the machine's cores when the batch is large enough to
  /// pay for it (a month offline is thousands of lines); the first bad line's error is the one
  /// thrown, as when checked one by one.
  static func checkAll(_ lines: [String], now: Date) async throws(ClinicError) -> [CheckedLine] {
    let workers = min(ProcessInfo.processInfo.activeProcessorCount, lines.count / 16)
    guard workers > 1 else { return try checkEach(lines[...], now: now) }
    let size = (lines.count + workers - 1) / workers
    let parts = await withTaskGroup(of: (Int, Result<[CheckedLine], ClinicError>).self) { group in
      for start in stride(from: 0, to: lines.count, by: size) {
        let part = lines[start..<min(start + size, lines.count)]
        group.addTask { (start, Result { () throws(ClinicError) in try checkEach(part, now: now) }) }
      }
      var parts: [(Int, Result<[CheckedLine], ClinicError>)] = []
      for await part in group { parts.append(part) }
      return parts.sorted { $0.0 < $1.0 }
    }
    var checked: [CheckedLine] = []
    checked.reserveCapacity(lines.count)
    for (_, part) in parts { checked += try part.get() }
    return checked
  }

  private static func checkEach(_ lines: ArraySlice<String>, now: Date) throws(ClinicError) -> [CheckedLine] {
    var checked: [CheckedLine] = []
    checked.reserveCapacity(lines.count)
    for line in lines { checked.append(try check(line, now: now)) }
    return checked
  }

  /// Whether `line` holds a NUL byte or the JSON escape `\u0000` (one byte scan: this runs for
  /// every event of every push).
  static func holdsNUL(_ line: String) -> Bool {
    var line = line
    return line.withUTF8 { bytes in
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if byte == 0 { return true }
        if byte == UInt8(ascii: "\\"), index + 5 < bytes.count, bytes[index + 1] == UInt8(ascii: "u"),
          bytes[index + 2] == UInt8(ascii: "0"), bytes[index + 3] == UInt8(ascii: "0"),
          bytes[index + 4] == UInt8(ascii: "0"), bytes[index + 5] == UInt8(ascii: "0")
        {
          return true
        }
        index += 1
      }
      return false
    }
  }

  static func check(_ line: String, now: Date) throws(ClinicError) -> CheckedLine {
    guard line.utf8.count <= 256 * 1024 else { throw .tooLarge("an event line is over 256 KiB") }
    // PostgreSQL text cannot hold NUL, escaped or not; no Tandem event needs one.
    guard !holdsNUL(line) else {
      throw .invalid("an event holds a NUL character, which no Tandem event may hold")
    }
    let parsed: ImportedLine
    do {
      parsed = try JournalExport.read(line, number: 1)
    } catch let error as ImportError {
      throw .invalid("an event is not valid: \(error.problem)")
    } catch {
      throw .invalid("an event is not valid")
    }
    let envelope: ExportedEvent
    var sessionID: String?
    var assignment: ModuleAssignment?
    var programAssignment: ProgramAssignment?
    var corrects: String?
    var regimens: [Regimen] = []
    switch parsed {
    case .sessionEvent(let e, _):
      envelope = e
      sessionID = e.stream
    case .diaryEvent(let e, let pending):
      envelope = e
      if let event = try? pending.event(sequence: { _ in 1 }) {
        regimens = event.regimens
        // What happened (a dose, a skip, a headache) cannot be in the future; a regimen's days can.
        if ["dose-taken", "dose-skipped", "attack-logged"].contains(e.kind),
          event.instants.contains(where: { $0 > now.addingTimeInterval(Clinic.clockTolerance) })
        {
          throw .invalid("event \(e.eventID) records a time in the future; log things once they have happened")
        }
      }
      // Only a correction names another event; reading the rest twice would only cost time.
      if e.kind == "corrected" {
        _ = try? pending.event { target in
          corrects = target
          return 1
        }
      }
    case .careEvent(let e, let a):
      envelope = e
      assignment = a
    case .programEvent(let e, _), .consentEvent(let e, _):
      envelope = e
    case .programAssignment(let e, let a):
      envelope = e
      programAssignment = a
    case .header, .session: throw .invalid("an event line must have type 'event'")
    }
    guard EventID.isValid(envelope.eventID), EventID.isValid(envelope.deviceID) else {
      throw .invalid("'event_id' and 'device_id' must be lowercase UUIDs")
    }
    guard let recorded = RFC3339.date(from: envelope.recordedAt) else {
      throw .invalid("'recorded_at' is not an RFC 3339 date-time")
    }
    guard recorded <= now.addingTimeInterval(Clinic.clockTolerance) else {
      throw .invalid("event \(envelope.eventID) was recorded in the future; check the device's clock")
    }
    let regimenKinds = ["medication-added", "regimen-prescribed", "regimen-ended"]
    return CheckedLine(
      line: line, envelope: envelope, recordedAt: recorded, sessionID: sessionID, assignment: assignment,
      programAssignment: programAssignment,
      regimenKind: envelope.streamType == "diary" && regimenKinds.contains(envelope.kind), corrects: corrects,
      regimens: regimens)
  }
}

extension Clinic {
  /// Stores a device's events: idempotent by event id (a retry stores nothing twice; the same id
  /// with other content is refused), device sequence numbers checked for gaps, each new event given
  /// the next position in the patient's stream. All or nothing.
  public func push(_ batch: PushBatch, by principal: Principal, now: Date) async throws -> PushResult {
    guard principal.role == .patient, let patient = principal.patientID else {
      throw ClinicError.forbidden("only a patient's enrolled device pushes events; clinicians use their own routes")
    }
    guard batch.events.count <= PushBatch.maximumEvents else {
      throw ClinicError.tooLarge("a push carries at most \(PushBatch.maximumEvents) events")
    }
    for (index, event) in batch.events.enumerated() {
      if index > 0, event.deviceSeq != batch.events[index - 1].deviceSeq + 1 {
        throw ClinicError.badRequest("device_seq must rise by one from event to event")
      }
      guard event.deviceSeq >= 1 else { throw ClinicError.badRequest("device_seq starts at 1") }
    }
    let lines = try await CheckedLine.checkAll(batch.events.map(\.line), now: now)
    guard lines.allSatisfy({ $0.assignment == nil && $0.programAssignment == nil }) else {
      throw ClinicError.forbidden("module assignments come from the care team, not the patient's device")
    }
    var sessions: [(session: ExportedSession, line: String)] = []
    for text in batch.sessions {
      guard text.utf8.count <= 512 * 1024 else { throw ClinicError.tooLarge("a session line is over 512 KiB") }
      guard case .session(let session) = try? JournalExport.read(text, number: 1) else {
        throw ClinicError.invalid("a session line is not valid")
      }
      sessions.append((session, text))
    }
    if let zone = batch.timeZone, TimeZone(identifier: zone) == nil || zone.count > 64 {
      throw ClinicError.badRequest("time_zone is not a time zone name")
    }
    let device = principal.id
    // A push is one call of `append_events` (one round trip, its own transaction); one that carries
    // session lines stores them first, in the same transaction.
    let append = { (connection: PostgresConnection) async throws -> PushResult in
      try await self.appendEvents(
        connection, patient: patient, lines: lines, device: device, deviceSeqs: batch.events.map(\.deviceSeq),
        clinician: nil, timeZone: batch.timeZone)
    }
    let result =
      sessions.isEmpty
      ? try await database.client.withConnection { try await append($0) }
      : try await database.transaction { connection in
        try await self.storeSessions(connection, patient: patient, sessions)
        return try await append(connection)
      }
    if result.added > 0 { warmPanel(patient: patient) }
    return result
  }

  /// The events `lines` correct that are not earlier in `lines` itself: each must already be in the
  /// patient's stream, or every device that pulled the correction would fail to apply it.
  static func correctionTargets(_ lines: [CheckedLine]) throws(ClinicError) -> [UUID] {
    var earlier = Set<String>()
    var targets: [UUID] = []
    for line in lines {
      if let target = line.corrects, !earlier.contains(target) {
        guard let id = UUID(uuidString: target) else { throw .invalid("a correction names no event id") }
        targets.append(id)
      }
      earlier.insert(line.envelope.eventID)
    }
    return targets
  }

  /// Stores session lines not stored yet. A session already stored must be the same session — the
  /// same module, content hash and start — though its line's bytes may differ (a later Tandem may
  /// write the pinned module differently).
  private func storeSessions(
    _ connection: PostgresConnection, patient: UUID, _ sessions: [(session: ExportedSession, line: String)]
  ) async throws {
    guard !sessions.isEmpty else { return }
    let ids = sessions.map(\.session.id)
    let texts = sessions.map(\.line)
    let hashes = texts.map { Secrets.hexDigest($0) }
    try await connection.query(
      """
      INSERT INTO session_line (patient_id, session_id, line, line_hash)
      SELECT \(patient), s.id, s.line, s.hash FROM unnest(\(ids)::text[], \(texts)::text[], \(hashes)::text[]) AS s(id, line, hash)
      ON CONFLICT (patient_id, session_id) DO NOTHING
      """, logger: logger)
    let stored = try await connection.query(
      "SELECT line FROM session_line WHERE patient_id = \(patient) AND session_id = ANY(\(ids))", logger: logger)
    var existing: [String: ExportedSession] = [:]
    for try await line in stored.decode(String.self) {
      if case .session(let session)? = try? JournalExport.read(line, number: 1) { existing[session.id] = session }
    }
    for (session, _) in sessions {
      guard let kept = existing[session.id], kept.moduleID == session.moduleID,
        kept.contentHash == session.contentHash, kept.startedAt == session.startedAt
      else { throw ClinicError.conflict("session \(session.id) is already stored with a different module or start") }
    }
  }

  /// Appends `lines` to the patient's stream with the database's `append_events` (migrations
  /// 0003-append-events and 0004-stream-position-in-event document each step): idempotent by
  /// event id, gapless, all or nothing. A device's push passes the device and its sequence numbers
  /// (and takes the device's lock); a clinician's write passes the clinician. One round trip.
  func appendEvents(
    _ connection: PostgresConnection, patient: UUID, lines: [CheckedLine], device: UUID?, deviceSeqs: [Int64]?,
    clinician: UUID?, timeZone: String? = nil
  ) async throws -> PushResult {
    // An empty push still calls it: it records the time zone the device sent.
    // 0 stands for "no device sequence" (a clinician's event): arrays of optionals do not bind.
    let allSeqs: [Int64] = deviceSeqs ?? Array(repeating: 0, count: lines.count)
    // A line sent twice in one batch is stored once, at its first place; twice with other
    // content, the batch is refused.
    var firstCopy: [String: String] = [:]
    var kept: [(line: CheckedLine, seq: Int64)] = []
    kept.reserveCapacity(lines.count)
    for (line, seq) in zip(lines, allSeqs) {
      if let earlier = firstCopy[line.envelope.eventID] {
        // Byte for byte: String equality would take two spellings of one accented letter as equal.
        guard earlier.utf8.elementsEqual(line.line.utf8) else {
          throw ClinicError.conflict("an event id is sent twice in one batch with different content")
        }
        continue
      }
      firstCopy[line.envelope.eventID] = line.line
      kept.append((line, seq))
    }
    let ids = kept.map { UUID(uuidString: $0.line.envelope.eventID) ?? UUID() }
    let streamTypes = kept.map(\.line.envelope.streamType)
    let streams = kept.map(\.line.envelope.stream)
    let kinds = kept.map(\.line.envelope.kind)
    let recorded = kept.map(\.line.recordedAt)
    let texts = kept.map(\.line.line)
    let hashes = texts.map { Secrets.hexDigest($0) }
    let seqs = kept.map(\.seq)
    let sessions = Array(Set(lines.compactMap(\.sessionID)))
    let corrected = try Self.correctionTargets(lines)
    let call = AppendEventsCall(
      patient: patient, device: device, clinician: clinician, firstSeq: deviceSeqs?.first ?? 0,
      lastSeq: deviceSeqs?.last ?? 0, timeZone: timeZone, ids: ids, streamTypes: streamTypes, streams: streams,
      kinds: kinds, recorded: recorded, seqs: seqs, lines: texts, hashes: hashes, sessions: sessions,
      corrected: corrected)
    do {
      for try await (acked, added, head) in try await connection.execute(call, logger: logger) {
        return PushResult(ackedDeviceSeq: acked, added: Int(added), streamHead: head)
      }
      throw ClinicError.conflict("the record did not answer; send it again")
    } catch let error as PSQLError {
      let message = error.serverInfo?[.message] ?? ""
      switch error.serverInfo?[.sqlState] {
      case "TD401": throw ClinicError.unauthorized(message)
      case "TD409":
        if message == "a device sequence number was already used for another event" {
          throw ClinicError.conflict(Self.deviceBehind)
        }
        throw ClinicError.conflict(message)
      case "TD422": throw ClinicError.invalid(message)
      case "23505":
        if error.serverInfo?[.constraintName] == "event_uploaded_by_device_device_seq_key" {
          throw ClinicError.conflict(Self.deviceBehind)
        }
        throw ClinicError.conflict("another write to this patient's record got there first; send it again")
      default: throw error
      }
    }
  }

  /// Why a push is refused when the device numbers new events with sequence numbers the clinic already holds for
  /// other events: its store is behind the clinic's copy (restored from an older file). Sending again cannot help.
  public static let deviceBehind =
    "this device's record is behind the clinic's (was its store restored from an older copy?): the sequence numbers it gives "
    + "new entries were already used for other entries. Syncing again will not help: ask the clinic for a new code "
    + "and re-link this device with 'tandem link URL CODE'"

  /// The events of the device's patient after `cursor`, in stream order, without the ones this
  /// device pushed itself.
  public func pull(after cursor: Int64, limit: Int, by principal: Principal) async throws -> PullResult {
    guard principal.role == .patient, let patient = principal.patientID else {
      throw ClinicError.forbidden("only a patient's enrolled device pulls its record")
    }
    guard cursor >= 0 else { throw ClinicError.badRequest("after must be 0 or more") }
    let limit = max(1, min(limit, 5000))
    return try await client.withConnection { connection in
      let rows = try await connection.query(
        """
        SELECT e.stream_seq, e.line, e.uploaded_by_device IS NOT DISTINCT FROM \(principal.id), e.stream_type, e.stream
        FROM event e WHERE e.patient_id = \(patient) AND e.stream_seq > \(cursor)
        ORDER BY e.stream_seq LIMIT \(limit + 1)
        """, logger: logger)
      var entries: [PullResult.Entry] = []
      var last = cursor
      var count = 0
      var more = false
      var sessionIDs: [String] = []
      var hashes: [String] = []
      for try await (seq, line, own, streamType, stream) in rows.decode((Int64, String, Bool, String, String?).self) {
        count += 1
        if count > limit {
          more = true
          break
        }
        last = seq
        guard !own else { continue }
        entries.append(.init(streamSeq: seq, line: line))
        if streamType == "session", let stream { sessionIDs.append(stream) }
        if streamType == ModuleAssignment.streamType,
          case .careEvent(_, let assignment)? = try? JournalExport.read(line, number: 1),
          let hash = assignment.contentHash
        {
          hashes.append(hash)
        }
      }
      var sessions: [String] = []
      if !sessionIDs.isEmpty {
        let lines = try await connection.query(
          "SELECT line FROM session_line WHERE patient_id = \(patient) AND session_id = ANY(\(Array(Set(sessionIDs))))",
          logger: logger)
        for try await line in lines.decode(String.self) { sessions.append(line) }
      }
      let modules = try await self.modules(connection, hashes: hashes)
      return PullResult(sessions: sessions, events: entries, modules: modules, cursor: last, more: more)
    }
  }

  func modules(_ connection: PostgresConnection, hashes: [String]) async throws -> [PublishedModule] {
    guard !hashes.isEmpty else { return [] }
    let rows = try await connection.query(
      "SELECT module_id, version, content_hash, files::text FROM module_version WHERE content_hash = ANY(\(Array(Set(hashes))))",
      logger: logger)
    var modules: [PublishedModule] = []
    for try await (id, version, hash, files) in rows.decode((String, Int, String, String).self) {
      let decoded = (try? JSONDecoder().decode([PublishedModule.File].self, from: Data(files.utf8))) ?? []
      modules.append(PublishedModule(module: id, version: version, contentHash: hash, files: decoded))
    }
    return modules.sorted { ($0.module, $0.version) < ($1.module, $1.version) }
  }
}

/// The call of `append_events`, prepared once on each connection: a push spends no time on
/// parsing and planning it.
struct AppendEventsCall: PostgresPreparedStatement {
  static let sql = """
    SELECT acked, added, head FROM append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
    """
  static let bindingDataTypes: [PostgresDataType] = [
    .uuid, .uuid, .uuid, .int8, .int8, .text, .uuidArray, .textArray, .textArray, .textArray, .timestamptzArray,
    .int8Array, .textArray, .textArray, .textArray, .uuidArray,
  ]
  typealias Row = (Int64, Int64, Int64)

  var patient: UUID
  var device: UUID?
  var clinician: UUID?
  var firstSeq: Int64
  var lastSeq: Int64
  var timeZone: String?
  var ids: [UUID]
  var streamTypes: [String]
  var streams: [String]
  var kinds: [String]
  var recorded: [Date]
  var seqs: [Int64]
  var lines: [String]
  var hashes: [String]
  var sessions: [String]
  var corrected: [UUID]

  func makeBindings() throws -> PostgresBindings {
    var bindings = PostgresBindings(capacity: 16)
    bindings.append(patient)
    bindings.append(device)
    bindings.append(clinician)
    bindings.append(firstSeq)
    bindings.append(lastSeq)
    bindings.append(timeZone)
    bindings.append(ids)
    bindings.append(streamTypes)
    bindings.append(streams)
    bindings.append(kinds)
    bindings.append(recorded)
    bindings.append(seqs)
    bindings.append(lines)
    bindings.append(hashes)
    bindings.append(sessions)
    bindings.append(corrected)
    return bindings
  }

  func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
