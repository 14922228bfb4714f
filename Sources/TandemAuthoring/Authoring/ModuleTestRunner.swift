import TandemBase
import TandemTherapy

/// Runs a module's test cases through `Rehearsal` and checks their expectations.
public enum ModuleTestRunner {
  /// The outcome of one case.
  public struct CaseResult: Sendable {
    /// The case.
    public var testCase: ModuleTestCase
    /// Errors (each at the expectation that failed) and notes explaining them; empty when it passed.
    public var failures: [Diagnostic]
    /// The rehearsal the case ran.
    public var rehearsal: Rehearsal

    /// Whether every expectation held.
    public var passed: Bool { !failures.hasErrors }
  }

  /// The outcome of every case of one module, and the branches they covered.
  public struct Report: Sendable {
    /// One result per case, in file order.
    public var results: [CaseResult]
    /// Branches taken by any case.
    public var coverage: BranchCoverage

    /// How many cases failed.
    public var failedCount: Int { results.filter { !$0.passed }.count }
  }

  /// Runs `cases` on `module`.
  public static func run(_ cases: [ModuleTestCase], on module: Module) -> Report {
    var coverage = BranchCoverage(module: module, analysis: PathAnalysis(module: module))
    var results: [CaseResult] = []
    for testCase in cases {
      let rehearsal = Rehearsal(module: module, answers: testCase.answers)
      coverage.record(rehearsal)
      results.append(
        CaseResult(testCase: testCase, failures: check(testCase, rehearsal, module), rehearsal: rehearsal))
    }
    return Report(results: results, coverage: coverage)
  }

  static func check(_ testCase: ModuleTestCase, _ rehearsal: Rehearsal, _ module: Module) -> [Diagnostic] {
    var failures: [Diagnostic] = []
    let name = "case '\(testCase.name)'"
    let ids = module.steps.map(\.id)
    let shown = rehearsal.shownSteps
    func explain() {
      failures.append(
        Diagnostic(.note, .shownSteps(shown), at: testCase.mark))
      for turn in rehearsal.turns {
        if let rejection = turn.rejection, let index = turn.answerIndex {
          failures.append(
            Diagnostic(
              .note, .refusedAnswer(index + 1, input: turn.input ?? "", step: turn.step, reason: rejection),
              at: testCase.answersMark ?? testCase.mark))
        }
      }
    }
    if let expected = testCase.path {
      let unknown = expected.filter { !ids.contains($0) }
      for id in unknown {
        failures.append(
          .error(.unknownTestStep(id, in: "path", case: name, known: ids), at: testCase.pathMark))
      }
      if unknown.isEmpty && expected != shown {
        let at =
          zip(expected, shown).enumerated().first { $0.element.0 != $0.element.1 }?.offset
          ?? min(expected.count, shown.count)
        let detail: String
        if at < expected.count && at < shown.count {
          detail = "step \(at + 1) is '\(shown[at])', expected '\(expected[at])'"
        } else if at < expected.count {
          detail =
            "the session stopped showing steps after '\(shown.last ?? "the start")' (\(rehearsal.state.status.rawValue)); expected '\(expected[at])' next"
        } else {
          detail = "after '\(expected.last ?? "the start")' it went on to '\(shown[at])'"
        }
        failures.append(.error(.pathDiffers(name, detail: detail), at: testCase.pathMark ?? testCase.mark))
      }
    }
    for expectation in testCase.texts {
      guard ids.contains(expectation.step) else {
        failures.append(
          .error(
            .unknownTestStep(expectation.step, in: "text", case: name, known: ids),
            at: expectation.mark ?? testCase.mark))
        continue
      }
      guard let turn = rehearsal.turns.last(where: { $0.step == expectation.step }) else {
        failures.append(
          .error(.stepNeverShown(expectation.step, case: name), at: expectation.mark ?? testCase.mark))
        continue
      }
      let text = collapsed(turn.shown.map(\.text).joined(separator: "\n"))
      let fragment = collapsed(expectation.fragment)
      if !text.contains(fragment) {
        let excerpt = text.count > 160 ? String(text.prefix(159)) + "…" : text
        failures.append(
          .error(
            .textNotShown(fragment, step: expectation.step, shows: excerpt, case: name),
            at: expectation.mark ?? testCase.mark))
      }
    }
    if let status = testCase.status, status != rehearsal.state.status {
      failures.append(
        .error(
          .statusDiffers(rehearsal.state.status.rawValue, expected: status.rawValue, case: name),
          at: testCase.statusMark ?? testCase.mark))
    }
    if rehearsal.unusedAnswers > 0 && rehearsal.state.status != .paused {
      failures.append(
        .error(
          .answersLeftOver(rehearsal.unusedAnswers, status: rehearsal.state.status.rawValue, case: name),
          at: testCase.answersMark ?? testCase.mark))
    }
    if failures.hasErrors { explain() }
    failures += unansweredPlaceholders(name, rehearsal, module, at: testCase.mark)
    return failures
  }

  /// A warning for each placeholder without a fallback that the case's path shows unanswered: the
  /// patient on this path would read "(no answer)" (as `validate` warns for some path).
  static func unansweredPlaceholders(_ name: String, _ rehearsal: Rehearsal, _ module: Module, at mark: SourceLocation?)
    -> [Diagnostic]
  {
    var warnings: [Diagnostic] = []
    var reported = Set<String>()
    for turn in rehearsal.turns where turn.shown.contains(where: { $0.text.contains("(no answer)") }) {
      guard let step = module.step(turn.step) else { continue }
      for (_, text) in step.interpolatedTexts(where: Interpolation.mayHavePlaceholders) {
        for placeholder in Interpolation.placeholders(in: text)
        where placeholder.fallback == nil && rehearsal.state.effectiveAnswers[placeholder.name] == nil
          && reported.insert("\(step.id)\u{0}\(placeholder.name)").inserted
        {
          warnings.append(
            .warning(.unansweredOnCasePath(placeholder.name, step: step.id, case: name), at: mark))
        }
      }
    }
    return warnings
  }

  /// Runs of whitespace as one space, trimmed.
  static func collapsed(_ text: String) -> String {
    text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}

extension Diagnostic.Message {
  /// The steps a failing case showed, to explain its failure.
  static func shownSteps(_ shown: [String]) -> Self {
    Self("shown: " + (shown.isEmpty ? "(nothing)" : shown.joined(separator: " → ")), category: "test-case")
  }

  /// An answer of a failing case that a step refused, and why.
  static func refusedAnswer(_ number: Int, input: String, step: String, reason: String) -> Self {
    Self("answer \(number) ('\(input)') was refused at step '\(step)': \(reason)", category: "test-case")
  }

  /// A case's `path:` or `text:` naming a step the module does not have; `testCase` is "case 'name'".
  static func unknownTestStep(_ id: String, in field: String, case testCase: String, known: [String]) -> Self {
    Self(
      "\(testCase): unknown step '\(id)' in '\(field)'" + Suggestion.hint(for: id, in: known), category: "test-case")
  }

  /// A case whose steps shown differ from its `path:`.
  static func pathDiffers(_ testCase: String, detail: String) -> Self {
    Self("\(testCase): path differs: \(detail)", category: "test-case")
  }

  /// A case's `text:` about a step the session never showed.
  static func stepNeverShown(_ step: String, case testCase: String) -> Self {
    Self("\(testCase): step '\(step)' was never shown", category: "test-case")
  }

  /// A case's `text:` fragment that the step's page does not contain.
  static func textNotShown(_ fragment: String, step: String, shows excerpt: String, case testCase: String) -> Self {
    Self("\(testCase): step '\(step)' does not show \"\(fragment)\"; it shows \"\(excerpt)\"", category: "test-case")
  }

  /// A case whose session ended other than its `status:` says.
  static func statusDiffers(_ status: String, expected: String, case testCase: String) -> Self {
    Self("\(testCase): ended \(status), expected \(expected)", category: "test-case")
  }

  /// A case with answers the session never asked for.
  static func answersLeftOver(_ count: Int, status: String, case testCase: String) -> Self {
    Self(
      "\(testCase): \(count) answer\(count == 1 ? " was" : "s were") left over when the session ended \(status)",
      category: "test-case")
  }

  /// A placeholder without a fallback that a case's path shows unanswered.
  static func unansweredOnCasePath(_ name: String, step: String, case testCase: String) -> Self {
    Self(
      "\(testCase): step '\(step)' shows '(no answer)' for '{{\(name)}}' on this path; give a "
        + "fallback: '{{\(name)|…}}'",
      category: "unanswered-placeholder")
  }
}
