import Foundation
import PostgresNIO
import TandemClinic
import TandemContent
import TandemEvents
import TandemPostgresFixture
import Testing

@Suite("Clinic: migrations, enrolment and tokens", .serialized, .enabled(if: PostgresCluster.shouldRun))
struct EnrolmentTests {
  @Test("migrating twice applies every migration once; an unmigrated database is refused clearly")
  func migrations() async throws {
    let test = try await TestDatabase.make()
    try await ClinicDatabase.with(test.url) { database in
      await expectClinicError({ $0.isConfiguration && $0.detail.contains("migrate") }) {
        try await database.checkMigrated()
      }
      await expectClinicError({ $0.isConfiguration }, "Clinic.open on an unmigrated database") {
        try await Clinic.open(database, content: TestDatabase.content)
      }
      let first = try await database.migrate()
      #expect(first == ["0001-clinic", "0002-panel-row", "0003-append-events", "0004-stream-position-in-event"])
      let second = try await database.migrate()
      #expect(second == [])
      try await database.checkMigrated()
      _ = try await Clinic.open(database, content: TestDatabase.content)
    }
    #expect(try await test.count("SELECT count(*) FROM schema_migration") == 4)
    #expect(try await test.count("SELECT count(*) FROM server_key") == 1)
  }

  @Test("a clinic upgraded by 0004 keeps every event at its stream position, and pushes and pulls go on from there")
  func upgradeKeepsPositions() async throws {
    let test = try await TestDatabase.make()
    let patient = UUID()
    let device = UUID()
    let lines = Fixture.doses(3, device: device.uuidString.lowercased())
    let ids = try lines.map { try #require($0.firstMatch(of: /"event_id":"([0-9a-f-]{36})"/)?.1) }
    try await ClinicDatabase.with(test.url) { database in
      #expect(
        try await database.migrate(through: "0003-append-events") == [
          "0001-clinic", "0002-panel-row", "0003-append-events",
        ])
      // Three events stored as a 0003 server stored them: in the event and stream tables.
      try await database.execute(
        "INSERT INTO patient (id, label, created_at) VALUES ('\(patient)', 'P-900', now())")
      try await database.execute(
        "INSERT INTO device (id, patient_id, enrolled_at) VALUES ('\(device)', '\(patient)', now())")
      func array(_ values: [String], _ type: String) -> String {
        "ARRAY[\(values.map { "$l$\($0)$l$" }.joined(separator: ","))]::\(type)[]"
      }
      let texts = array(lines, "text")
      try await database.execute(
        """
        SELECT * FROM append_events('\(patient)', '\(device)', NULL, 1, 3, 'UTC', \(array(ids.map(String.init), "uuid")),
          \(array(["diary", "diary", "diary"], "text")), \(array(["patient", "patient", "patient"], "text")),
          \(array(["dose-taken", "dose-taken", "dose-taken"], "text")), ARRAY[now(), now(), now()], ARRAY[1, 2, 3]::bigint[],
          \(texts), ARRAY(SELECT encode(sha256(convert_to(l, 'UTF8')), 'hex') FROM unnest(\(texts)) l), ARRAY[]::text[],
          ARRAY[]::uuid[])
        """)
      #expect(try await database.migrate() == ["0004-stream-position-in-event"])
      // The migration lifted the append-only guard only for its own rewrite.
      await #expect(throws: (any Error).self, "an event changed after the upgrade") {
        try await database.execute("UPDATE event SET line = line")
      }
    }
    #expect(try await test.count("SELECT count(*) FROM pg_tables WHERE tablename = 'stream'") == 0)
    #expect(
      try await test.integers("SELECT stream_seq FROM event ORDER BY device_seq") == [1, 2, 3],
      "each event keeps its position")
    try await ClinicDatabase.with(test.url) { database in
      let clinic = try await Clinic.open(database, content: TestDatabase.content)
      let second = try await Fixture.device(clinic, of: "P-900")
      // The last of the three relayed by the new device, and one of its own: only that one is new.
      let pushed = try await clinic.push(
        Fixture.batch([lines[2]] + Fixture.doses(1, device: second.id, offset: 10), from: 1), by: second.principal,
        now: Date())
      #expect(pushed.added == 1 && pushed.streamHead == 4 && pushed.ackedDeviceSeq == 2, "\(pushed)")
      let page = try await clinic.pull(
        after: 0, limit: 10, by: Principal(role: .patient, id: UUID(), name: "reader", patientID: patient))
      #expect(page.events.map(\.streamSeq) == [1, 2, 3, 4])
      #expect(Array(page.events.prefix(3).map(\.line)) == lines, "the bytes the device sent, in its order")
    }
  }

  @Test("a clinician's code works once, typed in any case without dashes, and names their role")
  func clinicianCode() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let invitation = try await clinic.invite(role: .therapist, name: "Dr Ana Ruiz", now: Date())
      #expect(invitation.code.wholeMatch(of: /[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}/) != nil)
      // Lower case, no dashes, and 0 and 1 typed as the letters they look like.
      let typed = invitation.code.lowercased().replacingOccurrences(of: "-", with: "")
        .replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "l")
      let enrolment = try await clinic.redeem(code: typed, now: Date())
      #expect(enrolment.role == "therapist")
      #expect(enrolment.name == "Dr Ana Ruiz")
      let principal = try await clinic.authenticate(bearer: enrolment.accessToken)
      #expect(principal.role == .therapist && principal.name == "Dr Ana Ruiz")
      #expect(enrolment.deviceID == principal.id.uuidString.lowercased(), "a clinician writes events as their own id")
      await expectClinicError({ $0.isUnauthorized }, "a code redeemed twice") {
        try await clinic.redeem(code: invitation.code, now: Date())
      }
      // A second computer: a new code for the same clinician, same identity; another role is refused.
      let again = try await clinic.invite(role: .therapist, name: "Dr Ana Ruiz", now: Date())
      #expect(again.code != invitation.code)
      let second = try await clinic.redeem(code: again.code, now: Date())
      #expect(try await clinic.authenticate(bearer: second.accessToken).id == principal.id)
      await expectClinicError({ $0.isConflict }, "the same name as a prescriber") {
        try await clinic.invite(role: .prescriber, name: "Dr Ana Ruiz", now: Date())
      }
      await expectClinicError({ $0.isUnauthorized }, "a code never issued") {
        try await clinic.redeem(code: "0000-0000-0000-0000", now: Date())
      }
    }
  }

  @Test("a patient's code enrols a device of that patient; an expired code is refused and stays unused")
  func patientCode() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let invitation = try await clinic.addPatient(label: "P-001", team: [], now: Date())
      let enrolment = try await clinic.redeem(code: invitation.code, now: Date())
      #expect(enrolment.role == "patient")
      #expect(enrolment.name == "P-001")
      let device = try #require(UUID(uuidString: enrolment.deviceID))
      let principal = try await clinic.authenticate(bearer: enrolment.accessToken)
      #expect(principal.role == .patient && principal.id == device && principal.patientID != nil)

      let second = try await clinic.patientCode(label: "P-001", now: Date())
      await expectClinicError({ $0.isUnauthorized }, "a code a day and a minute after it was made") {
        try await clinic.redeem(code: second.code, now: Date().addingTimeInterval(Clinic.codeLifetime + 60))
      }
      await expectClinicError({ $0.isUnauthorized }, "a code redeemed a year later") {
        try await clinic.redeem(code: second.code, now: Date().addingTimeInterval(365 * 86_400))
      }
      let other = try await clinic.redeem(code: " " + second.code.lowercased() + " ", now: Date())
      #expect(other.deviceID != device.uuidString.lowercased())
      let otherPrincipal = try await clinic.authenticate(bearer: other.accessToken)
      #expect(otherPrincipal.patientID == principal.patientID)

      await expectClinicError({ $0.isConflict }, "a second patient P-001") {
        try await clinic.addPatient(label: "P-001", team: [], now: Date())
      }
      for label in ["Ana García", "P 002", "", "P/003", String(repeating: "x", count: 101)] {
        await expectClinicError({ if case .badRequest = $0 { true } else { false } }, "label \(label)") {
          try await clinic.addPatient(label: label, team: [], now: Date())
        }
      }
      await expectClinicError({ if case .notFound = $0 { true } else { false } }, "a team member never invited") {
        try await clinic.addPatient(label: "P-004", team: ["Dr Nobody"], now: Date())
      }
      await expectClinicError({ if case .notFound = $0 { true } else { false } }, "a code for an unknown patient") {
        try await clinic.patientCode(label: "P-404", now: Date())
      }
    }
  }

  @Test("garbage, forged and revoked tokens are refused; refresh stops working after revoke")
  func tokens() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      for token in [nil, "", "garbage", "a.b.c"] {
        await expectClinicError({ $0.isUnauthorized }, "token \(String(describing: token))") {
          try await clinic.authenticate(bearer: token)
        }
      }
      let patient = try await Fixture.patient(clinic, "P-002")
      let access = patient.enrolment.accessToken
      // A token with one character of its signature changed.
      var forged = Array(access)
      forged[forged.count - 2] = forged[forged.count - 2] == "A" ? "B" : "A"
      await expectClinicError({ $0.isUnauthorized }, "a forged signature") {
        try await clinic.authenticate(bearer: String(forged))
      }
      let refreshed = try await clinic.refresh(token: patient.enrolment.refreshToken, now: Date())
      #expect(try await clinic.authenticate(bearer: refreshed) == patient.principal)
      await expectClinicError({ $0.isUnauthorized }, "a refresh token that was never issued") {
        try await clinic.refresh(token: "not-a-token", now: Date())
      }

      try await clinic.revoke(device: patient.principal.id, now: Date())
      await expectClinicError({ $0.isUnauthorized }, "a revoked device's access token") {
        try await clinic.authenticate(bearer: access)
      }
      await expectClinicError({ $0.isUnauthorized }, "a revoked device's refresh token") {
        try await clinic.refresh(token: patient.enrolment.refreshToken, now: Date())
      }
      await expectClinicError({ $0.isUnauthorized || $0.isForbidden }, "a revoked device's push") {
        try await clinic.push(
          Fixture.batch([Fixture.dose(device: patient.id)], from: 1), by: patient.principal, now: Date())
      }

      let invitation = try await clinic.invite(role: .prescriber, name: "Dr Lee", now: Date())
      let clinician = try await clinic.redeem(code: invitation.code, now: Date())
      _ = try await clinic.authenticate(bearer: clinician.accessToken)
      try await clinic.revoke(clinician: "Dr Lee", now: Date())
      await expectClinicError({ $0.isUnauthorized }, "a revoked clinician's access token") {
        try await clinic.authenticate(bearer: clinician.accessToken)
      }
      await expectClinicError({ $0.isUnauthorized }, "a revoked clinician's refresh token") {
        try await clinic.refresh(token: clinician.refreshToken, now: Date())
      }
      await expectClinicError({ $0.isConflict }, "re-inviting a revoked clinician") {
        try await clinic.invite(role: .prescriber, name: "Dr Lee", now: Date())
      }
    }
  }

  @Test("two terminals redeeming one code at the same moment: exactly one is enrolled")
  func concurrentRedeem() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let invitation = try await clinic.addPatient(label: "P-005", team: [], now: Date())
      @Sendable func attempt() async -> Result<Enrolment, any Error> {
        do { return .success(try await clinic.redeem(code: invitation.code, now: Date())) } catch {
          return .failure(error)
        }
      }
      async let first = attempt()
      async let second = attempt()
      let results = await [first, second]
      #expect(results.filter { (try? $0.get()) != nil }.count == 1)
      for case .failure(let error) in results {
        #expect((error as? ClinicError)?.isUnauthorized == true, "\(error)")
      }
      #expect(try await test.count("SELECT count(*) FROM device") == 1)
    }
  }

  @Test("an expired access token is refused; the refresh token gets a working one")
  func expiredAccessToken() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let then = Date().addingTimeInterval(-(Clinic.accessLifetime + 120))
      let invitation = try await clinic.invite(role: .therapist, name: "Dr Early", now: then)
      let enrolment = try await clinic.redeem(code: invitation.code, now: then)
      await expectClinicError({ $0.isUnauthorized }, "an access token past its lifetime") {
        try await clinic.authenticate(bearer: enrolment.accessToken)
      }
      let fresh = try await clinic.refresh(token: enrolment.refreshToken, now: Date())
      #expect(try await clinic.authenticate(bearer: fresh).name == "Dr Early")
      await expectClinicError({ $0.isUnauthorized }, "a refresh token past its lifetime") {
        try await clinic.refresh(
          token: enrolment.refreshToken, now: then.addingTimeInterval(Clinic.refreshLifetime + 60))
      }
      await expectClinicError({ if case .badRequest = $0 { true } else { false } }, "inviting a patient") {
        try await clinic.invite(role: .patient, name: "Someone", now: Date())
      }
    }
  }

  @Test("two servers migrating one new database at the same moment both succeed")
  func concurrentMigrate() async throws {
    for _ in 0..<5 {
      let test = try await TestDatabase.make()
      try await ClinicDatabase.with(test.url) { first in
        try await ClinicDatabase.with(test.url) { second in
          async let a = first.migrate()
          async let b = second.migrate()
          do {
            let (ranA, ranB) = try await (a, b)
            #expect(
              (ranA + ranB).sorted() == [
                "0001-clinic", "0002-panel-row", "0003-append-events", "0004-stream-position-in-event",
              ])
          } catch let error as PSQLError {
            Issue.record(
              "\(error.serverInfo?[.sqlState] ?? "?"): \(error.serverInfo?[.message] ?? String(reflecting: error))")
          }
        }
      }
    }
  }

  @Test("a token signed by another clinic's server is refused; the content must hold a catalogue")
  func otherServersToken() async throws {
    let token = try await TestDatabase.withClinic { clinic, _ in
      try await Fixture.patient(clinic, "P-006").enrolment.accessToken
    }
    try await TestDatabase.withClinic { clinic, test in
      _ = try await Fixture.patient(clinic, "P-006")
      await expectClinicError({ $0.isUnauthorized }, "another server's token") {
        try await clinic.authenticate(bearer: token)
      }
      await expectClinicError({ if case .notFound = $0 { true } else { false } }, "revoking no one") {
        try await clinic.revoke(clinician: "Dr Nobody", now: Date())
      }
      try await ClinicDatabase.with(test.url) { database in
        await expectClinicError({ $0.isConfiguration }, "content without Content/medications.yaml") {
          try await Clinic.open(database, content: ContentHome(root: "/nonexistent-tandem-home"))
        }
      }
    }
  }
}
