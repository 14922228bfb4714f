/// The steps of a module as its text lays them out, read line by line so that a half-written
/// file still has an outline: where each step's id is, its kind, its first line of text and its
/// options. Editor features (completion, hover, go to definition) read it; the checks read the
/// file with the real YAML parser.
struct ModuleOutline {
  /// One step of the outline.
  struct Step {
    /// The step's id.
    var id: String = ""
    /// Where the id's value is.
    var idRange: TextRange?
    /// The step's kind, when given.
    var kind: String?
    /// The first line of the text the patient reads (body or question, else title).
    var text: String?
    /// The title, when given.
    var title: String?
    /// The snippet it includes, when it does.
    var include: String?
    /// Its options' ids, in order.
    var options: [String] = []
    /// Its options' list items, in order: the 0-based line each starts on and the fields it gives.
    var optionItems: [(line: Int, fields: [String])] = []
    /// Whether it is a choice with `multiple: true`.
    var multiple = false
    /// The field names it gives.
    var fields: [String] = []
    /// The 0-based line of its list item.
    var firstLine: Int
    /// The last 0-based line that belongs to it.
    var lastLine: Int
    /// The column of its list item's dash.
    var dashIndent: Int
    /// The column its fields start at.
    var keyIndent: Int
  }

  /// The steps, in order, including ones without an id yet.
  var steps: [Step] = []
  /// The fields given at the top of the file.
  var topFields: [String] = []
  /// The 0-based lines of the `steps:` list, from its key to the line before the next top-level key.
  var stepLines: ClosedRange<Int>?

  /// The step with this id.
  func step(_ id: String) -> Step? { steps.first { $0.id == id && $0.idRange != nil } }

  /// The steps before `step` whose answers a condition or placeholder may use (those that take
  /// an answer and are not safety checks), as the validator requires; every such step when
  /// `step` is `nil`.
  func answerSteps(before step: Step?) -> [Step] {
    let earlier = step.map { current in steps.filter { $0.firstLine < current.firstLine } } ?? steps
    return earlier.filter { $0.idRange != nil && ModuleOutline.answerKinds.contains($0.kind ?? "") }
  }

  /// The step kinds whose answer can be used (a questionnaire's items are steps of their own).
  static let answerKinds: Set<String> = ["prompt", "scale", "choice", "dose-check", "attack-check"]

  /// The options a step of a kind with fixed options offers.
  static let fixedOptions: [String: [String]] = ["dose-check": ["taken", "not-yet", "skipped", "none-due"]]

  /// The step that 0-based line `line` belongs to (blank lines after a step belong to it).
  func step(atLine line: Int) -> Step? {
    guard let stepLines, stepLines.contains(line) else { return nil }
    return steps.last { $0.firstLine <= line }
  }

  /// Reads the outline of `document`.
  init(_ document: TextDocument) {
    var inSteps = false
    var current: Step?
    var inOptions = false
    var optionIndent: Int?
    // A block scalar (`body: |`) whose first line is the step's text.
    var block: (field: String, indent: Int)?
    func close() {
      if let step = current { steps.append(step) }
      current = nil
      inOptions = false
      optionIndent = nil
      block = nil
    }
    for (number, line) in document.lines.enumerated() {
      let indent = line.prefix { $0 == " " }.count
      let content = line.dropFirst(indent)
      if let open = block, var step = current {
        if content.isEmpty { continue }
        if indent > open.indent {
          Self.setText(String(content.trimmingTrailingSpaces()), field: open.field, in: &step)
          step.lastLine = number
          current = step
          block = nil
          continue
        }
        block = nil
      }
      if content.isEmpty || content.hasPrefix("#") { continue }
      if indent == 0 {
        if content.hasPrefix("- ") || content == "-", inSteps {
          // Steps written at column 0 under `steps:`.
        } else {
          close()
          let (key, _) = Self.keyValue(content)
          if let key { topFields.append(key) }
          if inSteps, let start = stepLines?.lowerBound { stepLines = start...max(start, number - 1) }
          inSteps = key == "steps"
          if inSteps { stepLines = number...number }
          continue
        }
      }
      guard inSteps else { continue }
      var rest = content
      var keyIndent = indent
      let isItem = rest.hasPrefix("- ") || rest == "-"
      if isItem {
        let afterDash = rest.dropFirst().prefix { $0 == " " }.count + 1
        if current == nil || indent == current?.dashIndent {
          close()
          current = Step(firstLine: number, lastLine: number, dashIndent: indent, keyIndent: indent + afterDash)
          rest = rest.dropFirst(afterDash)
          keyIndent = indent + afterDash
        } else if inOptions {
          optionIndent = indent + afterDash
          rest = rest.dropFirst(afterDash)
          keyIndent = indent + afterDash
          current?.optionItems.append((number, []))
        }
      }
      guard var step = current else { continue }
      step.lastLine = number
      let (key, value) = Self.keyValue(rest)
      if keyIndent == step.keyIndent, let key {
        step.fields.append(key)
        inOptions = key == "options"
        switch key {
        case "id":
          if let value {
            step.id = value.text
            let start = document.position(line: number, index: value.start)
            let end = document.position(line: number, index: value.end)
            step.idRange = TextRange(start: start, end: end)
          }
        case "kind": step.kind = value?.text
        case "multiple": step.multiple = value?.text == "true"
        case "include": step.include = value?.text
        case "title", "body", "question":
          if let value, value.text.hasPrefix("|") || value.text.hasPrefix(">") {
            block = (key, keyIndent)
          } else if let value {
            Self.setText(value.text, field: key, in: &step)
          }
        default: break
        }
      } else if inOptions, keyIndent == optionIndent, let key {
        if !step.optionItems.isEmpty { step.optionItems[step.optionItems.count - 1].fields.append(key) }
        if key == "id", let value { step.options.append(value.text) }
      }
      current = step
    }
    close()
    if inSteps, let start = stepLines?.lowerBound { stepLines = start...max(start, document.lines.count - 1) }
  }

  private static func setText(_ text: String, field: String, in step: inout Step) {
    if field == "title" {
      step.title = text
    } else if step.text == nil {
      step.text = text
    }
  }

  /// A value's text (unquoted, without a trailing comment) and where it is in the line.
  struct Value {
    var text: String
    var start: Substring.Index
    var end: Substring.Index
  }

  /// The key and value of a `key: value` line (either may be missing).
  static func keyValue(_ text: Substring) -> (key: String?, value: Value?) {
    guard let colon = text.firstIndex(of: ":") else { return (nil, nil) }
    let key = text[..<colon]
    guard !key.isEmpty, key.allSatisfy({ $0.isIdentifierCharacter }) else { return (nil, nil) }
    let after = text.index(after: colon)
    guard after == text.endIndex || text[after] == " " else { return (nil, nil) }
    var start = after
    while start < text.endIndex, text[start] == " " { start = text.index(after: start) }
    var end = text.endIndex
    if let comment = text[start...].range(of: " #") { end = comment.lowerBound }
    while end > start, text[text.index(before: end)] == " " { end = text.index(before: end) }
    guard start < end else { return (String(key), nil) }
    var valueStart = start, valueEnd = end
    let first = text[start]
    if first == "\"" || first == "'" {
      valueStart = text.index(after: start)
      if valueEnd > valueStart, text[text.index(before: valueEnd)] == first { valueEnd = text.index(before: valueEnd) }
    }
    return (String(key), Value(text: String(text[valueStart..<valueEnd]), start: valueStart, end: valueEnd))
  }
}

extension Character {
  /// Whether the character can be part of an id or field name: letters, digits, `-` and `_`.
  var isIdentifierCharacter: Bool {
    (isASCII && (isLetter || isNumber)) || self == "-" || self == "_"
  }
}

extension Substring {
  fileprivate func trimmingTrailingSpaces() -> Substring {
    var end = endIndex
    while end > startIndex, self[index(before: end)] == " " { end = index(before: end) }
    return self[..<end]
  }
}
