import Foundation
import Testing

/// The journal's documented format from the command line: a store written before event ids
/// migrates without changing what any view shows, and `export`/`import` carry a whole record.
@Suite("Journal format: migration, export and import")
struct JournalFormatTests {
  static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  static let environment = ["TANDEM_NOW": "2026-10-31T12:00:00Z", "TZ": "Europe/Berlin"]

  /// A sandbox whose store is a copy of the store written by Tandem before journal format 1.
  func legacySandbox() throws -> Sandbox {
    let sandbox = try Sandbox()
    let fixture = Self.here.deletingLastPathComponent()
      .appendingPathComponent("TandemStoreTests/Fixtures/store-before-event-ids.sqlite")
    try FileManager.default.createDirectory(
      atPath: (sandbox.store as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    try FileManager.default.copyItem(atPath: fixture.path, toPath: sandbox.store)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: sandbox.store)
    return sandbox
  }

  func tandem(_ sandbox: Sandbox, _ arguments: [String], store: String? = nil, input: String = "") throws
    -> CommandResult
  {
    try sandbox.run(arguments + ["--store", store ?? sandbox.store], input: input, environment: Self.environment)
  }

  static let reportArguments = [
    "report", "--from", "2026-10-01", "--to", "2026-10-31", "--format", "json", "--generated-at",
    "2026-10-31T12:00:00Z",
  ]

  func expected(_ name: String) throws -> String {
    try String(contentsOf: Self.here.appendingPathComponent("Fixtures/\(name)"), encoding: .utf8)
  }

  /// `report` with the ids of its taken and skipped doses left out: they come from the event ids, which the
  /// migration makes afresh for each store (every copy of a record then shares them).
  static func withoutEntryIDs(_ report: String) -> String {
    report.replacingOccurrences(
      of: #""id" : "[0-9a-f-]{36}",(\n *"kind" : "(taken|skipped)")"#, with: #""id" : "…",$1"#,
      options: .regularExpression)
  }

  @Test(
    "a store written before event ids migrates, and its report (but for its dose ids, now made from the new event ids) and timeline are byte for byte what they were"
  )
  func migrationKeepsViews() throws {
    let sandbox = try legacySandbox()
    let report = try tandem(sandbox, Self.reportArguments)
    #expect(report.status == 0, "\(report.errors)")
    #expect(Self.withoutEntryIDs(report.output) == Self.withoutEntryIDs(try expected("before-event-ids.report.json")))
    #expect(Self.withoutEntryIDs(report.output) != report.output, "the dose log's ids are left out, nothing else")
    let timeline = try tandem(sandbox, ["timeline", "--from", "2026-10-01", "--to", "2026-10-31"])
    #expect(timeline.output == (try expected("before-event-ids.timeline.txt")))
  }

  @Test(
    "export writes the documented envelope; importing it into a new store gives the same report, twice adds nothing")
  func exportImportRoundTrip() throws {
    let sandbox = try legacySandbox()
    let export = try tandem(sandbox, ["export"])
    #expect(export.status == 0, "\(export.errors)")
    let lines = export.output.split(separator: "\n").map(String.init)
    #expect(lines.count == 38)
    let header = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(header["type"] as? String == "header")
    #expect(header["format"] as? String == "tandem-journal")
    let events = try lines.dropFirst().map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    let eventLines = events.filter { $0["type"] as? String == "event" }
    #expect(eventLines.count == 35)
    for event in eventLines {
      let id = try #require(event["event_id"] as? String)
      #expect(id.count == 36 && id[id.index(id.startIndex, offsetBy: 14)] == "7", "not a UUIDv7: \(id)")
      let payload = try #require(event["payload"] as? [String: Any])
      #expect(payload["schema"] as? Int == 1)
    }
    let eventText = lines.filter { $0.contains("\"type\":\"event\"") }.joined(separator: "\n")
    #expect(!eventText.contains("\"_0\""), "Swift's enum encoding leaked into the event payloads")
    #expect(!export.output.contains(".yaml"), "an author's file path reached the record")

    let file = sandbox.root + "/backup.jsonl"
    try Data(export.output.utf8).write(to: URL(fileURLWithPath: file))
    let fresh = sandbox.root + "/store/restored.sqlite"
    let first = try tandem(sandbox, ["import", file], store: fresh)
    #expect(first.status == 0, "\(first.errors)")
    #expect(first.output.contains("Imported 35 events (2 new sessions)."), "\(first.output)")
    let second = try tandem(sandbox, ["import", file], store: fresh)
    #expect(second.output.contains("Imported 0 events; 35 already in the store."), "\(second.output)")
    let report = try tandem(sandbox, Self.reportArguments, store: fresh)
    #expect(report.output == (try tandem(sandbox, Self.reportArguments).output), "the same events, the same report")
    #expect(Self.withoutEntryIDs(report.output) == Self.withoutEntryIDs(try expected("before-event-ids.report.json")))
    let again = try tandem(sandbox, ["export"], store: fresh)
    #expect(again.output.split(separator: "\n").count == 38)
  }

  @Test(
    "sessions pinned on every shipped module export their modules in the documented form (schema 2) and import back the same"
  )
  func everyShippedModulePins() throws {
    let sandbox = try Sandbox()
    let modules = try FileManager.default.contentsOfDirectory(atPath: TandemBinary.repositoryRoot + "/Modules")
      .filter { $0.hasSuffix(".yaml") && $0.split(separator: ".").count == 2 }.map { String($0.dropLast(5)) }.sorted()
    #expect(modules.count >= 19)
    for module in modules {
      let run = try tandem(sandbox, ["session", "start", module, "--plain"], input: ":pause\n")
      #expect(run.status == 0, "\(module): \(run.errors)")
    }
    let export = try tandem(sandbox, ["export"])
    let lines = export.output.split(separator: "\n").map(String.init)
    let sessions = try lines.filter { $0.hasPrefix("{") }.compactMap { line -> [String: Any]? in
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      return object["type"] as? String == "session" ? object : nil
    }
    #expect(sessions.count == modules.count)
    #expect(Set(sessions.compactMap { $0["module_id"] as? String }) == Set(modules))
    for session in sessions {
      let pinned = try #require(session["pinned_module"] as? [String: Any])
      #expect(pinned["schema"] as? Int == 2)
      #expect((pinned["steps"] as? [[String: Any]])?.allSatisfy { $0["kind"] is String } == true)
    }
    #expect(!export.output.contains("\"_0\""), "Swift's enum encoding leaked into a pinned module")
    #expect(!export.output.contains("diaryHook") && !export.output.contains("measureItem"))

    let file = sandbox.root + "/backup.jsonl"
    try Data(export.output.utf8).write(to: URL(fileURLWithPath: file))
    let fresh = sandbox.root + "/store/restored.sqlite"
    #expect(try tandem(sandbox, ["import", file], store: fresh).status == 0)
    #expect(
      try tandem(sandbox, ["session", "list"], store: fresh).output
        == (try tandem(sandbox, ["session", "list"]).output))
    let again = try tandem(sandbox, ["export"], store: fresh).output.split(separator: "\n").map(String.init).dropFirst()
    #expect(Array(again) == Array(lines.dropFirst()), "a restored store exports the same lines")
    // A restored session resumes on its pinned copy.
    let resumed = try tandem(sandbox, ["session", "resume", "--plain"], store: fresh, input: ":pause\n")
    #expect(resumed.status == 0, "\(resumed.errors)")

    if let tool = Self.validator {
      var files: [String] = []
      for (index, line) in lines.enumerated() {
        let path = sandbox.root + "/pin\(index).json"
        try Data(line.utf8).write(to: URL(fileURLWithPath: path))
        files.append(path)
      }
      let schema = TandemBinary.repositoryRoot + "/docs/schema/events.schema.json"
      let checked = try Subprocess.run(
        tool, ["--schemafile", schema] + files, environment: sandbox.environment(), scratch: sandbox.root)
      #expect(checked.status == 0, "\(checked.output)\(checked.errors)")
      let broken = sandbox.root + "/broken-pin.json"
      let session = try #require(lines.first { $0.contains("\"type\":\"session\"") })
      try Data(session.replacingOccurrences(of: "\"kind\":\"", with: "\"kind\":\"x-").utf8).write(
        to: URL(fileURLWithPath: broken))
      let bad = try Subprocess.run(
        tool, ["--schemafile", schema, broken], environment: sandbox.environment(), scratch: sandbox.root)
      #expect(bad.status != 0, "a pinned step of no known kind passed the schema")
    }
  }

  @Test("a corrupt line is named by its number and nothing is imported")
  func corruptLine() throws {
    let sandbox = try legacySandbox()
    var lines = try tandem(sandbox, ["export"]).output.split(separator: "\n").map(String.init)
    lines[20] = lines[20].replacingOccurrences(of: "\"schema\":1", with: "\"schema\":\"one\"")
    lines[30] = "{not json"
    let file = sandbox.root + "/broken.jsonl"
    try Data(lines.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
    let fresh = sandbox.root + "/store/restored.sqlite"
    let result = try tandem(sandbox, ["import", file], store: fresh)
    #expect(result.status != 0)
    #expect(result.errors.contains("line 21:"), "\(result.errors)")
    #expect(result.errors.contains("nothing was imported"), "\(result.errors)")
    let after = try tandem(sandbox, ["export"], store: fresh)
    #expect(after.output.split(separator: "\n").count == 1, "only the header: \(after.output)")

    // The same event id with other content is not "already imported": it is refused.
    var altered = try tandem(sandbox, ["export"]).output.split(separator: "\n").map(String.init)
    let restored = sandbox.root + "/store/restored-twice.sqlite"
    try Data(altered.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
    #expect(try tandem(sandbox, ["import", file], store: restored).status == 0)
    let doseLine = try #require(altered.firstIndex { $0.contains("\"kind\":\"dose-taken\"") })
    altered[doseLine] = altered[doseLine].replacingOccurrences(of: "\"value\":", with: "\"value\":9")
    try Data(altered.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
    let conflicting = try tandem(sandbox, ["import", file], store: restored)
    #expect(conflicting.status != 0)
    #expect(conflicting.errors.contains("line \(doseLine + 1): event "), "\(conflicting.errors)")
    #expect(conflicting.errors.contains("with different content"), "\(conflicting.errors)")

    // Dates every command would refuse are refused here too.
    var absurd = try tandem(sandbox, ["export"]).output.split(separator: "\n").map(String.init)
    let takenLine = try #require(absurd.firstIndex { $0.contains("\"taken_at\":\"2026-") })
    absurd[takenLine] = absurd[takenLine].replacingOccurrences(of: "\"taken_at\":\"2026-", with: "\"taken_at\":\"9999-")
    try Data(absurd.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: file))
    let future = try tandem(sandbox, ["import", file], store: sandbox.root + "/store/absurd.sqlite")
    #expect(future.status != 0)
    #expect(future.errors.contains("line \(takenLine + 1): a date outside the years 1900–2200"), "\(future.errors)")

    for (content, message) in [
      ("", "the file is empty"), ("{\"type\":\"event\"}\n", "line 1:"),
      ("{\"type\":\"header\",\"format\":\"other\",\"version\":1,\"device_id\":\"x\",\"exported_at\":\"x\"}", "line 1:"),
    ] {
      try Data(content.utf8).write(to: URL(fileURLWithPath: file))
      let refused = try tandem(sandbox, ["import", file], store: fresh)
      #expect(refused.status != 0)
      #expect(refused.errors.contains(message), "\(refused.errors)")
    }
  }

  @Test(
    "values a command would refuse are refused on import by line number; CR LF, piped, endless and newer files are read or refused clearly"
  )
  func importChecksValuesAndReadsAnyFile() throws {
    let sandbox = try legacySandbox()
    let lines = try tandem(sandbox, ["export"]).output.split(separator: "\n").map(String.init)
    let file = sandbox.root + "/backup.jsonl"
    let events = lines.filter { $0.contains("\"type\":\"event\"") }.count
    let doseLine = try #require(
      lines.firstIndex { $0.contains("\"kind\":\"dose-taken\"") && $0.contains("\"amount\"") })
    let amount = try #require(lines[doseLine].range(of: #""value":[0-9.]+"#, options: .regularExpression))
    var cases: [(String, Int, String)] = []
    for (value, message) in [
      ("-25", "the amount is out of range; use at least 0.001 and at most"),
      ("0", "the amount is out of range"), ("1e308", "the amount is out of range"),
    ] {
      var changed = lines
      changed[doseLine].replaceSubrange(amount, with: "\"value\":" + value)
      cases.append((changed.joined(separator: "\n"), doseLine + 1, message))
    }
    if let attackLine = lines.firstIndex(where: { $0.contains("\"kind\":\"attack-logged\"") }) {
      for (from, to, message) in [
        (#""severity":[0-9]+"#, "\"severity\":11", "the attack's severity is out of range 0–10"),
        (
          #""start":"2026-"#, #""end":"2026-10-04T11:00:00.000Z","start":"2025-"#,
          "the attack would last more than 31 days"
        ),
      ] {
        var changed = lines
        let range = try #require(changed[attackLine].range(of: from, options: .regularExpression), "\(from)")
        changed[attackLine].replaceSubrange(range, with: to)
        cases.append((changed.joined(separator: "\n"), attackLine + 1, message))
      }
    } else {
      Issue.record("the fixture has no attack")
    }
    var unknown = lines
    let medication = try #require(unknown[doseLine].range(of: #""medication":"[a-z-]+""#, options: .regularExpression))
    unknown[doseLine].replaceSubrange(medication, with: #""medication":"unobtainium""#)
    cases.append((unknown.joined(separator: "\n"), doseLine + 1, "medication 'unobtainium' is not in the catalogue"))
    var header = lines
    header[0] = header[0].replacingOccurrences(of: "\"version\":1", with: "\"version\":2")
    cases.append((header.joined(separator: "\n"), 1, "export version 2 is not one this Tandem reads"))
    for (content, line, message) in cases {
      try Data(content.utf8).write(to: URL(fileURLWithPath: file))
      let fresh = sandbox.root + "/store/refused-\(UUID().uuidString).sqlite"
      let refused = try tandem(sandbox, ["import", file], store: fresh)
      #expect(refused.status != 0)
      #expect(refused.errors.contains("line \(line): \(message)"), "\(refused.errors)")
      #expect(!FileManager.default.fileExists(atPath: fresh), "a refused import makes no store")
    }

    // CR LF line ends, and standard input.
    try Data(lines.map { $0 + "\r\n" }.joined().utf8).write(to: URL(fileURLWithPath: file))
    let crlf = try tandem(sandbox, ["import", file], store: sandbox.root + "/store/crlf.sqlite")
    #expect(crlf.status == 0, "\(crlf.errors)")
    #expect(crlf.output.contains("Imported \(events) events"), "\(crlf.output)")
    let piped = try tandem(
      sandbox, ["import", "-"], store: sandbox.root + "/store/piped.sqlite", input: lines.joined(separator: "\n"))
    #expect(piped.output.contains("Imported \(events) events"), "\(piped.output) \(piped.errors)")

    // A line with no end is refused once it passes the longest line, not read to the end.
    try Data(repeating: 0x20, count: (16 << 20) + 10).write(to: URL(fileURLWithPath: file))
    let endless = try tandem(sandbox, ["import", file], store: sandbox.root + "/store/endless.sqlite")
    #expect(endless.errors.contains("line 1 is longer than 16 MiB"), "\(endless.errors)")
    let folder = try tandem(sandbox, ["import", sandbox.root], store: sandbox.root + "/store/folder.sqlite")
    #expect(folder.errors.contains("it is a folder"), "\(folder.errors)")
    let missing = try tandem(sandbox, ["import", file + ".gone"], store: sandbox.root + "/store/missing.sqlite")
    #expect(missing.errors.contains("no such file"), "\(missing.errors)")
  }

  /// check-jsonschema on PATH; required (a missing tool fails) when TANDEM_REQUIRE_TOOLS=1.
  static let validator: String? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    return folders.map { $0 + "/check-jsonschema" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()
  static var validatorShouldRun: Bool {
    validator != nil || ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1"
  }

  @Test(
    "every exported line passes docs/schema/events.schema.json in an independent validator, and a broken one fails",
    .enabled(if: validatorShouldRun, "needs check-jsonschema (pip install check-jsonschema)"))
  func schemaValidatesExport() throws {
    let tool = try #require(Self.validator, "check-jsonschema is not installed: pip install check-jsonschema")
    let sandbox = try legacySandbox()
    let lines = try tandem(sandbox, ["export"]).output.split(separator: "\n").map(String.init)
    var files: [String] = []
    for (index, line) in lines.enumerated() {
      let file = sandbox.root + "/line\(index).json"
      try Data(line.utf8).write(to: URL(fileURLWithPath: file))
      files.append(file)
    }
    let schema = Self.here.deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("docs/schema/events.schema.json").path
    let good = try Subprocess.run(
      tool, ["--schemafile", schema] + files, environment: sandbox.environment(), scratch: sandbox.root)
    #expect(good.status == 0, "\(good.output)\(good.errors)")
    let broken = sandbox.root + "/broken.json"
    let dose = try #require(lines.first { $0.contains("\"kind\":\"dose-taken\"") })
    try Data(dose.replacingOccurrences(of: "\"taken_at\"", with: "\"taken\"").utf8).write(
      to: URL(fileURLWithPath: broken))
    let bad = try Subprocess.run(
      tool, ["--schemafile", schema, broken], environment: sandbox.environment(), scratch: sandbox.root)
    #expect(bad.status != 0)
  }
}
