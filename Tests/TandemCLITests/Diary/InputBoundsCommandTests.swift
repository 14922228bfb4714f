import Foundation
import Testing

/// Values out of bounds end in one clear message, a non-zero exit and an unchanged store; values an older
/// version stored, however absurd, still display. Driven through the real binary.
@Suite("Input bounds")
struct InputBoundsCommandTests {
  static let environment = ["TANDEM_NOW": "2026-12-01T12:00:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String], input: String = "", timeout: TimeInterval = 30) throws
    -> CommandResult
  {
    try sandbox.run(
      arguments + ["--store", sandbox.store], input: input, environment: Self.environment, timeout: timeout)
  }

  /// A store with one regimen of each kind, a dose and an attack: something a bad value could damage.
  func seeded() throws -> Sandbox {
    let sandbox = try Sandbox()
    for arguments in [
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--start", "2026-11-01"],
      ["meds", "add", "ibuprofen", "--dose", "400 mg", "--prn", "--max-per-day", "1200 mg"],
      ["dose", "take", "ibuprofen", "--at", "today 09:00"],
      ["attack", "log", "--start", "2026-11-20T10:00", "--end", "2026-11-20T14:00", "--severity", "6"],
    ] {
      let result = try tandem(sandbox, arguments)
      #expect(result.status == 0, "\(arguments): \(result.errors)")
    }
    return sandbox
  }

  static let refused: [(arguments: [String], message: String)] = [
    (
      ["attack", "log", "--start", "2026-11-30T10:00", "--severity", "5", "--acute", ""],
      "--acute '' names no medication"
    ),
    (
      ["attack", "log", "--start", "2026-11-30T10:00", "--severity", "5", "--acute", "@"],
      "--acute '@' names no medication"
    ),
    (
      ["attack", "log", "--start", "2026-11-30T10:00", "--severity", "5", "--acute", "sumatriptan@"],
      "no time after '@'"
    ),
    (["attack", "log", "--start", "2026-11-30T10:00+", "--severity", "5"], "'+' is not a UTC offset"),
    (["attack", "log", "--start", "2026-11-30T10:00-", "--severity", "5"], "'-' is not a UTC offset"),
    (["attack", "log", "--start", "2026-11-30T10:00+99999999999999999999", "--severity", "5"], "is not a UTC offset"),
    (["attack", "log", "--start", "2026-11-30T10:00+9999999999999999", "--severity", "5"], "is not a UTC offset"),
    (
      ["attack", "log", "--start", "2026-11-30T10:00+25:00", "--severity", "5"],
      "UTC offset '+25:00' is out of range; use −18:00 to +18:00"
    ),
    (["attack", "log", "--start", "2026-11-30T10:00+14:61", "--severity", "5"], "UTC offset '+14:61' is out of range"),
    (["attack", "log", "--start", "2026-11-30T10:00:-1", "--severity", "5"], "'-1' is not a UTC offset"),
    (
      ["attack", "log", "--start", "2026-11-30T10:00", "--severity", "5", "--aura-minutes", "9223372036854775807"],
      "aura duration 9223372036854775807 min is out of range; use 1–1440"
    ),
    (
      ["attack", "log", "--start", "2026-09-01T10:00", "--end", "2026-11-01T10:00", "--severity", "5"],
      "more than 31 days"
    ),
    (
      ["attack", "log", "--start", "1970-01-01T10:00", "--end", "1970-01-01T12:00", "--severity", "5"],
      "--start 1970-01-01 10:00 is more than two years ago; an older record comes in with 'tandem import'"
    ),
    (["dose", "take", "ibuprofen", "--at", "1970-01-01T00:00"], "is more than two years ago"),
    (
      ["meds", "add", "ibuprofen", "--dose", "400 mg", "--prn", "--max-per-day", "100000000000000000000000 mg"],
      "'100000000000000000000000 mg' is out of range; use at least 0.001 and at most 100000 mg"
    ),
    (
      ["meds", "add", "ibuprofen", "--dose", "400 mg", "--prn", "--max-per-day", "1e23 mg"],
      "'1e23 mg' is not an amount"
    ),
    (
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--start", "0026-12-01"],
      "date '0026-12-01' is out of range; use a year from 1900 to 2200"
    ),
    (
      ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--late-window", "nan"],
      "late window (hours) 'nan' is out of range"
    ),
    (["meds", "add", "ibuprofen", "--dose", "400 mg", "--prn", "--min-hours", "1e300"], "minimum hours"),
    (
      ["dose", "take", "ibuprofen", "--amount", "100000000000000000000000 mg"],
      "--amount: amount '100000000000000000000000 mg' is out of range"
    ),
    (["dose", "correct", "3", "--amount", "100000000000000000000000 mg"], "is out of range"),
    (
      ["dose", "skip", "atogepant", "--reason", "away", "--for", "2031-01-01"], "--for 2031-01-01 is more than 366 days"
    ),
  ]

  @Test(
    "a refused value names itself and its bound, exits non-zero and leaves every journal row unchanged",
    arguments: refused.indices)
  func refusedLeavesStoreUnchanged(_ index: Int) throws {
    let (arguments, message) = Self.refused[index]
    let sandbox = try seeded()
    let before = try journal(sandbox)
    let result = try tandem(sandbox, arguments)
    #expect(result.status != 0, "\(arguments) was accepted")
    #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    #expect(before.split(separator: "\n").count == 4)
    #expect(try journal(sandbox) == before, "\(arguments) changed the journal")
  }

  @Test("a regimen file and a catalogue file with a 1e23 mg amount are refused at the line, and nothing is imported")
  func filesWithAbsurdAmounts() throws {
    let sandbox = try seeded()
    let before = try journal(sandbox)
    let regimens = sandbox.root + "/regimens.yaml"
    try Data(
      """
      regimens:
        - medication: ibuprofen
          dose: 400 mg
          prn: true
          max-per-day: 100000000000000000000000 mg
        - medication: atogepant
          dose: 60 mg
          daily: true
          start: 0026-01-01

      """.utf8
    ).write(to: URL(fileURLWithPath: regimens))
    let imported = try tandem(sandbox, ["meds", "import", regimens])
    #expect(imported.status != 0)
    #expect(imported.errors.contains("regimens.yaml:5:"), "\(imported.errors)")
    #expect(imported.errors.contains("'100000000000000000000000 mg' is out of range"), "\(imported.errors)")
    #expect(imported.errors.contains("regimens.yaml:9:"), "\(imported.errors)")
    #expect(
      imported.errors.contains("date '0026-01-01' is out of range; use a year from 1900 to 2200"), "\(imported.errors)")
    #expect(try journal(sandbox) == before)

    let catalogue = sandbox.root + "/local.yaml"
    try Data(
      """
      medications:
        - id: hugeprofen
          generic: hugeprofen
          class: nsaid
          use: acute
          routes: [oral]
          strengths: [100000000000000000000000 mg]

      """.utf8
    ).write(to: URL(fileURLWithPath: catalogue))
    let listed = try tandem(sandbox, ["meds", "list", "--catalogue", catalogue])
    #expect(listed.status != 0)
    #expect(listed.errors.contains("local.yaml:7:"), "\(listed.errors)")
    #expect(listed.errors.contains("is out of range; use at least 0.001 and at most 100000 mg"), "\(listed.errors)")
  }

  @Test("1,440 times a day is refused")
  func manyTimesADay() throws {
    let sandbox = try Sandbox()
    let times = (0..<1440).flatMap { ["--at", String(format: "%02d:%02d", $0 / 60, $0 % 60)] }
    let result = try tandem(sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily"] + times)
    #expect(result.status != 0)
    #expect(result.errors.contains("1440 times of day is too many; a regimen has at most 24"), "\(result.errors)")
  }

  @Test(
    "report --last Int.max weeks, --to in year 9999 and adherence windows of Int.max are refused, not trapped",
    arguments: [
      (
        ["report", "--last", "9223372036854775807w"],
        "--last '9223372036854775807w' is out of range; use 1 to 3660 days"
      ),
      (["report", "--to", "9999-12-31"], "date '9999-12-31' is out of range; use a year from 1900 to 2200"),
      (
        ["timeline", "--format", "calendar", "--from", "9999-12-01", "--to", "9999-12-31"],
        "date '9999-12-31' is out of range"
      ),
      (
        ["adherence", "--followup-days", "9223372036854775807"],
        "--followup-days '9223372036854775807' is out of range; use 1 to 36525 days"
      ),
      (["adherence", "--observation-days", "9223372036854775807"], "use 1 to 36525 days"),
      (["adherence", "--followup-start", "9223372036854775807"], "use 0 to 36525 days"),
      (["adherence", "--observation-start", "9223372036854775807"], "use 0 to 36525 days"),
    ])
  func periods(_ arguments: [String], _ message: String) throws {
    let sandbox = try seeded()
    let result = try tandem(sandbox, arguments, timeout: 20)
    #expect(result.status != 0, "\(arguments) was accepted")
    #expect(result.errors.contains(message), "\(arguments): \(result.errors)")
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
  }

  @Test("adherence windows of Int.max from a fills file are refused before any arithmetic")
  func fillsWindows() throws {
    let sandbox = try Sandbox()
    let fills = sandbox.root + "/fills.csv"
    try Data("PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION\n1,2026-01-01,1,A,30\n".utf8).write(
      to: URL(fileURLWithPath: fills))
    for option in ["--followup-days", "--observation-days", "--followup-start", "--observation-start"] {
      let result = try tandem(sandbox, ["adherence", "--fills", fills, option, "9223372036854775807"])
      #expect(result.status != 0, "\(option)")
      #expect(result.errors.contains("out of range"), "\(option): \(result.errors)")
      #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    }
  }

  /// Every journal row, as `sqlite3` prints them. (The file's bytes are no measure: opening the store
  /// updates SQLite's change counters in its header.)
  func journal(_ sandbox: Sandbox) throws -> String {
    let result = try Subprocess.run(
      "/usr/bin/env", ["sqlite3", sandbox.store, "SELECT * FROM journal ORDER BY sequence"],
      environment: sandbox.environment(),
      scratch: sandbox.root)
    guard result.status == 0 else { throw SandboxError("sqlite3 (needed to read the journal): \(result.errors)") }
    return result.output
  }

  /// A store written by Tandem before journal format 1 (v2 schema, Swift's own payload encoding)
  /// with raw journal rows appended, as an older version without these checks could have written
  /// them; the next command migrates it.
  func appendOldRows(_ sandbox: Sandbox, _ rows: [(kind: String, payload: String)]) throws {
    let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("TandemStoreTests/Fixtures/store-before-event-ids.sqlite")
    try? FileManager.default.removeItem(atPath: sandbox.store)
    try FileManager.default.createDirectory(
      atPath: (sandbox.store as NSString).deletingLastPathComponent, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o700])
    try FileManager.default.copyItem(atPath: fixture.path, toPath: sandbox.store)
    try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: sandbox.store)
    let sql = rows.map {
      "INSERT INTO journal(stream_type, stream, kind, payload, recorded_at) VALUES ('diary', 'patient', '\($0.kind)', '\($0.payload)', '2026-12-01T12:00:00.000Z');"
    }.joined(separator: "\n")
    let result = try Subprocess.run(
      "/usr/bin/env", ["sqlite3", sandbox.store], environment: sandbox.environment(), input: sql, scratch: sandbox.root)
    guard result.status == 0 else { throw SandboxError("sqlite3 (needed to write an old store): \(result.errors)") }
  }

  @Test(
    "absurd values an older version stored (1e23 mg, Int.max aura, year 9999, an instant 10^12 years ago) still display"
  )
  func oldAbsurdValuesDisplay() throws {
    let sandbox = try Sandbox()
    try appendOldRows(
      sandbox,
      [
        (
          "regimen-prescribed",
          #"{"regimenPrescribed":{"_0":{"dose":{"unit":"mg","value":1e23},"id":"r-huge","late-window-hours":1e300,"medication":"naproxen","schedule":{"kind":"as-needed","max-per-24h":{"unit":"mg","value":1e23},"min-hours-between-doses":1e23},"start":"2026-11-01","time-zone":"Etc/UTC"}}}"#
        ),
        (
          "regimen-prescribed",
          #"{"regimenPrescribed":{"_0":{"dose":{"unit":"mg","value":60},"id":"r-9999","late-window-hours":2,"medication":"topiramate","schedule":{"kind":"daily","times":["08:00"]},"start":"9999-12-01","time-zone":"Etc/UTC"}}}"#
        ),
        (
          "dose-taken",
          #"{"doseTaken":{"_0":{"amount":{"unit":"mg","value":1e23},"instant":817808000,"medicationID":"naproxen","regimenID":"r-huge"}}}"#
        ),
        (
          "attack-logged",
          #"{"attackLogged":{"_0":{"acute":[],"aura":true,"auraMinutes":9223372036854775807,"id":"a-huge","nauseaOrVomiting":false,"painFeatures":{},"phonophobia":false,"photophobia":false,"severity":5,"start":-36000000000000000000,"end":817000000}}}"#
        ),
      ])
    let commands: [[String]] = [
      ["meds", "list"], ["meds", "list", "--format", "json"], ["due"], ["due", "--format", "json"], ["dose", "list"],
      ["attack", "list"], ["timeline"], ["timeline", "--format", "calendar"], ["timeline", "--format", "json"],
      ["adherence"], ["report"], ["report", "--format", "markdown"], ["report", "--format", "html"],
      ["report", "--format", "json"], ["report", "--format", "csv"], ["report", "--format", "fhir"],
    ]
    for command in commands {
      let result = try tandem(sandbox, command, timeout: 60)
      #expect(result.status == 0, "\(command): \(result.errors)")
      #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(command): \(result.errors)")
    }
    let list = try tandem(sandbox, ["meds", "list"])
    #expect(list.output.contains("naproxen 1e+23 mg as needed, at most 1e+23 mg in 24 h"), "\(list.output)")
    #expect(list.output.contains("from 9999-12-01"))
  }

  @Test("Int.min typed at the home screen is not on the list")
  func homeScreenNumber() throws {
    let sandbox = try Sandbox()
    let result = try tandem(sandbox, [], input: "-9223372036854775808\nq\n")
    #expect(result.output.contains("'-9223372036854775808' is not on the list"), "\(result.output)")
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
  }

  @Test("Int.min typed at a choice step of a session asks again")
  func sessionChoiceNumber() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let result = try sandbox.run(
      ["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n-9223372036854775808\n2\n")
    #expect(!crashMarkers.contains { result.errors.contains($0) }, "\(result.errors)")
    #expect(result.output.contains("'-9223372036854775808' is not one of the options"), "\(result.output)")
  }

  @Test("an unknown TZ is reported with the reason, not silently read as UTC")
  func unknownTimeZone() throws {
    let sandbox = try seeded()
    let result = try sandbox.run(
      ["due", "--store", sandbox.store], environment: ["TANDEM_NOW": "2026-12-01T12:00:00Z", "TZ": "Nowhere/Bogus"])
    #expect(result.status == 0)
    #expect(
      result.errors.contains("warning: TZ 'Nowhere/Bogus' is not a time zone Tandem knows; using UTC"),
      "\(result.errors)")
  }
}
