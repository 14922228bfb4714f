// The floor for a durable write: one row, one transaction, through SQLite's C API.

import Foundation
import GRDBSQLite

final class RawSQLite {
  private var db: OpaquePointer?
  private var insert: OpaquePointer?
  private var begin: OpaquePointer?
  private var commit: OpaquePointer?

  init(path: String) throws {
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
      throw BenchError("raw sqlite: cannot open \(path)")
    }
    try exec("PRAGMA journal_mode = WAL")
    try exec("PRAGMA synchronous = FULL")
    try exec(
      """
      CREATE TABLE IF NOT EXISTS journal (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_type TEXT NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL,
        payload TEXT NOT NULL, recorded_at TEXT NOT NULL, event_id TEXT, device_id TEXT)
      """)
    insert = try prepare(
      """
      INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, event_id, device_id)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """)
    begin = try prepare("BEGIN IMMEDIATE")
    commit = try prepare("COMMIT")
  }

  deinit {
    sqlite3_finalize(insert)
    sqlite3_finalize(begin)
    sqlite3_finalize(commit)
    sqlite3_close_v2(db)
  }

  func pragma(_ name: String) throws -> String {
    let statement = try prepare("PRAGMA \(name)")
    defer { sqlite3_finalize(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return "?" }
    return String(cString: text)
  }

  private func exec(_ sql: String) throws {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("raw sqlite: \(message)") }
  }

  private func prepare(_ sql: String) throws -> OpaquePointer? {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
      throw BenchError("raw sqlite: \(message)")
    }
    return statement
  }

  private var message: String { sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error" }

  private func step(_ statement: OpaquePointer?) throws {
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    guard code == SQLITE_DONE else { throw BenchError("raw sqlite: \(message)") }
  }

  /// One row in its own durable transaction.
  func append(stream: String, kind: String, payload: String, recordedAt: String) throws {
    try step(begin)
    // Every journal row carries its own event id and the device's id, as the store's do.
    let values = ["session", stream, kind, payload, recordedAt, UUID().uuidString.lowercased(), benchDeviceID]
    // SQLITE_TRANSIENT: SQLite copies the text.
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    for (index, value) in values.enumerated() {
      sqlite3_bind_text(insert, Int32(index + 1), value, -1, transient)
    }
    do {
      try step(insert)
    } catch {
      try? step(commit)
      throw error
    }
    try step(commit)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

/// The device id the floors write on every row (the store makes its own).
let benchDeviceID = "00000000-0000-4000-8000-0000000000be"
