import Foundation
import Testing

/// `tandem export --research`: de-identified tables for a study, only with the study's key and the
/// patient's consent in force, with a data dictionary describing every column.
@Suite("Research export")
struct ResearchExportTests {
  static let environment = ["TANDEM_NOW": "2026-06-10T09:00:00Z", "TZ": "UTC"]

  /// A store with a session (free text typed), a scored questionnaire, headaches and a program.
  func prepared() throws -> Sandbox {
    let sandbox = try Sandbox()
    func run(_ arguments: [String], input: String = "", at now: String) throws {
      let result = try sandbox.run(
        arguments + ["--store", sandbox.store], input: input, environment: ["TANDEM_NOW": now, "TZ": "UTC"])
      #expect(result.status == 0, "\(arguments): \(result.errors)")
    }
    try run(["program", "start", "act-for-migraine"], at: "2026-05-04T09:00:00Z")
    try run(["session", "start", "mood-check"], input: "\n2\n2\n1\n1\n1\n1\n1\n1\n1\n\n", at: "2026-05-04T09:10:00Z")
    try run(
      [
        "attack", "log", "--start", "2026-05-06 07:00", "--end", "2026-05-06 15:00", "--severity", "7", "--nausea",
        "--photophobia", "--phonophobia", "--note", "after the Harrington wedding",
      ],
      at: "2026-05-06T16:00:00Z")
    // A module with a free-text prompt: the words typed must not leave without --include-free-text.
    try sandbox.writeModule(
      """
      id: e2e-words
      version: 1
      title: Words
      approach: act
      minutes: 1
      summary: A prompt.
      steps:
        - id: thought
          kind: prompt
          question: What thought showed up?
      """, id: "e2e-words")
    let typed = try sandbox.run(
      ["session", "start", "e2e-words"] + sandbox.storeAndModules, input: "my sister Ottoline is worried\n",
      environment: ["TANDEM_NOW": "2026-05-07T09:00:00Z", "TZ": "UTC"])
    #expect(typed.status == 0, "\(typed.errors)")
    return sandbox
  }

  func export(_ sandbox: Sandbox, _ extra: [String] = [], out: String) throws -> CommandResult {
    try sandbox.run(
      [
        "export", "--research", "--study", "trial-1", "--study-key-file", sandbox.root + "/key", "--out", out,
        "--store", sandbox.store,
      ] + extra, environment: Self.environment)
  }

  @Test("without the key, without consent, or after consent is withdrawn: a clear error and nothing written")
  func refusals() throws {
    let sandbox = try prepared()
    let out = sandbox.root + "/export"
    var result = try sandbox.run(
      ["export", "--research", "--study", "trial-1", "--out", out, "--store", sandbox.store],
      environment: Self.environment)
    #expect(
      result.status != 0 && result.errors.contains("needs the study's key") && result.errors.contains("nothing written")
    )
    try Data(repeating: 7, count: 8).write(to: URL(fileURLWithPath: sandbox.root + "/key"))
    result = try export(sandbox, out: out)
    #expect(result.status != 0 && result.errors.contains("32 to 4096 bytes"), "\(result.errors)")
    try Data((0..<48).map { UInt8($0 * 5 % 256) }).write(to: URL(fileURLWithPath: sandbox.root + "/key"))
    result = try export(sandbox, out: out)
    #expect(result.status != 0 && result.errors.contains("no consent in force for study trial-1"), "\(result.errors)")
    #expect(!FileManager.default.fileExists(atPath: out))
    for (arguments, expected) in [
      (["consent", "give", "--study", "trial-1"], "recorded"),
      (["consent", "withdraw", "--study", "trial-1"], "withdrawn"),
    ] {
      let change = try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.environment)
      #expect(change.status == 0 && change.output.contains(expected), "\(change.output)\(change.errors)")
    }
    result = try export(sandbox, out: out)
    #expect(result.status != 0 && result.errors.contains("no consent in force"), "\(result.errors)")
    #expect(!FileManager.default.fileExists(atPath: out))
    let bad = try sandbox.run(
      ["consent", "give", "--study", "Trial One", "--store", sandbox.store], environment: Self.environment)
    #expect(bad.status != 0 && bad.errors.contains("is not a study id"))
  }

  @Test(
    "the export re-identifies nothing: no label, ids, real dates, times or free text; every column is in the dictionary"
  )
  func deidentified() throws {
    let sandbox = try prepared()
    try Data((0..<48).map { UInt8($0 * 5 % 256) }).write(to: URL(fileURLWithPath: sandbox.root + "/key"))
    let consent = try sandbox.run(
      ["consent", "give", "--study", "trial-1", "--store", sandbox.store], environment: Self.environment)
    #expect(consent.status == 0)
    let out = sandbox.root + "/export"
    let result = try export(sandbox, out: out)
    #expect(result.status == 0, "\(result.errors)")
    let names = try FileManager.default.contentsOfDirectory(atPath: out).sorted()
    #expect(
      names == [
        "answers.csv", "answers.jsonl", "days.csv", "days.jsonl", "dictionary.csv", "dictionary.json", "program.csv",
        "program.jsonl", "scores.csv", "scores.jsonl", "sessions.csv", "sessions.jsonl",
      ])
    let folder = try FileManager.default.attributesOfItem(atPath: out)[.posixPermissions] as? Int
    #expect(folder == 0o700)
    var all = ""
    for name in names {
      let mode = try FileManager.default.attributesOfItem(atPath: out + "/" + name)[.posixPermissions] as? Int
      #expect(mode == 0o600, "\(name)")
      all += try String(contentsOfFile: out + "/" + name, encoding: .utf8)
    }
    // What could identify the patient, read from the store itself.
    let journal = try sandbox.run(["export", "--store", sandbox.store], environment: Self.environment)
    // Real dates are checked row by row below: a shifted date may by chance spell another real day
    // (a 37-day diary shifted by 30 to 37 days), which identifies nothing.
    var secrets = ["Ottoline", "Harrington", "07:00", "09:10"]
    for line in journal.output.split(separator: "\n") {
      guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { continue }
      for key in ["device_id", "event_id", "stream", "id"] {
        if let value = object[key] as? String, value.count > 20 { secrets.append(value) }
      }
    }
    for secret in Set(secrets) { #expect(!all.contains(secret), "the export contains '\(secret)'") }
    // No row carries its own real day: each table's date is the real day (first diary day plus the
    // study day) moved by the patient's offset, the same offset everywhere, at least 30 days.
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let dayFormat = DateFormatter()
    dayFormat.calendar = calendar
    dayFormat.timeZone = calendar.timeZone
    dayFormat.locale = Locale(identifier: "en_US_POSIX")
    dayFormat.dateFormat = "yyyy-MM-dd"
    let firstDay = try #require(dayFormat.date(from: "2026-05-04"))
    var offsets = Set<Int>()
    var datedRows = 0
    for name in names where name.hasSuffix(".csv") && name != "dictionary.csv" {
      let rows = try String(contentsOfFile: out + "/" + name, encoding: .utf8).split(separator: "\n").map {
        $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
      }
      guard let header = rows.first, let dateColumn = header.firstIndex(of: "date"),
        let dayColumn = header.firstIndex(of: "study_day")
      else { continue }
      for row in rows.dropFirst() {
        let shown = try #require(dayFormat.date(from: row[dateColumn]), "\(name): \(row)")
        let studyDay = try #require(Int(row[dayColumn]), "\(name): \(row)")
        let real = try #require(calendar.date(byAdding: .day, value: studyDay, to: firstDay))
        offsets.insert(try #require(calendar.dateComponents([.day], from: real, to: shown).day))
        datedRows += 1
      }
    }
    #expect(datedRows > 30)
    #expect(offsets.count == 1 && offsets.allSatisfy { abs($0) >= 30 }, "offsets: \(offsets.sorted())")

    // The data dictionary describes every column of every file, and nothing else.
    let dictionary = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/dictionary.json")))
        as? [String: Any])
    let described = Set(
      ((dictionary["columns"] as? [[String: String]]) ?? []).map { "\($0["file"] ?? "")/\($0["column"] ?? "")" })
    var found = Set<String>()
    for name in names where name.hasSuffix(".csv") && name != "dictionary.csv" {
      let header = try String(contentsOfFile: out + "/" + name, encoding: .utf8).split(separator: "\n")[0]
      for column in header.split(separator: ",") { found.insert("\(name)/\(column)") }
    }
    for name in names where name.hasSuffix(".jsonl") {
      for line in try String(contentsOfFile: out + "/" + name, encoding: .utf8).split(separator: "\n") {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        for key in object.keys { found.insert("\(name)/\(key)") }
      }
    }
    #expect(found.isSubset(of: described), "undescribed: \(found.subtracting(described).sorted())")
    #expect(described.filter { $0.hasSuffix(".csv") }.isSubset(of: found))
    let dictionaryCSV = try String(contentsOfFile: out + "/dictionary.csv", encoding: .utf8)
    #expect(dictionaryCSV.split(separator: "\n").count == described.count + 1)

    // The answers and scores name the module version and content hash they came from.
    let scores = try String(contentsOfFile: out + "/scores.csv", encoding: .utf8).split(separator: "\n")
    #expect(scores.count == 2)
    let score = scores[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    #expect(score[4] == "mood-check" && score[5] == "1" && score[6].count == 64 && score[7] == "phq-9")
    #expect(score[9] == "2" && score[10] == "minimal")
    let answers = try String(contentsOfFile: out + "/answers.csv", encoding: .utf8)
    #expect(answers.contains(",thought,text,\n") || answers.contains(",thought,text,\r\n"), "\(answers)")

    // The same key and study give the same pseudonym again; free text only when asked for.
    let again = try export(sandbox, ["--include-free-text"], out: sandbox.root + "/export2")
    #expect(again.status == 0, "\(again.errors)")
    let participant = String(score[0])
    let second = try String(contentsOfFile: sandbox.root + "/export2/scores.csv", encoding: .utf8)
    #expect(second.contains(participant))
    #expect(try String(contentsOfFile: sandbox.root + "/export2/answers.csv", encoding: .utf8).contains("Ottoline"))
    let exists = try export(sandbox, out: out)
    #expect(exists.status != 0 && exists.errors.contains("already exists"))
  }

  @Test("consent is replayed by when it was given: an older grant imported after a withdrawal does not restore it")
  func consentOrder() throws {
    let sandbox = try Sandbox()
    for (arguments, now) in [
      (["consent", "give", "--study", "s3"], "2026-11-05T09:00:00Z"),
      (["consent", "withdraw", "--study", "s3"], "2026-11-10T09:00:00Z"),
    ] {
      let result = try sandbox.run(
        arguments + ["--store", sandbox.store], environment: ["TANDEM_NOW": now, "TZ": "UTC"])
      #expect(result.status == 0, "\(result.errors)")
    }
    // Another device's grant from 6 November, imported afterwards.
    let export = try sandbox.run(["export", "--store", sandbox.store], environment: Self.environment)
    let given = try #require(export.output.split(separator: "\n").first { $0.contains("\"consent-given\"") })
    let other =
      given.replacingOccurrences(of: "2026-11-05T09:00:00", with: "2026-11-06T09:00:00")
      .replacingOccurrences(
        of: String(given.split(separator: "\"event_id\":\"")[1].prefix(36)),
        with: "01960000-0000-7000-8000-000000000001"
      )
      .replacingOccurrences(
        of: String(given.split(separator: "\"device_id\":\"")[1].prefix(36)),
        with: "01960000-0000-7000-8000-0000000000d2")
    let header = try #require(export.output.split(separator: "\n").first)
    let file = sandbox.root + "/other-device.jsonl"
    try (header + "\n" + other + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let imported = try sandbox.run(["import", file, "--store", sandbox.store], environment: Self.environment)
    #expect(
      imported.status == 0 && imported.output.contains("Imported 1 event"), "\(imported.output)\(imported.errors)")
    let status = try sandbox.run(["consent", "status", "--store", sandbox.store], environment: Self.environment)
    #expect(status.output.contains("No consent to any study."), "\(status.output)")
  }
}
