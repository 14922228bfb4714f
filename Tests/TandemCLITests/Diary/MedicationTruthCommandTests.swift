import Foundation
import Testing

/// What a week of real use found in the medication commands, driven through the real binary.
@Suite("Medication truth")
struct MedicationTruthCommandTests {
  static let environment = ["TANDEM_NOW": "2026-12-01T19:30:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String], now: String? = nil) throws -> CommandResult {
    var environment = Self.environment
    if let now { environment["TANDEM_NOW"] = now }
    return try sandbox.run(arguments + ["--store", sandbox.store], input: "", environment: environment)
  }

  func ok(
    _ sandbox: Sandbox, _ arguments: [String], now: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> CommandResult {
    let result = try tandem(sandbox, arguments, now: now)
    #expect(
      result.status == 0, "tandem \(arguments.joined(separator: " ")): \(result.errors)", sourceLocation: sourceLocation
    )
    return result
  }

  @Test("acute medication logged with a headache counts toward the 24-hour maximum of a later dose")
  func acuteCounts() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "sumatriptan", "--dose", "100 mg", "--prn", "--max-per-day", "200 mg"],
      now: "2026-11-30T08:00:00Z")
    let attack = try ok(
      sandbox,
      [
        "attack", "log", "--start", "17:50", "--end", "19:00", "--severity", "6", "--acute", "sumatriptan@18:01",
        "--acute", "sumatriptan:100 mg@18:11",
      ])
    #expect(attack.errors.contains("10 min after the previous one"), "\(attack.errors)")
    let third = try ok(sandbox, ["dose", "take", "sumatriptan"])
    #expect(third.errors.contains("300 mg in 24 hours, over the maximum of 200 mg"), "\(third.errors)")
    let due = try ok(sandbox, ["due"])
    #expect(due.output.contains("3 doses in the last 24 h"), "\(due.output)")
    let list = try ok(sandbox, ["attack", "list"])
    #expect(
      list.output.contains("acute: sumatriptan 100 mg at 2026-12-01 18:01; sumatriptan 100 mg at 2026-12-01 18:11"))
  }

  @Test("a dose already logged in the same minute is refused in a script unless --again is given")
  func duplicateDose() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["dose", "take", "ibuprofen", "--at", "18:00", "--amount", "400 mg"])
    let retry = try tandem(sandbox, ["dose", "take", "ibuprofen", "--at", "18:00", "--amount", "400 mg"])
    #expect(retry.status != 0)
    #expect(retry.errors.contains("already logged at 2026-12-01 18:00"), "\(retry.errors)")
    #expect(retry.errors.contains("--again"))
    _ = try ok(sandbox, ["dose", "take", "ibuprofen", "--at", "18:00", "--amount", "400 mg", "--again"])
    let list = try ok(sandbox, ["dose", "list", "--format", "json"])
    let rows = try JSONSerialization.jsonObject(with: list.stdout) as? [[String: Any]]
    #expect(rows?.count == 2)
  }

  @Test("a skip after the day's dose was taken names the next dose it skips; for that day it is refused")
  func skipAfterTaken() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "propranolol", "--dose", "40 mg", "--daily", "--at", "08:00", "--start", "2026-11-25"])
    let taken = try ok(sandbox, ["dose", "take", "propranolol", "--at", "08:10"])
    #expect(taken.output.contains("on time for the 2026-12-01 08:00 dose"), "\(taken.output)")
    let refused = try tandem(sandbox, ["dose", "skip", "propranolol", "--reason", "dizzy", "--for", "2026-12-01"])
    #expect(refused.status != 0)
    #expect(refused.errors.contains("already logged as taken"), "\(refused.errors)")
    let skipped = try ok(sandbox, ["dose", "skip", "propranolol", "--reason", "dizzy", "--at", "09:00"])
    #expect(skipped.output.contains("dose due 2026-12-02 08:00 as skipped"), "\(skipped.output)")
    #expect(skipped.output.contains("Today's dose is already logged, so this skips the next one"), "\(skipped.output)")
    let timeline = try ok(sandbox, ["timeline", "--format", "json"])
    #expect(!String(decoding: timeline.stdout, as: UTF8.self).contains("dose-extra"))
  }

  @Test("the loading dose is 240 mg in due and in dose take, and labelled")
  func loadingDose() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox,
      [
        "meds", "add", "galcanezumab", "--dose", "120 mg", "--loading", "240 mg", "--monthly", "--day", "1", "--at",
        "09:00",
        "--start", "2026-12-01",
      ], now: "2026-12-01T08:00:00Z")
    let due = try ok(sandbox, ["due"], now: "2026-12-01T08:30:00Z")
    #expect(due.output.contains("due now  240 mg (loading dose) at 09:00"), "\(due.output)")
    let taken = try ok(sandbox, ["dose", "take", "galcanezumab"], now: "2026-12-01T09:05:00Z")
    #expect(taken.output.contains("Logged galcanezumab 240 mg (loading dose) at 2026-12-01 09:05"), "\(taken.output)")
    #expect(taken.output.contains("on time for the 2026-12-01 09:00 dose"))
  }

  @Test("an overdue injection is missed in adherence and the report, and overdue since its date in due")
  func overdueInjection() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox,
      [
        "meds", "add", "erenumab", "--dose", "140 mg", "--monthly", "--day", "5", "--at", "09:00", "--start",
        "2026-09-05",
      ], now: "2026-09-01T08:00:00Z")
    _ = try ok(sandbox, ["dose", "take", "erenumab"], now: "2026-09-05T09:10:00Z")
    _ = try ok(sandbox, ["dose", "take", "erenumab"], now: "2026-10-07T10:00:00Z")
    let now = "2026-12-01T12:00:00Z"
    let adherence = try ok(sandbox, ["adherence"], now: now)
    #expect(adherence.output.contains("missed 1 (1 of them still overdue)"), "\(adherence.output)")
    let due = try ok(sandbox, ["due"], now: now)
    #expect(due.output.contains("overdue  since 2026-11-05 09:00 (26 days)"), "\(due.output)")
    let report = try ok(sandbox, ["report", "--last", "30d", "--format", "json"], now: now)
    let json = try JSONSerialization.jsonObject(with: report.stdout) as? [String: Any]
    let counts = ((json?["adherence"] as? [[String: Any]])?.first?["counts"]) as? [String: Int]
    #expect(counts?["expected"] == 1)
    #expect(counts?["missed"] == 1)
  }

  @Test("a mistaken headache is corrected or removed with a correcting entry; the list shows its details")
  func correctAttack() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["attack", "log", "--start", "10:00", "--end", "12:00", "--severity", "4", "--note", "skipped lunch"])
    let corrected = try ok(sandbox, ["attack", "correct", "1", "--severity", "7", "--nausea", "--end", "13:00"])
    #expect(corrected.output.contains("severity 7/10"), "\(corrected.output)")
    let list = try ok(sandbox, ["attack", "list"])
    #expect(list.output.contains("2026-12-01 10:00 – 2026-12-01 13:00  severity 7/10"), "\(list.output)")
    #expect(list.output.contains("symptoms: nausea"))
    #expect(list.output.contains("note: skipped lunch"))
    _ = try ok(sandbox, ["attack", "correct", "1", "--delete", "--reason", "logged twice"])
    #expect(try ok(sandbox, ["attack", "list"]).output.contains("No headaches logged."))
    let again = try tandem(sandbox, ["attack", "correct", "1", "--delete"])
    #expect(again.status != 0)
  }

  @Test("a headache in progress cannot overlap a closed one logged inside it")
  func openOverlap() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["attack", "start", "--at", "08:00", "--severity", "5"])
    let inside = try tandem(sandbox, ["attack", "log", "--start", "09:00", "--end", "10:00", "--severity", "4"])
    #expect(inside.status != 0)
    #expect(inside.errors.contains("still in progress"), "\(inside.errors)")
  }

  @Test("--acute with an empty name or time, or a bare @, is a clear error and logs nothing")
  func badAcute() throws {
    let sandbox = try Sandbox()
    for bad in ["", "@", "sumatriptan@", ":50 mg"] {
      let result = try tandem(
        sandbox, ["attack", "log", "--start", "10:00", "--end", "11:00", "--severity", "4", "--acute", bad])
      #expect(result.status != 0, "\(bad)")
      #expect(result.errors.contains("--acute"), "\(bad): \(result.errors)")
      #expect(!result.errors.contains("Fatal"))
    }
    #expect(try ok(sandbox, ["attack", "list"]).output.contains("No headaches logged."))
  }

  @Test("attack log checks spacing per medication and refuses an intake already logged as a dose in that minute")
  func attackIntakes() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["meds", "add", "sumatriptan", "--dose", "50 mg", "--prn", "--start", "2026-11-01"])
    _ = try ok(sandbox, ["meds", "add", "ubrogepant", "--dose", "100 mg", "--prn", "--start", "2026-11-01"])
    let two = try ok(
      sandbox,
      [
        "attack", "log", "--start", "2026-11-13T09:00", "--end", "2026-11-13T12:00", "--severity", "5", "--acute",
        "ubrogepant@10:30", "--acute", "sumatriptan@10:00",
      ])
    #expect(!two.errors.contains("ubrogepant at 2026-11-13 10:30: this dose came"), "\(two.errors)")
    _ = try ok(sandbox, ["dose", "take", "sumatriptan", "--at", "2026-12-01T02:00"])
    let duplicate = try tandem(
      sandbox,
      [
        "attack", "log", "--start", "2026-12-01T01:00", "--end", "2026-12-01T03:00", "--severity", "4", "--acute",
        "sumatriptan@02:00",
      ])
    #expect(duplicate.status != 0)
    #expect(duplicate.errors.contains("already logged at 2026-12-01 02:00"), "\(duplicate.errors)")
    let twice = try tandem(
      sandbox,
      [
        "attack", "log", "--start", "2026-11-20T10:00", "--end", "2026-11-20T12:00", "--severity", "4", "--acute",
        "sumatriptan@10:30", "--acute", "sumatriptan@10:30",
      ])
    #expect(twice.status != 0)
  }

  @Test("a dose moved by dose correct into the minute of another is refused without --again, and the result is named")
  func correctIntoDuplicate() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "propranolol", "--dose", "40 mg", "--daily", "--at", "08:00", "--start", "2026-11-25"])
    _ = try ok(sandbox, ["dose", "take", "propranolol", "--at", "2026-11-25T08:00"])
    _ = try ok(sandbox, ["dose", "take", "propranolol", "--at", "2026-11-26T08:00"])
    let refused = try tandem(sandbox, ["dose", "correct", "3", "--at", "2026-11-25T08:00"])
    #expect(refused.status != 0)
    #expect(refused.errors.contains("--again"), "\(refused.errors)")
    let moved = try ok(sandbox, ["dose", "correct", "3", "--at", "2026-11-26T09:30"])
    #expect(moved.output.contains("now on time for the 2026-11-26 08:00 dose"), "\(moved.output)")
  }

  @Test("notes and reasons are not blank and not longer than 2,000 characters; a --store that does not exist is named")
  func freeText() throws {
    let sandbox = try Sandbox()
    let blank = try tandem(
      sandbox, ["attack", "log", "--start", "10:00", "--end", "11:00", "--severity", "3", "--note", "  "])
    #expect(blank.status != 0)
    let long = try tandem(
      sandbox,
      [
        "attack", "log", "--start", "10:00", "--end", "11:00", "--severity", "3", "--note",
        String(repeating: "x", count: 2_001),
      ])
    #expect(long.status != 0)
    #expect(long.errors.contains("keep it to 2000"), "\(long.errors)")
    let missing = try sandbox.run(
      ["due", "--store", sandbox.root + "/typo.sqlite"], input: "", environment: Self.environment)
    #expect(missing.errors.contains("there is no store at"), "\(missing.errors)")
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/typo.sqlite"))
  }

  @Test("attack correct can take back symptoms and acute medication recorded by mistake")
  func correctRemoves() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox,
      [
        "attack", "log", "--start", "10:00", "--end", "12:00", "--severity", "5", "--nausea", "--aura", "--acute",
        "ibuprofen@10:30",
      ])
    let fixed = try ok(
      sandbox,
      ["attack", "correct", "1", "--clear-symptoms", "--photophobia", "--clear-acute", "--acute", "sumatriptan@10:40"])
    #expect(fixed.output.contains("symptoms: light-sensitive"), "\(fixed.output)")
    #expect(!fixed.output.contains("nausea"))
    #expect(!fixed.output.contains("ibuprofen"))
    #expect(fixed.output.contains("acute: sumatriptan"), "\(fixed.output)")
  }
}
