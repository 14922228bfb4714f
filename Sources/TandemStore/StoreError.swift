/// Why the store could not do what was asked.
///
/// Messages are lowercase and name sessions, tables and paths only: they never quote answers
/// or other health data, so they are safe to print and to log.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// `append` named a session that was never started.
  case unknownSession(id: String)
  /// `startSession` reused the id of a session already stored.
  case duplicateSession(id: String)
  /// Another process appended to the session since the caller last saw it.
  case sessionChanged(id: String)
  /// A missing directory on the way to the store file could not be created.
  case cannotCreateDirectory(path: String, reason: String)
  /// The store file could not be created.
  case cannotCreateFile(path: String, reason: String)
  /// The store path is a symbolic link to a file that does not exist.
  case danglingSymbolicLink(path: String)
  /// The store was opened for reading only (or its file cannot be written) and a command tried to write.
  case readOnly(path: String)
  /// The store predates this version's schema and cannot be upgraded while it is read-only.
  case olderSchema(path: String)
  /// A read-only store whose `-wal` file holds commits SQLite cannot read without writing.
  case unreadableJournal(path: String)
  /// The store was written by a newer version of tandem, with migrations this one does not know.
  case newerSchema(path: String)
  /// A stored row no longer decodes (edited by hand, or written by an incompatible version).
  case corruptRecord(record: String, problem: String)
  /// A date outside the years 0000–9999, which the store's timestamp format cannot hold.
  case dateOutOfRange
  /// SQLite refused an operation; `message` is SQLite's own, which never contains row values.
  case database(operation: String, message: String)

  /// A one-line, lowercase explanation.
  public var description: String {
    switch self {
    case .unknownSession(let id):
      "no session with id '\(id)'"
    case .duplicateSession(let id):
      "a session with id '\(id)' already exists"
    case .sessionChanged(let id):
      "session '\(id)' is open in another window"
    case .cannotCreateDirectory(let path, let reason):
      "cannot create directory '\(path)': \(reason)"
    case .cannotCreateFile(let path, let reason):
      "cannot create store file '\(path)': \(reason)"
    case .danglingSymbolicLink(let path):
      "the store path '\(path)' is a symbolic link to a file that does not exist; create the file (mode 0600) or"
        + " point --store at the real file"
    case .readOnly(let path):
      "the store '\(path)' is read-only; this command needs to write to it"
    case .olderSchema(let path):
      "the store '\(path)' was written by an older version of tandem and is read-only, so it cannot be upgraded;"
        + " run a command that writes with write access once"
    case .unreadableJournal(let path):
      "the store '\(path)' has recent changes in its -wal file that cannot be read while its folder is read-only;"
        + " open it once where it can be written"
    case .newerSchema(let path):
      "the store '\(path)' was written by a newer version of tandem; update tandem to open it"
    case .corruptRecord(let record, let problem):
      "corrupt \(record) in the store: \(problem)"
    case .dateOutOfRange:
      "cannot store a date outside the years 0000–9999"
    case .database(let operation, let message):
      "cannot \(operation): \(message)"
    }
  }
}
