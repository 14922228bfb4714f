import Foundation

/// A session as the journal holds it: the pinned module copy and every event, in order.
public struct StoredSession: Hashable, Sendable {
  /// Unique id (a lowercase UUID).
  public var id: String
  /// The exact module content pinned when the session started.
  public var module: Module
  /// Hash of the module's source bytes (module file and included snippets) at start.
  public var contentHash: String
  /// When the session started.
  public var startedAt: Date
  /// The journal entries of this session, oldest first.
  public var entries: [JournalEntry]

  /// Creates a stored session.
  public init(id: String, module: Module, contentHash: String, startedAt: Date, entries: [JournalEntry]) {
    self.id = id
    self.module = module
    self.contentHash = contentHash
    self.startedAt = startedAt
    self.entries = entries
  }

  /// The events alone, oldest first.
  public var events: [SessionEvent] { entries.map(\.event) }

  /// The current state, derived by replaying the events on the pinned module (and, after a
  /// `migrated` event, on the newer copy it pinned).
  public var state: SessionState { SessionMachine(module: module).replay(events) }

  /// The module the session now runs on: the copy pinned at start, or the latest migration's.
  public var currentModule: Module {
    for event in events.reversed() {
      if case .migrated(let module, _, _) = event { return module }
    }
    return module
  }

  /// The content hash of `currentModule`.
  public var currentContentHash: String {
    for event in events.reversed() {
      if case .migrated(_, let hash, _) = event { return hash }
    }
    return contentHash
  }

  /// When the last event was recorded.
  public var lastActivity: Date { entries.last?.recordedAt ?? startedAt }
}

/// One committed event with its position and time.
public struct JournalEntry: Hashable, Sendable {
  /// Position in the whole journal (increasing).
  public var sequence: Int64
  /// When it was committed.
  public var recordedAt: Date
  /// What happened.
  public var event: SessionEvent

  /// Creates an entry.
  public init(sequence: Int64, recordedAt: Date, event: SessionEvent) {
    self.sequence = sequence
    self.recordedAt = recordedAt
    self.event = event
  }
}

/// Where sessions are kept. Every method commits durably before it returns; records are
/// append-only. The SQLite store implements it today; a clinic-scale backend can later.
public protocol SessionStore: Sendable {
  /// Records a new session with its pinned module and first events, in one transaction;
  /// returns the sequence of the last event written.
  @discardableResult
  func startSession(id: String, module: Module, contentHash: String, events: [SessionEvent], at date: Date) throws
    -> Int64
  /// Appends events to a session, in one transaction.
  func append(_ events: [SessionEvent], toSession id: String, at date: Date) throws
  /// Appends events to a session, in one transaction, only if the session's last event is still
  /// the one at sequence `expected`; returns the new last sequence. Otherwise it writes nothing
  /// and throws: another process (a second window on the same session) wrote in between.
  @discardableResult
  func append(_ events: [SessionEvent], toSession id: String, expectingLast expected: Int64, at date: Date) throws
    -> Int64
  /// The session with this id, or `nil`.
  func session(id: String) throws -> StoredSession?
  /// Every session, oldest first.
  func allSessions() throws -> [StoredSession]
}

extension SessionStore {
  /// The most recently active session that is active or paused.
  public func latestOpenSession() throws -> StoredSession? {
    try allSessions().filter { $0.state.status.isOpen }.max { $0.lastActivity < $1.lastActivity }
  }

  /// The session whose id is `prefix` or starts with it, when exactly one does.
  public func session(matching prefix: String) throws -> StoredSession? {
    if let exact = try session(id: prefix) { return exact }
    let candidates = try allSessions().filter { $0.id.hasPrefix(prefix.lowercased()) }
    return candidates.count == 1 ? candidates[0] : nil
  }
}
