// The timeline: every dose resolved (taken, late, skipped, missed) and every attack, in time order,
// over 100,000 events and over the realistic ten-year diary; read from the store next to a raw scan;
// and the whole `tandem timeline --format json` command.

import ArgumentParser
import Foundation
import GRDBSQLite
import TandemBase
import TandemCare
import TandemStore

/// The timeline model over a long diary.
struct TimelineBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "timeline", abstract: "The timeline over 100,000 events and over ten years of one patient.")

  @OptionGroup var options: BenchOptions

  static func measure(in workspace: Workspace) -> [String] {
    let runs = workspace.options.quick ? 3 : 5
    print("== Timeline over 100,000 events ==")
    benchTimeline(runs: runs, work: workspace.path, tandem: workspace.tandem)
    print("== Timeline over the ten-year diary: 40,000 doses, 4,000 attacks ==")
    let record = workspace.longDiary().record()
    let from = record.regimens.map(\.start).min() ?? record.today
    let items = record.timeline(from: from, through: record.today)
    print("\(items.count) timeline events (\(record.doses.count) doses, \(record.attacks.count) attacks)")
    print(
      describe(
        "timeline model (resolve every dose)", median(runs) { _ = record.timeline(from: from, through: record.today) }))
    print("")
    return []
  }
}

private func benchTimeline(runs: Int, work: String, tandem: String?) {
  let record = syntheticRecord(years: 14, medications: 5, times: 4)
  let from = record.regimens.map(\.start).min() ?? record.today
  let items = record.timeline(from: from, through: record.today)
  print("\(items.count) timeline events (\(record.doses.count) doses, \(record.attacks.count) attacks)")
  let model = median(runs) { _ = record.timeline(from: from, through: record.today) }
  print(describe("timeline model (resolve every dose)", model) + "  (target < 200 ms)")
  let encoder = JSONEncoder()
  encoder.dateEncodingStrategy = .iso8601
  let json = median(runs) { _ = try? encoder.encode(record.timeline(from: from, through: record.today)) }
  print(describe("timeline model + JSON", json))
  let storePath = work + "/timeline.sqlite"
  unlink(storePath)
  guard let store = try? SQLiteStore(path: storePath) else {
    print("cannot open a store at \(storePath)")
    return
  }
  let entries = record.ledger
  var events: [DiaryEvent] = record.regimens.map { .regimenPrescribed($0) }
  events += record.doses.map { .doseTaken($0) }
  events += entries.attacks.map { .attackLogged($0.value) }
  _ = try? store.appendDiary(at: record.now) { _ in events }
  var db: OpaquePointer?
  sqlite3_open_v2(storePath, &db, SQLITE_OPEN_READONLY, nil)
  let scan = median(runs) {
    var statement: OpaquePointer?
    sqlite3_prepare_v2(
      db, "SELECT sequence, kind, payload, recorded_at FROM journal WHERE stream_type = 'diary'", -1, &statement, nil)
    var bytes = 0
    while sqlite3_step(statement) == SQLITE_ROW { bytes += Int(sqlite3_column_bytes(statement, 2)) }
    sqlite3_finalize(statement)
  }
  sqlite3_close(db)
  print(describe("floor: SELECT of the same rows (SQLite)", scan))
  let read = median(runs) { _ = try? store.diaryEntries() }
  print(describe("store: read and decode the diary", read))
  let full = median(runs) {
    guard let diary = try? store.diaryEntries() else { return }
    let loaded = CareRecord(
      ledger: DiaryLedger(diary), sessions: [], catalogue: record.catalogue, now: record.now, timeZone: record.timeZone)
    _ = loaded.timeline(from: from, through: loaded.today)
  }
  print(
    describe("read + fold + timeline", full)
      + "  ratio to the scan: \(String(format: "%.1f", full.median / scan.median))×")
  if let tandem {
    let iso = ISO8601DateFormatter()
    var samples: [Double] = []
    for _ in 0..<max(1, runs - 2) {
      if let (seconds, _) = spawnMeasured(
        tandem, ["timeline", "--from", from.description, "--format", "json", "--store", storePath],
        environment: ["TANDEM_NOW": iso.string(from: record.now), "TZ": "Europe/Berlin"])
      {
        samples.append(seconds)
      }
    }
    if !samples.isEmpty { print(describe("tandem timeline --format json (end to end)", Stats(samples))) }
  }
}
