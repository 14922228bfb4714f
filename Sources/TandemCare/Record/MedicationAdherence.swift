import Foundation
import TandemAdherence
import TandemBase

/// How one scheduled medication was taken over a period: the figures a prescriber checks.
public struct MedicationAdherence: Hashable, Sendable, Codable {
  /// Counts of resolved scheduled doses.
  public struct Counts: Hashable, Sendable, Codable {
    /// Doses whose on-time window has closed (on time, late, skipped or missed), and any taken
    /// or skipped before their window closed.
    public var expected = 0
    /// Taken within the late window.
    public var onTime = 0
    /// Taken after the window but still counted.
    public var late = 0
    /// Deliberately skipped.
    public var skipped = 0
    /// Neither taken nor skipped by the end of the on-time window, overdue ones included.
    public var missed = 0
    /// Of the missed, those still overdue: a late dose would still count for them.
    public var overdue = 0
    /// Not yet expected: due now, or upcoming.
    public var pending = 0
  }

  /// Adherence over one 30-day slice of the period.
  public struct Slice: Hashable, Sendable, Codable {
    /// First day.
    public var from: LocalDate
    /// Last day.
    public var through: LocalDate
    /// Doses taken (on time or late) ÷ doses expected in the slice, or `nil` when none were expected.
    public var takenShare: Double?
    /// PDC over the slice.
    public var pdc: Double?
  }

  /// The medication's catalogue id.
  public var medicationID: String
  /// First day of the period.
  public var from: LocalDate
  /// Last day of the period.
  public var through: LocalDate
  /// Resolved dose counts.
  public var counts: Counts
  /// Proportion of days covered (PQA's rule, with the regimen's start in the period as the index
  /// date rather than the first dose); `nil` without doses.
  public var pdc: Double?
  /// Medication possession ratio over the same days; may exceed 1.
  public var mpr: Double?
  /// The chosen CMA over the period (AdhereR semantics), when computable.
  public var cma: Double?
  /// Which CMA.
  public var cmaMethod: String
  /// The longest run of days without supply.
  public var longestGapDays: Int?
  /// Days with a missed dose.
  public var missedDates: [LocalDate]
  /// Treatment episodes with a permissible gap of `episodeGapDays`.
  public var episodes: [Episode]
  /// The gap that ends an episode.
  public var episodeGapDays: Int
  /// 30-day slices, oldest first, so a trend is visible.
  public var slices: [Slice]

  /// A treatment episode.
  public struct Episode: Hashable, Sendable, Codable {
    /// First day.
    public var start: LocalDate
    /// Last day.
    public var end: LocalDate
    /// Days.
    public var days: Int
  }

  /// Computes adherence for every scheduled regimen of `medicationID` from `from` through `through`.
  public static func compute(
    record: CareRecord, medicationID: String, from: LocalDate, through: LocalDate, method: CMAMethod = .cma7,
    episodeGapDays: Int = 30
  ) -> MedicationAdherence {
    let end = min(through, record.today)
    let regimenStart = record.regimens.filter { $0.medicationID == medicationID && $0.schedule.isScheduled }.map(
      \.start
    ).min()
    let from = max(from, regimenStart ?? from)
    var counts = Counts()
    var missed: [LocalDate] = []
    var resolved: [ResolvedOccurrence] = []
    for regimen in record.regimens where regimen.medicationID == medicationID && regimen.schedule.isScheduled {
      for item in record.resolution(of: regimen, through: end).occurrences
      where item.occurrence.date >= from && item.occurrence.date <= end {
        resolved.append(item)
        switch item.status {
        case .onTime: counts.onTime += 1
        case .late: counts.late += 1
        case .skipped: counts.skipped += 1
        case .missed, .overdue:
          counts.missed += 1
          if item.status == .overdue { counts.overdue += 1 }
          missed.append(item.occurrence.date)
        case .due, .upcoming: counts.pending += 1
        }
      }
    }
    counts.expected = counts.onTime + counts.late + counts.skipped + counts.missed
    let supply = record.supplyEvents(medicationID: medicationID, through: end)
    let inPeriod = supply.filter { $0.date >= from && $0.date <= end }
    // Days count from the regimen's start in the period, not from the first dose taken: doses
    // missed before it leave days uncovered. A dose taken before the period covers the days it
    // lasts into it, as in every window below and in the report's months.
    let coverage = SupplyCoverage(events: supply, through: end, periodStart: from, carryingIn: true)
    var cma: Double?
    if let first = supply.first?.date, end >= from {
      let start = max(from, first)
      // Follow-up from the first dose, observation over the period: supply from doses before the
      // period carries into it, as for PDC. (The observation start counts from the follow-up
      // start, as in AdhereR.)
      let window = AdherenceWindow(
        followUpStart: 0, followUpDuration: first.days(to: end) + 1,
        observationStart: first.days(to: start), observationDuration: start.days(to: end) + 1)
      cma = CMA.compute(method, events: supply, window: window)?.value
    }
    let episodes = TreatmentEpisodes.compute(
      events: inPeriod, options: EpisodeOptions(maximumPermissibleGap: episodeGapDays)
    ).map { Episode(start: $0.start, end: $0.end, days: $0.duration) }
    var slices: [Slice] = []
    // One pass over the supply; each slice counts its covered days. A slice with no covered day
    // and no dose dated in it has nothing to measure (as `SupplyCoverage` with `carryingIn`).
    let covered = SupplyCoverage.days(events: supply, from: from, through: end)
    // Days between a regimen stopped and the next one started are outside the period: a break
    // the prescriber made is not missing supply.
    let prescribed = record.prescribedDays(medicationID: medicationID, from: from, through: end)
    let allPrescribed = !prescribed.contains(false)
    var sliceStart = from
    while sliceStart <= end {
      let sliceEnd = min(sliceStart.adding(days: 29), end)
      let due = resolved.filter {
        $0.occurrence.date >= sliceStart && $0.occurrence.date <= sliceEnd && $0.status.isExpected
      }
      let taken = due.filter { $0.status == .onTime || $0.status == .late }.count
      slices.append(
        Slice(
          from: sliceStart, through: sliceEnd, takenShare: due.isEmpty ? nil : Double(taken) / Double(due.count),
          pdc: slicePDC(covered, prescribed, from: from, sliceStart, sliceEnd, supply: supply)))
      sliceStart = sliceEnd.adding(days: 1)
    }
    let pdc =
      allPrescribed || coverage == nil
      ? coverage?.pdc : slicePDC(covered, prescribed, from: from, from, end, supply: supply)
    let gap =
      allPrescribed || coverage == nil
      ? coverage?.longestGap : (SupplyCoverage.longestGap(covered, counted: prescribed)?.days ?? 0)
    return MedicationAdherence(
      medicationID: medicationID, from: from, through: end, counts: counts, pdc: pdc, mpr: coverage?.mpr,
      cma: cma,
      cmaMethod: method.description, longestGapDays: gap, missedDates: missed, episodes: episodes,
      episodeGapDays: episodeGapDays, slices: slices)
  }

  /// A window's PDC from the period's covered days, counting only the days a regimen was
  /// prescribed: `nil` when nothing was prescribed in it, and (with `emptyIsNil`, as for the
  /// period and its 30-day windows) when none of its days is covered and no dose is dated in it.
  public static func slicePDC(
    _ covered: [Bool], _ prescribed: [Bool], from: LocalDate, _ first: LocalDate, _ last: LocalDate,
    supply: [SupplyEvent], emptyIsNil: Bool = true
  ) -> Double? {
    let range = from.days(to: first)...from.days(to: last)
    let counted = range.filter { prescribed[$0] }
    let count = counted.filter { covered[$0] }.count
    guard !counted.isEmpty else { return nil }
    if emptyIsNil, count == 0, !supply.contains(where: { $0.date >= first && $0.date <= last }) { return nil }
    return Double(count) / Double(counted.count)
  }
}
