// Medication and headache benchmarks (issue 3): adherence over a 100,000-patient fills file
// (med.events replicated), measures over ten years of daily dosing for five medications, and
// the timeline over 100,000 events, each next to a plain SQL scan of the same rows.

import Foundation
import GRDBSQLite
import TandemAdherence
import TandemBase
import TandemCare
import TandemStore

/// Runs the diary benchmarks and prints the figures. `work` is a scratch folder; `tandem` the
/// built executable (for end-to-end runs) when there is one.
func runDiaryBench(quick: Bool, work: String, root: String, tandem: String?) {
  let runs = quick ? 3 : 5
  print("\n== Adherence over a research fills file ==")
  benchFills(runs: runs, work: work, root: root, tandem: tandem)
  print("\n== Measures over ten years: five daily medications and ~3 attacks a week ==")
  benchMeasures(runs: runs)
  print("\n== Timeline over 100,000 events ==")
  benchTimeline(runs: runs, work: work, tandem: tandem)
}

private func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Stats {
  var samples: [Double] = []
  for _ in 0..<runs { samples.append(try time(body)) }
  return Stats(samples)
}

private func describe(_ label: String, _ stats: Stats) -> String {
  label.padding(toLength: 44, withPad: " ", startingAt: 0)
    + "median \(format(stats.median))  (min \(format(stats.min)), max \(format(stats.max)))"
}

/// Wall time and peak memory (max RSS, bytes) of a child process. The peak is taken by a small
/// Python parent (`resource.RUSAGE_CHILDREN`): a child spawned straight from this benchmark would
/// inherit the benchmark's own high-water mark, which survives `exec`.
private func spawnMeasured(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> (Double, Int)?
{
  let report = NSTemporaryDirectory() + "/tandem-bench-rss-\(getpid())"
  let script = """
    import resource, subprocess, sys
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    sys.exit(code)
    """
  if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    || FileManager.default.fileExists(atPath: "/usr/local/bin/python3")
  {
    let python =
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/local/bin/python3"
    guard let (seconds, _) = spawnDirect(python, ["-c", script, report, path] + arguments, environment: environment),
      let text = try? String(contentsOfFile: report, encoding: .utf8), let kilobytes = Int(text)
    else { return nil }
    unlink(report)
    return (seconds, kilobytes * 1024)
  }
  return spawnDirect(path, arguments, environment: environment)
}

private func spawnDirect(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> (Double, Int)? {
  var pid: pid_t = 0
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  let argv = ([path] + arguments).map { strdup($0) } + [nil]
  let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    for pointer in argv { free(pointer) }
    for pointer in envp { free(pointer) }
  }
  let start = now()
  guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return nil }
  var status: Int32 = 0
  var usage = rusage()
  guard wait4(pid, &status, 0, &usage) == pid else { return nil }
  let elapsed = Double(now() - start) / 1e9
  return status == 0 ? (elapsed, usage.ru_maxrss * 1024) : nil
}

/// Raw SQLite: create a table, insert rows in one transaction, and return a function that scans them.
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

private func benchFills(runs: Int, work: String, root: String, tandem: String?) {
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

/// A diary of `years` years: `medications` daily regimens at `times` a day, every dose taken
/// (a few late or missed), and about three attacks a week, some with a triptan.
private func syntheticRecord(years: Int, medications: Int, times: Int) -> CareRecord {
  let zone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 0) ?? .current
  let end = LocalDate(year: 2026, month: 3, day: 31) ?? LocalDate(dayNumber: 20_000)
  let start = end.adding(days: -(365 * years - 1))
  var catalogue: [Medication] = (0..<medications).map {
    Medication(
      id: "prev\($0)", genericName: "preventive \($0)", medicationClass: .other, use: .preventive, routes: [.oral])
  }
  catalogue.append(
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      overuseClass: .triptan))
  var entries: [DiaryEntry] = []
  var sequence: Int64 = 0
  func add(_ at: Date, _ event: DiaryEvent) {
    sequence += 1
    entries.append(DiaryEntry(sequence: sequence, recordedAt: at, event: event))
  }
  let clock = (0..<times).compactMap { LocalTime(hour: 6 + $0 * 4, minute: 0) }
  for index in 0..<medications {
    add(
      start.instant(at: .midnight, in: zone),
      .regimenPrescribed(
        Regimen(
          id: "r\(index)", medicationID: "prev\(index)", dose: Quantity(value: 10, unit: .mg),
          schedule: .daily(times: clock), start: start, timeZoneIdentifier: zone.identifier)))
  }
  var state: UInt64 = 7
  func random() -> Double {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return Double(state >> 11) / Double(1 << 53)
  }
  var day = start
  while day <= end {
    for index in 0..<medications {
      for time in clock {
        let roll = random()
        if roll < 0.03 { continue }
        let delay = roll < 0.06 ? 4 * 3600.0 : random() * 1800
        add(
          day.instant(at: time, in: zone).addingTimeInterval(delay),
          .doseTaken(
            TakenDose(
              medicationID: "prev\(index)", instant: day.instant(at: time, in: zone).addingTimeInterval(delay),
              amount: Quantity(value: 10, unit: .mg), regimenID: "r\(index)")))
      }
    }
    if random() < 3.0 / 7 {
      let begin = day.instant(at: LocalTime(hour: 13, minute: 0) ?? .midnight, in: zone)
      let triptan =
        random() < 0.5
        ? [
          AcuteIntake(medicationID: "sumatriptan", overuseClass: .triptan, medicationClass: .triptan, at: begin + 1800)
        ]
        : []
      add(
        begin,
        .attackLogged(
          Attack(
            id: "a\(sequence)", start: begin, end: begin + 3600 * (2 + random() * 10), severity: 3 + Int(random() * 7),
            nauseaOrVomiting: random() < 0.5, photophobia: random() < 0.6, phonophobia: random() < 0.5, acute: triptan))
      )
    }
    day = day.adding(days: 1)
  }
  let now = end.instant(at: LocalTime(hour: 23, minute: 0) ?? .midnight, in: zone)
  return CareRecord(
    ledger: DiaryLedger(entries), sessions: [], catalogue: MedicationCatalogue(catalogue), now: now, timeZone: zone)
}

private func benchMeasures(runs: Int) {
  let record = syntheticRecord(years: 10, medications: 5, times: 1)
  let from = record.regimens.map(\.start).min() ?? record.today
  print("\(record.doses.count) doses, \(record.attacks.count) attacks, \(from) to \(record.today)")
  let adherence = median(runs) {
    for index in 0..<5 {
      _ = MedicationAdherence.compute(record: record, medicationID: "prev\(index)", from: from, through: record.today)
    }
  }
  print(describe("adherence, 5 medications (PDC, CMA7, slices)", adherence))
  let migraine = median(runs) {
    _ = MigraineMeasures.compute(
      attacks: record.attacks, intakes: record.acuteIntakes, from: from, through: record.today,
      timeZone: record.timeZone)
  }
  print(describe("migraine measures over ten years", migraine))
  let overuse = median(runs) {
    _ = OveruseRisk.assess(
      attacks: record.attacks, intakes: record.acuteIntakes, asOf: record.today, timeZone: record.timeZone)
  }
  print(describe("medication-overuse risk", overuse))
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
