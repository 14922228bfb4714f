import Foundation
import TandemBase
import Testing

@testable import TandemContent
@testable import TandemTherapy

/// Loads `marked` as a `suggestions.yaml` next to the shipped modules and content, as `tandem
/// validate` loads a file it is given, and returns the diagnostics about that file as
/// `«mark»: severity: message` (or `line:col` where no mark is), notes included, with the ids of
/// the rules that loaded from it.
func diagnoseRules(_ marked: String) -> (diagnostics: [String], rules: [String]) {
  let scratch = Scratch()
  let source = MarkedText(marked)
  let path = scratch.write("suggestions.yaml", source.text)
  let repository = ShippedContent.repository
  let content = ContentLoader.load(paths: [repository + "/Modules", path], snippetPaths: [repository + "/Content"])
  func place(_ location: TandemBase.SourceLocation) -> String {
    let mark = source.marks.first { $0.value.line == location.line && $0.value.column == location.column }?.key
    return mark.map { "«\($0)»" } ?? "\(location.line):\(location.column)"
  }
  let lines = content.diagnostics.filter { $0.location?.file == path }.map { diagnostic -> String in
    let notes = diagnostic.notes.map { note in
      " | " + (note.location.map { place($0) + ": " } ?? "") + "note: \(note.message)"
    }
    return place(diagnostic.location!) + ": \(diagnostic.severity.rawValue): \(diagnostic.message)" + notes.joined()
  }
  // The shipped rules load too (silently, beside the modules); these are the ones after them.
  let shipped = Set(shippedRules().rules.map(\.id))
  return (lines, content.suggestionRules.map(\.id).filter { !shipped.contains($0) })
}

/// The shipped modules, measures and `Content/suggestions.yaml`, loaded as `tandem validate` does.
func shippedRules() -> (rules: [SuggestionRule], content: LoadedContent) {
  let repository = ShippedContent.repository
  let content = ContentLoader.load(
    paths: [repository + "/Modules", repository + "/Content/suggestions.yaml"],
    snippetPaths: [repository + "/Content"])
  return (content.suggestionRules, content)
}

@Suite("Suggestion rules: loading and checks")
struct SuggestionRulesTests {
  @Test("the shipped rules load with no diagnostics; each proposes a shipped module or the crisis options")
  func shipped() throws {
    let (rules, content) = shippedRules()
    #expect(content.diagnostics.map { "\($0.location.map { "\($0.file):\($0.line)" } ?? ""): \($0.message)" } == [])
    #expect(
      rules.map(\.id) == [
        "crisis-first", "overuse-specific-near", "overuse-simple-near", "overuse-any-near", "preventive-pdc-low",
        "worry-high", "mood-low", "relaxation-for-frequent-migraine",
      ])
    let modules = Set(content.modules.map(\.module.id))
    let measures = Set(content.measures.map(\.measure.id))
    for rule in rules {
      #expect(rule.suggest == SuggestionRule.crisis || modules.contains(rule.suggest), "\(rule.id): \(rule.suggest)")
      for name in rule.factsRead {
        #expect(SuggestionRule.isFact(name, measures: measures), "\(rule.id) reads '\(name)'")
      }
      #expect(!rule.reason.isEmpty && !rule.reason.hasSuffix("\n"), "\(rule.id): the reason is trimmed")
    }
    #expect(rules.first?.suggest == SuggestionRule.crisis, "the crisis rule comes first")
    #expect(Set(rules.map(\.id)).count == rules.count)
    let overuse = try #require(rules.first { $0.id == "overuse-specific-near" })
    #expect(overuse.suggest == "medication-overuse")
    #expect(overuse.fires(on: ["triptan-days": 8]) && !overuse.fires(on: ["triptan-days": 7]))
    #expect(
      overuse.reasonText(facts: ["triptan-days": 9])
        == "Triptans, ergots, opioids or combination painkillers on 9 of the last 28 days; the overuse line for "
        + "these is 10 days a month.")
  }

  @Test("the shipped rules are also loaded when found only beside the modules, as 'tandem' loads them")
  func besideTheModules() {
    let repository = ShippedContent.repository
    let content = ContentLoader.load(paths: [repository + "/Modules"], snippetPaths: [repository + "/Content"])
    #expect(content.suggestionRules == shippedRules().rules)
    #expect(content.suggestionRules.count == 8)
  }

  @Test("a valid file loads with no diagnostics, its rules in file order")
  func valid() {
    let result = diagnoseRules(
      """
      rules:
        - id: test-acute
          when: acute-days >= 4 and not (phq-9 >= 20)
          suggest: medication-overuse
          reason: Acute medicine on {acute-days} days; mood {phq-9}.
        - id: test-crisis
          when: "answered(distress) and distress >= 9"
          suggest: crisis
          reason: >
            Distress {distress}.
      """)
    #expect(result.diagnostics == [])
    #expect(result.rules == ["test-acute", "test-crisis"])
  }

  @Test("an unknown fact in 'when' is an error at its column inside the condition, with the closest fact")
  func unknownFact() {
    let result = diagnoseRules(
      """
      rules:
        - id: quoted
          when: "acute-days >= 4 and «triptan»tripan-days >= 8"
          suggest: medication-overuse
          reason: Too many.
        - id: plain
          when: «pdc»preventive-pcd < 80 or «nosuch»frobnication > 1
          suggest: taking-medicine
          reason: Low.
        - id: measure
          when: «gad»gad7 >= 10
          suggest: worry-time
          reason: Worry.
        - id: fine
          when: gad-7 >= 10
          suggest: worry-time
          reason: Worry.
      """)
    #expect(
      result.diagnostics == [
        "«triptan»: error: unknown fact 'tripan-days'; did you mean 'triptan-days'?; docs/programs.md lists the facts",
        "«pdc»: error: unknown fact 'preventive-pcd'; did you mean 'preventive-pdc'?; docs/programs.md lists the facts",
        "«nosuch»: error: unknown fact 'frobnication'; docs/programs.md lists the facts",
        "«gad»: error: unknown fact 'gad7'; did you mean 'gad-7'?; docs/programs.md lists the facts",
      ])
    #expect(result.rules == ["fine"], "a rule with an error is left out")
  }

  @Test("a rule suggesting a module that is not loaded is an error at the module, with the closest module")
  func missingModule() {
    let result = diagnoseRules(
      """
      rules:
        - id: typo
          when: acute-days >= 10
          suggest: «typo»medication-overuses
          reason: Too many.
        - id: nothing-like-it
          when: acute-days >= 10
          suggest: «none»qqqqqqqqqq
          reason: Too many.
        - id: crisis-is-fine
          when: distress >= 8
          suggest: crisis
          reason: High.
      """)
    #expect(
      result.diagnostics == [
        "«typo»: error: rule suggests 'medication-overuses', which is not a loaded module (or 'crisis'); "
          + "did you mean 'medication-overuse'?",
        "«none»: error: rule suggests 'qqqqqqqqqq', which is not a loaded module (or 'crisis')",
      ])
    #expect(result.rules == ["crisis-is-fine"])
  }

  @Test("a {placeholder} in the reason that is not a fact is an error at the reason")
  func badPlaceholder() {
    let result = diagnoseRules(
      """
      rules:
        - id: typo
          when: acute-days >= 10
          suggest: medication-overuse
          reason: «typo»Acute medicine on {acute-day} of the last 28 days.
        - id: folded
          when: acute-days >= 10
          suggest: medication-overuse
          reason: «folded»>
            Acute medicine on {acute-days} days, {nonsense} more.
      """)
    #expect(
      result.diagnostics == [
        "«typo»: error: the reason names '{acute-day}', which is not a fact; did you mean 'acute-days'?",
        "«folded»: error: the reason names '{nonsense}', which is not a fact",
      ])
    #expect(result.rules == [])
  }

  @Test("a syntax error in 'when' is an error at its column inside the condition")
  func syntax() {
    let result = diagnoseRules(
      """
      rules:
        - id: dangling
          when: "acute-days >= 10 and«end»"
          suggest: medication-overuse
          reason: Too many.
        - id: no-operator
          when: acute-days «op»10
          suggest: medication-overuse
          reason: Too many.
      """)
    #expect(result.diagnostics.count == 2, "\(result.diagnostics)")
    #expect(result.diagnostics.first?.hasPrefix("«end»: error: in 'when:': ") == true, "\(result.diagnostics)")
    #expect(result.diagnostics.last?.hasPrefix("«op»: error: in 'when:': ") == true, "\(result.diagnostics)")
    #expect(result.rules == [])
  }

  @Test("a fact compared with a word or quoted text (facts are whole numbers) is an error: the rule could never fire")
  func nonNumberLiteral() {
    for when in ["triptan-days >= many", #"acute-days == \"ten\""#] {
      let result = diagnoseRules(
        """
        rules:
          - id: wordy
            when: "\(when)"
            suggest: medication-overuse
            reason: Words.
        """)
      #expect(result.diagnostics.count == 1, "\(when): \(result.diagnostics)")
      #expect(result.diagnostics.first?.hasPrefix("3:") == true, "\(when): \(result.diagnostics)")
      #expect(result.rules.isEmpty, "\(when)")
    }
  }

  @Test("a duplicate rule id is an error at the second id, with a note at the first; the first still loads")
  func duplicate() {
    let result = diagnoseRules(
      """
      rules:
        - id: «first»same
          when: acute-days >= 10
          suggest: medication-overuse
          reason: First.
        - id: «second»same
          when: triptan-days >= 8
          suggest: medication-overuse
          reason: Second.
      """)
    #expect(
      result.diagnostics == [
        "«second»: error: duplicate rule id 'same' | «first»: note: first defined here"
      ])
    #expect(result.rules == ["same"])
  }

  @Test("an unknown key in a rule or at the top of the file is an error at the key, with the closest field")
  func unknownKey() {
    let result = diagnoseRules(
      """
      rules:
        - «rule»id: extra
          when: acute-days >= 10
          suggest: medication-overuse
          «reasons»reasons: Too many.
        - id: fine
          when: acute-days >= 10
          suggest: medication-overuse
          reason: Too many.
      «priority»priority: 1
      """)
    #expect(
      result.diagnostics == [
        "«rule»: error: missing field 'reason' in a rule",
        "«reasons»: error: unknown field 'reasons' in a rule; did you mean 'reason'?",
        "«priority»: error: unknown field 'priority' in suggestion rules",
      ])
    #expect(result.rules == ["fine"])
  }

  @Test("a missing 'rules' list, or a rule missing a required field, is an error")
  func required() {
    #expect(!diagnoseRules("rule: []\n").diagnostics.isEmpty)
    let result = diagnoseRules(
      """
      rules:
        - id: no-reason
          when: acute-days >= 10
          suggest: medication-overuse
      """)
    #expect(result.diagnostics.count == 1, "\(result.diagnostics)")
    #expect(result.diagnostics.first?.contains("reason") == true, "\(result.diagnostics)")
    #expect(result.rules == [])
  }

  @Test("a rules file with errors found only beside the modules is left out without a word")
  func invalidBeside() {
    let scratch = Scratch()
    scratch.write(
      "suggestions.yaml",
      """
      rules:
        - id: broken
          when: tripan-days >= 8
          suggest: medication-overuse
          reason: Too many.
      """)
    let repository = ShippedContent.repository
    let content = ContentLoader.load(paths: [repository + "/Modules"], snippetPaths: [scratch.path])
    let mine = content.diagnostics.filter { $0.location?.file.hasPrefix(scratch.path) == true }
    #expect(mine.isEmpty)
    #expect(content.suggestionRules.isEmpty)
  }
}
