import Foundation
import Testing

/// `tandem progress` through the real binary on a real store, with "now" fixed on Saturday 2026-03-21.
@Suite("Progress command")
struct ProgressCommandTests {
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String]) throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.now)
  }

  /// A weekly preventive from Monday 02-16 (02-16, 02-23, 03-09 and 03-16 taken, 03-02 missed) and headaches from
  /// Monday 01-19, one a week, the last from Sunday 03-08 into Monday 03-09.
  func seeded() throws -> Sandbox {
    let sandbox = try Sandbox()
    var setup: [[String]] = [
      [
        "meds", "add", "propranolol", "--dose", "40 mg", "--weekly", "--on", "mon", "--at", "08:00", "--start",
        "2026-02-16",
      ],
      ["meds", "add", "sumatriptan", "--dose", "50 mg", "--prn", "--max-per-day", "200 mg"],
      [
        "attack", "log", "--start", "2026-03-08T22:00", "--end", "2026-03-09T02:00", "--severity", "7", "--nausea",
        "--acute", "sumatriptan@2026-03-08T22:30",
      ],
    ]
    for day in ["01-19", "01-27", "02-03", "02-10", "02-20"] {
      setup.append(["attack", "log", "--start", "2026-\(day)T10:00", "--end", "2026-\(day)T12:00", "--severity", "4"])
    }
    for day in ["02-16", "02-23", "03-09", "03-16"] {
      setup.append(["dose", "take", "propranolol", "--at", "2026-\(day)T08:05"])
    }
    for arguments in setup {
      let result = try tandem(sandbox, arguments)
      try #require(result.status == 0, "tandem \(arguments.joined(separator: " ")): \(result.errors)")
    }
    return sandbox
  }

  @Test("text: the summary, then a week-by-week table with – before the diary and a comparison")
  func table() throws {
    let sandbox = try seeded()
    let result = try tandem(sandbox, ["progress", "--weeks", "10", "--plain"])
    try #require(result.status == 0, "\(result.errors)")
    let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    #expect(lines.first == "Your progress")
    #expect(lines.contains("  Sessions completed: 0  (open: 0, ended early: 0)"))
    #expect(lines.contains("  Weeks in a row with practice: 0"))
    let start = try #require(lines.firstIndex(of: "Week by week"))
    #expect(
      Array(lines[(start + 1)...]) == [
        "  Week   Headache Migraine Acute     Doses Sessions Practice",
        "             days     days  days taken/due               min",
        "  12 Jan        –        –     –         –        0        0",
        "  19 Jan        1        0     0         –        0        0",
        "  26 Jan        1        0     0         –        0        0",
        "  2 Feb         1        0     0         –        0        0",
        "  9 Feb         1        0     0         –        0        0",
        "  16 Feb        1        0     0       1/1        0        0",
        "  23 Feb        0        0     0       1/1        0        0",
        // The headache from Sunday 03-08 into Monday counts in both weeks; the migraine and sumatriptan on Sunday.
        "  2 Mar         1        1     1       0/1        0        0",
        "  9 Mar         1        1     0       1/1        0        0",
        "  16 Mar*       0        0     0       1/1        0        0",
        "  * this week so far",
        "  Last 4 full weeks: 3 headache days, down from 4;",
        "  preventive doses 3 of 4 taken; 0 sessions completed.",
        "",
      ])
    #expect(lines.allSatisfy { $0.count <= 60 })
  }

  @Test("text: no comparison until the diary covers all eight full weeks")
  func noComparison() throws {
    let sandbox = try Sandbox()
    for arguments in [
      ["attack", "log", "--start", "2026-03-03T10:00", "--end", "2026-03-03T11:00", "--severity", "3"],
      ["attack", "log", "--start", "2026-03-17T10:00", "--end", "2026-03-17T11:00", "--severity", "3"],
    ] {
      let result = try tandem(sandbox, arguments)
      try #require(result.status == 0, "\(result.errors)")
    }
    let result = try tandem(sandbox, ["progress", "--weeks", "3", "--plain"])
    try #require(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("  2 Mar         1        0     0         –        0        0\n"))
    #expect(result.output.contains("  16 Mar*       1        0     0         –        0        0\n"))
    #expect(!result.output.contains("Last 4 full weeks"))
  }

  @Test("json: the summary's keys stay; weeks carry the figures in snake_case with YYYY-MM-DD dates")
  func json() throws {
    let sandbox = try seeded()
    // A session completed today counts in this week.
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let session = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\ntense\n\n8\nwork\n\n2\nmorning\n\n",
      environment: Self.now)
    try #require(session.output.contains("Session complete."), "\(session.output)")
    let result = try tandem(sandbox, ["progress", "--format", "json", "--weeks", "3"])
    try #require(result.status == 0, "\(result.errors)")
    let json = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    for key in ["sessionsCompleted", "sessionsOpen", "modulesCompleted", "weekStreak", "ratingChanges"] {
      #expect(json[key] != nil, "\(key)")
    }
    let weeks = try #require(json["weeks"] as? [[String: Any]])
    #expect(weeks.map { $0["week_start"] as? String } == ["2026-03-02", "2026-03-09", "2026-03-16"])
    #expect(weeks.map { $0["partial"] as? Bool } == [false, false, true])
    #expect(weeks.map { $0["headache_days"] as? Int } == [1, 1, 0])
    #expect(weeks.map { $0["migraine_days"] as? Int } == [1, 1, 0])
    #expect(weeks.map { $0["acute_medication_days"] as? Int } == [1, 0, 0])
    #expect(weeks.map { $0["doses_due"] as? Int } == [1, 1, 1])
    #expect(weeks.map { $0["doses_taken"] as? Int } == [0, 1, 1])
    #expect(weeks.map { $0["doses_on_time"] as? Int } == [0, 1, 1])
    #expect(weeks.map { $0["sessions_completed"] as? Int } == [0, 0, 1])
    #expect(json["sessionsCompleted"] as? Int == 1)
    #expect(weeks.map { $0["practice_minutes"] as? Int } == [0, 0, 0])
    #expect(weeks.map { $0["observed_days"] as? Int } == [7, 7, 6])
  }

  @Test(
    "--weeks outside 1…104 or not a number is refused with a message, and the store is left as it was",
    arguments: ["0", "abc", "1000", "-3", "105"])
  func badWeeks(value: String) throws {
    let sandbox = try seeded()
    let folder = (sandbox.store as NSString).deletingLastPathComponent
    let before = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
    let bytes = try Data(contentsOf: URL(fileURLWithPath: sandbox.store))
    let result = try tandem(sandbox, ["progress", "--weeks", value])
    #expect(result.status == 64, "\(result.errors)")
    #expect(result.errors.contains("--weeks"))
    #expect(result.output.isEmpty)
    #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == before)
    #expect(try Data(contentsOf: URL(fileURLWithPath: sandbox.store)) == bytes)
  }

  @Test("an empty store: one helpful line instead of an empty table, and no store made")
  func empty() throws {
    let sandbox = try Sandbox()
    let result = try tandem(sandbox, ["progress", "--plain"])
    try #require(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Week by week\n  Nothing logged yet. Your weeks show here once you log a\n"))
    #expect(!result.output.contains("Headache"))
    #expect(result.output.split(separator: "\n").allSatisfy { $0.count <= 60 })
    #expect(!FileManager.default.fileExists(atPath: sandbox.store))
  }
}
