import Foundation
import GRDB
import TandemEvents

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

    // Diary commands read a window (the last days, open attacks, every regimen) instead of the
    // whole history, through these columns: the event's own time, when it stopped, its
    // medication, and for a correction the original entry it (or the correction it corrects)
    // replaces. Times are seconds since 1970 (the payload's own numbers, shifted), regimen days
    // midnight UTC. Existing rows are filled here; the append-only trigger is lifted only for
    // that, inside this migration's transaction.
    migrator.registerMigration("v2-diary-window-columns") { db in
      try db.execute(
        sql: """
          ALTER TABLE journal ADD COLUMN occurred_at REAL;
          ALTER TABLE journal ADD COLUMN ends_at REAL;
          ALTER TABLE journal ADD COLUMN medication_id TEXT;
          ALTER TABLE journal ADD COLUMN corrects INTEGER;
          DROP TRIGGER journal_no_update;
          """)
      // Instants are read as the payload's own number text (`->`), parsed by Swift: SQLite's
      // own conversion may differ in the last bit, and a window's edge must not move.
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT sequence, kind,
            COALESCE(
              payload -> '$.doseTaken._0.instant', payload -> '$.doseSkipped._0.instant',
              payload -> '$.attackLogged._0.start',
              payload -> '$.corrected.replacement.doseTaken._0.instant',
              payload -> '$.corrected.replacement.doseSkipped._0.instant',
              payload -> '$.corrected.replacement.attackLogged._0.start'),
            strftime('%s', COALESCE(
              payload ->> '$.regimenPrescribed._0.start', payload ->> '$.regimenEnded.lastDay',
              payload ->> '$.corrected.replacement.regimenPrescribed._0.start',
              payload ->> '$.corrected.replacement.regimenEnded.lastDay')),
            json_type(payload, '$.attackLogged') IS NOT NULL
              OR json_type(payload, '$.corrected.replacement.attackLogged') IS NOT NULL,
            COALESCE(payload -> '$.attackLogged._0.end', payload -> '$.corrected.replacement.attackLogged._0.end'),
            COALESCE(
              payload ->> '$.doseTaken._0.medicationID', payload ->> '$.doseSkipped._0.medicationID',
              payload ->> '$.regimenPrescribed._0.medication',
              payload ->> '$.corrected.replacement.doseTaken._0.medicationID',
              payload ->> '$.corrected.replacement.doseSkipped._0.medicationID',
              payload ->> '$.corrected.replacement.regimenPrescribed._0.medication'),
            payload ->> '$.corrected.sequence'
          FROM journal WHERE stream_type = 'diary' ORDER BY sequence
          """)
      let update = try db.makeStatement(
        sql: "UPDATE journal SET occurred_at = ?, ends_at = ?, medication_id = ?, corrects = ? WHERE sequence = ?")
      // Seconds since 2001 (how the payload keeps instants) to seconds since 1970.
      func instant(_ text: String?) -> Double? { text.flatMap(Double.init).map { $0 + 978_307_200 } }
      var original: [Int64: Int64] = [:]
      while let row = try rows.next() {
        let sequence: Int64 = row[0]
        let kind: String = row[1]
        let occurred = instant(row[2]) ?? (row[3] as String?).flatMap(Double.init)
        let isAttack: Bool = row[4]
        let ends = isAttack ? instant(row[5]) : occurred
        var root: Int64?
        // A correction of a correction names the original; rows come in commit order.
        if kind == "corrected", let target = (row[7] as String?).flatMap({ Int64($0) }) {
          root = original[target] ?? target
          original[sequence] = root
        }
        try update.execute(arguments: [occurred, ends, row[6] as String?, root, sequence])
      }
      try db.execute(
        sql: """
          CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
          BEGIN
            SELECT RAISE(ABORT, 'the journal is append-only');
          END;

          CREATE INDEX journal_diary_occurred_at ON journal(occurred_at) WHERE stream_type = 'diary';
          CREATE INDEX journal_diary_ends_at ON journal(ends_at) WHERE stream_type = 'diary';
          CREATE INDEX journal_diary_medication ON journal(medication_id, occurred_at) WHERE stream_type = 'diary';
          CREATE INDEX journal_diary_corrects ON journal(corrects, sequence)
            WHERE stream_type = 'diary' AND corrects IS NOT NULL;
          CREATE INDEX journal_diary_regimens ON journal(sequence)
            WHERE stream_type = 'diary' AND kind IN ('regimen-prescribed', 'regimen-ended');
          CREATE INDEX journal_diary_open_attacks ON journal(sequence)
            WHERE stream_type = 'diary' AND kind IN ('attack-logged', 'corrected')
              AND occurred_at IS NOT NULL AND ends_at IS NULL;
          """)
    }

    // The journal as a documented format (docs/events.md): every row gets an event id (UUIDv7)
    // and the id of the device that recorded it, and payloads move from Swift's own enum
    // encoding (`{"doseTaken":{"_0":{…}}}`, instants as seconds since 2001) to one plain JSON
    // object per kind with a `schema` version and RFC 3339 instants. Pinned modules lose the
    // author's file paths and source positions. The append-only triggers are lifted only inside
    // this migration's transaction.
    migrator.registerMigration("v3-event-ids-and-documented-payloads") { db in
      try db.execute(
        sql: """
          CREATE TABLE device (
            id TEXT NOT NULL PRIMARY KEY CHECK (length(id) = 36),
            created_at TEXT NOT NULL
          ) STRICT;
          CREATE TRIGGER device_no_update BEFORE UPDATE ON device
          BEGIN
            SELECT RAISE(ABORT, 'the device id never changes');
          END;
          CREATE TRIGGER device_no_delete BEFORE DELETE ON device
          BEGIN
            SELECT RAISE(ABORT, 'the device id never changes');
          END;
          CREATE TRIGGER device_only_one BEFORE INSERT ON device
          WHEN EXISTS (SELECT 1 FROM device)
          BEGIN
            SELECT RAISE(ABORT, 'a store has one device id');
          END;
          ALTER TABLE journal ADD COLUMN event_id TEXT;
          ALTER TABLE journal ADD COLUMN device_id TEXT;
          DROP TRIGGER journal_no_update;
          DROP TRIGGER session_no_update;
          """)
      let now = Date()
      let device = EventID.make(at: now)
      try db.execute(
        sql: "INSERT INTO device (id, created_at) VALUES (?, ?)", arguments: [device, try Timestamp.text(from: now)])
      try LegacyJournal.migrate(db, device: device)
      try db.execute(
        sql: """
          CREATE UNIQUE INDEX journal_event_id ON journal(event_id);

          -- Every row names its event and its device.
          CREATE TRIGGER journal_ids_required BEFORE INSERT ON journal
          WHEN NEW.event_id IS NULL OR length(NEW.event_id) != 36 OR NEW.device_id IS NULL OR length(NEW.device_id) != 36
          BEGIN
            SELECT RAISE(ABORT, 'a journal entry needs an event id and a device id');
          END;

          CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
          BEGIN
            SELECT RAISE(ABORT, 'the journal is append-only');
          END;

          CREATE TRIGGER session_no_update BEFORE UPDATE ON session
          BEGIN
            SELECT RAISE(ABORT, 'sessions are append-only');
          END;
          """)
    }

    // The clinic link (docs/sync.md): where this store syncs, its refresh token (the store file is
    // 0600), how far the server has acknowledged this device's events and how far it has pulled.
    // `sync_upload` gives each journal row this device sends its device sequence number, once;
    // `sync_received` marks the rows that came from the server, which are never sent back.
    migrator.registerMigration("v4-clinic-sync") { db in
      try db.execute(
        sql: """
          CREATE TABLE sync_link (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            server TEXT NOT NULL,
            label TEXT NOT NULL,
            server_device_id TEXT NOT NULL,
            refresh_token TEXT NOT NULL,
            insecure_loopback INTEGER NOT NULL DEFAULT 0,
            linked_at TEXT NOT NULL,
            acked_device_seq INTEGER NOT NULL DEFAULT 0,
            pull_cursor INTEGER NOT NULL DEFAULT 0,
            last_success_at TEXT,
            last_attempt_at TEXT,
            last_error TEXT
          ) STRICT;
          CREATE TABLE sync_upload (
            sequence INTEGER PRIMARY KEY REFERENCES journal(sequence),
            device_seq INTEGER NOT NULL UNIQUE CHECK (device_seq > 0)
          ) STRICT;
          CREATE TABLE sync_received (
            sequence INTEGER PRIMARY KEY REFERENCES journal(sequence),
            stream_seq INTEGER NOT NULL
          ) STRICT;
          CREATE TABLE received_module (
            content_hash TEXT PRIMARY KEY,
            module_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            files TEXT NOT NULL CHECK (json_valid(files)),
            received_at TEXT NOT NULL
          ) STRICT;
          """)
    }

    return migrator
  }

  /// This store's device id: made once, when the store was created or moved to event ids.
  static func deviceID(_ db: Database) throws -> String {
    guard let id = try String.fetchOne(db.cachedStatement(sql: "SELECT id FROM device")) else {
      throw StoreError.corruptRecord(record: "the device table", problem: "it has no device id")
    }
    return id
  }
}
