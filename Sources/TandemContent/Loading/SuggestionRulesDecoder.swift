import TandemBase
import TandemTherapy

/// Reads `Content/suggestions.yaml`: the rules that propose a module from the diary and
/// questionnaires. Every fact a rule reads must be a documented fact or a loaded measure's id, and
/// every module it proposes must be loaded (or `crisis`).
enum SuggestionRulesDecoder {
  static let fileFields = ["rules"]
  static let ruleFields = ["id", "when", "suggest", "reason"]

  static func decode(
    _ root: YAMLNode, lines: SourceLines, modules: Set<String>, measures: Set<String>, diagnostics: inout [Diagnostic]
  ) -> [SuggestionRule] {
    guard let map = MappingReader(root, context: "suggestion rules", diagnostics: &diagnostics) else { return [] }
    map.reportUnknownKeys(allowed: fileFields, diagnostics: &diagnostics)
    var rules: [SuggestionRule] = []
    var seen: [String: SourceLocation] = [:]
    let known = (SuggestionRule.facts.keys.sorted() + measures.sorted())
    for node in map.list("rules", required: true, diagnostics: &diagnostics) ?? [] {
      guard let reader = MappingReader(node, context: "a rule", diagnostics: &diagnostics) else { continue }
      let before = diagnostics.count
      reader.reportUnknownKeys(allowed: ruleFields, diagnostics: &diagnostics)
      let id = reader.string("id", required: true, diagnostics: &diagnostics)
      if let id, let first = seen[id] {
        diagnostics.append(
          .error(.duplicateRuleID(id), at: reader.value("id")?.mark, notes: [.firstDefinition(at: first)]))
      } else if let id {
        seen[id] = reader.value("id")?.mark ?? node.mark
      }
      var condition: Condition?
      if let text = reader.string("when", required: true, diagnostics: &diagnostics), let value = reader.value("when") {
        let place = lines.textPlace(of: value)
        func at(_ offset: Int) -> SourceLocation { place.location(of: offset, in: text) }
        do {
          let parsed = try Condition.parse(text)
          // Facts are whole numbers: a comparison with a word or quoted text could never hold.
          func checkNumbers(_ condition: Condition) {
            switch condition {
            case .and(let a, let b), .or(let a, let b):
              checkNumbers(a)
              checkNumbers(b)
            case .not(let a): checkNumbers(a)
            case .answered: break
            case .compare(let name, _, let literal, let offset):
              if case .number = literal { return }
              diagnostics.append(
                .error(.factComparedWithText(name), at: at(offset)))
            }
          }
          checkNumbers(parsed)
          for (name, offset) in parsed.references where !SuggestionRule.isFact(name, measures: measures) {
            diagnostics.append(
              .error(.unknownFact(name, known: known), at: at(offset)))
          }
          condition = parsed
        } catch {
          diagnostics.append(.error(.conditionSyntax(error.message), at: at(error.offset)))
        }
      }
      let suggest = reader.string("suggest", required: true, diagnostics: &diagnostics)
      if let suggest, suggest != SuggestionRule.crisis, !modules.contains(suggest) {
        diagnostics.append(
          .error(.unknownSuggestedModule(suggest, known: modules.sorted()), at: reader.value("suggest")?.mark))
      }
      let reason = reader.string("reason", required: true, diagnostics: &diagnostics)
      if let reason, let condition {
        let rule = SuggestionRule(id: id ?? "", when: condition, suggest: suggest ?? "", reason: reason)
        for name in rule.factsRead
        where !SuggestionRule.isFact(name, measures: measures) && reason.contains("{\(name)}") {
          diagnostics.append(
            .error(.unknownReasonFact(name, known: known), at: reader.value("reason")?.mark))
        }
      }
      guard !diagnostics[before...].hasErrors, let id, let condition, let suggest, let reason else { continue }
      rules.append(SuggestionRule(id: id, when: condition, suggest: suggest, reason: reason.trimmingWhitespace()))
    }
    return rules
  }
}

extension Diagnostic.Message {
  /// A suggestion rule id given twice.
  static func duplicateRuleID(_ id: String) -> Self {
    Self("duplicate rule id '\(TerminalText.sanitized(id))'", category: "duplicate-rule-id")
  }

  /// A fact compared with something other than a number.
  static func factComparedWithText(_ name: String) -> Self {
    Self(
      "fact '\(TerminalText.sanitized(name))' is a whole number; compare it with a number", category: "condition")
  }

  /// A condition naming a fact that does not exist.
  static func unknownFact(_ name: String, known: [String]) -> Self {
    Self(
      "unknown fact '\(TerminalText.sanitized(name))'" + Suggestion.hint(for: name, in: known)
        + "; docs/programs.md lists the facts",
      category: "unknown-fact", fixIt: Suggestion.fixIt(for: name, in: known))
  }

  /// A rule suggesting a module that is not loaded.
  static func unknownSuggestedModule(_ name: String, known: [String]) -> Self {
    Self(
      "rule suggests '\(TerminalText.sanitized(name))', which is not a loaded module (or 'crisis')"
        + Suggestion.hint(for: name, in: known),
      category: "unknown-module", fixIt: Suggestion.fixIt(for: name, in: known))
  }

  /// A reason whose `{placeholder}` names no fact.
  static func unknownReasonFact(_ name: String, known: [String]) -> Self {
    Self(
      "the reason names '{\(TerminalText.sanitized(name))}', which is not a fact"
        + Suggestion.hint(for: name, in: known),
      category: "unknown-fact")
  }
}
