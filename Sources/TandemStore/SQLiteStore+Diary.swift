import Foundation
import GRDB
import TandemCore

extension SQLiteStore: DiaryStore, CareStore {
  /// Appends session events and diary events in one transaction (a dose check inside a session).
  public func append(
    _ events: [SessionEvent], toSession id: String, at date: Date, diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry] {
    let entries = try events.map { try JournalRecord(sessionID: id, event: $0, recordedAt: date) }
    let recordedAt = try Timestamp.text(from: date)
    return try Self.perform("append to session '\(id)'") {
      try writer.write { db in
        guard try SessionRecord.exists(db, key: id) else { throw StoreError.unknownSession(id: id) }
        for var entry in entries { try entry.insert(db) }
        let existing = try JournalRecord.diaryEntries(try JournalRecord.diaryEvents().fetchAll(db))
        var written: [DiaryEntry] = []
        for event in try build(existing) {
          var record = JournalRecord(
            sequence: nil, streamType: JournalRecord.diaryStreamType, stream: JournalRecord.diaryStream,
            kind: event.kind, payload: try JSONColumn.encode(event), recordedAt: recordedAt)
          try record.insert(db)
          written.append(try record.diaryEntry())
        }
        return written
      }
    }
  }

  /// Commits the events `build` returns in one write transaction, after `build` has seen
  /// every diary entry committed so far (by this or any other process).
  ///
  /// Other writers wait for the transaction (see `busyTimeout`), so two processes logging at
  /// the same moment both succeed, one after the other. When `build` throws, nothing is written.
  public func appendDiary(at date: Date, _ build: ([DiaryEntry]) throws -> [DiaryEvent]) throws -> [DiaryEntry] {
    let recordedAt = try Timestamp.text(from: date)
    return try Self.perform("write to the diary") {
      try writer.write { db in
        let existing = try JournalRecord.diaryEntries(try JournalRecord.diaryEvents().fetchAll(db))
        var written: [DiaryEntry] = []
        for event in try build(existing) {
          var record = JournalRecord(
            sequence: nil, streamType: JournalRecord.diaryStreamType, stream: JournalRecord.diaryStream,
            kind: event.kind, payload: try JSONColumn.encode(event), recordedAt: recordedAt)
          try record.insert(db)
          written.append(try record.diaryEntry())
        }
        return written
      }
    }
  }

  /// Every diary entry, oldest first.
  public func diaryEntries() throws -> [DiaryEntry] {
    try Self.perform("read the diary") {
      try writer.read { db in try JournalRecord.diaryEntries(try JournalRecord.diaryEvents().fetchAll(db)) }
    }
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

  /// The diary entries of `records`, decoded together; a row that does not decode is named in the error.
  static func diaryEntries(_ records: [JournalRecord]) throws -> [DiaryEntry] {
    guard let events = JSONColumn.decodeAll(DiaryEvent.self, from: records.map(\.payload)) else {
      return try records.map { try $0.diaryEntry() }
    }
    return try zip(records, events).map { record, event in
      let name = "diary entry \(record.sequence.map(String.init) ?? "?")"
      guard let sequence = record.sequence else { throw StoreError.corruptRecord(record: name, problem: "it has no sequence") }
      guard let date = Timestamp.date(from: record.recordedAt) else {
        throw StoreError.corruptRecord(record: name, problem: "recorded_at is not a timestamp")
      }
      guard event.kind == record.kind else {
        throw StoreError.corruptRecord(record: name, problem: "its kind '\(record.kind)' does not match its payload")
      }
      return DiaryEntry(sequence: sequence, recordedAt: date, event: event)
    }
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
