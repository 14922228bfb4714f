import Foundation

// The clinic service's HTTP bodies (docs/openapi.yaml, docs/sync.md), shared by the server and the
// terminal so both read and write the same fields. Events travel as export lines
// (docs/events.md), as text, so the server keeps exactly the bytes a device wrote.

/// One event of a push: the device's sequence number for it and its export line (`docs/events.md`),
/// sent as text so the server keeps exactly the bytes the device wrote.
public struct PushedEvent: Sendable, Hashable, Codable {
  public var deviceSeq: Int64
  public var line: String

  public init(deviceSeq: Int64, line: String) {
    self.deviceSeq = deviceSeq
    self.line = line
  }

  enum CodingKeys: String, CodingKey {
    case line
    case deviceSeq = "device_seq"
  }
}

/// A push: the session lines the events need, then the events in device order.
public struct PushBatch: Sendable, Hashable, Codable {
  public var timeZone: String?
  public var sessions: [String]
  public var events: [PushedEvent]

  public init(timeZone: String?, sessions: [String], events: [PushedEvent]) {
    self.timeZone = timeZone
    self.sessions = sessions
    self.events = events
  }

  enum CodingKeys: String, CodingKey {
    case sessions, events
    case timeZone = "time_zone"
  }

  /// The most events one push may carry.
  public static let maximumEvents = 5000
}

/// What a push stored.
public struct PushResult: Sendable, Hashable, Codable {
  public init(ackedDeviceSeq: Int64, added: Int, streamHead: Int64) {
    self.ackedDeviceSeq = ackedDeviceSeq
    self.added = added
    self.streamHead = streamHead
  }

  /// The highest device sequence number the server holds for the device: every event up to it is
  /// stored, exactly once.
  public var ackedDeviceSeq: Int64
  /// Events this push added (a retry adds none).
  public var added: Int
  /// The patient's stream length after the push.
  public var streamHead: Int64

  enum CodingKeys: String, CodingKey {
    case added
    case ackedDeviceSeq = "acked_device_seq"
    case streamHead = "stream_head"
  }
}

/// A page of a pull.
public struct PullResult: Sendable, Hashable, Codable {
  public init(sessions: [String], events: [Entry], modules: [PublishedModule], cursor: Int64, more: Bool) {
    self.sessions = sessions
    self.events = events
    self.modules = modules
    self.cursor = cursor
    self.more = more
  }

  public struct Entry: Sendable, Hashable, Codable {
    public init(streamSeq: Int64, line: String) {
      self.streamSeq = streamSeq
      self.line = line
    }

    public var streamSeq: Int64
    public var line: String

    enum CodingKeys: String, CodingKey {
      case line
      case streamSeq = "stream_seq"
    }
  }

  /// Session lines the page's session events need, before them.
  public var sessions: [String]
  /// Events in the patient's stream order, after the cursor, from other devices and clinicians.
  public var events: [Entry]
  /// Published module versions the page's assignments name.
  public var modules: [PublishedModule]
  /// The cursor to pull after next time: the last stream position this page covered.
  public var cursor: Int64
  /// Whether more events wait after this page.
  public var more: Bool
}

/// A module version a therapist published: its files as they were sent, and the content hash the
/// loader worked out for them.
public struct PublishedModule: Sendable, Hashable, Codable {
  public struct File: Sendable, Hashable, Codable {
    public var name: String
    public var text: String

    public init(name: String, text: String) {
      self.name = name
      self.text = text
    }
  }

  public var module: String
  public var version: Int
  public var contentHash: String
  public var files: [File]

  public init(module: String, version: Int, contentHash: String, files: [File]) {
    self.module = module
    self.version = version
    self.contentHash = contentHash
    self.files = files
  }

  enum CodingKeys: String, CodingKey {
    case module, version, files
    case contentHash = "content_hash"
  }
}

/// A patient's whole record as the clinic holds it: export lines (`docs/events.md`) in stream
/// order, and the time zone their device last reported.
public struct PatientRecord: Sendable, Hashable, Codable {
  public init(label: String, timeZone: String?, lines: [String]) {
    self.label = label
    self.timeZone = timeZone
    self.lines = lines
  }

  public var label: String
  public var timeZone: String?
  /// A header, then session lines before their first event, then every event.
  public var lines: [String]

  enum CodingKeys: String, CodingKey {
    case label, lines
    case timeZone = "time_zone"
  }
}

/// A row of a clinician's panel.
public struct PanelRow: Sendable, Hashable, Codable {
  public init(label: String, priority: Int, reasons: [Reason], lastEntry: String?, events: Int64) {
    self.label = label
    self.priority = priority
    self.reasons = reasons
    self.lastEntry = lastEntry
    self.events = events
  }

  public struct Reason: Sendable, Hashable, Codable {
    public init(kind: String, message: String) {
      self.kind = kind
      self.message = message
    }

    /// `safety-stop`, `preventive-overdue`, `overuse-risk`, `low-pdc`, `no-diary`, …
    public var kind: String
    public var message: String
  }

  public var label: String
  /// Sorting weight: higher needs attention sooner.
  public var priority: Int
  public var reasons: [Reason]
  /// The last day with a diary entry or session, in the patient's time zone.
  public var lastEntry: String?
  public var events: Int64
  /// When the row was worked out (RFC 3339), present only when the record has grown or the day has
  /// turned since: a listing works stale rows out within a time budget, and shows the rest as they
  /// were while the server catches up.
  public var asOf: String?

  enum CodingKeys: String, CodingKey {
    case label, priority, reasons, events
    case lastEntry = "last_entry"
    case asOf = "as_of"
  }
}

/// An entry of the audit log.
public struct AuditEntry: Sendable, Codable, Hashable {
  public init(
    id: Int64, at: String, actor: String, role: String, patient: String?, action: String, outcome: String
  ) {
    self.id = id
    self.at = at
    self.actor = actor
    self.role = role
    self.patient = patient
    self.action = action
    self.outcome = outcome
  }

  public var id: Int64
  public var at: String
  public var actor: String
  public var role: String
  public var patient: String?
  public var action: String
  public var outcome: String
}

/// What redeeming an enrolment code gives (`POST /v1/enrol`).
public struct Enrolment: Sendable, Hashable, Codable {
  /// `patient`, `therapist`, `prescriber`, `researcher` or `admin`.
  public var role: String
  /// The clinician's name, or the patient's label for a device.
  public var name: String
  /// The id the holder writes events as: the patient device's id, or the clinician's.
  public var deviceID: String
  public var accessToken: String
  public var refreshToken: String
  public var expiresIn: Int

  public init(role: String, name: String, deviceID: String, accessToken: String, refreshToken: String, expiresIn: Int) {
    self.role = role
    self.name = name
    self.deviceID = deviceID
    self.accessToken = accessToken
    self.refreshToken = refreshToken
    self.expiresIn = expiresIn
  }

  enum CodingKeys: String, CodingKey {
    case role, name
    case deviceID = "device_id"
    case accessToken = "access_token"
    case refreshToken = "refresh_token"
    case expiresIn = "expires_in"
  }
}

/// `POST /v1/enrol`.
public struct EnrolRequest: Sendable, Hashable, Codable {
  public var code: String
  /// `patient` or `clinician`: what the caller expects the code to enrol. A code of the other kind
  /// is refused without being used.
  public var expecting: String?
  public init(code: String, expecting: String? = nil) {
    self.code = code
    self.expecting = expecting
  }
}

/// `POST /v1/token`.
public struct RefreshRequest: Sendable, Hashable, Codable {
  public var refreshToken: String
  public init(refreshToken: String) { self.refreshToken = refreshToken }
  enum CodingKeys: String, CodingKey { case refreshToken = "refresh_token" }
}

/// `POST /v1/token`'s answer.
public struct TokenResponse: Sendable, Hashable, Codable {
  public var accessToken: String
  public var expiresIn: Int
  public init(accessToken: String, expiresIn: Int) {
    self.accessToken = accessToken
    self.expiresIn = expiresIn
  }
  enum CodingKeys: String, CodingKey {
    case accessToken = "access_token"
    case expiresIn = "expires_in"
  }
}

/// `POST /v1/patients/{label}/events`.
public struct EventsRequest: Sendable, Hashable, Codable {
  public var lines: [String]
  public init(lines: [String]) { self.lines = lines }
}

/// `POST /v1/patients/{label}/events`'s answer.
public struct EventsResponse: Sendable, Hashable, Codable {
  public var added: Int
  public init(added: Int) { self.added = added }
}

/// `POST /v1/modules`.
public struct PublishRequest: Sendable, Hashable, Codable {
  public var files: [PublishedModule.File]
  public init(files: [PublishedModule.File]) { self.files = files }
}

/// `GET /v1/patients`.
public struct PanelResponse: Sendable, Hashable, Codable {
  public var patients: [PanelRow]
  public init(patients: [PanelRow]) { self.patients = patients }
}

/// `GET /v1/modules`.
public struct ModulesResponse: Sendable, Hashable, Codable {
  public var modules: [PublishedModule]
  public init(modules: [PublishedModule]) { self.modules = modules }
}

/// `GET /v1/audit`.
public struct AuditResponse: Sendable, Hashable, Codable {
  public var entries: [AuditEntry]
  public init(entries: [AuditEntry]) { self.entries = entries }
}

/// `POST /v1/research/export`: a study's de-identified export, made by the clinic from every
/// patient whose consent to the study is in force (researcher role). The key is the study's secret
/// (base64, 32 to 4096 bytes); the clinic uses it for the export and keeps nothing of it.
public struct ResearchExportRequest: Sendable, Hashable, Codable {
  public var study: String
  public var key: String
  public init(study: String, key: String) {
    self.study = study
    self.key = key
  }
}

/// The export's files (tables as CSV and JSON Lines, the data dictionary) and how many patients it holds.
public struct ResearchExportResponse: Sendable, Hashable, Codable {
  public var participants: Int
  /// Each file by name, as a publication's files are sent.
  public var files: [PublishedModule.File]
  public init(participants: Int, files: [PublishedModule.File]) {
    self.participants = participants
    self.files = files
  }
}
