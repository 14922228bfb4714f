import Foundation
import TandemClinic
import TandemContent
import TandemEvents
import TandemPostgresFixture
import Testing

#if canImport(FoundationNetworking)
  import FoundationNetworking
#endif

/// The clinic under load, bounded in count and time, on loopback only: a real `tandem-server`
/// process, 1,000 simulated patients syncing over HTTP at once, then the prescriber's panel.
/// Nothing here is timed against a target (the figures come from `tandem-bench clinic-http`);
/// what is checked is that nothing is lost, nothing is stored twice and every patient is listed.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicLoadTests {
  static let patients = 1000
  static let inFlight = 16

  struct Patient: Sendable {
    var label: String
    var code: String
    var token = ""
    /// The day's push, made once: a retry sends the very same bytes.
    var day: Data
  }

  @Test(
    "1,000 patients push a day and pull over HTTP at once, then push it again (a retry): every event is stored once, in order, and the panel lists all 1,000",
    .timeLimit(.minutes(8)))
  func thousandPatients() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    guard let base = URL(string: server.url + "/") else { throw SandboxError("bad server address \(server.url)") }
    let prescriberCode = try server.code(["invite", "--role", "prescriber", "--name", "Dr Load"])
    // Enrolment codes for 1,000 patients on the prescriber's team (in process: a thousand
    // `patient add` commands would time process start-up, not the clinic).
    let enrolled = try await ClinicDatabase.with(try DatabaseURL(server.databaseURL)) { database in
      let clinic = try await Clinic.open(database, content: ContentHome(root: TandemBinary.repositoryRoot))
      var patients: [Patient] = []
      for index in 0..<Self.patients {
        let label = String(format: "L-%04d", index)
        let code = try await clinic.addPatient(label: label, team: ["Dr Load"], now: Date()).code
        patients.append(Patient(label: label, code: code, day: try Self.day()))
      }
      return patients
    }

    // Each device enrols, pushes its day and pulls; `inFlight` patients at once.
    let synced = try await Self.concurrently(enrolled) { patient in
      var patient = patient
      let enrolment = try await Self.send(base, "v1/enrol", body: ["code": patient.code], token: nil)
      patient.token = try #require(enrolment["access_token"] as? String, "\(enrolment)")
      let pushed = try await Self.send(base, "v1/sync/push", json: patient.day, token: patient.token)
      #expect(pushed["added"] as? Int == 2 && pushed["acked_device_seq"] as? Int == 2, "\(pushed)")
      let pulled = try await Self.send(base, "v1/sync/pull?after=0", body: nil, token: patient.token)
      // Its own events are not sent back; nobody else wrote to this patient.
      #expect((pulled["events"] as? [Any])?.isEmpty == true, "\(pulled)")
      return patient
    }
    #expect(try await Self.count(server, "SELECT count(*) FROM event") == Int64(2 * Self.patients))

    // The same pushes again, as a terminal retries when an answer is lost: acknowledged, not stored.
    _ = try await Self.concurrently(synced) { patient in
      let again = try await Self.send(base, "v1/sync/push", json: patient.day, token: patient.token)
      #expect(again["added"] as? Int == 0 && again["acked_device_seq"] as? Int == 2, "\(again)")
      return patient
    }
    #expect(try await Self.count(server, "SELECT count(*) FROM event") == Int64(2 * Self.patients))
    // Every patient's stream is exactly positions 1 and 2.
    #expect(
      try await Self.count(
        server,
        "SELECT count(*) FROM (SELECT patient_id FROM event GROUP BY patient_id HAVING min(stream_seq) = 1 AND max(stream_seq) = 2 AND count(*) = 2) s"
      ) == Int64(Self.patients))

    // The prescriber's panel: all 1,000, each row counting the day's two events.
    let login = try await Self.send(base, "v1/enrol", body: ["code": prescriberCode], token: nil)
    let token = try #require(login["access_token"] as? String)
    let panel = try await Self.send(base, "v1/patients", body: nil, token: token)
    let rows = try #require(panel["patients"] as? [[String: Any]])
    #expect(Set(rows.compactMap { $0["label"] as? String }) == Set(enrolled.map(\.label)))
    #expect(rows.allSatisfy { $0["events"] as? Int == 2 || $0["as_of"] != nil }, "\(rows.prefix(3))")
  }

  /// A day of a patient's diary as a push: the morning preventive and an acute dose, device
  /// sequences 1 and 2.
  static func day() throws -> Data {
    let now = Date()
    let device = EventID.make(at: now)
    let doses = [(now.addingTimeInterval(-7200), "propranolol", 40), (now.addingTimeInterval(-3600), "ibuprofen", 400)]
    let events = doses.enumerated().map { index, dose in
      let time = RFC3339.text(from: dose.0)!
      return [
        "device_seq": index + 1,
        "line":
          #"{"type":"event","event_id":"\#(EventID.make(at: dose.0))","device_id":"\#(device)","stream_type":"diary","#
          + #""stream":"patient","kind":"dose-taken","recorded_at":"\#(time)","payload":{"schema":1,"#
          + #""medication":"\#(dose.1)","amount":{"unit":"mg","value":\#(dose.2)},"taken_at":"\#(time)"}}"#,
      ] as [String: Any]
    }
    return try JSONSerialization.data(withJSONObject: ["time_zone": "UTC", "sessions": [String](), "events": events])
  }

  /// Runs `body` for every patient, `inFlight` at a time.
  static func concurrently(
    _ patients: [Patient], _ body: @escaping @Sendable (Patient) async throws -> Patient
  ) async throws -> [Patient] {
    try await withThrowingTaskGroup(of: Patient.self) { group in
      var next = patients.makeIterator()
      for _ in 0..<inFlight { if let patient = next.next() { group.addTask { try await body(patient) } } }
      var done: [Patient] = []
      while let patient = try await group.next() {
        done.append(patient)
        if let patient = next.next() { group.addTask { try await body(patient) } }
      }
      return done
    }
  }

  /// Sends a JSON request and returns the JSON object answered; anything but 200 fails the test.
  static func send(_ base: URL, _ path: String, body: [String: Any]?, token: String?) async throws -> [String: Any] {
    try await send(base, path, json: try body.map { try JSONSerialization.data(withJSONObject: $0) }, token: token)
  }

  static func send(_ base: URL, _ path: String, json: Data?, token: String?) async throws -> [String: Any] {
    var request = URLRequest(url: try #require(URL(string: path, relativeTo: base)), timeoutInterval: 120)
    if let json {
      request.httpMethod = "POST"
      request.httpBody = json
      request.setValue("application/json", forHTTPHeaderField: "Content-Type")
    }
    if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
    // A data task with a completion handler: cancelling an async URLSession call while another
    // completes can deadlock swift-corelibs-foundation, and a failed expectation cancels the group.
    let (data, status): (Data, Int) = await withCheckedContinuation { continuation in
      URLSession.shared.dataTask(with: request) { data, response, _ in
        continuation.resume(returning: (data ?? Data(), (response as? HTTPURLResponse)?.statusCode ?? 0))
      }.resume()
    }
    try #require(status == 200, "\(path): \(status) \(String(decoding: data, as: UTF8.self))")
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func count(_ server: ClinicServer, _ sql: String) async throws -> Int64 {
    try await PostgresCluster.shared().count(sql, database: server.databaseName)
  }
}
