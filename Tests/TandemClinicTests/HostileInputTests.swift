import Foundation
import TandemClinic
import TandemEvents
import TandemPostgresFixture
import Testing

/// What a red-team pass found the clinic accepting, now refused without changing anything.
@Suite("Clinic: hostile input", .serialized, .enabled(if: PostgresCluster.shouldRun))
struct HostileInputTests {
  @Test("an event holding a NUL is refused, and the record, the panel and pulls keep working")
  func nulCharacter() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Nul")
      let device = try await Fixture.patient(clinic, "P-700", team: ["Dr Nul"])
      let good = Fixture.dose(device: device.id)
      _ = try await clinic.push(Fixture.batch([good], from: 1), by: device.principal, now: Date())
      let hostile = Fixture.dose(device: device.id).replacingOccurrences(
        of: "\"medication\":\"propranolol\"", with: "\"medication\":\"propra\\u0000nolol\"")
      #expect(hostile.contains("\\u0000"))
      await expectClinicError({ if case .invalid = $0 { true } else { false } }, "a NUL in a line") {
        try await clinic.push(Fixture.batch([hostile], from: 2), by: device.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 1)
      #expect(try await clinic.record(label: "P-700", by: therapist, now: Date()).lines.count == 2)
      #expect(try await clinic.panel(by: therapist, now: Date()).map(\.label) == ["P-700"])
    }
  }

  @Test(
    "a large batch (checked on several cores) names its first bad line and stores nothing; a good one keeps its order")
  func largeBatch() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-702")
      let now = Date()
      var lines = (0..<120).map { Fixture.dose(device: device.id, at: now.addingTimeInterval(Double($0 - 200) * 60)) }
      let good = lines
      // Line 20 is taken next year; line 100 holds a NUL: the earlier one is what the push is refused for.
      lines[20] = lines[20].replacingOccurrences(
        of: RFC3339.text(from: now.addingTimeInterval(-180 * 60))!,
        with: RFC3339.text(from: now.addingTimeInterval(365 * 86_400))!)
      lines[100] = lines[100].replacingOccurrences(of: "propranolol", with: "propra\\u0000nolol")
      await expectClinicError({ $0.detail.contains("future") }, "a large batch with two bad lines") {
        try await clinic.push(Fixture.batch(lines, from: 1), by: device.principal, now: now)
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
      let result = try await clinic.push(Fixture.batch(good, from: 1), by: device.principal, now: now)
      #expect(result.added == 120 && result.streamHead == 120 && result.ackedDeviceSeq == 120)
      #expect(
        try await test.count(
          "SELECT count(*) FROM event e WHERE e.stream_seq = e.device_seq") == 120)
    }
  }

  @Test("a dose or a headache in the future is refused; a regimen may start in the future")
  func futureEvents() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-701")
      let now = Date()
      let time = RFC3339.text(from: now)!
      let later = RFC3339.text(from: now.addingTimeInterval(365 * 86_400))!
      let future = Fixture.dose(device: device.id, at: now).replacingOccurrences(
        of: "\"taken_at\":\"\(time)\"", with: "\"taken_at\":\"\(later)\"")
      #expect(future.contains(later))
      await expectClinicError({ $0.detail.contains("future") }, "a dose taken next year") {
        try await clinic.push(Fixture.batch([future], from: 1), by: device.principal, now: now)
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
    }
  }

  @Test("a prescriber's regimen with an unknown medication or a dose of 0 or less is refused")
  func badRegimens() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let prescriber = try await Fixture.clinician(clinic, .prescriber, "Dr Dose")
      _ = try await Fixture.patient(clinic, "P-702", team: ["Dr Dose"])
      let me = prescriber.id.uuidString.lowercased()
      let regimen = Fixture.regimen(device: me)
      for bad in [
        regimen.replacingOccurrences(of: "\"medication\":\"propranolol\"", with: "\"medication\":\"evil\""),
        regimen.replacingOccurrences(
          of: "\"dose\":{\"unit\":\"mg\",\"value\":40}", with: "\"dose\":{\"unit\":\"mg\",\"value\":-5}"),
        regimen.replacingOccurrences(
          of: "\"dose\":{\"unit\":\"mg\",\"value\":40}", with: "\"dose\":{\"unit\":\"mg\",\"value\":0}"),
      ] {
        #expect(bad != regimen)
        await expectClinicError({ if case .invalid = $0 { true } else { false } }, "\(bad)") {
          try await clinic.write(label: "P-702", lines: [bad], by: prescriber, now: Date())
        }
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
      #expect(try await clinic.write(label: "P-702", lines: [regimen], by: prescriber, now: Date()) == 1)
    }
  }

  @Test("a code given to the wrong command is refused without being used up")
  func wrongKindOfCode() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let patientCode = try await clinic.addPatient(label: "P-703", team: [], now: Date()).code
      let clinicianCode = try await clinic.invite(role: .therapist, name: "Dr Code", now: Date()).code
      await expectClinicError({ $0.detail.contains("tandem link") }, "a patient's code at clinic login") {
        try await clinic.redeem(code: patientCode, expecting: "clinician", now: Date())
      }
      await expectClinicError({ $0.detail.contains("tandem clinic login") }, "a clinician's code at link") {
        try await clinic.redeem(code: clinicianCode, expecting: "patient", now: Date())
      }
      #expect(try await clinic.redeem(code: patientCode, expecting: "patient", now: Date()).role == "patient")
      #expect(try await clinic.redeem(code: clinicianCode, expecting: "clinician", now: Date()).role == "therapist")
    }
  }
}
