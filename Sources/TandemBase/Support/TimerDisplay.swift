/// Where a paced exercise is: which phase ("Breathe in…") and how long it has left. Phases
/// repeat in order for the whole timer.
public struct TimerPace: Sendable {
  /// A phase and its place in the exercise.
  public struct Phase: Hashable, Sendable {
    /// What to do now.
    public var label: String
    /// Whole seconds left in this phase (at least 1).
    public var secondsLeft: Int
    /// Which round and which phase of it: changes exactly when a new phase begins.
    public var position: Position
  }

  /// A round of the phases and a phase within it.
  public struct Position: Hashable, Sendable {
    /// The round, from 0.
    public var round: Int
    /// The phase within the round, from 0.
    public var index: Int
  }

  /// The phases, in order.
  public let phases: [(label: String, seconds: Int)]

  /// A pace of `phases` (none: an unpaced timer).
  public init(phases: [(label: String, seconds: Int)]) {
    self.phases = phases.filter { $0.seconds > 0 }
  }

  /// The phase under way `elapsed` seconds after the start; `nil` for an unpaced timer.
  public func phase(at elapsed: Int) -> Phase? {
    let cycle = phases.reduce(0) { $0 + $1.seconds }
    guard cycle > 0 else { return nil }
    var within = max(0, elapsed) % cycle
    for (index, phase) in phases.enumerated() {
      if within < phase.seconds {
        return Phase(
          label: phase.label, secondsLeft: phase.seconds - within,
          position: Position(round: max(0, elapsed) / cycle, index: index))
      }
      within -= phase.seconds
    }
    return nil
  }
}

/// The live line of a running timer, `Breathe in  ●●●  2:41 left`, made to fit `width` columns:
/// the time left always shows; the dots, then the phase label, give way first.
public struct TimerStatusLine: Hashable, Sendable {
  /// The phase label (empty for an unpaced timer, or when there is no room).
  public var label: String
  /// Space between the label and what follows.
  public var gap: String
  /// One dot per second left in the phase, then two spaces (or nothing).
  public var dots: String
  /// `2:41 left`.
  public var clock: String

  /// The line for `phase` with `left` seconds left on the whole timer, in at most `width` columns.
  public init(phase: TimerPace.Phase?, left: Int, width: Int) {
    clock = TextLayout.truncated(
      String(max(0, left) / 60) + ":" + (max(0, left) % 60 < 10 ? "0" : "") + String(max(0, left) % 60) + " left",
      width: max(0, width))
    label = phase.map { TerminalText.sanitized($0.label, keepNewlines: false) } ?? ""
    gap = label.isEmpty ? "" : "  "
    dots = phase.map { String(repeating: "●", count: $0.secondsLeft) + "  " } ?? ""
    let room = max(0, width)
    if text.count > room {
      let spare = room - label.count - gap.count - clock.count - 2
      dots = spare > 0 ? String(repeating: "●", count: spare) + "  " : ""
    }
    if text.count > room {
      let labelRoom = room - gap.count - clock.count
      label = labelRoom >= 4 ? TextLayout.truncated(label, width: labelRoom) : ""
      gap = label.isEmpty ? "" : "  "
    }
  }

  /// The whole line, as plain text.
  public var text: String { label + gap + dots + clock }
}
