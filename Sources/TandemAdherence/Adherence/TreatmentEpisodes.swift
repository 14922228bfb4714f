import TandemBase

/// A period of continuous treatment: consecutive supplies with no gap longer than the maximum
/// permissible gap (and, by default, no change of medication).
public struct TreatmentEpisode: Hashable, Sendable {
  /// 1-based episode number.
  public var number: Int
  /// The first event's date.
  public var start: LocalDate
  /// Start plus duration: the day supply ran out, or the follow-up end.
  public var end: LocalDate
  /// Days from start to end.
  public var duration: Int
  /// Gap days after the episode's last event (AdhereR's `end.episode.gap.days`).
  public var gapDaysAfter: Double
}

/// The options of AdhereR's `compute.treatment.episodes`, with its defaults.
public struct EpisodeOptions: Hashable, Sendable {
  /// A gap longer than this many days ends an episode (AdhereR: 90).
  public var maximumPermissibleGap: Int
  /// A change of category starts a new episode (AdhereR: true).
  public var medicationChangeStartsEpisode: Bool
  /// A change of daily dose starts a new episode (AdhereR: false).
  public var dosageChangeStartsEpisode: Bool
  /// Carry surplus supply forward between events (AdhereR: true).
  public var carryOver: Bool
  /// Carry only between events of the same category (AdhereR: true).
  public var carryOnlyForSameMedication: Bool
  /// Rescale carried-over days on dose changes (AdhereR: true).
  public var considerDosageChange: Bool
  /// Days from the first event to the follow-up start (AdhereR: 0).
  public var followUpStart: Int
  /// Follow-up length in days (AdhereR: 730).
  public var followUpDuration: Int

  /// Creates options; every argument defaults to AdhereR's default.
  public init(
    maximumPermissibleGap: Int = 90, medicationChangeStartsEpisode: Bool = true,
    dosageChangeStartsEpisode: Bool = false, carryOver: Bool = true, carryOnlyForSameMedication: Bool = true,
    considerDosageChange: Bool = true, followUpStart: Int = 0, followUpDuration: Int = 730
  ) {
    self.maximumPermissibleGap = maximumPermissibleGap
    self.medicationChangeStartsEpisode = medicationChangeStartsEpisode
    self.dosageChangeStartsEpisode = dosageChangeStartsEpisode
    self.carryOver = carryOver
    self.carryOnlyForSameMedication = carryOnlyForSameMedication
    self.considerDosageChange = considerDosageChange
    self.followUpStart = followUpStart
    self.followUpDuration = followUpDuration
  }
}

/// Treatment episodes (persistence) as AdhereR's `compute.treatment.episodes` finds them.
public enum TreatmentEpisodes {
  /// The episodes of one patient's events inside the follow-up window, in order.
  public static func compute(events: [SupplyEvent], options: EpisodeOptions = .init()) -> [TreatmentEpisode] {
    guard options.followUpDuration > 0, options.followUpStart >= 0 else { return [] }
    let window = AdherenceWindow(
      followUpStart: options.followUpStart, followUpDuration: options.followUpDuration,
      observationStart: 0, observationDuration: options.followUpDuration,
      carryOnlyForSameMedication: options.carryOnlyForSameMedication,
      considerDosageChange: options.considerDosageChange)
    let columns = SortedColumns(events)
    return columns.withColumns { ev -> [TreatmentEpisode] in
      guard ev.count > 0 else { return [] }
      var kernel = CMAKernel(window: window)
      let w = kernel.windows(firstDay: ev.day[0])
      var lo = 0
      while lo < ev.count && ev.day[lo] < w.followUpStart { lo += 1 }
      var hi = lo
      while hi < ev.count && ev.day[hi] <= w.followUpEnd { hi += 1 }
      guard hi > lo else { return [] }
      kernel.fillGaps(ev, lo, hi, end: w.followUpEnd, carryOver: options.carryOver)
      let gap = kernel.gap
      let limit = Double(max(0, options.maximumPermissibleGap))
      // An episode ends after event i when its gap is too long, or the medication or dose changes.
      var starts = [ev.day[lo]]
      var endGaps: [Double] = []
      for i in lo..<(hi - 1) {
        var ends = gap[i] > limit
        if options.medicationChangeStartsEpisode && ev.medicationChangesNext[i] { ends = true }
        if options.dosageChangeStartsEpisode && ev.dose[i] != ev.dose[i + 1] { ends = true }
        if ends {
          endGaps.append(gap[i])
          starts.append(ev.day[i + 1])
        }
      }
      endGaps.append(gap[hi - 1])
      var episodes: [TreatmentEpisode] = []
      for k in starts.indices {
        let duration: Int
        if k + 1 < starts.count {
          duration = starts[k + 1] - starts[k] - Int(endGaps[k].rounded())
        } else {
          // The last episode runs to the follow-up end, less its final gap only if that gap is long.
          let trailing = endGaps[k] < limit ? 0 : Int(endGaps[k].rounded())
          duration = w.followUpEnd - starts[k] - trailing
        }
        episodes.append(
          TreatmentEpisode(
            number: k + 1, start: LocalDate(dayNumber: starts[k]), end: LocalDate(dayNumber: starts[k] + duration),
            duration: duration, gapDaysAfter: endGaps[k]))
      }
      return episodes
    }
  }
}
