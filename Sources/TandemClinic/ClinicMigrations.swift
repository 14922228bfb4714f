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
  ]
}
