import Foundation
import PostgresNIO
import TandemCare
import TandemEvents

/// An event line checked the way `tandem import` checks one, with what the server stores beside it.
struct CheckedLine {
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

  static func check(_ line: String, now: Date) throws(ClinicError) -> CheckedLine {
    guard line.utf8.count <= 256 * 1024 else { throw .tooLarge("an event line is over 256 KiB") }
    // PostgreSQL text cannot hold NUL, escaped or not; no Tandem event needs one.
    guard !line.contains("\\u0000"), !line.utf8.contains(0) else {
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
    var lines: [CheckedLine] = []
    lines.reserveCapacity(batch.events.count)
    for (index, event) in batch.events.enumerated() {
      if index > 0, event.deviceSeq != batch.events[index - 1].deviceSeq + 1 {
        throw ClinicError.badRequest("device_seq must rise by one from event to event")
      }
      guard event.deviceSeq >= 1 else { throw ClinicError.badRequest("device_seq starts at 1") }
      let checked = try CheckedLine.check(event.line, now: now)
      guard checked.assignment == nil, checked.programAssignment == nil else {
        throw ClinicError.forbidden("module assignments come from the care team, not the patient's device")
      }
      lines.append(checked)
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
    let result = try await database.transaction { connection in
      // One push per device at a time (the device row is the lock its sequence lives on), and one
      // writer per patient stream (two devices of one patient queue here), so positions are gapless.
      // Both rows are locked in one statement, in a fixed order (device, then patient); NO KEY, so
      // a foreign key pointing at the patient (a panel row being kept) does not wait for the push.
      let lockRows = try await connection.query(
        """
        SELECT d.acked_seq, p.next_stream_seq FROM device d JOIN patient p ON p.id = d.patient_id
        WHERE d.id = \(device) AND d.revoked_at IS NULL AND p.id = \(patient) FOR NO KEY UPDATE OF d, p
        """, logger: logger)
      var locked: (acked: Int64, next: Int64)?
      for try await (acked, next) in lockRows.decode((Int64, Int64).self) { locked = (acked, next) }
      guard let (acked, next) = locked else { throw ClinicError.unauthorized("this device's access was revoked") }
      if let first = batch.events.first, first.deviceSeq > acked + 1 {
        throw ClinicError.conflict(
          "device sequence gap: the server holds up to \(acked), the push starts at \(first.deviceSeq)")
      }

      try await self.storeSessions(connection, patient: patient, sessions)
      let needed = Set(lines.compactMap(\.sessionID))
      if !needed.isEmpty {
        let known = try await connection.query(
          "SELECT count(*) FROM session_line WHERE patient_id = \(patient) AND session_id = ANY(\(Array(needed)))",
          logger: logger)
        for try await count in known.decode(Int64.self) where count != Int64(needed.count) {
          throw ClinicError.invalid("a session event's session line was neither sent nor stored before")
        }
      }
      try await self.checkCorrections(connection, patient: patient, lines)
      let newAcked = max(acked, batch.events.last?.deviceSeq ?? acked)
      let inserted = try await self.insertEvents(
        connection, patient: patient, lines: lines, device: device, deviceSeqs: batch.events.map(\.deviceSeq),
        clinician: nil, next: next, ackedSeq: newAcked, timeZone: batch.timeZone)
      return PushResult(ackedDeviceSeq: newAcked, added: inserted, streamHead: next + Int64(inserted) - 1)
    }
    if result.added > 0 { warmPanel(patient: patient) }
    return result
  }

  /// Refuses a correction of an event that is neither in the patient's stream nor earlier in the
  /// same batch: every device that pulled it would fail to apply it.
  func checkCorrections(_ connection: PostgresConnection, patient: UUID, _ lines: [CheckedLine]) async throws {
    var earlier = Set<String>()
    var missing: [UUID] = []
    for line in lines {
      if let target = line.corrects, !earlier.contains(target) {
        guard let id = UUID(uuidString: target) else { throw ClinicError.invalid("a correction names no event id") }
        missing.append(id)
      }
      earlier.insert(line.envelope.eventID)
    }
    guard !missing.isEmpty else { return }
    let found = try await connection.query(
      "SELECT count(DISTINCT event_id) FROM event WHERE patient_id = \(patient) AND event_id = ANY(\(missing))",
      logger: logger)
    for try await count in found.decode(Int64.self) where count != Int64(Set(missing).count) {
      throw ClinicError.invalid("a correction names an event the clinic does not hold for this patient; sync it first")
    }
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

  /// Inserts `lines` (`ON CONFLICT DO NOTHING` by event id), gives the inserted ones the next
  /// stream positions from `next` and moves the patient's stream head past them, all in one
  /// statement; a device's push also records its acknowledged sequence (`ackedSeq`, on the device
  /// row) and the patient's time zone. Then checks that every line not inserted is already stored
  /// with the same content for the same patient. Returns how many were inserted. The caller holds
  /// the patient row's lock, so `next` is the stream's head.
  func insertEvents(
    _ connection: PostgresConnection, patient: UUID, lines: [CheckedLine], device: UUID?, deviceSeqs: [Int64]?,
    clinician: UUID?, next: Int64, ackedSeq: Int64? = nil, timeZone: String? = nil
  ) async throws -> Int {
    // An empty push still runs the statement: it records the time zone the device sent.
    let ids = lines.map { UUID(uuidString: $0.envelope.eventID) ?? UUID() }
    let streamTypes = lines.map(\.envelope.streamType)
    let streams = lines.map(\.envelope.stream)
    let kinds = lines.map(\.envelope.kind)
    let recorded = lines.map(\.recordedAt)
    let texts = lines.map(\.line)
    let hashes = texts.map { Secrets.hexDigest($0) }
    // 0 stands for "no device sequence" (a clinician's event): arrays of optionals do not bind.
    let seqs: [Int64] = deviceSeqs ?? Array(repeating: 0, count: lines.count)
    // The device row's update is a no-op for a clinician's write (no device, no sequence).
    let acked = ackedSeq ?? 0
    var inserted = 0
    do {
      // Rows come back from RETURNING in no promised order: each is numbered by its line's place
      // in the batch, so the stream keeps the order the device sent. Every data-modifying CTE runs
      // whether or not the final SELECT reads it.
      let rows = try await connection.query(
        """
        WITH t AS (
          -- A line sent twice in one batch is stored once, at its first place; a second copy with
          -- other content is caught by the check below.
          SELECT DISTINCT ON (u.id) u.* FROM unnest(\(ids)::uuid[], \(streamTypes)::text[], \(streams)::text[],
            \(kinds)::text[], \(recorded)::timestamptz[], \(seqs)::bigint[], \(texts)::text[], \(hashes)::text[])
            WITH ORDINALITY AS u(id, stream_type, stream, kind, recorded_at, seq, line, hash, ord)
          ORDER BY u.id, u.ord
        ), added AS (
          INSERT INTO event (event_id, patient_id, stream_type, stream, kind, recorded_at, uploaded_by_device,
            device_seq, author_clinician, line, line_hash)
          SELECT t.id, \(patient), t.stream_type, t.stream, t.kind, t.recorded_at, \(device), NULLIF(t.seq, 0),
            \(clinician), t.line, t.hash
          FROM t ORDER BY t.ord
          ON CONFLICT (event_id) DO NOTHING
          RETURNING id, event_id
        ), numbered AS (
          SELECT added.id, row_number() OVER (ORDER BY t.ord) AS n FROM added JOIN t ON t.id = added.event_id
        ), placed AS (
          INSERT INTO stream (patient_id, stream_seq, event_pk)
          SELECT \(patient), \(next) + numbered.n - 1, numbered.id FROM numbered
          RETURNING 1
        ), head AS (
          UPDATE patient SET next_stream_seq = \(next) + (SELECT count(*) FROM numbered),
            time_zone = COALESCE(\(timeZone), time_zone)
          WHERE id = \(patient)
          RETURNING 1
        ), device_row AS (
          UPDATE device SET acked_seq = \(acked) WHERE id = \(device) AND \(acked) > 0
          RETURNING 1
        )
        SELECT count(*) FROM placed
        """, logger: logger)
      for try await placed in rows.decode(Int64.self) { inserted = Int(placed) }
    } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
      if error.serverInfo?[.constraintName] == "event_uploaded_by_device_device_seq_key" {
        throw ClinicError.conflict("a device sequence number was already used for another event")
      }
      throw ClinicError.conflict("another write to this patient's record got there first; send it again")
    }
    if inserted < lines.count {
      // Events already stored: each must be the same event (same bytes, same patient).
      let present = try await connection.query(
        """
        SELECT count(*) FROM event e JOIN unnest(\(ids)::uuid[], \(hashes)::text[]) AS t(id, hash)
          ON e.event_id = t.id AND e.line_hash = t.hash AND e.patient_id = \(patient)
        """, logger: logger)
      for try await count in present.decode(Int64.self) where count != Int64(lines.count) {
        throw ClinicError.conflict("an event id is already stored with different content")
      }
    }
    return inserted
  }

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
        SELECT s.stream_seq, e.line, e.uploaded_by_device IS NOT DISTINCT FROM \(principal.id), e.stream_type, e.stream
        FROM stream s JOIN event e ON e.id = s.event_pk
        WHERE s.patient_id = \(patient) AND s.stream_seq > \(cursor)
        ORDER BY s.stream_seq LIMIT \(limit + 1)
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
