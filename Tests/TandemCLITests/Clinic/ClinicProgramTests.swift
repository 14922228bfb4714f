import Foundation
import TandemPostgresFixture
import Testing

/// A therapist assigns a program through the clinic service as a module is assigned: the patient's
/// terminal suggests it after its next sync, the patient starts it, and the clinician's report
/// shows the program's outcomes as the patient's does.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicProgramTests {
  @Test("a therapist assigns a program; the patient's terminal suggests it after sync; starting it clears the offer")
  func assignProgram() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let therapistCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let otherCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Other"])
    let linkCode = try server.code(["patient", "add", "--label", "P-020", "--team", "Dr Ada"])
    let patient = ClinicStoryTests.Person(sandbox: sandbox, credentials: nil)
    let store = ["--store", sandbox.store]
    try patient.ok(["link", server.url, linkCode, "--insecure-loopback"] + store)
    let therapist = ClinicStoryTests.Person(sandbox: sandbox, credentials: sandbox.root + "/ada.json")
    let other = ClinicStoryTests.Person(sandbox: sandbox, credentials: sandbox.root + "/other.json")
    try therapist.ok(["clinic", "login", server.url, therapistCode, "--insecure-loopback"])
    try other.ok(["clinic", "login", server.url, otherCode, "--insecure-loopback"])

    let unknown = try therapist.run(["clinic", "assign", "P-020", "--program", "act-for-migrane"])
    #expect(unknown.status != 0 && unknown.errors.contains("did you mean 'act-for-migraine'"), "\(unknown.errors)")
    let both = try therapist.run(["clinic", "assign", "P-020", "paced-breathing", "--program", "act-for-migraine"])
    #expect(both.status != 0)
    let offTeam = try other.run(["clinic", "assign", "P-020", "--program", "act-for-migraine"])
    #expect(offTeam.status != 0 && offTeam.errors.contains("403"), "\(offTeam.errors)")
    let assigned = try therapist.ok(["clinic", "assign", "P-020", "--program", "act-for-migraine"])
    #expect(assigned.contains("Assigned the program act-for-migraine to P-020"))

    #expect(try patient.ok(["sync"] + store).contains("1 received"))
    let today = try patient.ok(["today"] + store).split(whereSeparator: \.isWhitespace).joined(separator: " ")
    #expect(today.contains("Dr Ada suggests the program"), "\(today)")
    #expect(today.contains("tandem program start act-for-migraine"))
    #expect(try patient.ok(["program", "status"] + store).contains("Dr Ada suggests the program"))
    try patient.ok(["program", "start", "act-for-migraine"] + store)
    #expect(!(try patient.ok(["today"] + store)).contains("suggests the program"))
    try patient.ok(["sync"] + store)

    // The clinician's report carries the program, as the patient's own does.
    let mine = try patient.ok(["report", "--generated-at", "2026-12-01T09:00:00Z"] + store)
    let theirs = try therapist.ok(["clinic", "report", "P-020", "--generated-at", "2026-12-01T09:00:00Z"])
    #expect(mine.contains("PROGRAM") && mine.contains("act-for-migraine"), "\(mine)")
    #expect(theirs == mine)
  }
}
