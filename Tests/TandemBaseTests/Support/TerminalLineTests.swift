import Testing

@testable import TandemBase

/// Lines that are redrawn in place must never wrap: the answer being typed and a timer's status.
@Suite("Terminal lines redrawn in place")
struct TerminalLineTests {
  static func characters(_ text: String) -> [String] { text.map { String($0) } }

  @Test("a short answer is shown whole, the cursor moved back to where it is")
  func shortAnswer() {
    var window = AnswerWindow(columns: 20)
    let shown = window.show(Self.characters("calm morning"), cursor: 4)
    #expect(shown.text == "calm morning")
    #expect(shown.back == 8)
  }

  @Test("a long answer scrolls sideways around the cursor and never takes more than its columns")
  func longAnswer() {
    let text = Self.characters("this is a very long answer that goes well past the width")
    var window = AnswerWindow(columns: 20)
    // Cursor at the end: the end is in view, hidden text on the left is marked.
    var shown = window.show(text, cursor: text.count)
    #expect(shown.text.hasPrefix("…"))
    #expect(shown.text.hasSuffix("past the width"))
    #expect(shown.text.count == 19)
    #expect(shown.back == 0)
    // Home: the start is in view, hidden text on the right is marked.
    shown = window.show(text, cursor: 0)
    #expect(shown.text.hasPrefix("this is a very"))
    #expect(shown.text.hasSuffix("…"))
    #expect(shown.text.count <= 19)
    #expect(shown.back == shown.text.count)
    // Every cursor position is in view, and every window fits.
    for cursor in 0...text.count {
      let shown = window.show(text, cursor: cursor)
      #expect(shown.text.count <= 19, "cursor \(cursor): \(shown.text)")
      #expect(shown.back >= 0 && shown.back <= shown.text.count, "cursor \(cursor)")
      let column = shown.text.count - shown.back
      let left = Array(shown.text)
      if cursor > 0, column > 0, left[column - 1] != "…" {
        #expect(String(left[column - 1]) == text[cursor - 1], "cursor \(cursor): \(shown.text)")
      }
    }
  }

  @Test("a timer's status keeps the time left; the dots, then the label, give way to the width")
  func timerStatus() {
    let pace = TimerPace(phases: [("Breathe in through your nose, slowly and gently", 4), ("And out", 6)])
    let start = TimerStatusLine(phase: pace.phase(at: 0), left: 180, width: 100)
    #expect(start.text == "Breathe in through your nose, slowly and gently  ●●●●  3:00 left")
    let narrow = TimerStatusLine(phase: pace.phase(at: 0), left: 180, width: 39)
    #expect(narrow.text.count <= 39)
    #expect(narrow.text.hasSuffix("3:00 left"))
    #expect(narrow.label.hasPrefix("Breathe in"))
    let out = TimerStatusLine(phase: pace.phase(at: 5), left: 175, width: 39)
    #expect(out.text == "And out  ●●●●●  2:55 left")
    let tiny = TimerStatusLine(phase: pace.phase(at: 0), left: 180, width: 12)
    #expect(tiny.text == "3:00 left")
    #expect(TimerStatusLine(phase: nil, left: 61, width: 40).text == "1:01 left")
  }

  @Test("phases repeat in order; the position changes exactly when a phase begins")
  func pace() {
    let pace = TimerPace(phases: [("In", 4), ("Out", 6)])
    #expect(pace.phase(at: 0)?.label == "In")
    #expect(pace.phase(at: 3)?.secondsLeft == 1)
    #expect(pace.phase(at: 4)?.label == "Out")
    #expect(pace.phase(at: 10)?.position == TimerPace.Position(round: 1, index: 0))
    #expect(pace.phase(at: 3)?.position == pace.phase(at: 0)?.position)
    #expect(TimerPace(phases: []).phase(at: 3) == nil)
  }

  @Test("text cut to a width ends in an ellipsis; what is on screen leaves out Tandem's own sequences")
  func truncatedAndVisible() {
    #expect(TextLayout.truncated("abcdef", width: 4) == "abc…")
    #expect(TextLayout.truncated("abc", width: 4) == "abc")
    #expect(
      TerminalText.visible(TerminalText.control("[2m") + "Press Enter" + TerminalText.control("[0m")) == "Press Enter")
    #expect(TerminalText.visible("a\u{1B}b") == "a\\u{1b}b")
  }
}
