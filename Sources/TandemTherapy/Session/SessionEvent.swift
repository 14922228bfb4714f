/// What happened in a session, as the journal records it. The session's state is derived from these.
public enum SessionEvent: Hashable, Sendable, Codable {
  /// The session began on a pinned copy of a module.
  case started(moduleID: String, version: Int, contentHash: String)
  /// An answer was given (or changed) for a step.
  case answered(step: String, answer: Answer)
  /// A text step was read, or a timer step ended before its time; for a timer ended early,
  /// `ranSeconds` is how long it ran (`nil` in sessions recorded before Tandem kept it, and in
  /// scripted runs, where timers do not run).
  case continued(step: String, ranSeconds: Int? = nil)
  /// A timed exercise ran to its end.
  case timerFinished(step: String, seconds: Int)
  /// An optional step was skipped.
  case skipped(step: String)
  /// The patient went back to an earlier step.
  case wentBack(to: String)
  /// The patient paused; the session can be resumed.
  case paused
  /// The patient came back to a paused session.
  case resumed
  /// The patient gave up on the session.
  case abandoned
  /// The last step was done.
  case completed
  /// A red flag was reported on a safety screen; the session stopped.
  case safetyStopped(step: String)
  /// A questionnaire was scored: its last item was answered or skipped (`step` is the
  /// questionnaire's id). Answering it again after going back scores it again; the latest counts.
  case scored(step: String, score: MeasureScore)
  /// The session moved to a newer version of its module, following the author's `migrations:`
  /// map (old step id → new step id); `module` is the new pinned copy.
  case migrated(module: Module, contentHash: String, steps: [String: String])

  /// The short name the journal stores in its `kind` column.
  public var kind: String {
    switch self {
    case .started: "started"
    case .answered: "answered"
    case .continued: "continued"
    case .timerFinished: "timer-finished"
    case .skipped: "skipped"
    case .wentBack: "went-back"
    case .paused: "paused"
    case .resumed: "resumed"
    case .abandoned: "abandoned"
    case .completed: "completed"
    case .safetyStopped: "safety-stopped"
    case .migrated: "migrated"
    case .scored: "scored"
    }
  }
}
