import TandemTherapy

/// Runs a module on scripted answers through the real `SessionMachine`, with no store: what a
/// patient typing those lines would see and where each answer would take them.
///
/// Answers follow the scripted-stdin rules: one per shown step; an empty answer continues a text
/// or timer step (a timer counts as run to its end); `:back`, `:skip`, `:pause` and `:abandon`
/// act like the keys; running out of answers pauses the session.
public struct Rehearsal: Sendable {
  /// One step as shown, and what happened to it.
  public struct Turn: Hashable, Sendable {
    /// The step shown.
    public var step: String
    /// Its text fields with `{{…}}` filled in from the answers so far, keyed like `Step.interpolatedTexts`.
    public var shown: [Field]
    /// The line given, or `nil` when the answers ran out.
    public var input: String?
    /// 0-based index of the answer in the script.
    public var answerIndex: Int?
    /// The reason an answer was refused; the same step is then asked again.
    public var rejection: String?
    /// Where the session went next (a step id), or `nil` when it left the step loop.
    public var next: String?
    /// The status after this turn.
    public var status: SessionState.Status
    /// Whether the answer was a command that changes nothing (`:crisis`, `:help`): the same
    /// step is asked again.
    public var changedNothing = false
  }

  /// One interpolated text field of a shown step.
  public struct Field: Hashable, Sendable {
    /// `title`, `body`, `question`, `options.0`, …
    public var name: String
    /// The text as the patient reads it.
    public var text: String
  }

  /// The module rehearsed.
  public let module: Module
  /// Every turn, in order.
  public let turns: [Turn]
  /// The final state.
  public let state: SessionState
  /// Answers left over after the session finished.
  public let unusedAnswers: Int

  /// Runs `answers` through `module`.
  public init(module: Module, answers: [String]) {
    self.module = module
    let machine = SessionMachine(module: module)
    var (state, effects) = machine.start(moduleHash: "rehearsal")
    var turns: [Turn] = []
    var cursor = 0
    while case .show(let stepID)? = effects.first(where: { if case .show = $0 { true } else { false } }),
      state.status == .active
    {
      let shown = Self.fields(of: stepID, module: module, answers: state.effectiveAnswers)
      guard cursor < answers.count, let step = module.step(stepID) else {
        effects = machine.reduce(&state, .pauseRequested)
        turns.append(
          Turn(
            step: stepID, shown: shown, input: nil, answerIndex: nil, rejection: nil, next: nil, status: state.status))
        break
      }
      let input = answers[cursor]
      guard let action = Self.action(for: input, step: step) else {
        // :crisis or :help: shown, and the same step is asked again.
        turns.append(
          Turn(
            step: stepID, shown: shown, input: input, answerIndex: cursor, rejection: nil, next: stepID,
            status: state.status, changedNothing: true))
        cursor += 1
        effects = [.show(step: stepID)]
        continue
      }
      effects = machine.reduce(&state, action)
      turns.append(
        Turn(
          step: stepID, shown: shown, input: input, answerIndex: cursor, rejection: state.rejection,
          next: state.status == .active ? state.current : nil, status: state.status))
      cursor += 1
      if state.rejection != nil { effects = [.show(step: stepID)] }
    }
    self.turns = turns
    self.state = state
    self.unusedAnswers = max(0, answers.count - cursor)
  }

  /// The steps shown, in order (a step shown again after `:back` appears again).
  public var shownSteps: [String] {
    var steps: [String] = []
    var askedAgain = false
    for turn in turns {
      if !(askedAgain && steps.last == turn.step) { steps.append(turn.step) }
      askedAgain = turn.rejection != nil || turn.changedNothing
    }
    return steps
  }

  /// How a scripted line maps to an action, as the terminal runner maps it (`SessionCommand`
  /// reads commands for both); `nil` for `:crisis` and `:help`, which change nothing. A
  /// mistyped command is submitted, and the session machine refuses it.
  public static func action(for input: String, step: Step) -> SessionAction? {
    switch SessionCommand.parse(input) {
    case .crisis?, .help?: return nil
    case let command?: return command.action ?? .answerSubmitted(input)
    case nil:
      if case .timer = step.kind { return .timerFinished }
      if input.trimmingWhitespace().isEmpty && !step.kind.takesAnswer { return .continuePressed }
      return .answerSubmitted(input)
    }
  }

  /// The step's text fields, interpolated with `answers`.
  public static func fields(of stepID: String, module: Module, answers: [String: Answer]) -> [Field] {
    guard let step = module.step(stepID) else { return [] }
    return step.shown(in: module, answers: answers).interpolatedTexts.map { Field(name: $0.field, text: $0.text) }
  }
}
