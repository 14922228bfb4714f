import TandemBase

/// The continuous multiple-interval measures of medication availability, as named by AdhereR.
public enum CMAMethod: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
  /// Supply of all but the last event in the observation window ÷ days from first to last event.
  case cma1 = 1
  /// Supply of all events in the observation window ÷ days from first event to window end.
  case cma2
  /// CMA1 capped at 1.
  case cma3
  /// CMA2 capped at 1.
  case cma4
  /// 1 − gap days before the last event (carry-over within the window) ÷ days from first to last event.
  case cma5
  /// 1 − all gap days (carry-over within the window) ÷ days from first event to window end.
  case cma6
  /// 1 − gap days over the whole window, with carry-over from before and within the window.
  case cma7
  /// CMA7 on a window whose start is delayed until supply carried in from before runs out.
  case cma8
  /// Each day weighted by the supply ratio of its event interval, carry-over before and within.
  case cma9

  /// Parses `cma1` … `cma9` (any case).
  public init?(name: String) {
    let lower = name.lowercased()
    guard lower.hasPrefix("cma"), let number = Int(lower.dropFirst(3)), let method = CMAMethod(rawValue: number)
    else { return nil }
    self = method
  }

  /// Whether surplus supply is carried forward between events inside the observation window.
  public var carriesOverWithinWindow: Bool { rawValue >= 5 }

  /// Whether supply from events before the observation window is carried into it.
  public var carriesOverIntoWindow: Bool { rawValue >= 7 }

  /// `cma1` … `cma9`.
  public var description: String { "cma\(rawValue)" }
}

/// A CMA value with the windows it was computed over.
public struct CMAResult: Hashable, Sendable {
  /// The method used.
  public var method: CMAMethod
  /// The estimate: CMA1 and CMA2 may exceed 1; the others lie between 0 and 1.
  public var value: Double
  /// First day of the follow-up window.
  public var followUpStart: LocalDate
  /// End of the follow-up window (its start plus its duration).
  public var followUpEnd: LocalDate
  /// First day of the observation window actually used (for CMA8, the lagged start).
  public var observationStart: LocalDate
  /// End of the observation window (its start plus its duration).
  public var observationEnd: LocalDate
}
