import Foundation
import GRDB
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemStore

/// A diary with every kind of entry, written through the store: two regimens, doses and skips
/// of two medications over 200 days, attacks (logged whole, started and ended, one still open),
/// and corrections that move, delete, chain, and end things.
struct WindowDiary {
  static let origin = Date(timeIntervalSince1970: 1_750_000_000.125)
  static let day: TimeInterval = 86_400

  /// A small deterministic generator, so a failure can be replayed.
  struct Generator {
    var state: UInt64
    mutating func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
  }

  static func regimen(_ id: String, _ medication: String, prn: Bool) -> DiaryEvent {
    let time = LocalTime(hour: 8, minute: 0) ?? .midnight
    return .regimenPrescribed(
      Regimen(
        id: id, medicationID: medication, dose: Quantity(value: 50, unit: .mg),
        schedule: prn ? .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: 2) : .daily(times: [time]),
        start: LocalDate(origin, in: TimeZone(secondsFromGMT: 0) ?? .current), timeZoneIdentifier: "UTC"))
  }

  /// The originals, in commit order.
  /// `ownMedication` adds a medication of the patient's own, which stores from before the window
  /// columns never held.
  static func originals(seed: UInt64, ownMedication: Bool = true) -> [DiaryEvent] {
    var random = Generator(state: seed)
    var events: [DiaryEvent] = [regimen("r1", "propranolol", prn: false), regimen("r2", "sumatriptan", prn: true)]
    for index in 0..<200 {
      let at = origin + Double(index) * day + Double(random.next(80_000))
      switch random.next(10) {
      case 0: events.append(.doseSkipped(SkippedDose(medicationID: "propranolol", instant: at, reason: "tired")))
      case 1, 2:
        let open = random.next(3) == 0
        events.append(
          .attackLogged(
            Attack(id: "a\(index)", start: at, end: open ? nil : at + Double(1 + random.next(30)) * 3_600, severity: 5))
        )
      case 3: events.append(.doseTaken(TakenDose(medicationID: "sumatriptan", instant: at, regimenID: "r2")))
      default:
        events.append(
          .doseTaken(
            TakenDose(medicationID: "propranolol", instant: at, amount: Quantity(value: 50, unit: .mg), regimenID: "r1")
          ))
      }
      if index == 150 {
        events.append(.regimenEnded(regimenID: "r1", lastDay: LocalDate(dayNumber: 20_400), reason: nil))
      }
      if index == 20, ownMedication {
        // A medication of the patient's own is held by every window, like a regimen.
        events.append(
          .medicationAdded(PatientMedication(id: "own-feverfew", name: "feverfew", medicationClass: .other)))
      }
    }
    return events
  }

  /// Writes the diary into `store`: originals, then three rounds of corrections (the later
  /// rounds correct corrections too).
  static func write(into store: any DiaryStore, seed: UInt64, ownMedication: Bool = true) throws {
    _ = try store.appendDiary(at: origin) { _ in originals(seed: seed, ownMedication: ownMedication) }
    var random = Generator(state: seed &+ 99)
    for _ in 0..<3 {
      _ = try store.appendDiary(at: origin + 300 * day) { entries in
        var fixes: [DiaryEvent] = []
        for entry in entries where random.next(12) == 0 {
          let shift = Double(random.next(400) - 200) * day
          let replacement: DiaryEvent?
          switch entry.event {
          case .doseTaken(var dose):
            dose.instant += shift
            replacement = random.next(4) == 0 ? nil : .doseTaken(dose)
          case .doseSkipped(var skip):
            skip.instant += shift
            replacement = .doseSkipped(skip)
          case .attackLogged(var attack):
            // End an open attack, reopen an ended one, or move one.
            if attack.end == nil {
              attack.end = attack.start + 7_200
            } else if random.next(3) == 0 {
              attack.end = nil
            } else {
              attack.start += shift
              attack.end = attack.start + 3_600
            }
            replacement = .attackLogged(attack)
          case .corrected(_, let replacement?, _):
            // Correct a correction: the chain names the original.
            if case .doseTaken(var dose) = replacement {
              dose.instant += shift
              fixes.append(.corrected(sequence: entry.sequence, replacement: .doseTaken(dose), reason: "again"))
            }
            continue
          case .regimenPrescribed(var regimen):
            regimen.dose = Quantity(value: 25, unit: .mg)
            replacement = .regimenPrescribed(regimen)
          default:
            continue
          }
          fixes.append(.corrected(sequence: entry.sequence, replacement: replacement, reason: nil))
        }
        return fixes
      }
    }
  }

  /// Windows from before the first entry to after the last, with and without a medication.
  static let windows: [DiaryWindow] = [-400.0, 0, 30, 100, 150.5, 199, 190, 260, 700].flatMap { days in
    [nil, "propranolol", "sumatriptan"].map { DiaryWindow(since: origin + days * day, medicationID: $0) }
  }
}

@Suite("Diary windows: the store reads exactly the entries a window holds")
struct DiaryWindowStoreTests {
  @Test("a windowed read equals the window taken from the whole diary", arguments: [1, 2, 3] as [UInt64])
  func windowedReadMatchesTheWholeDiary(seed: UInt64) throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      try WindowDiary.write(into: store, seed: seed)
      let all = try store.diaryEntries()
      #expect(all.contains { if case .corrected = $0.event { true } else { false } })
      for window in WindowDiary.windows {
        let windowed = try store.diaryEntries(window: window)
        #expect(windowed == window.entries(of: all), "since \(window.since), \(window.medicationID ?? "all")")
      }
      // The last ten days hold regimens, open attacks and a few recent entries: far from everything.
      let recent = try store.diaryEntries(window: DiaryWindow(since: WindowDiary.origin + 190 * WindowDiary.day))
      #expect(recent.count > 2 && recent.count < all.count / 3)
    }
  }

  @Test("folding a window gives every recent record as the whole diary has it", arguments: [4, 5] as [UInt64])
  func windowLedgerAgreesWithTheWholeLedger(seed: UInt64) throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      try WindowDiary.write(into: store, seed: seed)
      let whole = DiaryLedger(try store.diaryEntries())
      for window in WindowDiary.windows where window.medicationID == nil {
        let part = DiaryLedger(try store.diaryEntries(window: window))
        let recentDoses = whole.doses.filter { $0.value.instant >= window.since }.map(\.value)
        #expect(part.doses.map(\.value).filter { $0.instant >= window.since } == recentDoses)
        let recentSkips = whole.skips.filter { $0.value.instant >= window.since }.map(\.value)
        #expect(part.skips.map(\.value).filter { $0.instant >= window.since } == recentSkips)
        let reaching = { (attack: Attack) in
          attack.start >= window.since || (attack.end ?? .distantFuture) >= window.since
        }
        #expect(part.attacks.map(\.value).filter(reaching) == whole.attacks.map(\.value).filter(reaching))
        #expect(part.regimens.map(\.value) == whole.regimens.map(\.value))
        #expect(part.attackInProgress?.value == whole.attackInProgress?.value)
      }
    }
  }

  @Test("corrections come with their originals across the window's edge")
  func correctionsResolveAcrossTheEdge() throws {
    let store = try SQLiteStore.inMemory()
    let t = WindowDiary.origin
    let old = TakenDose(medicationID: "m", instant: t)
    let recent = TakenDose(medicationID: "m", instant: t + 10 * WindowDiary.day)
    let written = try store.appendDiary(at: t) { _ in
      [
        .doseTaken(old), .doseTaken(recent),
        .attackLogged(Attack(id: "open", start: t - 50 * WindowDiary.day, severity: 4)),
        .attackLogged(Attack(id: "long", start: t, end: t + 9.5 * WindowDiary.day, severity: 4)),
      ]
    }
    let sequences = written.map(\.sequence)
    // The old dose moved into the window, the recent one moved out of it.
    var moved = old
    moved.instant = t + 12 * WindowDiary.day
    var early = recent
    early.instant = t + 1 * WindowDiary.day
    let fixes = try store.appendDiary(at: t) { _ in
      [
        .corrected(sequence: sequences[0], replacement: .doseTaken(moved), reason: nil),
        .corrected(sequence: sequences[1], replacement: .doseTaken(early), reason: nil),
      ]
    }
    // A correction of the correction that moved the old dose.
    var later = moved
    later.instant = t + 13 * WindowDiary.day
    _ = try store.appendDiary(at: t) { _ in
      [.corrected(sequence: fixes[0].sequence, replacement: .doseTaken(later), reason: nil)]
    }
    let window = DiaryWindow(since: t + 9 * WindowDiary.day)
    let held = try store.diaryEntries(window: window)
    // Both doses (each with every correction), the attack still open, the attack that ends inside.
    #expect(held.map(\.sequence) == sequences + [fixes[0].sequence, fixes[1].sequence, fixes[1].sequence + 1])
    let ledger = DiaryLedger(held)
    #expect(ledger.doses.map(\.value.instant) == [early.instant, later.instant])
    #expect(ledger.attackInProgress?.value.id == "open")
    // Once the open attack has ended long ago it is no longer held.
    _ = try store.appendDiary(at: t) { _ in
      [
        .corrected(
          sequence: sequences[2],
          replacement: .attackLogged(
            Attack(id: "open", start: t - 50 * WindowDiary.day, end: t - 49 * WindowDiary.day, severity: 4)),
          reason: "ended")
      ]
    }
    #expect(DiaryLedger(try store.diaryEntries(window: window)).attacks.map(\.value.id) == ["long"])
  }

  @Test("appendDiary with a window shows build the window and stores what it returns")
  func appendWithAWindow() throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      try WindowDiary.write(into: store, seed: 7)
      let window = DiaryWindow(since: WindowDiary.origin + 190 * WindowDiary.day, medicationID: "sumatriptan")
      let expected = window.entries(of: try store.diaryEntries())
      var seen: [DiaryEntry] = []
      let dose = TakenDose(medicationID: "sumatriptan", instant: WindowDiary.origin + 250 * WindowDiary.day)
      let written = try store.appendDiary(at: WindowDiary.origin + 250 * WindowDiary.day, window: window) { entries in
        seen = entries
        return [.doseTaken(dose)]
      }
      #expect(seen == expected)
      #expect(written.map(\.event) == [.doseTaken(dose)])
      #expect(try store.diaryEntries(window: window).last == written.last)
      #expect(try store.diaryEntries().last == written.last)
      // Without a window, build sees everything.
      _ = try store.appendDiary(at: WindowDiary.origin, window: nil) { entries in
        #expect(entries.count == (try? store.diaryEntries().count))
        return []
      }
    }
  }
}

extension DiaryWindowStoreTests {
  @Test("a session step that logs a dose sees the window and commits with the answer")
  func sessionAppendWithAWindow() throws {
    try withTemporaryDirectory { directory in
      let store = try SQLiteStore(path: directory + "/tandem.sqlite")
      try WindowDiary.write(into: store, seed: 8)
      let at = WindowDiary.origin + 250 * WindowDiary.day
      try store.startSession(id: "s", module: breathingModule, contentHash: "sha256:abc", events: startEvents, at: at)
      let window = DiaryWindow(since: WindowDiary.origin + 195 * WindowDiary.day)
      let expected = window.entries(of: try store.diaryEntries())
      var seen: [DiaryEntry] = []
      let dose = TakenDose(medicationID: "sumatriptan", instant: at)
      let written = try store.append([.continued(step: "intro")], toSession: "s", at: at, window: window) { entries in
        seen = entries
        return [.doseTaken(dose)]
      }
      #expect(seen == expected)
      #expect(try store.diaryEntries(window: window).last == written.last)
      #expect(try store.session(id: "s")?.entries.count == 2)
    }
  }
}

@Suite("Diary windows: a store from before the window columns is brought up to date")
struct DiaryWindowMigrationTests {
  /// Writes `events` as the store wrote them before `v2-diary-window-columns`: only the v1 schema,
  /// rows with kind, payload and commit time.
  static func writeOldStore(at path: String, _ events: (Int64) -> [DiaryEvent]) throws {
    let queue = try DatabaseQueue(path: path)
    try SQLiteStore.migrator.migrate(queue, upTo: "v1-sessions-journal")
    try queue.write { db in
      for round in 0..<4 as Range<Int64> {
        for event in events(round) {
          try db.execute(
            sql:
              "INSERT INTO journal (stream_type, stream, kind, payload, recorded_at) VALUES ('diary', 'patient', ?, ?, ?)",
            arguments: [event.kind, try JSONColumn.encode(event), "2026-01-02T03:04:05.678Z"])
        }
      }
    }
    try queue.close()
  }

  @Test("existing rows get their window columns, and windowed reads work on them")
  func migratesAnOldStore() throws {
    try withTemporaryDirectory { directory in
      let path = directory + "/old.sqlite"
      // The same diary written by the current store, to learn the corrections' targets.
      let reference = try SQLiteStore.inMemory()
      try WindowDiary.write(into: reference, seed: 11, ownMedication: false)
      let all = try reference.diaryEntries()
      try Self.writeOldStore(at: path) { round in round == 0 ? all.map(\.event) : [] }
      let store = try SQLiteStore(path: path)
      let migrated = try store.diaryEntries()
      #expect(migrated.map(\.event) == all.map(\.event))
      for window in WindowDiary.windows {
        #expect(try store.diaryEntries(window: window) == window.entries(of: migrated))
      }
      // The columns hold exactly what new writes store.
      let fresh = try SQLiteStore.inMemory()
      _ = try fresh.appendDiary(at: WindowDiary.origin) { _ in all.map(\.event) }
      let columns =
        "SELECT sequence, kind, occurred_at, ends_at, medication_id, corrects FROM journal ORDER BY sequence"
      let old = try store.writer.read { db in try Row.fetchAll(db, sql: columns) }
      let new = try fresh.writer.read { db in try Row.fetchAll(db, sql: columns) }
      #expect(old == new)
      #expect(old.contains { $0["corrects"] != nil })
      // The journal is still append-only.
      #expect(throws: (any Error).self) {
        try store.writer.write { db in try db.execute(sql: "UPDATE journal SET occurred_at = 0") }
      }
    }
  }
}
