import Foundation
import TandemBase
import TandemEvents
import Testing

@testable import TandemClinic

/// The panel's rows are kept in the database under the key they were worked out for (stream head,
/// the patient's day, the rules' basis): any server lists them without working them out again,
/// and a row goes stale only when the record grows or the day turns.
@Suite("Clinic: the panel's kept rows")
struct PanelTests {
  @Test("a server started afresh lists the panel from the kept rows, without working any out again")
  func keptAcrossServers() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Kept")
      for label in ["P-301", "P-302"] {
        let device = try await Fixture.patient(clinic, label, team: ["Dr Kept"])
        _ = try await clinic.push(
          Fixture.batch(Fixture.doses(3, device: device.id), from: 1), by: device.principal, now: Date())
      }
      let now = Date()
      let first = try await clinic.panel(by: therapist, now: now)
      #expect(first.map(\.events) == [3, 3])
      #expect(try await test.count("SELECT count(*) FROM panel_row") == 2)
      let stamps = try await test.integers(
        "SELECT (extract(epoch FROM computed_at) * 1000000)::bigint FROM panel_row ORDER BY patient_id")
      // Another server on the same database (or this one restarted): nothing to work out.
      let restarted = try await Clinic.open(clinic.database, content: TestDatabase.content)
      let again = try await restarted.panel(by: therapist, now: now.addingTimeInterval(5))
      #expect(again == first)
      #expect(again.allSatisfy { $0.asOf == nil })
      #expect(
        try await test.integers(
          "SELECT (extract(epoch FROM computed_at) * 1000000)::bigint FROM panel_row ORDER BY patient_id") == stamps)
    }
  }

  @Test("a new day where the patient lives makes the row stale; the refresh renews every stale row once")
  func newDay() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Day")
      let device = try await Fixture.patient(clinic, "P-303", team: ["Dr Day"])
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(1, device: device.id), from: 1), by: device.principal, now: Date())
      let now = Date()
      #expect(try await clinic.panel(by: therapist, now: now).first?.reasons.map(\.kind) == [])
      // Eight days on, with nothing new: the row must say the diary has gone quiet.
      let later = now.addingTimeInterval(8 * 86_400)
      let row = try #require(try await clinic.panel(by: therapist, now: later).first)
      #expect(row.reasons.map(\.kind) == ["no-diary"] && row.asOf == nil, "\(row)")
      // Two patients stale on the day after; the refresh renews both, and then has nothing to do.
      _ = try await Fixture.patient(clinic, "P-304", team: ["Dr Day"])
      _ = try await clinic.panel(by: therapist, now: later)
      let dayAfter = later.addingTimeInterval(86_400)
      #expect(try await clinic.refreshPanel(now: dayAfter) == 2)
      #expect(try await clinic.refreshPanel(now: dayAfter) == 0)
      // Each row is for the day after where its patient lives (P-303's device is in Madrid, P-304
      // has sent nothing, so UTC): at some hours of the day those are two dates.
      func date(in zone: String) -> String {
        let zone = TimeZone(identifier: zone)!
        return LocalDate(dayAfter, in: zone).description + " " + zone.identifier
      }
      for (label, zone) in [("P-303", "Europe/Madrid"), ("P-304", "UTC")] {
        let kept = try await test.count(
          """
          SELECT count(*) FROM panel_row r JOIN patient p ON p.id = r.patient_id
          WHERE p.label = '\(label)' AND r.local_day = '\(date(in: zone))'
          """)
        #expect(kept == 1, "\(label)'s row is not for \(date(in: zone))")
      }
    }
  }

  @Test("with its budget spent a listing shows stale rows as they were, marked as_of, and the warmer catches up")
  func budgetAndWarmer() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Budget")
      let device = try await Fixture.patient(clinic, "P-305", team: ["Dr Budget"])
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(2, device: device.id), from: 1), by: device.principal, now: Date())
      #expect(try await clinic.panel(by: therapist, now: Date()).first?.events == 2)
      _ = try await Fixture.patient(clinic, "P-306", team: ["Dr Budget"])
      // A patient with no row kept is worked out whatever the budget; a stale row is shown as it was
      // (listed at once: the warmer renews it two seconds after the push).
      _ = try await clinic.push(
        Fixture.batch(Fixture.doses(1, device: device.id, offset: 10), from: 3), by: device.principal, now: Date())
      let rows = try await clinic.panel(by: therapist, now: Date(), budget: .zero)
      let stale = try #require(rows.first { $0.label == "P-305" })
      #expect(stale.events == 2 && stale.asOf != nil, "\(stale)")
      let new = try #require(rows.first { $0.label == "P-306" })
      #expect(new.asOf == nil && new.reasons.map(\.kind) == ["no-diary"])
      // The warmer works the stale row out shortly after pushes pause.
      var caughtUp: PanelRow?
      for _ in 0..<100 {
        let row = try await clinic.panel(by: therapist, now: Date(), budget: .zero).first { $0.label == "P-305" }
        if row?.asOf == nil {
          caughtUp = row
          break
        }
        try await Task.sleep(for: .milliseconds(100))
      }
      #expect(caughtUp?.events == 3, "the warmer did not catch up: \(String(describing: caughtUp))")
    }
  }
}
