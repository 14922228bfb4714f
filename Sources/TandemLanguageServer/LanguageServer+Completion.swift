import Foundation
import TandemContent

extension LanguageServer {
  /// Completion items at `position`: step ids after `next:` (not the step itself); in `when:`
  /// and in `{{…}}` the earlier steps whose answer may be used; a choice step's option ids after
  /// `step ==`, `!=` or `includes` in `when:`; snippet ids after `include:`; kinds after `kind:`;
  /// and the field names a step of its kind (or the module, or an option) may have and does not
  /// give yet.
  func completions(in document: TextDocument, at position: Position) -> [[String: Any]] {
    let outline = ModuleOutline(document)
    let line = document.line(position.line)
    let cursor = document.index(of: position)
    let before = line[..<cursor]
    var wordStart = cursor
    while wordStart > line.startIndex, line[line.index(before: wordStart)].isIdentifierCharacter {
      wordStart = line.index(before: wordStart)
    }
    let replace = TextRange(start: document.position(line: position.line, index: wordStart), end: position)
    func items(_ labels: [String], kind: Int, detail: (String) -> String?) -> [[String: Any]] {
      var seen = Set<String>()
      return labels.filter { !$0.isEmpty && seen.insert($0).inserted }.map { label in
        var item: [String: Any] = [
          "label": label, "kind": kind, "textEdit": ["range": replace.json, "newText": label],
        ]
        if let detail = detail(label) { item["detail"] = detail }
        return item
      }
    }
    let here = outline.step(atLine: position.line)
    let stepIDs = outline.steps.compactMap { $0.idRange == nil || $0.firstLine == here?.firstLine ? nil : $0.id }
    let answerIDs = outline.answerSteps(before: here).map(\.id)
    let stepDetail: (String) -> String? = { id in outline.step(id).map { Self.summary(of: $0) } }
    // `{{` not yet closed before the cursor.
    if let open = before.range(of: "{{", options: .backwards),
      before[open.upperBound...].range(of: "}}") == nil
    {
      return items(answerIDs, kind: 18, detail: stepDetail)
    }
    let indent = before.prefix { $0 == " " }.count
    var content = before.dropFirst(indent)
    var keyIndent = indent
    var isItem = false
    if content.hasPrefix("- ") {
      isItem = true
      let dash = content.dropFirst().prefix { $0 == " " }.count + 1
      content = content.dropFirst(dash)
      keyIndent += dash
    }
    if let colon = content.firstIndex(of: ":") {
      let key = String(content[..<colon])
      let value = content[content.index(after: colon)...]
      switch key {
      case "next":
        return items(stepIDs + ["end"], kind: 18, detail: stepDetail)
      case "include":
        return items(result(for: document).snippets.keys.sorted(), kind: 17) { _ in "snippet" }
      case "kind":
        return items(ModuleSchema.stepKinds, kind: 20) { _ in "step kind" }
      case "when":
        if let compared = Self.comparedStep(in: value), let step = outline.step(compared) {
          let options = step.options + (ModuleOutline.fixedOptions[step.kind ?? ""] ?? [])
          if !options.isEmpty { return items(options, kind: 20) { _ in "option of '\(compared)'" } }
        }
        return items(answerIDs, kind: 18, detail: stepDetail)
      default:
        return []
      }
    }
    guard content.allSatisfy(\.isIdentifierCharacter) else { return [] }
    // A field name: the module's, a step's (of its kind) or an option's.
    if keyIndent == 0 {
      return items(ModuleSchema.moduleFields.filter { !outline.topFields.contains($0) }, kind: 10) { _ in nil }
    }
    guard let step = here else { return [] }
    if keyIndent == step.keyIndent || (isItem && indent == step.dashIndent) {
      let present = isItem && indent == step.dashIndent ? [] : step.fields
      let kind = isItem && indent == step.dashIndent ? nil : step.kind
      let offered = ModuleSchema.stepFields(kind: kind).filter { field in
        !present.contains(field) && (kind == nil || !Self.rejects(field, in: step))
      }
      return items(offered, kind: 10) { _ in
        kind.map { "field of a \($0) step" } ?? "field of a step"
      }
    }
    if keyIndent > step.keyIndent, step.fields.last == "options" || step.kind == "choice" {
      // A new list item starts an option; otherwise the line belongs to the option above it.
      let option = isItem ? nil : step.optionItems.last { $0.line <= position.line }
      let present = option?.fields ?? []
      // `exclusive` only in a multiple choice, `next` only in a single one.
      let fields = ModuleSchema.optionFields.filter {
        !present.contains($0) && ($0 != "exclusive" || step.multiple) && ($0 != "next" || !step.multiple)
      }
      return items(fields, kind: 10) { _ in "field of an option" }
    }
    return []
  }

  /// Whether validate would refuse `field` in `step` given the fields it already has: `body`
  /// beside `include:` (and the other way round) in a text or timer step, `optional` in a
  /// questionnaire, `multiple` in a choice whose options jump with `next:`.
  static func rejects(_ field: String, in step: ModuleOutline.Step) -> Bool {
    switch (step.kind, field) {
    case ("text", "body"), ("timer", "body"): step.fields.contains("include")
    case ("text", "include"), ("timer", "include"): step.fields.contains("body")
    case ("questionnaire", "optional"): true
    case ("choice", "multiple"): step.optionItems.contains { $0.fields.contains("next") }
    default: false
    }
  }

  /// `kind` step: first line of its text.
  static func summary(of step: ModuleOutline.Step) -> String {
    let kind = step.kind ?? "step"
    if let text = step.text ?? step.title { return "\(kind) step: \(text)" }
    if let include = step.include { return "\(kind) step: includes '\(include)'" }
    return "\(kind) step"
  }

  /// The step compared last in a condition being written: `pain-now == ` gives `pain-now`.
  static func comparedStep(in condition: Substring) -> String? {
    let trimmed = Substring(condition.trimmingCharacters(in: CharacterSet(charactersIn: " \"'")))
    // The operator just typed (`pick includes `), else the word being typed after it.
    if let step = stepBeforeOperator(in: trimmed, typing: condition.last == " ") { return step }
    var text = trimmed
    while let last = text.last, last.isIdentifierCharacter { text = text.dropLast() }
    return stepBeforeOperator(in: text, typing: true)
  }

  /// The step before the operator that `text` ends with, if it ends with one (a word operator
  /// only when `typing` says the word is finished).
  private static func stepBeforeOperator(in text: Substring, typing wordFinished: Bool) -> String? {
    var text = Substring(text.trimmingCharacters(in: .whitespaces))
    var matched = false
    for op in ["==", "!=", " includes"] where text.hasSuffix(op) && (op != " includes" || wordFinished) {
      text = text.dropLast(op.count)
      matched = true
      break
    }
    guard matched else { return nil }
    text = Substring(text.trimmingCharacters(in: .whitespaces))
    var start = text.endIndex
    while start > text.startIndex, text[text.index(before: start)].isIdentifierCharacter {
      start = text.index(before: start)
    }
    return start == text.endIndex ? nil : String(text[start...])
  }
}
