import Foundation
import Testing

@testable import TandemAuthoring
@testable import TandemBase
@testable import TandemTherapy

@Suite("TextLayout: one layout for sessions, preview, rehearse and lint")
struct TextLayoutTests {
  @Test("a line that fits is kept as written, runs of spaces and indentation included")
  func keepsSpacing() {
    #expect(TextLayout.lines("Sit    tall.\n  Then   breathe.\n", width: 40) == ["Sit    tall.", "  Then   breathe."])
    #expect(TextLayout.block("a  b   \n\n\n", width: 40) == "a  b")
  }

  @Test("a long line fills word by word; a bullet's continuation hangs under its text")
  func wrapsWithHangingBullets() {
    #expect(
      TextLayout.lines("  - one two three four", width: 12) == ["  - one two", "    three", "    four"])
    #expect(
      TextLayout.lines("one two three", width: 8, indent: "> ", continuation: "  ") == ["> one", "  two", "  three"])
  }

  @Test("counting lines agrees with laying them out, bullets and trailing spaces included")
  func countAgrees() {
    let texts = [
      "- a list item that is long enough to wrap twice at twenty\n  - nested and long enough to wrap too  \n\n",
      "plain   words    spaced    out   over   a   long   line   here", "   \n- \n-x y", "",
    ]
    for text in texts {
      for width in [8, 20, 72] {
        #expect(TextLayout.lineCount(text, width: width) == TextLayout.lines(text, width: width).count, "\(text)")
      }
    }
  }

  @Test("a shown step has every placeholder filled, timer phase labels included")
  func shownStepFillsPhases() {
    let name = Step(id: "name", kind: .prompt(question: "Name?", minLength: 1, maxLength: 20))
    let timer = Step(
      id: "breathe", title: "For {{name}}",
      kind: .timer(
        body: "Ready, {{name}}?", seconds: 3,
        phases: [Step.Phase(label: "In, {{name}}", seconds: 1), Step.Phase(label: "Out", seconds: 2)]))
    let module = Module(
      id: "m", version: 1, title: "M", approach: .relaxation, minutes: 1, summary: "s", steps: [name, timer])
    let shown = timer.shown(in: module, answers: ["name": .text("Sam")])
    #expect(shown.title == "For Sam")
    #expect(
      shown.kind
        == .timer(
          body: "Ready, Sam?", seconds: 3,
          phases: [Step.Phase(label: "In, Sam", seconds: 1), Step.Phase(label: "Out", seconds: 2)]))
    #expect(
      Rehearsal.fields(of: "breathe", module: module, answers: ["name": .text("Sam")]).map(\.text)
        == shown.interpolatedTexts.map(\.text))
  }
}
