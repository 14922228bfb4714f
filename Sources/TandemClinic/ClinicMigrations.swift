/// The clinic database's schema, one named migration at a time, applied in order by
/// `tandem-server migrate`. A migration that has shipped is never edited: clinics already ran it.
/// Change the schema by adding a migration at the end.
enum ClinicMigrations {
  static let all: [(name: String, sql: [String])] = [
    (
      "0001-clinic",
      [
        """
        CREATE TABLE clinician (
          id uuid PRIMARY KEY,
          name text NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 200),
          role text NOT NULL CHECK (role IN ('therapist', 'prescriber', 'researcher', 'admin')),
          created_at timestamptz NOT NULL,
          revoked_at timestamptz
        )
        """,
        """
        CREATE TABLE patient (
          id uuid PRIMARY KEY,
          label text NOT NULL UNIQUE CHECK (length(label) BETWEEN 1 AND 100),
          created_at timestamptz NOT NULL,
          -- The next position in this patient's stream: the stream is gapless, and a push takes
          -- this row's lock to extend it.
          next_stream_seq bigint NOT NULL DEFAULT 1,
          time_zone text
        )
        """,
        // The care team is itself a record: who joined or left whose team, when, by whose hand.
        """
        CREATE TABLE care_team_event (
          id bigserial PRIMARY KEY,
          patient_id uuid NOT NULL REFERENCES patient,
          clinician_id uuid NOT NULL REFERENCES clinician,
          action text NOT NULL CHECK (action IN ('joined', 'left')),
          at timestamptz NOT NULL,
          recorded_by text NOT NULL
        )
        """,
        "CREATE INDEX care_team_event_member ON care_team_event (patient_id, clinician_id, at)",
        """
        CREATE TABLE device (
          id uuid PRIMARY KEY,
          patient_id uuid NOT NULL REFERENCES patient,
          enrolled_at timestamptz NOT NULL,
          -- The highest device sequence number this server has stored from the device.
          acked_seq bigint NOT NULL DEFAULT 0 CHECK (acked_seq >= 0),
          revoked_at timestamptz
        )
        """,
        // Codes are kept only as SHA-256 digests; a code works once, until it expires.
        """
        CREATE TABLE enrolment_code (
          code_hash bytea PRIMARY KEY,
          clinician_id uuid REFERENCES clinician,
          patient_id uuid REFERENCES patient,
          created_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL,
          used_at timestamptz,
          CHECK ((clinician_id IS NULL) <> (patient_id IS NULL))
        )
        """,
        """
        CREATE TABLE refresh_token (
          token_hash bytea PRIMARY KEY,
          clinician_id uuid REFERENCES clinician,
          device_id uuid REFERENCES device,
          issued_at timestamptz NOT NULL,
          expires_at timestamptz NOT NULL,
          revoked_at timestamptz,
          CHECK ((clinician_id IS NULL) <> (device_id IS NULL))
        )
        """,
        // Every event of every patient, once (by event id), as the export line the device wrote.
        """
        CREATE TABLE event (
          id bigserial PRIMARY KEY,
          event_id uuid NOT NULL UNIQUE,
          patient_id uuid NOT NULL REFERENCES patient,
          stream_type text NOT NULL,
          stream text NOT NULL,
          kind text NOT NULL,
          recorded_at timestamptz NOT NULL,
          uploaded_by_device uuid REFERENCES device,
          device_seq bigint,
          author_clinician uuid REFERENCES clinician,
          line text NOT NULL,
          line_hash text NOT NULL,
          received_at timestamptz NOT NULL DEFAULT now(),
          UNIQUE (uploaded_by_device, device_seq)
        )
        """,
        // Each patient's gapless order: position n is the n-th event the server stored for them.
        """
        CREATE TABLE stream (
          patient_id uuid NOT NULL REFERENCES patient,
          stream_seq bigint NOT NULL CHECK (stream_seq > 0),
          event_pk bigint NOT NULL UNIQUE REFERENCES event,
          PRIMARY KEY (patient_id, stream_seq)
        )
        """,
        """
        CREATE TABLE session_line (
          patient_id uuid NOT NULL REFERENCES patient,
          session_id text NOT NULL,
          line text NOT NULL,
          line_hash text NOT NULL,
          PRIMARY KEY (patient_id, session_id)
        )
        """,
        """
        CREATE TABLE module_version (
          module_id text NOT NULL,
          version integer NOT NULL,
          content_hash text NOT NULL UNIQUE,
          files jsonb NOT NULL,
          published_by uuid NOT NULL REFERENCES clinician,
          published_at timestamptz NOT NULL,
          PRIMARY KEY (module_id, version)
        )
        """,
        """
        CREATE TABLE audit (
          id bigserial PRIMARY KEY,
          at timestamptz NOT NULL DEFAULT now(),
          actor_id uuid,
          actor_name text NOT NULL,
          role text NOT NULL,
          patient_label text,
          action text NOT NULL,
          outcome text NOT NULL
        )
        """,
        "CREATE INDEX audit_actor ON audit (actor_id, id)",
        """
        CREATE TABLE server_key (
          id integer PRIMARY KEY CHECK (id = 1),
          secret bytea NOT NULL CHECK (length(secret) >= 32)
        )
        """,
        // Records are append-only: what was committed stays as it was.
        """
        CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
        END
        $$
        """,
        "CREATE TRIGGER event_append_only BEFORE UPDATE OR DELETE ON event FOR EACH ROW EXECUTE FUNCTION refuse_change()",
        "CREATE TRIGGER stream_append_only BEFORE UPDATE OR DELETE ON stream FOR EACH ROW EXECUTE FUNCTION refuse_change()",
        "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit FOR EACH ROW EXECUTE FUNCTION refuse_change()",
        """
        CREATE TRIGGER care_team_append_only BEFORE UPDATE OR DELETE ON care_team_event
        FOR EACH ROW EXECUTE FUNCTION refuse_change()
        """,
        """
        CREATE TRIGGER session_line_append_only BEFORE UPDATE OR DELETE ON session_line
        FOR EACH ROW EXECUTE FUNCTION refuse_change()
        """,
        """
        CREATE TRIGGER module_version_append_only BEFORE UPDATE OR DELETE ON module_version
        FOR EACH ROW EXECUTE FUNCTION refuse_change()
        """,
      ]
    ),
    (
      "0002-panel-row",
      [
        // Each patient's panel row as last worked out, with the key it was worked out for (the
        // stream's head, the patient's own day, the rules' basis). Derived, so rewritten in place.
        """
        CREATE TABLE panel_row (
          patient_id uuid PRIMARY KEY REFERENCES patient,
          stream_head bigint NOT NULL,
          local_day text NOT NULL,
          basis text NOT NULL,
          row text NOT NULL,
          computed_at timestamptz NOT NULL
        )
        """
      ]
    ),
    (
      "0003-append-events",
      [
        // Appends events to a patient's stream in one call, so a push is one round trip and one
        // implicit transaction: takes the device's and the patient's locks (fixed order; NO KEY, so a
        // foreign key to the patient does not wait), checks the device sequence for a gap and that
        // the session lines and corrected events it names are stored, inserts the events
        // (ON CONFLICT (event_id) DO NOTHING), numbers the inserted ones by their place in the batch
        // after the stream's head, moves the head, the time zone and the device's acknowledged
        // sequence, and checks that every event not inserted is already stored with the same bytes.
        // A clinician's write passes no device (it locks the patient only). Refusals are errors with
        // the SQLSTATEs TD401 (revoked), TD409 (conflict) and TD422 (invalid); nothing is kept.
        "ALTER TABLE event DROP CONSTRAINT event_patient_id_fkey, DROP CONSTRAINT event_uploaded_by_device_fkey, DROP CONSTRAINT event_author_clinician_fkey",
        "ALTER TABLE stream DROP CONSTRAINT stream_patient_id_fkey, DROP CONSTRAINT stream_event_pk_fkey",
        """
        CREATE FUNCTION append_events(
          in_patient uuid, in_device uuid, in_clinician uuid, in_first_seq bigint, in_last_seq bigint,
          in_zone text, in_ids uuid[], in_stream_types text[], in_streams text[], in_kinds text[],
          in_recorded timestamptz[], in_seqs bigint[], in_lines text[], in_hashes text[],
          in_sessions text[], in_corrected uuid[],
          OUT acked bigint, OUT added bigint, OUT head bigint)
        LANGUAGE plpgsql AS $$
        DECLARE
          start_seq bigint;
        BEGIN
          IF in_device IS NOT NULL THEN
            SELECT d.acked_seq, p.next_stream_seq INTO acked, start_seq
            FROM device d JOIN patient p ON p.id = d.patient_id
            WHERE d.id = in_device AND d.revoked_at IS NULL AND p.id = in_patient
            FOR NO KEY UPDATE OF d, p;
            IF NOT FOUND THEN
              RAISE EXCEPTION USING ERRCODE = 'TD401', MESSAGE = 'this device''s access was revoked';
            END IF;
            IF in_first_seq > acked + 1 THEN
              RAISE EXCEPTION USING ERRCODE = 'TD409', MESSAGE = format(
                'device sequence gap: the server holds up to %s, the push starts at %s', acked, in_first_seq);
            END IF;
          ELSE
            SELECT p.next_stream_seq INTO start_seq FROM patient p WHERE p.id = in_patient FOR NO KEY UPDATE;
            IF NOT FOUND THEN
              RAISE EXCEPTION USING ERRCODE = 'TD422', MESSAGE = 'no such patient';
            END IF;
            acked := 0;
          END IF;
          IF cardinality(in_sessions) > 0 AND (
            SELECT count(*) FROM session_line s WHERE s.patient_id = in_patient AND s.session_id = ANY(in_sessions)
          ) <> (SELECT count(DISTINCT x) FROM unnest(in_sessions) x) THEN
            RAISE EXCEPTION USING ERRCODE = 'TD422',
              MESSAGE = 'a session event''s session line was neither sent nor stored before';
          END IF;
          IF cardinality(in_corrected) > 0 AND (
            SELECT count(DISTINCT e.event_id) FROM event e WHERE e.patient_id = in_patient AND e.event_id = ANY(in_corrected)
          ) <> (SELECT count(DISTINCT x) FROM unnest(in_corrected) x) THEN
            RAISE EXCEPTION USING ERRCODE = 'TD422',
              MESSAGE = 'a correction names an event the clinic does not hold for this patient; sync it first';
          END IF;
          -- Rows come back from RETURNING in no promised order: each is numbered by its line's place
          -- in the batch, so the stream keeps the order the device sent. Every data-modifying CTE
          -- runs whether or not the final SELECT reads it.
          WITH t AS (
            -- A line sent twice in one batch is stored once, at its first place; a second copy with
            -- other content is caught by the check below.
            SELECT DISTINCT ON (u.id) u.* FROM unnest(in_ids, in_stream_types, in_streams, in_kinds, in_recorded,
              in_seqs, in_lines, in_hashes)
              WITH ORDINALITY AS u(id, stream_type, stream, kind, recorded_at, seq, line, hash, ord)
            ORDER BY u.id, u.ord
          ), inserted AS (
            INSERT INTO event (event_id, patient_id, stream_type, stream, kind, recorded_at, uploaded_by_device,
              device_seq, author_clinician, line, line_hash)
            SELECT t.id, in_patient, t.stream_type, t.stream, t.kind, t.recorded_at, in_device, NULLIF(t.seq, 0),
              in_clinician, t.line, t.hash
            FROM t ORDER BY t.ord
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event.id, event.event_id
          ), numbered AS (
            SELECT inserted.id, row_number() OVER (ORDER BY t.ord) AS n FROM inserted JOIN t ON t.id = inserted.event_id
          ), placed AS (
            INSERT INTO stream (patient_id, stream_seq, event_pk)
            SELECT in_patient, start_seq + numbered.n - 1, numbered.id FROM numbered
            RETURNING 1
          ), moved AS (
            UPDATE patient SET next_stream_seq = start_seq + (SELECT count(*) FROM numbered),
              time_zone = COALESCE(in_zone, patient.time_zone)
            WHERE patient.id = in_patient
            RETURNING 1
          ), acknowledged AS (
            UPDATE device SET acked_seq = greatest(acked, in_last_seq)
            WHERE in_device IS NOT NULL AND device.id = in_device
            RETURNING 1
          )
          SELECT count(*) INTO added FROM placed;
          IF added < cardinality(in_ids) AND (
            SELECT count(*) FROM event e JOIN unnest(in_ids, in_hashes) AS x(id, hash)
              ON e.event_id = x.id AND e.line_hash = x.hash AND e.patient_id = in_patient
          ) <> cardinality(in_ids) THEN
            RAISE EXCEPTION USING ERRCODE = 'TD409', MESSAGE = 'an event id is already stored with different content';
          END IF;
          acked := greatest(acked, in_last_seq);
          head := start_seq + added - 1;
        END
        $$
        """,
      ]
    ),
    (
      "0004-stream-position-in-event",
      [
        // An event's stream position becomes a column of its row (unique per patient), and the
        // stream table goes: a push writes one row and four index entries per event instead of two
        // rows and five, and a pull reads one table. Existing positions are carried over as they are.
        "ALTER TABLE event ADD COLUMN stream_seq bigint",
        "ALTER TABLE event DISABLE TRIGGER event_append_only",
        "UPDATE event SET stream_seq = s.stream_seq FROM stream s WHERE s.event_pk = event.id",
        "ALTER TABLE event ENABLE TRIGGER event_append_only",
        """
        ALTER TABLE event ALTER COLUMN stream_seq SET NOT NULL,
          ADD CONSTRAINT event_stream_seq_check CHECK (stream_seq > 0),
          ADD CONSTRAINT event_stream_position UNIQUE (patient_id, stream_seq)
        """,
        "DROP TABLE stream",
        // As in 0003, with the positions written into the event rows. The batch comes with each id
        // once (the server drops a line's later copies, and refuses copies with other content).
        // The events to insert are, for a device, those above its acknowledged sequence (the ones
        // at or below it are stored already, which the content check at the end confirms), and
        // they are numbered by their place in the batch after the stream's head, in a plain INSERT,
        // inside a block that is undone if any of them turns out to be stored already (a unique
        // violation: an event another device of the patient relayed): then they are inserted one
        // at a time (ON CONFLICT (event_id) DO NOTHING), each numbered only when it is new. Never
        // a search before the insert.
        """
        CREATE OR REPLACE FUNCTION append_events(
          in_patient uuid, in_device uuid, in_clinician uuid, in_first_seq bigint, in_last_seq bigint,
          in_zone text, in_ids uuid[], in_stream_types text[], in_streams text[], in_kinds text[],
          in_recorded timestamptz[], in_seqs bigint[], in_lines text[], in_hashes text[],
          in_sessions text[], in_corrected uuid[],
          OUT acked bigint, OUT added bigint, OUT head bigint)
        LANGUAGE plpgsql AS $$
        DECLARE
          start_seq bigint;
          skipped bigint := 0;
          fresh bigint;
          r record;
        BEGIN
          IF in_device IS NOT NULL THEN
            -- Device sequence numbers rise through the batch: those at or below acked are a prefix.
            SELECT d.acked_seq, p.next_stream_seq, (SELECT count(*) FROM unnest(in_seqs) s WHERE s <= d.acked_seq)
            INTO acked, start_seq, skipped
            FROM device d JOIN patient p ON p.id = d.patient_id
            WHERE d.id = in_device AND d.revoked_at IS NULL AND p.id = in_patient
            FOR NO KEY UPDATE OF d, p;
            IF NOT FOUND THEN
              RAISE EXCEPTION USING ERRCODE = 'TD401', MESSAGE = 'this device''s access was revoked';
            END IF;
            IF in_first_seq > acked + 1 THEN
              RAISE EXCEPTION USING ERRCODE = 'TD409', MESSAGE = format(
                'device sequence gap: the server holds up to %s, the push starts at %s', acked, in_first_seq);
            END IF;
          ELSE
            SELECT p.next_stream_seq INTO start_seq FROM patient p WHERE p.id = in_patient FOR NO KEY UPDATE;
            IF NOT FOUND THEN
              RAISE EXCEPTION USING ERRCODE = 'TD422', MESSAGE = 'no such patient';
            END IF;
            acked := 0;
          END IF;
          IF cardinality(in_sessions) > 0 AND (
            SELECT count(*) FROM session_line s WHERE s.patient_id = in_patient AND s.session_id = ANY(in_sessions)
          ) <> (SELECT count(DISTINCT x) FROM unnest(in_sessions) x) THEN
            RAISE EXCEPTION USING ERRCODE = 'TD422',
              MESSAGE = 'a session event''s session line was neither sent nor stored before';
          END IF;
          IF cardinality(in_corrected) > 0 AND (
            SELECT count(DISTINCT e.event_id) FROM event e WHERE e.patient_id = in_patient AND e.event_id = ANY(in_corrected)
          ) <> (SELECT count(DISTINCT x) FROM unnest(in_corrected) x) THEN
            RAISE EXCEPTION USING ERRCODE = 'TD422',
              MESSAGE = 'a correction names an event the clinic does not hold for this patient; sync it first';
          END IF;
          fresh := cardinality(in_ids) - skipped;
          added := 0;
          IF fresh > 0 THEN
            BEGIN
              INSERT INTO event (event_id, patient_id, stream_type, stream, kind, recorded_at, uploaded_by_device,
                device_seq, author_clinician, line, line_hash, stream_seq)
              SELECT u.id, in_patient, u.stream_type, u.stream, u.kind, u.recorded_at, in_device, NULLIF(u.seq, 0),
                in_clinician, u.line, u.hash, start_seq - 1 + u.ord - skipped
              FROM unnest(in_ids, in_stream_types, in_streams, in_kinds, in_recorded, in_seqs, in_lines, in_hashes)
                WITH ORDINALITY AS u(id, stream_type, stream, kind, recorded_at, seq, line, hash, ord)
              WHERE u.ord > skipped;
              GET DIAGNOSTICS added = ROW_COUNT;
            EXCEPTION WHEN unique_violation THEN
              added := 0;
              FOR r IN
                SELECT * FROM unnest(in_ids, in_stream_types, in_streams, in_kinds, in_recorded, in_seqs, in_lines,
                  in_hashes) WITH ORDINALITY AS u(id, stream_type, stream, kind, recorded_at, seq, line, hash, ord)
                WHERE u.ord > skipped ORDER BY u.ord
              LOOP
                INSERT INTO event (event_id, patient_id, stream_type, stream, kind, recorded_at, uploaded_by_device,
                  device_seq, author_clinician, line, line_hash, stream_seq)
                VALUES (r.id, in_patient, r.stream_type, r.stream, r.kind, r.recorded_at, in_device, NULLIF(r.seq, 0),
                  in_clinician, r.line, r.hash, start_seq + added)
                ON CONFLICT (event_id) DO NOTHING;
                IF FOUND THEN
                  added := added + 1;
                END IF;
              END LOOP;
            END;
          END IF;
          WITH moved AS (
            UPDATE patient SET next_stream_seq = start_seq + added, time_zone = COALESCE(in_zone, patient.time_zone)
            WHERE patient.id = in_patient
            RETURNING 1
          )
          UPDATE device SET acked_seq = greatest(acked, in_last_seq) WHERE in_device IS NOT NULL AND device.id = in_device;
          IF added < cardinality(in_ids) AND (
            SELECT count(*) FROM event e JOIN unnest(in_ids, in_hashes) AS x(id, hash)
              ON e.event_id = x.id AND e.line_hash = x.hash AND e.patient_id = in_patient
          ) <> cardinality(in_ids) THEN
            IF EXISTS (
              -- A line at or below acked whose event this patient does not hold: its sequence number
              -- went to another event.
              SELECT 1 FROM unnest(in_ids) WITH ORDINALITY AS x(id, ord)
              WHERE x.ord <= skipped
                AND NOT EXISTS (SELECT 1 FROM event e WHERE e.event_id = x.id AND e.patient_id = in_patient)
            ) THEN
              RAISE EXCEPTION USING ERRCODE = 'TD409',
                MESSAGE = 'a device sequence number was already used for another event';
            END IF;
            RAISE EXCEPTION USING ERRCODE = 'TD409', MESSAGE = 'an event id is already stored with different content';
          END IF;
          acked := greatest(acked, in_last_seq);
          head := start_seq + added - 1;
        END
        $$
        """,
      ]
    ),
  ]
}
