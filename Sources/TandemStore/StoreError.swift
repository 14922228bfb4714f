/// Why the store could not do what was asked.
///
/// Messages are lowercase and name sessions, tables and paths only: they never quote answers
/// or other health data, so they are safe to print and to log.
public enum StoreError: Error, Hashable, Sendable, CustomStringConvertible {
  /// `append` named a session that was never started.
  case unknownSession(id: String)
  /// `startSession` reused the id of a session already stored.
  case duplicateSession(id: String)
  /// A missing directory on the way to the store file could not be created.
  case cannotCreateDirectory(path: String, reason: String)
  /// The store file could not be created.
  case cannotCreateFile(path: String, reason: String)
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
    case .cannotCreateDirectory(let path, let reason):
      "cannot create directory '\(path)': \(reason)"
    case .cannotCreateFile(let path, let reason):
      "cannot create store file '\(path)': \(reason)"
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
