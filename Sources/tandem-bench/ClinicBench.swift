import ArgumentParser
import Foundation
import PostgresNIO
import TandemBase
import TandemCare
import TandemClinic
import TandemEvents

/// The clinic service's hot paths on a real PostgreSQL, in process (no HTTP): ingest throughput next
/// to a raw multi-row INSERT of the same rows (the floor), push latency, pull, and the panel.
struct ClinicBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clinic",
    abstract:
      "Clinic ingest, push latency, pull and the panel on PostgreSQL (give --database; a scratch database is made).")

  @Option(help: "A PostgreSQL URL whose user may create databases.") var database: String
  @Option(help: "Patients to enrol.") var patients = 1000
  @Option(help: "Days of diary each patient uploads first (about two events a day).") var days = 365
  @Flag(help: "100 patients, 30 days.") var quick = false

  func run() async throws {
    let patients = quick ? 100 : patients
    let days = quick ? 30 : days
    try await Self.withScratchDatabase(database, prefix: "tandem_bench") { scratch in
      print("clinic benchmark: \(patients) patients, \(days) days each, database \(scratch.database)")
      try await measure(scratch, patients: patients, days: days)
    }
  }

  func measure(_ scratch: DatabaseURL, patients: Int, days: Int) async throws {
    try await ClinicDatabase.with(scratch) { db in
      _ = try await db.migrate()
      let clinic = try await Clinic.open(db)
      let now = Date()
      let invitation = try await clinic.invite(role: .prescriber, name: "Dr Bench", now: now)
      let prescriber = try await clinic.authenticate(
        bearer: try await clinic.redeem(code: invitation.code, now: now).accessToken)
      var devices: [(Principal, String)] = []
      for index in 0..<patients {
        let code = try await clinic.addPatient(label: "B-\(index)", team: ["Dr Bench"], now: now).code
        let device = try await clinic.authenticate(bearer: try await clinic.redeem(code: code, now: now).accessToken)
        devices.append((device, EventID.make(at: now)))
      }

      // Ingest: each patient's history in pushes of 500. Beside it, patient by patient in turn so
      // both meet the same conditions (checkpoints, autovacuum, the machine's other load), the
      // floor: the same rows (event ids, patient, device, sequence numbers and stream positions)
      // in the same batches, one multi-row INSERT each, into a copy of the event table with its
      // keys and indexes (the unique event id is what makes a retry harmless), and, for
      // comparison, into a bare copy without them.
      var histories: [[String]] = []
      for (_, journal) in devices { histories.append(try Self.history(device: journal, days: days, end: now)) }
      let total = histories.reduce(0) { $0 + $1.count }
      try await db.execute("CREATE TABLE floor_event (LIKE event INCLUDING ALL)")
      try await db.execute("CREATE TABLE floor_bare (LIKE event INCLUDING DEFAULTS)")
      var ingest = 0.0
      var floor = 0.0
      var bare = 0.0
      for ((device, _), lines) in zip(devices, histories) {
        let ids = lines.map { line in
          UUID(uuidString: String(line.split(separator: #""event_id":""#)[1].prefix(36)))!
        }
        ingest += try await Self.seconds { _ = try await Self.push(lines, by: device, to: clinic, now: now) }
        for isBare in [false, true] {
          let seconds = try await Self.seconds {
            for batch in Self.batches(lines) {
              try await db.rawInsert(
                Array(batch), ids: Array(ids[batch.indices]), patient: device.patientID!, device: device.id,
                firstSeq: Int64(batch.startIndex) + 1, bare: isBare)
            }
          }
          if isBare { bare += seconds } else { floor += seconds }
        }
      }
      // The panel rows those pushes queued, worked out one at a time once pushes pause.
      let warming = try await Self.seconds { try await Self.waitForWarmer(db) }
      print(
        String(
          format:
            "ingest      %8d events  %7.1f s  %8.0f events/s   raw multi-row INSERT (same indexes) %7.1f s  %8.0f events/s   ratio %.2f of the floor   (bare table %.2f)",
          total, ingest, Double(total) / ingest, floor, Double(total) / floor, floor / ingest, bare / ingest))
      print(
        String(
          format: "warmer      %8d rows kept %6.1f s after the last push (%.1f ms a patient)", patients, warming,
          warming * 1000 / Double(patients)))
      // The line checks alone: each history again, its last line made invalid, so the push is
      // refused after checking every line and before the database.
      var checks = 0.0
      for ((device, _), lines) in zip(devices, histories) {
        for batch in Self.batches(lines) {
          let refused = PushBatch(
            timeZone: "UTC", sessions: [],
            events: (Array(batch.dropLast()) + ["{}"]).enumerated().map {
              PushedEvent(deviceSeq: Int64($0.offset) + 1, line: $0.element)
            })
          checks += try await Self.seconds { _ = try? await clinic.push(refused, by: device, now: now) }
        }
      }
      print(
        String(
          format: "checks      %8d events  %7.1f s  %8.0f events/s   (the line checks of those pushes, nothing stored)",
          total, checks, Double(total) / checks))
      // A day's push per patient: latency.
      var latencies: [Double] = []
      for (index, (device, journal)) in devices.enumerated() {
        let lines = try Self.history(device: journal, days: 1, end: now.addingTimeInterval(60))
        let first = Int64(histories[index].count) + 1
        let batch = PushBatch(
          timeZone: "UTC", sessions: [],
          events: lines.enumerated().map { PushedEvent(deviceSeq: first + Int64($0.offset), line: $0.element) })
        latencies.append(
          try await Self.seconds { _ = try await clinic.push(batch, by: device, now: now.addingTimeInterval(120)) })
      }
      latencies.sort()
      func pct(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000 }
      print(
        String(
          format: "push a day  %8d pushes  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms", latencies.count, pct(0.5),
          pct(0.99), latencies.last! * 1000))

      // Pull: a second device of each patient pulls everything.
      let pull = try await Self.seconds {
        for (device, _) in devices.prefix(100) {
          var cursor: Int64 = 0
          while true {
            let page = try await clinic.pull(
              after: cursor, limit: 1000,
              by: Principal(role: .patient, id: UUID(), name: "bench", patientID: device.patientID))
            cursor = page.cursor
            if !page.more { break }
          }
        }
      }
      print(
        String(
          format: "pull        %8d patients' whole streams  %6.1f ms each", min(100, devices.count),
          pull * 1000 / Double(min(100, devices.count))))

      // The prescriber's panel: on a server just started (rows kept in the database), the first
      // listing of a new day before the background refresh (every row stale: worked out within the
      // listing's budget, the rest shown as they were), and the refresh that renews them all.
      try await Self.waitForWarmer(db)
      let restarted = try await Clinic.open(db)
      var rows: [PanelRow] = []
      let kept = try await Self.seconds {
        rows = try await restarted.panel(by: prescriber, now: now.addingTimeInterval(180))
      }
      let tomorrow = now.addingTimeInterval(86_400)
      let stale = try await Self.seconds { rows = try await restarted.panel(by: prescriber, now: tomorrow) }
      let shownAsOf = rows.filter { $0.asOf != nil }.count
      var renewed = 0
      let refresh = try await Self.seconds { renewed = try await restarted.refreshPanel(now: tomorrow) }
      let after = try await Self.seconds { rows = try await restarted.panel(by: prescriber, now: tomorrow) }
      print(
        String(
          format:
            "panel       %8d patients  kept rows (server just started) %6.3f s   new day, every row stale %6.3f s (%d shown as of earlier)   refresh of %d rows %6.1f s (%.1f ms a patient)   then %6.3f s",
          rows.count, kept, stale, shownAsOf, renewed, refresh, refresh * 1000 / Double(max(1, renewed)), after))
      print("server memory (this process, resident): \(Self.residentMegabytes()) MB")
    }
  }

  /// Runs `body` on a new database beside `url`'s (its user must be allowed to create one), and
  /// drops it afterwards, also when `body` fails.
  static func withScratchDatabase(
    _ url: String, prefix: String, _ body: (DatabaseURL) async throws -> Void
  ) async throws {
    let admin = try DatabaseURL(url)
    var scratch = admin
    scratch.database = "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
    let name = scratch.database
    try await ClinicDatabase.with(admin) { db in try await db.execute("CREATE DATABASE \(name)") }
    do {
      try await body(scratch)
    } catch {
      try? await ClinicDatabase.with(admin) { db in try await db.execute("DROP DATABASE \(name) WITH (FORCE)") }
      throw error
    }
    try await ClinicDatabase.with(admin) { db in try await db.execute("DROP DATABASE \(name) WITH (FORCE)") }
  }

  /// `lines` in the batches a device pushes them in (500 at most).
  static func batches(_ lines: [String]) -> [ArraySlice<String>] {
    stride(from: 0, to: lines.count, by: 500).map { lines[$0..<min($0 + 500, lines.count)] }
  }

  /// Pushes `lines` as `device` in batches, numbered on from device sequence `seq`; returns the last.
  static func push(_ lines: [String], by device: Principal, to clinic: Clinic, after seq: Int64 = 0, now: Date)
    async throws -> Int64
  {
    var seq = seq
    for batch in batches(lines) {
      let pushed = PushBatch(
        timeZone: "UTC", sessions: [],
        events: batch.enumerated().map { PushedEvent(deviceSeq: seq + Int64($0.offset) + 1, line: $0.element) })
      seq += Int64(batch.count)
      _ = try await clinic.push(pushed, by: device, now: now)
    }
    return seq
  }

  /// Waits until every patient's kept panel row is for their stream's head.
  static func waitForWarmer(_ db: ClinicDatabase) async throws {
    while try await db.count(
      """
      SELECT count(*) FROM patient p LEFT JOIN panel_row r ON r.patient_id = p.id
      WHERE r.stream_head IS DISTINCT FROM p.next_stream_seq - 1
      """) > 0
    {
      try await Task.sleep(for: .milliseconds(100))
    }
  }

  static func seconds(_ body: () async throws -> Void) async throws -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try await body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
  }

  /// About two events a day: the morning preventive, and every third day an acute dose.
  static func history(device: String, days: Int, end: Date) throws -> [String] {
    var lines: [String] = []
    for day in 0..<days {
      let morning = end.addingTimeInterval(Double(-(days - day)) * 86_400 + 60)
      lines.append(try dose(device: device, at: morning, medication: "propranolol", milligrams: 40))
      if day % 3 == 0 {
        lines.append(
          try dose(device: device, at: morning.addingTimeInterval(30_000), medication: "ibuprofen", milligrams: 400))
      }
    }
    return lines
  }

  /// A dose line as a patient's terminal writes it (`JournalExport.event` over the stored payload).
  static func dose(device: String, at: Date, medication: String, milligrams: Int) throws -> String {
    let dose = TakenDose(medicationID: medication, instant: at, amount: Quantity(value: Double(milligrams), unit: .mg))
    let envelope = ExportedEvent(
      eventID: EventID.make(at: at), deviceID: device, streamType: "diary", stream: "patient", kind: "dose-taken",
      recordedAt: RFC3339.text(from: at)!)
    return try JournalExport.event(envelope, payload: try EventPayload.encode(.doseTaken(dose)) { _ in nil })
  }

  static func residentMegabytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return -1 }
    return kb / 1024
  }
}
