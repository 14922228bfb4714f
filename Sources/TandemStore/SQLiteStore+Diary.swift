import Foundation
import GRDB
import TandemBase
import TandemCare
import TandemEvents
import TandemTherapy

extension SQLiteStore: DiaryStore, CareStore {
  /// Appends session events and diary events in one transaction (a dose check inside a session).
  public func append(
    _ events: [SessionEvent], toSession id: String, at date: Date, diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry] {
    try append(events, toSession: id, at: date, window: nil, diary: build)
  }

  /// Appends session events and diary events in one transaction, after `build` has seen the
  /// diary entries in `window` (every entry when `window` is `nil`).
  public func append(
    _ events: [SessionEvent], toSession id: String, at date: Date, window: DiaryWindow?,
    diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry] {
    let entries = try events.map { try JournalRecord(sessionID: id, event: $0, recordedAt: date) }
    let recordedAt = try Timestamp.text(from: date)
    return try Self.perform("append to session '\(id)'") {
      try durableWrite { db in
        guard try SessionRecord.exists(db, key: id) else { throw StoreError.unknownSession(id: id) }
        for var entry in entries { try entry.insert(db) }
        return try Self.writeDiary(db, recordedAt: recordedAt, window: window, build)
      }
    }
  }

  /// Appends session events and the diary events `build` returns, in one transaction, only if
  /// the session's last event is still at `expected` (see `append(_:toSession:expectingLast:at:)`).
  public func append(
    _ events: [SessionEvent], toSession id: String, expectingLast expected: Int64, at date: Date,
    diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> (lastSequence: Int64, diary: [DiaryEntry]) {
    let entries = try events.map { try JournalRecord(sessionID: id, event: $0, recordedAt: date) }
    let recordedAt = try Timestamp.text(from: date)
    return try Self.perform("append to session '\(id)'") {
      try durableWrite { db in
        try Self.checkPosition(db, session: id, expected: expected)
        var last = expected
        for var entry in entries {
          try entry.insert(db)
          last = entry.sequence ?? last
        }
        return (last, try Self.writeDiary(db, recordedAt: recordedAt, window: nil, build))
      }
    }
  }

  /// Commits the events `build` returns in one write transaction, after `build` has seen
  /// every diary entry committed so far (by this or any other process).
  ///
  /// Other writers wait for the transaction (see `busyTimeout`), so two processes logging at
  /// the same moment both succeed, one after the other. When `build` throws, nothing is written.
  public func appendDiary(at date: Date, _ build: ([DiaryEntry]) throws -> [DiaryEvent]) throws -> [DiaryEntry] {
    try appendDiary(at: date, window: nil, build)
  }

  /// Commits the events `build` returns in one write transaction, after `build` has seen the
  /// diary entries in `window` (see `DiaryWindow`; every entry when `window` is `nil`).
  ///
  /// The window is read through indexes inside the transaction, so the write lock is held for
  /// milliseconds however long the diary is, and checks still see every other process's writes.
  public func appendDiary(
    at date: Date, window: DiaryWindow?, _ build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry] {
    let recordedAt = try Timestamp.text(from: date)
    return try Self.perform("write to the diary") {
      try durableWrite { db in
        try Self.writeDiary(db, recordedAt: recordedAt, window: window, build)
      }
    }
  }

  /// Inside a write transaction: shows `build` the diary so far (or its window) and inserts
  /// what it returns, with the columns windowed reads select on.
  private static func writeDiary(
    _ db: Database, recordedAt: String, window: DiaryWindow?, _ build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry] {
    let existing = try window.map { try JournalRecord.diaryEntries(db, window: $0) } ?? JournalRecord.diaryEntries(db)
    var written: [DiaryEntry] = []
    for event in try build(existing) {
      let record = JournalRecord(
        sequence: nil, streamType: JournalRecord.diaryStreamType, stream: JournalRecord.diaryStream,
        kind: event.kind, payload: try encodePayload(db, event), recordedAt: recordedAt,
        eventID: EventID.make(at: Timestamp.date(from: recordedAt) ?? Date()), deviceID: nil)
      // What is stored (instants to the millisecond) is what the caller gets back and what the
      // window columns are made from.
      let stored = try record.diaryEntry(db)
      var entry = stored
      entry.sequence = try JournalRecord.insertDiary(
        db, record, keys: stored.event.windowKeys, corrects: stored.event.correctedSequence)
      written.append(entry)
    }
    return written
  }

  /// The payload text of `event`; a correction names its entry by that entry's event id.
  static func encodePayload(_ db: Database, _ event: DiaryEvent) throws -> String {
    do {
      return try EventPayload.encode(event) { sequence in try JournalRecord.eventID(db, sequence: sequence) }
    } catch let error as EventPayloadError {
      throw StoreError.corruptRecord(record: "a new diary entry", problem: error.problem)
    }
  }

  /// Every diary entry, oldest first.
  public func diaryEntries() throws -> [DiaryEntry] {
    try Self.perform("read the diary") {
      try writer.read { db in try JournalRecord.diaryEntries(db) }
    }
  }

  /// When the earliest dose, skip or headache in the diary happened (corrections aside), or `nil`
  /// when there is none: where a diary read from a window began, found through an index.
  public func earliestDiaryActivity() throws -> Date? {
    try Self.perform("read the diary") {
      try writer.read { db in
        try Double.fetchOne(
          db,
          sql: """
            SELECT occurred_at FROM journal INDEXED BY journal_diary_occurred_at
              WHERE stream_type = 'diary' AND occurred_at IS NOT NULL
                AND kind IN ('dose-taken', 'dose-skipped', 'attack-logged')
              ORDER BY occurred_at LIMIT 1
            """
        ).map { Date(timeIntervalSince1970: $0) }
      }
    }
  }

  /// The diary entries in `window` (see `DiaryWindow`), oldest first: what
  /// `window.entries(of: diaryEntries())` gives, read through indexes.
  public func diaryEntries(window: DiaryWindow) throws -> [DiaryEntry] {
    try Self.perform("read the diary") {
      try writer.read { db in try JournalRecord.diaryEntries(db, window: window) }
    }
  }
}

extension DiaryEvent {
  /// The sequence a correction names.
  var correctedSequence: Int64? {
    if case .corrected(let sequence, _, _) = self { return sequence }
    return nil
  }
}

extension JournalRecord {
  /// The stream type of the medication and headache diary.
  static let diaryStreamType = "diary"
  /// The single patient's diary stream (a clinic backend would use the patient's id).
  static let diaryStream = "patient"

  /// Every diary entry in journal order, read straight from the rows (no record decoding).
  static func diaryEntries(_ db: Database) throws -> [DiaryEntry] {
    let statement = try db.cachedStatement(
      sql: """
        SELECT sequence, kind, payload, recorded_at, event_id FROM journal WHERE stream_type = ? ORDER BY sequence
        """)
    return try diaryEntries(db, diaryRows(statement, arguments: [diaryStreamType]))
  }

  /// The diary entries in `window`, in journal order; see `DiaryWindow` for what it holds.
  ///
  /// Entries are chosen by the original entry they belong to (`corrects` for a correction,
  /// its own sequence otherwise), so an original and its corrections come together or not at all.
  static func diaryEntries(_ db: Database, window: DiaryWindow) throws -> [DiaryEntry] {
    let statement = try db.cachedStatement(sql: windowSQL)
    let arguments: StatementArguments = [
      "since": window.since.timeIntervalSince1970, "medication": window.medicationID,
    ]
    return try diaryEntries(db, diaryRows(statement, arguments: arguments))
  }

  /// The rows of `statement`, which selects sequence, kind, payload, recorded_at and event_id.
  private static func diaryRows(_ statement: Statement, arguments: StatementArguments) throws -> [DiaryRow] {
    var rows: [DiaryRow] = []
    let cursor = try Row.fetchCursor(statement, arguments: arguments)
    while let row = try cursor.next() {
      rows.append(DiaryRow(sequence: row[0], kind: row[1], payload: row[2], recordedAt: row[3], eventID: row[4]))
    }
    return rows
  }

  /// The original entry a row belongs to.
  private static let rootSQL = "CASE WHEN kind = 'corrected' THEN corrects ELSE sequence END"

  /// Selects a window. Each `held` branch names its index: without statistics SQLite would pick
  /// `journal_stream` and scan the whole diary. `CROSS JOIN` keeps `held` the outer loop, so
  /// the rows themselves are found by sequence.
  private static let windowSQL = """
    WITH held(sequence) AS MATERIALIZED (
      SELECT sequence FROM journal INDEXED BY journal_diary_regimens
        WHERE stream_type = 'diary' AND kind IN ('regimen-prescribed', 'regimen-ended')
      UNION
      SELECT \(rootSQL) FROM journal INDEXED BY journal_diary_occurred_at
        WHERE stream_type = 'diary' AND occurred_at >= :since
          AND (:medication IS NULL OR medication_id IS NULL OR medication_id = :medication)
      UNION
      SELECT \(rootSQL) FROM journal INDEXED BY journal_diary_ends_at
        WHERE stream_type = 'diary' AND ends_at >= :since
          AND (:medication IS NULL OR medication_id IS NULL OR medication_id = :medication)
      UNION
      SELECT \(rootSQL) FROM journal AS version INDEXED BY journal_diary_open_attacks
        WHERE stream_type = 'diary' AND kind IN ('attack-logged', 'corrected')
          AND occurred_at IS NOT NULL AND ends_at IS NULL
          AND NOT EXISTS (
            SELECT 1 FROM journal AS later INDEXED BY journal_diary_corrects
            WHERE later.stream_type = 'diary' AND later.corrects IS NOT NULL
              AND later.corrects = CASE WHEN version.kind = 'corrected' THEN version.corrects ELSE version.sequence END
              AND later.sequence > version.sequence)
    )
    SELECT entry.sequence, entry.kind, entry.payload, entry.recorded_at, entry.event_id
      FROM held CROSS JOIN journal AS entry ON entry.sequence = held.sequence
      WHERE entry.stream_type = 'diary'
    UNION ALL
    SELECT fix.sequence, fix.kind, fix.payload, fix.recorded_at, fix.event_id
      FROM held CROSS JOIN journal AS fix INDEXED BY journal_diary_corrects ON fix.corrects = held.sequence
      WHERE fix.stream_type = 'diary' AND fix.corrects IS NOT NULL
    ORDER BY 1
    """

  /// Inserts a diary row with its window columns; returns its sequence. `corrects` is the
  /// sequence a correction names, stored as the original it comes down to.
  static func insertDiary(
    _ db: Database, _ record: JournalRecord, keys: DiaryWindowKeys, corrects target: Int64?
  ) throws -> Int64 {
    var root: Int64?
    if let target {
      let lookup = try db.cachedStatement(
        sql: "SELECT corrects FROM journal WHERE sequence = ? AND stream_type = 'diary' AND kind = 'corrected'")
      root = try Int64.fetchOne(lookup, arguments: [target]) ?? target
    }
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, occurred_at, ends_at, medication_id, corrects,
          event_id, device_id)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, (SELECT id FROM device)))
        """)
    try insert.execute(arguments: [
      record.streamType, record.stream, record.kind, record.payload, record.recordedAt,
      keys.occurredAt?.timeIntervalSince1970, keys.endsAt?.timeIntervalSince1970, keys.medicationID, root,
      record.eventID, record.deviceID,
    ])
    return db.lastInsertedRowID
  }

  /// The diary entries of `rows`, each payload read by `EventPayload`. A row that does not decode
  /// is named in the error.
  static func diaryEntries(_ db: Database, _ rows: [DiaryRow]) throws -> [DiaryEntry] {
    let events: [DiaryEvent]
    do {
      events = try EventPayload.diaryEvents(rows.map { ($0.kind, $0.payload) }) { eventID in
        try JournalRecord.sequence(db, eventID: eventID)
      }
    } catch let error as EventPayloadError {
      let sequence = error.index.flatMap { rows[$0].sequence }
      throw StoreError.corruptRecord(
        record: "diary entry \(sequence.map(String.init) ?? "?")", problem: error.problem)
    }
    var entries: [DiaryEntry] = []
    entries.reserveCapacity(rows.count)
    var lastStamp: (text: String, date: Date)?
    for (row, event) in zip(rows, events) {
      let name = "diary entry \(row.sequence.map(String.init) ?? "?")"
      guard let sequence = row.sequence else {
        throw StoreError.corruptRecord(record: name, problem: "it has no sequence")
      }
      let date: Date
      if let lastStamp, lastStamp.text == row.recordedAt {
        date = lastStamp.date
      } else {
        guard let parsed = Timestamp.date(from: row.recordedAt) else {
          throw StoreError.corruptRecord(record: name, problem: "recorded_at is not a timestamp")
        }
        date = parsed
        lastStamp = (row.recordedAt, parsed)
      }
      entries.append(DiaryEntry(sequence: sequence, recordedAt: date, event: event, eventID: row.eventID))
    }
    return entries
  }

  /// The diary event a row's payload holds; a correction's event id is looked up in `db`.
  static func decodePayload(_ db: Database, _ row: DiaryRow, name: String) throws -> DiaryEvent {
    do {
      return try EventPayload.diaryEvent(kind: row.kind, payload: row.payload) { eventID in
        try JournalRecord.sequence(db, eventID: eventID)
      }
    } catch let error as EventPayloadError {
      throw StoreError.corruptRecord(record: name, problem: error.problem)
    }
  }

  /// The event id of the diary entry at `sequence`.
  static func eventID(_ db: Database, sequence: Int64) throws -> String? {
    let lookup = try db.cachedStatement(
      sql: "SELECT event_id FROM journal WHERE sequence = ? AND stream_type = 'diary'")
    return try String.fetchOne(lookup, arguments: [sequence])
  }

  /// The sequence of the diary entry whose event id is `eventID`.
  static func sequence(_ db: Database, eventID: String) throws -> Int64? {
    let lookup = try db.cachedStatement(
      sql: "SELECT sequence FROM journal WHERE event_id = ? AND stream_type = 'diary'")
    return try Int64.fetchOne(lookup, arguments: [eventID])
  }

  /// The diary event this row holds (its sequence may still be `nil` before insert).
  func diaryEntry(_ db: Database) throws -> DiaryEntry {
    let record = "diary entry \(sequence.map(String.init) ?? "?")"
    guard let date = Timestamp.date(from: recordedAt) else {
      throw StoreError.corruptRecord(record: record, problem: "recorded_at is not a timestamp")
    }
    let event = try Self.decodePayload(
      db, DiaryRow(sequence: sequence, kind: kind, payload: payload, recordedAt: recordedAt, eventID: eventID),
      name: record)
    return DiaryEntry(sequence: sequence ?? 0, recordedAt: date, event: event, eventID: eventID)
  }
}

/// The columns of a diary row that its entry is made from.
struct DiaryRow {
  var sequence: Int64?
  var kind: String
  var payload: String
  var recordedAt: String
  var eventID: String?
}
