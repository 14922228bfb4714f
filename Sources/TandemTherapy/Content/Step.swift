import TandemBase

/// One screen of a module: a page to read, a question, an exercise or a safety screen.
public struct Step: Hashable, Sendable, Codable {
  /// The step's fields, held in one shared, immutable box: a module's steps are copied often
  /// (validation, flow graphs, sessions), and a copy is then one reference, not a dozen. A
  /// change makes a new box.
  private final class Storage: Sendable {
    let fields: Fields
    init(_ fields: Fields) { self.fields = fields }
  }

  /// Everything a step holds; its coding keys are the step's own.
  private struct Fields: Hashable, Sendable, Codable {
    var id: String
    var title: String?
    var kind: Kind
    var when: Condition?
    var next: String?
    var optional: Bool
    var rating: Rating?
    var diaryHook: DiaryHook?
    var include: String?
    var measureItem: MeasureItemTag?
    var marks: Marks
  }

  private var storage: Storage

  private mutating func change(_ body: (inout Fields) -> Void) {
    var fields = storage.fields
    body(&fields)
    storage = Storage(fields)
  }

  /// Unique within the module; answers are referred to by it.
  public var id: String {
    get { storage.fields.id }
    set { change { $0.id = newValue } }
  }
  /// Optional heading.
  public var title: String? {
    get { storage.fields.title }
    set { change { $0.title = newValue } }
  }
  /// What the step asks or shows.
  public var kind: Kind {
    get { storage.fields.kind }
    set { change { $0.kind = newValue } }
  }
  /// Shown only when this condition holds on earlier answers.
  public var when: Condition? {
    get { storage.fields.when }
    set { change { $0.when = newValue } }
  }
  /// Where to go after this step: a step id or `end`. Defaults to the next step in the file.
  public var next: String? {
    get { storage.fields.next }
    set { change { $0.next = newValue } }
  }
  /// Whether a patient may skip the step.
  public var optional: Bool {
    get { storage.fields.optional }
    set { change { $0.optional = newValue } }
  }
  /// Marks a scale as the before or after half of a paired rating.
  public var rating: Rating? {
    get { storage.fields.rating }
    set { change { $0.rating = newValue } }
  }
  /// For `dose-check` and `attack-check` steps: what the answer logs in the diary.
  public var diaryHook: DiaryHook? {
    get { storage.fields.diaryHook }
    set { change { $0.diaryHook = newValue } }
  }
  /// The snippet whose text this step includes, so a translation can use the snippet's own.
  public var include: String? {
    get { storage.fields.include }
    set { change { $0.include = newValue } }
  }
  /// For an item of a `questionnaire` step: which questionnaire and item it is.
  public var measureItem: MeasureItemTag? {
    get { storage.fields.measureItem }
    set { change { $0.measureItem = newValue } }
  }
  /// Positions of the parts the validator points at.
  public var marks: Marks {
    get { storage.fields.marks }
    set { change { $0.marks = newValue } }
  }

  /// Creates a step.
  public init(
    id: String, title: String? = nil, kind: Kind, when: Condition? = nil, next: String? = nil,
    optional: Bool = false, rating: Rating? = nil, diaryHook: DiaryHook? = nil, include: String? = nil,
    measureItem: MeasureItemTag? = nil, marks: Marks = Marks()
  ) {
    storage = Storage(
      Fields(
        id: id, title: title, kind: kind, when: when, next: next, optional: optional, rating: rating,
        diaryHook: diaryHook, include: include, measureItem: measureItem, marks: marks))
  }

  public static func == (a: Step, b: Step) -> Bool {
    a.storage === b.storage || a.storage.fields == b.storage.fields
  }

  public func hash(into hasher: inout Hasher) { storage.fields.hash(into: &hasher) }

  public init(from decoder: any Decoder) throws { storage = Storage(try Fields(from: decoder)) }

  public func encode(to encoder: any Encoder) throws { try storage.fields.encode(to: encoder) }

  /// What a `dose-check` or `attack-check` step writes to the diary when answered.
  ///
  /// Both are ordinary steps underneath — a dose check is a single choice with the options
  /// `taken`, `not-yet`, `skipped` and `none-due`; an attack check is a 0–10 scale (0 = no
  /// headache) — so conditions, paths and previews treat them like any other choice or scale.
  public enum DiaryHook: String, Hashable, Sendable, Codable {
    /// `taken` logs today's due doses as taken now; `skipped` logs them as skipped; `not-yet`
    /// and `none-due` (nothing is due, or no regular medicine) log nothing.
    case doseCheck = "dose-check"
    /// A rating above 0 starts a headache now (or updates the one in progress); 0 ends one in progress.
    case attackCheck = "attack-check"

    /// The option ids of a dose check.
    public static let doseCheckOptions = ["taken", "not-yet", "skipped", "none-due"]
  }

  /// What a step shows and accepts.
  public enum Kind: Hashable, Sendable, Codable {
    /// A page of reading.
    case text(body: String)
    /// A free-text answer.
    case prompt(question: String, minLength: Int, maxLength: Int)
    /// An integer rating between `min` and `max` inclusive.
    case scale(question: String, min: Int, max: Int, anchors: [Anchor])
    /// One option, or several when `multiple`.
    case choice(question: String, multiple: Bool, options: [Option])
    /// A timed exercise, optionally paced by repeating phases.
    case timer(body: String, seconds: Int, phases: [Phase])
    /// A red-flag screen: a "yes" stops the session with urgent-care guidance.
    case safety(question: String, items: [String], guidance: String)

    /// The name authors write as `kind:`.
    public var name: String {
      switch self {
      case .text: "text"
      case .prompt: "prompt"
      case .scale: "scale"
      case .choice: "choice"
      case .timer: "timer"
      case .safety: "safety"
      }
    }

    /// Whether the step takes an answer (as opposed to continuing).
    public var takesAnswer: Bool {
      switch self {
      case .text, .timer: false
      case .prompt, .scale, .choice, .safety: true
      }
    }
  }

  /// A labelled point on a scale.
  public struct Anchor: Hashable, Sendable, Codable {
    /// The scale value.
    public var value: Int
    /// Its label, for example "worst pain imaginable".
    public var label: String
    /// Creates an anchor.
    public init(value: Int, label: String) {
      self.value = value
      self.label = label
    }
  }

  /// One option of a choice step.
  public struct Option: Hashable, Sendable, Codable {
    /// Stable identifier used in conditions and scripted answers.
    public var id: String
    /// What the patient reads.
    public var label: String
    /// Where to go when this option is chosen (single choice only).
    public var next: String?
    /// Whether the option stands alone on a multiple choice ("None of these"): it cannot be
    /// chosen together with any other option.
    public var exclusive: Bool
    /// Position of `next:` for diagnostics.
    public var nextMark: SourceLocation?
    /// Position of the option's `id:`.
    public var mark: SourceLocation?
    /// Creates an option.
    public init(
      id: String, label: String, next: String? = nil, exclusive: Bool = false, nextMark: SourceLocation? = nil,
      mark: SourceLocation? = nil
    ) {
      self.id = id
      self.label = label
      self.next = next
      self.exclusive = exclusive
      self.nextMark = nextMark
      self.mark = mark
    }

    private enum CodingKeys: String, CodingKey { case id, label, next, exclusive, nextMark, mark }

    // Sessions pinned before `exclusive` existed have no such key; an option without it is not
    // exclusive, and one that is not is written without it, so those pins read back unchanged.
    public init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      id = try container.decode(String.self, forKey: .id)
      label = try container.decode(String.self, forKey: .label)
      next = try container.decodeIfPresent(String.self, forKey: .next)
      exclusive = try container.decodeIfPresent(Bool.self, forKey: .exclusive) ?? false
      nextMark = try container.decodeIfPresent(SourceLocation.self, forKey: .nextMark)
      mark = try container.decodeIfPresent(SourceLocation.self, forKey: .mark)
    }

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(label, forKey: .label)
      try container.encodeIfPresent(next, forKey: .next)
      if exclusive { try container.encode(true, forKey: .exclusive) }
      try container.encodeIfPresent(nextMark, forKey: .nextMark)
      try container.encodeIfPresent(mark, forKey: .mark)
    }
  }

  /// One phase of a paced exercise, such as "breathe in" for 4 seconds.
  public struct Phase: Hashable, Sendable, Codable {
    /// What to do during the phase.
    public var label: String
    /// How long it lasts.
    public var seconds: Int
    /// Creates a phase.
    public init(label: String, seconds: Int) {
      self.label = label
      self.seconds = seconds
    }
  }

  /// The before or after half of a paired rating such as tension.
  public struct Rating: Hashable, Sendable, Codable {
    /// Which half.
    public enum Phase: String, Hashable, Sendable, Codable { case before, after }
    /// What is rated, for example `tension`.
    public var name: String
    /// Before or after the exercise.
    public var phase: Phase
    /// Creates a rating tag.
    public init(name: String, phase: Phase) {
      self.name = name
      self.phase = phase
    }
  }

  /// Positions of a step's parts, for diagnostics.
  public struct Marks: Hashable, Sendable, Codable {
    /// The step's `id:` value (or the step itself).
    public var id: SourceLocation?
    /// The `when:` value; condition tokens are offset from it.
    public var when: SourceLocation?
    /// The `next:` value.
    public var next: SourceLocation?
    /// The `when:` text as written, so that a finding about a compared value can point at it
    /// (see `Condition.valueOffsets(in:)`); worked out only when there is something to report.
    public var whenText: String?
    /// How the `when:` value is written, when offsets into it are not offsets from `when`
    /// (it spans lines, or has escapes). Not encoded.
    public var whenWritten: WrittenScalar?
    /// Where each text field's content starts, keyed like `Step.interpolatedTexts`.
    public var texts: TextMarks

    /// Where the `when:` value is, for offsets into it.
    public var whenPlace: TextPlace? { when.map { TextPlace(start: $0, written: whenWritten) } }

    private enum CodingKeys: String, CodingKey { case id, when, next, whenText, texts }
    /// Creates marks.
    public init(
      id: SourceLocation? = nil, when: SourceLocation? = nil, next: SourceLocation? = nil,
      texts: TextMarks = [:]
    ) {
      self.id = id
      self.when = when
      self.next = next
      self.texts = texts
    }
  }
}

extension Step {
  /// The text fields that may interpolate earlier answers, keyed like `Marks.texts`
  /// (`body`, `question`, `options.0`, `anchors.10`, …).
  public var interpolatedTexts: [(field: String, text: String)] { interpolatedTexts { _ in true } }

  /// The text fields for which `include` holds; keys are built only for those (validation asks
  /// only for texts that may hold placeholders, which most do not).
  public func interpolatedTexts(where include: (String) -> Bool) -> [(field: String, text: String)] {
    var fields: [(String, String)] = []
    func add(_ key: @autoclosure () -> String, _ text: String) {
      if include(text) { fields.append((key(), text)) }
    }
    if let title { add("title", title) }
    switch kind {
    case .text(let body): add("body", body)
    case .prompt(let question, _, _): add("question", question)
    case .scale(let question, _, _, let anchors):
      add("question", question)
      for anchor in anchors { add("anchors.\(anchor.value)", anchor.label) }
    case .choice(let question, _, let options):
      add("question", question)
      for (index, option) in options.enumerated() { add("options.\(index)", option.label) }
    case .timer(let body, _, let phases):
      add("body", body)
      for (index, phase) in phases.enumerated() { add("phases.\(index)", phase.label) }
    case .safety(let question, let items, let guidance):
      add("question", question)
      for (index, item) in items.enumerated() { add("items.\(index)", item) }
      add("guidance", guidance)
    }
    return fields
  }
}

/// Where each text field of a step is, keyed like `Step.interpolatedTexts` (`title`,
/// `body`, `question`, `guidance`, `options.0`, `anchors.10`, `phases.1`, `items.2`).
///
/// A short list kept in key order rather than a dictionary: a step has a handful of texts,
/// and the loader records them for every step. Encoded as the dictionary of where each text
/// starts that it stands for (how texts are written is not encoded).
public struct TextMarks: Hashable, Sendable, Codable, ExpressibleByDictionaryLiteral {
  /// A text field of a step.
  public enum Field: UInt8, Hashable, Sendable, CaseIterable {
    case title, body, question, guidance, anchors, options, phases, items

    /// The name used in keys.
    public var name: String {
      switch self {
      case .title: "title"
      case .body: "body"
      case .question: "question"
      case .guidance: "guidance"
      case .anchors: "anchors"
      case .options: "options"
      case .phases: "phases"
      case .items: "items"
      }
    }

    /// Whether the field is a list whose entries are keyed `name.N`.
    var isIndexed: Bool { rawValue >= Field.anchors.rawValue }
  }

  private struct FieldKey: Hashable, Comparable {
    var field: Field
    var index: Int

    init(_ field: Field, _ index: Int) {
      self.field = field
      self.index = field.isIndexed ? index : 0
    }

    /// `body`, `options.2`, `anchors.-5`…; nil for anything else.
    init?(_ text: String) {
      let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
      guard let field = Field.allCases.first(where: { $0.name == parts[0] }) else { return nil }
      if field.isIndexed {
        guard parts.count == 2, let index = Int(parts[1]) else { return nil }
        self.init(field, index)
      } else {
        guard parts.count == 1 else { return nil }
        self.init(field, 0)
      }
    }

    var text: String { field.isIndexed ? "\(field.name).\(index)" : field.name }

    static func < (a: FieldKey, b: FieldKey) -> Bool { (a.field.rawValue, a.index) < (b.field.rawValue, b.index) }
  }

  private struct Entry: Hashable {
    var key: FieldKey
    var place: TextPlace
  }

  public typealias Key = String
  public typealias Value = SourceLocation

  /// Sorted by key, one entry per key.
  private var entries: [Entry] = []

  public init(dictionaryLiteral elements: (String, SourceLocation)...) {
    for (key, location) in elements { self[key] = location }
  }

  /// Where a field starts (`index` counts list entries, or is the anchor's value).
  public subscript(_ field: Field, _ index: Int = 0) -> SourceLocation? {
    get { place(FieldKey(field, index))?.start }
    set { set(FieldKey(field, index), newValue.map { TextPlace(start: $0) }) }
  }

  /// Where a field starts, by its key text, such as `options.2`.
  public subscript(_ key: String) -> SourceLocation? {
    get { FieldKey(key).flatMap(place)?.start }
    set {
      guard let parsed = FieldKey(key) else { return }
      set(parsed, newValue.map { TextPlace(start: $0) })
    }
  }

  /// Where a field is, for offsets into its text.
  public subscript(place field: Field, _ index: Int = 0) -> TextPlace? {
    get { place(FieldKey(field, index)) }
    set { set(FieldKey(field, index), newValue) }
  }

  /// Where a field is, by its key text, for offsets into its text.
  public subscript(place key: String) -> TextPlace? {
    FieldKey(key).flatMap(place)
  }

  /// How many fields have a position.
  public var count: Int { entries.count }

  /// The position of the first entry whose key is not below `key` (binary search).
  private func lowerBound(_ key: FieldKey) -> Int {
    var low = 0, high = entries.count
    while low < high {
      let middle = (low + high) / 2
      if entries[middle].key < key { low = middle + 1 } else { high = middle }
    }
    return low
  }

  private func place(_ key: FieldKey) -> TextPlace? {
    let index = lowerBound(key)
    return index < entries.count && entries[index].key == key ? entries[index].place : nil
  }

  private mutating func set(_ key: FieldKey, _ place: TextPlace?) {
    // The loader records fields in key order: that case is an append.
    if let place, entries.last.map({ $0.key < key }) ?? true {
      entries.append(Entry(key: key, place: place))
      return
    }
    let index = lowerBound(key)
    let exists = index < entries.count && entries[index].key == key
    switch (place, exists) {
    case (let place?, true): entries[index].place = place
    case (let place?, false): entries.insert(Entry(key: key, place: place), at: index)
    case (nil, true): entries.remove(at: index)
    case (nil, false): break
    }
  }

  public init(from decoder: any Decoder) throws {
    let dictionary = try [String: SourceLocation](from: decoder)
    for (key, location) in dictionary { self[key] = location }
  }

  public func encode(to encoder: any Encoder) throws {
    var dictionary: [String: SourceLocation] = [:]
    for entry in entries { dictionary[entry.key.text] = entry.place.start }
    try dictionary.encode(to: encoder)
  }
}
