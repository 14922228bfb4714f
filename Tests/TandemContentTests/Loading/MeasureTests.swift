import Foundation
import Testing
import Yams

@testable import TandemContent
@testable import TandemTherapy

/// The shipped measures and the repository's Content folder.
enum ShippedContent {
  static let repository: String = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
      url.deleteLastPathComponent()
    }
    return url.path
  }()

  static let measures: [String: Measure] = {
    let content = ContentLoader.load(paths: [repository + "/Content/measures"])
    return Dictionary(uniqueKeysWithValues: content.measures.map { ($0.measure.id, $0.measure) })
  }()
}

/// Loads `text` as `measures/<name>` (with the fixture snippets) and returns each diagnostic as
/// `«mark»: severity: message` (or `line:col`), as `diagnose` does for modules.
func diagnoseMeasure(_ marked: String, name: String = "test-measure.yaml") -> [String] {
  let scratch = Scratch()
  let source = MarkedText(marked)
  let path = scratch.write("measures/" + name, source.text)
  let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
  return content.diagnostics.map { diagnostic in
    guard let location = diagnostic.location else { return "\(diagnostic.severity.rawValue): \(diagnostic.message)" }
    let mark = source.marks.first { $0.value.line == location.line && $0.value.column == location.column }?.key
    return (mark.map { "«\($0)»" } ?? "\(location.line):\(location.column)")
      + ": \(diagnostic.severity.rawValue): \(diagnostic.message)"
  }
}

/// A small valid measure: two items of 0–3, total 0–6.
func measureText(bands: String, extra: String = "") -> String {
  """
  id: test-measure
  version: 1
  title: Test
  instructions: How often?
  options:
    - {id: never, label: Never, score: 0}
    - {id: often, label: Often, score: 3}
  items:
    - {id: one, text: First}
    - {id: two, text: Second}
  \(extra)
  bands:
  \(bands)
  """
}

@Suite("measures: loading and checks")
struct MeasureLoadingTests {
  @Test("the shipped PHQ-9, GAD-7, PHQ-4 and PedMIDAS load with the ranges and bands the brief gives")
  func shipped() throws {
    let measures = ShippedContent.measures
    #expect(Set(measures.keys) == ["phq-9", "gad-7", "phq-4", "pedmidas"])
    let phq9 = try #require(measures["phq-9"])
    #expect(phq9.items.count == 9 && phq9.totalRange == 0...27)
    #expect(phq9.bands.map(\.label) == ["minimal", "mild", "moderate", "moderately severe", "severe"])
    #expect(phq9.crisis?.item == "self-harm" && phq9.crisis?.above == 0)
    #expect(phq9.missing == .prorate(upTo: 1))
    let gad7 = try #require(measures["gad-7"])
    #expect(gad7.totalRange == 0...21 && gad7.bands.map(\.min) == [0, 5, 10, 15])
    let phq4 = try #require(measures["phq-4"])
    #expect(phq4.totalRange == 0...12 && phq4.subscales.map(\.positiveAt) == [3, 3])
    #expect(phq4.missing == .none)
    let pedmidas = try #require(measures["pedmidas"])
    #expect(pedmidas.items.count == 6 && pedmidas.bands.map(\.min) == [0, 11, 31, 51])
  }

  @Test("bands that leave a gap, overlap, or stop short of the highest total are errors at the band")
  func bandCoverage() {
    #expect(
      diagnoseMeasure(
        measureText(
          bands: """
              - {min: 0, max: 2, label: low}
              - {min: «gap»4, max: 6, label: high}
            """))
        == ["«gap»: error: bands leave totals 3 without a band (totals run from 0 to 6)"])
    #expect(
      diagnoseMeasure(
        measureText(
          bands: """
              - {min: 0, max: 3, label: low}
              - {min: «overlap»3, max: 6, label: high}
            """))
        == ["«overlap»: error: band 'high' overlaps 'low' at 3; bands must not share a total"])
    #expect(
      diagnoseMeasure(
        measureText(
          bands: """
              - {min: 0, max: 2, label: low}
              - {min: «short»3, max: 5, label: high}
            """))
        == ["«short»: error: bands leave totals 6 without a band (totals run from 0 to 6)"])
    #expect(
      diagnoseMeasure(
        measureText(
          bands: """
              - {min: «low»1, max: 6, label: all}
            """))
        == ["«low»: error: bands leave totals 0 without a band (totals run from 0 to 6)"])
  }

  @Test("an item nothing scores, a subscale naming no item and a crisis rule that cannot fire are errors")
  func unscorable() {
    #expect(
      diagnoseMeasure(
        """
        id: test-measure
        version: 1
        title: Test
        instructions: How many?
        items:
          - {id: «id»days, text: Days?}
        bands:
          - {min: 0, max: 0, label: none}
        """)
        == [
          "«id»: error: item 'days' has no way to be scored: give the measure 'options', or the item a 'count' (min, max, unit)"
        ])
    #expect(
      diagnoseMeasure(
        measureText(
          bands: "  - {min: 0, max: 6, label: all}",
          extra: """
            subscales:
              - {id: first, title: First, items: [one, «bad»tow]}
            """))
        == ["«bad»: error: subscale 'first' names 'tow', which is not an item; did you mean 'two'?"])
    #expect(
      diagnoseMeasure(
        measureText(
          bands: "  - {min: 0, max: 6, label: all}",
          extra: """
            crisis: {item: two, above: «above»3, message: Please read this.}
            """))
        == ["«above»: error: crisis 'above: 3' can never fire or always fires: item 'two' scores 0 to 3"])
  }

  @Test("a measure whose id is not its file name is an error: questionnaires name measures by file")
  func idIsFileName() {
    #expect(
      diagnoseMeasure(measureText(bands: "  - {min: 0, max: 6, label: all}"), name: "other.yaml")
        == [
          "1:5: error: measure id 'test-measure' differs from its file name 'other'; a questionnaire step names the measure by its file"
        ])
  }

  @Test("a questionnaire naming an unknown measure is an error at 'measure:' with the closest name")
  func unknownMeasure() {
    let scratch = Scratch()
    scratch.write(
      "measures/phq-9.yaml",
      try! String(contentsOfFile: ShippedContent.repository + "/Content/measures/phq-9.yaml", encoding: .utf8))
    let path = scratch.write(
      "m.yaml",
      module(
        """
          - id: mood
            kind: questionnaire
            measure: phq9
        """))
    let content = ContentLoader.load(paths: [path, scratch.path + "/measures"], snippetPaths: [fixtureSnippets])
    #expect(
      content.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0): \($0.message)" }
        == ["10:14: measure 'phq9' does not resolve to a measure in Content/measures; did you mean 'phq-9'?"])
  }

  @Test("a questionnaire becomes one step per item and a crisis page after the crisis item, keeping 'next:'")
  func expansion() throws {
    let scratch = Scratch()
    scratch.write(
      "measures/phq-9.yaml",
      try String(contentsOfFile: ShippedContent.repository + "/Content/measures/phq-9.yaml", encoding: .utf8))
    let path = scratch.write(
      "m.yaml",
      module(
        """
          - id: mood
            kind: questionnaire
            measure: phq-9
            next: bye
          - id: skipped-over
            kind: text
            body: Never shown.
          - id: bye
            kind: text
            body: Bye.
        """))
    let content = ContentLoader.load(paths: [path, scratch.path + "/measures"], snippetPaths: [fixtureSnippets])
    #expect(content.diagnostics.filter { $0.severity == .error }.isEmpty)
    let module = try #require(content.module("m")?.module)
    let ids = module.steps.map(\.id)
    #expect(
      ids.prefix(10) == [
        "mood-interest", "mood-down", "mood-sleep", "mood-tired", "mood-appetite", "mood-failure", "mood-concentrating",
        "mood-moving", "mood-self-harm", "mood-crisis",
      ])
    let last = try #require(module.step("mood-self-harm"))
    #expect(last.next == "bye" && !last.optional && last.measureItem?.last == true)
    guard case .choice(_, _, let options) = last.kind else { Issue.record("not a choice"); return }
    #expect(options.map(\.next) == [nil, "mood-crisis", "mood-crisis", "mood-crisis"])
    #expect(module.step("mood-crisis")?.next == "bye")
    #expect(module.step("mood-interest")?.optional == true)
    #expect(module.measures?["mood"]?.id == "phq-9")
  }
}
