import Foundation
import Testing

/// `tandem report` through the real binary on a real store, with "now" fixed.
@Suite("Report command")
struct ReportCommandTests {
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String]) throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.now)
  }

  func seeded() throws -> Sandbox {
    let sandbox = try Sandbox()
    let setup: [[String]] = [
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-11"],
      ["meds", "add", "sumatriptan", "--dose", "50 mg", "--prn", "--max-per-day", "200 mg"],
      ["dose", "take", "atogepant", "--at", "2026-03-11T08:10"],
      ["dose", "take", "atogepant", "--at", "2026-03-12T08:10"],
      ["dose", "take", "atogepant", "--at", "2026-03-14T13:00"],
      ["dose", "take", "atogepant", "--at", "2026-03-16T08:00"],
      [
        "attack", "log", "--start", "2026-03-13T10:00", "--end", "2026-03-13T15:00", "--severity", "7", "--nausea",
        "--acute", "sumatriptan@2026-03-13T10:30",
      ],
    ]
    for arguments in setup {
      let result = try tandem(sandbox, arguments)
      try #require(result.status == 0, "tandem \(arguments.joined(separator: " ")): \(result.errors)")
    }
    return sandbox
  }

  @Test("json: figures from the store, the default 90-day period ending today")
  func json() throws {
    let sandbox = try seeded()
    let result = try tandem(sandbox, ["report", "--format", "json", "--patient-label", "P-1"])
    try #require(result.status == 0, "\(result.errors)")
    let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    #expect(json["schemaVersion"] as? Int == 1)
    let header = json["header"] as? [String: Any]
    #expect(header?["from"] as? String == "2025-12-22")
    #expect(header?["through"] as? String == "2026-03-21")
    #expect(header?["patientLabel"] as? String == "P-1")
    let adherence = (json["adherence"] as? [[String: Any]])?.first
    let counts = adherence?["counts"] as? [String: Any]
    #expect(adherence?["medicationID"] as? String == "atogepant")
    #expect(counts?["onTime"] as? Int == 3)
    #expect(counts?["late"] as? Int == 1)
    #expect(counts?["missed"] as? Int == 6)  // 13, 15, 17–20; the 21st is still due at 09:00
    let migraine = json["migraine"] as? [String: Any]
    #expect(migraine?["migraineDays"] as? Int == 1)
  }

  @Test("text: same store, period and --generated-at give byte-identical output; the flags come first")
  func repeatable() throws {
    let sandbox = try seeded()
    let arguments = [
      "report", "--from", "2026-03-01", "--to", "2026-03-21", "--generated-at", "2026-03-21T09:00:00Z", "--plain",
    ]
    let first = try tandem(sandbox, arguments)
    let second = try tandem(sandbox, arguments)
    try #require(first.status == 0, "\(first.errors)")
    #expect(first.stdout == second.stdout)
    #expect(first.output.contains("Period: 2026-03-01 to 2026-03-21 (21 days"))
    #expect(first.output.contains("! atogepant: PDC"))
    #expect(!first.output.contains("\u{1B}["))
    #expect(first.output.split(separator: "\n").allSatisfy { $0.count <= 80 })
  }

  @Test("--out writes a 0600 file and replaces an existing one atomically, leaving no temporary file")
  func outFile() throws {
    let sandbox = try seeded()
    let folder = sandbox.root + "/out"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/report.html"
    try Data("old".utf8).write(to: URL(fileURLWithPath: path))
    chmod(path, 0o644)
    var before = stat()
    stat(path, &before)
    let result = try tandem(sandbox, ["report", "--format", "html", "--out", path])
    try #require(result.status == 0, "\(result.errors)")
    #expect(result.stdout.isEmpty)
    var after = stat()
    stat(path, &after)
    #expect(after.st_mode & 0o777 == 0o600)
    #expect(after.st_ino != before.st_ino, "the file was rewritten in place instead of replaced by a rename")
    let written = try String(contentsOfFile: path, encoding: .utf8)
    #expect(written.hasPrefix("<!DOCTYPE html>"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["report.html"])
  }

  @Test(
    "the same events imported in two different orders give byte-identical JSON and FHIR reports, dose and skip ids too"
  )
  func sameEventsAnyOrder() throws {
    // Each entry recorded at its own moment, as on a real terminal.
    let sandbox = try Sandbox()
    let setup: [[String]] = [
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-11"],
      ["meds", "add", "sumatriptan", "--dose", "50 mg", "--prn", "--max-per-day", "200 mg"],
      ["dose", "take", "atogepant", "--at", "2026-03-11T08:10"],
      ["dose", "take", "atogepant", "--at", "2026-03-12T08:10"],
      ["dose", "skip", "atogepant", "--reason", "stomach upset", "--at", "2026-03-13T08:30"],
      [
        "attack", "log", "--start", "2026-03-13T10:00", "--end", "2026-03-13T15:00", "--severity", "7",
        "--acute", "sumatriptan@2026-03-13T10:30",
      ],
      ["dose", "take", "atogepant", "--at", "2026-03-14T13:00"],
      ["dose", "take", "atogepant", "--at", "2026-03-16T08:00"],
    ]
    for (index, arguments) in setup.enumerated() {
      let result = try sandbox.run(
        arguments + ["--store", sandbox.store],
        environment: ["TANDEM_NOW": "2026-03-21T08:0\(index):00Z", "TZ": "UTC"])
      try #require(result.status == 0, "tandem \(arguments.joined(separator: " ")): \(result.errors)")
    }
    let export = try tandem(sandbox, ["export"])
    try #require(export.status == 0, "\(export.errors)")
    let lines = export.output.split(separator: "\n").map(String.init)
    try #require(lines.count > 3)
    // A second terminal (or the clinic) that received the same events the other way round.
    let orders = [lines, [lines[0]] + lines.dropFirst().reversed()]
    var outputs: [[String]] = []
    for (index, order) in orders.enumerated() {
      let file = sandbox.root + "/order-\(index).jsonl"
      try Data((order.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: file))
      let store = sandbox.root + "/store/order-\(index).sqlite"
      let imported = try sandbox.run(["import", file, "--store", store], environment: Self.now)
      try #require(imported.status == 0, "\(imported.errors)")
      outputs.append(
        try ["json", "fhir"].map { format in
          let report = try sandbox.run(
            [
              "report", "--from", "2026-03-01", "--to", "2026-03-21", "--format", format, "--patient-label", "P-1",
              "--generated-at", "2026-03-21T09:00:00Z", "--store", store,
            ], environment: Self.now)
          try #require(report.status == 0, "\(report.errors)")
          return report.output
        })
    }
    #expect(outputs[0][0].contains("\"skipped\""), "the skip is in the dose log")
    #expect(outputs[0][0] == outputs[1][0], "JSON reports differ")
    #expect(outputs[0][1] == outputs[1][1], "FHIR reports differ")
  }

  @Test("bad options are clear errors with a non-zero exit")
  func badOptions() throws {
    let sandbox = try seeded()
    let both = try tandem(sandbox, ["report", "--from", "2026-03-01", "--last", "30d"])
    #expect(both.status != 0)
    #expect(both.errors.contains("either --from/--to or --last"))
    let last = try tandem(sandbox, ["report", "--last", "ninety"])
    #expect(last.status != 0)
    #expect(last.errors.contains("--last 'ninety'"))
    let baseline = try tandem(sandbox, ["report", "--baseline", "2026-03-01"])
    #expect(baseline.errors.contains("FROM..TO"))
    let missing = try tandem(sandbox, ["report", "--out", sandbox.root + "/no/such/folder/r.txt"])
    #expect(missing.status != 0)
    #expect(missing.errors.contains("cannot write"))
  }

  @Test("a baseline that ends after today is refused in one line, and nothing is printed")
  func futureBaseline() throws {
    let sandbox = try seeded()
    let result = try tandem(sandbox, ["report", "--baseline", "2026-03-15..2026-04-11"])
    #expect(result.status != 0)
    #expect(result.errors.contains("--baseline ends 2026-04-11, after today (2026-03-21)"))
    #expect(result.errors.split(separator: "\n").count == 1)
    #expect(result.stdout.isEmpty)
    let past = try tandem(sandbox, ["report", "--baseline", "2026-03-11..2026-03-21", "--format", "json"])
    #expect(past.status == 0, "\(past.errors)")
  }

  @Test("tandem adherence and the report print the same PDC, rounded down the same way")
  func pdcAgrees() throws {
    let sandbox = try seeded()
    // Atogepant from 11 March: 4 of the 11 days to the 21st covered, 36.4%: both say 36%, never 36.4% and 36%.
    let adherence = try tandem(sandbox, ["adherence", "--from", "2026-03-11", "--to", "2026-03-21"])
    let report = try tandem(sandbox, ["report", "--from", "2026-03-11", "--to", "2026-03-21", "--plain"])
    try #require(adherence.status == 0 && report.status == 0, "\(adherence.errors) \(report.errors)")
    #expect(adherence.output.contains("PDC 36% (below 80%)"), "\(adherence.output)")
    #expect(report.output.contains("PDC 36%"), "\(report.output)")
    #expect(!adherence.output.contains("36.4"))
  }

  @Test("the bottom line comes first, before the flags, in text and HTML")
  func bottomLineFirst() throws {
    let sandbox = try seeded()
    let text = try tandem(sandbox, ["report", "--from", "2026-03-01", "--to", "2026-03-21", "--plain"])
    try #require(text.status == 0, "\(text.errors)")
    let bottom = try #require(text.output.range(of: "BOTTOM LINE"))
    let flags = try #require(text.output.range(of: "FLAGS"))
    #expect(bottom.lowerBound < flags.lowerBound)
    #expect(text.output.contains("Atogepant overdue since 17 Mar (4 days)."))
    let html = try tandem(sandbox, ["report", "--from", "2026-03-01", "--to", "2026-03-21", "--format", "html"])
    #expect(html.output.contains("<h2 id=\"bottom-line\">Bottom line</h2>"))
  }

  @Test("fhir and csv through the binary")
  func otherFormats() throws {
    let sandbox = try seeded()
    let fhir = try tandem(sandbox, ["report", "--format", "fhir", "--last", "30d"])
    try #require(fhir.status == 0, "\(fhir.errors)")
    let bundle = try JSONSerialization.jsonObject(with: fhir.stdout) as? [String: Any]
    #expect(bundle?["resourceType"] as? String == "Bundle")
    let csv = try tandem(sandbox, ["report", "--format", "csv", "--last", "30d"])
    #expect(csv.output.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 31)
  }
}

extension ReportCommandTests {
  @Test("a period ending after today is refused in one line, and nothing is printed")
  func futurePeriod() throws {
    let sandbox = try seeded()
    for arguments in [["--to", "2027-01-01"], ["--from", "2026-03-01", "--to", "2026-03-22"]] {
      let result = try tandem(sandbox, ["report"] + arguments)
      #expect(result.status != 0, "\(arguments)")
      #expect(result.errors.contains("is after today (2026-03-21); a report ends by today"), "\(result.errors)")
      #expect(result.stdout.isEmpty)
    }
    #expect(try tandem(sandbox, ["report", "--to", "2026-03-21"]).status == 0)
  }
}
