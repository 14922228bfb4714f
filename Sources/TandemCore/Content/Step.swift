/// One screen of a module: a page to read, a question, an exercise or a safety screen.
public struct Step: Hashable, Sendable, Codable {
  /// Unique within the module; answers are referred to by it.
  public var id: String
  /// Optional heading.
  public var title: String?
  /// What the step asks or shows.
  public var kind: Kind
  /// Shown only when this condition holds on earlier answers.
  public var when: Condition?
  /// Where to go after this step: a step id or `end`. Defaults to the next step in the file.
  public var next: String?
  /// Whether a patient may skip the step.
  public var optional: Bool
  /// Marks a scale as the before or after half of a paired rating.
  public var rating: Rating?
  /// For `dose-check` and `attack-check` steps: what the answer logs in the diary.
  public var diaryHook: DiaryHook?
  /// The snippet whose text this step includes, so a translation can use the snippet's own.
  public var include: String?
  /// Positions of the parts the validator points at.
  public var marks: Marks

  /// Creates a step.
  public init(
    id: String, title: String? = nil, kind: Kind, when: Condition? = nil, next: String? = nil,
    optional: Bool = false, rating: Rating? = nil, diaryHook: DiaryHook? = nil, marks: Marks = Marks()
  ) {
    self.id = id
    self.title = title
    self.kind = kind
    self.when = when
    self.next = next
    self.optional = optional
    self.rating = rating
    self.diaryHook = diaryHook
    self.marks = marks
  }

  /// What a `dose-check` or `attack-check` step writes to the diary when answered.
  ///
  /// Both are ordinary steps underneath — a dose check is a single choice with the options
  /// `taken`, `not-yet` and `skipped`; an attack check is a 0–10 scale (0 = no headache) — so
  /// conditions, paths and previews treat them like any other choice or scale.
  public enum DiaryHook: String, Hashable, Sendable, Codable {
    /// `taken` logs today's due doses as taken now; `skipped` logs them as skipped.
    case doseCheck = "dose-check"
    /// A rating above 0 starts a headache now (or updates the one in progress); 0 ends one in progress.
    case attackCheck = "attack-check"

    /// The option ids of a dose check.
    public static let doseCheckOptions = ["taken", "not-yet", "skipped"]
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
    /// Position of `next:` for diagnostics.
    public var nextMark: SourceLocation?
    /// Position of the option's `id:`.
    public var mark: SourceLocation?
    /// Creates an option.
    public init(
      id: String, label: String, next: String? = nil, nextMark: SourceLocation? = nil, mark: SourceLocation? = nil
    ) {
      self.id = id
      self.label = label
      self.next = next
      self.nextMark = nextMark
      self.mark = mark
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
    /// Where each text field's content starts, keyed like `Step.interpolatedTexts`.
    public var texts: [String: SourceLocation]
    /// Creates marks.
    public init(
      id: SourceLocation? = nil, when: SourceLocation? = nil, next: SourceLocation? = nil,
      texts: [String: SourceLocation] = [:]
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
