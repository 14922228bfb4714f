import Foundation
import GRDB
import TandemEvents
import TandemTherapy

/// One row of the append-only `journal` table: an event in some stream, in commit order.
///
/// Sessions are one stream type; later features (medication doses, headache attacks) add their
/// own `streamType` and kinds to the same table rather than a table each.
struct JournalRecord: Codable, Hashable {
  /// Position in the whole journal, assigned on insert and never reused.
  var sequence: Int64?
  /// What the stream belongs to, for example `session`.
  var streamType: String
  /// Which one: for sessions, the session id.
  var stream: String
  /// The event's short name within its stream type, for example `answered`.
  var kind: String
  /// The event as JSON text.
  var payload: String
  /// `Timestamp` text of the commit.
  var recordedAt: String
  /// The event's own id, a UUIDv7 made where it was recorded; unique across devices.
  var eventID: String
  /// The device that recorded it (see the `device` table); filled in on insert when `nil`.
  var deviceID: String?

  enum CodingKeys: String, CodingKey {
    case eventID = "event_id"
    case deviceID = "device_id"
    case sequence
    case streamType = "stream_type"
    case stream
    case kind
    case payload
    case recordedAt = "recorded_at"
  }

  /// The stream type of session events.
  static let sessionStreamType = "session"
}

extension JournalRecord: FetchableRecord, MutablePersistableRecord {
  static let databaseTableName = "journal"

  enum Columns {
    static let sequence = Column(CodingKeys.sequence)
    static let streamType = Column(CodingKeys.streamType)
    static let stream = Column(CodingKeys.stream)
    static let kind = Column(CodingKeys.kind)
    static let payload = Column(CodingKeys.payload)
    static let recordedAt = Column(CodingKeys.recordedAt)
    static let eventID = Column(CodingKeys.eventID)
  }

  mutating func willInsert(_ db: Database) throws {
    if deviceID == nil { deviceID = try SQLiteStore.deviceID(db) }
  }

  mutating func didInsert(_ inserted: InsertionSuccess) {
    sequence = inserted.rowID
  }

  /// One row, without its sequence (SQLite assigns it), for `db.cachedStatement(sql:)`.
  static let insertSQL = """
    INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, event_id, device_id)
    VALUES (?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT id FROM device)))
    """

  /// The values of `insertSQL` for this row.
  var insertArguments: StatementArguments { [streamType, stream, kind, payload, recordedAt, eventID, deviceID] }

  /// Whether `error` is the `journal_session_must_exist` trigger refusing an entry for a
  /// session that was never started.
  static func isUnknownSessionError(_ error: DatabaseError) -> Bool {
    error.resultCode == .SQLITE_CONSTRAINT && error.message == "journal entry for an unknown session"
  }

  /// Session events in journal order: one session's, or every session's when `id` is `nil`.
  static func sessionEvents(of id: String? = nil) -> QueryInterfaceRequest<JournalRecord> {
    let sessions = filter(Columns.streamType == sessionStreamType)
    return (id.map { sessions.filter(Columns.stream == $0) } ?? sessions).order(Columns.sequence)
  }
}

extension JournalRecord {
  /// The row for one event of a session, not yet inserted.
  init(sessionID: String, event: SessionEvent, recordedAt: Date) throws {
    self.init(
      sequence: nil, streamType: Self.sessionStreamType, stream: sessionID, kind: event.kind,
      payload: try EventPayload.encode(event), recordedAt: try Timestamp.text(from: recordedAt),
      eventID: EventID.make(at: recordedAt), deviceID: nil)
  }

  /// The session event this row holds.
  func sessionEntry() throws -> JournalEntry {
    let record = "journal entry \(sequence.map(String.init) ?? "?") of session '\(stream)'"
    guard let sequence else { throw StoreError.corruptRecord(record: record, problem: "it has no sequence") }
    guard let date = Timestamp.date(from: recordedAt) else {
      throw StoreError.corruptRecord(record: record, problem: "recorded_at is not a timestamp")
    }
    let event: SessionEvent
    do {
      event = try EventPayload.sessionEvent(kind: kind, payload: payload)
    } catch let error as EventPayloadError {
      throw StoreError.corruptRecord(record: record, problem: error.problem)
    }
    return JournalEntry(sequence: sequence, recordedAt: date, event: event)
  }
}
