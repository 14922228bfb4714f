import TandemBase
import TandemTherapy

/// The whole module as text, the way a patient would meet it, with the flow written out:
/// for each step in file order, when it is shown, what it says, and where it leads.
public enum ModulePreview {
  /// The preview of `module`, wrapped for a `width`-column terminal where Tandem wraps text.
  public static func render(_ module: Module, width: Int = 72) -> String {
    var out: [String] = []
    out.append("\(module.title)  (\(module.id), version \(module.version))")
    var facts = ["approach: \(module.approach.rawValue)"]
    if let process = module.process { facts.append("process: \(process.rawValue)") }
    facts.append("for: " + module.audience.map(\.rawValue).joined(separator: ", "))
    facts.append("about \(module.minutes) min")
    facts.append("\(module.steps.count) steps")
    out.append(facts.joined(separator: " · "))
    out.append(contentsOf: wrap(module.summary, width: width, indent: ""))
    out.append(String(repeating: "=", count: min(width, 72)))
    let last = module.steps.count - 1
    for (index, step) in module.steps.enumerated() {
      out.append("")
      var head = "\(index + 1). \(step.id) [\(step.kind.name)\(step.optional ? ", optional" : "")]"
      if let title = step.title { head += "  \(title)" }
      out.append(head)
      if let when = step.when {
        out.append("   shown only when " + ConditionText.words(when, in: module))
        out.append("     (when: \"\(ConditionText.source(when))\")")
      }
      if let rating = step.rating {
        out.append("   \(rating.phase.rawValue)-rating '\(rating.name)'")
      }
      out.append(contentsOf: content(step, width: width))
      out.append(contentsOf: jumps(step, isLast: index == last))
    }
    return out.joined(separator: "\n") + "\n"
  }

  private static func content(_ step: Step, width: Int) -> [String] {
    let indent = "   "
    var lines: [String] = []
    switch step.kind {
    case .text(let body):
      lines += wrap(body, width: width, indent: indent)
    case .prompt(let question, let minLength, let maxLength):
      lines += wrap(question, width: width, indent: indent)
      lines.append(indent + "> free text, \(minLength)–\(maxLength) characters")
    case .scale(let question, let min, let max, let anchors):
      lines += wrap(question, width: width, indent: indent)
      let labels = anchors.map { "\($0.value) = \($0.label)" }.joined(separator: ", ")
      lines.append(
        indent + "> a number from \(min) to \(max)" + (labels.isEmpty ? " (no labelled anchors)" : ": \(labels)"))
    case .choice(let question, let multiple, let options):
      lines += wrap(question, width: width, indent: indent)
      lines.append(indent + (multiple ? "> choose one or more:" : "> choose one:"))
      for (number, option) in options.enumerated() {
        lines.append(indent + "  \(number + 1)) \(option.label)  [\(option.id)]")
      }
    case .timer(let body, let seconds, let phases):
      lines += wrap(body, width: width, indent: indent)
      var timer = indent + "> timed exercise, \(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
      if !phases.isEmpty {
        timer += ", repeating " + phases.map { "\"\($0.label)\" \($0.seconds) s" }.joined(separator: ", ")
      }
      lines.append(timer)
    case .safety(let question, let items, let guidance):
      lines += wrap(question, width: width, indent: indent)
      for item in items { lines += wrap(item, width: width, indent: indent + "  - ", continuation: indent + "    ") }
      lines.append(indent + "> yes or no; a \"yes\" stops the session and shows:")
      lines += wrap(guidance, width: width, indent: indent + "  ")
    }
    return lines
  }

  private static func jumps(_ step: Step, isLast: Bool) -> [String] {
    var lines: [String] = []
    if case .choice(_, false, let options) = step.kind {
      for option in options {
        if let next = option.next { lines.append("   if \(option.id) is chosen, then → \(target(next))") }
      }
    }
    if let next = step.next {
      lines.append((lines.isEmpty ? "   then → " : "   otherwise, then → ") + target(next))
    } else if isLast {
      lines.append(lines.isEmpty ? "   then → end (last step)" : "   otherwise, then → end (last step)")
    }
    return lines
  }

  private static func target(_ next: String) -> String { next == "end" ? "end" : "step \(next)" }

  /// How many lines `wrap(text, width: width, indent: "")` makes, counted over the bytes
  /// without building them when `text` is printable ASCII (tabs and newlines allowed).
  static func wrappedLineCount(_ text: String, width: Int) -> Int {
    var text = text
    let counted = text.withUTF8 { bytes -> Int? in
      for byte in bytes where !((0x20...0x7E).contains(byte) || byte == 0x09 || byte == 0x0A) { return nil }
      var end = bytes.count
      if end > 0 && bytes[end - 1] == 0x0A { end -= 1 }
      var lines = 0
      var lineStart = 0
      while lineStart <= end {
        var lineEnd = lineStart
        while lineEnd < end && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        lines += 1
        if lineEnd - lineStart > width {
          // Greedy filling, as `wrap` does: words are runs of non-spaces; each wrapped line
          // starts with the line's leading spaces.
          var leading = 0
          while lineStart + leading < lineEnd && bytes[lineStart + leading] == 0x20 { leading += 1 }
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
              current = leading + word
            } else {
              current += 1 + word
            }
            position = wordEnd
          }
        }
        lineStart = lineEnd + 1
      }
      return lines
    }
    return counted ?? wrap(text, width: width, indent: "").count
  }

  /// Wraps each line of `text` at `width`, keeping the author's line breaks and indentation.
  static func wrap(_ text: String, width: Int, indent: String, continuation: String? = nil) -> [String] {
    let next = continuation ?? indent
    var lines: [String] = []
    var first = true
    let trimmed = text.hasSuffix("\n") ? String(text.dropLast()) : text
    for raw in trimmed.split(separator: "\n", omittingEmptySubsequences: false) {
      let line = TerminalText.sanitized(String(raw), keepNewlines: false)
      let leading = String(line.prefix { $0 == " " })
      let words = line.split(separator: " ")
      let start = first ? indent : next
      first = false
      if start.count + line.count <= width {
        lines.append(line.isEmpty ? "" : start + line)
        continue
      }
      guard let head = words.first else {
        lines.append("")
        continue
      }
      var current = start + leading + head
      for word in words.dropFirst() {
        if current.count + 1 + word.count > width {
          lines.append(current)
          current = next + leading + word
        } else {
          current += " " + word
        }
      }
      lines.append(current)
    }
    return lines
  }
}
