import Foundation
import Testing

/// The medication and headache commands, driven through the real binary on a real store.
@Suite("Diary commands")
struct DiaryCommandTests {
  /// A fixed "now" (a Saturday, 21 March 2026, 09:00 UTC) so schedules resolve the same way every run.
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String], input: String = "") throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], input: input, environment: Self.now)
  }

  func ok(_ sandbox: Sandbox, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> String
  {
    let result = try tandem(sandbox, arguments)
    #expect(
      result.status == 0, "tandem \(arguments.joined(separator: " ")): \(result.errors)", sourceLocation: sourceLocation
    )
    return result.output
  }

  func jsonArray(_ sandbox: Sandbox, _ arguments: [String]) throws -> [[String: Any]] {
    let result = try tandem(sandbox, arguments + ["--format", "json"])
    guard result.status == 0, let array = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
    else {
      throw SandboxError("tandem \(arguments): \(result.errors) \(result.output)")
    }
    return array
  }

  @Test("regimens: every schedule kind from the command line; a dose change keeps the old regimen's history")
  func regimens() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "30 mg", "--daily", "--at", "08:00", "--start", "2026-01-01"])
    _ = try ok(sandbox, ["meds", "add", "rimegepant", "--dose", "75 mg", "--every", "2d", "--start", "2026-03-01"])
    _ = try ok(sandbox, ["meds", "add", "erenumab", "--dose", "140 mg", "--every", "4w", "--start", "2026-01-05"])
    _ = try ok(
      sandbox, ["meds", "add", "fremanezumab", "--dose", "225 mg", "--monthly", "--day", "31", "--start", "2026-01-31"])
    _ = try ok(sandbox, ["meds", "add", "eptinezumab", "--dose", "100 mg", "--every", "3mo", "--start", "2026-01-10"])
    _ = try ok(
      sandbox,
      [
        "meds", "add", "galcanezumab", "--dose", "120 mg", "--loading", "240 mg", "--monthly", "--day", "15", "--start",
        "2026-02-15",
      ])
    _ = try ok(sandbox, ["meds", "add", "ubrogepant", "--dose", "50 mg", "--prn", "--max-per-day", "200 mg"])
    let switched = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"])
    #expect(switched.contains("Ended the earlier atogepant 30 mg daily at 08:00 from 2026-01-01 on 2026-02-28."))
    let list = try jsonArray(sandbox, ["meds", "list"])
    #expect(list.count == 8)
    let atogepant = list.filter { $0["medication"] as? String == "atogepant" }
    #expect(atogepant.map { $0["dose"] as? String } == ["30 mg", "60 mg"])
    #expect(atogepant.map { $0["end"] as? String } == ["2026-02-28", nil])
    #expect(atogepant.map { $0["status"] as? String } == ["ended", "active"])
    #expect(
      list.first { $0["medication"] as? String == "galcanezumab" }?["schedule"] as? String
        == "with a 240 mg loading dose, then monthly on day 15 at 08:00")
  }

  @Test("doses resolve to on time, late, skipped and missed, and adherence counts them")
  func adherence() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-11"])
    for day in [11, 12, 13, 15, 17, 18, 19, 20] {
      _ = try ok(sandbox, ["dose", "take", "atogepant", "--at", String(format: "2026-03-%02dT08:20", day)])
    }
    let late = try ok(sandbox, ["dose", "take", "atogepant", "--at", "2026-03-16T13:00"])
    #expect(late.contains("late for the 2026-03-16 08:00 dose"))
    _ = try ok(
      sandbox,
      ["dose", "skip", "atogepant", "--reason", "stomach upset", "--at", "2026-03-14T07:00", "--for", "2026-03-14"])
    let report = try jsonArray(sandbox, ["adherence", "--from", "2026-03-11", "--to", "2026-03-20"])
    let counts = report.first?["counts"] as? [String: Int]
    #expect(counts == ["expected": 10, "onTime": 8, "late": 1, "skipped": 1, "missed": 0, "overdue": 0, "pending": 0])
    // 9 of 10 days supplied.
    #expect((report.first?["pdc"] as? Double).map { abs($0 - 0.9) < 1e-9 } == true)
    let today = try ok(sandbox, ["due"])
    // At 09:00 the 08:00 dose is still inside its 2-hour window: due now, not yet overdue.
    #expect(today.contains("due now  60 mg at 08:00"))
    #expect(today.contains("next     60 mg on 2026-03-22 08:00"))
  }

  @Test("a correction adds an entry and keeps the original in the journal")
  func corrections() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-20"])
    let logged = try ok(sandbox, ["dose", "take", "atogepant", "--at", "2026-03-20T21:00"])
    let entry = try #require(logged.split(separator: "(entry ").last?.prefix { $0.isNumber })
    _ = try ok(
      sandbox, ["dose", "correct", String(entry), "--at", "2026-03-20T08:05", "--reason", "typed the wrong time"])
    let doses = try jsonArray(sandbox, ["dose", "list", "--from", "2026-03-01"])
    #expect(doses.count == 1)
    #expect((doses.first?["at"] as? String)?.hasPrefix("2026-03-20T08:05") == true)
    let journal = try sandbox.runShell(
      "sqlite3 '\(sandbox.store)' \"SELECT kind FROM journal WHERE stream_type = 'diary' ORDER BY sequence\"")
    #expect(journal.output.split(separator: "\n") == ["regimen-prescribed", "dose-taken", "corrected"])
    _ = try ok(sandbox, ["dose", "correct", String(entry), "--delete", "--reason", "never taken"])
    #expect(try jsonArray(sandbox, ["dose", "list", "--from", "2026-03-01"]).isEmpty)
  }

  @Test(
    "bad input gets a clear error, a non-zero exit, and leaves the store unchanged",
    arguments: [
      (["dose", "take", "atogepnt"], "unknown medication 'atogepnt'; did you mean 'atogepant'?"),
      (["dose", "take", "atogepant", "--at", "2026-03-22T08:00"], "is in the future"),
      (["dose", "take", "atogepant", "--amount", "60 kg"], "'60 kg' is not an amount"),
      (["dose", "take", "atogepant", "--amount", "2 ml"], "does not match atogepant"),
      (["dose", "take", "atogepant", "--at", "2026-02-30T08:00"], "cannot read '2026-02-30T08:00' as a time"),
      (["attack", "log", "--start", "2026-03-20T10:00", "--end", "2026-03-20T09:00", "--severity", "5"], "end"),
      (["attack", "log", "--start", "2026-03-20T10:00", "--severity", "11"], "severity 11 is out of range"),
      (
        ["attack", "log", "--start", "2026-03-19T11:00", "--end", "2026-03-19T12:00", "--severity", "4"],
        "overlaps attack #"
      ),
      (["meds", "add", "atogepant", "--dose", "60 mg"], "say how often"),
      (["meds", "add", "atogepant", "--dose", "60 mg", "--every", "2x"], "'2x' is not an interval"),
      (["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--start", "2026-04-31"], "not a real date"),
    ])
  func badInput(arguments: [String], message: String) throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"])
    _ = try ok(
      sandbox, ["attack", "log", "--start", "2026-03-19T10:00", "--end", "2026-03-19T14:00", "--severity", "6"])
    let before = try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
    let result = try tandem(sandbox, arguments)
    #expect(result.status != 0)
    #expect(result.errors.contains(message), "\(result.errors)")
    for marker in crashMarkers { #expect(!result.errors.contains(marker)) }
    let after = try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
    #expect(before == after)
  }

  @Test("an as-needed dose over the 24-hour maximum is recorded with a clear warning")
  func asNeededMaximum() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox,
      ["meds", "add", "ubrogepant", "--dose", "100 mg", "--prn", "--max-per-day", "200 mg", "--min-hours", "2"])
    for time in ["2026-03-21T01:00", "2026-03-21T04:00"] {
      let first = try tandem(sandbox, ["dose", "take", "ubrogepant", "--at", time])
      #expect(first.status == 0)
      #expect(!first.errors.contains("warning"))
    }
    let third = try tandem(sandbox, ["dose", "take", "ubrogepant", "--at", "2026-03-21T08:30"])
    #expect(third.status == 0, "the dose is recorded even so")
    #expect(third.errors.contains("warning: "), "\(third.errors)")
    #expect(third.errors.contains("300 mg"), "\(third.errors)")
    #expect(try jsonArray(sandbox, ["dose", "list", "--from", "2026-03-20"]).count == 3)
  }

  @Test("two processes logging doses at the same moment both succeed")
  func concurrentWriters() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["meds", "add", "ibuprofen", "--dose", "200 mg", "--prn"])
    let binary = try Sandbox.binary()
    var script = "export TANDEM_NOW=2026-03-21T09:00:00Z TZ=UTC\n"
    for index in 0..<12 {
      script +=
        "'\(binary)' dose take ibuprofen --at 2026-03-\(10 + index % 10)T0\(index % 9):00 --store '\(sandbox.store)' > /dev/null 2>>'\(sandbox.root)/errors' &\n"
    }
    script += "wait\n"
    _ = try sandbox.runShell(script)
    let errors = (try? String(contentsOfFile: sandbox.root + "/errors", encoding: .utf8)) ?? ""
    #expect(!errors.contains("locked"), "\(errors)")
    #expect(try jsonArray(sandbox, ["dose", "list", "--from", "2026-03-01"]).count == 12)
  }

  @Test("attacks in progress: start, refuse a second, end; the timeline and calendar show them")
  func attacks() throws {
    let sandbox = try Sandbox()
    _ = try ok(sandbox, ["attack", "start", "--at", "2026-03-21T06:00", "--severity", "6", "--nausea"])
    let second = try tandem(sandbox, ["attack", "start"])
    #expect(second.status != 0)
    #expect(second.errors.contains("already in progress"))
    let ended = try ok(
      sandbox,
      [
        "attack", "end", "--at", "2026-03-21T08:30", "--photophobia", "--phonophobia", "--acute",
        "sumatriptan@2026-03-21T06:30",
      ])
    #expect(ended.contains("after 2 h 30 min"))
    let timeline = try jsonArray(sandbox, ["timeline", "--from", "2026-03-21"])
    #expect(timeline.map { $0["kind"] as? String } == ["attack", "acute-medication"])
    let calendar = try sandbox.run(
      ["timeline", "--format", "calendar", "--from", "2026-03-01", "--store", sandbox.store],
      environment: Self.now.merging(["NO_COLOR": "1"]) { $1 })
    #expect(!calendar.stdout.contains(0x1B))
    #expect(calendar.output.contains("21M"))
    #expect(calendar.output.contains("21 days: 1 migraine"))
  }

  @Test("adherence from a research fills file: one row per patient; a malformed file names its line")
  func fills() throws {
    let sandbox = try Sandbox()
    let fills = sandbox.root + "/fills.csv"
    try Data(
      """
      PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION
      1,01/01/2030,1,medA,30
      1,02/15/2030,1,medA,30
      2,03/01/2030,1,medB,60

      """.utf8
    ).write(to: URL(fileURLWithPath: fills))
    let result = try tandem(
      sandbox, ["adherence", "--fills", fills, "--date-format", "%m/%d/%Y", "--method", "cma1", "--format", "csv"])
    #expect(result.status == 0, "\(result.errors)")
    // Patient 1: 30 days of supply over the 45 days from the first to the last fill; patient 2 has one fill (no CMA1).
    #expect(result.output == "PATIENT_ID,CMA1\n1,0.666667\n2,NA\n")
    try Data("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,02/30/2030,1,medA,30\n".utf8).write(
      to: URL(fileURLWithPath: fills))
    let bad = try tandem(sandbox, ["adherence", "--fills", fills, "--date-format", "%m/%d/%Y"])
    #expect(bad.status != 0)
    #expect(bad.errors.contains("line 2"), "\(bad.errors)")
  }

  @Test("a dose check inside a session logs today's due doses in the same journal; a module branches on it")
  func doseCheckStep() throws {
    let sandbox = try Sandbox()
    _ = try ok(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-21"])
    try sandbox.writeModule(
      """
      id: daily-check
      version: 1
      title: Daily check
      approach: check-in
      minutes: 2
      summary: A quick check.
      steps:
        - id: doses
          kind: dose-check
        - id: remind
          kind: text
          when: doses == not-yet
          body: A reminder.
        - id: pain
          kind: attack-check
        - id: bye
          kind: text
          body: Bye.
      """, id: "daily-check")
    let session = try sandbox.run(
      ["session", "start", "daily-check"] + sandbox.storeAndModules, input: "taken\n4\n\n", environment: Self.now)
    #expect(session.status == 0, "\(session.errors)")
    #expect(session.output.contains("atogepant 60 mg, due 08:00"))
    #expect(session.output.contains("Logged: atogepant 60 mg taken."))
    #expect(!session.output.contains("A reminder."))
    let doses = try jsonArray(sandbox, ["dose", "list", "--from", "2026-03-21"])
    #expect(doses.count == 1)
    let attacks = try jsonArray(sandbox, ["attack", "list"])
    #expect(attacks.count == 1)
  }

  @Test("a regimen file with an error imports nothing and points at the line")
  func importFile() throws {
    let sandbox = try Sandbox()
    let file = sandbox.root + "/regimens.yaml"
    try Data(
      """
      regimens:
        - medication: atogepant
          dose: 60 mg
          daily: true
          at: "08:00"
          start: 2026-01-01
        - medication: erenumab
          dose: 140 mg
          every: 4 weeks
          strat: 2026-01-05

      """.utf8
    ).write(to: URL(fileURLWithPath: file))
    let bad = try tandem(sandbox, ["meds", "import", file])
    #expect(bad.status != 0)
    #expect(
      bad.errors.contains("\(file):10:5: error: unknown field 'strat' in regimen 2; did you mean 'start'?"),
      "\(bad.errors)")
    #expect(try jsonArray(sandbox, ["meds", "list"]).isEmpty)
    try Data(
      String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self).replacingOccurrences(
        of: "strat", with: "start"
      ).utf8
    )
    .write(to: URL(fileURLWithPath: file))
    _ = try ok(sandbox, ["meds", "import", file])
    #expect(try jsonArray(sandbox, ["meds", "list"]).count == 2)
  }
}

extension DiaryCommandTests {
  @Test("dose list shows acute medicine logged with a headache, under the headache's entry")
  func acuteInDoseList() throws {
    let sandbox = try Sandbox()
    let logged = try tandem(
      sandbox,
      ["attack", "log", "--start", "06:00", "--end", "08:00", "--severity", "6", "--acute", "sumatriptan:50 mg@06:30"])
    #expect(logged.status == 0, "\(logged.errors)")
    let list = try tandem(sandbox, ["dose", "list"])
    #expect(
      list.output.contains("#1  2026-03-21 06:30  acute    sumatriptan 50 mg (with headache #1)"), "\(list.output)")
    let json = try JSONSerialization.jsonObject(with: try tandem(sandbox, ["dose", "list", "--format", "json"]).stdout)
    #expect((json as? [[String: Any]])?.first?["kind"] as? String == "acute")
  }
}
