import TandemTherapy

/// A module as a session pins it, in the documented form of `docs/events.md` ("Pinned modules"):
/// plain snake_case fields, a step's kind as a name beside its own fields, conditions as small
/// trees of named objects, and `"schema": 2`.
///
/// It reads the earlier form too — Swift's own encoding of `Module`, which stores and exports
/// written before schema 2 hold (it has no `schema` field) — so nothing written before stops
/// reading. It always writes schema 2.
public struct PinnedModule: Codable, Hashable, Sendable {
  /// The module, without where it was written.
  public var module: Module

  /// The schema this type writes.
  public static let schema = 2

  /// Pins `module`, dropping its source positions (the author's path, lines and columns).
  public init(_ module: Module) { self.module = module.withoutSourcePositions }

  private struct SchemaKey: CodingKey {
    var stringValue: String { "schema" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) {}
    init?(intValue: Int) { nil }
  }

  public init(from decoder: any Decoder) throws {
    let probe = try decoder.container(keyedBy: SchemaKey.self)
    guard probe.contains(SchemaKey()) else {
      module = try Module(from: decoder).withoutSourcePositions
      return
    }
    let schema = try probe.decode(Int.self, forKey: SchemaKey())
    guard schema == Self.schema else {
      throw DecodingError.dataCorruptedError(
        forKey: SchemaKey(), in: probe, debugDescription: "pinned module schema \(schema) is not known")
    }
    module = try ModuleForm(from: decoder).module()
  }

  public func encode(to encoder: any Encoder) throws { try ModuleForm(module).encode(to: encoder) }
}

// MARK: - The documented form

/// Raised when a documented module's fields do not make a module (a kind without its fields).
private func invalid(_ message: String, _ codingPath: [any CodingKey]) -> DecodingError {
  .dataCorrupted(DecodingError.Context(codingPath: codingPath, debugDescription: message))
}

private struct ModuleForm: Codable {
  var schema = PinnedModule.schema
  var id: String
  var version: Int
  var title: String
  var approach: Approach
  var process: ACTProcess?
  var audience: [Audience]
  var minutes: Int
  var summary: String
  var language: String?
  var migrations: [String: String]?
  var measures: [String: MeasureForm]?
  var steps: [StepForm]

  init(_ module: Module) {
    id = module.id
    version = module.version
    title = module.title
    approach = module.approach
    process = module.process
    audience = module.audience
    minutes = module.minutes
    summary = module.summary
    language = module.language
    migrations = module.migrations
    measures = module.measures?.mapValues(MeasureForm.init)
    steps = module.steps.map(StepForm.init)
  }

  func module() throws -> Module {
    var module = Module(
      id: id, version: version, title: title, approach: approach, process: process, audience: audience,
      minutes: minutes, summary: summary, steps: try steps.map { try $0.step() })
    module.language = language
    module.migrations = migrations
    module.measures = try measures?.mapValues { try $0.measure() }
    return module
  }
}

private struct StepForm: Codable {
  var id: String
  var title: String?
  var kind: String
  var body: String?
  var question: String?
  var minLength: Int?
  var maxLength: Int?
  var min: Int?
  var max: Int?
  var anchors: [AnchorForm]?
  var multiple: Bool?
  var options: [OptionForm]?
  var seconds: Int?
  var phases: [PhaseForm]?
  var items: [String]?
  var guidance: String?
  var when: ConditionForm?
  var next: String?
  var optional: Bool
  var rating: RatingForm?
  var diaryHook: Step.DiaryHook?
  var include: String?
  var measureItem: MeasureItemForm?

  enum CodingKeys: String, CodingKey {
    case id, title, kind, body, question, min, max, anchors, multiple, options, seconds, phases, items, guidance
    case when, next, optional, rating, include
    case minLength = "min_length"
    case maxLength = "max_length"
    case diaryHook = "diary_hook"
    case measureItem = "measure_item"
  }

  init(_ step: Step) {
    id = step.id
    title = step.title
    kind = step.kind.name
    switch step.kind {
    case .text(let body): self.body = body
    case .prompt(let question, let minLength, let maxLength):
      self.question = question
      self.minLength = minLength
      self.maxLength = maxLength
    case .scale(let question, let min, let max, let anchors):
      self.question = question
      self.min = min
      self.max = max
      self.anchors = anchors.map { AnchorForm(value: $0.value, label: $0.label) }
    case .choice(let question, let multiple, let options):
      self.question = question
      self.multiple = multiple
      self.options = options.map {
        OptionForm(id: $0.id, label: $0.label, next: $0.next, exclusive: $0.exclusive ? true : nil)
      }
    case .timer(let body, let seconds, let phases):
      self.body = body
      self.seconds = seconds
      self.phases = phases.map { PhaseForm(label: $0.label, seconds: $0.seconds) }
    case .safety(let question, let items, let guidance):
      self.question = question
      self.items = items
      self.guidance = guidance
    }
    when = step.when.map(ConditionForm.init)
    next = step.next
    optional = step.optional
    rating = step.rating.map { RatingForm(name: $0.name, phase: $0.phase) }
    diaryHook = step.diaryHook
    include = step.include
    measureItem = step.measureItem.map {
      MeasureItemForm(questionnaire: $0.questionnaire, item: $0.item, last: $0.last)
    }
  }

  func step() throws -> Step {
    func need<T>(_ value: T?, _ field: String) throws -> T {
      guard let value else { throw invalid("a '\(kind)' step needs '\(field)' (step '\(id)')", []) }
      return value
    }
    let stepKind: Step.Kind
    switch kind {
    case "text": stepKind = .text(body: try need(body, "body"))
    case "prompt":
      stepKind = .prompt(
        question: try need(question, "question"), minLength: try need(minLength, "min_length"),
        maxLength: try need(maxLength, "max_length"))
    case "scale":
      stepKind = .scale(
        question: try need(question, "question"), min: try need(min, "min"), max: try need(max, "max"),
        anchors: (anchors ?? []).map { Step.Anchor(value: $0.value, label: $0.label) })
    case "choice":
      stepKind = .choice(
        question: try need(question, "question"), multiple: multiple ?? false,
        options: try need(options, "options").map {
          Step.Option(id: $0.id, label: $0.label, next: $0.next, exclusive: $0.exclusive ?? false)
        })
    case "timer":
      stepKind = .timer(
        body: try need(body, "body"), seconds: try need(seconds, "seconds"),
        phases: (phases ?? []).map { Step.Phase(label: $0.label, seconds: $0.seconds) })
    case "safety":
      stepKind = .safety(
        question: try need(question, "question"), items: try need(items, "items"),
        guidance: try need(guidance, "guidance"))
    default: throw invalid("'\(kind)' is not a step kind (step '\(id)')", [])
    }
    return Step(
      id: id, title: title, kind: stepKind, when: try when?.condition(), next: next, optional: optional,
      rating: rating.map { Step.Rating(name: $0.name, phase: $0.phase) }, diaryHook: diaryHook, include: include,
      measureItem: measureItem.map { MeasureItemTag(questionnaire: $0.questionnaire, item: $0.item, last: $0.last) })
  }
}

private struct AnchorForm: Codable {
  var value: Int
  var label: String
}

private struct OptionForm: Codable {
  var id: String
  var label: String
  var next: String?
  var exclusive: Bool?
}

private struct PhaseForm: Codable {
  var label: String
  var seconds: Int
}

private struct RatingForm: Codable {
  var name: String
  var phase: Step.Rating.Phase
}

private struct MeasureItemForm: Codable {
  var questionnaire: String
  var item: String
  var last: Bool
}

/// A condition: `{"and": [a, b]}`, `{"or": [a, b]}`, `{"not": a}`,
/// `{"compare": {"step", "op", "value", "offset"}}` or `{"answered": {"step", "offset"}}`.
private indirect enum ConditionForm: Codable {
  case and(ConditionForm, ConditionForm)
  case or(ConditionForm, ConditionForm)
  case not(ConditionForm)
  case compare(CompareForm)
  case answered(AnsweredForm)

  struct CompareForm: Codable {
    var step: String
    var op: Condition.Comparison
    var value: ValueForm
    var offset: Int
  }

  struct AnsweredForm: Codable {
    var step: String
    var offset: Int
  }

  /// A compared value: `{"number": 7}`, `{"word": "calm"}` (an option id) or `{"text": "…"}`.
  struct ValueForm: Codable {
    var number: Int?
    var word: String?
    var text: String?

    init(_ literal: Condition.Literal) {
      switch literal {
      case .number(let value): number = value
      case .word(let value): word = value
      case .text(let value): text = value
      }
    }

    func literal(_ codingPath: [any CodingKey]) throws -> Condition.Literal {
      switch (number, word, text) {
      case (let value?, nil, nil): .number(value)
      case (nil, let value?, nil): .word(value)
      case (nil, nil, let value?): .text(value)
      default: throw invalid("a compared value has exactly one of 'number', 'word' and 'text'", codingPath)
      }
    }
  }

  enum CodingKeys: String, CodingKey { case and, or, not, compare, answered }

  init(_ condition: Condition) {
    switch condition {
    case .and(let a, let b): self = .and(ConditionForm(a), ConditionForm(b))
    case .or(let a, let b): self = .or(ConditionForm(a), ConditionForm(b))
    case .not(let a): self = .not(ConditionForm(a))
    case .compare(let step, let op, let value, let offset):
      self = .compare(CompareForm(step: step, op: op, value: ValueForm(value), offset: offset))
    case .answered(let step, let offset): self = .answered(AnsweredForm(step: step, offset: offset))
    }
  }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    guard c.allKeys.count == 1, let key = c.allKeys.first else {
      throw invalid(
        "a condition has exactly one of 'and', 'or', 'not', 'compare' and 'answered'", decoder.codingPath)
    }
    switch key {
    case .and, .or:
      let parts = try c.decode([ConditionForm].self, forKey: key)
      guard parts.count == 2 else {
        throw invalid("'\(key.rawValue)' joins exactly two conditions", decoder.codingPath + [key])
      }
      self = key == .and ? .and(parts[0], parts[1]) : .or(parts[0], parts[1])
    case .not: self = .not(try c.decode(ConditionForm.self, forKey: .not))
    case .compare:
      let compare = try c.decode(CompareForm.self, forKey: .compare)
      _ = try compare.value.literal(decoder.codingPath + [key])
      self = .compare(compare)
    case .answered: self = .answered(try c.decode(AnsweredForm.self, forKey: .answered))
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch self {
    case .and(let a, let b): try c.encode([a, b], forKey: .and)
    case .or(let a, let b): try c.encode([a, b], forKey: .or)
    case .not(let a): try c.encode(a, forKey: .not)
    case .compare(let compare): try c.encode(compare, forKey: .compare)
    case .answered(let answered): try c.encode(answered, forKey: .answered)
    }
  }

  func condition() throws -> Condition {
    switch self {
    case .and(let a, let b): .and(try a.condition(), try b.condition())
    case .or(let a, let b): .or(try a.condition(), try b.condition())
    case .not(let a): .not(try a.condition())
    case .compare(let c): .compare(step: c.step, op: c.op, value: try c.value.literal([]), offset: c.offset)
    case .answered(let a): .answered(step: a.step, offset: a.offset)
    }
  }
}

private struct MeasureForm: Codable {
  var id: String
  var version: Int
  var title: String
  var instructions: String
  var stem: String?
  var options: [OptionForm]
  var items: [ItemForm]
  var subscales: [SubscaleForm]
  var bands: [BandForm]
  var missing: MissingForm
  var crisis: CrisisForm?
  var licence: String?

  struct OptionForm: Codable {
    var id: String
    var label: String
    var score: Int
  }

  /// `"response"` is `options` (the measure's shared options) or `count` (a whole number from
  /// `min` to `max`, in `unit`).
  struct ItemForm: Codable {
    var id: String
    var text: String
    var response: String
    var min: Int?
    var max: Int?
    var unit: String?
    var reverse: Bool
  }

  struct SubscaleForm: Codable {
    var id: String
    var title: String
    var items: [String]
    var positiveAt: Int?
    enum CodingKeys: String, CodingKey {
      case id, title, items
      case positiveAt = "positive_at"
    }
  }

  struct BandForm: Codable {
    var min: Int
    var max: Int
    var label: String
  }

  /// `{"rule": "none"}` or `{"rule": "prorate", "up_to": N}`.
  struct MissingForm: Codable {
    var rule: String
    var upTo: Int?
    enum CodingKeys: String, CodingKey {
      case rule
      case upTo = "up_to"
    }
  }

  struct CrisisForm: Codable {
    var item: String
    var above: Int
    var message: String
  }

  init(_ measure: Measure) {
    id = measure.id
    version = measure.version
    title = measure.title
    instructions = measure.instructions
    stem = measure.stem
    options = measure.options.map { OptionForm(id: $0.id, label: $0.label, score: $0.score) }
    items = measure.items.map { item in
      switch item.response {
      case .options:
        ItemForm(id: item.id, text: item.text, response: "options", reverse: item.reverse)
      case .count(let min, let max, let unit):
        ItemForm(
          id: item.id, text: item.text, response: "count", min: min, max: max, unit: unit, reverse: item.reverse)
      }
    }
    subscales = measure.subscales.map {
      SubscaleForm(id: $0.id, title: $0.title, items: $0.items, positiveAt: $0.positiveAt)
    }
    bands = measure.bands.map { BandForm(min: $0.min, max: $0.max, label: $0.label) }
    switch measure.missing {
    case .none: missing = MissingForm(rule: "none")
    case .prorate(let upTo): missing = MissingForm(rule: "prorate", upTo: upTo)
    }
    crisis = measure.crisis.map { CrisisForm(item: $0.item, above: $0.above, message: $0.message) }
    licence = measure.licence
  }

  func measure() throws -> Measure {
    let items = try self.items.map { item -> Measure.Item in
      switch (item.response, item.min, item.max, item.unit) {
      case ("options", nil, nil, nil):
        return Measure.Item(id: item.id, text: item.text, response: .options, reverse: item.reverse)
      case ("count", let min?, let max?, let unit?):
        return Measure.Item(
          id: item.id, text: item.text, response: .count(min: min, max: max, unit: unit), reverse: item.reverse)
      default:
        throw invalid(
          "item '\(item.id)' of measure '\(id)': 'response' is 'options', or 'count' with 'min', 'max' and 'unit'",
          [])
      }
    }
    let missing: Measure.MissingRule
    switch (self.missing.rule, self.missing.upTo) {
    case ("none", nil): missing = .none
    case ("prorate", let upTo?): missing = .prorate(upTo: upTo)
    default: throw invalid("measure '\(id)': 'missing' is {\"rule\": \"none\"} or a prorate rule with 'up_to'", [])
    }
    return Measure(
      id: id, version: version, title: title, instructions: instructions, stem: stem,
      options: options.map { Measure.Option(id: $0.id, label: $0.label, score: $0.score) }, items: items,
      subscales: subscales.map {
        Measure.Subscale(id: $0.id, title: $0.title, items: $0.items, positiveAt: $0.positiveAt)
      },
      bands: bands.map { Measure.Band(min: $0.min, max: $0.max, label: $0.label) }, missing: missing,
      crisis: crisis.map { Measure.CrisisRule(item: $0.item, above: $0.above, message: $0.message) },
      licence: licence)
  }
}
