import Foundation
import TandemClinic
import TandemEvents
import TandemPostgresFixture
import Testing

@Suite("Clinic: roles, care teams and the audit log", .serialized, .enabled(if: PostgresCluster.shouldRun))
struct AccessTests {
  @Test("only the care team reads a record; leaving the team ends access; refusals are audited")
  func careTeamReads() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let onTeam = try await Fixture.clinician(clinic, .therapist, "Dr On")
      let offTeam = try await Fixture.clinician(clinic, .therapist, "Dr Off")
      let researcher = try await Fixture.clinician(clinic, .researcher, "R Search")
      let admin = try await Fixture.clinician(clinic, .admin, "Admin")
      let device = try await Fixture.patient(clinic, "P-200", team: ["Dr On"])
      let lines = Fixture.doses(2, device: device.id)
      _ = try await clinic.push(Fixture.batch(lines, from: 1), by: device.principal, now: Date())

      let record = try await clinic.record(label: "P-200", by: onTeam, now: Date())
      #expect(record.label == "P-200")
      #expect(record.timeZone == "Europe/Madrid")
      #expect(Array(record.lines.dropFirst()) == lines)
      #expect(record.lines.first?.contains(#""type":"header""#) == true)

      await expectClinicError({ $0.isForbidden }, "a therapist not on the team") {
        try await clinic.record(label: "P-200", by: offTeam, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a researcher") {
        try await clinic.record(label: "P-200", by: researcher, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "the patient's own device") {
        try await clinic.record(label: "P-200", by: device.principal, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "an unknown label, refused like a patient off the team") {
        try await clinic.record(label: "P-404", by: offTeam, now: Date())
      }

      let log = try await clinic.auditLog(admin)
      let refusal = log.first { $0.actor == "Dr Off" && $0.patient == "P-200" }
      #expect(refusal?.outcome.hasPrefix("refused") == true, "audit: \(log)")
      #expect(refusal?.role == "therapist")
      #expect(log.contains { $0.actor == "Dr On" && $0.patient == "P-200" && $0.outcome == "allowed" })
      #expect(log.contains { $0.actor == "R Search" && $0.outcome.hasPrefix("refused") })
      #expect(log.contains { $0.actor == "Dr Off" && $0.patient == "P-404" && $0.outcome.hasPrefix("refused") })
      // A clinician reads only their own entries.
      let own = try await clinic.auditLog(offTeam)
      #expect(!own.isEmpty && own.allSatisfy { $0.actor == "Dr Off" })
      await expectClinicError({ $0.isForbidden }, "a patient reading the audit log") {
        try await clinic.auditLog(device.principal)
      }

      try await clinic.changeTeam(label: "P-200", clinician: "Dr On", joining: false, at: Date())
      await expectClinicError({ $0.isForbidden }, "a therapist who left the team") {
        try await clinic.record(label: "P-200", by: onTeam, now: Date())
      }
      try await clinic.changeTeam(label: "P-200", clinician: "Dr Off", joining: true, at: Date())
      _ = try await clinic.record(label: "P-200", by: offTeam, now: Date())
      await expectClinicError({ if case .badRequest = $0 { true } else { false } }, "an admin on a care team") {
        try await clinic.changeTeam(label: "P-200", clinician: "Admin", joining: true, at: Date())
      }
    }
  }

  @Test("a prescriber on the team writes a regimen; a therapist cannot; nobody writes a dose")
  func writes() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let prescriber = try await Fixture.clinician(clinic, .prescriber, "Dr Rx")
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Tx")
      let outsider = try await Fixture.clinician(clinic, .prescriber, "Dr Elsewhere")
      let device = try await Fixture.patient(clinic, "P-201", team: ["Dr Rx", "Dr Tx"])
      let rx = prescriber.id.uuidString.lowercased()

      let regimen = Fixture.regimen(device: rx)
      #expect(try await clinic.write(label: "P-201", lines: [regimen], by: prescriber, now: Date()) == 1)
      #expect(try await clinic.write(label: "P-201", lines: [regimen], by: prescriber, now: Date()) == 0)
      let pulled = try await clinic.pull(after: 0, limit: 10, by: device.principal)
      #expect(pulled.events.map(\.line) == [regimen], "the patient's device receives the prescription")

      await expectClinicError({ $0.isForbidden }, "a therapist prescribing") {
        try await clinic.write(
          label: "P-201", lines: [Fixture.regimen(device: therapist.id.uuidString.lowercased())], by: therapist,
          now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a prescriber not on the team") {
        try await clinic.write(
          label: "P-201", lines: [Fixture.regimen(device: outsider.id.uuidString.lowercased())], by: outsider,
          now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a prescriber writing a dose-taken") {
        try await clinic.write(label: "P-201", lines: [Fixture.dose(device: rx)], by: prescriber, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a therapist writing a dose-taken") {
        try await clinic.write(
          label: "P-201", lines: [Fixture.dose(device: therapist.id.uuidString.lowercased())], by: therapist,
          now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a regimen with a dose in the same write") {
        try await clinic.write(
          label: "P-201", lines: [Fixture.regimen(device: rx), Fixture.dose(device: rx)], by: prescriber, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 1)
      #expect(
        try await test.count("SELECT count(*) FROM event WHERE author_clinician = '\(rx)' AND device_seq IS NULL") == 1,
        "the prescriber is recorded as the author")
    }
  }

  @Test("a refused write is in the audit log")
  func refusedWriteAudited() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Tx")
      let outsider = try await Fixture.clinician(clinic, .prescriber, "Dr Elsewhere")
      let admin = try await Fixture.clinician(clinic, .admin, "Admin")
      _ = try await Fixture.patient(clinic, "P-202", team: ["Dr Tx"])
      await expectClinicError({ $0.isForbidden }) {
        try await clinic.write(
          label: "P-202", lines: [Fixture.regimen(device: therapist.id.uuidString.lowercased())], by: therapist,
          now: Date())
      }
      await expectClinicError({ $0.isForbidden }) {
        try await clinic.write(
          label: "P-202", lines: [Fixture.regimen(device: outsider.id.uuidString.lowercased())], by: outsider,
          now: Date())
      }
      let log = try await clinic.auditLog(admin)
      #expect(log.contains { $0.actor == "Dr Tx" && $0.outcome.hasPrefix("refused") }, "role refusal: \(log)")
      #expect(log.contains { $0.actor == "Dr Elsewhere" && $0.outcome.hasPrefix("refused") }, "team refusal: \(log)")
    }
  }

  @Test("the panel is for therapists and prescribers: it lists their care-team patients only")
  func panel() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Panel")
      let admin = try await Fixture.clinician(clinic, .admin, "Admin")
      let device = try await Fixture.patient(clinic, "P-203", team: ["Dr Panel"])
      _ = try await Fixture.patient(clinic, "P-204")
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(2, device: device.id), from: 1), by: device.principal, now: Date())
      await expectClinicError({ $0.isForbidden }, "a patient device's panel") {
        try await clinic.panel(by: device.principal, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "an admin's panel") {
        try await clinic.panel(by: admin, now: Date())
      }
      let rows = try await clinic.panel(by: therapist, now: Date())
      #expect(rows.map(\.label) == ["P-203"])
      #expect(rows.first?.events == 2)
    }
  }

  @Test("a team change takes effect at its time: a join dated tomorrow gives no access today")
  func teamChangeAtItsTime() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Later")
      _ = try await Fixture.patient(clinic, "P-205")
      let now = Date()
      try await clinic.changeTeam(label: "P-205", clinician: "Dr Later", joining: true, at: now + 86_400)
      await expectClinicError({ $0.isForbidden }, "before the join") {
        try await clinic.record(label: "P-205", by: therapist, now: now)
      }
      #expect(try await clinic.panel(by: therapist, now: now).isEmpty)
      _ = try await clinic.record(label: "P-205", by: therapist, now: now + 2 * 86_400)
      #expect(try await clinic.panel(by: therapist, now: now + 2 * 86_400).map(\.label) == ["P-205"])
      await expectClinicError({ if case .notFound = $0 { true } else { false } }, "a clinician never invited") {
        try await clinic.changeTeam(label: "P-205", clinician: "Dr Nobody", joining: true, at: now)
      }
    }
  }

  @Test(
    "one patient's correction of an entry the server never got does not break the panel")
  func panelSurvivesDanglingCorrection() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Panel")
      let good = try await Fixture.patient(clinic, "P-206", team: ["Dr Panel"])
      let odd = try await Fixture.patient(clinic, "P-207", team: ["Dr Panel"])
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(1, device: good.id), from: 1), by: good.principal, now: Date())
      let dangling = Fixture.withdrawal(device: odd.id, corrects: EventID.make(at: Date().addingTimeInterval(-600)))
      do {
        _ = try await clinic.push(Fixture.batch([dangling], from: 1), by: odd.principal, now: Date())
      } catch let error as ClinicError {
        // Refusing the line at the door is a fine answer too.
        #expect(error.isInvalid, "\(error)")
      }
      let rows = try await clinic.panel(by: therapist, now: Date())
      #expect(Set(rows.map(\.label)) == ["P-206", "P-207"])
    }
  }

  @Test("the panel counts a patient's new events at once, not from a stale row")
  func panelIsFresh() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Fresh")
      let device = try await Fixture.patient(clinic, "P-208", team: ["Dr Fresh"])
      #expect(try await clinic.panel(by: therapist, now: Date()).first?.reasons.map(\.kind) == ["no-diary"])
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(2, device: device.id), from: 1), by: device.principal, now: Date())
      #expect(try await clinic.panel(by: therapist, now: Date()).first?.events == 2)
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(1, device: device.id, offset: 10), from: 3), by: device.principal, now: Date())
      let rows = try await clinic.panel(by: therapist, now: Date())
      #expect(rows.first?.events == 3)
      #expect(rows.first?.lastEntry != nil)
    }
  }

  @Test(
    "a burst of refused reads does not exhaust the connection pool")
  func refusalBurst() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let outsider = try await Fixture.clinician(clinic, .therapist, "Dr Outside")
      _ = try await Fixture.patient(clinic, "P-209")
      // More refusals at once than the pool has connections (20): each holds one while it audits.
      let finished = await withTaskGroup(of: Bool.self) { group in
        group.addTask {
          await withTaskGroup(of: Void.self) { burst in
            for _ in 0..<60 {
              burst.addTask { _ = try? await clinic.record(label: "P-209", by: outsider, now: Date()) }
            }
          }
          return !Task.isCancelled
        }
        group.addTask {
          try? await Task.sleep(nanoseconds: 10_000_000_000)
          return false
        }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
      }
      #expect(finished, "60 refused reads at once did not finish within 10 seconds")
      // The service still answers afterwards.
      _ = try await Fixture.clinician(clinic, .admin, "Admin")
    }
  }
}
