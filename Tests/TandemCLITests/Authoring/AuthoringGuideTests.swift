import Foundation
import Testing

/// The authoring guide says what `tandem validate` does: its kinds table lists every step kind
/// with its own fields, and each message its tables quote is a message Tandem prints today.
@Suite("the authoring guide keeps step with the code")
struct AuthoringGuideTests {
  static let guide: String = {
    let path = TandemBinary.repositoryRoot + "/docs/authoring.md"
    return (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
  }()

  /// The rows of the table whose header row starts with `header`, as cells.
  static func table(startingWith header: String) -> [[String]] {
    let lines = guide.components(separatedBy: "\n")
    guard let start = lines.firstIndex(where: { $0.hasPrefix(header) }) else { return [] }
    // A `\|` is a bar inside a cell, as Markdown tables write one.
    return lines[(start + 2)...].prefix { $0.hasPrefix("|") }.map { line in
      line.replacingOccurrences(of: "\\|", with: "\u{0}").split(separator: "|", omittingEmptySubsequences: false)
        .dropFirst().dropLast().map {
          $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\u{0}", with: "|")
        }
    }
  }

  /// The `code` spans of a cell.
  static func codeSpans(_ cell: String) -> [String] {
    cell.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
  }

  @Test("the kinds table lists every step kind the loader knows, each with exactly its own fields")
  func kindsTable() throws {
    let rows = Self.table(startingWith: "| kind | the patient sees | its own fields |")
    var documented: [String: Set<String>] = [:]
    for row in rows { documented[Self.codeSpans(row[0])[0]] = Set(Self.codeSpans(row[2])) }
    // The module JSON Schema is generated from the loader's own field tables.
    let schemaPath = TandemBinary.repositoryRoot + "/docs/schema/module.schema.json"
    let schema = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: schemaPath)))
    let kinds = try #require(Self.kindFields(in: schema))
    #expect(Set(documented.keys) == Set(kinds.keys))
    for (kind, fields) in kinds { #expect(documented[kind] == fields, "kind \(kind)") }
    // The step table and the "unknown step kind" advice name them all too.
    let stepKinds = Self.table(startingWith: "| field | required | meaning |").first { $0[0] == "`kind`" }
    #expect(Set(Self.codeSpans(stepKinds?[2] ?? "")) == Set(kinds.keys))
    let advice = Self.table(startingWith: "| message | fix |").first { $0[0].contains("unknown step kind") }
    #expect(Set(Self.codeSpans(advice?[1] ?? "")) == Set(kinds.keys))
  }

  /// Each step kind's own fields, from the generated schema's `if kind == K then properties` branches.
  static func kindFields(in schema: Any) -> [String: Set<String>]? {
    let common: Set = ["id", "kind", "title", "when", "next", "optional"]
    var found: [String: Set<String>] = [:]
    func walk(_ node: Any) {
      if let object = node as? [String: Any] {
        if let condition = object["if"] as? [String: Any],
          let kind = ((condition["properties"] as? [String: Any])?["kind"] as? [String: Any])?["const"] as? String,
          let then = object["then"] as? [String: Any], let properties = then["properties"] as? [String: Any]
        {
          found[kind] = Set(properties.keys).subtracting(common)
        }
        object.values.forEach(walk)
      } else if let array = node as? [Any] {
        array.forEach(walk)
      }
    }
    walk(schema)
    return found.isEmpty ? nil : found
  }

  /// Drafts that between them make every message the guide quotes.
  static let drafts: [String: String] = [
    "fields": """
    id: fields
    version: 1
    title: Fields
    approach: act
    minutes: 5
    summary: Field mistakes.
    steps:
      - id: a
        kind: text
        body: x
      - id: b
        kind: txt
      - id: c
        kind: prompt
        questoin: y
      - id: d
        kind: questionnaire
        measure: phq-10
      - id: e
        kind: questionnaire
        measure: phq-9
        optional: true
      - id: f
        kind: text
        include: crisis-resource
      - id: g
        kind: text
        when: "a = 1"
        body: x

    """,
    "references": """
    id: reference
    version: 1
    title: References
    approach: act
    minutes: 5
    summary: Reference mistakes.
    steps:
      - id: intro
        kind: text
        body: "{{later}} {{nope}}"
        next: e2
      - id: skipped
        kind: text
        body: never
      - id: e2
        kind: text
        when: "intro == x"
        body: x
      - id: mood
        kind: choice
        question: Mood?
        options: [{id: calm, label: Calm}, {id: calm, label: Again}]
      - id: m3
        kind: text
        when: "mood == clam"
        body: "{{mood|a{b}}"
      - id: later
        kind: scale
        question: Q
        anchors: {0: none, 12: too high}

    """,
    "twice": """
    id: twice
    version: 1
    title: Twice
    approach: act
    minutes: 5
    summary: A step id given twice.
    steps:
      - id: a
        kind: text
        body: x
      - id: a
        kind: text
        body: y

    """,
    "tabs": "id: tabs\nsteps:\n\t- id: a\n",
    // Ten scales, each with a page shown only for high answers: 1,024 paths.
    "round": """
    id: round
    version: 1
    title: Round
    approach: act
    minutes: 1
    summary: A loop with nothing to answer.
    steps:
      - id: rate
        kind: scale
        question: How tense?
        anchors: {0: calm, 10: very}
      - id: stretch
        kind: text
        when: "rate > 3"
        body: Stretch.
        next: breathe
      - id: breathe
        kind: text
        body: Breathe.
        next: stretch
      - id: bye
        kind: text
        body: Bye.

    """,
    "many": """
    id: many
    version: 1
    title: Many
    approach: act
    minutes: 5
    summary: More paths than are followed.
    steps:
    \((1...10).map { "  - {id: s\($0), kind: scale, question: Q, anchors: {0: a, 10: b}}\n  - {id: t\($0), kind: text, body: x, when: \"s\($0) >= 5\"}" }.joined(separator: "\n"))

    """,
    "syntax": "id: [unclosed\n",
    "lint": """
    id: lint
    version: 1
    title: Lint
    approach: act
    minutes: 60
    summary: Valid, with everything a reviewer would flag.
    steps:
      - id: mood-before
        kind: scale
        question: How is your mood?
        rating: calm
        phase: before
        anchors: {0: low}
      - id: go
        kind: choice
        question: Go on?
        options: [{id: go-on, label: Go on}, {id: stop, label: Stop for now, next: end}]
      - id: long
        kind: text
        body: |
    \(Array(repeating: "      A short line.", count: 23).joined(separator: "\n"))
      - id: dense
        kind: text
        body: >
          \(Array(repeating: "Physiological hyperarousal associated with catastrophising interpretations substantially exacerbates nociceptive amplification", count: 4).joined(separator: ", and ")).
      - id: breathe
        kind: timer
        body: Breathe.
        seconds: 30
      - id: screen
        kind: safety
        include: red-flags
      - id: anything
        kind: prompt
        question: Anything?
        optional: true
      - id: bye
        kind: text
        body: "You said {{anything}}."

    """,
  ]

  /// A quoted message as a pattern: quoted names, numbers and `…` stand for anything.
  static func pattern(_ quoted: String) -> String {
    var pattern = NSRegularExpression.escapedPattern(for: quoted)
    pattern = pattern.replacingOccurrences(of: #"'[^']*'"#, with: "'[^']*'", options: .regularExpression)
    pattern = pattern.replacingOccurrences(of: #"[0-9]+(\\\.[0-9]+)?"#, with: "[0-9.]+", options: .regularExpression)
    return pattern.replacingOccurrences(of: "…", with: ".*")
  }

  @Test("every message the guide's tables quote is one validate prints today")
  func messageTables() throws {
    let sandbox = try Sandbox()
    let folder = sandbox.root + "/drafts"
    for (name, text) in Self.drafts { _ = try sandbox.writeModule(text, id: name, folder: folder) }
    let result = try sandbox.run(["validate", folder, "--format", "json"])
    let output = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
    let messages = (output?["findings"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    #expect(messages.count > 20, "\(result.output)")
    let rows =
      Self.table(startingWith: "| message | fix |").map { $0[0] }
      + Self.table(startingWith: "| warning | rule |").map { $0[0] }
    #expect(rows.count >= 20)
    for cell in rows {
      for quoted in Self.codeSpans(cell) {
        let regex = try NSRegularExpression(pattern: Self.pattern(quoted))
        let found = messages.contains { regex.firstMatch(in: $0, range: NSRange($0.startIndex..., in: $0)) != nil }
        #expect(found, "the guide quotes `\(quoted)`, which no finding matches")
      }
    }
  }
}
