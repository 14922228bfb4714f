import Foundation
import TandemBase
import Testing

@testable import TandemAuthoring

/// `DiagnosticJSON`, `ValidationJSON` and `SARIFLog`: findings as data for scripts and code review.
@Suite("authoring: findings as JSON and SARIF")
struct FindingsOutputTests {
  static let file = "drafts/café module.yaml"

  static let findings: [Diagnostic] = [
    Diagnostic(
      .error, Diagnostic.Message(#"unknown step 'naïve "x" \ y' in 'next:'"#, category: "unknown-step"),
      at: SourceLocation(file: file, line: 12, column: 11),
      notes: [
        Diagnostic.Note("first defined here", at: SourceLocation(file: file, line: 3, column: 7)),
        Diagnostic.Note("a note about no place", at: nil),
      ],
      sourceLine: #"    next: naïve "x" \ y"#),
    .warning(
      Diagnostic.Message("scale 'a' has no labelled anchors", category: "scale-anchors"),
      at: SourceLocation(file: "/abs/path/m.yaml", line: 5, column: 3)),
    Diagnostic(
      .note, Diagnostic.Message("1 session is in progress on v1 of 'm'", category: "session-migration"),
      at: SourceLocation(file: "./m.yaml", line: 1, column: 1)),
    .error(Diagnostic.Message("no such file or folder 'x'", category: "no-such-file"), at: nil),
  ]

  static func object(_ value: some Encodable) throws -> [String: Any] {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(value)
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  @Test("a finding as JSON: every key present, null where there is no place, notes in order")
  func diagnosticJSON() throws {
    let first = try Self.object(DiagnosticJSON(Self.findings[0]))
    #expect(
      Set(first.keys) == [
        "severity", "counts_as_error", "category", "message", "file", "line", "column", "source_line", "notes", "fix",
      ])
    #expect(first["message"] as? String == #"unknown step 'naïve "x" \ y' in 'next:'"#)
    #expect(first["file"] as? String == Self.file)
    #expect(first["line"] as? Int == 12 && first["column"] as? Int == 11)
    #expect(first["category"] as? String == "unknown-step")
    let notes = try #require(first["notes"] as? [[String: Any]])
    #expect(notes.map { $0["message"] as? String } == ["first defined here", "a note about no place"])
    #expect(notes[1]["file"] is NSNull)
    let placeless = try Self.object(DiagnosticJSON(Self.findings[3]))
    #expect(placeless["file"] is NSNull && placeless["line"] is NSNull && placeless["source_line"] is NSNull)
  }

  @Test("strict: a warning counts as an error in the counts and on the finding")
  func strictCounts() {
    let lenient = ValidationJSON(diagnostics: Self.findings, strict: false, modulesReady: 1, files: 3)
    #expect(lenient.errors == 2 && lenient.warnings == 1 && lenient.notes == 1 && !lenient.passed)
    #expect(lenient.findings.map(\.countsAsError) == [true, false, false, true])
    let strict = ValidationJSON(diagnostics: Self.findings, strict: true, modulesReady: 1, files: 3)
    #expect(strict.errors == 3 && strict.warnings == 0 && strict.strict)
    #expect(strict.findings.map(\.countsAsError) == [true, true, false, true])
    let clean = ValidationJSON(diagnostics: [Self.findings[2]], strict: true, modulesReady: 1, files: 1)
    #expect(clean.passed && clean.errors == 0)
  }

  @Test("SARIF: one rule per category, each result pointing at its rule, level, place and notes")
  func sarifShape() throws {
    let log = SARIFLog(diagnostics: Self.findings, toolVersion: "9.9.9", informationURI: "https://example.org/t")
    let json = try Self.object(log)
    #expect(json["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
    #expect(json["version"] as? String == "2.1.0")
    let run = try #require(log.runs.first)
    #expect(log.runs.count == 1 && run.columnKind == "unicodeCodePoints")
    #expect(run.tool.driver.version == "9.9.9" && run.tool.driver.name == "tandem")
    #expect(
      run.tool.driver.rules.map(\.id) == ["no-such-file", "scale-anchors", "session-migration", "unknown-step"])
    #expect(run.tool.driver.rules[1].shortDescription.text == "Scale anchors")
    #expect(run.results.map(\.ruleId) == ["unknown-step", "scale-anchors", "session-migration", "no-such-file"])
    #expect(run.results.map(\.ruleIndex) == [3, 1, 2, 0])
    #expect(run.results.map(\.level) == ["error", "warning", "note", "error"])
    let first = run.results[0]
    let place = try #require(first.locations.first?.physicalLocation)
    #expect(place.artifactLocation.uri == "drafts/caf%C3%A9%20module.yaml")
    #expect(place.artifactLocation.uriBaseId == "%SRCROOT%")
    #expect(place.region.startLine == 12 && place.region.startColumn == 11)
    #expect(first.relatedLocations.map(\.id) == [1, 2])
    #expect(first.relatedLocations.map(\.message?.text) == ["first defined here", "a note about no place"])
    #expect(first.relatedLocations[0].physicalLocation?.region.startLine == 3)
    #expect(first.relatedLocations[1].physicalLocation == nil)
    #expect(run.results[1].locations.first?.physicalLocation?.artifactLocation.uri == "file:///abs/path/m.yaml")
    #expect(run.results[1].locations.first?.physicalLocation?.artifactLocation.uriBaseId == nil)
    #expect(run.results[2].locations.first?.physicalLocation?.artifactLocation.uri == "m.yaml")
    // A finding about no file has no locations key at all.
    let results = try #require((json["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
    #expect(results[3]["locations"] == nil && results[3]["relatedLocations"] == nil)
  }

  @Test("SARIF under --strict reports warnings at level error")
  func sarifStrict() throws {
    let log = SARIFLog(diagnostics: Self.findings, strict: true, toolVersion: "1")
    #expect(log.runs.first?.results.map(\.level) == ["error", "error", "note", "error"])
    #expect(try Self.object(log.runs[0].tool.driver)["informationUri"] == nil)
  }

  @Test("text that reads as a SARIF embedded link is escaped; other brackets are left alone")
  func embeddedLinks() {
    #expect(SARIFLog.Message("option [a](1) is unknown").text == #"option \[a\](1) is unknown"#)
    #expect(SARIFLog.Message("list [a, b] and a\\b").text == "list [a, b] and a\\b")
  }

  @Test("paths become URI references: reserved and non-ASCII bytes percent-encoded, ./ dropped, colons encoded")
  func artifactURIs() {
    #expect(SARIFLog.artifact("./Modules/x.yaml").uri == "Modules/x.yaml")
    #expect(SARIFLog.artifact("a:b/#c?d%e.yaml").uri == "a%3Ab/%23c%3Fd%25e.yaml")
    #expect(SARIFLog.artifact("/tmp/ü.yaml").uri == "file:///tmp/%C3%BC.yaml")
  }

  @Test("a fix-it: found on the line at or after the column (in code points), or left without a place")
  func fixItPlace() throws {
    let place = SourceLocation(file: "m.yaml", line: 4, column: 9)
    var found = Diagnostic(
      .error,
      Diagnostic.Message(
        "unknown step 'frist'", category: "unknown-step", fixIt: Diagnostic.FixIt(replacing: "frist", with: "first")),
      at: place, sourceLine: "  ñ next: frist # frist")
    #expect(found.fixItColumns?.start == 11 && found.fixItColumns?.end == 16)
    let json = try #require(DiagnosticJSON(found).fix)
    #expect(json.line == 4 && json.column == 11 && json.endColumn == 16 && json.replacement == "first")
    let sarif = try #require(SARIFLog.fix(found))
    let region = try #require(sarif.artifactChanges.first?.replacements.first?.deletedRegion)
    #expect(region.startLine == 4 && region.startColumn == 11 && region.endColumn == 16)
    #expect(sarif.artifactChanges.first?.replacements.first?.insertedContent.text == "first")

    found.sourceLine = "  next: other"
    #expect(found.fixItColumns == nil)
    #expect(SARIFLog.fix(found) == nil)
    let unplaced = try #require(DiagnosticJSON(found).fix)
    #expect(unplaced.line == nil && unplaced.column == nil && unplaced.original == "frist")
    let log = SARIFLog(diagnostics: [found], toolVersion: "1")
    #expect(log.runs[0].results[0].fixes.isEmpty)
  }
}
