/// Makes text from modules and patients safe to print: no raw control characters reach a terminal.
public enum TerminalText {
  /// Replaces every control character except newline and tab with a visible `\u{…}` escape.
  ///
  /// ESC, CSI, BEL, DEL and C1 controls could otherwise move the cursor, change colours or
  /// retitle the window (escape-sequence injection).
  public static func sanitized(_ text: String, keepNewlines: Bool = true) -> String {
    if isClean(text, keepNewlines: keepNewlines) { return text }
    var out = ""
    out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
    for scalar in text.unicodeScalars {
      switch scalar.value {
      case 0x0A where keepNewlines, 0x09:
        out.unicodeScalars.append(scalar)
      case 0x00...0x1F, 0x7F...0x9F, 0x2028, 0x2029, 0x202A...0x202E, 0x2066...0x2069:
        out += "\\u{" + String(scalar.value, radix: 16) + "}"
      default:
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Tandem's own control `sequence` — a CSI sequence such as `[1m` or `[K`, or `\r` — in a
  /// form `forTerminal` turns into the real one. Text from anywhere else cannot forge it: the
  /// mark carries a random value chosen once per process, and `forTerminal` escapes every
  /// control character that does not follow the mark.
  public static func control(_ sequence: String) -> String {
    controlMark + sequence
  }

  /// `text` as it shows on screen: Tandem's own sequences (made with `control`) left out, every
  /// other control character escaped as `sanitized` does. Its length is the columns it takes.
  public static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(markStart) else { return sanitized(text) }
    let parts = text.components(separatedBy: controlMark)
    var out = sanitized(parts[0])
    for part in parts.dropFirst() {
      let scalars = part.unicodeScalars
      out += sanitized(String(String.UnicodeScalarView(scalars.dropFirst(controlLength(at: scalars)))))
    }
    return out
  }

  /// `text` as it may reach a terminal: the sequences made with `control` become real control
  /// sequences, and every other control or bidirectional character is escaped as `sanitized` does.
  ///
  /// A carriage return just before a newline (CRLF, as CSV writes) is kept: it cannot overwrite
  /// anything. A lone one is escaped unless it is Tandem's own.
  public static func forTerminal(_ text: String) -> String {
    if text.utf8.contains(0x0D), text.contains("\r\n") {
      return text.components(separatedBy: "\r\n").map(forTerminalWithoutCRLF).joined(separator: "\r\n")
    }
    return forTerminalWithoutCRLF(text)
  }

  private static func forTerminalWithoutCRLF(_ text: String) -> String {
    guard text.unicodeScalars.contains(markStart) else { return sanitized(text) }
    let parts = text.components(separatedBy: controlMark)
    var out = sanitized(parts[0])
    for part in parts.dropFirst() {
      let scalars = part.unicodeScalars
      let length = controlLength(at: scalars)
      if length > 0 {
        if scalars.first != "\r" { out += "\u{1B}" }
        out.unicodeScalars.append(contentsOf: scalars.prefix(length))
      }
      out += sanitized(String(String.UnicodeScalarView(scalars.dropFirst(length))))
    }
    return out
  }

  /// The mark `control` puts before a sequence: two noncharacters around a per-process random value.
  private static let controlMark: String = {
    var generator = SystemRandomNumberGenerator()
    return String(markStart) + String(generator.next() as UInt64, radix: 36) + String(markEnd)
  }()

  // Noncharacters: never assigned, so no text means anything by them (Swift has no literal for them).
  private static let markStart = Unicode.Scalar(0xFDD0 as UInt32) ?? "\u{FFFD}"
  private static let markEnd = Unicode.Scalar(0xFDD1 as UInt32) ?? "\u{FFFD}"

  /// How many characters at the start of `text` form an allowed sequence: `\r`, or `[`,
  /// parameters (digits, `;`, `?`) and a final letter; 0 if none.
  private static func controlLength(at scalars: String.UnicodeScalarView) -> Int {
    if scalars.first == "\r" { return 1 }
    guard scalars.first == "[" else { return 0 }
    var length = 1
    for scalar in scalars.dropFirst().prefix(16) {
      length += 1
      switch scalar {
      case "A"..."Z", "a"..."z": return length
      case "0"..."9", ";", "?": continue
      default: return 0
      }
    }
    return 0
  }

  /// Whether `sanitized` would leave `text` as it is, judged on its UTF-8 bytes: printable
  /// ASCII, tab (and newline when kept), and any other character except the C1 controls
  /// (U+0080–U+009F, lead byte C2) and the line, paragraph and bidirectional marks
  /// (U+2028–U+202E, U+2066–U+2069, lead byte E2).
  private static func isClean(_ text: String, keepNewlines: Bool) -> Bool {
    let bytes = text.utf8
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      switch byte {
      case 0x20...0x7E, 0x09: break
      case 0x0A where keepNewlines: break
      case 0x00...0x1F, 0x7F: return false
      case 0xC2:
        let next = bytes.index(after: index)
        if next != bytes.endIndex, (0x80...0x9F).contains(bytes[next]) { return false }
      case 0xE2:
        let second = bytes.index(after: index)
        guard second != bytes.endIndex else { break }
        let third = bytes.index(after: second)
        guard third != bytes.endIndex else { break }
        let pair = (bytes[second], bytes[third])
        if pair.0 == 0x80 && (0xA8...0xAE).contains(pair.1) { return false }
        if pair.0 == 0x81 && (0xA6...0xA9).contains(pair.1) { return false }
      default: break
      }
      index = bytes.index(after: index)
    }
    return true
  }
}

extension Collection where Element == UInt8 {
  /// Whether `needle` appears as a contiguous run in this collection (a plain byte search:
  /// for text, an exact, case-sensitive match of UTF-8).
  public func containsSequence<Needle: Collection>(_ needle: Needle) -> Bool where Needle.Element == UInt8 {
    guard let first = needle.first else { return true }
    var start = startIndex
    while let found = self[start...].firstIndex(of: first) {
      if self[found...].starts(with: needle) { return true }
      start = index(after: found)
    }
    return false
  }
}
