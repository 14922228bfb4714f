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
    out.append(contentsOf: TextLayout.lines(module.summary, width: width, indent: ""))
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
      lines += TextLayout.lines(body, width: width, indent: indent)
    case .prompt(let question, let minLength, let maxLength):
      lines += TextLayout.lines(question, width: width, indent: indent)
      lines.append(indent + "> free text, \(minLength)–\(maxLength) characters")
    case .scale(let question, let min, let max, let anchors):
      lines += TextLayout.lines(question, width: width, indent: indent)
      let labels = anchors.map { "\($0.value) = \($0.label)" }.joined(separator: ", ")
      lines.append(
        indent + "> a number from \(min) to \(max)" + (labels.isEmpty ? " (no labelled anchors)" : ": \(labels)"))
    case .choice(let question, let multiple, let options):
      lines += TextLayout.lines(question, width: width, indent: indent)
      lines.append(indent + (multiple ? "> choose one or more:" : "> choose one:"))
      for (number, option) in options.enumerated() {
        let alone = multiple && option.exclusive ? " (on its own only)" : ""
        lines.append(indent + "  \(number + 1)) \(option.label)  [\(option.id)]\(alone)")
      }
    case .timer(let body, let seconds, let phases):
      lines += TextLayout.lines(body, width: width, indent: indent)
      var timer = indent + "> timed exercise, \(seconds / 60):" + (seconds % 60 < 10 ? "0" : "") + "\(seconds % 60)"
      if !phases.isEmpty {
        timer += ", repeating " + phases.map { "\"\($0.label)\" \($0.seconds) s" }.joined(separator: ", ")
      }
      lines.append(timer)
    case .safety(let question, let items, let guidance):
      lines += TextLayout.lines(question, width: width, indent: indent)
      for item in items {
        lines += TextLayout.lines(item, width: width, indent: indent + "  - ", continuation: indent + "    ")
      }
      lines.append(indent + "> yes or no; a \"yes\" stops the session and shows:")
      lines += TextLayout.lines(guidance, width: width, indent: indent + "  ")
    }
    return lines
  }

  /// Where the step leads, by the one flow rule (`StepFlow`) the session follows: each option
  /// whose exit differs from the step's own, then the step's own exit.
  private static func jumps(_ step: Step, isLast: Bool) -> [String] {
    var lines: [String] = []
    let jumping = StepFlow.exits(of: step).filter { !$0.options.isEmpty && $0.target != step.next }
    if case .choice(_, _, let options) = step.kind, !jumping.isEmpty {
      for option in options {
        guard let next = jumping.first(where: { $0.options.contains(option.id) })?.target else { continue }
        lines.append("   if \(option.id) is chosen, then → \(target(next))")
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
}
