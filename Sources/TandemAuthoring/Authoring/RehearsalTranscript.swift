import TandemBase

/// The text `tandem rehearse` prints: each step as shown, the answer, where it went, and the end.
public enum RehearsalTranscript {
  /// The transcript of `rehearsal`.
  public static func render(_ rehearsal: Rehearsal, width: Int = 72) -> String {
    let module = rehearsal.module
    var out: [String] = []
    var number = 0
    var askedAgain = false
    for turn in rehearsal.turns {
      let kind = module.step(turn.step)?.kind.name ?? "?"
      if !askedAgain {
        number += 1
        out.append("")
        out.append("[\(number)] \(turn.step) (\(kind))")
        for field in turn.shown {
          let label = field.name.hasPrefix("options.") ? "option \(optionNumber(field.name))" : field.name
          let lines = TextLayout.lines(field.text, width: width, indent: "    \(label): ", continuation: "      ")
          out.append(contentsOf: lines)
        }
      }
      askedAgain = turn.rejection != nil || turn.changedNothing
      guard let input = turn.input else {
        out.append("    < (no more answers)")
        continue
      }
      let shownInput =
        input.trimmingWhitespace().isEmpty ? "(Enter)" : TerminalText.sanitized(input, keepNewlines: false)
      out.append("    < \(shownInput)")
      if let rejection = turn.rejection {
        out.append("    ! refused: \(rejection)")
      } else if turn.changedNothing {
        out.append("    (shown; the same step is asked again)")
      } else if let next = turn.next {
        out.append("    → \(next)")
      } else {
        out.append("    → \(turn.status.rawValue)")
      }
    }
    out.append("")
    let state = rehearsal.state
    var status =
      "Status: \(state.status.rawValue) after \(rehearsal.shownSteps.count) step\(rehearsal.shownSteps.count == 1 ? "" : "s") shown"
    if state.practisedSeconds > 0 {
      status += ", \(state.practisedSeconds / 60) min \(state.practisedSeconds % 60) s of timed practice"
    }
    out.append(status)
    out.append("Path: " + (rehearsal.shownSteps.isEmpty ? "(none)" : rehearsal.shownSteps.joined(separator: " → ")))
    if rehearsal.unusedAnswers > 0 {
      out.append("Note: \(rehearsal.unusedAnswers) answer\(rehearsal.unusedAnswers == 1 ? " was" : "s were") not used")
    }
    return out.joined(separator: "\n") + "\n"
  }

  private static func optionNumber(_ field: String) -> String {
    let index = Int(field.dropFirst("options.".count)) ?? 0
    return String(index + 1)
  }
}
