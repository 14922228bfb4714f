import Testing

@testable import TandemBase

@Suite("TerminalText: Tandem's own control sequences, and nobody else's")
struct TerminalControlTests {
  @Test("sequences made with control() become real ones; everything else is escaped")
  func ownSequencesPass() {
    let styled = TerminalText.control("[1;31m") + "evil\u{1B}[2J\u{07}\u{202E}" + TerminalText.control("[0m")
    #expect(TerminalText.forTerminal(styled) == "\u{1B}[1;31mevil\\u{1b}[2J\\u{7}\\u{202e}\u{1B}[0m")
    #expect(TerminalText.forTerminal(TerminalText.control("\r") + TerminalText.control("[K") + "x") == "\r\u{1B}[Kx")
  }

  @Test("text cannot forge the mark: the noncharacter alone, or a mark with a wrong value, gives no control")
  func markCannotBeForged() {
    let start = String(Unicode.Scalar(0xFDD0 as UInt32)!)
    let end = String(Unicode.Scalar(0xFDD1 as UInt32)!)
    for forged in [start + "[31m", start + "0" + end + "[31m", start + "abc" + end + "\r"] {
      let out = TerminalText.forTerminal(forged)
      #expect(!out.unicodeScalars.contains("\u{1B}"), "\(forged.debugDescription)")
      #expect(!out.unicodeScalars.contains("\r"), "\(forged.debugDescription)")
    }
  }

  @Test("only CSI sequences with a final letter, or a carriage return, follow the mark")
  func onlyAllowedSequences() {
    for body in ["]0;title\u{07}", "[31", "[12345678901234567890m", "P"] {
      let out = TerminalText.forTerminal(TerminalText.control(body))
      #expect(!out.unicodeScalars.contains("\u{1B}"), "\(body.debugDescription)")
      #expect(!out.unicodeScalars.contains("\u{07}"), "\(body.debugDescription)")
    }
  }

  @Test("CRLF line ends pass; a lone carriage return does not")
  func carriageReturns() {
    #expect(TerminalText.forTerminal("a,b\r\nc,d\r\n") == "a,b\r\nc,d\r\n")
    #expect(TerminalText.forTerminal("safe\rspoof\r\n") == "safe\\u{d}spoof\r\n")
  }

  @Test("plain text passes as sanitized() leaves it")
  func plainText() {
    for text in ["hello", "a\tb\nc", "naïve – “quotes” ✓", "\u{1B}[31m"] {
      #expect(TerminalText.forTerminal(text) == TerminalText.sanitized(text))
    }
  }
}
