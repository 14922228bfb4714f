import Foundation
import Testing

@testable import TandemStore

@Suite("SQLiteStore: reading a store without writing to it")
struct ReadOnlyStoreTests {
  @Test("a store opened for reading sees every session and writes nothing")
  func readsWithoutWriting() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let writer = try SQLiteStore(path: path)
      try writer.startSession(id: "r", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      try writer.close()
      let before = try Data(contentsOf: URL(fileURLWithPath: path))

      let reader = try SQLiteStore(readingAt: path)
      #expect(reader.isReadOnly)
      #expect(try reader.allSessions().map(\.id) == ["r"])
      #expect(throws: StoreError.readOnly(path: path)) {
        try reader.append([.completed], toSession: "r", at: Date())
      }
      #expect(throws: StoreError.readOnly(path: path)) {
        _ = try reader.appendDiary(at: Date()) { _ in [] }
      }
      #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
  }

  @Test("a missing store reads as empty and is not created")
  func missingStoreIsEmpty() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/none/tandem.sqlite"
      let reader = try SQLiteStore(readingAt: path)
      #expect(try reader.allSessions().isEmpty)
      #expect(try reader.diaryEntries().isEmpty)
      #expect(!FileManager.default.fileExists(atPath: directory + "/none"))
    }
  }

  @Test("a copy of a WAL store whose -shm cannot be created is read as immutable")
  func walWithoutSharedMemory() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let writer = try SQLiteStore(path: path)
      try writer.startSession(id: "w", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      _ = try writer.writerPragma("wal_checkpoint(TRUNCATE)")
      let copy = directory + "/copy.sqlite"
      try FileManager.default.copyItem(atPath: path, toPath: copy)
      // Stand in for a read-only folder: a directory where the -shm file should be makes it
      // impossible to create, as a folder without write permission does (even for root).
      try FileManager.default.createDirectory(atPath: copy + "-shm", withIntermediateDirectories: false)
      let reader = try SQLiteStore(readingAt: copy)
      #expect(try reader.allSessions().map(\.id) == ["w"])
    }
  }

  @Test("a read-only copy with commits still in its -wal is read with them, never without")
  func walWithPendingCommits() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let writer = try SQLiteStore(path: path)
      try writer.startSession(id: "w", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      let copy = directory + "/copy.sqlite"
      try FileManager.default.copyItem(atPath: path, toPath: copy)
      try FileManager.default.copyItem(atPath: path + "-wal", toPath: copy + "-wal")
      try FileManager.default.createDirectory(atPath: copy + "-shm", withIntermediateDirectories: false)
      // SQLite reads the -wal without a shared -shm, or Tandem refuses: it never drops the commits.
      do {
        #expect(try SQLiteStore(readingAt: copy).allSessions().map(\.id) == ["w"])
      } catch let error as StoreError {
        #expect(error == .unreadableJournal(path: copy))
      }
    }
  }

  @Test("a store file that cannot be written is refused for writing with readOnly", .enabled(if: geteuid() != 0))
  func writableOpenOfReadOnlyFile() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      try SQLiteStore(path: path).close()
      chmod(path, 0o400)
      #expect(throws: StoreError.readOnly(path: path)) { try SQLiteStore(path: path) }
      #expect(try SQLiteStore(readingAt: path).allSessions().isEmpty)
    }
  }

  @Test("a dangling symbolic link as the store path is refused, and nothing is created behind it")
  func danglingSymbolicLink() throws {
    try withTemporaryDirectory { directory in
      let link = directory + "/tandem.sqlite"
      let target = directory + "/elsewhere.sqlite"
      try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
      #expect(throws: StoreError.danglingSymbolicLink(path: link)) { try SQLiteStore(path: link) }
      #expect(throws: StoreError.danglingSymbolicLink(path: link)) { try SQLiteStore(readingAt: link) }
      #expect(!FileManager.default.fileExists(atPath: target))
    }
  }
}
