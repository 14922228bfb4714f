import Testing

@testable import TandemBase
@testable import TandemContent
@testable import TandemTherapy

/// The checks that catch what a patient would otherwise meet first.
@Suite("Module diagnostics: what a patient would meet")
struct AuthoringChecksTests {
  @Test("a wrong option in 'when:' points at the option and suggests the option that holds it, as a fix")
  func optionInWhen() throws {
    let text = module(
      """
        - id: when
          kind: choice
          question: When?
          options: [{id: early-evening, label: Early evening}, {id: after-dinner, label: After dinner}]
        - id: note
          kind: text
          when: "when == «v»evening"
          body: Evening it is.
      """)
    #expect(diagnose(text) == ["«v»: error: 'evening' is not an option of 'when'; did you mean 'early-evening'?"])
    let scratch = Scratch()
    let path = scratch.write("m.yaml", MarkedText(text).text)
    let finding = try #require(ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets]).diagnostics.first)
    #expect(finding.fixIt == Diagnostic.FixIt(replacing: "evening", with: "early-evening"))
  }

  @Test("'did you mean' finds a whole hyphenated word only when one candidate holds it")
  func containedWords() {
    #expect(Suggestion.closest(to: "evening", in: ["early-evening", "after-dinner"]) == "early-evening")
    #expect(Suggestion.closest(to: "evening", in: ["early-evening", "late-evening"]) == nil)
    #expect(Suggestion.closest(to: "even", in: ["early-evening"]) == nil)
    #expect(Suggestion.fixIt(for: "brethe", in: ["breathe"]) == Diagnostic.FixIt(replacing: "brethe", with: "breathe"))
  }

  @Test("a field error in one step hides neither flow nor reference errors in the rest")
  func oneProblemHidesNoOther() {
    #expect(
      diagnose(
        module(
          """
            - id: a
              kind: text
              body: A.
              next: c
            - id: «b»b
              kind: text
              body: B is never shown.
            - id: c
              kind: scale
              question: How much?
              «colour»colour: red
            - id: d
              kind: text
              body: "You said {{c}}."
              when: "«a»a == yes"
          """))
        == [
          "«b»: error: step 'b' can never be reached",
          "«colour»: error: unknown field 'colour' in step 'c'",
          "«a»: error: step 'a' is a text step and has no answer",
        ])
  }

  @Test("a step with errors stands in for itself: what names it is not reported again")
  func brokenStepIsNotBlamedTwice() {
    #expect(
      diagnose(
        module(
          """
            - id: mood
              kind: choice
              question: Mood?
              «opt»optoins: [{id: calm, label: Calm}]
            - id: note
              kind: text
              when: "mood == calm"
              body: "Mood: {{mood}}"
          """))
        == [
          "8:5: error: missing field 'options' in step 'mood'",
          "«opt»: error: unknown field 'optoins' in step 'mood'; did you mean 'options'?",
        ])
  }

  @Test("a module whose id is not its file name is an error, with the file name as the fix")
  func idIsFileName() throws {
    let text = module("  - id: a\n    kind: text\n    body: x", id: "«id»worry-tim")
    #expect(
      diagnose(text, name: "worry-time.yaml") == [
        "«id»: error: module id 'worry-tim' differs from its file name 'worry-time'; rename one so that they match"
      ])
    let scratch = Scratch()
    let path = scratch.write("worry-time.yaml", MarkedText(text).text)
    let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
    #expect(content.modules.isEmpty)
    #expect(content.diagnostics.first?.fixIt == Diagnostic.FixIt(replacing: "worry-tim", with: "worry-time"))
    #expect(diagnose(module("  - id: a\n    kind: text\n    body: x", id: "worry-time"), name: "worry-time.yml") == [])
  }

  @Test("a tab in indentation says so, at the tab, wherever it is")
  func tabs() {
    #expect(diagnose("id: m\nsteps:\n\t- id: a\n") == ["3:1: error: use spaces to indent (found a tab)"])
    #expect(
      diagnose(module("  - id: a\n    kind: text\n  \tbody: x"))
        == ["10:3: error: use spaces to indent (found a tab)"])
    // A tab inside text, not indentation, is the author's text.
    #expect(diagnose(module("  - id: a\n    kind: text\n    body: \"a\\tb\"")) == [])
  }
}
