/// The follow-up and observation windows and carry-over options, with AdhereR's defaults.
///
/// As in AdhereR, the follow-up window starts `followUpStart` days after the patient's first
/// event, and the observation window starts `observationStart` days after the follow-up window
/// starts (with both starts at 0, the default, that is the first event). All units are days.
public struct AdherenceWindow: Hashable, Sendable {
  /// Days from the patient's first event to the start of the follow-up window (AdhereR: 0).
  public var followUpStart: Int
  /// Length of the follow-up window in days (AdhereR: 365 × 2 = 730).
  public var followUpDuration: Int
  /// Days from the start of the follow-up window to the start of the observation window (AdhereR: 0).
  public var observationStart: Int
  /// Length of the observation window in days (AdhereR: 365 × 2 = 730).
  public var observationDuration: Int
  /// Carry surplus supply over only between events of the same category (AdhereR: false).
  public var carryOnlyForSameMedication: Bool
  /// Rescale carried-over days by the ratio of old to new daily dose (AdhereR: false).
  public var considerDosageChange: Bool

  /// Creates a window; every argument defaults to AdhereR's default.
  public init(
    followUpStart: Int = 0, followUpDuration: Int = 730,
    observationStart: Int = 0, observationDuration: Int = 730,
    carryOnlyForSameMedication: Bool = false, considerDosageChange: Bool = false
  ) {
    self.followUpStart = followUpStart
    self.followUpDuration = followUpDuration
    self.observationStart = observationStart
    self.observationDuration = observationDuration
    self.carryOnlyForSameMedication = carryOnlyForSameMedication
    self.considerDosageChange = considerDosageChange
  }

  /// Whether the windows can be used: non-negative starts, positive durations, and the
  /// observation window inside the follow-up window (AdhereR refuses otherwise).
  public var isValid: Bool {
    followUpStart >= 0 && observationStart >= 0 && followUpDuration > 0 && observationDuration > 0
      && observationStart + observationDuration <= followUpDuration
  }
}
