import TandemBase

/// The one way text from the record enters the HTML report: markup characters become entities
/// and control and bidirectional characters (ESC, BEL, U+202E…) become visible `\u{…}` escapes,
/// so a name can neither add markup nor reverse the text a prescriber reads after it.
public enum HTMLText {
  /// `text` safe inside an element or a quoted attribute.
  public static func escape(_ text: String) -> String {
    let clean = TerminalText.sanitized(text)
    var out = ""
    out.reserveCapacity(clean.utf8.count)
    for c in clean {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default: out.append(c)
      }
    }
    return out
  }
}
