import TandemTherapy

/// Events like a patient's: answers of every kind, continues, timers, a few backs and pauses,
/// starting over after the end, until there are `count` (the `started` event included).
func realisticEvents(module: Module, count: Int, contentHash: String) -> [SessionEvent] {
  var rng = SplitMix64(seed: 42)
  let machine = SessionMachine(module: module)
  var events: [SessionEvent] = [.started(moduleID: module.id, version: module.version, contentHash: contentHash)]
  var state = machine.replay(events)
  func push(_ event: SessionEvent) {
    events.append(event)
    machine.apply(event, to: &state)
  }
  while events.count < count {
    if state.status == .completed || state.current == nil {
      if let first = state.path.first {
        push(.wentBack(to: first))
      } else {
        push(.started(moduleID: module.id, version: module.version, contentHash: contentHash))
      }
      continue
    }
    if state.status == .paused {
      push(.resumed)
      continue
    }
    let roll = Int.random(in: 0..<40, using: &rng)
    if roll == 0 {
      push(.paused)
      continue
    }
    if roll == 1, state.path.count > 2 {
      push(.wentBack(to: state.path[state.path.count - 2]))
      continue
    }
    guard let id = state.current, let step = module.step(id) else { break }
    switch step.kind {
    case .text: push(.continued(step: id))
    case .timer(_, let seconds, _): push(.timerFinished(step: id, seconds: seconds))
    case .prompt: push(.answered(step: id, answer: .text("I will take a short walk after work on most days")))
    case .scale(_, let min, let max, _):
      push(.answered(step: id, answer: .number(Int.random(in: min...max, using: &rng))))
    case .choice(_, let multiple, let options):
      let chosen = multiple ? Array(options.prefix(2)).map(\.id) : [options.pick(&rng).id]
      push(.answered(step: id, answer: .options(chosen)))
    case .safety: push(.answered(step: id, answer: .safety(flagged: false)))
    }
  }
  return events
}
