import Foundation

extension LanguageServer {
  /// What is at `position`: a step referred to by its `id:`, `next:`, `when:` or `{{…}}`, or
  /// a snippet named by `include:`.
  enum Target {
    case step(ModuleOutline.Step)
    case snippet(String)
  }

  /// The step or snippet the word at `position` names, if it names one.
  func target(in document: TextDocument, at position: Position) -> (Target, TextRange)? {
    let line = document.line(position.line)
    let cursor = document.index(of: position)
    var start = cursor, end = cursor
    while start > line.startIndex, line[line.index(before: start)].isIdentifierCharacter {
      start = line.index(before: start)
    }
    while end < line.endIndex, line[end].isIdentifierCharacter { end = line.index(after: end) }
    guard start < end else { return nil }
    let word = String(line[start..<end])
    let range = TextRange(
      start: document.position(line: position.line, index: start),
      end: document.position(line: position.line, index: end))
    var content = line.drop { $0 == " " }
    if content.hasPrefix("- ") { content = content.dropFirst(2).drop { $0 == " " } }
    let key = ModuleOutline.keyValue(content).key
    let outline = ModuleOutline(document)
    if key == "include" { return (.snippet(word), range) }
    let inBraces =
      line[..<start].range(of: "{{", options: .backwards).map { line[$0.upperBound..<start].range(of: "}}") == nil }
      ?? false
    guard inBraces || key == "id" || key == "next" || key == "when", let step = outline.step(word) else { return nil }
    // An option's `id:` names the option, not a step of the same name.
    if key == "id", !inBraces, step.idRange?.start.line != position.line { return nil }
    return (.step(step), range)
  }

  /// Hover: a step's kind and the first line of its text.
  func hover(in document: TextDocument, at position: Position) -> [String: Any]? {
    guard let (target, range) = target(in: document, at: position) else { return nil }
    let text: String
    switch target {
    case .step(let step):
      let kind = step.kind ?? "step"
      var lines = ["**\(step.id)**: \(kind) step"]
      if let first = step.text ?? step.title {
        lines.append(first)
      } else if let include = step.include {
        lines.append("includes '\(include)'")
      }
      text = lines.joined(separator: "\n\n")
    case .snippet(let id):
      guard result(for: document).snippets[id] != nil else { return nil }
      text = "**\(id)**: snippet"
    }
    return ["contents": ["kind": "markdown", "value": text], "range": range.json]
  }

  /// Go to definition: the step's `id:` line, or the snippet's file.
  func definition(in document: TextDocument, at position: Position) -> [String: Any]? {
    guard let (target, _) = target(in: document, at: position) else { return nil }
    switch target {
    case .step(let step):
      guard let range = step.idRange else { return nil }
      return ["uri": document.uri, "range": range.json]
    case .snippet(let id):
      guard let source = result(for: document).snippets[id] else { return nil }
      let start = Position(line: max(0, source.line - 1), character: max(0, source.column - 1))
      return ["uri": TextDocument.uri(ofPath: source.file), "range": TextRange(start: start, end: start).json]
    }
  }
}
