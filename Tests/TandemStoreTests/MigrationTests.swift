import Foundation
import GRDB
import Testing

@testable import TandemCare
@testable import TandemStore

@Suite("Migrating a store written before journal format 1")
struct MigrationTests {
  static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Fixtures/store-before-event-ids.sqlite").path

  @Test("every row gets a unique UUIDv7 event id and the store's device id; payloads and pinned modules are rewritten")
  func rowsMigrate() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/old.sqlite"
      try FileManager.default.copyItem(atPath: Self.fixture, toPath: path)
      let before = try DatabaseQueue(path: path).read { db in
        try Int.fetchOne(db, sql: "SELECT count(*) FROM journal") ?? 0
      }
      #expect(before == 35)
      let store = try SQLiteStore(path: path)
      let diary = try store.diaryEntries()
      #expect(diary.count == 14)
      #expect(try store.allSessions().count == 2)
      try store.close()
      try DatabaseQueue(path: path).read { db in
        let device = try #require(try String.fetchOne(db, sql: "SELECT id FROM device"))
        let rows = try Row.fetchAll(db, sql: "SELECT event_id, device_id, payload FROM journal ORDER BY sequence")
        #expect(rows.count == before)
        let ids = rows.map { $0[0] as String }
        #expect(Set(ids).count == ids.count)
        for row in rows {
          let id: String = row[0]
          #expect(id.count == 36 && Array(id)[14] == "7")
          #expect(row[1] == device)
          let payload: String = row[2]
          #expect(payload.contains("\"schema\":1") && !payload.contains("\"_0\""), "\(payload)")
        }
        for module in try String.fetchAll(db, sql: "SELECT pinned_module FROM session") {
          #expect(!module.contains("\"file\""), "a source position survived")
        }
      }
    }
  }

  @Test("the migrated diary says what it said: corrections still replace and withdraw their entries")
  func diaryMeaningKept() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/old.sqlite"
      try FileManager.default.copyItem(atPath: Self.fixture, toPath: path)
      let ledger = DiaryLedger(try SQLiteStore(path: path).diaryEntries())
      #expect(ledger.regimens.count == 3)
      // Entry 7 (a topiramate dose) was withdrawn, entry 10 moved to 08:30 local time.
      #expect(!ledger.doses.contains { $0.sequence == 7 })
      let moved = try #require(ledger.doses.first { $0.sequence == 10 })
      #expect(moved.value.instant == Date(timeIntervalSince1970: 1_791_181_800))
      #expect(ledger.attacks.count == 2)
    }
  }
}
