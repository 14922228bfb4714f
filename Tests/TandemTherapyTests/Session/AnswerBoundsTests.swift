import TandemTestFixtures
import Testing

@testable import TandemTherapy

/// Typed answers that are numbers too large for arithmetic are refused like any other wrong answer.
@Suite("Answer bounds")
struct AnswerBoundsTests {
  @Test(
    "Int.min, Int.max and huge numbers at a choice step are not options",
    arguments: [
      "-9223372036854775808", "9223372036854775807", "99999999999999999999", "0", "-1",
    ])
  func choiceNumbers(_ text: String) {
    guard let step = sampleModule.step("feeling") else {
      Issue.record("no choice step")
      return
    }
    guard case .failure = AnswerParser.parse(text, for: step) else {
      Issue.record("\(text) was accepted")
      return
    }
    #expect(AnswerParser.parse("2", for: step) == .success(.options(["tense"])))
  }

  @Test("Int.min at a scale step asks again")
  func scaleNumbers() {
    guard let step = sampleModule.step("tension-before") else { return }
    guard case .failure = AnswerParser.parse("-9223372036854775808", for: step) else {
      Issue.record("accepted")
      return
    }
  }
}
