import Foundation
import Testing

@testable import TandemStore

@Suite("SQLiteStore: a private file for health data")
struct StoreFileTests {
  @Test("new directories are 0700 and the database, -wal and -shm files are 0600")
  func privateModes() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/share/tandem/tandem.sqlite"
      let store = try SQLiteStore(path: path)
      try store.startSession(id: "m", module: breathingModule, contentHash: "h", events: startEvents, at: Date())

      #expect(try mode(of: directory + "/share") == 0o700)
      #expect(try mode(of: directory + "/share/tandem") == 0o700)
      #expect(try mode(of: path) == 0o600)
      // The store is open, so its WAL companions exist.
      #expect(try mode(of: path + "-wal") == 0o600)
      #expect(try mode(of: path + "-shm") == 0o600)
    }
  }

  @Test("existing directories and files keep the modes the user gave them")
  func existingModesUntouched() throws {
    try withTemporaryDirectory { directory in
      let shared = directory + "/shared"
      try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: false)
      try FileManager.default.setAttributes([.posixPermissions: 0o750], ofItemAtPath: shared)
      _ = try SQLiteStore(path: shared + "/tandem.sqlite")
      #expect(try mode(of: shared) == 0o750)

      let store = try SQLiteStore(path: shared + "/tandem.sqlite")
      try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: shared + "/tandem.sqlite")
      try store.close()
      _ = try SQLiteStore(path: shared + "/tandem.sqlite")
      #expect(try mode(of: shared + "/tandem.sqlite") == 0o640)
    }
  }

  @Test("a directory that cannot be created is reported by path, lowercase")
  func cannotCreateDirectory() throws {
    try withTemporaryDirectory { directory in
      let blocker = directory + "/file"
      try Data().write(to: URL(fileURLWithPath: blocker))
      let error = try #require(throws: StoreError.self) { try SQLiteStore(path: blocker + "/tandem/tandem.sqlite") }
      guard case .cannotCreateDirectory(let path, _) = error else {
        Issue.record("unexpected error: \(error)")
        return
      }
      #expect(path == blocker + "/tandem")
      #expect(error.description == "cannot create directory '\(blocker)/tandem': not a directory")
    }
  }
}
