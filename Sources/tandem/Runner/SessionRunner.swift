import Foundation
import TandemBase
import TandemCare
import TandemTherapy

/// Carries out the session machine's effects against a console and a store: every event is
/// committed before the next step is shown.
final class SessionRunner {
  let store: any CareStore
  let console: any Console
  /// Builds the diary bridge for `dose-check` and `attack-check` steps, as of the moment it is called.
  let diary: (() -> SessionDiaryBridge)?
  let style: TerminalStyle
  let sessionID: String
  /// The sequence of the session's last committed event: every append expects it, so a second
  /// window on the same session is refused instead of interleaving its answers with this one's.
  private(set) var lastSequence: Int64
  let machine: SessionMachine
  let crisisText: String
  let resumeHint: String
  /// Gives the moment each event is recorded at.
  let environment: Environment

  init(
    store: any CareStore, console: any Console, style: TerminalStyle, sessionID: String, lastSequence: Int64,
    module: Module, crisisText: String, resumeHint: String, environment: Environment,
    diary: (() -> SessionDiaryBridge)? = nil
  ) {
    self.environment = environment
    self.store = store
    self.lastSequence = lastSequence
    self.diary = diary
    self.console = console
    self.style = style
    self.sessionID = sessionID
    self.machine = SessionMachine(module: module)
    self.crisisText = crisisText
    self.resumeHint = resumeHint
  }

  var words: RunnerText { RunnerText(language: machine.module.language) }

  /// Runs until the session is paused or over; returns how it stands.
  func run(state initial: SessionState, effects: [SessionEffect]) throws -> SessionState.Status {
    var state = initial
    var queue = effects
    var shownHelp = false
    while !queue.isEmpty {
      let effect = queue.removeFirst()
      switch effect {
      case .record(let events):
        try record(events)
      case .recordAndLogDiary(let events, let hook, let answer):
        try record(events, logging: (hook, answer))
      case .show(let stepID):
        guard let step = machine.module.step(stepID) else { continue }
        let renderer = StepRenderer(module: machine.module, style: style)
        console.write(renderer.render(step, state: state, progress: machine.progress(of: state)))
        if step.diaryHook == .doseCheck { console.write(outstandingDoses()) }
        if !shownHelp {
          console.write(style.dim(words.help) + "\n")
          shownHelp = true
        }
        if case .timer = step.kind, !console.isInteractive {
          continue  // the startTimer effect reads the line that continues
        }
        if case .timer = step.kind {
          // Interactive timers begin when the patient is ready; typed text is not an answer.
          var next: [SessionEffect]?
          while next == nil {
            switch readAction(step: step, state: state) {
            case .continuePressed?: next = queue
            case .answerSubmitted?:
              console.write(style.dim("Press Enter to begin the timer, or type :skip, :back or :pause.") + "\n")
            case let action?: next = machine.reduce(&state, action)
            case nil: continue
            }
          }
          queue = next ?? queue
          continue
        }
        queue = nextEffects(step: step, state: &state)
      case .startTimer(let stepID, let seconds):
        // Phase labels are shown as the patient reads them, with `{{…}}` filled in.
        guard let step = machine.module.step(stepID)?.shown(in: machine.module, answers: state.effectiveAnswers),
          case .timer(_, _, let phases) = step.kind
        else { continue }
        var outcome = console.runTimer(seconds: seconds, phases: phases.map { ($0.label, $0.seconds) }, style: style)
        while case .input(let line) = outcome, action(for: line, step: step) == nil {
          // :crisis or :help at a scripted timer: shown; the next line decides.
          outcome = console.runTimer(seconds: seconds, phases: phases.map { ($0.label, $0.seconds) }, style: style)
        }
        switch outcome {
        case .finished: queue = machine.reduce(&state, .timerFinished)
        case .stoppedEarly: queue = machine.reduce(&state, .continuePressed)
        case .interrupted: queue = machine.reduce(&state, .pauseRequested)
        case .input(let line):
          let mapped = action(for: line, step: step) ?? .continuePressed
          queue = machine.reduce(&state, mapped == .answerSubmitted(line) ? .continuePressed : mapped)
        }
      case .reask(let reason):
        console.write(style.red(TerminalText.sanitized(reason)) + "\n")
        guard let current = state.current, let step = machine.module.step(current) else { continue }
        queue = nextEffects(step: step, state: &state)
      case .leave(let status):
        console.write(farewell(status, state: state))
        return status
      }
    }
    return state.status
  }

  /// Commits events; with `logging`, the diary entries the hooked answer logs are committed with them.
  private func record(_ events: [SessionEvent], logging: (hook: Step.DiaryHook, answer: Answer)? = nil) throws {
    guard let diary, let (hook, answer) = logging else {
      lastSequence = try store.append(events, toSession: sessionID, expectingLast: lastSequence, at: environment.now())
      return
    }
    let bridge = diary()
    let (last, written) = try store.append(events, toSession: sessionID, expectingLast: lastSequence, at: bridge.now) {
      entries in bridge.events(for: hook, answer: answer, entries: entries)
    }
    lastSequence = last
    for line in bridge.describe(written.map(\.event)) {
      console.write(style.green(TerminalText.sanitized(line)) + "\n")
    }
  }

  private func outstandingDoses() -> String {
    guard let diary, let entries = try? store.diaryEntries() else { return "" }
    let bridge = diary()
    let due = bridge.outstandingDoses(entries)
    guard !due.isEmpty else { return style.dim("Nothing is due right now.") + "\n" }
    return due.map { item in
      let name =
        bridge.catalogue.medication(id: item.occurrence.medicationID)?.genericName ?? item.occurrence.medicationID
      return "  • \(TerminalText.sanitized(name)) \(item.occurrence.dose), due \(item.occurrence.time)\n"
    }.joined()
  }

  /// Reads input until it maps to an action.
  private func nextEffects(step: Step, state: inout SessionState) -> [SessionEffect] {
    while true {
      if let action = readAction(step: step, state: state) {
        return machine.reduce(&state, action)
      }
    }
  }

  /// One input, mapped to an action; `nil` for commands handled here (:crisis, :help).
  private func readAction(step: Step, state: SessionState) -> SessionAction? {
    let renderer = StepRenderer(module: machine.module, style: style)
    let prefill = console.isInteractive ? StepRenderer.editable(state.answers[step.id]) : ""
    switch console.readLine(prompt: renderer.prompt(for: step), prefill: prefill) {
    case .interrupt, .endOfInput:
      return .pauseRequested
    case .line(let line):
      return action(for: line, step: step)
    }
  }

  /// What a typed line means at a step; `nil` for commands handled here (:crisis, :help).
  private func action(for line: String, step: Step) -> SessionAction? {
    switch line.trimmingCharacters(in: .whitespaces).lowercased() {
    case ":back", ":b": return .backRequested
    case ":skip", ":s": return .skipRequested
    case ":pause", ":quit", ":q": return .pauseRequested
    case ":abandon": return .abandonRequested
    case ":crisis", ":help-now":
      console.write("\n" + style.bold(TextLayout.block(crisisText, width: style.width)) + "\n")
      return nil
    case ":help", ":?":
      console.write(style.dim(words.help) + "\n")
      return nil
    default:
      if line.trimmingCharacters(in: .whitespaces).isEmpty && !step.kind.takesAnswer { return .continuePressed }
      return .answerSubmitted(line)
    }
  }

  private func farewell(_ status: SessionState.Status, state: SessionState) -> String {
    switch status {
    case .paused:
      return "\n" + style.bold(words.paused) + " \(words.pickUp)\n  \(resumeHint)\n"
    case .completed:
      let minutes = state.practisedSeconds / 60
      let practice = state.practisedSeconds > 0 ? words.practised(minutes, state.practisedSeconds % 60) : ""
      return "\n" + style.green(words.complete) + practice + words.thanks + "\n"
    case .safetyStopped:
      var out = "\n" + style.red(words.stopped) + "\n"
      if let current = state.current,
        let step = machine.module.step(current)?.shown(in: machine.module, answers: state.effectiveAnswers),
        case .safety(_, _, let guidance) = step.kind
      {
        out += "\n" + style.bold(TextLayout.block(guidance, width: style.width)) + "\n"
      }
      return out + "\n" + TextLayout.block(crisisText, width: style.width) + "\n"
    case .abandoned:
      return "\n" + words.abandoned + "\n"
    case .active:
      return ""
    }
  }
}
