import Testing

@testable import TandemContent
@testable import TandemTherapy

@Suite("Module diagnostics")
struct ModuleDiagnosticsTests {
  @Test("a valid module loads with no findings")
  func valid() {
    #expect(
      diagnose(
        module(
          """
            - id: intro
              kind: text
              body: Hello.
            - id: screen
              kind: safety
              include: red-flags
            - id: pain
              kind: scale
              question: Pain now?
              anchors: {0: none, 10: worst}
            - id: mood
              kind: choice
              question: How are you?
              options:
                - {id: ok, label: OK, next: bye}
                - {id: low, label: Low}
            - id: crisis
              kind: text
              include: crisis-resources
              when: pain >= 8 and mood == low
            - id: bye
              kind: text
              body: "Bye, pain was {{pain}}."
          """)) == [])
  }

  @Test("YAML syntax errors point at the problem")
  func syntax() {
    #expect(
      diagnose("id: m\ntitle: [unclosed\nversion: 1\n")
        == ["3:8: error: invalid YAML: did not find expected ',' or ']' while parsing a flow sequence"])
  }

  @Test("every duplicate key is reported, not only the first")
  func duplicateKeys() {
    #expect(
      diagnose("id: m\n«a»id: n\ntitle: x\n«b»title: y\n")
        == [
          "«a»: error: duplicate key 'id' | 1:1: note: 'id' is first given here",
          "«b»: error: duplicate key 'title' | 3:1: note: 'title' is first given here",
        ])
  }

  @Test("each finding names the check that made it")
  func categories() {
    let scratch = Scratch()
    func categories(_ name: String, _ text: String) -> [String] {
      let path = scratch.write(name, text)
      return ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets]).diagnostics.map(\.category.rawValue)
    }
    #expect(categories("a.yaml", "id: m\nid: n\n") == ["duplicate-key"])
    #expect(
      categories("b/m.yaml", module("  - id: a\n    kind: text\n    body: x\n    tittle: y")) == ["unknown-field"])
    #expect(
      categories("c/m.yaml", module("  - id: a\n    kind: text\n    body: x\n    next: nowhere")) == ["unknown-step"])
  }

  @Test("missing, unknown and mistyped fields, each with its position")
  func fields() {
    #expect(
      diagnose(
        """
        «root»id: m
        version: «v»one
        title: T
        approach: «ap»relaxtion
        «tt»tittle: x
        minutes: «min»900
        steps:
          - «s»id: a
            kind: «k»txt
          - id: b
            kind: scale
            question: «q»[a, b]
            «mn»minn: 3
        """)
        == [
          "«root»: error: missing field 'summary' in module",
          "«v»: error: expected a whole number for 'version' in module, found 'one'",
          "«ap»: error: unknown approach 'relaxtion' in module; did you mean 'relaxation'? expected one of act, cbt, education, relaxation, mindfulness, check-in",
          "«tt»: error: unknown field 'tittle' in module; did you mean 'title'?",
          "«min»: error: 'minutes' in module must be from 1 to 240, found 900",
          "«k»: error: unknown step kind 'txt'; did you mean 'text'? expected one of attack-check, choice, dose-check, prompt, questionnaire, safety, scale, text, timer",
          "«q»: error: expected text for 'question' in step 'b', found a list",
          "«mn»: error: unknown field 'minn' in step 'b'; did you mean 'min'?",
        ])
  }

  @Test("duplicate step and option ids")
  func duplicateIDs() {
    #expect(
      diagnose(
        module(
          """
            - id: a
              kind: choice
              question: Q
              options:
                - {id: x, label: X}
                - {id: «opt»x, label: Y}
            - id: «dup»a
              kind: text
              body: B
          """))
        == [
          "«opt»: error: duplicate option id 'x' in step 'a' | 12:14: note: first used here",
          "«dup»: error: duplicate step id 'a' | 8:9: note: first used here",
        ])
  }

  @Test("next:, when: and interpolation must name earlier steps that exist")
  func references() {
    #expect(
      diagnose(
        module(
          """
            - id: pain
              kind: scale
              question: Pain?
            - id: intro
              kind: text
              body: "Hi «self»{{intro}} and «later»{{bye}} and «unknown»{{pian}}"
              next: «next»breathe2
              when: «when»later-q > 3
            - id: breathe
              kind: text
              body: x
            - id: later-q
              kind: scale
              question: Q
            - id: bye
              kind: prompt
              question: Bye
          """))
        == [
          "«self»: error: step 'intro' refers to its own answer",
          "«later»: error: step 'bye' comes later; only earlier answers can be used | 22:9: note: step 'bye' is defined here",
          "«unknown»: error: unknown step 'pian'; did you mean 'pain'?",
          "«next»: error: unknown step 'breathe2' in 'next:'; did you mean 'breathe'?",
          "«when»: error: step 'later-q' comes later; only earlier answers can be used | 19:9: note: step 'later-q' is defined here",
        ])
  }

  @Test("comparisons of the wrong type")
  func types() {
    #expect(
      diagnose(
        module(
          """
            - id: worry
              kind: prompt
              question: Worry?
            - id: mood
              kind: choice
              question: Mood?
              options: [{id: calm, label: Calm}, {id: low, label: Low}]
            - id: values
              kind: choice
              multiple: true
              question: Values?
              options: [{id: health, label: Health}]
            - id: pain
              kind: scale
              question: Pain?
            - id: a
              kind: text
              body: x
              when: worry > «w1»3 or mood == «w2»clam or pain == «w3»high or «w4»values == health or pain >= «w5»11
          """))
        == [
          "«w1»: error: 'worry' is a free-text answer and cannot be compared with the number 3",
          "«w2»: error: 'clam' is not an option of 'mood'; did you mean 'calm'?",
          "«w3»: error: scale 'pain' has a number answer; compare it with a number, not 'high'",
          "«w4»: error: 'values' allows several choices; use 'includes'",
          "«w5»: error: 11 is outside the range 0–10 of scale 'pain', so this comparison never changes",
        ])
  }

  @Test("condition syntax errors point inside the condition, quoted or plain")
  func conditionSyntax() {
    #expect(
      diagnose(
        module(
          """
            - id: pain
              kind: scale
              question: P
            - id: a
              kind: text
              body: x
              when: "pain «eq»= 3"
          """)) == ["«eq»: error: in 'when:': use '==' to compare"])
  }

  @Test("scales with min not below max or anchors out of range")
  func scales() {
    #expect(
      diagnose(
        module(
          """
            - id: «s»s
              kind: scale
              question: Q
              min: 5
              max: 5
            - id: t
              kind: scale
              question: Q
              anchors:
                0: none
                «a»11: too far
          """))
        == [
          "«s»: error: scale 's' has min 5 not below max 5", "«a»: error: anchor 11 is outside the scale's range 0–10",
        ])
  }

  @Test("steps no path reaches, and loops that never reach the end")
  func flow() {
    #expect(
      diagnose(
        module(
          """
            - id: «a»a
              kind: text
              body: x
              next: c
            - id: «b»b
              kind: text
              body: never shown
            - id: «c»c
              kind: text
              body: loop
              next: d
            - id: «d»d
              kind: text
              body: loop
              next: c
          """))
        == [
          "«a»: error: no path from step 'a' reaches the end; it leads into a loop with no way out",
          "«b»: error: step 'b' can never be reached",
          "«c»: error: no path from step 'c' reaches the end; it leads into a loop with no way out",
          "«d»: error: no path from step 'd' reaches the end; it leads into a loop with no way out",
        ])
  }

  @Test("a loop with a way out is fine")
  func loopWithExit() {
    #expect(
      diagnose(
        module(
          """
            - id: a
              kind: choice
              question: Again?
              options: [{id: again, label: Again, next: a}, {id: done, label: Done, next: end}]
          """)) == [])
  }

  @Test("includes that do not resolve")
  func includes() {
    #expect(
      diagnose(
        module(
          """
            - id: a
              kind: text
              include: «i»crisis-resource
            - id: b
              kind: safety
              include: «j»crisis-resources
          """))
        == [
          "«i»: error: include 'crisis-resource' does not resolve to a snippet in Content/snippets; did you mean 'crisis-resources'?",
          "«j»: error: snippet 'crisis-resources' has no 'items' for a safety step",
        ])
  }

  @Test("two modules with the same id: both reported, neither loaded")
  func duplicateModules() {
    let scratch = Scratch()
    let steps = "  - id: a\n    kind: text\n    body: x"
    scratch.write("one/same.yaml", module(steps, id: "same"))
    scratch.write("two/same.yaml", module(steps, id: "same"))
    let content = ContentLoader.load(paths: [scratch.path], snippetPaths: [fixtureSnippets])
    #expect(
      content.diagnostics.map { $0.rendered() } == [
        "\(scratch.path)/two/same.yaml:1:5: error: duplicate module id 'same'\nid: same\n    ^\n"
          + "\(scratch.path)/one/same.yaml:1:5: note: first defined here"
      ])
    #expect(content.modules.map(\.path) == ["\(scratch.path)/one/same.yaml"])
  }

  @Test("a module with any error is never loaded; its neighbours are")
  func nothingPartial() {
    let scratch = Scratch()
    scratch.write("good.yaml", module("  - id: a\n    kind: text\n    body: x", id: "good"))
    scratch.write("bad.yaml", module("  - id: a\n    kind: text\n    body: x\n    next: nowhere", id: "bad"))
    let content = ContentLoader.load(paths: [scratch.path], snippetPaths: [fixtureSnippets])
    #expect(content.modules.map(\.module.id) == ["good"])
    #expect(content.diagnostics.hasErrors)
  }

  @Test("diagnostics carry the source line for the caret snippet")
  func snippet() {
    let scratch = Scratch()
    let path = scratch.write("m.yaml", module("  - id: a\n    kind: text\n    body: x\n    next: nowhere"))
    let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
    #expect(
      content.diagnostics.map { $0.rendered() } == [
        "\(path):11:11: error: unknown step 'nowhere' in 'next:'\n    next: nowhere\n          ^"
      ])
  }

  @Test("the content hash pins the module and the snippets it includes")
  func contentHash() {
    let scratch = Scratch()
    scratch.write("snippets/note.yaml", "id: note\nbody: First wording.\n")
    let path = scratch.write("m.yaml", module("  - id: a\n    kind: text\n    include: note"))
    let first = ContentLoader.load(paths: [path], snippetPaths: [scratch.path]).modules.first?.contentHash
    scratch.write("snippets/note.yaml", "id: note\nbody: Second wording.\n")
    let second = ContentLoader.load(paths: [path], snippetPaths: [scratch.path]).modules.first?.contentHash
    #expect(first != nil)
    #expect(first != second)
  }
}
