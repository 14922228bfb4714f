import Foundation
import Testing

/// `meds add NAME --custom --class CLASS`: a medication of the patient's own, marked as such in
/// every list and in the prescriber's report.
@Suite("Own medications")
struct OwnMedicationCommandTests {
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String]) throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.now)
  }

  func ok(_ sandbox: Sandbox, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String
  {
    let result = try tandem(sandbox, arguments)
    #expect(result.status == 0, "\(arguments): \(result.errors)", sourceLocation: sourceLocation)
    return result.output
  }

  func journalCount(_ sandbox: Sandbox) throws -> String {
    try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
  }

  @Test("an own medication is added, logged, listed, due and reported as the patient's own entry")
  func ownEntry() throws {
    let sandbox = try Sandbox()
    let added = try ok(
      sandbox,
      [
        "meds", "add", "Feverfew", "--custom", "--class", "other", "--dose", "100 mg", "--daily", "--at", "08:00",
        "--start", "2026-03-15",
      ])
    #expect(added.contains("Added Feverfew as your own entry (class other)."), "\(added)")
    #expect(added.contains("Added Feverfew (your own entry) 100 mg daily at 08:00 from 2026-03-15."), "\(added)")
    _ = try ok(sandbox, ["meds", "add", "Ketoprofen", "--custom", "--class", "nsaid"])
    #expect(try ok(sandbox, ["meds", "list"]).contains("Feverfew (your own entry) 100 mg daily"))
    let json = try JSONSerialization.jsonObject(with: try tandem(sandbox, ["meds", "list", "--format", "json"]).stdout)
    #expect((json as? [[String: Any]])?.first?["patientEntry"] as? Bool == true)
    let taken = try ok(sandbox, ["dose", "take", "feverfew", "--at", "08:10"])
    #expect(taken.contains("Logged Feverfew 100 mg at 2026-03-21 08:10"), "\(taken)")
    _ = try ok(sandbox, ["dose", "take", "ketoprofen", "--amount", "50 mg", "--at", "2 hours ago"])
    #expect(try ok(sandbox, ["dose", "list"]).contains("Ketoprofen (your own entry) 50 mg"))
    #expect(try ok(sandbox, ["due"]).contains("Feverfew (your own entry)"))
    #expect(try ok(sandbox, ["timeline"]).contains("Feverfew (your own entry)"))
    let report = try ok(sandbox, ["report", "--last", "30d"])
    #expect(report.contains("Feverfew (patient's own entry) 100 mg"), "\(report)")
    #expect(
      report.contains("! Feverfew (patient's own entry): PDC"),
      "flags name it as the patient's own entry too: \(report)")
    let reportJSON = try ok(sandbox, ["report", "--last", "30d", "--format", "json"])
    #expect(reportJSON.contains(#""patientEntry":true"#) || reportJSON.contains(#""patientEntry" : true"#))
    // The backup carries it: a new store imported from it knows the medication.
    let backup = sandbox.root + "/backup.jsonl"
    _ = try ok(sandbox, ["export", "--out", backup])
    // The new kind is in the documented format: it passes the JSON Schema in an independent validator.
    if let validator = JournalFormatTests.validator {
      let line = try #require(
        try String(contentsOfFile: backup, encoding: .utf8).split(separator: "\n").first {
          $0.contains(#""kind":"medication-added""#)
        })
      let file = sandbox.root + "/added.json"
      try Data(line.utf8).write(to: URL(fileURLWithPath: file))
      let schema = TandemBinary.repositoryRoot + "/docs/schema/events.schema.json"
      let checked = try Subprocess.run(
        validator, ["--schemafile", schema, file], environment: sandbox.environment(), scratch: sandbox.root)
      #expect(checked.status == 0, "\(checked.output)\(checked.errors)")
    }
    let copy = sandbox.root + "/copy.sqlite"
    #expect(try sandbox.run(["import", backup, "--store", copy], environment: Self.now).status == 0)
    let listed = try sandbox.run(["dose", "list", "--store", copy], environment: Self.now)
    #expect(listed.output.contains("Ketoprofen (your own entry) 50 mg"), "\(listed.output)\(listed.errors)")
  }

  @Test(
    "a class the catalogue does not know, a catalogue medication or a repeat is refused and nothing is added",
    arguments: [
      (
        ["meds", "add", "Feverfew", "--custom", "--class", "tripan"], "unknown class 'tripan'; did you mean 'triptan'?"
      ),
      (["meds", "add", "Feverfew", "--custom"], "--custom needs --class, one of cgrp-antibody"),
      (["meds", "add", "Feverfew", "--class", "other"], "--class is for a medication of your own; add --custom"),
      (
        ["meds", "add", "Imitrex", "--custom", "--class", "triptan"],
        "'Imitrex' is in the catalogue already (as sumatriptan)"
      ),
      (["meds", "add", "butterbur", "--custom", "--class", "other"], "'butterbur' is already one of your own entries"),
      (
        ["meds", "add", "Feverfew", "--custom", "--class", "other", "--dose", "100 kg", "--daily"],
        "'100 kg' is not an amount"
      ),
    ])
  func refused(_ arguments: [String], _ message: String) throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["meds", "add", "Butterbur", "--custom", "--class", "other"])
    let before = try journalCount(sandbox)
    let result = try tandem(sandbox, arguments)
    #expect(result.status != 0)
    #expect(result.errors.contains(message), "\(result.errors)")
    for marker in crashMarkers { #expect(!result.errors.contains(marker)) }
    #expect(try journalCount(sandbox) == before)
  }
}

extension OwnMedicationCommandTests {
  @Test("a name the catalogue does not know points to --custom, unless it looks like a typo")
  func unknownPointsToCustom() throws {
    let sandbox = try Sandbox()
    let unknown = try tandem(sandbox, ["meds", "add", "mystery", "--dose", "10 mg", "--daily"])
    #expect(unknown.status != 0)
    #expect(
      unknown.errors.contains(
        "unknown medication 'mystery'; if it is not in the catalogue, add it as your own: tandem meds add NAME --custom --class CLASS"
      ), "\(unknown.errors)")
    let typo = try tandem(sandbox, ["meds", "add", "sumatriptin", "--dose", "50 mg", "--prn"])
    #expect(typo.errors.contains("did you mean 'sumatriptan'?"), "\(typo.errors)")
    #expect(!typo.errors.contains("--custom"))
  }
}

extension OwnMedicationCommandTests {
  @Test("an own medication with no known strength asks for the amount with its unit, not 'not taken as tablets'")
  func ownMedicationTablets() throws {
    let sandbox = try Sandbox()
    #expect(try tandem(sandbox, ["meds", "add", "zolmi-herbal", "--custom", "--class", "triptan"]).status == 0)
    let tablets = try tandem(sandbox, ["dose", "take", "zolmi-herbal", "--amount", "1 tablet"])
    #expect(tablets.status != 0)
    #expect(
      tablets.errors.contains(
        "Tandem does not know how strong one tablet of zolmi-herbal is; write the amount with its unit, e.g. '50 mg'"),
      "\(tablets.errors)")
    #expect(try tandem(sandbox, ["dose", "take", "zolmi-herbal", "--amount", "2.5 mg"]).status == 0)
  }
}
