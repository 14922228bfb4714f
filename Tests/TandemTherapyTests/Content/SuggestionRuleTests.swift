import Testing

@testable import TandemTherapy

/// A rule from its parts, its condition parsed.
private func rule(_ id: String, _ when: String, suggest: String, reason: String = "Because.") throws -> SuggestionRule {
  SuggestionRule(id: id, when: try Condition.parse(when), suggest: suggest, reason: reason)
}

@Suite("Suggestion rules: firing and reasons")
struct SuggestionRuleTests {
  @Test("a rule fires when its condition holds on the facts, with and, or and not")
  func fires() throws {
    let overuse = try rule("o", "triptan-days >= 8", suggest: "medication-overuse")
    #expect(overuse.fires(on: ["triptan-days": 8]))
    #expect(overuse.fires(on: ["triptan-days": 12]))
    #expect(!overuse.fires(on: ["triptan-days": 7]))

    let both = try rule("b", "migraine-days >= 8 and days-since-session >= 14", suggest: "paced-breathing")
    #expect(both.fires(on: ["migraine-days": 8, "days-since-session": 14]))
    #expect(!both.fires(on: ["migraine-days": 8, "days-since-session": 13]))
    #expect(!both.fires(on: ["migraine-days": 7, "days-since-session": 30]))

    let either = try rule("c", "crisis-item >= 1 or distress >= 8", suggest: "crisis")
    #expect(either.fires(on: ["crisis-item": 1]))
    #expect(either.fires(on: ["crisis-item": 0, "distress": 9]))
    #expect(!either.fires(on: ["crisis-item": 0, "distress": 7]))

    let negated = try rule("n", "not (phq-9 < 10)", suggest: "committed-action")
    #expect(negated.fires(on: ["phq-9": 10]))
    #expect(!negated.fires(on: ["phq-9": 9]))
  }

  @Test("a comparison with an absent fact is false, whatever the operator; 'not' of it is true")
  func absentFact() throws {
    for when in ["preventive-pdc < 80", "preventive-pdc >= 0", "preventive-pdc == 0", "preventive-pdc != 50"] {
      #expect(!(try rule("r", when, suggest: "taking-medicine")).fires(on: [:]), "\(when)")
      #expect(!(try rule("r", when, suggest: "taking-medicine")).fires(on: ["acute-days": 3]), "\(when)")
    }
    // `not` turns the false comparison into true: a rule meant for "no data" must say so.
    #expect(try rule("r", "not (preventive-pdc >= 80)", suggest: "taking-medicine").fires(on: [:]))
    #expect(try rule("r", "not answered(preventive-pdc)", suggest: "taking-medicine").fires(on: [:]))
    #expect(!(try rule("r", "answered(preventive-pdc)", suggest: "taking-medicine")).fires(on: [:]))
    // In an `or`, the absent side is false and the other side decides.
    #expect(try rule("r", "crisis-item >= 1 or distress >= 8", suggest: "crisis").fires(on: ["distress": 8]))
    #expect(!(try rule("r", "crisis-item >= 1 or distress >= 8", suggest: "crisis")).fires(on: [:]))
  }

  @Test("the reason has each {fact} replaced by its value, '?' when absent, and other text kept")
  func reasonText() throws {
    let overuse = try rule(
      "o", "acute-days >= 10", suggest: "medication-overuse",
      reason: "Acute medicine on {acute-days} of the last 28 days ({triptan-days} with a triptan).")
    #expect(
      overuse.reasonText(facts: ["acute-days": 11, "triptan-days": 4])
        == "Acute medicine on 11 of the last 28 days (4 with a triptan).")
    #expect(
      overuse.reasonText(facts: ["acute-days": 11]) == "Acute medicine on 11 of the last 28 days (? with a triptan).")
    #expect(
      try rule("p", "phq-9 >= 10", suggest: "x", reason: "{phq-9}{phq-9}").reasonText(facts: ["phq-9": 12]) == "1212")
    #expect(
      try rule("q", "phq-9 >= 10", suggest: "x", reason: "No placeholders; a lone { brace").reasonText(facts: [:])
        == "No placeholders; a lone { brace")
  }

  @Test("the facts a rule reads are those of its condition, then its reason, each once")
  func factsRead() throws {
    let both = try rule(
      "b", "migraine-days >= 8 and days-since-session >= 14", suggest: "paced-breathing",
      reason: "{migraine-days} migraine days; {headache-days} headache days; {migraine-days} again")
    #expect(both.factsRead == ["migraine-days", "days-since-session", "headache-days"])
  }

  @Test("firing: rules in file order, crisis first of all, each module once with the first rule's reason and data")
  func fireOrder() throws {
    let rules = [
      try rule("near", "triptan-days >= 8", suggest: "medication-overuse", reason: "Triptans on {triptan-days} days."),
      try rule("any", "acute-days >= 10", suggest: "medication-overuse", reason: "Acute on {acute-days} days."),
      try rule("pdc", "preventive-pdc < 80", suggest: "taking-medicine", reason: "PDC {preventive-pdc}%."),
      try rule("crisis-first", "crisis-item >= 1 or distress >= 8", suggest: "crisis", reason: "Crisis first."),
      try rule("mood", "phq-9 >= 10", suggest: "committed-action", reason: "PHQ-9 {phq-9}."),
    ]
    let facts = [
      "triptan-days": 9, "acute-days": 12, "preventive-pdc": 40, "crisis-item": 1, "phq-9": 14, "migraine-days": 9,
    ]
    let fired = FiredSuggestion.fire(rules, facts: facts)
    #expect(
      fired == [
        FiredSuggestion(rule: "crisis-first", suggest: "crisis", reason: "Crisis first.", data: ["crisis-item": 1]),
        FiredSuggestion(
          rule: "near", suggest: "medication-overuse", reason: "Triptans on 9 days.", data: ["triptan-days": 9]),
        FiredSuggestion(rule: "pdc", suggest: "taking-medicine", reason: "PDC 40%.", data: ["preventive-pdc": 40]),
        FiredSuggestion(rule: "mood", suggest: "committed-action", reason: "PHQ-9 14.", data: ["phq-9": 14]),
      ])

    // When the first rule for a module does not fire, the next one gives the reason.
    let second = FiredSuggestion.fire(rules, facts: ["triptan-days": 3, "acute-days": 12])
    #expect(
      second == [
        FiredSuggestion(
          rule: "any", suggest: "medication-overuse", reason: "Acute on 12 days.", data: ["acute-days": 12])
      ])
  }

  @Test("a fired suggestion's data holds only the facts the rule read and has (absent ones left out)")
  func data() throws {
    let rules = [
      try rule(
        "crisis-first", "crisis-item >= 1 or distress >= 8", suggest: "crisis", reason: "Distress {distress}.")
    ]
    let fired = FiredSuggestion.fire(rules, facts: ["distress": 9, "acute-days": 2, "phq-9": 3])
    #expect(
      fired == [FiredSuggestion(rule: "crisis-first", suggest: "crisis", reason: "Distress 9.", data: ["distress": 9])])
  }

  @Test("no rule fires on no facts, and no rules fire nothing")
  func nothing() throws {
    let rules = [
      try rule("near", "triptan-days >= 8", suggest: "medication-overuse"),
      try rule("pdc", "preventive-pdc < 80", suggest: "taking-medicine"),
    ]
    #expect(FiredSuggestion.fire(rules, facts: [:]) == [])
    #expect(FiredSuggestion.fire([], facts: ["triptan-days": 20]) == [])
  }

  @Test("every documented fact has a meaning, and a measure's id is a fact too")
  func documentedFacts() {
    #expect(
      Set(SuggestionRule.facts.keys) == [
        "acute-days", "simple-analgesic-days", "triptan-days", "migraine-days", "headache-days", "preventive-pdc",
        "distress", "crisis-item", "days-since-session",
      ])
    #expect(SuggestionRule.facts.values.allSatisfy { !$0.isEmpty })
    #expect(SuggestionRule.isFact("acute-days", measures: []))
    #expect(SuggestionRule.isFact("gad-7", measures: ["gad-7", "phq-9"]))
    #expect(!SuggestionRule.isFact("gad-7", measures: []))
    #expect(!SuggestionRule.isFact("tripan-days", measures: ["phq-9"]))
  }
}
