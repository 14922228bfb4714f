import Foundation
import GRDB
import TandemEvents
import TandemTherapy

/// This store's link to a clinic service (`tandem link`).
public struct SyncLink: Hashable, Sendable {
  public var server: String
  public var label: String
  public var serverDeviceID: String
  public var refreshToken: String
  public var insecureLoopback: Bool
  public var linkedAt: String
  public var ackedDeviceSeq: Int64
  public var pullCursor: Int64
  public var lastSuccessAt: String?
  public var lastAttemptAt: String?
  public var lastError: String?
}

/// What waits to be pushed: the session lines its events need, and events with their device
/// sequence numbers, in order.
public struct PendingUpload: Sendable {
  public var sessions: [String]
  public var events: [(deviceSeq: Int64, line: String)]
}

extension SQLiteStore {
  /// The link, if this store is linked to a clinic.
  public func syncLink() throws -> SyncLink? {
    try Self.perform("read the clinic link") {
      try writer.read { db in
        guard try db.tableExists("sync_link"), let row = try Row.fetchOne(db, sql: "SELECT * FROM sync_link") else {
          return nil
        }
        return SyncLink(
          server: row["server"], label: row["label"], serverDeviceID: row["server_device_id"],
          refreshToken: row["refresh_token"], insecureLoopback: row["insecure_loopback"], linkedAt: row["linked_at"],
          ackedDeviceSeq: row["acked_device_seq"], pullCursor: row["pull_cursor"],
          lastSuccessAt: row["last_success_at"], lastAttemptAt: row["last_attempt_at"], lastError: row["last_error"])
      }
    }
  }

  /// Links the store to a clinic (replacing an earlier link: enrolling again starts its device
  /// sequence and its pull from the beginning; the server skips what it already has).
  public func link(
    server: String, label: String, serverDeviceID: String, refreshToken: String, insecureLoopback: Bool, at date: Date
  ) throws {
    try Self.perform("link the store") {
      try durableWrite { db in
        try db.execute(sql: "DELETE FROM sync_link; DELETE FROM sync_upload")
        try db.execute(
          sql: """
            INSERT INTO sync_link (id, server, label, server_device_id, refresh_token, insecure_loopback, linked_at)
            VALUES (1, ?, ?, ?, ?, ?, ?)
            """,
          arguments: [server, label, serverDeviceID, refreshToken, insecureLoopback, try Timestamp.text(from: date)])
      }
    }
  }

  /// Removes the link (the record stays).
  public func unlink() throws {
    try Self.perform("unlink the store") {
      try durableWrite { db in try db.execute(sql: "DELETE FROM sync_link; DELETE FROM sync_upload") }
    }
  }

  /// How many events wait to be pushed.
  public func unsyncedCount() throws -> Int {
    try Self.perform("count unsynced events") {
      try writer.read { db in
        guard try db.tableExists("sync_upload") else { return 0 }
        let acked = try Int64.fetchOne(db, sql: "SELECT acked_device_seq FROM sync_link") ?? 0
        return try Int.fetchOne(
          db,
          sql: """
            SELECT (SELECT count(*) FROM journal j WHERE NOT EXISTS (SELECT 1 FROM sync_upload u WHERE u.sequence = j.sequence)
              AND NOT EXISTS (SELECT 1 FROM sync_received r WHERE r.sequence = j.sequence))
            + (SELECT count(*) FROM sync_upload WHERE device_seq > ?)
            """, arguments: [acked]) ?? 0
      }
    }
  }

  /// Numbers the rows not yet numbered (once: a retry sends the same numbers) and returns up to
  /// `limit` events after the acknowledged sequence, as export lines.
  public func pendingUpload(limit: Int) throws -> PendingUpload {
    try Self.perform("prepare the events to sync") {
      try durableWrite { db in
        try db.execute(
          sql: """
            INSERT INTO sync_upload (sequence, device_seq)
            SELECT j.sequence, (SELECT COALESCE(max(device_seq), 0) FROM sync_upload) + row_number() OVER (ORDER BY j.sequence)
            FROM journal j
            WHERE NOT EXISTS (SELECT 1 FROM sync_upload u WHERE u.sequence = j.sequence)
              AND NOT EXISTS (SELECT 1 FROM sync_received r WHERE r.sequence = j.sequence)
            ORDER BY j.sequence
            """)
        let acked = try Int64.fetchOne(db, sql: "SELECT acked_device_seq FROM sync_link") ?? 0
        let rows = try Row.fetchAll(
          db,
          sql: """
            SELECT u.device_seq, j.event_id, j.device_id, j.stream_type, j.stream, j.kind, j.recorded_at, j.payload
            FROM sync_upload u JOIN journal j ON j.sequence = u.sequence
            WHERE u.device_seq > ? ORDER BY u.device_seq LIMIT ?
            """, arguments: [acked, limit])
        var sessionIDs: [String] = []
        var events: [(Int64, String)] = []
        for row in rows {
          let streamType: String = row[3]
          let stream: String = row[4]
          if streamType == JournalRecord.sessionStreamType, !sessionIDs.contains(stream) { sessionIDs.append(stream) }
          let envelope = ExportedEvent(
            eventID: row[1], deviceID: row[2], streamType: streamType, stream: stream, kind: row[5],
            recordedAt: row[6])
          events.append((row[0], try JournalExport.event(envelope, payload: row[7])))
        }
        var sessions: [String] = []
        for id in sessionIDs {
          if let record = try SessionRecord.fetchOne(db, key: id) {
            sessions.append(try JournalExport.session(record.exported()))
          }
        }
        return PendingUpload(sessions: sessions, events: events)
      }
    }
  }

  /// Records the server's acknowledgement.
  public func acknowledge(deviceSeq: Int64, at date: Date) throws {
    try Self.perform("record the sync") {
      try durableWrite { db in
        try db.execute(
          sql:
            "UPDATE sync_link SET acked_device_seq = max(acked_device_seq, ?), last_success_at = ?, last_error = NULL",
          arguments: [deviceSeq, try Timestamp.text(from: date)])
      }
    }
  }

  /// Applies a pulled page in one transaction: its session and event lines in server order (events
  /// already here are left alone), marks them as received, keeps module versions whose content hash
  /// `verify` confirmed, and moves the cursor.
  public func applyPull(
    sessions: [String], events: [(streamSeq: Int64, line: String)],
    modules: [(hash: String, id: String, version: Int, files: String)],
    cursor: Int64, at date: Date
  ) throws -> Int {
    var parsed: [(Int64?, ImportedLine)] = []
    for line in sessions { parsed.append((nil, try JournalExport.read(line, number: 0))) }
    for event in events { parsed.append((event.streamSeq, try JournalExport.read(event.line, number: 0))) }
    return try Self.perform("apply the pulled events") {
      try durableWrite { db in
        var summary = ImportSummary(added: 0, alreadyPresent: 0, sessionsAdded: 0)
        for (streamSeq, line) in parsed {
          try Self.importLine(db, line, into: &summary)
          guard let streamSeq else { continue }
          let eventID: String? =
            switch line {
            case .sessionEvent(let envelope, _), .careEvent(let envelope, _), .programEvent(let envelope, _),
              .consentEvent(let envelope, _), .programAssignment(let envelope, _):
              envelope.eventID
            case .diaryEvent(let envelope, _): envelope.eventID
            default: nil
            }
          if let eventID,
            let sequence = try Int64.fetchOne(
              db.cachedStatement(sql: "SELECT sequence FROM journal WHERE event_id = ?"), arguments: [eventID])
          {
            try db.execute(
              sql: "INSERT OR IGNORE INTO sync_received (sequence, stream_seq) VALUES (?, ?)",
              arguments: [sequence, streamSeq])
          }
        }
        let now = try Timestamp.text(from: date)
        for module in modules {
          try db.execute(
            sql: """
              INSERT OR IGNORE INTO received_module (content_hash, module_id, version, files, received_at)
              VALUES (?, ?, ?, ?, ?)
              """, arguments: [module.hash, module.id, module.version, module.files, now])
        }
        try db.execute(
          sql: "UPDATE sync_link SET pull_cursor = max(pull_cursor, ?), last_success_at = ?, last_error = NULL",
          arguments: [cursor, now])
        return summary.added
      }
    }
  }

  /// Records a failed sync attempt's reason (shown by `tandem sync --status`).
  public func recordSyncAttempt(error: String?, at date: Date) throws {
    try Self.perform("record the sync attempt") {
      try durableWrite { db in
        try db.execute(
          sql: "UPDATE sync_link SET last_attempt_at = ?, last_error = ?",
          arguments: [try Timestamp.text(from: date), error])
      }
    }
  }

  /// The module versions received from the clinic: id, version, content hash and files (JSON).
  public func receivedModules() throws -> [(id: String, version: Int, hash: String, files: String)] {
    try Self.perform("read received modules") {
      try writer.read { db in
        guard try db.tableExists("received_module") else { return [] }
        return try Row.fetchAll(
          db, sql: "SELECT module_id, version, content_hash, files FROM received_module ORDER BY module_id, version"
        ).map { ($0[0], $0[1], $0[2], $0[3]) }
      }
    }
  }

  /// Records a program event (start, pause, resume, leave), committed before this returns.
  public func append(_ event: ProgramEvent, at date: Date) throws {
    var record = JournalRecord(
      sequence: nil, streamType: ProgramPayload.streamType, stream: ProgramPayload.streamType, kind: event.kind,
      payload: try ProgramPayload.encode(event), recordedAt: try Timestamp.text(from: date),
      eventID: EventID.make(at: date), deviceID: nil)
    try Self.perform("record '\(event.kind)'") {
      try durableWrite { db in try record.insert(db) }
    }
  }

  /// This store's device id (made when the store was created).
  public func deviceIdentifier() throws -> String {
    try Self.perform("read the device id") { try writer.read { db in try Self.deviceID(db) } }
  }

  /// The care team's program assignments with when each was recorded, oldest first.
  public func programAssignments() throws -> [(assignment: ProgramAssignment, at: Date)] {
    try Self.perform("read program assignments") {
      try writer.read { db in
        try Row.fetchAll(
          db, sql: "SELECT payload, recorded_at FROM journal WHERE stream_type = ? AND kind = ? ORDER BY sequence",
          arguments: [ModuleAssignment.streamType, ProgramAssignment.kind]
        ).compactMap { row in
          guard
            let assignment = try? JSONDecoder().decode(ProgramAssignment.self, from: Data((row[0] as String).utf8)),
            let at = Timestamp.date(from: row[1])
          else { return nil }
          return (assignment, at)
        }
      }
    }
  }

  /// Records a consent event, committed before this returns.
  public func append(_ event: ConsentEvent, at date: Date) throws {
    var record = JournalRecord(
      sequence: nil, streamType: ConsentEvent.streamType, stream: ConsentEvent.streamType, kind: event.kind.rawValue,
      payload: try event.payload(), recordedAt: try Timestamp.text(from: date), eventID: EventID.make(at: date),
      deviceID: nil)
    try Self.perform("record '\(event.kind.rawValue)'") {
      try durableWrite { db in try record.insert(db) }
    }
  }

  /// Every consent event with when it was recorded, oldest first (by when it was recorded, so an
  /// older grant imported from another device after a withdrawal cannot undo it).
  public func consentEvents() throws -> [(event: ConsentEvent, at: Date)] {
    try Self.perform("read consent events") {
      try writer.read { db in
        try Row.fetchAll(
          db,
          sql: "SELECT kind, payload, recorded_at FROM journal WHERE stream_type = ? ORDER BY recorded_at, sequence",
          arguments: [ConsentEvent.streamType]
        ).compactMap { row in
          guard let event = try? ConsentEvent.decode(kind: row[0], payload: row[1]),
            let at = Timestamp.date(from: row[2])
          else { return nil }
          return (event, at)
        }
      }
    }
  }

  /// Every program event with when it was recorded, oldest first.
  public func programEvents() throws -> [(event: ProgramEvent, at: Date)] {
    try Self.perform("read program events") {
      try writer.read { db in
        try Row.fetchAll(
          db,
          sql: "SELECT kind, payload, recorded_at FROM journal WHERE stream_type = ? ORDER BY recorded_at, sequence",
          arguments: [ProgramPayload.streamType]
        ).compactMap { row in
          guard let event = try? ProgramPayload.decode(kind: row[0], payload: row[1]),
            let at = Timestamp.date(from: row[2])
          else { return nil }
          return (event, at)
        }
      }
    }
  }

  /// The care team's module assignments with when each was recorded, oldest first.
  public func assignments() throws -> [(assignment: ModuleAssignment, at: Date)] {
    try Self.perform("read assignments") {
      try writer.read { db in
        try Row.fetchAll(
          db, sql: "SELECT payload, recorded_at FROM journal WHERE stream_type = ? AND kind = ? ORDER BY sequence",
          arguments: [ModuleAssignment.streamType, ModuleAssignment.kind]
        ).compactMap { row in
          guard let assignment = try? JSONDecoder().decode(ModuleAssignment.self, from: Data((row[0] as String).utf8)),
            let at = Timestamp.date(from: row[1])
          else { return nil }
          return (assignment, at)
        }
      }
    }
  }
}
