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
        let preface = step.diaryHook == .doseCheck ? doseCheckOutlook() : ""
        console.write(renderer.render(step, state: state, progress: machine.progress(of: state), preface: preface))
        if !shownHelp {
          console.write(say(words.help, style.dim))
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
              console.write(say(words.pressEnterToBeginTimer, style.dim))
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
        case .stoppedEarly(let elapsed): queue = machine.reduce(&state, .timerStoppedEarly(afterSeconds: elapsed))
        case .interrupted: queue = machine.reduce(&state, .pauseRequested)
        case .input(let line):
          let mapped = action(for: line, step: step) ?? .continuePressed
          if case .answerSubmitted = mapped {
            queue = machine.reduce(&state, .continuePressed)
          } else {
            queue = machine.reduce(&state, mapped)
          }
        }
      case .reask(let reason):
        console.write(say(reason, style.red))
        guard let current = state.current, let step = machine.module.step(current) else { continue }
        queue = nextEffects(step: step, state: &state)
      case .leave(let status):
        console.write(farewell(status, state: state))
        return status
      }
    }
    return state.status
  }

  /// `text` wrapped to the terminal's width at word boundaries (a narrow terminal never cuts
  /// one of Tandem's own lines mid-word), painted, and ended with a newline.
  private func say(_ text: String, _ paint: (String) -> String = { $0 }) -> String {
    paint(TextLayout.block(text, width: style.width)) + "\n"
  }

  /// Commits events; with `logging`, the diary entries the hooked answer logs are committed with
  /// them, in the same write, before anything else is shown.
  private func record(_ events: [SessionEvent], logging: (hook: Step.DiaryHook, answer: Answer)? = nil) throws {
    guard let diary, let (hook, answer) = logging else {
      lastSequence = try store.append(events, toSession: sessionID, expectingLast: lastSequence, at: environment.now())
      return
    }
    let bridge = diary()
    // An answer changed after :back first takes back what the earlier one logged; the same
    // answer again logs nothing more.
    let earlier = try earlierAnswer(in: events)
    if let earlier, earlier.answer == answer {
      lastSequence = try store.append(events, toSession: sessionID, expectingLast: lastSequence, at: bridge.now)
      return
    }
    let (last, written) = try store.append(events, toSession: sessionID, expectingLast: lastSequence, at: bridge.now) {
      entries in
      let withdrawn = earlier.map { bridge.withdrawals(for: hook, answeredAt: $0.at, entries: entries) } ?? []
      let next = (entries.last?.sequence ?? 0) + 1
      let after =
        entries
        + withdrawn.enumerated().map {
          DiaryEntry(sequence: next + Int64($0.offset), recordedAt: bridge.now, event: $0.element)
        }
      return withdrawn + bridge.events(for: hook, answer: answer, entries: after)
    }
    lastSequence = last
    for line in bridge.describe(written.map(\.event), language: machine.module.language) {
      console.write(say(line, style.green))
    }
    if written.isEmpty, hook == .attackCheck, let entries = try? store.diaryEntries(),
      let stale = bridge.staleOpenAttack(entries)
    {
      console.write(say(words.staleHeadache(since: stale.start, timeZone: bridge.timeZone), style.dim))
    }
    if written.isEmpty, hook == .doseCheck, case .options(let chosen) = answer,
      chosen == ["taken"] || chosen == ["skipped"]
    {
      let noPlan = (try? store.diaryEntries()).map { bridge.doseCheckOutlook($0) == .noPlan } ?? false
      console.write(say(noPlan ? words.nothingLoggedNoPlan : words.nothingToLog, style.dim))
    }
  }

  /// The answer this session gave before to the step `events` answer now, and when.
  private func earlierAnswer(in events: [SessionEvent]) throws -> (answer: Answer, at: Date)? {
    guard
      let step = events.lazy.compactMap({ event -> String? in
        if case .answered(let step, _) = event { return step }
        return nil
      }).first
    else { return nil }
    for entry in (try store.session(id: sessionID)?.entries ?? []).reversed() {
      if case .answered(step, let answer) = entry.event { return (answer, entry.recordedAt) }
    }
    return nil
  }

  /// What the dose check will log: the doses due now, or why it will log nothing.
  private func doseCheckOutlook() -> String {
    guard let diary, let entries = try? store.diaryEntries() else { return "" }
    let bridge = diary()
    switch bridge.doseCheckOutlook(entries) {
    case .noPlan:
      return say(words.noMedicinePlan, style.dim)
    case .nothingDue:
      return say(words.nothingDue, style.dim)
    case .due(let doses):
      return say(words.dueNow)
        + doses.map { item in
          let name =
            bridge.catalogue.medication(id: item.occurrence.medicationID)?.genericName ?? item.occurrence.medicationID
          return TextLayout.block(
            "  • \(name) \(item.occurrence.dose), \(words.due) \(item.occurrence.time)", width: style.width) + "\n"
        }.joined()
    }
  }

  /// Reads input until it maps to an action.
  private func nextEffects(step: Step, state: inout SessionState) -> [SessionEffect] {
    while true {
      if let action = readAction(step: step, state: state) {
        return machine.reduce(&state, action)
      }
    }
  }

  /// One input, mapped to an action; `nil` for what is handled here (:crisis, :help, a refused
  /// command, an abandon not confirmed).
  private func readAction(step: Step, state: SessionState) -> SessionAction? {
    let renderer = StepRenderer(module: machine.module, style: style)
    let prefill = console.isInteractive ? StepRenderer.editable(state.answers[step.id]) : ""
    switch console.readLine(prompt: renderer.prompt(for: step), prefill: prefill) {
    case .interrupt, .endOfInput:
      return .pauseRequested
    case .line(let line):
      // After :back the earlier answer stands ready to edit; a command typed after it
      // (`calm morning:back`) is the command, so :back twice works without clearing the line.
      if let command = SessionCommand.typedAfter(prefill: prefill, in: line) { return perform(command) }
      return action(for: line, step: step)
    }
  }

  /// What a typed line means at a step; `nil` for what is handled here.
  private func action(for line: String, step: Step) -> SessionAction? {
    if let command = SessionCommand.parse(line) { return perform(command) }
    if line.trimmingCharacters(in: .whitespaces).isEmpty && !step.kind.takesAnswer { return .continuePressed }
    return .answerSubmitted(line)
  }

  /// Carries out a command: the session action it asks for, or `nil` when it is answered here.
  private func perform(_ command: SessionCommand) -> SessionAction? {
    switch command {
    case .crisis:
      console.write("\n" + style.bold(TextLayout.block(crisisText, width: style.width)) + "\n")
      return nil
    case .help:
      console.write(say(words.help, style.dim))
      return nil
    case .unknown(let typed):
      // Refused here and by the session machine alike: a mistyped command is never an answer.
      console.write(say(SessionMessages(language: machine.module.language).unknownCommand(typed), style.red))
      return nil
    case .abandon:
      console.write(say(words.confirmAbandon))
      guard case .line(let answer) = console.readLine(prompt: words.yesOrNoDefaultNo, prefill: ""),
        words.isYes(answer)
      else {
        console.write(say(words.notAbandoned, style.dim))
        return nil
      }
      return .abandonRequested
    case .back, .skip, .pause:
      return command.action
    }
  }

  private func farewell(_ status: SessionState.Status, state: SessionState) -> String {
    switch status {
    case .paused:
      return "\n" + say(words.paused + " " + words.pickUp, style.bold) + "  \(resumeHint)\n"
    case .completed:
      let minutes = state.practisedSeconds / 60
      let practice = state.practisedSeconds > 0 ? words.practised(minutes, state.practisedSeconds % 60) : ""
      return "\n" + say(words.complete + practice + words.thanks, style.green)
    case .safetyStopped:
      // A red-flag screen's own guidance (urgent care) and nothing else: the self-harm crisis
      // text belongs to crisis screens, whose guidance carries it, and to :crisis.
      var out = "\n" + say(words.stopped, style.red)
      if let current = state.current,
        let step = machine.module.step(current)?.shown(in: machine.module, answers: state.effectiveAnswers),
        case .safety(_, _, let guidance) = step.kind
      {
        out += "\n" + style.bold(TextLayout.block(guidance, width: style.width)) + "\n"
      } else {
        out += "\n" + TextLayout.block(crisisText, width: style.width) + "\n"
      }
      return out
    case .abandoned:
      return "\n" + say(words.abandoned)
    case .active:
      return ""
    }
  }
}
