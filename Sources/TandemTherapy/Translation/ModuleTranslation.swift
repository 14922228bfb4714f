import TandemBase

/// The text of a module in another language, keyed by step id; everything else (ids, flow,
/// conditions, ranges) stays the module's own.
public struct ModuleTranslation: Hashable, Sendable {
  /// The translated text of one step.
  public struct StepText: Hashable, Sendable {
    /// Heading.
    public var title: String?
    /// Body of a text or timer step.
    public var body: String?
    /// Question of a prompt, scale, choice or safety step.
    public var question: String?
    /// Urgent-care guidance of a safety step.
    public var guidance: String?
    /// Safety items, in order.
    public var items: [String]?
    /// Option labels by option id.
    public var options: [String: String] = [:]
    /// Anchor labels by scale value.
    public var anchors: [Int: String] = [:]
    /// Phase labels, in order.
    public var phases: [String]?
    /// Where the step's entry is in the translation file.
    public var mark: SourceLocation?

    /// Creates an empty step translation.
    public init(mark: SourceLocation? = nil) { self.mark = mark }
  }

  /// The translated module's id.
  public var moduleID: String
  /// An IETF language tag such as `es`.
  public var language: String
  /// Translated title.
  public var title: String?
  /// Translated summary.
  public var summary: String?
  /// Translated steps by id.
  public var steps: [String: StepText]
  /// Where the translation file starts.
  public var source: SourceLocation?
  /// Where each step entry is, by id, for unknown-step errors.
  public var stepMarks: [String: SourceLocation]

  /// Creates a translation.
  public init(
    moduleID: String, language: String, title: String? = nil, summary: String? = nil, steps: [String: StepText] = [:],
    source: SourceLocation? = nil, stepMarks: [String: SourceLocation] = [:]
  ) {
    self.moduleID = moduleID
    self.language = language
    self.title = title
    self.summary = summary
    self.steps = steps
    self.source = source
    self.stepMarks = stepMarks
  }
}

/// A snippet's text in another language.
public struct SnippetTranslation: Hashable, Sendable {
  /// The snippet's id.
  public var snippetID: String
  /// The language tag.
  public var language: String
  /// Translated body.
  public var body: String?
  /// Translated question.
  public var question: String?
  /// Translated items.
  public var items: [String]?
  /// Translated guidance.
  public var guidance: String?

  /// Creates a snippet translation.
  public init(
    snippetID: String, language: String, body: String? = nil, question: String? = nil, items: [String]? = nil,
    guidance: String? = nil
  ) {
    self.snippetID = snippetID
    self.language = language
    self.body = body
    self.question = question
    self.items = items
    self.guidance = guidance
  }
}

extension ModuleTranslation {
  /// The module with every translated text in place; untranslated text stays as written.
  /// Included snippets take their own translation when there is one.
  public func apply(to module: Module, snippets: [String: SnippetTranslation]) -> Module {
    var translated = module
    translated.language = language
    translated.title = title ?? module.title
    translated.summary = summary ?? module.summary
    for index in translated.steps.indices {
      let original = module.steps[index]
      let text = steps[original.id] ?? StepText()
      let snippet = original.include.flatMap { snippets[$0] }
      var step = original
      step.title = text.title ?? original.title
      switch original.kind {
      case .text(let body):
        step.kind = .text(body: text.body ?? snippet?.body ?? body)
      case .prompt(let question, let minLength, let maxLength):
        step.kind = .prompt(question: text.question ?? question, minLength: minLength, maxLength: maxLength)
      case .scale(let question, let min, let max, let anchors):
        step.kind = .scale(
          question: text.question ?? question, min: min, max: max,
          anchors: anchors.map { Step.Anchor(value: $0.value, label: text.anchors[$0.value] ?? $0.label) })
      case .choice(let question, let multiple, let options):
        var translatedOptions = options
        for i in translatedOptions.indices {
          translatedOptions[i].label = text.options[options[i].id] ?? options[i].label
        }
        step.kind = .choice(question: text.question ?? question, multiple: multiple, options: translatedOptions)
      case .timer(let body, let seconds, let phases):
        let labels = text.phases ?? []
        step.kind = .timer(
          body: text.body ?? snippet?.body ?? body, seconds: seconds,
          phases: phases.enumerated().map { i, phase in
            Step.Phase(label: i < labels.count ? labels[i] : phase.label, seconds: phase.seconds)
          })
      case .safety(let question, let items, let guidance):
        step.kind = .safety(
          question: text.question ?? snippet?.question ?? question,
          items: text.items ?? snippet?.items ?? items,
          guidance: text.guidance ?? snippet?.guidance ?? guidance)
      }
      translated.steps[index] = step
    }
    return translated
  }

  /// Problems with the translation of `module`: errors for steps, options or anchors that do
  /// not exist and placeholders that do not match; warnings for every text left untranslated,
  /// pointing at the text in the module.
  public func check(against module: Module, snippets: [String: SnippetTranslation]) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let language = self.language
    func missing(_ what: String, _ step: Step, field: String) {
      findings.append(
        .warning(
          .missingStepTranslation(language, of: what, step: step.id), at: step.marks.texts[field] ?? step.marks.id))
    }
    if title == nil {
      findings.append(.warning(.missingModuleTranslation(language, of: "title"), at: module.source))
    }
    if summary == nil {
      findings.append(.warning(.missingModuleTranslation(language, of: "summary"), at: module.source))
    }
    let ids = module.steps.map(\.id)
    for id in steps.keys.sorted() where module.step(id) == nil {
      findings.append(
        .error(.translatedUnknownStep(id, known: ids), at: stepMarks[id] ?? source))
    }
    for step in module.steps {
      let text = steps[step.id]
      let snippet = step.include.flatMap { snippets[$0] }
      let at = text?.mark ?? stepMarks[step.id] ?? source
      if step.title != nil && text?.title == nil { missing("the title", step, field: "title") }
      func check(_ original: String, _ translated: String?, _ what: String, field: String) {
        guard let translated else {
          missing(what, step, field: field)
          return
        }
        let expected = Set(Interpolation.placeholders(in: original).map(\.name))
        let found = Set(Interpolation.placeholders(in: translated).map(\.name))
        if expected != found {
          findings.append(
            .error(
              .translatedPlaceholdersDiffer(language, of: what, step: step.id, expected: expected.sorted()), at: at))
        }
      }
      switch step.kind {
      case .text(let body):
        check(body, text?.body ?? snippet?.body, "the body", field: "body")
      case .prompt(let question, _, _):
        check(question, text?.question, "the question", field: "question")
      case .scale(let question, _, _, let anchors):
        check(question, text?.question, "the question", field: "question")
        for anchor in anchors where text?.anchors[anchor.value] == nil && step.diaryHook == nil {
          missing("anchor \(anchor.value)", step, field: "anchors.\(anchor.value)")
        }
        for value in (text?.anchors.keys.sorted() ?? []) where !anchors.contains(where: { $0.value == value }) {
          findings.append(.error(.translatedUnknownAnchor(value, step: step.id), at: at))
        }
      case .choice(let question, _, let options):
        check(question, text?.question, "the question", field: "question")
        for (index, option) in options.enumerated() where text?.options[option.id] == nil && step.diaryHook == nil {
          missing("option '\(option.id)'", step, field: "options.\(index)")
        }
        for id in (text?.options.keys.sorted() ?? []) where !options.contains(where: { $0.id == id }) {
          findings.append(
            .error(.translatedUnknownOption(id, step: step.id, options: options.map(\.id)), at: at))
        }
      case .timer(let body, _, let phases):
        check(body, text?.body ?? snippet?.body, "the body", field: "body")
        if !phases.isEmpty && (text?.phases?.count ?? 0) != phases.count {
          if text?.phases == nil {
            missing("the phases", step, field: "phases.0")
          } else {
            findings.append(
              .error(
                .translatedPhaseCount(text?.phases?.count ?? 0, step: step.id, original: phases.count), at: at))
          }
        }
      case .safety(let question, let items, let guidance):
        check(question, text?.question ?? snippet?.question, "the question", field: "question")
        check(guidance, text?.guidance ?? snippet?.guidance, "the guidance", field: "guidance")
        let translatedItems = text?.items ?? snippet?.items
        if translatedItems == nil {
          missing("the items", step, field: "items.0")
        } else if translatedItems?.count != items.count {
          findings.append(
            .error(
              .translatedItemCount(translatedItems?.count ?? 0, step: step.id, original: items.count), at: at))
        }
      }
    }
    return findings
  }
}

extension Diagnostic.Message {
  /// A module's title or summary with no translation into `language`.
  static func missingModuleTranslation(_ language: String, of field: String) -> Self {
    Self("no '\(language)' translation of the module's \(field)", category: "missing-translation")
  }

  /// Text of a step (`what`: "the body", "option 'yes'") with no translation into `language`.
  static func missingStepTranslation(_ language: String, of what: String, step: String) -> Self {
    Self("no '\(language)' translation of \(what) of step '\(step)'", category: "missing-translation")
  }

  /// A translation of a step the module does not have.
  static func translatedUnknownStep(_ id: String, known: [String]) -> Self {
    Self("translation names unknown step '\(id)'" + Suggestion.hint(for: id, in: known), category: "translation")
  }

  /// A translation whose placeholders are not the original's (`expected`).
  static func translatedPlaceholdersDiffer(_ language: String, of what: String, step: String, expected: [String])
    -> Self
  {
    let field = what.hasPrefix("the ") ? String(what.dropFirst(4)) : what
    return Self(
      "the '\(language)' \(field) of step '\(step)' must show the same answers as the original: "
        + "{{\(expected.joined(separator: "}}, {{"))}}",
      category: "translation")
  }

  /// A translated anchor the scale does not have.
  static func translatedUnknownAnchor(_ value: Int, step: String) -> Self {
    Self("step '\(step)' has no anchor \(value) to translate", category: "translation")
  }

  /// A translated option the choice does not have.
  static func translatedUnknownOption(_ id: String, step: String, options: [String]) -> Self {
    Self(
      "step '\(step)' has no option '\(id)' to translate" + Suggestion.hint(for: id, in: options),
      category: "translation")
  }

  /// A translation with another number of timer phases than the original.
  static func translatedPhaseCount(_ count: Int, step: String, original: Int) -> Self {
    Self("step '\(step)' has \(original) phases; the translation gives \(count)", category: "translation")
  }

  /// A translation with another number of safety items than the original.
  static func translatedItemCount(_ count: Int, step: String, original: Int) -> Self {
    Self("step '\(step)' has \(original) items; the translation gives \(count)", category: "translation")
  }
}
