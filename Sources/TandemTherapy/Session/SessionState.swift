/// Where a session stands: derived from its events, never stored on its own.
public struct SessionState: Hashable, Sendable {
  /// The session's life cycle.
  public enum Status: String, Hashable, Sendable, Codable {
    case active, paused, completed
    case safetyStopped = "safety-stopped"
    case abandoned

    /// Whether the session can go on (active or paused).
    public var isOpen: Bool { self == .active || self == .paused }
  }

  /// Active, paused, completed, stopped by a safety screen, or abandoned.
  public var status: Status
  /// The step on screen; `nil` once the session has finished.
  public var current: String?
  /// The steps shown so far, in order, ending with the current one.
  public var path: [String]
  /// Every answer given, including those on steps the patient went back over (kept to edit).
  public var answers: [String: Answer]
  /// Why the last input was refused, shown when the step is asked again.
  public var rejection: String?
  /// Seconds of timed exercise completed.
  public var practisedSeconds: Int

  /// A session before its first event.
  public init() {
    status = .active
    current = nil
    path = []
    answers = [:]
    rejection = nil
    practisedSeconds = 0
  }

  /// The answers on the path actually taken, which conditions and interpolation see.
  public var effectiveAnswers: [String: Answer] {
    let onPath = Set(path)
    return answers.filter { onPath.contains($0.key) }
  }
}

/// "Step N of about M" along the path the answers so far make likely.
public struct SessionProgress: Hashable, Sendable {
  /// 1-based position of the current step.
  public var position: Int
  /// Estimated number of steps in total.
  public var estimatedTotal: Int
}
