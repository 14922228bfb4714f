import TandemBase
import TandemTherapy

/// Turns a composed YAML document into a `Module`, reporting every field-level problem.
struct ModuleDecoder {
  static let moduleFields = [
    "id", "version", "title", "approach", "process", "audience", "minutes", "summary", "steps", "migrations",
  ]
  static let commonStepFields = ["id", "kind", "title", "when", "next", "optional"]
  static let kindFields: [String: [String]] = [
    "text": ["body", "include"],
    "prompt": ["question", "min-length", "max-length"],
    "scale": ["question", "min", "max", "anchors", "rating", "phase"],
    "choice": ["question", "multiple", "options"],
    "timer": ["body", "include", "seconds", "phases"],
    "safety": ["question", "items", "guidance", "include"],
    "dose-check": ["question"],
    "attack-check": ["question"],
    "questionnaire": ["measure"],
  ]
  /// The fields a step of each kind may have: the common ones, then the kind's own.
  static let allowedStepFields: [String: [String]] = kindFields.mapValues { commonStepFields + $0 }
  static let optionFields = ["id", "label", "next", "exclusive"]
  static let phaseFields = ["label", "seconds"]
  static let defaultSafetyQuestion = "Does any of these apply to you now?"

  let path: String
  let lines: SourceLines
  let snippets: [String: Snippet]
  let measures: [String: LoadedMeasure]
  /// Ids of the snippets the module includes, for its content hash.
  private(set) var includedSnippets: Set<String> = []
  /// Ids of the measures its questionnaires ask, for its content hash.
  private(set) var includedMeasures: Set<String> = []
  /// The measure each questionnaire step asks.
  private var askedMeasures: [String: Measure] = [:]
  /// The snippet the step being decoded includes.
  private var lastInclude: String?
  /// Every step as far as it could be decoded, a step with errors standing in with what it kept:
  /// the meaning-level checks run on these, so that one step's field error hides nothing else.
  private var partialSteps: [Step] = []
  /// Ids of the steps that stand in for steps with errors; nothing is checked against them.
  private(set) var brokenSteps: Set<String> = []
  /// The broken steps whose kind could not be decoded either: their own ranges are not checked.
  private(set) var opaqueSteps: Set<String> = []
  /// Whether a step with errors may have lost where it leads (its kind or options), so that
  /// reachability cannot be known.
  private(set) var flowIsIncomplete = false
  /// The module as far as it could be decoded, when `decode` returned `nil` for its errors.
  private(set) var partialModule: Module?

  init(path: String, lines: SourceLines, snippets: [String: Snippet], measures: [String: LoadedMeasure] = [:]) {
    self.path = path
    self.lines = lines
    self.snippets = snippets
    self.measures = measures
  }

  mutating func decode(_ root: YAMLNode, diagnostics: inout [Diagnostic]) -> Module? {
    guard let map = MappingReader(root, context: "module", diagnostics: &diagnostics) else { return nil }
    let before = diagnostics.count
    map.reportUnknownKeys(allowed: Self.moduleFields, diagnostics: &diagnostics)
    let id = map.string("id", required: true, diagnostics: &diagnostics)
    if let id { checkIdentifier(id, what: "module id", at: map.value("id")?.mark, diagnostics: &diagnostics) }
    if let id, let expected = ContentFileName.stem(path), id != expected {
      diagnostics.append(
        .error(.idDiffersFromFileName(id, fileName: expected), at: map.value("id")?.mark))
    }
    let version = map.int("version", required: true, in: 1...1_000_000, diagnostics: &diagnostics)
    let title = map.string("title", required: true, diagnostics: &diagnostics)
    let approach = map.oneOf("approach", Approach.self, required: true, diagnostics: &diagnostics)
    let process = map.oneOf("process", ACTProcess.self, diagnostics: &diagnostics)
    let audience = decodeAudience(map, diagnostics: &diagnostics)
    let minutes = map.int("minutes", required: true, in: 1...240, diagnostics: &diagnostics)
    let summary = map.string("summary", required: true, diagnostics: &diagnostics)
    var steps: [Step] = []
    if let items = map.list("steps", required: true, diagnostics: &diagnostics) {
      if items.isEmpty, let mark = map.value("steps")?.mark {
        diagnostics.append(.error(.noSteps, at: mark))
      }
      for item in items { steps += decodeStep(item, diagnostics: &diagnostics) }
    }
    guard !diagnostics[before...].hasErrors, let id, let version, let title, let approach, let minutes, let summary
    else {
      if !partialSteps.isEmpty {
        partialModule = Module(
          id: id ?? "", version: version ?? 1, title: title ?? "", approach: approach ?? .education,
          minutes: minutes ?? 1, summary: summary ?? "", steps: partialSteps, source: map.value("id")?.mark ?? root.mark
        )
        // Without a readable `minutes:` there is nothing to hold the paths' times against.
        if minutes != nil { partialModule?.minutesMark = map.value("minutes")?.mark }
        // The steps a questionnaire made (its crisis page among them) stay known as its own.
        if !askedMeasures.isEmpty { partialModule?.measures = askedMeasures }
      }
      return nil
    }
    var module = Module(
      id: id, version: version, title: title, approach: approach, process: process, audience: audience,
      minutes: minutes, summary: summary, steps: steps, source: map.value("id")?.mark ?? root.mark)
    if !askedMeasures.isEmpty { module.measures = askedMeasures }
    module.minutesMark = map.value("minutes")?.mark
    if let node = map.value("migrations") {
      guard case .mapping(let pairs) = node.value else {
        diagnostics.append(.error(.migrationsNotMapping, at: node.mark))
        partialModule = module
        return nil
      }
      var migrations: [String: String] = [:]
      var marks: [String: SourceLocation] = [:]
      for (key, value) in pairs {
        guard let old = key.scalar, let new = value.scalar else {
          diagnostics.append(.error(.migrationNotPair, at: key.mark))
          continue
        }
        migrations[old] = new
        marks[old] = value.mark
        if !steps.contains(where: { $0.id == new }) {
          diagnostics.append(
            .error(.unknownMigrationTarget(new, steps: steps.map(\.id)), at: value.mark))
        }
      }
      if diagnostics[before...].hasErrors {
        partialModule = module
        return nil
      }
      module.migrations = migrations
      module.migrationMarks = marks
    }
    return module
  }

  private func decodeAudience(_ map: MappingReader, diagnostics: inout [Diagnostic]) -> [Audience] {
    guard let value = map.value("audience") else { return [.adult] }
    let nodes: [YAMLNode]
    if case .sequence(let items) = value.value { nodes = items } else { nodes = [value] }
    var audience: [Audience] = []
    for node in nodes {
      guard let text = node.scalar, let parsed = Audience(rawValue: text) else {
        let names = Audience.allCases.map(\.rawValue)
        let found = node.scalar.map { "'\(TerminalText.sanitized($0))'" } ?? node.kindDescription
        diagnostics.append(
          .error(.unknownAudience(found, expected: names), at: node.mark))
        continue
      }
      audience.append(parsed)
    }
    return audience
  }

  private func checkIdentifier(_ id: String, what: String, at mark: SourceLocation?, diagnostics: inout [Diagnostic]) {
    if !Identifier.isValid(id) {
      diagnostics.append(
        .error(.invalidIdentifier(id, what: what), at: mark))
    }
  }

  // MARK: - Steps

  /// One step as written: usually one `Step`, several for a questionnaire (one per item, and
  /// the crisis page when the measure has a crisis rule); none when it has errors.
  private mutating func decodeStep(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> [Step] {
    guard node.isMapping else {
      diagnostics.append(.error(.stepNotMapping(found: node.kindDescription), at: node.mark))
      return []
    }
    // The first 'id' key, as a MappingReader would find it, to name the step in messages.
    let rawID = (0..<node.count).first { node.key($0).scalarEquals("id") }.flatMap { node.value(at: $0).scalar }
    guard
      let map = MappingReader(node, label: rawID.map { .step(id: $0) } ?? .fixed("a step"), diagnostics: &diagnostics)
    else {
      return []
    }
    let before = diagnostics.count
    let id = map.string("id", required: true, diagnostics: &diagnostics)
    if let id { checkIdentifier(id, what: "step id", at: map.value("id")?.mark, diagnostics: &diagnostics) }
    let kindName = map.string("kind", required: true, diagnostics: &diagnostics)
    var allowed = Self.commonStepFields
    if let kindName {
      if let fields = Self.allowedStepFields[kindName] {
        allowed = fields
      } else {
        let names = Self.kindFields.keys.sorted()
        diagnostics.append(
          .error(.unknownStepKind(kindName, expected: names), at: map.value("kind")?.mark))
      }
    }
    let unknownStart = diagnostics.count
    if kindName.flatMap({ Self.kindFields[$0] }) != nil {
      map.reportUnknownKeys(allowed: allowed, diagnostics: &diagnostics)
    }
    let unknownEnd = diagnostics.count
    var marks = Step.Marks(id: map.value("id")?.mark ?? node.mark)
    let title = map.string("title", diagnostics: &diagnostics)
    if title != nil { marks.texts[place: .title] = map.textPlace("title", lines: lines) }
    var condition: Condition?
    if let text = map.string("when", diagnostics: &diagnostics), let value = map.value("when") {
      let place = lines.textPlace(of: value)
      marks.when = place.start
      marks.whenWritten = place.written
      do {
        condition = try Condition.parse(text)
        marks.whenText = text
      } catch {
        diagnostics.append(.error(.conditionSyntax(error.message), at: place.location(of: error.offset, in: text)))
      }
    }
    let next = map.string("next", diagnostics: &diagnostics)
    marks.next = map.value("next")?.mark
    let optional = map.bool("optional", diagnostics: &diagnostics) ?? false
    var rating: Step.Rating?
    var diaryHook: Step.DiaryHook?
    lastInclude = nil
    var kind: Step.Kind?
    // What a broken choice keeps of its flow: its options, when they decoded, without the question.
    var standInKind: Step.Kind?
    switch kindName {
    case "text":
      if let body = body(map, field: "body", marks: &marks, diagnostics: &diagnostics) { kind = .text(body: body) }
    case "prompt":
      let question = questionText(map, marks: &marks, diagnostics: &diagnostics)
      let minLength = map.int("min-length", in: 0...100_000, diagnostics: &diagnostics) ?? 1
      let maxLength = map.int("max-length", in: 1...100_000, diagnostics: &diagnostics) ?? 1000
      if let question { kind = .prompt(question: question, minLength: minLength, maxLength: maxLength) }
    case "scale":
      let question = questionText(map, marks: &marks, diagnostics: &diagnostics)
      let min = map.int("min", in: -1000...1000, diagnostics: &diagnostics) ?? 0
      let max = map.int("max", in: -1000...1000, diagnostics: &diagnostics) ?? 10
      let anchors = decodeAnchors(map, marks: &marks, diagnostics: &diagnostics)
      rating = decodeRating(map, diagnostics: &diagnostics)
      if let question { kind = .scale(question: question, min: min, max: max, anchors: anchors) }
    case "choice":
      let question = questionText(map, marks: &marks, diagnostics: &diagnostics)
      let multiple = map.bool("multiple", diagnostics: &diagnostics) ?? false
      var lostJump = false
      let options = decodeOptions(map, marks: &marks, lostJump: &lostJump, diagnostics: &diagnostics)
      if lostJump {
        flowIsIncomplete = true
      } else if !options.isEmpty {
        standInKind = .choice(question: question ?? "", multiple: multiple, options: options)
      }
      if let question { kind = .choice(question: question, multiple: multiple, options: options) }
    case "timer":
      let body = body(map, field: "body", marks: &marks, diagnostics: &diagnostics)
      let seconds = map.int("seconds", required: true, in: 1...3600, diagnostics: &diagnostics)
      let phases = decodePhases(map, marks: &marks, diagnostics: &diagnostics)
      if let body, let seconds { kind = .timer(body: body, seconds: seconds, phases: phases) }
    case "safety":
      kind = decodeSafety(map, marks: &marks, diagnostics: &diagnostics)
    case "dose-check":
      let question = map.string("question", diagnostics: &diagnostics) ?? "Have you taken today's due doses?"
      marks.texts[place: .question] = map.textPlace("question", lines: lines)
      diaryHook = .doseCheck
      kind = .choice(
        question: question, multiple: false,
        options: [
          Step.Option(id: "taken", label: "Yes, I've taken it (log it now)"),
          Step.Option(id: "not-yet", label: "Not yet"),
          Step.Option(id: "skipped", label: "I'm skipping it today"),
          Step.Option(id: "none-due", label: "Nothing is due today, or I take no regular medicine"),
        ])
    case "attack-check":
      let question =
        map.string("question", diagnostics: &diagnostics) ?? "Do you have a headache right now? How bad is it?"
      marks.texts[place: .question] = map.textPlace("question", lines: lines)
      diaryHook = .attackCheck
      kind = .scale(
        question: question, min: 0, max: 10,
        anchors: [Step.Anchor(value: 0, label: "no headache"), Step.Anchor(value: 10, label: "worst pain imaginable")])
    case "questionnaire":
      func standIn() -> [Step] {
        if let id {
          brokenSteps.insert(id)
          opaqueSteps.insert(id)
          partialSteps.append(
            Step(id: id, title: title, kind: .text(body: ""), when: condition, next: next, marks: marks))
        }
        return []
      }
      guard !diagnostics[before...].hasErrors, let id else { return standIn() }
      if optional {
        diagnostics.append(
          .error(.optionalQuestionnaire, at: map.value("optional")?.mark))
        return standIn()
      }
      let expanded = questionnaire(
        id: id, title: title, when: condition, next: next, map: map, marks: marks, diagnostics: &diagnostics)
      if expanded.isEmpty { return standIn() }
      partialSteps += expanded
      return expanded
    default:
      break
    }
    // A field the step does not have, not a misspelling of one it does, leaves the step whole: other
    // steps are still checked against it (its options, its answers), though the module has errors.
    let onlyStrayFields =
      diagnostics[unknownStart..<unknownEnd].hasErrors && !diagnostics[before..<unknownStart].hasErrors
      && !diagnostics[unknownEnd...].hasErrors
      && diagnostics[unknownStart..<unknownEnd].allSatisfy { $0.fixIt == nil }
    if onlyStrayFields, let id, let kind {
      partialSteps.append(
        Step(
          id: id, title: title, kind: kind, when: condition, next: next, optional: optional, rating: rating,
          diaryHook: diaryHook, include: lastInclude, marks: marks))
      return []
    }
    guard !diagnostics[before...].hasErrors, let id, let kind else {
      if let id {
        let kept = kind ?? standInKind
        // Only a choice's options lead elsewhere: a step that may be one and lost them hides the flow.
        let mayBeChoice =
          kindName == "choice" || (kindName.map { Self.kindFields[$0] == nil } ?? true) && map.value("options") != nil
        if kept == nil && mayBeChoice { flowIsIncomplete = true }
        if kept == nil { opaqueSteps.insert(id) }
        brokenSteps.insert(id)
        partialSteps.append(
          Step(id: id, title: title, kind: kept ?? .text(body: ""), when: condition, next: next, marks: marks))
      }
      return []
    }
    let step = Step(
      id: id, title: title, kind: kind, when: condition, next: next, optional: optional, rating: rating,
      diaryHook: diaryHook, include: lastInclude, marks: marks)
    partialSteps.append(step)
    return [step]
  }

  /// A `questionnaire` step as the steps a patient goes through: one per item of its measure
  /// (`<id>-<item>`: a choice of the measure's options, or a whole number for a count), each under
  /// the questionnaire's `when:`, and, when the measure has a crisis rule, the crisis page
  /// (`<id>-crisis`) right after the crisis item, shown when that item scores above the threshold,
  /// which the patient must acknowledge before going on. The questionnaire's `next:` leaves from
  /// its last step.
  private mutating func questionnaire(
    id: String, title: String?, when condition: Condition?, next: String?, map: MappingReader, marks: Step.Marks,
    diagnostics: inout [Diagnostic]
  ) -> [Step] {
    guard let name = map.string("measure", required: true, diagnostics: &diagnostics) else { return [] }
    guard let loaded = measures[name] else {
      diagnostics.append(
        .error(.unknownMeasure(name, known: measures.keys.sorted()), at: map.value("measure")?.mark))
      return []
    }
    let measure = loaded.measure
    for item in measure.items where id.utf8.count + 1 + item.id.utf8.count > 64 {
      diagnostics.append(
        .error(.itemStepIDTooLong(id, item: item.id), at: marks.id))
      return []
    }
    var crisisPage: Step?
    var firingOptions: Set<String> = []
    if let rule = measure.crisis {
      guard let snippet = snippets["crisis-resources"], let resources = snippet.body else {
        diagnostics.append(
          .error(.crisisSnippetMissing(measure: name), at: map.value("measure")?.mark))
        return []
      }
      includedSnippets.insert("crisis-resources")
      let itemStep = "\(id)-\(rule.item)"
      guard let item = measure.items.first(where: { $0.id == rule.item }) else { return [] }
      let range = measure.scoreRange(of: item)
      let firing = measure.options.filter { option in
        (item.reverse ? range.lowerBound + range.upperBound - option.score : option.score) > rule.above
      }
      let fires = firing.map { Condition.compare(step: itemStep, op: .equal, value: .word($0.id), offset: 0) }
        .reduce(nil as Condition?) { sum, next in sum.map { .or($0, next) } ?? next }
      guard let fires else { return [] }
      firingOptions = Set(firing.map(\.id))
      crisisPage = Step(
        id: "\(id)-crisis", title: snippet.title ?? "If things feel too much right now",
        kind: .choice(
          question: rule.message.trimmingWhitespace() + "\n\n" + resources.trimmingWhitespace(), multiple: false,
          options: [
            Step.Option(
              id: "acknowledged",
              label: "I have read this. I will contact my clinician, or a crisis line now if I need one.")
          ]),
        when: condition.map { .and($0, fires) } ?? fires, next: next, include: "crisis-resources",
        measureItem: nil, marks: Step.Marks(id: marks.id))
    }
    includedMeasures.insert(name)
    askedMeasures[id] = measure
    var steps: [Step] = []
    let heading = title ?? measure.title
    for (index, item) in measure.items.enumerated() {
      let isLast = index == measure.items.count - 1
      var question = index == 0 ? measure.instructions + "\n\n" : ""
      if let stem = measure.stem { question += stem + "\n" }
      question += item.text
      let kind: Step.Kind
      let asksCrisis = crisisPage != nil && measure.crisis?.item == item.id
      switch item.response {
      case .options:
        // When the crisis item is the last and the questionnaire has a `next:`, the options that
        // fire jump to the crisis page; the others follow `next:`.
        let jump = asksCrisis && isLast && next != nil
        kind = .choice(
          question: question, multiple: false,
          options: measure.options.map { option in
            Step.Option(
              id: option.id, label: option.label,
              next: jump && firingOptions.contains(option.id) ? "\(id)-crisis" : nil)
          })
      case .count(let min, let max, let unit):
        kind = .scale(
          question: question + " (\(unit), \(min) to \(max))", min: min, max: max,
          anchors: [Step.Anchor(value: min, label: "none"), Step.Anchor(value: max, label: "\(max) \(unit)")])
      }
      var itemMarks = Step.Marks(id: marks.id)
      itemMarks.when = marks.when
      itemMarks.whenWritten = marks.whenWritten
      // Items may be skipped as far as the missing-item rule allows; the crisis item never.
      var skippable = false
      if case .prorate = measure.missing { skippable = item.id != measure.crisis?.item }
      steps.append(
        Step(
          id: "\(id)-\(item.id)", title: "\(heading) · \(index + 1) of \(measure.items.count)", kind: kind,
          when: condition, next: isLast ? next : nil, optional: skippable,
          measureItem: MeasureItemTag(questionnaire: id, item: item.id, last: isLast), marks: itemMarks))
      if let crisisPage, asksCrisis {
        var page = crisisPage
        if !isLast { page.next = nil }
        steps.append(page)
      }
    }
    return steps
  }

  private func questionText(_ map: MappingReader, marks: inout Step.Marks, diagnostics: inout [Diagnostic]) -> String? {
    let question = map.string("question", required: true, diagnostics: &diagnostics)
    marks.texts[place: .question] = map.textPlace("question", lines: lines)
    return question
  }

  /// `body:` written out, or taken from an included snippet.
  private mutating func body(
    _ map: MappingReader, field: String, marks: inout Step.Marks, diagnostics: inout [Diagnostic]
  )
    -> String?
  {
    if map.has(field) && map.has("include") {
      diagnostics.append(
        .error(.fieldAndInclude(field, in: map.context), at: map.value("include")?.mark))
      return nil
    }
    if map.has("include") {
      guard let snippet = includedSnippet(map, diagnostics: &diagnostics) else { return nil }
      guard let body = snippet.body else {
        diagnostics.append(.error(.snippetWithoutBody(snippet.id), at: map.value("include")?.mark))
        return nil
      }
      return body
    }
    marks.texts[place: .body] = map.textPlace(field, lines: lines)
    return map.string(field, required: true, diagnostics: &diagnostics)
  }

  private mutating func includedSnippet(_ map: MappingReader, diagnostics: inout [Diagnostic]) -> Snippet? {
    guard let name = map.string("include", diagnostics: &diagnostics) else { return nil }
    guard let snippet = snippets[name] else {
      diagnostics.append(
        .error(.unknownSnippet(name, known: snippets.keys.sorted()), at: map.value("include")?.mark))
      return nil
    }
    includedSnippets.insert(name)
    lastInclude = name
    return snippet
  }

  private func decodeAnchors(_ map: MappingReader, marks: inout Step.Marks, diagnostics: inout [Diagnostic]) -> [Step
    .Anchor]
  {
    guard let node = map.value("anchors") else { return [] }
    guard node.isMapping else {
      diagnostics.append(
        .error(.anchorsNotMapping(found: node.kindDescription), at: node.mark))
      return []
    }
    var anchors: [Step.Anchor] = []
    for position in 0..<node.count {
      let key = node.key(position), value = node.value(at: position)
      guard key.isPlainScalar, let text = key.scalar, let number = YAMLScalar.int(text) else {
        diagnostics.append(.error(.anchorKeyNotNumber, at: key.mark))
        continue
      }
      guard let label = value.scalar else {
        diagnostics.append(
          .error(.anchorLabelNotText(number, found: value.kindDescription), at: value.mark))
        continue
      }
      marks.texts[.anchors, number] = key.mark
      anchors.append(Step.Anchor(value: number, label: label))
    }
    return anchors.sorted { $0.value < $1.value }
  }

  private func decodeRating(_ map: MappingReader, diagnostics: inout [Diagnostic]) -> Step.Rating? {
    let name = map.string("rating", diagnostics: &diagnostics)
    let phaseText = map.string("phase", diagnostics: &diagnostics)
    switch (name, phaseText) {
    case (nil, nil):
      return nil
    case (let name?, let phaseText?):
      guard let phase = Step.Rating.Phase(rawValue: phaseText) else {
        diagnostics.append(
          .error(.unknownPhase(phaseText), at: map.value("phase")?.mark))
        return nil
      }
      return Step.Rating(name: name, phase: phase)
    case (nil, _?):
      diagnostics.append(.error(.phaseWithoutRating, at: map.value("phase")?.mark))
      return nil
    case (_?, nil):
      diagnostics.append(
        .error(.ratingWithoutPhase, at: map.value("rating")?.mark))
      return nil
    }
  }

  /// The options as far as they decode; `lostJump` is set when an option's `next:` could not be
  /// kept (the option has no id, or its `next:` is not text), so where the step leads is not known.
  private func decodeOptions(
    _ map: MappingReader, marks: inout Step.Marks, lostJump: inout Bool, diagnostics: inout [Diagnostic]
  ) -> [Step.Option] {
    guard let items = map.list("options", required: true, diagnostics: &diagnostics) else { return [] }
    var options: [Step.Option] = []
    for (index, item) in items.enumerated() {
      guard let option = MappingReader(item, context: "an option", diagnostics: &diagnostics) else {
        lostJump = true
        continue
      }
      option.reportUnknownKeys(allowed: Self.optionFields, diagnostics: &diagnostics)
      let id = option.string("id", required: true, diagnostics: &diagnostics)
      // An option without a label is still where it leads; the missing label is reported.
      let label = option.string("label", required: true, diagnostics: &diagnostics) ?? ""
      let next = option.string("next", diagnostics: &diagnostics)
      if option.value("next") != nil && (id == nil || next == nil) { lostJump = true }
      guard let id else { continue }
      checkIdentifier(id, what: "option id", at: option.value("id")?.mark, diagnostics: &diagnostics)
      marks.texts[place: .options, index] = option.textPlace("label", lines: lines)
      options.append(
        Step.Option(
          id: id, label: label, next: next,
          exclusive: option.bool("exclusive", diagnostics: &diagnostics) ?? false, nextMark: option.value("next")?.mark,
          mark: option.value("id")?.mark))
    }
    return options
  }

  private func decodePhases(_ map: MappingReader, marks: inout Step.Marks, diagnostics: inout [Diagnostic]) -> [Step
    .Phase]
  {
    guard let items = map.list("phases", diagnostics: &diagnostics) else { return [] }
    var phases: [Step.Phase] = []
    for (index, item) in items.enumerated() {
      guard let phase = MappingReader(item, context: "a phase", diagnostics: &diagnostics) else { continue }
      phase.reportUnknownKeys(allowed: Self.phaseFields, diagnostics: &diagnostics)
      guard let label = phase.string("label", required: true, diagnostics: &diagnostics),
        let seconds = phase.int("seconds", required: true, in: 1...600, diagnostics: &diagnostics)
      else { continue }
      marks.texts[place: .phases, index] = phase.textPlace("label", lines: lines)
      phases.append(Step.Phase(label: label, seconds: seconds))
    }
    return phases
  }

  private mutating func decodeSafety(_ map: MappingReader, marks: inout Step.Marks, diagnostics: inout [Diagnostic])
    -> Step.Kind?
  {
    var question = map.string("question", diagnostics: &diagnostics)
    if question != nil { marks.texts[place: .question] = map.textPlace("question", lines: lines) }
    var guidance = map.string("guidance", diagnostics: &diagnostics)
    if guidance != nil { marks.texts[place: .guidance] = map.textPlace("guidance", lines: lines) }
    var items: [String]?
    if let nodes = map.list("items", diagnostics: &diagnostics) {
      items = nodes.enumerated().compactMap { index, node in
        guard let text = node.scalar else {
          diagnostics.append(.error(.safetyItemNotText(found: node.kindDescription), at: node.mark))
          return nil
        }
        marks.texts[place: .items, index] = lines.textPlace(of: node)
        return text
      }
    }
    if map.has("include") {
      guard let snippet = includedSnippet(map, diagnostics: &diagnostics) else { return nil }
      if items == nil && snippet.items == nil {
        diagnostics.append(
          .error(.snippetWithoutItems(snippet.id), at: map.value("include")?.mark))
        return nil
      }
      question = question ?? snippet.question
      guidance = guidance ?? snippet.guidance
      items = items ?? snippet.items
    }
    guard let items else {
      diagnostics.append(.error(.safetyStepWithoutItems, at: marks.id))
      return nil
    }
    guard let guidance else {
      diagnostics.append(.error(.safetyStepWithoutGuidance, at: marks.id))
      return nil
    }
    return .safety(question: question ?? Self.defaultSafetyQuestion, items: items, guidance: guidance)
  }
}

extension Diagnostic.Message {
  /// A module whose id is not its file name: patients, programs and `tandem session start` find a
  /// module by its file, so the two must agree.
  /// The id and the file name differ. The fix writes the file name as the id only when it is an
  /// id (`Worry-Time.yaml` is not: the file is what to rename then).
  static func idDiffersFromFileName(_ id: String, fileName: String) -> Self {
    let said =
      "module id '\(TerminalText.sanitized(id))' differs from its file name '\(TerminalText.sanitized(fileName))'"
    guard Identifier.isValid(fileName) else {
      return Self(
        said
          + "; '\(TerminalText.sanitized(fileName))' is not an id (lowercase letters, digits, '-' and '_'), so rename "
          + "the file" + (Identifier.isValid(id) ? " to '\(id).yaml'" : ""),
        category: "module-id")
    }
    return Self(
      said + "; rename one so that they match", category: "module-id",
      fixIt: Diagnostic.FixIt(replacing: id, with: fileName))
  }

  /// A module with an empty `steps:` list.
  static let noSteps = Self("a module needs at least one step", category: "empty-list")

  /// `migrations:` that is not a mapping.
  static let migrationsNotMapping = Self(
    "expected a mapping of old step id to new step id for 'migrations'", category: "field-type")

  /// A migration whose old or new step id is not plain text.
  static let migrationNotPair = Self("each migration maps an old step id to a new one", category: "migration")

  /// A migration to a step the module no longer has.
  static func unknownMigrationTarget(_ target: String, steps: [String]) -> Self {
    Self(
      "migration target '\(TerminalText.sanitized(target))' is not a step of this version"
        + Suggestion.hint(for: target, in: steps),
      category: "migration", fixIt: Suggestion.fixIt(for: target, in: steps))
  }

  /// An audience that is not one of `names`; `found` is already quoted (or a node kind).
  static func unknownAudience(_ found: String, expected names: [String]) -> Self {
    Self("unknown audience \(found); expected \(names.joined(separator: " or "))", category: "unknown-value")
  }

  /// A module, step or option id with characters ids may not use.
  static func invalidIdentifier(_ id: String, what: String) -> Self {
    Self(
      "\(what) '\(TerminalText.sanitized(id))' may use only lowercase letters, digits, '-' and '_' (up to 64)",
      category: "id-format")
  }

  /// A `steps:` entry that is not a mapping.
  static func stepNotMapping(found: String) -> Self {
    Self("expected a mapping for a step, found \(found)", category: "field-type")
  }

  /// A `kind:` that names no step kind.
  static func unknownStepKind(_ kind: String, expected names: [String]) -> Self {
    let hint = Suggestion.closest(to: kind, in: names).map { "did you mean '\($0)'? " } ?? ""
    return Self(
      "unknown step kind '\(TerminalText.sanitized(kind))'; \(hint)expected one of \(names.joined(separator: ", "))",
      category: "step-kind", fixIt: Suggestion.fixIt(for: kind, in: names))
  }

  /// A `when:` condition that does not parse; `message` is the parser's.
  static func conditionSyntax(_ message: String) -> Self {
    Self("in 'when:': \(message)", category: "condition")
  }

  /// A questionnaire step marked `optional`.
  static let optionalQuestionnaire = Self(
    "a questionnaire cannot be 'optional'; its measure's 'missing' rule says which items may be skipped",
    category: "questionnaire")

  /// A `measure:` that names no loaded measure.
  static func unknownMeasure(_ name: String, known: [String]) -> Self {
    Self(
      "measure '\(TerminalText.sanitized(name))' does not resolve to a measure in Content/measures"
        + Suggestion.hint(for: name, in: known),
      category: "unknown-measure", fixIt: Suggestion.fixIt(for: name, in: known))
  }

  /// A questionnaire whose id and an item's id together make a step id longer than ids may be.
  static func itemStepIDTooLong(_ id: String, item: String) -> Self {
    Self(
      "step id '\(id)-\(item)' for item '\(item)' would be longer than 64; shorten the questionnaire's id",
      category: "questionnaire")
  }

  /// A measure with a crisis rule when the crisis-resources snippet is not loaded.
  static func crisisSnippetMissing(measure name: String) -> Self {
    Self(
      "measure '\(name)' has a crisis rule, which needs the crisis-resources snippet (Content/snippets)",
      category: "questionnaire")
  }

  /// A field given both in place and through `include:`.
  static func fieldAndInclude(_ field: String, in context: String) -> Self {
    Self("give either '\(field)' or 'include' in \(context), not both", category: "include")
  }

  /// An included snippet with no body for a text step.
  static func snippetWithoutBody(_ snippet: String) -> Self {
    Self("snippet '\(snippet)' has no 'body' to include", category: "include")
  }

  /// An `include:` that names no loaded snippet.
  static func unknownSnippet(_ name: String, known: [String]) -> Self {
    Self(
      "include '\(TerminalText.sanitized(name))' does not resolve to a snippet in Content/snippets"
        + Suggestion.hint(for: name, in: known),
      category: "unknown-snippet", fixIt: Suggestion.fixIt(for: name, in: known))
  }

  /// `anchors:` that is not a mapping.
  static func anchorsNotMapping(found: String) -> Self {
    Self("expected a mapping of value: label for 'anchors', found \(found)", category: "field-type")
  }

  /// An anchor whose key is not a whole number.
  static let anchorKeyNotNumber = Self("anchor keys must be whole numbers on the scale", category: "field-type")

  /// An anchor whose label is not text.
  static func anchorLabelNotText(_ value: Int, found: String) -> Self {
    Self("expected a label for anchor \(value), found \(found)", category: "field-type")
  }

  /// A `phase:` other than before or after.
  static func unknownPhase(_ phase: String) -> Self {
    Self("unknown phase '\(TerminalText.sanitized(phase))'; expected before or after", category: "rating")
  }

  /// `phase:` without `rating:`.
  static let phaseWithoutRating = Self("'phase' needs a 'rating' name beside it", category: "rating")

  /// `rating:` without `phase:`.
  static let ratingWithoutPhase = Self(
    "'rating' needs 'phase: before' or 'phase: after' beside it", category: "rating")

  /// A safety item that is not text.
  static func safetyItemNotText(found: String) -> Self {
    Self("expected text for each safety item, found \(found)", category: "field-type")
  }

  /// A safety step that includes a snippet with no items.
  static func snippetWithoutItems(_ snippet: String) -> Self {
    Self("snippet '\(snippet)' has no 'items' for a safety step", category: "safety-step")
  }

  /// A safety step with no items of its own or from a snippet.
  static let safetyStepWithoutItems = Self(
    "safety step needs 'items' or an 'include' that provides them", category: "safety-step")

  /// A safety step that does not say what to do after a yes.
  static let safetyStepWithoutGuidance = Self(
    "safety step needs 'guidance' (what to do if the answer is yes)", category: "safety-step")
}
