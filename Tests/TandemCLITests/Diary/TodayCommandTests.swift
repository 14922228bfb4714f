import Foundation
import Testing

/// `tandem today` and its JSON: the patient's day from an empty store, a busy day, and a
/// ten-year diary.
@Suite("Today")
struct TodayCommandTests {
  /// Saturday 21 March 2026, 09:00 UTC.
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String], input: String = "") throws -> CommandResult {
    try sandbox.run(arguments + sandbox.storeAndModules, input: input, environment: Self.now)
  }

  func ok(_ sandbox: Sandbox, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String
  {
    let result = try tandem(sandbox, arguments)
    #expect(result.status == 0, "\(arguments): \(result.errors)", sourceLocation: sourceLocation)
    return result.output
  }

  func json(_ sandbox: Sandbox) throws -> [String: Any] {
    let result = try tandem(sandbox, ["today", "--format", "json"])
    #expect(result.status == 0, "\(result.errors)")
    return try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
  }

  @Test("an empty store: nothing scheduled, nothing logged, where to begin; JSON has every key; no store is made")
  func empty() throws {
    let sandbox = try Sandbox()
    let text = try ok(sandbox, ["today"])
    #expect(text.contains("Today, Saturday 21 March"), "\(text)")
    #expect(text.contains("Nothing scheduled. Add a medicine with 'tandem meds add'."))
    #expect(text.contains("Logged today\n  Nothing yet."))
    #expect(text.contains("Suggested: Your migraine, your plan, about 12 min (next in order)"))
    #expect(text.contains("This week: 0 sessions completed."))
    let day = try json(sandbox)
    for key in ["date", "now", "due", "upcoming", "logged", "attack", "next_session", "paused_session", "practice"] {
      #expect(day.keys.contains(key), "missing \(key) in \(day.keys.sorted())")
    }
    #expect(day["attack"] is NSNull && day["paused_session"] is NSNull)
    #expect(day["date"] as? String == "2026-03-21")
    #expect((day["next_session"] as? [String: Any])?["module_id"] as? String == "your-migraine-plan")
    #expect(!FileManager.default.fileExists(atPath: sandbox.store), "looking at the day writes nothing")
  }

  @Test("a busy day: an overdue dose, one taken, a headache going on with medicine, a paused session")
  func busy() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    _ = try ok(
      sandbox,
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-18"])
    _ = try ok(sandbox, ["meds", "add", "erenumab", "--dose", "70 mg", "--every", "4w", "--start", "2026-03-21"])
    _ = try ok(sandbox, ["dose", "take", "atogepant", "--at", "2026-03-18T08:00"])
    _ = try ok(sandbox, ["dose", "take", "erenumab", "--at", "08:30"])
    _ = try ok(
      sandbox, ["attack", "log", "--start", "yesterday 23:00", "--severity", "7", "--acute", "sumatriptan:50 mg@06:30"])
    _ = try tandem(sandbox, ["session", "start", "e2e-flow"], input: "\n")

    let text = try ok(sandbox, ["today"])
    #expect(
      text.contains("overdue  atogepant 60 mg, 08:00 due now; 2 missed since Thu 19 Mar"), "\(text)")
    #expect(text.contains("06:30  sumatriptan 50 mg taken for the headache"), "\(text)")
    #expect(text.contains("08:30  erenumab 70 mg taken"), "\(text)")
    #expect(text.contains("yesterday 23:00  headache, worst 7/10, still going on"), "\(text)")
    #expect(!text.contains("due now  atogepant"), "one line per medication: \(text)")
    #expect(text.contains("next     erenumab 70 mg, Sat 18 Apr 08:00"), "\(text)")
    #expect(text.contains("Headache in progress\n  Since yesterday 23:00 (10 h)"), "\(text)")
    #expect(text.contains("taken: sumatriptan."), "\(text)")
    #expect(text.contains("In progress: End-to-end flow, step 2 of about 8"), "\(text)")

    let day = try json(sandbox)
    let due = try #require(day["due"] as? [[String: Any]])
    #expect(due.map { $0["status"] as? String } == ["missed", "due-now"], "\(due)")
    #expect(due.first?["medication_id"] as? String == "atogepant")
    #expect(due.first?["missed_in_a_row"] as? Int == 2)
    #expect(due.last?["due"] as? String == "2026-03-21T08:00:00Z")
    let logged = try #require(day["logged"] as? [[String: Any]])
    #expect(logged.map { $0["kind"] as? String } == ["attack", "acute-taken", "dose-taken"], "\(logged)")
    let attack = try #require(day["attack"] as? [String: Any])
    #expect(attack["minutes_so_far"] as? Int == 600 && attack["severity"] as? Int == 7)
    let paused = try #require(day["paused_session"] as? [String: Any])
    #expect(paused["module_id"] as? String == "e2e-flow" && paused["step"] as? Int == 2)
    #expect((day["next_session"] as? [String: Any])?["module_id"] as? String == "your-migraine-plan")
  }

  @Test("a headache started without a pain rating says so instead of showing 0/10")
  func unratedHeadache() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["attack", "start", "--at", "08:15"])
    let text = try ok(sandbox, ["today"])
    #expect(text.contains("08:15  headache, pain not rated yet, still going on"), "\(text)")
    #expect(text.contains("Since 08:15 (45 min), pain not rated yet."), "\(text)")
  }

  @Test("bad options and a bad clock are refused with a message, and nothing is written")
  func badInput() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--start", "2026-03-01"])
    let before = try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
    let format = try tandem(sandbox, ["today", "--format", "xml"])
    #expect(format.status != 0 && format.errors.contains("xml"), "\(format.errors)")
    let clock = try sandbox.run(
      ["today"] + sandbox.storeAndModules, environment: ["TANDEM_NOW": "yesterday-ish", "TZ": "UTC"])
    #expect(clock.status != 0 && clock.errors.contains("TANDEM_NOW"), "\(clock.errors)")
    #expect(!clock.errors.contains("Fatal") && clock.output.isEmpty)
    #expect(try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output == before)
  }

  @Test("a ten-year diary: today and the home screen answer from the last weeks, in well under a few seconds")
  func tenYears() throws {
    let sandbox = try Sandbox()
    // Ten years of a twice-daily preventive (every tenth day missed) and a headache a week.
    var lines = [
      #"{"type":"header","format":"tandem-journal","version":1,"device_id":"01900000-0000-7000-8000-000000000001","exported_at":"2026-03-21T09:00:00Z"}"#
    ]
    var serial = 0
    func event(_ kind: String, _ at: String, _ payload: String) {
      serial += 1
      lines.append(
        #"{"type":"event","stream":"patient","stream_type":"diary","device_id":"01900000-0000-7000-8000-000000000001","#
          + #""event_id":"\#(String(format: "01900000-%04x-7000-8000-%012x", serial >> 16 & 0xffff, serial))","#
          + #""kind":"\#(kind)","recorded_at":"\#(at)","payload":\#(payload)}"#)
    }
    event(
      "regimen-prescribed", "2016-03-22T08:00:00.000Z",
      #"{"schema":1,"regimen":{"id":"r1","medication":"propranolol","dose":{"unit":"mg","value":40},"schedule":{"kind":"daily","times":["08:00","20:00"]},"start":"2016-03-22","time_zone":"UTC","late_window_hours":2}}"#
    )
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    let start = formatter.date(from: "2016-03-22T00:00:00Z")!
    let now = formatter.date(from: "2026-03-21T09:00:00Z")!
    for day in 0..<3652 {
      let midnight = start.addingTimeInterval(Double(day) * 86_400)
      for hour in [8.0, 20.0] where day % 10 != 3 && midnight.addingTimeInterval(hour * 3600 + 300) < now {
        let at = formatter.string(from: midnight.addingTimeInterval(hour * 3600 + 300))
        event(
          "dose-taken", at,
          #"{"schema":1,"medication":"propranolol","regimen_id":"r1","amount":{"unit":"mg","value":40},"taken_at":"\#(at)"}"#
        )
      }
      if day % 7 == 2, midnight.addingTimeInterval(20 * 3600) < now {
        let from = formatter.string(from: midnight.addingTimeInterval(14 * 3600))
        let to = formatter.string(from: midnight.addingTimeInterval(20 * 3600))
        event(
          "attack-logged", to,
          #"{"schema":1,"attack":{"id":"a\#(day)","start":"\#(from)","end":"\#(to)","severity":6,"acute":[],"aura":false,"nausea_or_vomiting":false,"photophobia":true,"phonophobia":false,"pain":{}}}"#
        )
      }
    }
    let file = sandbox.root + "/ten-years.jsonl"
    try lines.joined(separator: "\n").write(toFile: file, atomically: true, encoding: .utf8)
    let imported = try tandem(sandbox, ["import", file])
    #expect(imported.status == 0, "\(imported.errors)")

    let clock = ContinuousClock()
    var text = ""
    let elapsed = try clock.measure { text = try ok(sandbox, ["today"]) }
    #expect(text.contains("Logged today\n  08:05  propranolol 40 mg taken"), "\(text)")
    #expect(text.contains("next     propranolol 40 mg, 20:00"), "\(text)")
    #expect(elapsed < .seconds(10), "today on a ten-year diary took \(elapsed)")
    let home = try tandem(sandbox, [], input: "q\n")
    #expect(home.status == 0, "\(home.errors)")
    #expect(home.output.contains("08:05  propranolol 40 mg taken"), "\(home.output)")
  }
}

extension TodayCommandTests {
  @Test("today, due and the report count the same missed doses; a late dose that still counts is not one of them")
  func missedCountsAgree() throws {
    let sandbox = try Sandbox()
    // 05:00: yesterday's 08:00 dose still counts (late) until 06:00, when today's window opens.
    let early = ["TANDEM_NOW": "2026-03-21T05:00:00Z", "TZ": "UTC"]
    func run(_ arguments: [String]) throws -> String {
      let result = try sandbox.run(arguments + ["--store", sandbox.store], environment: early)
      #expect(result.status == 0, "\(arguments): \(result.errors)")
      return result.output
    }
    _ = try run(["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-15"])
    let today = try run(["today"])
    let flat = today.replacingOccurrences(of: "\n           ", with: " ")
    #expect(flat.contains("yesterday's 08:00 dose, still counts until 06:00; 5 missed since Sun 15 Mar"), "\(today)")
    let due = try run(["due"])
    #expect(due.contains("5 doses missed in a row"), "\(due)")
    #expect(due.contains("a dose now still counts (late) until 2026-03-21 06:00"), "\(due)")
    let report = try run(["report", "--last", "7d"])
    #expect(report.contains("overdue since 2026-03-15 (6 days, 5 doses missed in a row)"), "\(report)")
  }
}

extension TodayCommandTests {
  @Test(
    "a run missed for longer than the weeks read is counted whole, the same in today, due, reminders and the report")
  func longRunCountedWhole() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-01-10"])
    _ = try ok(sandbox, ["dose", "take", "atogepant", "--at", "2026-01-19T08:00"])
    let today = try ok(sandbox, ["today"])
    #expect(today.contains("60 missed since Tue 20 Jan"), "\(today)")
    #expect(!today.contains("at least"))
    #expect(try ok(sandbox, ["due"]).contains("overdue  since 2026-01-20 08:00 (60 days), 60 doses missed in a row"))
    let quiet = try tandem(sandbox, ["due", "--quiet"])
    #expect(quiet.output.contains("atogepant 60 mg overdue since 2026-01-20"), "\(quiet.output)")
    #expect(
      try ok(sandbox, ["report", "--last", "14d"]).contains(
        "overdue since 2026-01-20 (60 days, 60 doses missed in a row)"))
  }
}

extension TodayCommandTests {
  @Test("a dose whose window has opened before its time says when it is due and that it can be taken now")
  func windowOpenEarly() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "galcanezumab", "--dose", "120 mg", "--monthly", "--day", "22", "--start", "2026-02-22"])
    _ = try ok(sandbox, ["dose", "take", "galcanezumab", "--at", "2026-02-22T08:00"])
    let text = try ok(sandbox, ["today"])
    #expect(text.contains("due now  galcanezumab 120 mg, due tomorrow 08:00, can be taken now"), "\(text)")
  }
}
