import ArgumentParser
import Foundation
import TandemClinic
import TandemEvents

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The clinic under load over real HTTP on loopback: a `tandem-server` process of its own, many
/// simulated patients each pushing a day of events and pulling at once, then a prescriber listing
/// the whole panel; the server's memory read from /proc while it works.
struct ClinicLoadBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "clinic-http",
    abstract:
      "Clinic load over loopback HTTP against a tandem-server process (give --database; a scratch database is made).")

  @Option(help: "A PostgreSQL URL whose user may create databases.") var database: String
  @Option(help: "Simulated patients.") var patients = 1000
  @Option(help: "Days of history each patient holds before the load (about two events a day).") var days = 365
  @Option(
    help: ArgumentHelp(
      "Requests in flight at once, one day's sync of every patient for each (comma-separated).", valueName: "n,n,…"))
  var concurrency = "1,8,50"
  @Option(help: "The tandem-server executable (default: beside this benchmark).") var server: String?

  func run() async throws {
    print("clinic over HTTP: \(patients) patients with \(days) days each, requests in flight: \(concurrency)")
    try await ClinicBench.withScratchDatabase(database, prefix: "tandem_load") { try await load($0) }
  }

  struct Patient: Sendable {
    var token: String
    var journalDevice: String
    var seq: Int64
  }

  func load(_ scratch: DatabaseURL) async throws {
    // Enrolment and each patient's history, in process (what months of syncing would have left).
    let now = Date()
    let started = DispatchTime.now().uptimeNanoseconds
    let (enrolled, prescriberToken) = try await ClinicDatabase.with(scratch) { db -> ([Patient], String) in
      _ = try await db.migrate()
      let clinic = try await Clinic.open(db)
      let invitation = try await clinic.invite(role: .prescriber, name: "Dr Load", now: now)
      let prescriberToken = try await clinic.redeem(code: invitation.code, now: now).accessToken
      var enrolled: [Patient] = []
      for index in 0..<patients {
        let code = try await clinic.addPatient(label: "L-\(index)", team: ["Dr Load"], now: now).code
        let token = try await clinic.redeem(code: code, now: now).accessToken
        let device = try await clinic.authenticate(bearer: token)
        let journal = EventID.make(at: now)
        let lines = try ClinicBench.history(device: journal, days: days, end: now.addingTimeInterval(-86_400))
        let seq = try await ClinicBench.push(lines, by: device, to: clinic, now: now)
        enrolled.append(Patient(token: token, journalDevice: journal, seq: seq))
      }
      // Every row worked out and kept before the server starts, as months of syncing would leave them.
      _ = try await clinic.refreshPanel(now: now)
      return (enrolled, prescriberToken)
    }
    let seeding = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    let events = enrolled.reduce(0) { $0 + Int($1.seq) }
    print(String(format: "seeded      %8d events in process  %6.1f s", events, seeding))

    let running = try ServerProcess(executable: server ?? Self.besideThisExecutable("tandem-server"), database: scratch)
    defer { running.stop() }
    let base = running.base
    let memory = MemoryWatch(pid: running.pid)
    let sampler = Task { await memory.sample() }
    defer { sampler.cancel() }

    // Every patient pushes a day of events and pulls what is new, `level` requests in flight; a
    // day for each level (the first is a latency with no queue, the last a saturated server).
    let levels = concurrency.split(separator: ",").compactMap { Int($0) }.filter { $0 > 0 }
    guard !levels.isEmpty else { throw BenchError("--concurrency takes numbers like 1,8,50") }
    var roster = enrolled
    for (round, level) in levels.enumerated() {
      let day = Date().addingTimeInterval(Double(round) * 60)
      var pushes: [Double] = []
      var pulls: [Double] = []
      var failures = 0
      let current = roster
      let wall = try await ClinicBench.seconds {
        try await withThrowingTaskGroup(of: (Double, Double, Bool).self) { group in
          var next = current.makeIterator()
          func start(_ patient: Patient) {
            group.addTask { try await Self.day(of: patient, base: base, now: day) }
          }
          for _ in 0..<level { if let patient = next.next() { start(patient) } }
          while let (push, pull, ok) = try await group.next() {
            pushes.append(push)
            pulls.append(pull)
            if !ok { failures += 1 }
            if let patient = next.next() { start(patient) }
          }
        }
      }
      for index in roster.indices { roster[index].seq += Int64(try Self.dayLines(roster[index], now: day).count) }
      print(
        String(
          format:
            "day's sync  %8d patients  %3d in flight  %6.1f s  %6.0f requests/s  push p50 %6.2f ms  p99 %6.2f ms  pull p50 %6.2f ms  p99 %6.2f ms  refused %d",
          current.count, level, wall, Double(2 * current.count) / wall, Self.percentile(pushes, 0.5),
          Self.percentile(pushes, 0.99), Self.percentile(pulls, 0.5), Self.percentile(pulls, 0.99), failures))
    }

    // The prescriber's panel right after the load (rows the pushes made stale are worked out by
    // the listing or already by the warmer), then once the warmer has caught up, then again.
    var (listed, shownAsOf) = (0, 0)
    let first = try await ClinicBench.seconds {
      (listed, shownAsOf) = try await Self.panel(base: base, token: prescriberToken)
    }
    let warming = try await ClinicBench.seconds {
      try await ClinicDatabase.with(scratch) { db in try await ClinicBench.waitForWarmer(db) }
    }
    let settled = try await ClinicBench.seconds { _ = try await Self.panel(base: base, token: prescriberToken) }
    let again = try await ClinicBench.seconds { _ = try await Self.panel(base: base, token: prescriberToken) }
    print(
      String(
        format:
          "panel       %8d patients  right after the load %6.3f s (%d shown as of earlier)  the warmer done %5.1f s later, then %6.3f s  again %6.3f s",
        listed, first, shownAsOf, warming, settled, again))
    let peak = await memory.peak
    print("server memory: peak resident \(peak / 1024) MB (\(running.highWaterMark() / 1024) MB by the kernel's count)")
  }

  /// The events of a patient's day ending at `now`.
  static func dayLines(_ patient: Patient, now: Date) throws -> [String] {
    try ClinicBench.history(device: patient.journalDevice, days: 1, end: now)
  }

  /// One patient's day: a push of the day's events, then a pull after the stream's head.
  static func day(of patient: Patient, base: URL, now: Date) async throws -> (Double, Double, Bool) {
    let lines = try dayLines(patient, now: now)
    let batch = PushBatch(
      timeZone: "UTC", sessions: [],
      events: lines.enumerated().map { PushedEvent(deviceSeq: patient.seq + Int64($0.offset) + 1, line: $0.element) })
    var ok = true
    var head: Int64 = 0
    let push = try await ClinicBench.seconds {
      let (data, status) = try await request(
        base, "v1/sync/push", method: "POST", body: try JSONEncoder().encode(batch), token: patient.token)
      if status == 200, let result = try? JSONDecoder().decode(PushResult.self, from: data) {
        head = result.streamHead
      } else {
        ok = false
      }
    }
    let pull = try await ClinicBench.seconds {
      let (_, status) = try await request(
        base, "v1/sync/pull?after=\(max(0, head - Int64(lines.count)))", method: "GET", body: nil, token: patient.token)
      if status != 200 { ok = false }
    }
    return (push * 1000, pull * 1000, ok)
  }

  /// The panel's rows, and how many of them were shown as they were kept (stale).
  static func panel(base: URL, token: String) async throws -> (Int, Int) {
    let (data, status) = try await request(base, "v1/patients", method: "GET", body: nil, token: token)
    guard status == 200 else { throw BenchError("the panel was refused (\(status))") }
    let rows = try JSONDecoder().decode(PanelResponse.self, from: data).patients
    return (rows.count, rows.filter { $0.asOf != nil }.count)
  }

  static func request(_ base: URL, _ path: String, method: String, body: Data?, token: String) async throws -> (
    Data, Int
  ) {
    guard let url = URL(string: path, relativeTo: base) else { throw BenchError("bad path \(path)") }
    var request = URLRequest(url: url, timeoutInterval: 60)
    request.httpMethod = method
    request.httpBody = body
    if body != nil { request.setValue("application/json", forHTTPHeaderField: "Content-Type") }
    request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
    // A data task with a completion handler: cancelling an async URLSession call while another
    // completes can deadlock swift-corelibs-foundation.
    return await withCheckedContinuation { continuation in
      URLSession.shared.dataTask(with: request) { data, response, _ in
        continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
      }.resume()
    }
  }

  static func percentile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return .nan }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
  }

  static func besideThisExecutable(_ name: String) -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
      .appendingPathComponent(name).path
  }
}

/// A `tandem-server serve` child on a free loopback port.
final class ServerProcess: @unchecked Sendable {
  let process = Process()
  let base: URL
  var pid: Int32 { process.processIdentifier }

  init(executable: String, database: DatabaseURL) throws {
    guard FileManager.default.isExecutableFile(atPath: executable) else {
      throw BenchError("no tandem-server at \(executable); build it with -c release or give --server")
    }
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = ["serve", "--listen", "127.0.0.1:0", "--insecure-loopback"]
    var environment = ProcessInfo.processInfo.environment
    environment["TANDEM_DATABASE_URL"] = database.description
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.standardError
    try process.run()
    // The first line says where it listens.
    var text = ""
    while !text.contains("\n") {
      let chunk = output.fileHandleForReading.availableData
      guard !chunk.isEmpty else { throw BenchError("tandem-server stopped before listening") }
      text += String(decoding: chunk, as: UTF8.self)
    }
    guard let address = text.split(separator: " ").last.map({ $0.trimmingCharacters(in: .whitespacesAndNewlines) }),
      let url = URL(string: address + "/")
    else { throw BenchError("tandem-server said '\(text)'") }
    base = url
  }

  /// The kernel's high-water mark of the server's resident memory, in KiB.
  func highWaterMark() -> Int { MemoryWatch.status(pid: pid, field: "VmHWM:") }

  func stop() {
    process.terminate()
    process.waitUntilExit()
  }
}

/// Samples a process's resident memory every 50 ms and keeps the peak (KiB).
actor MemoryWatch {
  let pid: Int32
  private(set) var peak = 0

  init(pid: Int32) { self.pid = pid }

  func sample() async {
    while !Task.isCancelled {
      peak = max(peak, Self.status(pid: pid, field: "VmRSS:"))
      try? await Task.sleep(for: .milliseconds(50))
    }
  }

  nonisolated static func status(pid: Int32, field: String) -> Int {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
      let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field) }),
      let kb = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kb
  }
}
