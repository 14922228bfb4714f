import Foundation
import GRDB
import TandemEvents
import TandemTherapy

/// One row of the `session` table: a session's pinned module and when it started.
struct SessionRecord: Codable, Hashable {
  /// Unique id (a lowercase UUID).
  var id: String
  /// The pinned module's id, copied out of the JSON for queries.
  var moduleID: String
  /// The pinned module's version, copied out of the JSON for queries.
  var moduleVersion: Int
  /// Hash of the module's source bytes at start.
  var contentHash: String
  /// The pinned `Module` as JSON text.
  var pinnedModule: String
  /// `Timestamp` text of the start.
  var startedAt: String

  enum CodingKeys: String, CodingKey {
    case id
    case moduleID = "module_id"
    case moduleVersion = "module_version"
    case contentHash = "content_hash"
    case pinnedModule = "pinned_module"
    case startedAt = "started_at"
  }
}

extension SessionRecord: FetchableRecord, PersistableRecord {
  static let databaseTableName = "session"

  enum Columns {
    static let id = Column(CodingKeys.id)
    static let moduleID = Column(CodingKeys.moduleID)
    static let moduleVersion = Column(CodingKeys.moduleVersion)
    static let contentHash = Column(CodingKeys.contentHash)
    static let pinnedModule = Column(CodingKeys.pinnedModule)
    static let startedAt = Column(CodingKeys.startedAt)
  }
}

extension SessionRecord {
  /// The row for a new session.
  init(id: String, module: Module, contentHash: String, startedAt: Date) throws {
    self.init(
      id: id, moduleID: module.id, moduleVersion: module.version, contentHash: contentHash,
      pinnedModule: try JSONColumn.encode(PinnedModule(module)), startedAt: try Timestamp.text(from: startedAt)
    )
  }

  /// The session this row and its journal entries describe.
  func storedSession(entries: [JournalEntry]) throws -> StoredSession {
    let record = "session '\(id)'"
    let module = try JSONColumn.decode(PinnedModule.self, from: pinnedModule, record: record).module
    guard let date = Timestamp.date(from: startedAt) else {
      throw StoreError.corruptRecord(record: record, problem: "started_at is not a timestamp")
    }
    return StoredSession(id: id, module: module, contentHash: contentHash, startedAt: date, entries: entries)
  }
}
