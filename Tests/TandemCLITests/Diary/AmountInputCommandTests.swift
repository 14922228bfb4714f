import Foundation
import Testing

/// Amounts as patients count them, stored as the real quantity wherever they are shown.
@Suite("Counted amounts")
struct AmountInputCommandTests {
  static let now = ["TANDEM_NOW": "2026-03-21T09:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String]) throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.now)
  }

  func journalCount(_ sandbox: Sandbox) throws -> String {
    try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*) FROM journal'").output
  }

  @Test("a tablet, half a tablet and a spray become milligrams in the log, the list and the headache diary")
  func counted() throws {
    let sandbox = try Sandbox()
    #expect(
      try tandem(
        sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"]
      ).status == 0)
    let half = try tandem(sandbox, ["dose", "take", "atogepant", "--at", "08:05", "--amount", "half a tablet"])
    #expect(half.output.contains("Logged atogepant 30 mg at 2026-03-21 08:05"), "\(half.output)\(half.errors)")
    let whole = try tandem(sandbox, ["dose", "take", "rimegepant", "--at", "2 hours ago", "--amount", "1 tablet"])
    #expect(whole.output.contains("Logged rimegepant 75 mg at 2026-03-21 07:00"), "\(whole.output)\(whole.errors)")
    let list = try tandem(sandbox, ["dose", "list"])
    #expect(list.output.contains("atogepant 30 mg"), "\(list.output)")
    #expect(list.output.contains("rimegepant 75 mg"), "\(list.output)")
    let attack = try tandem(
      sandbox,
      [
        "attack", "log", "--start", "yesterday 14:00", "--end", "yesterday 18:00", "--severity", "5", "--acute",
        "zavegepant:1 spray@14:30",
      ])
    #expect(attack.status == 0, "\(attack.errors)")
    #expect(try tandem(sandbox, ["attack", "list"]).output.contains("acute: zavegepant 10 mg at 2026-03-20 14:30"))
  }

  @Test(
    "a count the catalogue cannot turn into a quantity is refused, naming the units that work",
    arguments: [
      (
        ["dose", "take", "atogepant", "--amount", "2 puffs"],
        "atogepant is not taken as puffs; write it as tablets or capsules, or in mg"
      ),
      (
        ["dose", "take", "ibuprofen", "--amount", "1 tablet"],
        "ibuprofen comes in more than one strength or form (200 mg, 400 mg)"
      ),
      (["dose", "take", "atogepant", "--amount", "half a spoon"], "'half a spoon' is not an amount"),
      (
        ["attack", "log", "--start", "10:00", "--severity", "4", "--acute", "sumatriptan:1 tablet"],
        "--acute sumatriptan: sumatriptan comes in more than one strength or form"
      ),
    ])
  func refused(_ arguments: [String], _ message: String) throws {
    let sandbox = try Sandbox()
    #expect(try tandem(sandbox, ["dose", "take", "ibuprofen", "--amount", "400 mg", "--at", "8am"]).status == 0)
    let before = try journalCount(sandbox)
    let result = try tandem(sandbox, arguments)
    #expect(result.status != 0)
    #expect(result.errors.contains(message), "\(result.errors)")
    for marker in crashMarkers { #expect(!result.errors.contains(marker)) }
    #expect(try journalCount(sandbox) == before)
  }
}

extension AmountInputCommandTests {
  @Test("an amount three or more times the prescribed dose is logged but questioned, with the correction to type")
  func farAboveThePrescribedDose() throws {
    let sandbox = try Sandbox()
    #expect(
      try tandem(
        sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"]
      )
      .status == 0)
    let large = try tandem(sandbox, ["dose", "take", "atogepant", "--amount", "600 mg"])
    #expect(large.status == 0, "\(large.errors)")
    #expect(
      large.errors.contains(
        "warning: 600 mg is 10 times the prescribed 60 mg; if that is a typo, correct it with 'tandem dose correct 2 --amount AMOUNT'"
      ), "\(large.errors)")
    let usual = try tandem(sandbox, ["dose", "take", "atogepant", "--amount", "60 mg", "--at", "2026-03-20T08:00"])
    #expect(!usual.errors.contains("times the prescribed"), "\(usual.errors)")
  }
}
