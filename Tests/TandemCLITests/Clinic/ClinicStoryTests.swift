import Foundation
import TandemPostgresFixture
import Testing

/// The whole clinic story against a real `tandem-server` on real PostgreSQL: invite, link, log,
/// sync, publish, assign, prescribe, sync back, the clinician's report equal to the patient's, audit.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicStoryTests {
  /// Runs `tandem` as one person: the patient (their store) or a clinician (their credentials file).
  struct Person {
    let sandbox: Sandbox
    let credentials: String?

    func run(_ arguments: [String], background: Bool = false) throws -> CommandResult {
      var environment = ["TANDEM_BACKGROUND_SYNC": background ? "1" : "0", "TZ": "Europe/London"]
      if let credentials { environment["TANDEM_CLINIC_CREDENTIALS"] = credentials }
      return try sandbox.run(arguments, environment: environment)
    }

    @discardableResult
    func ok(_ arguments: [String]) throws -> String {
      let result = try run(arguments)
      guard result.status == 0 else {
        throw SandboxError("'tandem \(arguments.joined(separator: " "))' exited \(result.status): \(result.errors)")
      }
      return result.output
    }
  }

  @Test(
    "a patient links and syncs; a therapist publishes and assigns, a prescriber prescribes; the patient receives both; the clinician's report is the patient's, byte for byte; every step is audited"
  )
  func wholeStory() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let patientCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let prescriberCode = try server.code(["invite", "--role", "prescriber", "--name", "Dr Rx"])
    let adminCode = try server.code(["invite", "--role", "admin", "--name", "Admin"])
    let otherCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Other"])
    let linkCode = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Ada", "Dr Rx"])

    let patient = Person(sandbox: sandbox, credentials: nil)
    let store = ["--store", sandbox.store]
    try patient.ok(["meds", "add", "erenumab", "--dose", "70 mg", "--monthly", "--start", "2026-01-05"] + store)
    try patient.ok(["dose", "take", "erenumab", "--at", "2026-01-05 09:00"] + store)
    try patient.ok(
      ["attack", "log", "--start", "2026-01-07 14:00", "--end", "2026-01-07 20:00", "--severity", "6"] + store)
    let linked = try patient.ok(["link", server.url, linkCode, "--insecure-loopback"] + store)
    #expect(linked.contains("Sync done: 3 sent, 0 received."))

    let therapist = Person(sandbox: sandbox, credentials: sandbox.root + "/ada.json")
    let prescriber = Person(sandbox: sandbox, credentials: sandbox.root + "/rx.json")
    let admin = Person(sandbox: sandbox, credentials: sandbox.root + "/admin.json")
    let other = Person(sandbox: sandbox, credentials: sandbox.root + "/other.json")
    try therapist.ok(["clinic", "login", server.url, patientCode, "--insecure-loopback"])
    try prescriber.ok(["clinic", "login", server.url, prescriberCode, "--insecure-loopback"])
    try admin.ok(["clinic", "login", server.url, adminCode, "--insecure-loopback"])
    try other.ok(["clinic", "login", server.url, otherCode.lowercased(), "--insecure-loopback"])
    #expect(permissions(sandbox.root + "/ada.json") == 0o600)

    // The panel lists the patient with what the report flags.
    let panel = try therapist.ok(["clinic", "patients", "--format", "json"])
    #expect(panel.contains("\"label\" : \"P-001\""))

    // A therapist publishes a module version and assigns it; a prescriber adds a preventive.
    let shipped = try String(
      contentsOfFile: TandemBinary.repositoryRoot + "/Modules/what-matters.yaml", encoding: .utf8)
    let module = shipped.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Clinic edition of ")
    let draft = sandbox.root + "/what-matters.yaml"
    try module.write(toFile: draft, atomically: true, encoding: .utf8)
    let published = try therapist.ok(["clinic", "publish", draft])
    #expect(published.contains("Published what-matters version 2"))
    try therapist.ok(["clinic", "assign", "P-001", "what-matters@2"])
    try prescriber.ok(["clinic", "prescribe", "P-001", "propranolol", "--dose", "40 mg", "--daily"])

    // Neither role may do the other's job, and no one off the team may read.
    let wrongRole = try therapist.run(["clinic", "prescribe", "P-001", "propranolol", "--dose", "80 mg", "--daily"])
    #expect(wrongRole.status != 0)
    #expect(wrongRole.errors.contains("only a prescriber may prescribe"))
    let offTeam = try other.run(["clinic", "report", "P-001"])
    #expect(offTeam.status != 0)
    #expect(offTeam.errors.contains("403"))
    #expect(!offTeam.errors.contains("erenumab"))

    // The patient's next sync brings both.
    let synced = try patient.ok(["sync"] + store)
    #expect(synced.contains("0 sent, 2 received"))
    let meds = try patient.ok(["meds", "list"] + store)
    #expect(meds.contains("propranolol 40 mg daily"))
    #expect(meds.contains("erenumab 70 mg"))
    // The therapist's version, checked against its content hash, replaces the shipped one.
    #expect(try patient.ok(["modules"] + store).contains("Clinic edition of "))
    // The day suggests the assigned module first, and says who assigned it.
    #expect(try patient.ok(["today"] + store).contains("Clinic edition of What matters"))
    #expect(try patient.ok(["today"] + store).contains("assigned by Dr Ada"))
    // Syncing again changes nothing: the result is exactly once.
    #expect(try patient.ok(["sync"] + store).contains("Sync done: 0 sent, 0 received."))
    #expect(try patient.ok(["sync", "--status"] + store).contains("Nothing waits to be sent."))

    // The clinician's report is the patient's own, byte for byte, in every format tried.
    for format in ["text", "json", "csv"] {
      let options = [
        "--from", "2026-01-01", "--to", "2026-01-31", "--generated-at", "2026-02-01 09:00", "--format", format,
      ]
      let own = try patient.ok(["report"] + options + store)
      let clinic = try prescriber.ok(["clinic", "report", "P-001"] + options)
      #expect(own == clinic, "format \(format)")
      #expect(own.contains("erenumab"))
    }

    // The audit log: each clinician sees their own entries; the administrator sees everyone's,
    // refusals included.
    let own = try prescriber.ok(["clinic", "audit"])
    #expect(own.contains("Dr Rx (prescriber) [P-001]: prescribed — allowed"))
    #expect(own.contains("read the record"))
    #expect(!own.contains("Dr Ada"))
    let all = try admin.ok(["clinic", "audit", "--format", "json"])
    #expect(all.contains("assigned a module"))
    #expect(all.contains("refused: not on the care team"))
  }

  @Test(
    "a code works once; a revoked clinician is refused at once; plain http is refused off loopback and without the flag"
  )
  func accessIsChecked() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let code = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let therapist = Person(sandbox: sandbox, credentials: sandbox.root + "/ada.json")
    try therapist.ok(["clinic", "login", server.url, code, "--insecure-loopback"])
    let again = try therapist.run(["clinic", "login", server.url, code, "--insecure-loopback"])
    #expect(again.status != 0)
    #expect(again.errors.contains("used already"))
    #expect(try therapist.ok(["clinic", "patients"]).contains("No patients"))
    #expect(try server.admin(["revoke", "--name", "Dr Ada"]).status == 0)
    let revoked = try therapist.run(["clinic", "patients"])
    #expect(revoked.status != 0)
    #expect(revoked.errors.contains("401"))

    // A patient's code typed into clinic login is refused and still works where it belongs; linking
    // tightens a store another program left readable, and one store keeps one patient's label.
    let patientCode = try server.code(["patient", "add", "--label", "P-010"])
    let wrong = try therapist.run(["clinic", "login", server.url, patientCode, "--insecure-loopback"])
    #expect(wrong.errors.contains("tandem link"))
    let patient = Person(sandbox: sandbox, credentials: nil)
    let store = ["--store", sandbox.store]
    try patient.ok(["dose", "take", "ibuprofen", "--amount", "200 mg", "--at", "2026-11-02 09:00"] + store)
    chmod(sandbox.store, 0o644)
    try patient.ok(["link", server.url, patientCode, "--insecure-loopback"] + store)
    #expect(permissions(sandbox.store) == 0o600)
    let other = try server.code(["patient", "add", "--label", "P-011"])
    let relinked = try patient.run(["link", server.url, other, "--insecure-loopback"] + store)
    #expect(relinked.status != 0)
    #expect(relinked.errors.contains("linked as P-010"))
    #expect(try patient.ok(["sync", "--status"] + store).contains("as P-010"))

    let noFlag = try therapist.run(["clinic", "login", server.url, code])
    #expect(noFlag.errors.contains("--insecure-loopback"))
    let remote = try therapist.run(["clinic", "login", "http://clinic.example.org", code, "--insecure-loopback"])
    #expect(remote.errors.contains("https://"))
  }

  @Test(
    "after a command that writes, a linked terminal syncs in the background, and an offline terminal keeps its entries and says why"
  )
  func backgroundSyncAndOffline() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    let linkCode = try server.code(["patient", "add", "--label", "P-002"])
    let patient = Person(sandbox: sandbox, credentials: nil)
    let store = ["--store", sandbox.store]
    try patient.ok(["link", server.url, linkCode, "--insecure-loopback"] + store)
    let logged = try patient.run(
      ["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", "2026-01-05 09:00"] + store, background: true)
    #expect(logged.status == 0)
    try eventually(timeout: 20) {
      try patient.ok(["sync", "--status"] + store).contains("Nothing waits to be sent.")
    }
    server.stop()
    try patient.ok(["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", "2026-01-06 09:00"] + store)
    let failed = try patient.run(["sync"] + store)
    #expect(failed.status != 0)
    #expect(failed.errors.contains("nothing is lost"))
    let status = try patient.ok(["sync", "--status"] + store)
    #expect(status.contains("1 entry waits to be sent."))
    #expect(status.contains("cannot reach the clinic"))
  }

  @Test("the server serves HTTPS with the given certificate, and the terminal refuses a certificate it cannot verify")
  func https() async throws {
    let sandbox = try Sandbox()
    let certificate = sandbox.root + "/cert.pem", key = sandbox.root + "/key.pem"
    let made = try sandbox.runShell(
      "openssl req -x509 -newkey rsa:2048 -nodes -keyout '\(key)' -out '\(certificate)' -days 2 -subj /CN=localhost "
        + "-addext subjectAltName=IP:127.0.0.1,DNS:localhost 2>&1")
    try #require(made.status == 0, "openssl: \(made.output)")
    let server = try await ClinicServer(sandbox: sandbox, tls: (certificate, key))
    defer { server.stop() }
    #expect(server.url.hasPrefix("https://127.0.0.1:"))
    let health = try sandbox.runShell("curl -s --cacert '\(certificate)' \(server.url)/v1/health")
    #expect(health.output == #"{"status":"ok"}"#)
    let code = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let therapist = Person(sandbox: sandbox, credentials: sandbox.root + "/ada.json")
    let untrusted = try therapist.run(["clinic", "login", server.url, code])
    #expect(untrusted.status != 0)
    #expect(untrusted.errors.contains("certificate"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/ada.json"))
    // Plain HTTP is refused by the server itself off loopback, and without the flag.
    let open = try server.admin(["serve", "--listen", "0.0.0.0:0", "--insecure-loopback"])
    #expect(open.errors.contains("loopback"))
  }

  @Test("a session in progress finishes on the version it started when the therapist's new version arrives")
  func sessionKeepsItsVersion() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let code = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let link = try server.code(["patient", "add", "--label", "P-003", "--team", "Dr Ada"])
    let patient = Person(sandbox: sandbox, credentials: nil)
    let therapist = Person(sandbox: sandbox, credentials: sandbox.root + "/ada.json")
    let store = ["--store", sandbox.store]
    try patient.ok(["link", server.url, link, "--insecure-loopback"] + store)
    try therapist.ok(["clinic", "login", server.url, code, "--insecure-loopback"])
    // The patient starts the shipped module and stops at the first step (end of input pauses).
    let started = try patient.run(["session", "start", "what-matters"] + store)
    #expect(started.output.contains("Paused and saved."), "\(started.errors)")
    // The therapist publishes a newer version that could migrate sessions, and assigns it.
    let shipped = try String(
      contentsOfFile: TandemBinary.repositoryRoot + "/Modules/what-matters.yaml", encoding: .utf8)
    let newer =
      shipped.replacingOccurrences(of: "\ntitle: ", with: "\ntitle: Clinic edition of ")
      .replacingOccurrences(of: "\nversion: 2\n", with: "\nversion: 3\n") + "\nmigrations:\n  welcome: welcome\n"
    try newer.write(toFile: sandbox.root + "/what-matters.yaml", atomically: true, encoding: .utf8)
    try therapist.ok(["clinic", "publish", sandbox.root + "/what-matters.yaml"])
    try therapist.ok(["clinic", "assign", "P-003", "what-matters"])
    #expect(try patient.ok(["sync"] + store).contains("1 received"))
    let resumed = try patient.run(["session", "resume"] + store)
    #expect(
      resumed.output.replacingOccurrences(of: "\n", with: " ").contains("you will finish on the version you began"),
      "\(resumed.output)")
    #expect(!resumed.output.contains("Clinic edition"))
    #expect(try patient.ok(["modules"] + store).contains("Clinic edition of What matters"))
  }
}
