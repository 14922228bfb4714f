import TandemTherapy

/// The text `tandem graph --paths` and `tandem preview --paths` print about a `PathAnalysis`.
public enum PathReport {
  /// A summary (counts, shortest and longest, unreached steps, endless paths) and then each path.
  public static func render(_ analysis: PathAnalysis, module: Module, listing limit: Int = .max) -> String {
    var out: [String] = []
    let paths = analysis.paths
    let completed = paths.filter { $0.ending == .completed }.count
    let stopped = paths.filter { $0.ending == .safetyStopped }.count
    let loops = analysis.loopingPaths.count
    var count = "\(paths.count) distinct path\(paths.count == 1 ? "" : "s")"
    if analysis.isCapped { count += " (capped at \(analysis.maxPaths); there are more)" }
    out.append("Paths through \(module.id): \(count)")
    out.append("  \(completed) reach the end, \(stopped) stop at a safety screen, \(loops) loop back")
    if let shortest = analysis.shortest {
      out.append("  shortest: \(describe(shortest, alsoTime: true))")
    }
    if let longest = analysis.longest {
      out.append("  longest:  \(describe(longest, alsoTime: true))")
    }
    if let quickest = analysis.quickest, let slowest = analysis.slowest {
      out.append(
        "  time: \(StepTiming.minutesText(quickest.seconds)) to \(StepTiming.minutesText(slowest.seconds))"
          + " (module says \(module.minutes) min)")
    }
    let unreached = analysis.unreachedSteps
    if analysis.isCapped {
      out.append("  steps no path reaches: not known (the search was capped)")
    } else {
      out.append("  steps no path reaches: " + (unreached.isEmpty ? "none" : unreached.joined(separator: ", ")))
    }
    let endless = analysis.stepsThatNeverEnd
    out.append(
      "  paths that never end: "
        + (endless.isEmpty && loops == 0
          ? "none"
          : (endless.isEmpty ? "" : "no route to the end from \(endless.joined(separator: ", ")); ")
            + "\(loops) path\(loops == 1 ? "" : "s") loop back"))
    out.append("")
    for (index, path) in paths.prefix(limit).enumerated() {
      let answers = path.choices.isEmpty ? "whatever the answers" : path.choices.joined(separator: ", ")
      out.append("\(index + 1). \(answers)")
      out.append("   " + route(path))
      out.append("   \(path.steps.count) steps, \(StepTiming.minutesText(path.seconds))")
    }
    if paths.count > limit { out.append("… and \(paths.count - limit) more") }
    return out.joined(separator: "\n") + "\n"
  }

  /// `a → b → c → end`.
  public static func route(_ path: PathAnalysis.Path) -> String {
    let tail: String
    switch path.ending {
    case .completed: tail = "end"
    case .safetyStopped: tail = "safety stop"
    case .loops(let to): tail = "back to \(to) (loop)"
    }
    return (path.steps + [tail]).joined(separator: " → ")
  }

  private static func describe(_ path: PathAnalysis.Path, alsoTime: Bool) -> String {
    let how = path.choices.isEmpty ? "" : " when " + path.choices.joined(separator: ", ")
    let ending: String
    switch path.ending {
    case .completed: ending = "to the end"
    case .safetyStopped: ending = "to a safety stop"
    case .loops(let to): ending = "looping back to \(to)"
    }
    return "\(path.steps.count) steps, \(StepTiming.minutesText(path.seconds)), \(ending)\(how)"
  }
}
