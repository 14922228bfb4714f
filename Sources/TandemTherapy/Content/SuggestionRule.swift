/// A documented rule that proposes a module from the diary and questionnaires, with its reason:
/// `Content/suggestions.yaml`. Rules never act on their own; a suggestion says which rule fired
/// and on what data, and the clinician's report shows the same.
public struct SuggestionRule: Hashable, Sendable, Codable {
  /// The rule's id, shown with every suggestion it makes.
  public var id: String
  /// When it fires: a condition on the facts below (`acute-days >= 8 and preventive-pdc < 80`).
  public var when: Condition
  /// The module it proposes, or `crisis` for the crisis options before anything else.
  public var suggest: String
  /// Why, for the patient and the clinician; `{fact}` is replaced by the fact's value.
  public var reason: String

  public init(id: String, when: Condition, suggest: String, reason: String) {
    self.id = id
    self.when = when
    self.suggest = suggest
    self.reason = reason
  }

  /// What `suggest: crisis` means: the crisis options, first.
  public static let crisis = "crisis"

  /// The crisis rule Tandem always runs first, whatever `Content/suggestions.yaml` holds (or
  /// whether it loads): a crisis item answered above its threshold, or distress of 8 or more, in
  /// the last 14 days puts the crisis options first.
  public static let builtInCrisis = SuggestionRule(
    id: "crisis-first",
    when: .or(
      .compare(step: "crisis-item", op: .greaterOrEqual, value: .number(1), offset: 0),
      .compare(step: "distress", op: .greaterOrEqual, value: .number(8), offset: 0)),
    suggest: crisis,
    reason:
      "A recent answer about distress or thoughts of self-harm was high, so the crisis options come first. "
      + "Please also tell your clinician how you are.")

  /// The rules to run: the built-in crisis rule, then `rules`.
  public static func withBuiltIns(_ rules: [SuggestionRule]) -> [SuggestionRule] { [builtInCrisis] + rules }

  /// The facts a rule may test, each a whole number worked out from the record as of today; a
  /// fact with no data (no preventive, no questionnaire yet) is absent, and any comparison with
  /// it is false. Questionnaire totals are facts named by the measure's id (`phq-9`, `gad-7`…).
  public static let facts: [String: String] = [
    "acute-days": "days with any acute (rescue) medicine in the last 28 days",
    "simple-analgesic-days": "days with a simple painkiller (paracetamol, aspirin, an NSAID) in the last 28 days",
    "triptan-days": "days with a triptan, ergot, opioid or combination painkiller in the last 28 days",
    "migraine-days": "migraine days in the last 28 days",
    "headache-days": "headache days in the last 28 days",
    "preventive-pdc":
      "the lowest preventive PDC over the last 90 days, in whole percent (a preventive counts once 28 days are measured)",
    "distress": "the latest distress rating (a step named 'distress', 0-10) in the last 14 days",
    "crisis-item": "1 when the latest score of a questionnaire with a crisis item fired it in the last 14 days, else 0",
    "days-since-session": "days since the last completed session",
  ]

  /// A fact's name is known: one of `facts`, or a measure id from `measures`.
  public static func isFact(_ name: String, measures: Set<String>) -> Bool {
    facts[name] != nil || measures.contains(name)
  }

  /// The rule's reason with `{fact}` replaced by each value (`?` when the fact is absent).
  public func reasonText(facts: [String: Int]) -> String {
    var text = ""
    var rest = Substring(reason)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      text += rest[..<open]
      let name = String(rest[rest.index(after: open)..<close])
      text += facts[name].map(String.init) ?? "?"
      rest = rest[rest.index(after: close)...]
    }
    return text + rest
  }

  /// The names a rule reads, in its condition and its reason.
  public var factsRead: [String] {
    var names = when.references.map(\.step)
    var rest = Substring(reason)
    while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
      names.append(String(rest[rest.index(after: open)..<close]))
      rest = rest[rest.index(after: close)...]
    }
    var seen = Set<String>()
    return names.filter { seen.insert($0).inserted }
  }

  /// Whether the rule fires on these facts; a comparison with an absent fact is false.
  public func fires(on facts: [String: Int]) -> Bool {
    when.holds(on: facts.mapValues { Answer.number($0) })
  }
}

/// A rule that fired: what it proposes, why, and the data it read.
public struct FiredSuggestion: Hashable, Sendable, Codable {
  public var rule: String
  public var suggest: String
  public var reason: String
  /// The facts the rule read, with their values (absent facts left out).
  public var data: [String: Int]

  public init(rule: String, suggest: String, reason: String, data: [String: Int]) {
    self.rule = rule
    self.suggest = suggest
    self.reason = reason
    self.data = data
  }

  /// Every rule that fires on `facts`, in file order, each module suggested once (the first rule
  /// that proposes it gives the reason); `crisis` first of all.
  public static func fire(_ rules: [SuggestionRule], facts: [String: Int]) -> [FiredSuggestion] {
    var fired: [FiredSuggestion] = []
    var seen = Set<String>()
    for rule in rules where rule.fires(on: facts) && seen.insert(rule.suggest).inserted {
      fired.append(
        FiredSuggestion(
          rule: rule.id, suggest: rule.suggest, reason: rule.reasonText(facts: facts),
          data: facts.filter { rule.factsRead.contains($0.key) }))
    }
    return fired.filter { $0.suggest == SuggestionRule.crisis } + fired.filter { $0.suggest != SuggestionRule.crisis }
  }
}
