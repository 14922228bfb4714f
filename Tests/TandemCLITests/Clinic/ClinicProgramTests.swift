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

  @Test("a researcher exports a study: only patients whose consent is in force, de-identified; others are refused")
  func researchExport() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let researcherCode = try server.code(["invite", "--role", "researcher", "--name", "Dr Study"])
    let therapistCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let researcher = ClinicStoryTests.Person(sandbox: sandbox, credentials: sandbox.root + "/study.json")
    let therapist = ClinicStoryTests.Person(sandbox: sandbox, credentials: sandbox.root + "/ada.json")
    try researcher.ok(["clinic", "login", server.url, researcherCode, "--insecure-loopback"])
    try therapist.ok(["clinic", "login", server.url, therapistCode, "--insecure-loopback"])
    let key = sandbox.root + "/study.key"
    try Data((0..<40).map { UInt8($0 * 7 % 256) }).write(to: URL(fileURLWithPath: key))

    // Two patients; only the first consents.
    for (label, consents) in [("P-031", true), ("P-032", false)] {
      let code = try server.code(["patient", "add", "--label", label, "--team", "Dr Ada"])
      let store = ["--store", sandbox.root + "/\(label).sqlite"]
      let patient = ClinicStoryTests.Person(sandbox: sandbox, credentials: nil)
      try patient.ok(
        [
          "attack", "log", "--start", "2026-11-02 07:00", "--end", "2026-11-02 12:00", "--severity", "6", "--note",
          "Quentin's birthday",
        ] + store)
      if consents { try patient.ok(["consent", "give", "--study", "trial-9"] + store) }
      try patient.ok(["link", server.url, code, "--insecure-loopback"] + store)
    }
    let out = sandbox.root + "/export"
    let refused = try therapist.run(
      ["clinic", "research-export", "--study", "trial-9", "--study-key-file", key, "--out", out])
    #expect(refused.status != 0 && refused.errors.contains("only a researcher"), "\(refused.errors)")
    let none = try researcher.run(
      ["clinic", "research-export", "--study", "trial-0", "--study-key-file", key, "--out", out])
    #expect(none.status != 0 && none.errors.contains("no patient's consent to study trial-0"), "\(none.errors)")
    #expect(!FileManager.default.fileExists(atPath: out))
    let done = try researcher.ok(
      ["clinic", "research-export", "--study", "trial-9", "--study-key-file", key, "--out", out])
    #expect(done.contains("export of 1 patient"), "\(done)")
    var all = ""
    for name in try FileManager.default.contentsOfDirectory(atPath: out) {
      all += try String(contentsOfFile: out + "/" + name, encoding: .utf8)
    }
    for secret in ["P-031", "P-032", "Quentin", "2026-11-02", "07:00"] {
      #expect(!all.contains(secret), "the export contains '\(secret)'")
    }
    let days = try String(contentsOfFile: out + "/days.csv", encoding: .utf8)
    #expect(days.contains(",1,0,6,") || days.contains(",1,1,6,"), "a headache day of severity 6: \(days)")
  }
}
