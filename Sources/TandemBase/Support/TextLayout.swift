/// How module text is laid out on a terminal, the one rule the session runner, `preview`,
/// `rehearse` and lint's screen-length check all follow.
///
/// Each of the author's lines is kept as written (runs of spaces in `|` text included) when it
/// fits; a longer line is filled word by word, its continuation lines starting with the line's
/// own indentation, plus two columns under a `- ` bullet. Trailing spaces and trailing blank
/// lines are dropped; control characters are made visible.
public enum TextLayout {
  /// The lines of `text` at `width` columns: the first starts with `indent`, the rest with
  /// `continuation` (default `indent`).
  public static func lines(_ text: String, width: Int, indent: String = "", continuation: String? = nil) -> [String] {
    let next = continuation ?? indent
    var lines: [String] = []
    var first = true
    var trimmed = Substring(text)
    while trimmed.last == "\n" { trimmed = trimmed.dropLast() }
    for raw in trimmed.split(separator: "\n", omittingEmptySubsequences: false) {
      var line = Substring(TerminalText.sanitized(String(raw), keepNewlines: false))
      while line.last == " " { line = line.dropLast() }
      let start = first ? indent : next
      first = false
      guard !line.isEmpty else {
        lines.append("")
        continue
      }
      if start.count + line.count <= width {
        lines.append(start + line)
        continue
      }
      let leading = String(line.prefix { $0 == " " })
      let hanging = line.dropFirst(leading.count).hasPrefix("- ") ? leading + "  " : leading
      let words = line.split(separator: " ")
      var current = start + leading + (words.first ?? "")
      for word in words.dropFirst() {
        if current.count + 1 + word.count > width {
          lines.append(current)
          current = next + hanging + word
        } else {
          current += " " + word
        }
      }
      lines.append(current)
    }
    return lines
  }

  /// `text` cut to at most `width` characters, ending in `…` when cut: for a status line that
  /// is redrawn in place and must never wrap onto a new line.
  public static func truncated(_ text: String, width: Int) -> String {
    guard text.count > width else { return text }
    guard width > 1 else { return String(text.prefix(max(0, width))) }
    return String(text.prefix(width - 1)) + "…"
  }

  /// `lines(text, width: width)` joined with newlines, as the session runner prints a text.
  public static func block(_ text: String, width: Int) -> String {
    lines(text, width: width).joined(separator: "\n")
  }

  /// How many lines `lines(text, width: width)` makes, counted over the bytes without building
  /// them when `text` is printable ASCII (tabs and newlines allowed); lint counts every page.
  public static func lineCount(_ text: String, width: Int) -> Int {
    var text = text
    let counted = text.withUTF8 { bytes -> Int? in
      for byte in bytes where !((0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A) { return nil }
      var end = bytes.count
      while end > 0 && bytes[end - 1] == 0x0A { end -= 1 }
      var lines = 0
      var lineStart = 0
      while lineStart <= end {
        var lineEnd = lineStart
        while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        let nextStart = lineEnd + 1
        while lineEnd > lineStart && bytes[lineEnd - 1] == 0x20 { lineEnd -= 1 }
        lines += 1
        if lineEnd - lineStart > width {
          var leading = 0
          while lineStart + leading < lineEnd && bytes[lineStart + leading] == 0x20 { leading += 1 }
          let bullet =
            lineStart + leading + 1 < lineEnd && bytes[lineStart + leading] == 0x2D
            && bytes[lineStart + leading + 1] == 0x20
          let hanging = leading + (bullet ? 2 : 0)
          var current = -1
          var position = lineStart
          while position < lineEnd {
            while position < lineEnd && bytes[position] == 0x20 { position += 1 }
            guard position < lineEnd else { break }
            var wordEnd = position
            while wordEnd < lineEnd && bytes[wordEnd] != 0x20 { wordEnd += 1 }
            let word = wordEnd - position
            if current < 0 {
              current = leading + word
            } else if current + 1 + word > width {
              lines += 1
              current = hanging + word
            } else {
              current += 1 + word
            }
            position = wordEnd
          }
        }
        lineStart = nextStart
      }
      return lines
    }
    return counted ?? lines(text, width: width).count
  }
}
