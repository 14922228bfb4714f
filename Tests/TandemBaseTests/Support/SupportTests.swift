import Testing

@testable import TandemBase

@Suite("Support")
struct SupportTests {
  @Test("control characters never reach the terminal raw")
  func sanitize() {
    #expect(TerminalText.sanitized("red \u{1B}[31mtext\u{07}\r") == "red \\u{1b}[31mtext\\u{7}\\u{d}")
    #expect(TerminalText.sanitized("line\nnext\ttab") == "line\nnext\ttab")
    #expect(TerminalText.sanitized("a\nb", keepNewlines: false) == "a\\u{a}b")
    #expect(TerminalText.sanitized("\u{9B}2J \u{202E}rtl") == "\\u{9b}2J \\u{202e}rtl")
  }

  @Test("suggestions find likely typos and nothing for unrelated names")
  func suggestions() {
    #expect(Suggestion.closest(to: "breathe2", in: ["breathe", "intro"]) == "breathe")
    #expect(Suggestion.closest(to: "qqqq", in: ["breathe", "intro"]) == nil)
    #expect(Suggestion.hint(for: "tittle", in: ["title", "id"]) == "; did you mean 'title'?")
  }

  @Test("diagnostics render like a compiler's, with a caret under the column")
  func rendering() {
    var diagnostic = Diagnostic.error(
      Diagnostic.Message("unknown step 'x'", category: "unknown-step"),
      at: SourceLocation(file: "m.yaml", line: 3, column: 11))
    diagnostic.sourceLine = "    next: x"
    #expect(diagnostic.rendered() == "m.yaml:3:11: error: unknown step 'x'\n    next: x\n          ^")
  }

  @Test("notes follow the finding as file:line:col lines; the printer paints only the severity words")
  func notes() {
    let diagnostic = Diagnostic.error(
      Diagnostic.Message("duplicate step id 'a'", category: "duplicate-step-id"),
      at: SourceLocation(file: "m.yaml", line: 8, column: 9),
      notes: [.firstUse(at: SourceLocation(file: "m.yaml", line: 2, column: 9))])
    #expect(diagnostic.category == "duplicate-step-id")
    #expect(diagnostic.rendered() == "m.yaml:8:9: error: duplicate step id 'a'\nm.yaml:2:9: note: first used here")
    let painted = DiagnosticPrinter { severity, word in "<\(severity)>\(word)</>" }.render(diagnostic)
    #expect(painted == "m.yaml:8:9: <error>error:</> duplicate step id 'a'\nm.yaml:2:9: <note>note:</> first used here")
  }

  @Test("the printer escapes control characters in paths, messages, source lines and notes")
  func printerSanitises() {
    var diagnostic = Diagnostic.error(
      Diagnostic.Message("bad", category: "test"), at: SourceLocation(file: "\u{1B}[2J.yaml", line: 1, column: 1),
      notes: [Diagnostic.Note("see \u{07}here", at: nil)])
    diagnostic.sourceLine = "\u{1B}[31mred"
    let text = diagnostic.rendered()
    #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    #expect(text.contains("\\u{1b}[2J.yaml:1:1: error: bad"))
  }
}

@Suite("TerminalText: clean text passes through untouched, anything else is escaped")
struct TerminalTextTests {
  /// The rule, written out character by character.
  func reference(_ text: String, keepNewlines: Bool) -> String {
    var out = ""
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A where keepNewlines, 0x09: out.unicodeScalars.append(scalar)
      case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
        out += "\\u{" + String(scalar.value, radix: 16) + "}"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  @Test("random text with controls, C1 codes, bidirectional marks and their neighbours")
  func matchesTheRule() {
    let pieces: [String] = [
      "a", " ", "\t", "\n", "\r", "\u{1B}[31m", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "é", "–", "\u{2027}",
      "\u{2028}",
      "\u{2029}", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2065}", "\u{2066}", "\u{2069}", "\u{206A}", "😀", "€",
    ]
    var seed: UInt64 = 7
    for _ in 0..<2_000 {
      var text = ""
      for _ in 0..<8 {
        seed = seed &* 6_364_136_223_846_793_005 &+ 1
        text += pieces[Int((seed >> 33) % UInt64(pieces.count))]
      }
      for keep in [true, false] {
        #expect(TerminalText.sanitized(text, keepNewlines: keep) == reference(text, keepNewlines: keep))
      }
    }
  }
}
