import Foundation
import GRDB
import TandemCare
import TandemEvents
import TandemTherapy

/// What `importJournal` did.
public struct ImportSummary: Hashable, Sendable {
  /// Events added to the store.
  public var added: Int
  /// Events already in the store (by event id), left as they were.
  public var alreadyPresent: Int
  /// Sessions added.
  public var sessionsAdded: Int
}

extension SQLiteStore {
  /// Writes the whole record as export lines (`docs/events.md`), one call of `write` a line,
  /// read in one snapshot: the header, then every event in commit order, each session's line
  /// just before its first event.
  public func exportJournal(exportedAt: Date, _ write: (String) throws -> Void) throws {
    try Self.perform("export the journal") {
      try writer.read { db in
        try write(try JournalExport.header(deviceID: try Self.deviceID(db), exportedAt: exportedAt))
        var sessions: [String: SessionRecord] = [:]
        for record in try SessionRecord.fetchAll(db) { sessions[record.id] = record }
        let rows = try Row.fetchCursor(
          db,
          sql: """
            SELECT event_id, device_id, stream_type, stream, kind, recorded_at, payload
            FROM journal ORDER BY sequence
            """)
        while let row = try rows.next() {
          let streamType: String = row[2]
          let stream: String = row[3]
          if streamType == JournalRecord.sessionStreamType, let session = sessions.removeValue(forKey: stream) {
            try write(try JournalExport.session(session.exported()))
          }
          let envelope = ExportedEvent(
            eventID: row[0], deviceID: row[1], streamType: streamType, stream: stream, kind: row[4], recordedAt: row[5])
          try write(try JournalExport.event(envelope, payload: row[6]))
        }
        for session in sessions.values.sorted(by: { $0.id < $1.id }) {
          try write(try JournalExport.session(session.exported()))
        }
      }
    }
  }

  /// Reads export lines into the store in one transaction. Every line is read and checked first:
  /// one that is not valid fails the import with its line number and nothing is written. Events
  /// already in the store (the same event id) are left alone, so importing a file twice adds
  /// nothing the second time.
  public func importJournal(lines: some Sequence<String>) throws -> ImportSummary {
    var iterator = lines.makeIterator()
    return try importJournal(try Self.readJournal { iterator.next() })
  }

  /// Export lines read and checked, ready for `importJournal(_:)`.
  public struct CheckedJournal {
    fileprivate var lines: [(number: Int, line: ImportedLine)]

    /// The diary events, with their line numbers (a correction's target is not looked up).
    public var diaryEvents: [(line: Int, event: DiaryEvent)] {
      lines.compactMap { number, line in
        guard case .diaryEvent(_, let pending) = line, let event = try? pending.event(sequence: { _ in 0 }) else {
          return nil
        }
        return (number, event)
      }
    }
  }

  /// Reads and checks export lines one at a time from `next` (nil at the end), without a store:
  /// the first line that is not valid throws with its line number, before anything later is read.
  /// A line may end in CR (a file that passed through a system ending lines with CR LF).
  public static func readJournal(_ next: () throws -> String?) throws -> CheckedJournal {
    var parsed: [(number: Int, line: ImportedLine)] = []
    var number = 0
    while var text = try next() {
      number += 1
      if text.utf8.last == UInt8(ascii: "\r") { text = String(decoding: text.utf8.dropLast(), as: UTF8.self) }
      if text.allSatisfy({ $0 == " " || $0 == "\t" || $0 == "\r" }) { continue }
      let line = try JournalExport.read(text, number: number)
      if parsed.isEmpty, case .header = line {
      } else if parsed.isEmpty {
        throw ImportError(line: number, problem: "the first line is not a Tandem journal header")
      } else if case .header = line {
        throw ImportError(line: number, problem: "a second header")
      }
      parsed.append((number, line))
    }
    guard !parsed.isEmpty else { throw ImportError(line: 1, problem: "the file is empty") }
    return CheckedJournal(lines: parsed)
  }

  /// Stores checked export lines in one transaction; a line the store refuses (an id already
  /// used for another event, a correction of nothing) fails it with its line number.
  public func importJournal(_ journal: CheckedJournal) throws -> ImportSummary {
    let parsed = journal.lines
    return try Self.perform("import the journal") {
      try durableWrite { db in
        var summary = ImportSummary(added: 0, alreadyPresent: 0, sessionsAdded: 0)
        for (number, line) in parsed {
          do {
            try Self.importLine(db, line, into: &summary)
          } catch let error as EventPayloadError {
            throw ImportError(line: number, problem: error.problem)
          } catch let error as ImportProblem {
            throw ImportError(line: number, problem: error.problem)
          } catch let error as DatabaseError {
            throw ImportError(line: number, problem: error.message ?? "the store refused it")
          }
        }
        return summary
      }
    }
  }

  private struct ImportProblem: Error { var problem: String }

  static func importLine(_ db: Database, _ line: ImportedLine, into summary: inout ImportSummary) throws {
    switch line {
    case .header:
      return
    case .session(let session):
      guard !session.id.isEmpty else { throw ImportProblem(problem: "an empty session id") }
      if let existing = try SessionRecord.fetchOne(db, key: session.id) {
        guard existing.contentHash == session.contentHash, existing.moduleID == session.moduleID else {
          throw ImportProblem(problem: "session \(session.id) is already in the store with another module")
        }
        return
      }
      try SessionRecord(
        id: session.id, module: session.module, contentHash: session.contentHash, startedAt: session.startedAt
      ).insert(db)
      summary.sessionsAdded += 1
    case .sessionEvent(let envelope, let event):
      try checkIDs(envelope)
      var record = JournalRecord(
        sequence: nil, streamType: JournalRecord.sessionStreamType, stream: envelope.stream, kind: event.kind,
        payload: try EventPayload.encode(event), recordedAt: try recordedAt(envelope), eventID: envelope.eventID,
        deviceID: envelope.deviceID)
      guard try isNew(db, record) else {
        summary.alreadyPresent += 1
        return
      }
      guard try SessionRecord.exists(db, key: envelope.stream) else {
        throw ImportProblem(problem: "an event of session \(envelope.stream), which has no session line before it")
      }
      try record.insert(db)
      summary.added += 1
    case .diaryEvent(let envelope, let pending):
      try checkIDs(envelope)
      let event = try pending.event { try JournalRecord.sequence(db, eventID: $0) }
      let record = JournalRecord(
        sequence: nil, streamType: JournalRecord.diaryStreamType, stream: JournalRecord.diaryStream,
        kind: event.kind, payload: try encodePayload(db, event), recordedAt: try recordedAt(envelope),
        eventID: envelope.eventID, deviceID: envelope.deviceID)
      guard try isNew(db, record) else {
        summary.alreadyPresent += 1
        return
      }
      _ = try JournalRecord.insertDiary(db, record, keys: event.windowKeys, corrects: event.correctedSequence)
      summary.added += 1
    case .programAssignment(let envelope, let assignment):
      try importSingleStream(db, envelope, kind: ProgramAssignment.kind, payload: assignment.payload(), into: &summary)
    case .consentEvent(let envelope, let event):
      try importSingleStream(db, envelope, kind: event.kind.rawValue, payload: event.payload(), into: &summary)
    case .programEvent(let envelope, let event):
      try importSingleStream(db, envelope, kind: event.kind, payload: ProgramPayload.encode(event), into: &summary)
    case .careEvent(let envelope, let assignment):
      try importSingleStream(db, envelope, kind: envelope.kind, payload: assignment.payload(), into: &summary)
    }
  }

  /// An event of a stream type with one stream of that name (care, program, consent): stored with
  /// its payload as Tandem writes it, unless the store holds it already.
  private static func importSingleStream(
    _ db: Database, _ envelope: ExportedEvent, kind: String, payload: String, into summary: inout ImportSummary
  ) throws {
    try checkIDs(envelope)
    var record = JournalRecord(
      sequence: nil, streamType: envelope.streamType, stream: envelope.streamType, kind: kind, payload: payload,
      recordedAt: try recordedAt(envelope), eventID: envelope.eventID, deviceID: envelope.deviceID)
    guard try isNew(db, record) else {
      summary.alreadyPresent += 1
      return
    }
    try record.insert(db)
    summary.added += 1
  }

  private static func checkIDs(_ envelope: ExportedEvent) throws {
    guard EventID.isValid(envelope.eventID) else { throw ImportProblem(problem: "'event_id' is not a UUID") }
    guard EventID.isValid(envelope.deviceID) else { throw ImportProblem(problem: "'device_id' is not a UUID") }
  }

  /// Whether `record`'s event is not in the store yet. The same event id with anything else
  /// different (another kind, stream, time or payload) is refused: an id names one event.
  private static func isNew(_ db: Database, _ record: JournalRecord) throws -> Bool {
    let lookup = try db.cachedStatement(
      sql: "SELECT stream_type, stream, kind, payload, recorded_at, device_id FROM journal WHERE event_id = ?")
    guard let row = try Row.fetchOne(lookup, arguments: [record.eventID]) else { return true }
    let stream: String = row[1]
    let sameStream = record.streamType == JournalRecord.diaryStreamType || stream == record.stream
    guard row[0] == record.streamType, sameStream, row[2] == record.kind, row[3] == record.payload,
      row[4] == record.recordedAt, row[5] == record.deviceID
    else {
      throw ImportProblem(
        problem: "event \(record.eventID) is already in the store, or earlier in this file, with different content")
    }
    return false
  }

  /// The envelope's commit time in the store's form.
  private static func recordedAt(_ envelope: ExportedEvent) throws -> String {
    guard let date = RFC3339.date(from: envelope.recordedAt) else {
      throw ImportProblem(problem: "'recorded_at' is not an RFC 3339 date-time")
    }
    return try Timestamp.text(from: date)
  }
}

extension SessionRecord {
  /// The row as an export line's content.
  func exported() throws -> ExportedSession {
    let session = try storedSession(entries: [])
    return ExportedSession(
      id: id, moduleID: moduleID, moduleVersion: moduleVersion, contentHash: contentHash, startedAt: session.startedAt,
      module: session.module)
  }
}
