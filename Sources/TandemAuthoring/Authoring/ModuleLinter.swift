import TandemBase
import TandemTherapy

/// Warnings about modules that are valid but may not serve patients well; `tandem validate
/// --strict` turns them into errors. Pure: looks only at the module.
public enum ModuleLinter {
  /// Lines of a screen.
  public static let screenLines = 20
  /// Columns of a screen.
  public static let screenColumns = 72
  /// The highest Flesch–Kincaid grade accepted for a page of text.
  public static let maxGrade = 8.0
  /// Pages with fewer words are too short for a meaningful grade.
  public static let minWordsForGrade = 40
  /// Words in a step id or question that suggest a question about mood, distress or self-harm.
  public static let moodWords = ["mood", "distress", "hopeless", "harm", "suicid", "depress", "low or worried"]

  /// Every warning for `module`. `crisisText` is the body of the crisis snippet
  /// (`Content/snippets/crisis-resources.yaml`); without it, a page mentioning "988" or
  /// "emergency number" counts as the crisis page.
  ///
  /// A module whose file has errors is linted as far as it goes: `brokenSteps` (steps with errors)
  /// are not looked at, and paths are followed only when `flowIsKnown`.
  public static func lint(
    _ module: Module, crisisText: String? = nil, brokenSteps: Set<String> = [], flowIsKnown: Bool = true
  ) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for step in module.steps where !brokenSteps.contains(step.id) {
      findings += anchors(step)
      findings += screenLength(step)
      findings += readability(step)
    }
    findings += unpairedRatings(module)
    findings += crisisRoutes(module, crisisText: crisisText)
    findings += safetyOrder(module)
    guard flowIsKnown else { return findings }
    let paths = PathAnalysis(module: module)
    findings += unansweredPlaceholders(module, paths: paths, brokenSteps: brokenSteps)
    if brokenSteps.isEmpty { findings += minutes(module, paths: paths) }
    findings += endlessLoops(module, paths: paths)
    if paths.isCapped {
      findings.append(
        Diagnostic(.note, .pathsCapped(paths.maxPaths, exhausted: paths.isExhausted), at: module.source))
    }
    return findings
  }

  /// A `{{step}}` that a patient can reach with the step unanswered reads "(no answer)"; a
  /// fallback (`{{step|…}}`) says what they should read instead.
  static func unansweredPlaceholders(_ module: Module, paths: PathAnalysis, brokenSteps: Set<String> = [])
    -> [Diagnostic]
  {
    paths.unansweredPlaceholders.filter { !brokenSteps.contains($0.placeholder.name) }.map { found in
      let step = module.step(found.step)
      let text = step?.interpolatedTexts.first { $0.field == found.field }?.text
      let mark = step?.marks.texts[place: found.field].map { place in
        text.map { place.location(of: found.placeholder.offset, in: $0) } ?? place.start
      }
      return .warning(
        .unansweredPlaceholder(found.placeholder.name, in: found.step, path: found),
        at: mark ?? step?.marks.id ?? module.source)
    }
  }

  /// A path that comes back to a step with nothing to answer on the way round: the same answers
  /// lead the same way again, so a patient on it would go round for ever. (A loop through a
  /// question is a patient's way to try again; the flow check catches loops no answer can leave.)
  static func endlessLoops(_ module: Module, paths: PathAnalysis) -> [Diagnostic] {
    var reported = Set<String>()
    var findings: [Diagnostic] = []
    for path in paths.paths {
      guard case .loops(let to) = path.ending, let start = path.steps.lastIndex(of: to) else { continue }
      let round = Array(path.steps[start...])
      guard !round.contains(where: { module.step($0)?.kind.takesAnswer ?? true }),
        reported.insert(to).inserted
      else { continue }
      findings.append(
        .warning(.endlessLoop(round + [to], choices: path.choices), at: module.step(to)?.marks.id ?? module.source))
    }
    return findings
  }

  /// The module's stated minutes outside what its paths take, by the same estimate `preview`
  /// and the path report use. Paths a safety stop cuts short do not count. A module read from a
  /// file whose `minutes:` could not be read (missing, not a number) has none to check: its
  /// error says so.
  static func minutes(_ module: Module, paths: PathAnalysis) -> [Diagnostic] {
    guard module.minutesMark != nil || module.source == nil else { return [] }
    let seconds = paths.paths.filter { $0.ending == .completed }.map(\.seconds)
    guard !paths.isCapped, let quickest = seconds.min(), let slowest = seconds.max() else { return [] }
    // Any whole number of minutes the paths' times round to, down or up, is accepted.
    let low = max(1, quickest / 60)
    let high = max(low, (slowest + 59) / 60)
    guard module.minutes < low || module.minutes > high else { return [] }
    return [
      .warning(
        .minutesOutsidePaths(module.minutes, quickest: quickest, slowest: slowest),
        at: module.minutesMark ?? module.source)
    ]
  }

  /// A scale whose two ends are not both labelled.
  static func anchors(_ step: Step) -> [Diagnostic] {
    guard case .scale(_, let min, let max, let anchors) = step.kind else { return [] }
    let values = Set(anchors.map(\.value))
    if anchors.isEmpty {
      return [
        .warning(.unlabelledScale(step.id, min: min, max: max), at: step.marks.id)
      ]
    }
    let missing = [min, max].filter { !values.contains($0) }
    guard !missing.isEmpty else { return [] }
    return [.warning(.unlabelledScaleEnds(step.id, missing: missing), at: step.marks.id)]
  }

  /// Lines the step's page takes on a 20 × 72 screen: title, a blank line, the wrapped text.
  public static func screenLineCount(_ step: Step) -> Int? {
    let body: String
    switch step.kind {
    case .text(let text), .timer(let text, _, _): body = text
    default: return nil
    }
    return TextLayout.lineCount(body, width: screenColumns) + (step.title == nil ? 0 : 2)
  }

  static func screenLength(_ step: Step) -> [Diagnostic] {
    guard let count = screenLineCount(step), count > screenLines else { return [] }
    return [
      .warning(.longPage(step.id, lines: count), at: step.marks.texts["body"] ?? step.marks.id)
    ]
  }

  static func readability(_ step: Step) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    for (field, text) in step.interpolatedTexts where field == "body" || field == "question" {
      guard Readability.wordCount(text) >= minWordsForGrade,
        let grade = Readability.fleschKincaidGrade(text), grade > maxGrade
      else { continue }
      let shown = (grade * 10).rounded() / 10
      findings.append(
        .warning(.readingGrade(shown, of: field, in: step.id), at: step.marks.texts[field] ?? step.marks.id))
    }
    return findings
  }

  /// A before-rating with no after-rating, or a `…-before` scale with no `…-after` step.
  static func unpairedRatings(_ module: Module) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let afterNames = Set(module.steps.compactMap { $0.rating?.phase == .after ? $0.rating?.name : nil })
    let ids = Set(module.steps.map(\.id))
    for step in module.steps {
      if let rating = step.rating, rating.phase == .before, !afterNames.contains(rating.name) {
        findings.append(
          .warning(.beforeWithoutAfter(rating.name, step: step.id), at: step.marks.id))
      } else if step.rating == nil, step.id.hasSuffix("-before"), step.kind.takesAnswer {
        let partner = String(step.id.dropLast("-before".count)) + "-after"
        if !ids.contains(partner) {
          findings.append(
            .warning(.unpairedBeforeStep(step.id, partner: partner), at: step.marks.id))
        }
      }
    }
    return findings
  }

  /// A question about mood, distress or self-harm with no conditional route to the crisis page.
  static func crisisRoutes(_ module: Module, crisisText: String?) -> [Diagnostic] {
    func isCrisisPage(_ step: Step) -> Bool {
      guard case .text(let body) = step.kind else { return false }
      if let crisisText { return body.contains(crisisText.trimmingWhitespace()) }
      let lower = body.lowercased()
      return lower.contains("988") || lower.contains("emergency number")
    }
    var findings: [Diagnostic] = []
    // A questionnaire's items and crisis page follow its measure's own crisis rule.
    let asked = Set((module.measures ?? [:]).keys)
    for (index, step) in module.steps.enumerated() {
      if step.measureItem != nil || asked.contains(where: { step.id == "\($0)-crisis" }) { continue }
      let question: String
      switch step.kind {
      case .scale(let text, _, _, _), .choice(let text, _, _): question = text
      default: continue
      }
      let haystack = (step.id + " " + question).lowercased()
      guard moodWords.contains(where: { haystack.utf8.containsSequence($0.utf8) }) else { continue }
      let routed = module.steps[(index + 1)...].contains { later in
        isCrisisPage(later) && (later.when?.references.contains { $0.step == step.id } ?? false)
      }
      if !routed {
        findings.append(
          .warning(.noCrisisRoute(step.id), at: step.marks.id))
      }
    }
    return findings
  }

  /// A safety screen that comes after a timed exercise.
  static func safetyOrder(_ module: Module) -> [Diagnostic] {
    guard let timer = module.steps.first(where: { if case .timer = $0.kind { true } else { false } }),
      let timerIndex = module.index(of: timer.id)
    else { return [] }
    return module.steps[(timerIndex + 1)...].compactMap { step in
      guard case .safety = step.kind else { return nil }
      return .warning(.safetyAfterExercise(step.id, exercise: timer.id, at: timer.marks.id), at: step.marks.id)
    }
  }
}

extension Diagnostic.Message {
  /// A scale with no labelled values.
  static func unlabelledScale(_ step: String, min: Int, max: Int) -> Self {
    Self("scale '\(step)' has no labelled anchors; label at least \(min) and \(max)", category: "scale-anchors")
  }

  /// A scale whose lowest or highest value (`missing`) has no label.
  static func unlabelledScaleEnds(_ step: String, missing: [Int]) -> Self {
    let list = missing.map(String.init).joined(separator: " and ")
    return Self("scale '\(step)' does not label \(list); patients need both ends named", category: "scale-anchors")
  }

  /// A page longer than a screen.
  static func longPage(_ step: String, lines: Int) -> Self {
    Self(
      "the page of step '\(step)' takes \(lines) lines at \(ModuleLinter.screenColumns) columns; "
        + "a screen holds \(ModuleLinter.screenLines), so split it into two steps",
      category: "screen-length")
  }

  /// Text that reads above the grade patients can be expected to follow.
  static func readingGrade(_ grade: Double, of field: String, in step: String) -> Self {
    Self(
      "the \(field) of step '\(step)' reads at grade \(grade) (Flesch–Kincaid); aim for \(Int(ModuleLinter.maxGrade)) "
        + "or below with shorter sentences and words",
      category: "readability")
  }

  /// A before-rating nothing asks again afterwards.
  static func beforeWithoutAfter(_ rating: String, step: String) -> Self {
    Self(
      "before-rating '\(rating)' in step '\(step)' has no after-rating; "
        + "add a scale with 'rating: \(rating)' and 'phase: after'",
      category: "rating")
  }

  /// A `…-before` step with no `…-after` partner.
  static func unpairedBeforeStep(_ step: String, partner: String) -> Self {
    Self(
      "step '\(step)' looks like a before-rating, but no step '\(partner)' asks again afterwards", category: "rating")
  }

  /// A question about mood or distress with no route to the crisis page.
  static func noCrisisRoute(_ step: String) -> Self {
    Self(
      "step '\(step)' asks about mood or distress but no later step includes the crisis snippet with a "
        + "'when:' on its answer; add one (for example: when: \"\(step) >= 8\", include: crisis-resources)",
      category: "crisis-route")
  }

  /// A safety screen after the exercise it should come before.
  static func safetyAfterExercise(_ step: String, exercise: String, at location: SourceLocation?) -> Self {
    let line = location.map { " (line \($0.line))" } ?? ""
    return Self(
      "safety step '\(step)' comes after the exercise '\(exercise)'\(line) it should guard; move it before",
      category: "safety-order")
  }

  /// A placeholder some path shows before its step has an answer.
  static func unansweredPlaceholder(_ name: String, in step: String, path: PathAnalysis.UnansweredPlaceholder) -> Self {
    let route =
      path.choices.isEmpty
      ? "on the path \(path.steps.joined(separator: " → "))"
      : "on the path where \(path.choices.joined(separator: ", "))"
    return Self(
      "'{{\(name)}}' in step '\(step)' has no answer \(route), and the patient would read '(no answer)'; "
        + "give a fallback: '{{\(name)|…}}'",
      category: "unanswered-placeholder")
  }

  /// A round of steps with nothing to answer that a path comes back to.
  static func endlessLoop(_ round: [String], choices: [String]) -> Self {
    let route = choices.isEmpty ? "" : " on the path where \(choices.joined(separator: ", "))"
    return Self(
      "the steps \(round.joined(separator: " → "))\(route) come round again with nothing to answer on the way, "
        + "so the patient would go round them for ever; give one of them a 'next:' out of the loop",
      category: "endless-loop")
  }

  /// The paths were too many to list, so `minutes:` was not held against them; placeholders were
  /// checked on every way through unless even that search ran out of tries.
  static func pathsCapped(_ count: Int, exhausted: Bool) -> Self {
    Self(
      "the module has more than \(count) distinct paths, so 'minutes:' was not checked against them"
        + (exhausted
          ? " and placeholders were checked only on the ways through that could be tried" : "")
        + " (see 'tandem preview --paths')",
      category: "paths-capped")
  }

  /// `minutes:` outside the range the module's paths take.
  static func minutesOutsidePaths(_ minutes: Int, quickest: Int, slowest: Int) -> Self {
    let low = StepTiming.minutesText(quickest), high = StepTiming.minutesText(slowest)
    let range = low == high ? low : "\(low) to \(high)"
    return Self(
      "'minutes: \(minutes)' is outside what the module's paths take (\(range), by the reading and "
        + "answering estimate of 'preview --paths'); patients plan their time by it",
      category: "minutes")
  }
}
