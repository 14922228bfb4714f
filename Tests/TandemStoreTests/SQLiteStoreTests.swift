import Foundation
import Testing

@testable import TandemCare
@testable import TandemStore
@testable import TandemTherapy

@Suite("SQLiteStore: sessions and their journal")
struct SQLiteStoreTests {
  @Test("a started session comes back exactly as written, with its pinned module and events")
  func roundTrip() throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      let start = date(milliseconds: 1_700_000_000_123)
      let later = date(milliseconds: 1_700_000_065_987)
      try store.startSession(
        id: "a1", module: breathingModule, contentHash: "sha256:abc", events: startEvents, at: start)
      let more: [SessionEvent] = [
        .continued(step: "intro"), .answered(step: "tension", answer: .number(7)),
        .timerFinished(step: "breathe", seconds: 60), .answered(step: "note", answer: .text("shoulders — \"tight\" 💡")),
        .completed,
      ]
      try store.append(more, toSession: "a1", at: later)

      let expected = expectedSession(
        id: "a1", startedAt: start,
        entries: [(1, start, startEvents[0])] + more.enumerated().map { (Int64($0.offset + 2), later, $0.element) })
      #expect(try store.session(id: "a1") == expected)
      #expect(try store.allSessions() == [expected])
      #expect(try store.session(id: "missing") == nil)
    }
  }

  @Test("every kind of event and answer survives the store")
  func everyEventKind() throws {
    let store = try SQLiteStore.inMemory()
    let events: [SessionEvent] = [
      .started(moduleID: "m", version: 1, contentHash: "h"), .answered(step: "s", answer: .number(-3)),
      .answered(step: "s", answer: .text("")), .answered(step: "s", answer: .options(["b", "a"])),
      .answered(step: "s", answer: .safety(flagged: false)), .continued(step: "s"),
      .timerFinished(step: "t", seconds: 30), .skipped(step: "s"), .wentBack(to: "s"), .paused, .resumed,
      .abandoned, .completed, .safetyStopped(step: "s"),
    ]
    let at = date(milliseconds: 0)
    try store.startSession(id: "e", module: breathingModule, contentHash: "sha256:abc", events: events, at: at)
    #expect(try store.session(id: "e")?.events == events)
  }

  @Test("dates are kept to the millisecond, rounding anything finer")
  func millisecondDates() throws {
    let store = try SQLiteStore.inMemory()
    let now = Date()
    try store.startSession(id: "d", module: breathingModule, contentHash: "h", events: startEvents, at: now)
    let stored = try #require(try store.session(id: "d"))
    #expect(abs(stored.startedAt.timeIntervalSince(now)) <= 0.0005)
    #expect(stored.startedAt == date(milliseconds: Int64((now.timeIntervalSince1970 * 1000).rounded())))
  }

  @Test("sessions come oldest first, and each one's entries in commit order")
  func ordering() throws {
    let store = try SQLiteStore.inMemory()
    let early = date(milliseconds: 1_000), middle = date(milliseconds: 2_000), late = date(milliseconds: 3_000)
    try store.startSession(id: "late", module: breathingModule, contentHash: "h", events: startEvents, at: late)
    try store.startSession(id: "early", module: breathingModule, contentHash: "h", events: startEvents, at: early)
    try store.startSession(id: "middle-2", module: breathingModule, contentHash: "h", events: startEvents, at: middle)
    try store.startSession(id: "middle-1", module: breathingModule, contentHash: "h", events: startEvents, at: middle)
    try store.append([.paused], toSession: "early", at: late)
    try store.append([.continued(step: "intro")], toSession: "late", at: late)
    try store.append([.resumed, .abandoned], toSession: "early", at: late)

    let sessions = try store.allSessions()
    #expect(sessions.map(\.id) == ["early", "middle-2", "middle-1", "late"])
    #expect(sessions[0].events == startEvents + [.paused, .resumed, .abandoned])
    #expect(sessions[0].entries.map(\.sequence) == [2, 5, 7, 8])
    #expect(sessions[3].entries.map(\.sequence) == [1, 6])
  }

  @Test("appending to an unknown session throws and writes nothing")
  func appendToUnknownSession() throws {
    let store = try SQLiteStore.inMemory()
    try store.startSession(id: "known", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
    let before = try store.allSessions()
    #expect(throws: StoreError.unknownSession(id: "nope")) {
      try store.append([.paused, .completed], toSession: "nope", at: Date())
    }
    #expect(try store.allSessions() == before)
    #expect(try store.session(id: "nope") == nil)
    #expect(StoreError.unknownSession(id: "nope").description == "no session with id 'nope'")
  }

  @Test("a write that fails is rolled back whole and leaves the store ready for the next one")
  func failedWritesRollBack() throws {
    struct Refused: Error {}
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      try store.startSession(id: "s", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      #expect(throws: StoreError.unknownSession(id: "nope")) {
        try store.append([.paused], toSession: "nope", at: Date())
      }
      let dose = TakenDose(medicationID: "erenumab", instant: Date(), amount: nil, regimenID: nil)
      // The diary write throws inside its transaction: nothing of it is committed.
      #expect(throws: Refused.self) {
        _ = try store.appendDiary(at: Date()) { _ in throw Refused() }
      }
      #expect(try store.diaryEntries().isEmpty)
      try store.append([.paused], toSession: "s", at: Date())
      let written = try store.appendDiary(at: Date()) { _ in [.doseTaken(dose)] }
      #expect(written.count == 1)
      #expect(try store.session(id: "s")?.events == startEvents + [.paused])
      #expect(try store.integrityCheck() == "ok")
    }
  }

  @Test("starting a session with a taken id throws and changes nothing")
  func duplicateSession() throws {
    let store = try SQLiteStore.inMemory()
    try store.startSession(id: "s", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
    let before = try store.allSessions()
    var other = breathingModule
    other.title = "Something else"
    #expect(throws: StoreError.duplicateSession(id: "s")) {
      try store.startSession(id: "s", module: other, contentHash: "h2", events: [.paused], at: Date())
    }
    #expect(try store.allSessions() == before)
  }

  @Test("a session reloaded from the file resumes in the state the machine left it in")
  func stateReplay() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      let machine = SessionMachine(module: breathingModule)
      let clock = date(milliseconds: 1_710_000_000_000)
      var (state, effects) = machine.start(moduleHash: "sha256:abc")
      try SQLiteStore(path: path).startSession(
        id: "r", module: breathingModule, contentHash: "sha256:abc", events: recorded(effects), at: clock)
      for action in [SessionAction.continuePressed, .answerSubmitted("eleven"), .answerSubmitted("6"), .pauseRequested]
      {
        effects = machine.reduce(&state, action)
        // Each run of the CLI opens the store afresh.
        let events = recorded(effects)
        if !events.isEmpty { try SQLiteStore(path: path).append(events, toSession: "r", at: clock) }
      }

      let reloaded = try #require(try SQLiteStore(path: path).session(id: "r"))
      state.rejection = nil
      #expect(reloaded.state == state)
      #expect(reloaded.state.status == .paused)
      #expect(reloaded.state.current == "breathe")
      #expect(reloaded.state.answers == ["tension": .number(6)])
      #expect(try SQLiteStore(path: path).latestOpenSession()?.id == "r")
    }
  }

  private func recorded(_ effects: [SessionEffect]) -> [SessionEvent] {
    effects.flatMap { effect -> [SessionEvent] in
      if case .record(let events) = effect { return events }
      return []
    }
  }

  @Test("closing and reopening the file keeps every session and entry")
  func reopen() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/data/tandem.sqlite"
      let first = try SQLiteStore(path: path)
      try first.startSession(
        id: "x", module: breathingModule, contentHash: "h", events: startEvents, at: date(milliseconds: 5))
      try first.append([.continued(step: "intro")], toSession: "x", at: date(milliseconds: 6))
      try first.startSession(id: "y", module: breathingModule, contentHash: "h", events: [], at: date(milliseconds: 7))
      let written = try first.allSessions()
      try first.close()
      #expect(throws: StoreError.self) { try first.allSessions() }

      let second = try SQLiteStore(path: path)
      #expect(try second.allSessions() == written)
      #expect(written.map { $0.entries.count } == [2, 0])
      try second.append([.paused], toSession: "x", at: date(milliseconds: 8))
      #expect(try second.session(id: "x")?.entries.last?.sequence == 3)
    }
  }

  @Test("commits are durable: WAL journal, synchronous FULL, a busy timeout, foreign keys on")
  func durabilitySettings() throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      #expect(try store.writerPragma("journal_mode") == "wal")
      #expect(try store.writerPragma("synchronous") == "2")
      #expect(try store.writerPragma("busy_timeout") == "5000")
      #expect(try store.writerPragma("foreign_keys") == "1")
    }
  }

  @Test("the integrity check of a used store says ok")
  func integrityCheck() throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      try store.startSession(id: "i", module: breathingModule, contentHash: "h", events: startEvents, at: Date())
      #expect(try store.integrityCheck() == "ok")
      #expect(try SQLiteStore.inMemory().integrityCheck() == "ok")
    }
  }

  @Test("a file that is not a database is refused with a clear error")
  func notADatabase() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/tandem.sqlite"
      try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
      let error = try #require(throws: StoreError.self) { try SQLiteStore(path: path) }
      #expect(
        error.description.hasPrefix("cannot open the store '\(path)'") || error.description.hasPrefix("cannot prepare"))
      #expect(error.description.contains("not a database"))
    }
  }
}
