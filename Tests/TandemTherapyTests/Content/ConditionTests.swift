import TandemTestFixtures
import Testing

@testable import TandemTherapy

@Suite("Conditions")
struct ConditionTests {
  @Test("parses comparisons with and/or/not and parentheses, with offsets of step names")
  func parse() throws {
    let condition = try Condition.parse("tension-before >= 7 and not (feeling == calm or answered(note))")
    #expect(
      condition
        == .and(
          .compare(step: "tension-before", op: .greaterOrEqual, value: .number(7), offset: 0),
          .not(
            .or(
              .compare(step: "feeling", op: .equal, value: .word("calm"), offset: 29),
              .answered(step: "note", offset: 57)))))
  }

  @Test("'and' binds tighter than 'or'")
  func precedence() throws {
    let condition = try Condition.parse("a == 1 or b == 2 and c == 3")
    guard case .or(_, .and) = condition else {
      Issue.record("expected a or (b and c), got \(condition)")
      return
    }
  }

  @Test("quoted text, negative numbers and includes")
  func literals() throws {
    #expect(
      try Condition.parse("worry includes 'work'")
        == .compare(step: "worry", op: .includes, value: .text("work"), offset: 0))
    #expect(try Condition.parse("mood > -2") == .compare(step: "mood", op: .greater, value: .number(-2), offset: 0))
  }

  @Test(
    "syntax errors say what is wrong and where",
    arguments: [
      ("tension = 7", "use '==' to compare", 8),
      ("tension >=", "expected a value after '>='", 10),
      ("(a == 1", "expected ')'", 7),
      ("a == 1 b", "unexpected 'b' after the condition", 7),
      ("worry == 'open", "unterminated string", 9),
      ("", "expected a condition", 0),
      ("and", "expected a step id, 'not' or '(' but found 'and'", 0),
      ("a ~ 1", "unexpected character '~'", 2),
    ])
  func syntaxErrors(text: String, message: String, offset: Int) {
    #expect(throws: ConditionSyntaxError(message: message, offset: offset)) { try Condition.parse(text) }
  }

  @Test("very deep nesting is refused, not a stack overflow")
  func deepNesting() {
    let text = String(repeating: "not ", count: 10_000) + "a == 1"
    #expect(throws: ConditionSyntaxError.self) { try Condition.parse(text) }
  }

  @Test("evaluation: missing answers are false, types compare as authors expect")
  func evaluation() throws {
    let answers: [String: Answer] = [
      "pain": .number(7), "mood": .options(["low"]), "values": .options(["health", "family"]),
      "worry": .text("Work deadlines"),
    ]
    func holds(_ text: String) throws -> Bool { try Condition.parse(text).holds(on: answers) }
    #expect(try holds("pain >= 7"))
    #expect(try !holds("pain < 7"))
    #expect(try holds("mood == low"))
    #expect(try !holds("mood != low"))
    #expect(try holds("values includes family"))
    #expect(try !holds("values == family"))
    #expect(try holds("worry includes 'work'"))
    #expect(try holds("worry == '  work deadlines '"))
    #expect(try !holds("missing == 3"))
    #expect(try holds("not (missing == 3)"))
    #expect(try holds("answered(pain) and not answered(missing)"))
  }
}

@Suite("Answers")
struct AnswerParserTests {
  let scale = Step(id: "s", kind: .scale(question: "q", min: 0, max: 10, anchors: []))
  let multi = Step(
    id: "m",
    kind: .choice(
      question: "q", multiple: true,
      options: [.init(id: "a", label: "A"), .init(id: "b", label: "B"), .init(id: "c", label: "C")]))
  let single = Step(
    id: "c",
    kind: .choice(
      question: "q", multiple: false, options: [.init(id: "yes", label: "Yes"), .init(id: "no", label: "No")]))
  let prompt = Step(id: "p", kind: .prompt(question: "q", minLength: 3, maxLength: 10))

  @Test("scales accept whole numbers in range only")
  func scales() throws {
    #expect(try AnswerParser.parse(" 10 ", for: scale).get() == .number(10))
    for bad in ["11", "-1", "5.5", "five", ""] {
      #expect(throws: AnswerRejection("Please enter a whole number from 0 to 10.")) {
        try AnswerParser.parse(bad, for: scale).get()
      }
    }
  }

  @Test("refusals are worded in the session's language; languages without messages fall back to English")
  func refusalLanguage() {
    #expect(throws: AnswerRejection("Escribe un número entero del 0 al 10.")) {
      try AnswerParser.parse("once", for: scale, language: "es").get()
    }
    #expect(throws: AnswerRejection("Elige solo una opción.")) {
      try AnswerParser.parse("1,2", for: single, language: "es").get()
    }
    #expect(throws: AnswerRejection("Escribe al menos 3 caracteres.")) {
      try AnswerParser.parse("no", for: prompt, language: "es").get()
    }
    #expect(throws: AnswerRejection("Please enter a whole number from 0 to 10.")) {
      try AnswerParser.parse("onze", for: scale, language: "fr").get()
    }
  }

  @Test("choices accept ids or numbers; several only when multiple, kept in option order")
  func choices() throws {
    #expect(try AnswerParser.parse("2", for: single).get() == .options(["no"]))
    #expect(try AnswerParser.parse("YES", for: single).get() == .options(["yes"]))
    #expect(try AnswerParser.parse("c, 1 b", for: multi).get() == .options(["a", "b", "c"]))
    #expect(throws: AnswerRejection("Please choose just one option.")) {
      try AnswerParser.parse("1,2", for: single).get()
    }
    #expect(throws: AnswerRejection("'maybe' is not one of the options; enter a number 1–2 or an option id.")) {
      try AnswerParser.parse("maybe", for: single).get()
    }
    #expect(throws: AnswerRejection("'3' is not one of the options; enter a number 1–2 or an option id.")) {
      try AnswerParser.parse("3", for: single).get()
    }
  }

  @Test("free text respects the length limits")
  func prompts() throws {
    #expect(try AnswerParser.parse("  work  ", for: prompt).get() == .text("work"))
    #expect(throws: AnswerRejection("Please write at least 3 characters.")) {
      try AnswerParser.parse("ab", for: prompt).get()
    }
    #expect(throws: AnswerRejection("Please keep it to 10 characters (this is 11).")) {
      try AnswerParser.parse("abcdefghijk", for: prompt).get()
    }
  }
}

@Suite("Interpolation")
struct InterpolationTests {
  @Test("placeholders are found with their offsets and filled with answers as patients read them")
  func render() {
    let module = sampleModule
    #expect(
      Interpolation.placeholders(in: "a {{ feeling }} b {{x}}") == [
        .init(name: "feeling", offset: 2), .init(name: "x", offset: 18),
      ])
    let text = Interpolation.render(
      "You felt {{feeling}} at {{tension-before}}; {{note}}.", module: module,
      answers: ["feeling": .options(["tense"]), "tension-before": .number(8)])
    #expect(text == "You felt Tense at 8; (no answer).")
    #expect(Interpolation.render("unclosed {{feeling", module: module, answers: [:]) == "unclosed {{feeling")
  }
}

@Suite("interpolation fallbacks")
struct InterpolationFallbackTests {
  let module = Module(
    id: "m", version: 1, title: "M", approach: .act, minutes: 1, summary: "s",
    steps: [
      Step(id: "rating", kind: .scale(question: "Q", min: 0, max: 10, anchors: []), optional: true),
      Step(id: "end-page", kind: .text(body: "x")),
    ])

  @Test("'{{step|fallback}}' reads the fallback without an answer and the answer with one")
  func fallback() {
    let text = "You rated {{ rating | not rated yet }} today; plain: {{rating}}."
    #expect(
      Interpolation.render(text, module: module, answers: [:])
        == "You rated not rated yet today; plain: (no answer).")
    #expect(
      Interpolation.render(text, module: module, answers: ["rating": .number(7)]) == "You rated 7 today; plain: 7.")
    #expect(
      Interpolation.placeholders(in: text) == [
        .init(name: "rating", offset: 10, fallback: "not rated yet"), .init(name: "rating", offset: 53),
      ])
  }
}
