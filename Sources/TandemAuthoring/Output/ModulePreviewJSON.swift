import TandemBase
import TandemTherapy

/// What `tandem preview --format json` writes: the module's screens as data, in file order, with
/// when each is shown, its text wrapped as the terminal wraps it, the answer it asks for, and
/// where each answer leads. Findings about the file come first, so an editor can show a draft
/// with errors next to its problems.
///
/// `{{step-id}}` placeholders stay as written: what they show depends on earlier answers.
public struct ModulePreviewJSON: Encodable, Hashable, Sendable {
  /// The module's own fields.
  public struct Header: Encodable, Hashable, Sendable {
    /// The module id.
    public var id: String
    /// Its version.
    public var version: Int
    /// Its title.
    public var title: String
    /// `act` or `cbt`.
    public var approach: String
    /// The ACT process, when given.
    public var process: String?
    /// Who it is for.
    public var audience: [String]
    /// About how many minutes it takes.
    public var minutes: Int
    /// The summary, wrapped.
    public var summary: [String]

    enum CodingKeys: String, CodingKey {
      case id, version, title, approach, process, audience, minutes, summary
    }

    /// Writes every key, `null` for no process.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(id, forKey: .id)
      try container.encode(version, forKey: .version)
      try container.encode(title, forKey: .title)
      try container.encode(approach, forKey: .approach)
      try container.encode(process, forKey: .process)
      try container.encode(audience, forKey: .audience)
      try container.encode(minutes, forKey: .minutes)
      try container.encode(summary, forKey: .summary)
    }
  }

  /// A step's `when:`, in words and as written.
  public struct Condition: Encodable, Hashable, Sendable {
    /// `distress is 8 or more`.
    public var words: String
    /// `distress >= 8`.
    public var source: String
  }

  /// A before/after rating the step records.
  public struct Rating: Encodable, Hashable, Sendable {
    /// `before` or `after`.
    public var phase: String
    /// The rating's name.
    public var name: String
  }

  /// What the step asks for. Only the keys that apply to the kind are present.
  public struct Answer: Encodable, Hashable, Sendable {
    /// `free-text`, `number`, `choice`, `several-choices` or `yes-no`.
    public var kind: String
    /// Free text: the fewest characters.
    public var minLength: Int?
    /// Free text: the most characters.
    public var maxLength: Int?
    /// A number: the lowest.
    public var min: Int?
    /// A number: the highest.
    public var max: Int?
    /// A number: the labelled values.
    public var anchors: [Anchor]?

    enum CodingKeys: String, CodingKey {
      case kind, min, max, anchors
      case minLength = "min_length"
      case maxLength = "max_length"
    }
  }

  /// A labelled scale value.
  public struct Anchor: Encodable, Hashable, Sendable {
    /// The value.
    public var value: Int
    /// Its label.
    public var label: String
  }

  /// A choice option.
  public struct Option: Encodable, Hashable, Sendable {
    /// The number the patient types.
    public var number: Int
    /// The option id answers and conditions use.
    public var id: String
    /// The label shown.
    public var label: String
    /// In a multiple choice: chosen on its own only.
    public var exclusive: Bool
    /// The option's own `next:`, when it has one.
    public var next: String?

    enum CodingKeys: String, CodingKey {
      case number, id, label, exclusive, next
    }

    /// Writes every key, `null` for no `next:`.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(number, forKey: .number)
      try container.encode(id, forKey: .id)
      try container.encode(label, forKey: .label)
      try container.encode(exclusive, forKey: .exclusive)
      try container.encode(next, forKey: .next)
    }
  }

  /// A timed exercise.
  public struct Timer: Encodable, Hashable, Sendable {
    /// How long it runs.
    public var seconds: Int
    /// The repeating phases (`breathe in` 4 s), if any.
    public var phases: [Phase]
  }

  /// One phase of a timer.
  public struct Phase: Encodable, Hashable, Sendable {
    /// What the patient is told.
    public var label: String
    /// How long it lasts.
    public var seconds: Int
  }

  /// A way out of a step.
  public struct Exit: Encodable, Hashable, Sendable {
    /// The options that take it; empty when every answer does.
    public var options: [String]
    /// The step it goes to, or `end`. From there the session shows the first step whose
    /// `when:` holds.
    public var to: String
    /// Whether a `next:` says so (`false`: the following step in the file).
    public var explicit: Bool
  }

  /// A safety screen's red flags and what a "yes" shows.
  public struct Safety: Encodable, Hashable, Sendable {
    /// The red flags, as written.
    public var items: [String]
    /// The guidance shown when one is answered "yes", wrapped.
    public var guidance: [String]
  }

  /// One step, as a screen.
  public struct Screen: Encodable, Hashable, Sendable {
    /// Its position in the file, from 1.
    public var number: Int
    /// The step id.
    public var id: String
    /// `text`, `prompt`, `scale`, `choice`, `timer` or `safety`.
    public var kind: String
    /// The title, when it has one.
    public var title: String?
    /// Whether the patient may skip it.
    public var optional: Bool
    /// When it is shown; `nil` for always.
    public var shownWhen: Condition?
    /// The rating it records, if any.
    public var rating: Rating?
    /// The body or question, wrapped to the preview's width, as the patient reads it.
    public var lines: [String]
    /// What it asks for; `nil` for a page to read or a timer.
    public var answer: Answer?
    /// A choice's options, in order; empty for other kinds.
    public var options: [Option]
    /// A timer's length and phases.
    public var timer: Timer?
    /// A safety screen's items and guidance.
    public var safety: Safety?
    /// Where it leads: each option's own `next:`, then the step's.
    public var exits: [Exit]

    enum CodingKeys: String, CodingKey {
      case number, id, kind, title, optional, rating, lines, answer, options, timer, safety, exits
      case shownWhen = "shown_when"
    }

    /// Writes every key, `null` where it does not apply.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(number, forKey: .number)
      try container.encode(id, forKey: .id)
      try container.encode(kind, forKey: .kind)
      try container.encode(title, forKey: .title)
      try container.encode(optional, forKey: .optional)
      try container.encode(shownWhen, forKey: .shownWhen)
      try container.encode(rating, forKey: .rating)
      try container.encode(lines, forKey: .lines)
      try container.encode(answer, forKey: .answer)
      try container.encode(options, forKey: .options)
      try container.encode(timer, forKey: .timer)
      try container.encode(safety, forKey: .safety)
      try container.encode(exits, forKey: .exits)
    }
  }

  /// The module; `nil` when the file could not be read as a module at all.
  public var module: Header?
  /// Whether patients can run it (it loaded with no errors).
  public var runnable: Bool
  /// Findings about the file.
  public var diagnostics: [DiagnosticJSON]
  /// The width text is wrapped to.
  public var width: Int
  /// Every step, in file order.
  public var screens: [Screen]
  /// Every distinct path, when asked for (`--paths`); `nil` otherwise.
  public var paths: ModulePathsJSON?

  /// The preview of `module` (`nil` when it could not be read) with the findings about its file.
  public init(module: Module?, diagnostics: [Diagnostic], width: Int = 72) {
    self.width = width
    paths = nil
    self.diagnostics = diagnostics.map { DiagnosticJSON($0) }
    runnable = module != nil && !diagnostics.hasErrors
    guard let module else {
      self.module = nil
      screens = []
      return
    }
    self.module = Header(
      id: module.id, version: module.version, title: module.title, approach: module.approach.rawValue,
      process: module.process?.rawValue, audience: module.audience.map(\.rawValue), minutes: module.minutes,
      summary: TextLayout.lines(module.summary, width: width))
    screens = module.steps.enumerated().map { index, step in
      Self.screen(step, number: index + 1, in: module, width: width)
    }
  }

  enum CodingKeys: String, CodingKey {
    case module, runnable, diagnostics, width, screens, paths
  }

  /// Writes every key, `null` for a module that could not be read.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(module, forKey: .module)
    try container.encode(runnable, forKey: .runnable)
    try container.encode(diagnostics, forKey: .diagnostics)
    try container.encode(width, forKey: .width)
    try container.encode(screens, forKey: .screens)
    try container.encode(paths, forKey: .paths)
  }

  private static func screen(_ step: Step, number: Int, in module: Module, width: Int) -> Screen {
    var screen = Screen(
      number: number, id: step.id, kind: step.kind.name, title: step.title, optional: step.optional,
      shownWhen: step.when.map {
        Condition(words: ConditionText.words($0, in: module), source: ConditionText.source($0))
      },
      rating: step.rating.map { Rating(phase: $0.phase.rawValue, name: $0.name) }, lines: [], answer: nil,
      options: [], timer: nil, safety: nil, exits: exits(of: step, number: number, in: module))
    switch step.kind {
    case .text(let body):
      screen.lines = TextLayout.lines(body, width: width)
    case .prompt(let question, let minLength, let maxLength):
      screen.lines = TextLayout.lines(question, width: width)
      screen.answer = Answer(kind: "free-text", minLength: minLength, maxLength: maxLength)
    case .scale(let question, let min, let max, let anchors):
      screen.lines = TextLayout.lines(question, width: width)
      screen.answer = Answer(
        kind: "number", min: min, max: max, anchors: anchors.map { Anchor(value: $0.value, label: $0.label) })
    case .choice(let question, let multiple, let options):
      screen.lines = TextLayout.lines(question, width: width)
      screen.answer = Answer(kind: multiple ? "several-choices" : "choice")
      screen.options = options.enumerated().map { index, option in
        Option(number: index + 1, id: option.id, label: option.label, exclusive: option.exclusive, next: option.next)
      }
    case .timer(let body, let seconds, let phases):
      screen.lines = TextLayout.lines(body, width: width)
      screen.timer = Timer(seconds: seconds, phases: phases.map { Phase(label: $0.label, seconds: $0.seconds) })
    case .safety(let question, let items, let guidance):
      screen.lines = TextLayout.lines(question, width: width)
      screen.answer = Answer(kind: "yes-no")
      screen.safety = Safety(items: items, guidance: TextLayout.lines(guidance, width: width))
    }
    return screen
  }

  /// The step's exits by the flow rule the session follows (`StepFlow`); an exit with no
  /// `next:` goes to the following step in the file, or to the end after the last.
  private static func exits(of step: Step, number: Int, in module: Module) -> [Exit] {
    let following = number < module.steps.count ? module.steps[number].id : "end"
    return StepFlow.exits(of: step).map { exit in
      Exit(options: exit.options, to: exit.target ?? following, explicit: exit.target != nil)
    }
  }
}
