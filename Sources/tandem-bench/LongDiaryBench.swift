// Long-diary benchmarks: a ten-year diary (40,000 doses across three preventives and two
// as-needed medications, 4,000 attacks) in a real store, and the work behind `dose take`, `due`,
// `attack log` and `progress` on it, read whole (as the commands did) and through a window; whole-history
// reads; CMA7/CMA9 on one patient with 300,000 fills. Each beside its floor: a raw SQLite
// insert + commit for writes, a raw row scan for reads.

import ArgumentParser
import Foundation
import GRDB
import GRDBSQLite
import TandemAdherence
import TandemBase
import TandemCare
import TandemStore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// `dose take`, `due` and `attack log` on ten years of one patient's diary.
struct LongDiaryBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "long-diary",
    abstract: "The ten-year diary: dose take, due, attack log, whole reads, CMA on 300,000 fills.")

  @OptionGroup var options: BenchOptions

  static func measure(in workspace: Workspace) -> [String] {
    let runs = workspace.options.quick ? 3 : 7
    let work = workspace.path
    print("== A ten-year diary: 40,000 doses, 4,000 attacks ==")
    let diary = workspace.longDiary()
    guard let store = try? SQLiteStore(path: diary.path) else { workspace.fail("cannot open \(diary.path)") }
    let total = (try? store.diaryEntries().count) ?? 0
    print(
      "\(diary.doses) doses, \(diary.attacks) attacks, \(total) entries; written through the store in \(format(workspace.longDiaryBuildTime))"
    )

    // Floors.
    let raw = try? RawSQLite(path: work + "/long-diary-raw.sqlite")
    let payload = "{\"doseTaken\":{\"_0\":{\"instant\":786000000.5,\"medicationID\":\"sumatriptan\"}}}"
    let insertFloor = Stats(
      (0..<runs).map { _ in
        time {
          try? raw?.append(
            stream: "patient", kind: "dose-taken", payload: payload, recordedAt: "2026-11-30T22:00:00.000Z")
        }
      })
    var db: OpaquePointer?
    sqlite3_open_v2(diary.path, &db, SQLITE_OPEN_READONLY, nil)
    let scanFloor = Stats(
      (0..<runs).map { _ in
        time {
          var statement: OpaquePointer?
          sqlite3_prepare_v2(
            db,
            "SELECT sequence, kind, payload, recorded_at FROM journal WHERE stream_type = 'diary' ORDER BY sequence",
            -1,
            &statement, nil)
          var bytes = 0
          while sqlite3_step(statement) == SQLITE_ROW { bytes += Int(sqlite3_column_bytes(statement, 2)) }
          sqlite3_finalize(statement)
        }
      })
    sqlite3_close(db)

    var rows: [Row] = []
    func line(_ name: String, _ stats: Stats, floor: Stats, _ floorName: String) {
      rows.append(
        Row(name: name, stats: stats, note: String(format: "%.1f× %@", stats.median / floor.median, floorName)))
    }
    rows.append(Row(name: "floor: raw SQLite insert + commit (FULL)", stats: insertFloor))
    // Every command opens the store (and checks its migrations) before anything else.
    let open = Stats((0..<runs).map { _ in time { _ = try? SQLiteStore(path: diary.path) } })
    rows.append(Row(name: "open the store (migrations checked)", stats: open))
    rows.append(Row(name: "floor: raw scan of every diary row", stats: scanFloor))

    // Where a whole-history read goes: SQLite, GRDB's rows, decoding.
    if let queue = try? DatabaseQueue(path: diary.path) {
      let fetch = Stats(
        (0..<runs).map { _ in
          time {
            _ = try? queue.read { db -> Int in
              var count = 0
              let cursor = try GRDB.Row.fetchCursor(
                db,
                sql:
                  "SELECT sequence, kind, payload, recorded_at FROM journal WHERE stream_type = 'diary' ORDER BY sequence"
              )
              while let row = try cursor.next() {
                let text: String = row[2]
                count += text.utf8.count
              }
              return count
            }
          }
        })
      line("whole diary: GRDB rows to strings", fetch, floor: scanFloor, "the scan")
      try? queue.close()
    }
    let read = Stats((0..<runs).map { _ in time { _ = try? store.diaryEntries() } })
    line("whole diary: read + decode (diaryEntries)", read, floor: scanFloor, "the scan")
    let fold = Stats((0..<runs).map { _ in time { _ = try? DiaryLedger(store.diaryEntries()) } })
    line("whole diary: read + decode + ledger", fold, floor: scanFloor, "the scan")

    // dose take: whole diary vs the plan the command uses (DiaryReach), for an as-needed and a
    // scheduled medication.
    let wholeRuns = max(1, runs / 2)
    for medicationID in ["sumatriptan", "propranolol"] {
      guard let medication = diary.catalogue.medication(id: medicationID) else { continue }
      let takeWhole = Stats(
        (0..<wholeRuns).map { _ in
          time {
            _ = try? store.appendDiary(at: diary.now) {
              doseTakeChecks($0, medication: medication, instant: diary.now, diary: diary)
            }
          }
        })
      line("dose take \(medicationID): whole diary (before)", takeWhole, floor: insertFloor, "insert")
      let takeWindow = Stats(
        (0..<runs).map { _ in
          time {
            let plan = DiaryReach.dose(
              of: medicationID, at: diary.now, regimens: regimens(store), catalogue: diary.catalogue,
              timeZone: diary.zone
            )
            _ = try? store.appendDiary(at: diary.now, window: plan.windows.first) {
              doseTakeChecks(
                $0, medication: medication, instant: diary.now, diary: diary, historyStart: plan.historyStart)
            }
          }
        })
      line("dose take \(medicationID): its window", takeWindow, floor: insertFloor, "insert")
    }

    // due: whole diary vs its plan.
    let dueWhole = Stats((0..<wholeRuns).map { _ in time { _ = try? dueList(store.diaryEntries(), diary: diary) } })
    line("due: whole diary (before)", dueWhole, floor: scanFloor, "the scan")
    let dueWindowed = Stats(
      (0..<runs).map { _ in
        time {
          let plan = DiaryReach.due(
            regimens: regimens(store), catalogue: diary.catalogue, now: diary.now, timeZone: diary.zone)
          let read = DiaryReach.union(plan.windows.map { (try? store.diaryEntries(window: $0)) ?? [] })
          _ = dueList(read, diary: diary, historyStart: plan.historyStart)
        }
      })
    line("due: its window", dueWindowed, floor: scanFloor, "the scan")

    // today (and the home screen): the due plan's read, every session, and the day built from them.
    let todayWindowed = Stats(
      (0..<runs).map { _ in
        time {
          let plan = DiaryReach.due(
            regimens: regimens(store), catalogue: diary.catalogue, now: diary.now, timeZone: diary.zone)
          let read = DiaryReach.union(plan.windows.map { (try? store.diaryEntries(window: $0)) ?? [] })
          let record = CareRecord(
            ledger: DiaryLedger(read), sessions: [], catalogue: diary.catalogue, now: diary.now, timeZone: diary.zone,
            historyStart: plan.historyStart)
          let sessions = (try? store.allSessions()) ?? []
          _ = PatientDay.compute(record: record, modules: [], sessions: sessions, open: nil)
        }
      })
    line("today: its window", todayWindowed, floor: scanFloor, "the scan")

    // attack log: an attack earlier today, checked for overlaps.
    var attackNumber = 0
    func attack() -> Attack {
      attackNumber += 1
      let start = diary.now - 3_600 * 5 + Double(attackNumber)
      return Attack(id: "bench-\(attackNumber)", start: start, end: start + 0.5, severity: 4)
    }
    let attackWhole = Stats(
      (0..<wholeRuns).map { _ in
        let next = attack()
        return time {
          _ = try? store.appendDiary(at: diary.now) {
            attackLogChecks($0, attack: next, now: diary.now, zone: diary.zone)
          }
        }
      })
    line("attack log: whole diary (before)", attackWhole, floor: insertFloor, "insert")
    let attackWindowed = Stats(
      (0..<runs).map { _ in
        let next = attack()
        let plan = DiaryReach.attack(from: next.start, timeZone: diary.zone)
        return time {
          _ = try? store.appendDiary(at: diary.now, window: plan.windows.first) {
            attackLogChecks($0, attack: next, now: diary.now, zone: diary.zone)
          }
        }
      })
    line("attack log: its window", attackWindowed, floor: insertFloor, "insert")

    // CMA7/CMA9 on one patient with 300,000 fills, in date order and shuffled.
    let fills = (0..<300_000).map {
      SupplyEvent(
        patientID: "p", date: LocalDate(dayNumber: 5_000 + $0 * 3 + ($0 % 7 == 0 ? 1 : 0)), perDay: 1,
        category: $0 % 5 == 0 ? "medB" : "medA", duration: 3)
    }
    var shuffled = fills
    var generator = SplitMix64(seed: 3)
    shuffled.shuffle(using: &generator)
    let scanFills = sqliteFillsScan(path: work + "/fills-one.sqlite", events: fills)
    let fillsFloor = Stats((0..<runs).map { _ in time { _ = scanFills() } })
    rows.append(Row(name: "floor: raw scan of 300,000 fills", stats: fillsFloor))
    for (name, events) in [("in date order", fills), ("shuffled", shuffled)] {
      for method in [CMAMethod.cma7, .cma9] {
        let stats = Stats(
          (0..<max(1, runs / 2)).map { _ in time { _ = PatientSupplyTable(events).values(method: method) } })
        line("\(method), 300k fills \(name)", stats, floor: fillsFloor, "the scan")
      }
    }
    printTable(rows)

    if let tandem = workspace.tandem { benchLongDiaryCommands(tandem: tandem, diary: diary, runs: runs) }
    print("the ten-year store: \(diary.path) (kept with --keep)")
    print("")
    return []
  }
}

/// What `tandem dose take MED` decides inside its transaction, given the entries it is shown.
private func doseTakeChecks(
  _ entries: [DiaryEntry], medication: Medication, instant: Date, diary: LongDiary, historyStart: LocalDate? = nil
) -> [DiaryEvent] {
  let record = CareRecord(
    ledger: DiaryLedger(entries), sessions: [], catalogue: diary.catalogue, now: diary.now, timeZone: diary.zone,
    historyStart: historyStart)
  guard let take = try? DoseLogging.take(medication, at: instant, amount: nil, again: true, record: record) else {
    return []
  }
  return [.doseTaken(take.dose)]
}

/// What `tandem attack log` checks inside its transaction.
private func attackLogChecks(_ entries: [DiaryEntry], attack: Attack, now: Date, zone: TimeZone) -> [DiaryEvent] {
  let ledger = DiaryLedger(entries)
  let others = ledger.attacks.map(\.value)
  _ = AttackValidation.validate(attack, now: now.addingTimeInterval(60), existing: others, timeZone: zone)
  return [.attackLogged(attack)]
}

/// What `tandem due` computes from the entries it reads.
private func dueList(_ entries: [DiaryEntry], diary: LongDiary, historyStart: LocalDate? = nil) -> DueList {
  let record = CareRecord(
    ledger: DiaryLedger(entries), sessions: [], catalogue: diary.catalogue, now: diary.now, timeZone: diary.zone,
    historyStart: historyStart)
  let active = record.regimens.filter { $0.isActive(on: record.today) || $0.start > record.today }
  return DueList.compute(ledger: record.doseLedger, regimens: active, catalogue: diary.catalogue)
}

/// The regimens alone, as the commands read them before choosing their window.
private func regimens(_ store: SQLiteStore) -> [Regimen] {
  DiaryLedger((try? store.diaryEntries(window: DiaryWindow(since: .distantFuture))) ?? []).regimens.map(\.value)
}

/// The same fills as rows of a raw SQLite table, and a function that scans them.
private func sqliteFillsScan(path: String, events: [SupplyEvent]) -> () -> Int {
  var db: OpaquePointer?
  unlink(path)
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
  sqlite3_exec(db, "CREATE TABLE fills (patient, day, per_day, category, duration); BEGIN", nil, nil, nil)
  var insert: OpaquePointer?
  sqlite3_prepare_v2(db, "INSERT INTO fills VALUES (?, ?, ?, ?, ?)", -1, &insert, nil)
  let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
  for event in events {
    sqlite3_bind_text(insert, 1, event.patientID, -1, transient)
    sqlite3_bind_int64(insert, 2, Int64(event.date.dayNumber))
    sqlite3_bind_double(insert, 3, event.perDay)
    sqlite3_bind_text(insert, 4, event.category, -1, transient)
    sqlite3_bind_int64(insert, 5, Int64(event.duration))
    sqlite3_step(insert)
    sqlite3_reset(insert)
  }
  sqlite3_finalize(insert)
  sqlite3_exec(db, "COMMIT", nil, nil, nil)
  return {
    var statement: OpaquePointer?
    sqlite3_prepare_v2(db, "SELECT patient, day, per_day, category, duration FROM fills", -1, &statement, nil)
    var count = 0
    while sqlite3_step(statement) == SQLITE_ROW { count += Int(sqlite3_column_int64(statement, 1) & 1) }
    sqlite3_finalize(statement)
    return count
  }
}

/// Whole `tandem` commands on the ten-year store, and two `dose take` writers at once.
private func benchLongDiaryCommands(tandem: String, diary: LongDiary, runs: Int) {
  let stamp = ISO8601DateFormatter()
  let environment = [
    "TANDEM_NOW": stamp.string(from: diary.now), "TZ": diary.zone.identifier, "TANDEM_STORE": diary.path,
  ]
  func command(_ arguments: [String], varying: ((Int) -> [String])? = nil) -> Stats? {
    var samples: [Double] = []
    for run in 0..<runs {
      let arguments = arguments + (varying?(run) ?? [])
      guard let seconds = spawnWaiting([tandem] + arguments, environment: environment) else {
        print("tandem \(arguments.joined(separator: " ")) failed")
        return nil
      }
      samples.append(seconds)
    }
    return Stats(samples)
  }
  var rows: [Row] = []
  let version = command(["--version"])
  if let version { rows.append(Row(name: "floor: tandem --version", stats: version)) }
  // Each attack logged a few minutes after the last, so none overlaps another.
  let attackTimes = { (run: Int) in
    ["--start", String(format: "20:%02d", 2 * run), "--end", String(format: "20:%02d", 2 * run + 1)]
  }
  let commands: [(String, [String], ((Int) -> [String])?)] = [
    ("tandem dose take sumatriptan", ["dose", "take", "sumatriptan", "--again"], nil),
    ("tandem dose take propranolol", ["dose", "take", "propranolol", "--again"], nil),
    ("tandem due", ["due"], nil),
    ("tandem progress", ["progress"], nil),
    ("tandem attack log", ["attack", "log", "--severity", "4"], attackTimes),
  ]
  for (name, arguments, varying) in commands {
    guard let stats = command(arguments, varying: varying) else { continue }
    let note = version.map { String(format: "%.1f× --version", stats.median / $0.median) } ?? ""
    rows.append(Row(name: name, stats: stats, note: note))
  }
  printTable(rows)
  // Two writers at the same moment: both must succeed.
  var pids: [pid_t] = []
  let start = now()
  for _ in 0..<2 {
    if let pid = spawnProcess([tandem, "dose", "take", "ibuprofen", "--again"], environment: environment) {
      pids.append(pid)
    }
  }
  let statuses = pids.map { pid -> Int32 in
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status
  }
  let elapsed = Double(now() - start) / 1e9
  let succeeded = statuses.filter { $0 == 0 }.count
  print("two concurrent 'tandem dose take' writers: \(succeeded) of 2 succeeded, both done in \(format(elapsed))")
}
