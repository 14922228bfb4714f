import TandemBase
import TandemTherapy

/// Writes a step as the patient sees it: progress, title, wrapped text, and the question's choices.
struct StepRenderer {
  let module: Module
  let style: TerminalStyle
  var words: RunnerText { RunnerText(language: module.language) }

  func render(_ asWritten: Step, state: SessionState, progress: SessionProgress) -> String {
    let step = asWritten.shown(in: module, answers: state.effectiveAnswers)
    func text(_ shown: String) -> String { TextLayout.block(shown, width: style.width) }
    var out = "\n" + style.dim(String(repeating: "─", count: min(style.width, 60))) + "\n"
    out +=
      style.dim(
        "\(TerminalText.sanitized(module.title)) · step \(progress.position) of about \(progress.estimatedTotal)")
      + "\n"
    if let title = step.title { out += "\n" + style.bold(text(title)) + "\n" }
    switch step.kind {
    case .text(let body):
      out += "\n" + text(body) + "\n"
    case .prompt(let question, _, let maxLength):
      out += "\n" + text(question) + "\n"
      out += style.dim(words.typeAnswer(maxLength)) + "\n"
    case .scale(let question, let min, let max, let anchors):
      out += "\n" + text(question) + "\n"
      for anchor in anchors {
        out += "  " + style.cyan(String(anchor.value)) + " = " + text(anchor.label) + "\n"
      }
    case .choice(let question, let multiple, let options):
      out += "\n" + text(question) + "\n"
      for (index, option) in options.enumerated() {
        out += "  " + style.cyan("\(index + 1))") + " " + text(option.label) + style.dim(" [\(option.id)]") + "\n"
      }
      if multiple { out += style.dim(words.chooseSeveral) + "\n" }
    case .timer(let body, let seconds, let phases):
      out += "\n" + text(body) + "\n"
      if !phases.isEmpty {
        let pattern = phases.map { "\(TerminalText.sanitized($0.label)) \($0.seconds) s" }.joined(separator: ", ")
        out += style.dim("Pattern: \(pattern), for \(TimerFormat.clock(seconds)).") + "\n"
      }
    case .safety(let question, let items, _):
      out += "\n" + text(question) + "\n"
      for item in items {
        out += TextLayout.block("  - " + item, width: style.width) + "\n"
      }
    }
    if let earlier = state.answers[step.id], step.kind.takesAnswer {
      out +=
        style.dim(
          "Your earlier answer: \(TerminalText.sanitized(Interpolation.display(earlier, step: step), keepNewlines: false))"
        ) + "\n"
    }
    return out
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
