import TandemBase
import TandemTherapy

/// Writes a step as the patient sees it: progress, title, wrapped text, and the question's choices.
///
/// Every line, the module's and Tandem's own, is wrapped at word boundaries to the terminal's
/// width (`TextLayout`, the one rule `rehearse` and `preview` follow too).
struct StepRenderer {
  let module: Module
  let style: TerminalStyle
  var words: RunnerText { RunnerText(language: module.language) }

  /// The step; `preface` (Tandem's own lines, such as the doses a dose check will log) goes
  /// between the question and its answers.
  func render(_ asWritten: Step, state: SessionState, progress: SessionProgress, preface: String = "") -> String {
    let step = asWritten.shown(in: module, answers: state.effectiveAnswers)
    func text(_ shown: String) -> String { TextLayout.block(shown, width: style.width) }
    var out = "\n" + style.dim(String(repeating: "─", count: min(style.width, 60))) + "\n"
    out += style.dim(text(words.progress(module.title, progress.position, progress.estimatedTotal))) + "\n"
    if let title = step.title { out += "\n" + style.bold(text(title)) + "\n" }
    switch step.kind {
    case .text(let body):
      out += "\n" + text(body) + "\n"
    case .prompt(let question, _, let maxLength):
      out += "\n" + text(question) + "\n"
      out += style.dim(text(words.typeAnswer(maxLength))) + "\n"
    case .scale(let question, _, _, let anchors):
      out += "\n" + text(question) + "\n" + preface
      for anchor in anchors {
        out += listed(marker: String(anchor.value), separator: " = ", anchor.label)
      }
    case .choice(let question, let multiple, let options):
      out += "\n" + text(question) + "\n" + preface
      for (index, option) in options.enumerated() {
        let alone = multiple && option.exclusive ? " (\(words.onItsOwn))" : ""
        out += listed(marker: "\(index + 1))", separator: " ", option.label + alone, id: option.id)
      }
      if multiple { out += style.dim(text(words.chooseSeveral)) + "\n" }
    case .timer(let body, let seconds, let phases):
      out += "\n" + text(body) + "\n"
      if !phases.isEmpty {
        let pattern = phases.map { "\($0.label) \($0.seconds) s" }.joined(separator: ", ")
        out += style.dim(text("Pattern: \(pattern), for \(TimerFormat.clock(seconds)).")) + "\n"
      }
    case .safety(let question, let items, _):
      out += "\n" + text(question) + "\n"
      for item in items {
        out += TextLayout.block("  - " + item, width: style.width) + "\n"
      }
    }
    if let earlier = state.answers[step.id], step.kind.takesAnswer {
      let shown = TerminalText.sanitized(Interpolation.display(earlier, step: step), keepNewlines: false)
      out += style.dim(text("\(words.earlierAnswer): \(shown)")) + "\n"
    }
    return out
  }

  /// One entry of a list (`  3) label [id]`, `  0 = no pain`), its label wrapped under itself.
  private func listed(marker: String, separator: String, _ label: String, id: String? = nil) -> String {
    let lead = "  " + marker + separator
    let hang = String(repeating: " ", count: lead.count)
    let suffix = id.map { " [\($0)]" } ?? ""
    var lines = TextLayout.lines(label + suffix, width: style.width, indent: lead, continuation: hang)
    guard !lines.isEmpty else { return "" }
    lines[0] = "  " + style.cyan(marker) + separator + lines[0].dropFirst(lead.count)
    if !suffix.isEmpty, lines[lines.count - 1].hasSuffix(suffix) {
      lines[lines.count - 1] = lines[lines.count - 1].dropLast(suffix.count) + style.dim(suffix)
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// The prompt text before the cursor.
  func prompt(for step: Step) -> String {
    switch step.kind {
    case .text: return style.dim(words.pressEnterToContinue) + " "
    case .timer: return style.dim(words.pressEnterToBegin) + " "
    case .prompt: return "> "
    case .scale(_, let min, let max, _): return words.rating(min, max)
    case .choice(_, let multiple, _): return words.choice(multiple: multiple)
    case .safety: return words.yesOrNo
    }
  }

  /// An answer as the patient would type it again.
  static func editable(_ answer: Answer?) -> String {
    switch answer {
    case nil: return ""
    case .number(let value): return String(value)
    case .text(let text): return text
    case .options(let ids): return ids.joined(separator: ",")
    case .safety(let flagged): return flagged ? "yes" : "no"
    }
  }
}
