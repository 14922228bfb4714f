import Foundation
import GRDB
import TandemBase
import TandemCare
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
        kind: event.kind, payload: try JSONColumn.encode(event), recordedAt: recordedAt)
      let sequence = try JournalRecord.insertDiary(
        db, record, keys: event.windowKeys, corrects: event.correctedSequence)
      var inserted = record
      inserted.sequence = sequence
      written.append(try inserted.diaryEntry())
    }
    return written
  }

  /// Every diary entry, oldest first.
  public func diaryEntries() throws -> [DiaryEntry] {
    try Self.perform("read the diary") {
      try writer.read { db in try JournalRecord.diaryEntries(db) }
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
  fileprivate var correctedSequence: Int64? {
    if case .corrected(let sequence, _, _) = self { return sequence }
    return nil
  }
}

extension JournalRecord {
  /// The stream type of the medication and headache diary.
  static let diaryStreamType = "diary"
  /// The single patient's diary stream (a clinic backend would use the patient's id).
  static let diaryStream = "patient"

  /// Diary events in journal order.
  static func diaryEvents() -> QueryInterfaceRequest<JournalRecord> {
    filter(Columns.streamType == diaryStreamType).order(Columns.sequence)
  }

  /// Every diary entry in journal order, read straight from the rows (no record decoding).
  static func diaryEntries(_ db: Database) throws -> [DiaryEntry] {
    let statement = try db.cachedStatement(
      sql: "SELECT sequence, kind, payload, recorded_at FROM journal WHERE stream_type = ? ORDER BY sequence")
    return try diaryEntries(diaryRows(statement, arguments: [diaryStreamType]))
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
    return try diaryEntries(diaryRows(statement, arguments: arguments))
  }

  /// The rows of `statement`, which selects sequence, kind, payload and recorded_at.
  private static func diaryRows(_ statement: Statement, arguments: StatementArguments) throws -> [DiaryRow] {
    var rows: [DiaryRow] = []
    let cursor = try Row.fetchCursor(statement, arguments: arguments)
    while let row = try cursor.next() {
      rows.append(DiaryRow(sequence: row[0], kind: row[1], payload: row[2], recordedAt: row[3]))
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
    SELECT entry.sequence, entry.kind, entry.payload, entry.recorded_at
      FROM held CROSS JOIN journal AS entry ON entry.sequence = held.sequence
      WHERE entry.stream_type = 'diary'
    UNION ALL
    SELECT fix.sequence, fix.kind, fix.payload, fix.recorded_at
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
        INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, occurred_at, ends_at, medication_id, corrects)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    try insert.execute(arguments: [
      record.streamType, record.stream, record.kind, record.payload, record.recordedAt,
      keys.occurredAt?.timeIntervalSince1970, keys.endsAt?.timeIntervalSince1970, keys.medicationID, root,
    ])
    return db.lastInsertedRowID
  }

  /// The diary entries of `rows`. Doses taken, most of a long diary, are read by
  /// `DiaryPayload.doseTaken` when they are in the form the store writes; the rest are decoded
  /// together. A row that does not decode is named in the error, as by `diaryEntry()`.
  static func diaryEntries(_ rows: [DiaryRow]) throws -> [DiaryEntry] {
    var events: [DiaryEvent?] = rows.map {
      switch $0.kind {
      case "dose-taken": DiaryPayload.doseTaken($0.payload)
      case "attack-logged": DiaryPayload.attackLogged($0.payload)
      default: nil
      }
    }
    let others = events.indices.filter { events[$0] == nil }
    if !others.isEmpty {
      guard let decoded = JSONColumn.decodeAll(DiaryEvent.self, from: others.map { rows[$0].payload }) else {
        return try rows.map { try $0.diaryEntry() }
      }
      for (index, event) in zip(others, decoded) { events[index] = event }
    }
    var entries: [DiaryEntry] = []
    entries.reserveCapacity(rows.count)
    var lastStamp: (text: String, date: Date)?
    for (row, event) in zip(rows, events) {
      guard let event else { return try rows.map { try $0.diaryEntry() } }
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
      guard event.kind == row.kind else {
        throw StoreError.corruptRecord(record: name, problem: "its kind '\(row.kind)' does not match its payload")
      }
      entries.append(DiaryEntry(sequence: sequence, recordedAt: date, event: event))
    }
    return entries
  }

  /// The diary event this row holds.
  func diaryEntry() throws -> DiaryEntry {
    let record = "diary entry \(sequence.map(String.init) ?? "?")"
    guard let sequence else { throw StoreError.corruptRecord(record: record, problem: "it has no sequence") }
    guard let date = Timestamp.date(from: recordedAt) else {
      throw StoreError.corruptRecord(record: record, problem: "recorded_at is not a timestamp")
    }
    let event = try JSONColumn.decode(DiaryEvent.self, from: payload, record: record)
    guard event.kind == kind else {
      throw StoreError.corruptRecord(record: record, problem: "its kind '\(kind)' does not match its payload")
    }
    return DiaryEntry(sequence: sequence, recordedAt: date, event: event)
  }
}

/// The columns of a diary row that its entry is made from.
struct DiaryRow {
  var sequence: Int64?
  var kind: String
  var payload: String
  var recordedAt: String

  /// The diary event this row holds, checked as `JournalRecord.diaryEntry()` checks it.
  func diaryEntry() throws -> DiaryEntry {
    try JournalRecord(
      sequence: sequence, streamType: JournalRecord.diaryStreamType, stream: JournalRecord.diaryStream, kind: kind,
      payload: payload, recordedAt: recordedAt
    ).diaryEntry()
  }
}

/// A fast reader for the diary payloads that are most of a long diary, in exactly the form the
/// store's encoder writes them (sorted keys, no spaces):
/// `{"doseTaken":{"_0":{"amount":{"unit":"mg","value":10},"instant":…,"journalSequence":…,
/// "medicationID":"…","regimenID":"…"}}}` and `{"attackLogged":{"_0":{…}}}`. Keys may come in
/// any order and optional ones may be missing or `null`; anything else — another key, a
/// duplicate, spaces, an escape in a string, a number in another form, an unknown unit or class
/// — returns `nil`, and the payload goes through `JSONDecoder` instead. What it returns equals
/// what `JSONDecoder` makes of the same text.
///
/// Decoding is most of reading a whole diary: on 44,000 entries, 37 ms in SQLite and 2 ms more
/// for GRDB's rows, then 76 ms of decoding, of which `JSONDecoder` on the 4,000 attacks was most.
enum DiaryPayload {
  static func doseTaken(_ text: String) -> DiaryEvent? {
    var text = text
    return text.withUTF8 { bytes in
      var reader = Reader(bytes: bytes)
      return reader.doseTaken()
    }
  }

  static func attackLogged(_ text: String) -> DiaryEvent? {
    var text = text
    return text.withUTF8 { bytes in
      var reader = Reader(bytes: bytes)
      return reader.attackLogged()
    }
  }

  private struct Reader {
    let bytes: UnsafeBufferPointer<UInt8>
    var at = 0

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func literal(_ text: StaticString) -> Bool {
      let count = text.utf8CodeUnitCount
      guard bytes.count - at >= count else { return false }
      let expected = UnsafeBufferPointer(start: text.utf8Start, count: count)
      for offset in 0..<count where bytes[at + offset] != expected[offset] { return false }
      at += count
      return true
    }

    mutating func byte(_ value: UInt8) -> Bool {
      guard at < bytes.count, bytes[at] == value else { return false }
      at += 1
      return true
    }

    /// A string with no escapes or control characters, as its bytes.
    mutating func rawString() -> UnsafeBufferPointer<UInt8>? {
      guard byte(UInt8(ascii: "\"")) else { return nil }
      let start = at
      while at < bytes.count {
        let c = bytes[at]
        if c == UInt8(ascii: "\"") {
          at += 1
          return UnsafeBufferPointer(rebasing: bytes[start..<(at - 1)])
        }
        if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
        at += 1
      }
      return nil
    }

    mutating func string() -> String? {
      rawString().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether `null` comes next (and skips it).
    mutating func null() -> Bool { literal("null") }

    mutating func digits() -> Int {
      let start = at
      while at < bytes.count, bytes[at] >= UInt8(ascii: "0"), bytes[at] <= UInt8(ascii: "9") { at += 1 }
      return at - start
    }

    /// The text of a JSON number, checked against the grammar; `integer` allows no fraction or exponent.
    mutating func numberText(integer: Bool) -> String? {
      let start = at
      _ = byte(UInt8(ascii: "-"))
      let first = at
      let count = digits()
      guard count > 0, count == 1 || bytes[first] != UInt8(ascii: "0") else { return nil }
      if !integer {
        if byte(UInt8(ascii: ".")) { guard digits() > 0 else { return nil } }
        if byte(UInt8(ascii: "e")) || byte(UInt8(ascii: "E")) {
          if !byte(UInt8(ascii: "+")) { _ = byte(UInt8(ascii: "-")) }
          guard digits() > 0 else { return nil }
        }
      }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<at]), as: UTF8.self)
    }

    mutating func double() -> Double? {
      guard let text = numberText(integer: false), let value = Double(text), value.isFinite else { return nil }
      return value
    }

    mutating func int64() -> Int64? {
      numberText(integer: true).flatMap { Int64($0) }
    }

    static func equal(_ raw: UnsafeBufferPointer<UInt8>, _ key: StaticString) -> Bool {
      raw.count == key.utf8CodeUnitCount && memcmp(raw.baseAddress!, key.utf8Start, raw.count) == 0
    }

    mutating func quantity() -> Quantity? {
      guard byte(UInt8(ascii: "{")) else { return nil }
      var unit: Quantity.Unit?, value: Double?
      repeat {
        guard let key = rawString(), byte(UInt8(ascii: ":")) else { return nil }
        if Self.equal(key, "unit"), unit == nil {
          guard let text = string(), let parsed = Quantity.Unit(rawValue: text) else { return nil }
          unit = parsed
        } else if Self.equal(key, "value"), value == nil {
          guard let parsed = double() else { return nil }
          value = parsed
        } else {
          return nil
        }
      } while byte(UInt8(ascii: ","))
      guard byte(UInt8(ascii: "}")), let unit, let value else { return nil }
      return Quantity(value: value, unit: unit)
    }

    mutating func bool() -> Bool? {
      if literal("true") { return true }
      if literal("false") { return false }
      return nil
    }

    mutating func int() -> Int? {
      int64().flatMap { Int(exactly: $0) }
    }

    /// `null` as `.some(nil)`, a value as `.some(value)`, anything else as `nil`.
    mutating func optional<Value>(_ read: (inout Reader) -> Value?) -> Value?? {
      if null() { return .some(nil) }
      guard let value = read(&self) else { return nil }
      return .some(value)
    }

    mutating func painFeatures() -> PainFeatures? {
      guard byte(UInt8(ascii: "{")) else { return nil }
      if byte(UInt8(ascii: "}")) { return PainFeatures() }
      var unilateral: Bool??, pulsating: Bool??, aggravated: Bool??
      repeat {
        guard let key = rawString(), byte(UInt8(ascii: ":")) else { return nil }
        if Self.equal(key, "unilateral"), unilateral == nil {
          guard let value = optional({ $0.bool() }) else { return nil }
          unilateral = value
        } else if Self.equal(key, "pulsating"), pulsating == nil {
          guard let value = optional({ $0.bool() }) else { return nil }
          pulsating = value
        } else if Self.equal(key, "aggravatedByActivity"), aggravated == nil {
          guard let value = optional({ $0.bool() }) else { return nil }
          aggravated = value
        } else {
          return nil
        }
      } while byte(UInt8(ascii: ","))
      guard byte(UInt8(ascii: "}")) else { return nil }
      return PainFeatures(
        unilateral: unilateral ?? nil, pulsating: pulsating ?? nil, aggravatedByActivity: aggravated ?? nil)
    }

    mutating func acuteIntake() -> AcuteIntake? {
      guard byte(UInt8(ascii: "{")) else { return nil }
      var medicationID: String?, overuse: OveruseClass?, medicationClass: MedicationClass?, at: Double?
      var amount: Quantity??
      repeat {
        guard let key = rawString(), byte(UInt8(ascii: ":")) else { return nil }
        if Self.equal(key, "medicationID"), medicationID == nil {
          guard let value = string() else { return nil }
          medicationID = value
        } else if Self.equal(key, "overuseClass"), overuse == nil {
          guard let value = string().flatMap(OveruseClass.init(rawValue:)) else { return nil }
          overuse = value
        } else if Self.equal(key, "medicationClass"), medicationClass == nil {
          guard let value = string().flatMap(MedicationClass.init(rawValue:)) else { return nil }
          medicationClass = value
        } else if Self.equal(key, "at"), at == nil {
          guard let value = double() else { return nil }
          at = value
        } else if Self.equal(key, "amount"), amount == nil {
          guard let value = optional({ $0.quantity() }) else { return nil }
          amount = value
        } else {
          return nil
        }
      } while byte(UInt8(ascii: ","))
      guard byte(UInt8(ascii: "}")), let medicationID, let overuse, let medicationClass, let at else { return nil }
      return AcuteIntake(
        medicationID: medicationID, overuseClass: overuse, medicationClass: medicationClass,
        at: Date(timeIntervalSinceReferenceDate: at), amount: amount ?? nil)
    }

    mutating func acuteIntakes() -> [AcuteIntake]? {
      guard byte(UInt8(ascii: "[")) else { return nil }
      var intakes: [AcuteIntake] = []
      if byte(UInt8(ascii: "]")) { return intakes }
      repeat {
        guard let intake = acuteIntake() else { return nil }
        intakes.append(intake)
      } while byte(UInt8(ascii: ","))
      guard byte(UInt8(ascii: "]")) else { return nil }
      return intakes
    }

    mutating func attackLogged() -> DiaryEvent? {
      guard literal("{\"attackLogged\":{\"_0\":{") else { return nil }
      var id: String?, start: Double?, end: Double??, severity: Int?, aura: Bool?, auraMinutes: Int??
      var nausea: Bool?, photophobia: Bool?, phonophobia: Bool?, painFeatures: PainFeatures?
      var acute: [AcuteIntake]?, relief: Relief??, disability: Int??, note: String??
      repeat {
        guard let key = rawString(), byte(UInt8(ascii: ":")) else { return nil }
        if Self.equal(key, "id"), id == nil {
          guard let value = string() else { return nil }
          id = value
        } else if Self.equal(key, "start"), start == nil {
          guard let value = double() else { return nil }
          start = value
        } else if Self.equal(key, "end"), end == nil {
          guard let value = optional({ $0.double() }) else { return nil }
          end = value
        } else if Self.equal(key, "severity"), severity == nil {
          guard let value = int() else { return nil }
          severity = value
        } else if Self.equal(key, "aura"), aura == nil {
          guard let value = bool() else { return nil }
          aura = value
        } else if Self.equal(key, "auraMinutes"), auraMinutes == nil {
          guard let value = optional({ $0.int() }) else { return nil }
          auraMinutes = value
        } else if Self.equal(key, "nauseaOrVomiting"), nausea == nil {
          guard let value = bool() else { return nil }
          nausea = value
        } else if Self.equal(key, "photophobia"), photophobia == nil {
          guard let value = bool() else { return nil }
          photophobia = value
        } else if Self.equal(key, "phonophobia"), phonophobia == nil {
          guard let value = bool() else { return nil }
          phonophobia = value
        } else if Self.equal(key, "painFeatures"), painFeatures == nil {
          guard let value = self.painFeatures() else { return nil }
          painFeatures = value
        } else if Self.equal(key, "acute"), acute == nil {
          guard let value = acuteIntakes() else { return nil }
          acute = value
        } else if Self.equal(key, "relief"), relief == nil {
          guard let value = optional({ $0.string().flatMap(Relief.init(rawValue:)) }) else { return nil }
          relief = value
        } else if Self.equal(key, "disability"), disability == nil {
          guard let value = optional({ $0.int() }) else { return nil }
          disability = value
        } else if Self.equal(key, "note"), note == nil {
          guard let value = optional({ $0.string() }) else { return nil }
          note = value
        } else {
          return nil
        }
      } while byte(UInt8(ascii: ","))
      guard literal("}}}"), at == bytes.count, let id, let start, let severity, let aura, let nausea, let photophobia,
        let phonophobia, let painFeatures, let acute
      else { return nil }
      return .attackLogged(
        Attack(
          id: id, start: Date(timeIntervalSinceReferenceDate: start),
          end: (end ?? nil).map { Date(timeIntervalSinceReferenceDate: $0) }, severity: severity, aura: aura,
          auraMinutes: auraMinutes ?? nil, nauseaOrVomiting: nausea, photophobia: photophobia, phonophobia: phonophobia,
          painFeatures: painFeatures, acute: acute, relief: relief ?? nil, disability: disability ?? nil,
          note: note ?? nil))
    }

    mutating func doseTaken() -> DiaryEvent? {
      guard literal("{\"doseTaken\":{\"_0\":{") else { return nil }
      var medicationID: String?, instant: Double?, amount: Quantity??, regimenID: String??, sequence: Int64??
      repeat {
        guard let key = rawString(), byte(UInt8(ascii: ":")) else { return nil }
        if Self.equal(key, "instant"), instant == nil {
          guard let value = double() else { return nil }
          instant = value
        } else if Self.equal(key, "medicationID"), medicationID == nil {
          guard let value = string() else { return nil }
          medicationID = value
        } else if Self.equal(key, "amount"), amount == nil {
          if null() {
            amount = .some(nil)
          } else {
            guard let value = quantity() else { return nil }
            amount = value
          }
        } else if Self.equal(key, "regimenID"), regimenID == nil {
          if null() {
            regimenID = .some(nil)
          } else {
            guard let value = string() else { return nil }
            regimenID = value
          }
        } else if Self.equal(key, "journalSequence"), sequence == nil {
          if null() {
            sequence = .some(nil)
          } else {
            guard let value = int64() else { return nil }
            sequence = value
          }
        } else {
          return nil
        }
      } while byte(UInt8(ascii: ","))
      guard literal("}}}"), at == bytes.count, let medicationID, let instant else { return nil }
      return .doseTaken(
        TakenDose(
          medicationID: medicationID, instant: Date(timeIntervalSinceReferenceDate: instant), amount: amount ?? nil,
          regimenID: regimenID ?? nil, journalSequence: sequence ?? nil))
    }
  }
}
