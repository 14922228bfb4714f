import Foundation
import GRDB
import TandemTherapy

/// The journal of sessions in one SQLite file.
///
/// Every write is one transaction, committed durably (WAL, `synchronous = FULL`) before its
/// method returns. Several processes may use the same file at once: writers wait for each
/// other (up to five seconds) instead of failing with "database is locked". Sessions and
/// journal entries are append-only; triggers refuse updates and deletes.
public struct SQLiteStore: SessionStore, Sendable {
  /// The database file, or `nil` for an in-memory store.
  public let path: String?
  let writer: any DatabaseWriter
  /// Whether this store was opened for reading only (`init(readingAt:)`): every write throws.
  public let isReadOnly: Bool

  /// How long a write waits for another connection's write to finish before giving up.
  static let busyTimeout: TimeInterval = 5

  /// Opens the store at `path`, creating it (and its missing directories) if needed, and
  /// brings its schema up to date.
  ///
  /// New directories get mode 0700 and a new file mode 0600; existing ones are left as they are.
  public init(path: String) throws {
    try StoreFile.prepare(path: path)
    // Say so plainly rather than let SQLite fail half-way through opening.
    if access(path, W_OK) != 0 && errno != ENOENT { throw StoreError.readOnly(path: path) }
    let pool: DatabasePool
    do {
      pool = try Self.retryingWhileBusy {
        let pool = try DatabasePool(path: path, configuration: Self.configuration())
        try Self.prepare(pool, path: path)
        return pool
      }
    } catch let error as DatabaseError where error.resultCode.primaryResultCode == .SQLITE_READONLY {
      throw StoreError.readOnly(path: path)
    } catch let error as DatabaseError
      where error.resultCode.primaryResultCode == .SQLITE_CANTOPEN && !Self.folderIsWritable(path)
    {
      throw StoreError.readOnly(path: path)  // the -wal and -shm files cannot be created
    } catch let error as DatabaseError {
      throw StoreError.database(operation: "open the store '\(path)'", message: error.message ?? "\(error.resultCode)")
    }
    self.init(writer: pool, path: path)
  }

  /// Opens the store at `path` for reading only: nothing is created, migrated or written, so
  /// the reading commands work on a store the user may only read (a 0400 file, a read-only
  /// folder, a copy on read-only media). Every write through it throws `StoreError.readOnly`.
  ///
  /// A missing file reads as an empty store (and is not created). A WAL-mode file in a folder
  /// where SQLite cannot create its `-shm` index is opened as immutable, which is only sound
  /// when no `-wal` file holds commits not yet in the main file; otherwise this throws.
  public init(readingAt path: String) throws {
    if StoreFile.isDanglingSymbolicLink(path) { throw StoreError.danglingSymbolicLink(path: path) }
    guard FileManager.default.fileExists(atPath: path) else {
      let queue = try Self.perform("open an empty store") {
        let queue = try DatabaseQueue(configuration: Self.configuration())
        try Self.prepare(queue, path: nil)
        return queue
      }
      self.init(writer: queue, path: path, isReadOnly: true)
      return
    }
    var configuration = Self.configuration()
    configuration.readonly = true
    let queue: DatabaseQueue
    do {
      queue = try Self.openReadOnly(path, path: path, configuration: configuration)
    } catch let error as DatabaseError
      where [.SQLITE_CANTOPEN, .SQLITE_READONLY].contains(error.resultCode.primaryResultCode)
    {
      // SQLite needs to create `-shm` (and may need `-wal`) to read a WAL file, and cannot.
      let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? NSNumber)?.intValue ?? 0
      guard wal == 0 else { throw StoreError.unreadableJournal(path: path) }
      queue = try Self.perform("open the store '\(path)' for reading") {
        try Self.openReadOnly(Self.immutableURI(path), path: path, configuration: configuration)
      }
    } catch let error as DatabaseError {
      throw StoreError.database(
        operation: "open the store '\(path)' for reading", message: error.message ?? "\(error.resultCode)")
    }
    self.init(writer: queue, path: path, isReadOnly: true)
  }

  private static func folderIsWritable(_ path: String) -> Bool {
    let folder = (path as NSString).deletingLastPathComponent
    return access(folder.isEmpty ? "." : folder, W_OK) == 0
  }

  /// A read-only connection whose schema is checked: up to date, not newer than this version.
  private static func openReadOnly(_ location: String, path: String, configuration: Configuration) throws
    -> DatabaseQueue
  {
    let queue = try DatabaseQueue(path: location, configuration: configuration)
    let (completed, superseded) = try queue.read { db in
      (try migrator.hasCompletedMigrations(db), try migrator.hasBeenSuperseded(db))
    }
    if superseded { throw StoreError.newerSchema(path: path) }
    if !completed { throw StoreError.olderSchema(path: path) }
    return queue
  }

  /// `path` as an SQLite URI that opens it read-only without locks, `-wal` or `-shm`.
  private static func immutableURI(_ path: String) -> String {
    let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%")
    return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
  }

  /// An empty store in memory, gone when the last copy of it is released; for tests.
  public static func inMemory() throws -> SQLiteStore {
    let queue = try perform("open an in-memory store") {
      let queue = try DatabaseQueue(configuration: configuration())
      try prepare(queue, path: nil)
      return queue
    }
    return SQLiteStore(writer: queue, path: nil)
  }

  private init(writer: any DatabaseWriter, path: String?, isReadOnly: Bool = false) {
    self.writer = writer
    self.path = path
    self.isReadOnly = isReadOnly
  }

  /// Makes commits durable and brings the schema up to date.
  private static func prepare(_ writer: any DatabaseWriter, path: String?) throws {
    // With WAL, NORMAL may lose the last commits on power loss; FULL syncs every commit.
    // Set here, not in `prepareDatabase`: GRDB sets NORMAL when it turns WAL on, after that.
    try writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
    do {
      try migrator.migrate(writer)
    } catch {
      // Two processes opening a new store at once both see it unmigrated; the loser's
      // migration fails and rolls back. The second attempt finds the winner's work.
      try migrator.migrate(writer)
    }
    if try writer.read(migrator.hasBeenSuperseded) {
      throw StoreError.newerSchema(path: path ?? ":memory:")
    }
  }

  /// Runs `body` again while SQLite reports the file busy, for up to `busyTimeout`.
  ///
  /// The busy timeout covers ordinary writes, but while a new file is switched to WAL, SQLite
  /// answers "database is locked" at once rather than risk a deadlock between two openers.
  private static func retryingWhileBusy<Result>(_ body: () throws -> Result) throws -> Result {
    // Real elapsed time, not the patient's "now" (which `TANDEM_NOW` may fix).
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: .milliseconds(Int(busyTimeout * 1000)))
    while true {
      do {
        return try body()
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && clock.now < deadline {
        Thread.sleep(forTimeInterval: .random(in: 0.005...0.025))
      }
    }
  }

  private static func configuration() -> Configuration {
    var configuration = Configuration()
    configuration.label = "tandem-store"
    configuration.foreignKeysEnabled = true
    configuration.busyMode = .timeout(busyTimeout)
    return configuration
  }

  /// Closes the database file. Later calls on this store (or its copies) throw.
  ///
  /// Not needed before exit: the file is closed when the last copy of the store is released.
  public func close() throws {
    try Self.perform("close the store") { try writer.close() }
  }

  /// Runs SQLite's `PRAGMA integrity_check`: `"ok"` when the file is sound, otherwise the
  /// problems found, one a line.
  public func integrityCheck() throws -> String {
    try Self.perform("check the store") {
      try writer.read { db in
        try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n")
      }
    }
  }

  /// A pragma's value on the writing connection, where durability settings matter; for tests.
  func writerPragma(_ name: String) throws -> String? {
    try writer.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA \(name)") }
  }

  // MARK: - Writes

  /// Records a new session with its pinned module and first events, in one transaction.
  ///
  /// Throws `StoreError.duplicateSession` (writing nothing) when the id is already taken.
  /// Dates are kept to the millisecond.
  ///
  /// Returns the sequence of the last event written, the position later appends expect.
  @discardableResult
  public func startSession(
    id: String, module: Module, contentHash: String, events: [SessionEvent], at date: Date
  ) throws -> Int64 {
    let session = try SessionRecord(id: id, module: module, contentHash: contentHash, startedAt: date)
    let entries = try events.map { try JournalRecord(sessionID: id, event: $0, recordedAt: date) }
    return try Self.perform("start session '\(id)'") {
      try durableWrite { db in
        guard try !SessionRecord.exists(db, key: id) else { throw StoreError.duplicateSession(id: id) }
        try session.insert(db)
        for var entry in entries { try entry.insert(db) }
        return db.lastInsertedRowID
      }
    }
  }

  /// Appends events to a session, in one transaction.
  ///
  /// Throws `StoreError.unknownSession` (writing nothing) when no session has this id.
  ///
  /// The `journal_session_must_exist` trigger refuses entries for an unknown session; its
  /// error becomes `unknownSession`, and the transaction is rolled back.
  public func append(_ events: [SessionEvent], toSession id: String, at date: Date) throws {
    let entries = try events.map { try JournalRecord(sessionID: id, event: $0, recordedAt: date) }
    try Self.perform("append to session '\(id)'") {
      try durableWrite { db in
        // With nothing to insert the trigger never runs: look the session up instead.
        if entries.isEmpty {
          guard try SessionRecord.exists(db, key: id) else { throw StoreError.unknownSession(id: id) }
          return
        }
        let insert = try db.cachedStatement(sql: JournalRecord.insertSQL)
        for entry in entries {
          do {
            try insert.execute(arguments: entry.insertArguments)
          } catch let error as DatabaseError where JournalRecord.isUnknownSessionError(error) {
            throw StoreError.unknownSession(id: id)
          }
        }
      }
    }
  }

  /// Appends events to a session, in one transaction, only if the session's last event is
  /// still the one at `expected` (its sequence): the caller's picture of the session is
  /// current. Returns the sequence of the last event, the position the next append expects.
  ///
  /// Throws `StoreError.sessionChanged` (writing nothing) when another process appended to
  /// the session since, so two windows on one session can never interleave their answers;
  /// `StoreError.unknownSession` when no session has this id.
  @discardableResult
  public func append(
    _ events: [SessionEvent], toSession id: String, expectingLast expected: Int64, at date: Date
  ) throws -> Int64 {
    let entries = try events.map { try JournalRecord(sessionID: id, event: $0, recordedAt: date) }
    return try Self.perform("append to session '\(id)'") {
      try durableWrite { db in
        try Self.checkPosition(db, session: id, expected: expected)
        let insert = try db.cachedStatement(sql: JournalRecord.insertSQL)
        for entry in entries { try insert.execute(arguments: entry.insertArguments) }
        return entries.isEmpty ? expected : db.lastInsertedRowID
      }
    }
  }

  /// Inside a write transaction: throws unless the session exists and its last event is at `expected`.
  static func checkPosition(_ db: Database, session id: String, expected: Int64) throws {
    guard try SessionRecord.exists(db, key: id) else { throw StoreError.unknownSession(id: id) }
    let last = try Int64.fetchOne(
      db, sql: "SELECT MAX(sequence) FROM journal WHERE stream_type = ? AND stream = ?",
      arguments: [JournalRecord.sessionStreamType, id])
    guard last == expected else { throw StoreError.sessionChanged(id: id) }
  }

  /// One write transaction, as `writer.write` makes it, with its `BEGIN IMMEDIATE` and
  /// `COMMIT` kept as prepared statements: an answer is committed on every step, and compiling
  /// the two statements anew each time was a measurable part of it. On any error the
  /// transaction is rolled back and nothing is written.
  func durableWrite<Result>(_ body: (Database) throws -> Result) throws -> Result {
    if isReadOnly { throw StoreError.readOnly(path: path ?? ":memory:") }
    return try writer.writeWithoutTransaction { db in
      try db.cachedStatement(sql: "BEGIN IMMEDIATE TRANSACTION").execute()
      do {
        let result = try body(db)
        try db.cachedStatement(sql: "COMMIT TRANSACTION").execute()
        return result
      } catch {
        if db.isInsideTransaction { try? db.rollback() }
        throw error
      }
    }
  }

  // MARK: - Reads

  /// The session with this id and its entries in sequence order, or `nil`.
  ///
  /// Throws `StoreError.corruptRecord` when a stored row no longer decodes.
  public func session(id: String) throws -> StoredSession? {
    try Self.perform("read session '\(id)'") {
      try writer.read { db in
        guard let session = try SessionRecord.fetchOne(db, key: id) else { return nil }
        let entries = try JournalRecord.sessionEvents(of: id).fetchAll(db)
        return try session.storedSession(entries: entries.map { try $0.sessionEntry() })
      }
    }
  }

  /// Every session, oldest first (by start, then by insertion), each with its entries in
  /// sequence order.
  ///
  /// Throws `StoreError.corruptRecord` when a stored row no longer decodes.
  public func allSessions() throws -> [StoredSession] {
    try Self.perform("read the sessions") {
      try writer.read { db in
        let sessions = try SessionRecord.order(SessionRecord.Columns.startedAt, Column.rowID).fetchAll(db)
        let entries = try JournalRecord.sessionEvents().fetchAll(db)
        var entriesBySession: [String: [JournalEntry]] = [:]
        for entry in entries {
          entriesBySession[entry.stream, default: []].append(try entry.sessionEntry())
        }
        return try sessions.map { try $0.storedSession(entries: entriesBySession[$0.id] ?? []) }
      }
    }
  }

  // MARK: - Errors

  /// Runs `body`, turning SQLite's errors into a `StoreError` that says what was being done.
  static func perform<Result>(_ operation: String, _ body: () throws -> Result) throws -> Result {
    do {
      return try body()
    } catch let error as DatabaseError {
      throw StoreError.database(operation: operation, message: error.message ?? "\(error.resultCode)")
    }
  }
}

extension SQLiteStore {
  /// Where the store lives unless the user says otherwise.
  ///
  /// `TANDEM_STORE` when set (and not empty); else `$XDG_DATA_HOME/tandem/tandem.sqlite` when
  /// `XDG_DATA_HOME` is an absolute path (the XDG specification says to ignore relative ones);
  /// else `$HOME/.local/share/tandem/tandem.sqlite`, taking the home directory from the
  /// system when `HOME` is not set.
  public static func defaultPath(environment: [String: String]) -> String {
    if let explicit = environment["TANDEM_STORE"], !explicit.isEmpty {
      return explicit
    }
    if let dataHome = environment["XDG_DATA_HOME"], dataHome.hasPrefix("/") {
      return join(dataHome, "tandem/tandem.sqlite")
    }
    let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    return join(home, ".local/share/tandem/tandem.sqlite")
  }

  private static func join(_ directory: String, _ relative: String) -> String {
    directory.hasSuffix("/") ? directory + relative : directory + "/" + relative
  }
}
