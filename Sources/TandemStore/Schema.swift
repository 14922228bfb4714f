import GRDB

extension SQLiteStore {
  /// The store's schema, one named migration at a time.
  ///
  /// A migration that has shipped is never edited: users' stores already ran it. Change the
  /// schema by registering a new migration after the others. Migrations are SQL text, not
  /// record types, so they keep meaning what they meant when they shipped.
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()

    migrator.registerMigration("v1-sessions-journal") { db in
      try db.execute(
        sql: """
          CREATE TABLE session (
            id TEXT NOT NULL PRIMARY KEY CHECK (length(id) > 0),
            module_id TEXT NOT NULL,
            module_version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            pinned_module TEXT NOT NULL CHECK (json_valid(pinned_module)),
            started_at TEXT NOT NULL CHECK (started_at GLOB
              '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
          ) STRICT;

          CREATE INDEX session_started_at ON session(started_at);

          -- Every event of every stream, in commit order. Sessions are the stream type
          -- 'session' (stream = session id); later features add stream types of their own.
          CREATE TABLE journal (
            sequence INTEGER PRIMARY KEY AUTOINCREMENT,
            stream_type TEXT NOT NULL CHECK (length(stream_type) > 0),
            stream TEXT NOT NULL CHECK (length(stream) > 0),
            kind TEXT NOT NULL CHECK (length(kind) > 0),
            payload TEXT NOT NULL CHECK (json_valid(payload)),
            recorded_at TEXT NOT NULL CHECK (recorded_at GLOB
              '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9].[0-9][0-9][0-9]Z')
          ) STRICT;

          CREATE INDEX journal_stream ON journal(stream_type, stream, sequence);

          -- A foreign key cannot follow a column whose target depends on stream_type.
          CREATE TRIGGER journal_session_must_exist
          BEFORE INSERT ON journal
          WHEN NEW.stream_type = 'session' AND NOT EXISTS (SELECT 1 FROM session WHERE id = NEW.stream)
          BEGIN
            SELECT RAISE(ABORT, 'journal entry for an unknown session');
          END;

          -- Records are append-only: what was committed stays as it was.
          CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
          BEGIN
            SELECT RAISE(ABORT, 'the journal is append-only');
          END;

          CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
          BEGIN
            SELECT RAISE(ABORT, 'the journal is append-only');
          END;

          CREATE TRIGGER session_no_update BEFORE UPDATE ON session
          BEGIN
            SELECT RAISE(ABORT, 'sessions are append-only');
          END;

          CREATE TRIGGER session_no_delete BEFORE DELETE ON session
          BEGIN
            SELECT RAISE(ABORT, 'sessions are append-only');
          END;
          """)
    }

    return migrator
  }
}
