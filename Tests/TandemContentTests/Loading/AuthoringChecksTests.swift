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

  @Test("a stray field in a choice does not hide a wrong option named in another step's 'when:'")
  func strayFieldHidesNoOption() {
    let steps = """
        - id: b
          kind: choice
          question: Pick
          «colour»colour: red
          options: [{id: x, label: X}, {id: y, label: Y}]
        - id: c
          kind: text
          when: "b == «z»z"
          body: "{{b}}"
      """
    #expect(
      diagnose(module(steps)) == [
        "«colour»: error: unknown field 'colour' in step 'b'",
        "«z»: error: 'z' is not an option of 'b'; did you mean 'x'?",
      ])
    // A misspelt field of the step's own (here 'options') still makes it stand in for itself.
    let misspelt = steps.replacingOccurrences(of: "«colour»colour: red\n    options:", with: "«colour»optons:")
    #expect(misspelt != steps)
    let found = diagnose(module(misspelt))
    #expect(found.contains("«colour»: error: unknown field 'optons' in step 'b'; did you mean 'options'?"), "\(found)")
    #expect(!found.contains { $0.contains("is not an option") }, "\(found)")
  }

  @Test("a module whose 'minutes:' is missing or unreadable gets that error, not a warning about a made-up value")
  func unreadableMinutes() {
    func check(_ text: String) -> (errors: [String], warnings: [String]) {
      let scratch = Scratch()
      let content = ContentLoader.load(paths: [scratch.write("m.yaml", text)], snippetPaths: [fixtureSnippets])
      return (content.diagnostics.map(\.message), content.lintFindings().map(\.message))
    }
    let body = "  - id: a\n    kind: text\n    body: A."
    let missing = check(module(body).replacingOccurrences(of: "minutes: 5\n", with: ""))
    #expect(missing.errors == ["missing field 'minutes' in module"], "\(missing)")
    #expect(missing.warnings.allSatisfy { !$0.contains("paths take") }, "\(missing)")
    for value in ["lots", "0"] {
      let wrong = check(module(body).replacingOccurrences(of: "minutes: 5", with: "minutes: \(value)"))
      #expect(wrong.errors.count == 1, "\(wrong)")
      #expect(wrong.warnings.allSatisfy { !$0.contains("paths take") }, "\(wrong)")
    }
    // A readable one outside its paths' range is still flagged.
    let long = check(module(body).replacingOccurrences(of: "minutes: 5", with: "minutes: 90"))
    #expect(long.warnings.contains { $0.contains("'minutes: 90' is outside what the module's paths take") })
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

    // A file name that is no id is not offered as one: the file is what to rename.
    let capital = module("  - id: a\n    kind: text\n    body: x", id: "«id»worry-time")
    #expect(
      diagnose(capital, name: "Worry-Time.yaml") == [
        "«id»: error: module id 'worry-time' differs from its file name 'Worry-Time'; 'Worry-Time' is not an id "
          + "(lowercase letters, digits, '-' and '_'), so rename the file to 'worry-time.yaml'"
      ])
    let capitalPath = scratch.write("Worry-Time.yaml", MarkedText(capital).text)
    let loaded = ContentLoader.load(paths: [capitalPath], snippetPaths: [fixtureSnippets])
    #expect(loaded.diagnostics.count == 1 && loaded.diagnostics.first?.fixIt == nil)
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

  @Test("a byte order mark at the start of a file is not content: the module loads, findings keep their places")
  func byteOrderMark() {
    #expect(diagnose("\u{FEFF}" + module("  - id: a\n    kind: text\n    body: x")) == [])
    #expect(
      diagnose("\u{FEFF}" + module("  - id: a\n    kind: text\n  \tbody: x"))
        == ["10:3: error: use spaces to indent (found a tab)"])
  }

  @Test("a tab after a list's '-' is indentation too")
  func tabAfterDash() {
    #expect(diagnose("id: m\nsteps:\n  -\tid: a\n") == ["3:4: error: use spaces to indent (found a tab)"])
  }

  @Test("a value out of range in one step hides no loop elsewhere")
  func valueErrorHidesNoFlow() {
    #expect(
      diagnose(
        module(
          """
            - id: «a»a
              kind: text
              body: A.
            - id: «t»t
              kind: timer
              body: Breathe.
              seconds: «s»0
              next: a
          """))
        == [
          "«a»: error: no path from step 'a' reaches the end; it leads into a loop with no way out",
          "«t»: error: no path from step 't' reaches the end; it leads into a loop with no way out",
          "«s»: error: 'seconds' in step 't' must be from 1 to 3600, found 0",
        ])
  }

  @Test("a misspelt 'next:' hides no unreachable step, and its likely target is not called unreachable")
  func misspeltNext() {
    #expect(
      diagnose(
        module(
          """
            - id: a
              kind: text
              body: A.
              next: «n»closng
            - id: «o»orphan
              kind: text
              body: Never shown.
              next: end
            - id: closing
              kind: text
              body: Bye.
          """))
        == [
          "«n»: error: unknown step 'closng' in 'next:'; did you mean 'closing'?",
          "«o»: error: step 'orphan' can never be reached",
        ])
  }

  @Test("a module file with an error still gets the warnings lint can give")
  func errorsHideNoWarnings() {
    let scratch = Scratch()
    let path = scratch.write(
      "m.yaml",
      module(
        """
          - id: a
            kind: scale
            question: How tense?
            anchors: {0: calm}
          - id: b
            kind: text
            body: x
            colour: red
        """))
    let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
    #expect(content.diagnostics.map(\.message) == ["unknown field 'colour' in step 'b'"])
    // A stray field leaves its step whole, so the paths are known and 'minutes:' is checked too.
    #expect(
      content.lintFindings().map(\.message) == [
        "scale 'a' does not label 10; patients need both ends named",
        "'minutes: 5' is outside what the module's paths take (under 1 min, by the reading and answering estimate "
          + "of 'preview --paths'); patients plan their time by it",
      ])
  }

  @Test("a module checked on its own finds the snippets in a 'snippets' folder beside it")
  func snippetsBeside() {
    let scratch = Scratch()
    scratch.write("drafts/snippets/my-note.yaml", "id: my-note\nbody: A note of my own.\n")
    let path = scratch.write("drafts/m.yaml", module("  - id: a\n    kind: text\n    include: my-note"))
    let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
    #expect(content.diagnostics.isEmpty, "\(content.diagnostics)")
    #expect(content.modules.count == 1)
  }

  @Test("a fallback with braces is an error: placeholders do not nest")
  func bracedFallback() {
    #expect(
      diagnose(
        module(
          """
            - id: a
              kind: scale
              question: How tense?
              anchors: {0: calm, 10: very}
            - id: b
              kind: text
              body: "You said «f»{{a|{{b}}}}"
          """))
        == [
          "«f»: error: the fallback of '{{a|…}}' holds '{' or '}'; placeholders do not nest, so the patient would "
            + "read the braces; write plain text after the '|'"
        ])
  }

  @Test("an option without a label still leads where it says: the flow after it is checked")
  func optionErrorHidesNoFlow() {
    #expect(
      diagnose(
        module(
          """
            - id: pick
              kind: choice
              question: Pick
              options:
                - {id: a, label: A, next: closing}
                - «b»{id: b}
            - id: closing
              kind: text
              body: Bye.
              next: end
            - id: «tail»tail
              kind: text
              body: Never shown.
          """))
        == [
          "«b»: error: missing field 'label' in an option",
          "«tail»: error: step 'tail' can never be reached",
        ])
  }

  @Test("a questionnaire with an error invents no errors about its items")
  func brokenQuestionnaire() {
    let scratch = Scratch()
    let text = module(
      """
        - id: mood
          kind: questionnaire
          measure: phq-9
          colour: red
        - id: after
          kind: text
          body: "ok {{mood-interest|x}}"
      """)
    let path = scratch.write("m.yaml", text)
    let content = ContentLoader.load(
      paths: [path], snippetPaths: [ShippedContent.repository + "/Content"])
    #expect(content.diagnostics.map(\.message) == ["unknown field 'colour' in step 'mood'"])
  }

  @Test("an error elsewhere in the file does not make a questionnaire's crisis page look like the author's question")
  func strayFieldKeepsQuestionnaireCrisisPage() {
    let scratch = Scratch()
    let text = module(
      """
        - id: q
          kind: questionnaire
          measure: phq-9
        - id: bye
          kind: text
          body: Thanks
          tittle: x
      """)
    let path = scratch.write("m.yaml", text)
    let content = ContentLoader.load(
      paths: [path], snippetPaths: [ShippedContent.repository + "/Content"])
    #expect(content.diagnostics.map(\.message).count == 1)
    #expect(content.diagnostics.first?.message.contains("'tittle'") == true)
    #expect(content.lintFindings().filter { $0.category == "crisis-route" }.map(\.message) == [])
  }

  @Test("a questionnaire no path reaches is named once, as the step the author wrote")
  func unreachableQuestionnaire() {
    let scratch = Scratch()
    let text = module(
      """
        - id: ch
          kind: choice
          question: C?
          options:
            - id: a
              label: A
              next: end
        - id: q
          kind: questionnaire
          measure: phq-9
      """)
    let path = scratch.write("m.yaml", text)
    let content = ContentLoader.load(
      paths: [path], snippetPaths: [ShippedContent.repository + "/Content"])
    #expect(content.diagnostics.map(\.message) == ["step 'q' can never be reached"])
  }

  @Test("'{{' that nothing closes is an error at the braces")
  func unclosedPlaceholder() {
    #expect(
      diagnose(module("  - id: a\n    kind: text\n    body: \"Hello «u»{{name and more\"\n"))
        == ["«u»: error: '{{' is never closed with '}}', so the patient would read the braces"])
  }
}
