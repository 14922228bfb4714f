import Testing

@testable import TandemContent

/// A finding about part of a text or a condition points where the author wrote that part, in
/// every way YAML lets a scalar be written: folded, literal, plain over several lines, and
/// quoted with escapes, doubled quotes and line folding.
@Suite("positions inside scalars")
struct ScalarPositionTests {
  /// A choice step and a scale step that conditions and placeholders refer to, then `steps`.
  static func withSteps(_ steps: String) -> String {
    module(
      """
        - id: when
          kind: choice
          question: "When?"
          options:
            - id: early-evening
              label: Early evening
        - id: pain
          kind: scale
          question: Pain?
      \(steps)
      """)
  }

  @Test("a compared value in a folded, plain or quoted condition over two lines")
  func conditions() {
    #expect(
      diagnose(
        Self.withSteps(
          """
            - id: folded
              kind: text
              when: >-
                pain > 2 and
                when == «folded»evening
              body: x
            - id: plain
              kind: text
              when: pain > 2 and
                when == «plain»evening
              body: x
            - id: quoted
              kind: text
              when: "pain > 2 and

                when   ==   «quoted»evening"
              body: x
            - id: single
              kind: text
              when: 'pain > 2 and when ==
                «single»evening'
              body: x
          """))
        == ["folded", "plain", "quoted", "single"].map {
          "«\($0)»: error: 'evening' is not an option of 'when'; did you mean 'early-evening'?"
        })
  }

  @Test("a syntax error in a condition over two lines")
  func conditionSyntax() {
    #expect(
      diagnose(
        Self.withSteps(
          """
            - id: a
              kind: text
              when: >
                pain > 2 and
                pain «eq»= 3
              body: x
          """)) == ["«eq»: error: in 'when:': use '==' to compare"])
  }

  @Test("placeholders in folded, literal and plain texts over several lines")
  func blockTexts() {
    #expect(
      diagnose(
        Self.withSteps(
          """
            - id: folded
              kind: text
              body: >
                Folded one
                and «a»{{aa}} here

                  more indented «b»{{bb}}
                back «c»{{cc}}
            - id: literal
              kind: text
              body: |

                Literal after an empty line «d»{{dd}}
                  indented «e»{{ee}}
            - id: indicated
              kind: text
              body: |2
                  Indented by its indicator «f»{{ff}}
            - id: plain
              kind: text
              body: Plain
                continued   «g»{{gg}}
          """))
        == ["aa", "bb", "cc", "dd", "ee", "ff", "gg"].map { "«\($0.prefix(1))»: error: unknown step '\($0)'" })
  }

  @Test("placeholders in quoted texts with escapes, doubled quotes and folded lines")
  func quotedTexts() {
    #expect(
      diagnose(
        Self.withSteps(
          #"""
            - id: double
              kind: text
              body: "Tab\there \"q\" \u00e9 «a»{{aa}} and
                next line \
                joined «b»{{bb}}

                para «c»{{cc}}"
            - id: single
              kind: text
              body: 'It''s
                a ''«d»{{dd}}'' «e»{{ee}}'
            - id: anchored
              kind: text
              body: &text "é
                «f»{{ff}}"
            - id: one-line
              kind: text
              title: "say \"hi\" «g»{{gg}}"
              body: 'it''s «h»{{hh}}'
          """#))
        == ["aa", "bb", "cc", "dd", "ee", "ff", "gg", "hh"].map { "«\($0.prefix(1))»: error: unknown step '\($0)'" })
  }

  @Test("a file with Windows line endings gives the same places")
  func windowsLineEndings() {
    let source = MarkedText(
      Self.withSteps(
        """
          - id: folded
            kind: text
            when: >-
              pain > 2 and
              when == «v»evening
            body: >
              Folded one
              and «p»{{zz}} here
        """))
    let scratch = Scratch()
    let path = scratch.write("m.yaml", source.text.replacingOccurrences(of: "\n", with: "\r\n"))
    let found = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets]).diagnostics
    #expect(
      found.map(\.message) == [
        "'evening' is not an option of 'when'; did you mean 'early-evening'?", "unknown step 'zz'",
      ])
    #expect(
      found.map { [$0.location?.line, $0.location?.column] }
        == ["v", "p"].map { [source.marks[$0]?.line, source.marks[$0]?.column] })
  }
}
