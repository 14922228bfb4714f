/// What a patient (or the runner's clock) did, named after the event.
public enum SessionAction: Hashable, Sendable {
  /// The patient typed an answer.
  case answerSubmitted(String)
  /// The patient pressed Enter on a text or timer step.
  case continuePressed
  /// The patient asked to go back one step.
  case backRequested
  /// The patient asked to skip an optional step.
  case skipRequested
  /// The patient paused (Ctrl-C, `:pause`, end of input).
  case pauseRequested
  /// The patient came back to a paused session.
  case resumeRequested
  /// The patient gave up on the session.
  case abandonRequested
  /// A timed exercise ran its full length.
  case timerFinished
  /// The patient ended a timed exercise early, after it had run `seconds`.
  case timerStoppedEarly(afterSeconds: Int)
}

/// What the runner must do after an action, in order.
public enum SessionEffect: Hashable, Sendable {
  /// Commit these events durably, together, before anything else is shown.
  case record([SessionEvent])
  /// Commit these events and, in the same write, what the answer to a `dose-check` or
  /// `attack-check` step logs in the diary (`SessionDiaryBridge` decides the entries from the
  /// diary as it stands then). Without a medication catalogue the events alone are committed.
  case recordAndLogDiary([SessionEvent], hook: Step.DiaryHook, answer: Answer)
  /// Show this step.
  case show(step: String)
  /// Start the countdown of a timer step.
  case startTimer(step: String, seconds: Int)
  /// Ask the current step again, saying why.
  case reask(reason: String)
  /// The session is over or paused; the runner leaves the step loop.
  case leave(SessionState.Status)
}
