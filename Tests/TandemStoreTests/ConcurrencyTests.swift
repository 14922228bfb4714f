import Foundation
import Testing

@testable import TandemStore
@testable import TandemTherapy

@Suite("SQLiteStore: several writers on one file")
struct ConcurrencyTests {
  @Test("two stores on the same file appending at once both succeed and lose nothing")
  func concurrentAppends() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let stores = [try SQLiteStore(path: path), try SQLiteStore(path: path)]
      try stores[0].startSession(id: "c", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      let errors = ThreadSafeList<any Error>()
      let perWriter = 200

      DispatchQueue.concurrentPerform(iterations: 2) { writer in
        for index in 0..<perWriter {
          do {
            let event = SessionEvent.answered(step: "note", answer: .text("w\(writer)-\(index)"))
            try stores[writer].append([event], toSession: "c", at: Date())
          } catch {
            errors.append(error)
          }
        }
      }

      #expect(errors.all.isEmpty, "\(errors.all.map { "\($0)" })")
      let entries = try #require(try SQLiteStore(path: path).session(id: "c")).entries
      #expect(entries.count == 1 + 2 * perWriter)
      #expect(entries.map(\.sequence) == Array(1...Int64(1 + 2 * perWriter)))
      for writer in 0..<2 {
        let texts = entries.compactMap { entry -> String? in
          guard case .answered(_, .text(let text)) = entry.event, text.hasPrefix("w\(writer)-") else { return nil }
          return text
        }
        #expect(texts == (0..<perWriter).map { "w\(writer)-\($0)" })
      }
      #expect(try stores[1].integrityCheck() == "ok")
    }
  }

  @Test("two processes opening a new store at the same moment both get a migrated store")
  func concurrentFirstOpen() throws {
    try withTemporaryDirectory { directory in
      for attempt in 0..<5 {
        let path = directory + "/fresh-\(attempt).sqlite"
        let errors = ThreadSafeList<any Error>()
        DispatchQueue.concurrentPerform(iterations: 2) { opener in
          do {
            try SQLiteStore(path: path).startSession(
              id: "o\(opener)", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
          } catch {
            errors.append(error)
          }
        }
        #expect(errors.all.isEmpty, "\(errors.all.map { "\($0)" })")
        let ids = try SQLiteStore(path: path).allSessions().map(\.id)
        #expect(Set(ids) == ["o0", "o1"])
      }
    }
  }
}
