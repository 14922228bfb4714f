import Foundation
import GRDB
import TandemCare
import TandemEvents
import TandemTherapy

/// Stores written before journal format 1: payloads in Swift's synthesized enum encoding, which
/// the core's `Codable` conformances still read. Only the `v3-event-ids-and-documented-payloads`
/// migration uses this; nothing writes that form any more.
enum LegacyJournal {
  /// Gives every row an event id and the device id, and rewrites every payload and pinned module
  /// in the documented format. Rows come in commit order, so a correction's target already has
  /// its event id when the correction is rewritten.
  static func migrate(_ db: Database, device: String) throws {
    let decoder = JSONDecoder()
    var eventIDs: [Int64: String] = [:]
    var random = SystemRandomNumberGenerator()
    let update = try db.makeStatement(
      sql: "UPDATE journal SET payload = ?, event_id = ?, device_id = ? WHERE sequence = ?")
    let rows = try Row.fetchAll(
      db, sql: "SELECT sequence, stream_type, kind, payload, recorded_at FROM journal ORDER BY sequence")
    for row in rows {
      let sequence: Int64 = row[0]
      let streamType: String = row[1]
      let kind: String = row[2]
      let payload: String = row[3]
      let recordedAt: String = row[4]
      let name = "journal entry \(sequence)"
      let eventID = EventID.make(at: Timestamp.date(from: recordedAt) ?? Date(), using: &random)
      eventIDs[sequence] = eventID
      let text: String
      do {
        switch streamType {
        case "session":
          let event = try decoder.decode(SessionEvent.self, from: Data(payload.utf8))
          text = try EventPayload.encode(event)
        case "diary":
          let event = try decoder.decode(DiaryEvent.self, from: Data(payload.utf8))
          text = try EventPayload.encode(event) { eventIDs[$0] }
        default:
          throw StoreError.corruptRecord(record: name, problem: "unknown stream type '\(streamType)'")
        }
      } catch is DecodingError {
        throw StoreError.corruptRecord(record: name, problem: "its payload is not a \(kind) event")
      } catch let error as EventPayloadError {
        throw StoreError.corruptRecord(record: name, problem: error.problem)
      }
      try update.execute(arguments: [text, eventID, device, sequence])
    }
    let sessions = try Row.fetchAll(db, sql: "SELECT id, pinned_module FROM session")
    let updateSession = try db.makeStatement(sql: "UPDATE session SET pinned_module = ? WHERE id = ?")
    for row in sessions {
      let id: String = row[0]
      let module = try JSONColumn.decode(Module.self, from: row[1], record: "session '\(id)'")
      try updateSession.execute(arguments: [try JSONColumn.encode(module.withoutSourcePositions), id])
    }
  }
}
