import Foundation
import GRDB
import Testing

@testable import TandemStore

/// What another program (the sqlite3 shell, a script) sees when it opens the file directly.
@Suite("SQLiteStore: the file itself keeps the journal append-only and consistent")
struct AppendOnlyTests {
  private func withStoredSession(_ body: (SQLiteStore, DatabaseQueue) throws -> Void) throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let store = try SQLiteStore(path: path)
      try store.startSession(
        id: "s", module: breathingModule, contentHash: "h", events: startEvents, at: date(milliseconds: 10))
      try store.append([.answered(step: "tension", answer: .number(4))], toSession: "s", at: date(milliseconds: 20))
      try body(store, try DatabaseQueue(path: path))
    }
  }

  @Test("the schema is in WAL mode with the named migration applied")
  func schema() throws {
    try withStoredSession { _, raw in
      try raw.read { db in
        #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal")
        #expect(
          try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            == [
              "v1-sessions-journal", "v2-diary-window-columns", "v3-event-ids-and-documented-payloads",
              "v4-clinic-sync",
            ])
        let row = try #require(try Row.fetchOne(db, sql: "SELECT * FROM journal WHERE sequence = 2"))
        #expect(row["stream_type"] == "session")
        #expect(row["stream"] == "s")
        #expect(row["kind"] == "answered")
        #expect(row["recorded_at"] == "1970-01-01T00:00:00.020Z")
        #expect(
          try String.fetchOne(
            db, sql: "SELECT json_extract(payload, '$.step') FROM journal WHERE sequence = 2") == "tension")
      }
    }
  }

  @Test("UPDATE and DELETE on the journal are rejected and change nothing")
  func journalIsAppendOnly() throws {
    try withStoredSession { store, raw in
      let before = try store.allSessions()
      for sql in [
        "UPDATE journal SET kind = 'paused'", "UPDATE journal SET payload = '{}' WHERE sequence = 2",
        "DELETE FROM journal", "DELETE FROM journal WHERE sequence = 1",
      ] {
        let error = try #require(throws: DatabaseError.self, "\(sql)") { try raw.write { try $0.execute(sql: sql) } }
        #expect(error.message == "the journal is append-only")
      }
      #expect(try store.allSessions() == before)
    }
  }

  @Test("UPDATE and DELETE on sessions are rejected and change nothing")
  func sessionsAreAppendOnly() throws {
    try withStoredSession { store, raw in
      let before = try store.allSessions()
      for sql in ["UPDATE session SET content_hash = 'x'", "DELETE FROM session"] {
        let error = try #require(throws: DatabaseError.self, "\(sql)") { try raw.write { try $0.execute(sql: sql) } }
        #expect(error.message == "sessions are append-only")
      }
      #expect(try store.allSessions() == before)
    }
  }

  @Test("a journal entry for a session that does not exist is rejected")
  func entryNeedsItsSession() throws {
    try withStoredSession { _, raw in
      let error = try #require(throws: DatabaseError.self) {
        try raw.write {
          try $0.execute(
            sql: """
              INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, event_id, device_id)
              VALUES ('session', 'ghost', 'paused', '{"schema":1}', '2025-01-01T00:00:00.000Z',
                      '0190a000-0000-7000-8000-000000000001', (SELECT id FROM device))
              """)
        }
      }
      #expect(error.message == "journal entry for an unknown session")
    }
  }

  @Test("JSON that is not valid and dates not in the stored format are rejected by the schema")
  func columnChecks() throws {
    try withStoredSession { _, raw in
      for (payload, recordedAt) in [("not json", "2025-01-01T00:00:00.000Z"), ("{}", "2025-01-01 00:00:00")] {
        #expect(throws: DatabaseError.self) {
          try raw.write {
            try $0.execute(
              sql:
                "INSERT INTO journal (stream_type, stream, kind, payload, recorded_at) VALUES ('session', 's', 'x', ?, ?)",
              arguments: [payload, recordedAt])
          }
        }
      }
    }
  }

  @Test("an entry that no longer decodes surfaces as an error naming it, without its contents")
  func corruptEntry() throws {
    try withStoredSession { store, raw in
      try raw.write {
        try $0.execute(
          sql: """
            INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, event_id, device_id)
            VALUES ('session', 's', 'answered', '{"schema":1,"step":"note","answer":{"type":"texte","value":"my secret"}}',
                    '2025-01-01T00:00:00.000Z', '0190a000-0000-7000-8000-000000000002', (SELECT id FROM device))
            """)
      }
      let error = try #require(throws: StoreError.self) { try store.session(id: "s") }
      #expect(error.description.hasPrefix("corrupt journal entry 3 of session 's' in the store: "))
      #expect(!error.description.contains("my secret"))
      #expect(throws: StoreError.self) { try store.allSessions() }
    }
  }

  @Test("an entry whose kind disagrees with its payload is reported as corrupt")
  func mismatchedKind() throws {
    try withStoredSession { store, raw in
      try raw.write {
        try $0.execute(
          sql: """
            INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, event_id, device_id)
            VALUES ('session', 's', 'answered', '{"schema":1,"to":"x"}', '2025-01-01T00:00:00.000Z',
                    '0190a000-0000-7000-8000-000000000003', (SELECT id FROM device))
            """)
      }
      let error = try #require(throws: StoreError.self) { try store.session(id: "s") }
      // An answer without its step and answer: the payload is not that of its kind.
      #expect(error.description.contains("missing field 'step'"), "\(error)")
    }
  }

  @Test("a pinned module that no longer decodes surfaces as an error naming the session")
  func corruptModule() throws {
    try withStoredSession { store, raw in
      try raw.write {
        try $0.execute(
          sql: """
            INSERT INTO session (id, module_id, module_version, content_hash, pinned_module, started_at)
            VALUES ('broken', 'm', 1, 'h', '{"id":"m","version":1}', '2025-01-01T00:00:00.000Z')
            """)
      }
      let error = try #require(throws: StoreError.self) { try store.session(id: "broken") }
      #expect(error.description.hasPrefix("corrupt session 'broken' in the store: missing key"))
      #expect(try store.session(id: "s") != nil)
    }
  }

  @Test("a store written by a newer tandem is refused rather than misread")
  func newerSchema() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      try SQLiteStore(path: path).close()
      try DatabaseQueue(path: path).write {
        try $0.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99-from-the-future')")
      }
      #expect(throws: StoreError.newerSchema(path: path)) { try SQLiteStore(path: path) }
    }
  }
}
