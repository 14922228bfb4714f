import Foundation
import Testing

@testable import TandemLanguageServer

/// Completion offers only what then passes validation: earlier steps that take an answer in
/// conditions and placeholders, a step's own options after `==`, `!=` and `includes`, no loop
/// in `next:`, and an option's missing fields.
@Suite("language server completion")
struct LanguageServerCompletionTests {
  static let module = """
    id: check-in
    version: 1
    title: Check-in
    approach: act
    minutes: 5
    summary: A short check-in.
    steps:
      - id: hello
        kind: text
        body: Hello.
      - id: safe
        kind: safety
        include: red-flags
      - id: name
        kind: prompt
        question: What is on your mind?
      - id: pain
        kind: attack-check
      - id: pick
        kind: choice
        question: Which ones?
        multiple: true
        options:
          - id: a
            label: A

          - id: b
            label: B
      - id: one
        kind: choice
        question: Which one?
        options:
          - id: x

      - id: wait
        kind: timer
        seconds: 30
      - id: doses
        kind: dose-check
      - id: last
        kind: prompt
        question: "Thanks {{"
        when: "
        next:\u{20}
    """

  static let lines = module.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

  /// The 0-based line that starts with `text` (after its indent), past `after`.
  static func line(_ text: String, after: Int = 0) -> Int {
    lines.indices.first { $0 > after && lines[$0].trimmingCharacters(in: .whitespaces).hasPrefix(text) } ?? -1
  }

  /// The labels offered at the end of 0-based `line` once its text is replaced by `text`.
  static func labels(_ line: Int, _ text: String? = nil) -> [String] {
    var lines = Self.lines
    if let text { lines[line] = text }
    let server = LanguageServerTests.server()
    _ = LanguageServerTests.open(server, lines.joined(separator: "\n"))
    let at = LanguageServerTests.at(line, lines[line].utf16.count)
    let result = LanguageServerTests.result(server, "textDocument/completion", at) as? [String: Any]
    return (result?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
  }

  @Test("conditions and placeholders offer only earlier steps that take an answer and are no safety check")
  func answerSteps() {
    let last = Self.line("- id: last")
    let earlier = ["name", "pain", "pick", "one", "doses"]
    #expect(Self.labels(Self.line("question: \"Thanks")) == earlier)
    #expect(Self.labels(Self.line("when: \"", after: last)) == earlier)
    #expect(Self.labels(Self.line("when: \"", after: last), "    when: \"answered(") == earlier)
    // Before the prompt come a text and a safety check: nothing to offer, not even the prompt itself.
    let name = Self.line("question: What is on your mind?")
    #expect(Self.labels(name, "    question: What is {{") == [])
    // A step without options compared: the earlier answer steps again.
    let pain = Self.line("- id: pain")
    #expect(Self.labels(pain + 1, "    when: \"name != ") == ["name"])
  }

  @Test("after ==, != or includes a condition offers the compared step's option ids")
  func options() {
    let when = Self.line("when: \"", after: Self.line("- id: last"))
    #expect(Self.labels(when, "    when: \"pick includes ") == ["a", "b"])
    #expect(Self.labels(when, "    when: \"pick includes b and one == ") == ["x"])
    #expect(Self.labels(when, "    when: \"one != x") == ["x"])
    #expect(Self.labels(when, "    when: \"doses == ") == ["taken", "not-yet", "skipped", "none-due"])
  }

  @Test("a step's field names leave out those validate would then refuse beside the ones it gives")
  func refusedStepFields() {
    let module = """
      id: comp
      version: 1
      title: T
      approach: cbt
      minutes: 1
      summary: s
      steps:
        - id: t
          kind: text
          body: hi
      \u{20}\u{20}\u{20}\u{20}
        - id: tm
          kind: timer
          include: light-headed
      \u{20}\u{20}\u{20}\u{20}
        - id: ch
          kind: choice
          question: C?
          options:
            - id: a
              label: A
              next: end
      \u{20}\u{20}\u{20}\u{20}
        - id: q
          kind: questionnaire
          measure: phq-9
      \u{20}\u{20}\u{20}\u{20}
      """
    let lines = module.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    func labels(after step: String) -> [String] {
      // The blank line (four spaces) that ends the step.
      let id = lines.firstIndex { $0.hasSuffix("- id: \(step)") } ?? 0
      let line = lines[id...].firstIndex { $0 == "    " } ?? id
      let server = LanguageServerTests.server()
      _ = LanguageServerTests.open(server, module)
      let at = LanguageServerTests.at(line, lines[line].utf16.count)
      let result = LanguageServerTests.result(server, "textDocument/completion", at) as? [String: Any]
      return (result?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
    }
    let text = labels(after: "t"), timer = labels(after: "tm")
    #expect(!text.contains("include") && text.contains("title"), "\(text)")
    #expect(!timer.contains("body") && timer.contains("seconds"), "\(timer)")
    let choice = labels(after: "ch"), questionnaire = labels(after: "q")
    #expect(!choice.contains("multiple") && choice.contains("title"), "\(choice)")
    #expect(!questionnaire.contains("optional") && questionnaire.contains("title"), "\(questionnaire)")
  }

  @Test("next: offers every other step and end, never the step itself")
  func next() {
    let labels = Self.labels(Self.line("next:"))
    #expect(!labels.contains("last"))
    #expect(labels.contains("hello"))
    #expect(labels.last == "end")
  }

  @Test(
    "an option's field names leave out those it gives; exclusive only for a multiple choice, next only for a single one"
  )
  func optionFields() {
    let pickBlank = Self.line("label: A") + 1
    #expect(Self.labels(pickBlank, "            ") == ["exclusive"])
    let oneBlank = Self.line("- id: x") + 1
    #expect(Self.labels(oneBlank, "            ") == ["label", "next"])
    #expect(Self.labels(oneBlank, "          - ") == ["id", "label", "next"])
  }
}
