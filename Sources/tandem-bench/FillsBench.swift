// Adherence over a research fills file: AdhereR's med.events replicated to 100,000 patients, parsed,
// grouped and run through CMA7 and CMA9, next to a plain SQL scan of the same rows; then the whole
// `tandem adherence --fills` command, with its peak memory.

import ArgumentParser
import Foundation
import GRDBSQLite
import TandemAdherence
import TandemBase

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// CMA7 and CMA9 over a 100,000-patient fills file.
struct FillsBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "fills", abstract: "Adherence (CMA7, CMA9) over a 100,000-patient fills file vs a SQL scan.")

  @OptionGroup var options: BenchOptions

  static func measure(in workspace: Workspace) -> [String] {
    print("== Adherence over a research fills file ==")
    benchFills(
      runs: workspace.options.quick ? 3 : 5, work: workspace.path, root: workspace.root, tandem: workspace.tandem)
    print("")
    return []
  }
}

private func sqliteScan(path: String, rows: Int, columns: Int, fill: (OpaquePointer, Int) -> Void, table: String) -> ()
  -> Int
{
  var db: OpaquePointer?
  unlink(path)
  sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil)
  let placeholders = Array(repeating: "?", count: columns).joined(separator: ",")
  let names = (0..<columns).map { "c\($0)" }.joined(separator: ",")
  sqlite3_exec(db, "CREATE TABLE \(table) (\(names)); BEGIN", nil, nil, nil)
  var insert: OpaquePointer?
  sqlite3_prepare_v2(db, "INSERT INTO \(table) VALUES (\(placeholders))", -1, &insert, nil)
  if let insert {
    for index in 0..<rows {
      fill(insert, index)
      sqlite3_step(insert)
      sqlite3_reset(insert)
    }
  }
  sqlite3_finalize(insert)
  sqlite3_exec(db, "COMMIT", nil, nil, nil)
  return {
    var statement: OpaquePointer?
    sqlite3_prepare_v2(db, "SELECT \(names) FROM \(table)", -1, &statement, nil)
    var count = 0
    var bytes = 0
    while sqlite3_step(statement) == SQLITE_ROW {
      for column in 0..<Int32(columns) { bytes += Int(sqlite3_column_bytes(statement, column)) }
      count += 1
    }
    sqlite3_finalize(statement)
    return count + bytes * 0
  }
}

private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

func benchFills(runs: Int, work: String, root: String, tandem: String?) {
  let source = (root as NSString).deletingLastPathComponent + "/shared/data/adherer/med.events.csv"
  guard let data = FileManager.default.contents(atPath: source) else {
    print("skipped: \(source) not found")
    return
  }
  // "\r\n" is one Character in Swift, so split on newline characters of either kind.
  let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst().map(String.init)
  var text = "PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n"
  text.reserveCapacity(lines.count * 1000 * 28)
  for copy in 0..<1000 {
    for line in lines {
      let comma = line.firstIndex(of: ",") ?? line.startIndex
      text += "\(copy * 1000 + (Int(line[..<comma]) ?? 0))\(line[comma...])\n"
    }
  }
  let bytes = Array(text.utf8)
  let path = work + "/fills-100k.csv"
  _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
  var events: [SupplyEvent] = []
  let parse = median(runs) { events = (try? FillsCSV.parse(bytes: bytes, dateFormat: "%m/%d/%Y")) ?? [] }
  let patients = Set(events.map(\.patientID)).count
  print("\(events.count) events, \(patients) patients, \(bytes.count / 1_048_576) MiB")
  print(describe("parse CSV", parse))
  var table: PatientSupplyTable?
  let group = median(runs) { table = PatientSupplyTable(events) }
  print(describe("group by patient", group))
  for method in [CMAMethod.cma7, .cma9] {
    let stats = median(runs) { _ = table?.values(method: method) }
    print(describe("\(method) on the grouped table", stats))
  }
  let scan = sqliteScan(
    path: work + "/fills.sqlite", rows: events.count, columns: 5,
    fill: { statement, index in
      let event = events[index]
      sqlite3_bind_text(statement, 1, event.patientID, -1, transient)
      sqlite3_bind_int64(statement, 2, Int64(event.date.dayNumber))
      sqlite3_bind_double(statement, 3, event.perDay)
      sqlite3_bind_text(statement, 4, event.category, -1, transient)
      sqlite3_bind_int64(statement, 5, Int64(event.duration))
    }, table: "fills")
  let floor = median(runs) { _ = scan() }
  print(describe("floor: SELECT of the same rows (SQLite)", floor))
  if let tandem {
    for method in ["cma7", "cma9"] {
      var samples: [Double] = []
      var peak = 0
      for _ in 0..<max(1, runs - 2) {
        guard
          let (seconds, rss) = spawnMeasured(
            tandem, ["adherence", "--fills", path, "--date-format", "%m/%d/%Y", "--method", method, "--format", "csv"])
        else {
          print("tandem adherence --fills failed")
          return
        }
        samples.append(seconds)
        peak = max(peak, rss)
      }
      let stats = Stats(samples)
      print(
        describe("tandem adherence --fills --method \(method)", stats)
          + String(format: "  peak %.0f MB  (target < 1 s, < 300 MB)", Double(peak) / 1_048_576))
      print("  ratio to the SQL scan: \(String(format: "%.1f", stats.median / floor.median))×")
    }
  }
}
