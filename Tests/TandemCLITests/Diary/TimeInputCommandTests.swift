import Foundation
import Testing

/// Times as patients type them, through the real binary in Berlin on a fixed clock.
@Suite("Typed times")
struct TimeInputCommandTests {
  /// Saturday 21 March 2026, 10:00 in Berlin (winter time, UTC+1).
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "Europe/Berlin"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String]) throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.now)
  }

  func journalCount(_ sandbox: Sandbox) throws -> String {
    try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
  }

  @Test(
    "a dose logged at a time typed as people say it lands at that moment",
    arguments: [
      ("9pm", "2026-03-20 21:00"),
      ("8am", "2026-03-21 08:00"),
      ("21:30", "2026-03-20 21:30"),
      ("2 hours ago", "2026-03-21 08:00"),
      ("30 min ago", "2026-03-21 09:30"),
      ("yesterday 9pm", "2026-03-20 21:00"),
      ("monday 08:00", "2026-03-16 08:00"),
      ("now", "2026-03-21 10:00"),
      ("2026-03-19T07:45", "2026-03-19 07:45"),
    ])
  func doseTimes(_ typed: String, _ logged: String) throws {
    let sandbox = try Sandbox()
    let result = try tandem(sandbox, ["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", typed])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Logged ibuprofen 400 mg at \(logged) "), "\(result.output)")
  }

  @Test("a headache's start and end and its acute medication take the same forms")
  func attackTimes() throws {
    let sandbox = try Sandbox()
    let result = try tandem(
      sandbox,
      [
        "attack", "log", "--start", "yesterday 6pm", "--end", "yesterday at 11 pm", "--severity", "6", "--acute",
        "ibuprofen:400 mg@7:30pm",
      ])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Logged a headache from 2026-03-20 18:00 to 2026-03-20 23:00"), "\(result.output)")
    let list = try tandem(sandbox, ["attack", "list"])
    #expect(list.output.contains("acute: ibuprofen 400 mg at 2026-03-20 19:30"), "\(list.output)")
  }

  @Test(
    "absurd or future times are refused in one line and nothing is logged",
    arguments: [
      (["dose", "take", "ibuprofen", "--at", "25pm"], "time '25pm' is out of range"),
      (["dose", "take", "ibuprofen", "--at", "99:00"], "time '99:00' is out of range"),
      (["dose", "take", "ibuprofen", "--at", "1000000 hours ago"], "at most 36525 days"),
      (["dose", "take", "ibuprofen", "--at", "today 11pm"], "is in the future"),
      (["dose", "take", "ibuprofen", "--at", "2201-01-01T08:00"], "1900 to 2200"),
      (["dose", "take", "ibuprofen", "--at", "last blue moon"], "cannot read 'last blue moon' as a time"),
      (["attack", "log", "--start", "13pm", "--severity", "4"], "--start: time '13pm' is out of range"),
      (["attack", "start", "--at", "in 2 hours"], "cannot read 'in 2 hours'"),
    ])
  func refused(_ arguments: [String], _ message: String) throws {
    let sandbox = try Sandbox()
    #expect(try tandem(sandbox, ["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", "8am"]).status == 0)
    let before = try journalCount(sandbox)
    let result = try tandem(sandbox, arguments)
    #expect(result.status != 0)
    #expect(result.errors.contains(message), "\(result.errors)")
    #expect(result.errors.split(separator: "\n").count == 1, "\(result.errors)")
    for marker in crashMarkers { #expect(!result.errors.contains(marker)) }
    #expect(try journalCount(sandbox) == before)
  }
}
