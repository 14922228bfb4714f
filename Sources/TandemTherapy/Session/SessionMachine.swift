/// The session state machine for one pinned module: `reduce` turns actions into events and
/// effects; `apply` folds an event into the state, so replaying the journal rebuilds it exactly.
public struct SessionMachine: Sendable {
  /// The pinned module the session runs on.
  public let module: Module
  /// Each step id's position in file order (the first, as `Module.index(of:)`): looking steps up
  /// by scanning made following a 28,000-step module's flow quadratic.
  private let positions: [String: Int]

  /// Creates a machine for a module.
  public init(module: Module) {
    self.module = module
    var positions: [String: Int] = [:]
    positions.reserveCapacity(module.steps.count)
    for (index, step) in module.steps.enumerated() where positions[step.id] == nil { positions[step.id] = index }
    self.positions = positions
  }

  // MARK: - Replaying events

  /// The state after `events`, in order.
  public func replay(_ events: [SessionEvent]) -> SessionState {
    var state = SessionState()
    var machine = self
    for event in events {
      machine.apply(event, to: &state)
      if case .migrated(let module, _, _) = event { machine = SessionMachine(module: module) }
    }
    return state
  }

  /// Folds one event into the state.
  public func apply(_ event: SessionEvent, to state: inout SessionState) {
    state.rejection = nil
    switch event {
    case .started:
      state = SessionState()
      enter(firstStep(answers: [:]), state: &state)
    case .answered(let step, let answer):
      state.answers[step] = answer
      if case .safety(flagged: true) = answer {
        state.status = .safetyStopped
        return
      }
      advance(from: step, state: &state)
    case .continued(let step, let ranSeconds):
      state.practisedSeconds += ranSeconds ?? 0
      advance(from: step, state: &state)
    case .timerFinished(let step, let seconds):
      state.practisedSeconds += seconds
      advance(from: step, state: &state)
    case .skipped(let step):
      state.answers[step] = nil
      advance(from: step, state: &state)
    case .wentBack(let target):
      while let last = state.path.last, last != target, state.path.count > 1 {
        state.path.removeLast()
      }
      state.current = state.path.last
      state.status = .active
    case .paused:
      state.status = .paused
    case .resumed:
      state.status = .active
    case .abandoned:
      state.status = .abandoned
    case .completed:
      state.status = .completed
      state.current = nil
    case .safetyStopped:
      state.status = .safetyStopped
    case .scored:
      break
    case .migrated(let module, _, let map):
      state = Self.migrate(state, to: module, steps: map)
    }
  }

  /// The state carried over to a new version: step ids renamed by `map` (unmapped ids stay),
  /// steps the new version lacks dropped, and answers kept only where they still fit the step.
  static func migrate(_ old: SessionState, to module: Module, steps map: [String: String]) -> SessionState {
    func rename(_ id: String) -> String? {
      let target = map[id] ?? id
      return module.step(target) == nil ? nil : target
    }
    var state = old
    var path: [String] = []
    for id in old.path.compactMap(rename) where !path.contains(id) { path.append(id) }
    state.path = path
    state.answers = [:]
    for (id, answer) in old.answers {
      guard let target = rename(id), let step = module.step(target) else { continue }
      let text = Interpolation.display(answer, step: step)
      let typed: String
      switch answer {
      case .options(let ids): typed = ids.joined(separator: ",")
      default: typed = text
      }
      if case .success(let parsed) = AnswerParser.parse(typed, for: step) { state.answers[target] = parsed }
    }
    if let current = old.current {
      state.current = rename(current) ?? path.last ?? module.steps.first?.id
      if let current = state.current, path.last != current { state.path.append(current) }
    }
    return state
  }

  private func enter(_ step: String?, state: inout SessionState) {
    if let step {
      state.current = step
      state.path.append(step)
      state.status = .active
    } else {
      state.current = nil
      state.status = .completed
    }
  }

  private func advance(from step: String, state: inout SessionState) {
    enter(successor(of: step, answers: state.effectiveAnswers), state: &state)
  }

  // MARK: - Flow

  /// The first step whose condition holds, or `nil` when none does.
  public func firstStep(answers: [String: Answer]) -> String? {
    firstShown(from: 0, answers: answers)
  }

  /// The step after `stepID` given `answers`: the chosen option's `next:`, else the step's
  /// `next:`, else the following step; steps whose `when:` is false are passed over. `nil` is the end.
  public func successor(of stepID: String, answers: [String: Answer]) -> String? {
    guard let index = positions[stepID] else { return nil }
    let (target, _) = StepFlow.exit(of: module.steps[index], answers: answers)
    let arrival = StepFlow.arrival(target, after: index, count: module.steps.count) { positions[$0] }
    return firstShown(from: arrival, answers: answers)
  }

  private func firstShown(from start: Int, answers: [String: Answer]) -> String? {
    StepFlow.firstShown(in: module, from: start, answers: answers).map { module.steps[$0].id }
  }

  /// "Step N of about M": the current position and the length of the path the answers so far
  /// make likely (unanswered steps follow their default route).
  public func progress(of state: SessionState) -> SessionProgress {
    let position = state.path.count
    guard let current = state.current else { return SessionProgress(position: position, estimatedTotal: position) }
    var answers = state.effectiveAnswers
    var remaining = 0
    var step: String? = current
    var seen: Set<String> = [current]
    while let id = step, remaining <= module.steps.count {
      answers[id] = answers[id]
      step = successor(of: id, answers: answers)
      if let next = step {
        if seen.contains(next) { break }
        seen.insert(next)
        remaining += 1
      }
    }
    return SessionProgress(position: position, estimatedTotal: position + remaining)
  }

  // MARK: - Actions

  /// Starts a session: the events to record and the effects to carry out.
  public func start(moduleHash: String) -> (SessionState, [SessionEffect]) {
    var state = SessionState()
    let event = SessionEvent.started(moduleID: module.id, version: module.version, contentHash: moduleHash)
    apply(event, to: &state)
    var events = [event]
    if state.status == .completed { events.append(.completed) }
    return (state, [.record(events)] + effectsForCurrent(state))
  }

  /// The effects that show where the state now is.
  public func effectsForCurrent(_ state: SessionState) -> [SessionEffect] {
    guard state.status == .active, let current = state.current, let step = module.step(current) else {
      return [.leave(state.status)]
    }
    if case .timer(_, let seconds, _) = step.kind {
      return [.show(step: current), .startTimer(step: current, seconds: seconds)]
    }
    return [.show(step: current)]
  }

  /// Handles one action: mutates `state` and returns what the runner must do.
  public func reduce(_ state: inout SessionState, _ action: SessionAction) -> [SessionEffect] {
    switch state.status {
    case .completed, .safetyStopped, .abandoned:
      return [.leave(state.status)]
    case .paused:
      switch action {
      case .resumeRequested:
        return commit([.resumed], to: &state)
      case .abandonRequested:
        return commit([.abandoned], to: &state)
      default:
        return refuse(messages.paused, state: &state)
      }
    case .active:
      break
    }
    guard let currentID = state.current, let step = module.step(currentID) else {
      return commit([.completed], to: &state)
    }
    switch action {
    case .answerSubmitted(let input):
      // A line that starts with ':' is a command; one the runner did not act on is refused,
      // never kept as an answer.
      if let command = SessionCommand.parse(input) {
        guard case .unknown(let typed) = command else {
          return refuse(SessionCommand.list(language: module.language), state: &state)
        }
        return refuse(messages.unknownCommand(typed), state: &state)
      }
      switch AnswerParser.parse(input, for: step, language: module.language) {
      case .failure(let rejection):
        return refuse(rejection.reason, state: &state)
      case .success(let answer):
        if case .safety(flagged: true) = answer {
          return commit([.answered(step: currentID, answer: answer), .safetyStopped(step: currentID)], to: &state)
        }
        return commit([.answered(step: currentID, answer: answer)], to: &state)
      }
    case .continuePressed:
      guard !step.kind.takesAnswer else {
        return refuse(messages.answerToGoOn(optional: step.optional), state: &state)
      }
      return commit([.continued(step: currentID)], to: &state)
    case .timerFinished:
      guard case .timer(_, let seconds, _) = step.kind else {
        return refuse(messages.noTimer, state: &state)
      }
      return commit([.timerFinished(step: currentID, seconds: seconds)], to: &state)
    case .timerStoppedEarly(let elapsed):
      guard case .timer(_, let seconds, _) = step.kind else {
        return refuse(messages.noTimer, state: &state)
      }
      return commit([.continued(step: currentID, ranSeconds: min(max(elapsed, 0), seconds))], to: &state)
    case .backRequested:
      guard state.path.count > 1 else { return refuse(messages.firstStep, state: &state) }
      return commit([.wentBack(to: state.path[state.path.count - 2])], to: &state)
    case .skipRequested:
      guard step.optional else { return refuse(messages.cannotSkip, state: &state) }
      return commit([.skipped(step: currentID)], to: &state)
    case .pauseRequested:
      return commit([.paused], to: &state)
    case .resumeRequested:
      return effectsForCurrent(state)
    case .abandonRequested:
      return commit([.abandoned], to: &state)
    }
  }

  private func commit(_ events: [SessionEvent], to state: inout SessionState) -> [SessionEffect] {
    var events = events
    for event in events { apply(event, to: &state) }
    if let scored = score(after: events, state: state) {
      apply(scored, to: &state)
      events.append(scored)
    }
    if state.status == .completed, events.last != .completed {
      apply(.completed, to: &state)
      events.append(.completed)
    }
    for case .answered(let id, let answer) in events {
      if let index = positions[id], let hook = module.steps[index].diaryHook {
        return [.recordAndLogDiary(events, hook: hook, answer: answer)] + effectsForCurrent(state)
      }
    }
    return [.record(events)] + effectsForCurrent(state)
  }

  /// The score of the questionnaire whose last item `events` answer or skip, from the answers on
  /// the session's path.
  private func score(after events: [SessionEvent], state: SessionState) -> SessionEvent? {
    for event in events {
      let id: String
      switch event {
      case .answered(let step, _), .skipped(let step): id = step
      default: continue
      }
      guard let index = positions[id], let tag = module.steps[index].measureItem, tag.last,
        let measure = module.measures?[tag.questionnaire]
      else { continue }
      let answers = state.effectiveAnswers
      var items: [String: Answer] = [:]
      for item in measure.items { items[item.id] = answers["\(tag.questionnaire)-\(item.id)"] }
      return .scored(step: tag.questionnaire, score: measure.score(items))
    }
    return nil
  }

  /// Refusals in the language of the module copy being run.
  private var messages: SessionMessages { SessionMessages(language: module.language) }

  private func refuse(_ reason: String, state: inout SessionState) -> [SessionEffect] {
    state.rejection = reason
    return [.reask(reason: reason)]
  }
}
