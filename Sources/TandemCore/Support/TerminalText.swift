/// Makes text from modules and patients safe to print: no raw control characters reach a terminal.
public enum TerminalText {
  /// Replaces every control character except newline and tab with a visible `\u{…}` escape.
  ///
  /// ESC, CSI, BEL, DEL and C1 controls could otherwise move the cursor, change colours or
  /// retitle the window (escape-sequence injection).
  public static func sanitized(_ text: String, keepNewlines: Bool = true) -> String {
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
}
