import Testing

@testable import TandemBase

@Suite("Support")
struct SupportTests {
  @Test("SHA-256 matches the FIPS 180-4 test vectors")
  func sha256() {
    #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hex([UInt8](repeating: 0x61, count: 1_000))
        == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }

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
    var diagnostic = Diagnostic.error("unknown step 'x'", at: SourceLocation(file: "m.yaml", line: 3, column: 11))
    diagnostic.sourceLine = "    next: x"
    #expect(diagnostic.rendered() == "m.yaml:3:11: error: unknown step 'x'\n    next: x\n          ^")
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
