import Foundation
import Testing

@testable import TandemStore

@Suite("SQLiteStore: appends that expect the session's last event")
struct SessionPositionTests {
  @Test("an append expecting the current last sequence succeeds and returns the new one")
  func appendAtExpectedPosition() throws {
    let store = try SQLiteStore.inMemory()
    let started = try store.startSession(
      id: "p", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
    let next = try store.append(
      [.answered(step: "note", answer: .text("one"))], toSession: "p", expectingLast: started, at: Date())
    #expect(next > started)
    let session = try #require(try store.session(id: "p"))
    #expect(session.entries.last?.sequence == next)
  }

  @Test("a second window's append after the first one wrote is refused and writes nothing")
  func staleAppendRefused() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let first = try SQLiteStore(path: path)
      let second = try SQLiteStore(path: path)
      let start = try first.startSession(
        id: "p", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      // Both windows read the session at `start`; the first one answers.
      try first.append(
        [.answered(step: "note", answer: .text("first"))], toSession: "p", expectingLast: start, at: Date())
      #expect(throws: StoreError.sessionChanged(id: "p")) {
        try second.append(
          [.answered(step: "note", answer: .text("second")), .completed], toSession: "p", expectingLast: start,
          at: Date())
      }
      #expect(throws: StoreError.sessionChanged(id: "p")) {
        _ = try second.append([.completed], toSession: "p", expectingLast: start, at: Date()) { _ in [] }
      }
      let texts = try #require(try first.session(id: "p")).events.compactMap { event -> String? in
        guard case .answered(_, .text(let text)) = event else { return nil }
        return text
      }
      #expect(texts == ["first"])
      #expect(try #require(try first.session(id: "p")).events.count == startEvents.count + 1)
    }
  }

  @Test("racing appends from one position: exactly one wins")
  func racingAppends() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let stores = [try SQLiteStore(path: path), try SQLiteStore(path: path)]
      let start = try stores[0].startSession(
        id: "r", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      let outcomes = ThreadSafeList<Bool>()
      DispatchQueue.concurrentPerform(iterations: 2) { window in
        do {
          try stores[window].append(
            [.answered(step: "note", answer: .text("w\(window)"))], toSession: "r", expectingLast: start, at: Date())
          outcomes.append(true)
        } catch {
          outcomes.append(false)
        }
      }
      #expect(outcomes.all.filter { $0 }.count == 1)
      #expect(try #require(try stores[1].session(id: "r")).events.count == startEvents.count + 1)
    }
  }

  @Test("an append expecting a position in a session that does not exist is unknownSession")
  func unknownSession() throws {
    let store = try SQLiteStore.inMemory()
    #expect(throws: StoreError.unknownSession(id: "nope")) {
      try store.append([.completed], toSession: "nope", expectingLast: 1, at: Date())
    }
  }
}
