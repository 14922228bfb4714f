import Foundation
import TandemBase

/// Matches recorded doses and skips to scheduled occurrences and says what became of each.
///
/// Rules, in the order they are applied (`w` is the late window):
/// 1. **On time**: each occurrence, in due order, takes the earliest unmatched dose within
///    `due − w … due + w` (both ends included).
/// 2. **Late**: each still unresolved occurrence takes the earliest unmatched dose after
///    `due + w` and no later than `lateUntil` — when the next occurrence's on-time window opens
///    (`nextDue − w`), or 24 hours after the due time for an occurrence with no next one.
/// 3. **Skipped**: a skip with an occurrence date marks the first unresolved occurrence that day
///    (at its occurrence time, when it names one);
///    a skip without one marks the first unresolved occurrence whose window
///    `due − w … lateUntil` holds the skip's instant, or else the next unresolved occurrence due
///    within 24 hours after it. A dose is a fact and a skip an intention: a dose taken for an
///    occurrence after it was skipped fulfils it, and the skip is left unmatched (superseded).
/// 4. Anything else is judged against `now`: **upcoming** before `due − w`, **due** until
///    `due + w`, **overdue** until `lateUntil`, then **missed**.
///
/// Each dose matches at most one occurrence; doses left over are **extra** (a double dose, or
/// one taken earlier than `due − w`). Doses and skips only match occurrences of the same
/// medication, and of the same regimen when they name one.
public struct DoseResolution: Hashable, Sendable, Codable {
  /// Every occurrence with its status, in due order.
  public var occurrences: [ResolvedOccurrence]
  /// Doses that fulfilled no occurrence.
  public var extraDoses: [TakenDose]
  /// Skips that matched no occurrence (or one already taken).
  public var unmatchedSkips: [SkippedDose]
  /// Days on which late doses restarted the schedule (see `resolve(regimen:…)`).
  public var restartAnchors: [LocalDate]

  /// Creates a resolution.
  public init(
    occurrences: [ResolvedOccurrence], extraDoses: [TakenDose] = [], unmatchedSkips: [SkippedDose] = [],
    restartAnchors: [LocalDate] = []
  ) {
    self.occurrences = occurrences
    self.extraDoses = extraDoses
    self.unmatchedSkips = unmatchedSkips
    self.restartAnchors = restartAnchors
  }

  /// How long a late dose counts for an occurrence with no next one.
  public static let lateLimitWithoutNext: TimeInterval = 24 * 3600

  /// How many occurrences have each status.
  public var counts: [ResolvedOccurrence.Status: Int] {
    occurrences.reduce(into: [:]) { $0[$1.status, default: 0] += 1 }
  }

  /// Resolves `occurrences` (of one regimen, or several) against what was recorded, as of `now`.
  /// `lateWindow` is in seconds.
  public static func resolve(
    occurrences: [ScheduledOccurrence], doses: [TakenDose], skips: [SkippedDose], now: Date, lateWindow: TimeInterval
  ) -> DoseResolution {
    let w = max(0, lateWindow)
    let sorted = occurrences.sorted { $0.due < $1.due }
    let doses = doses.sorted { $0.instant < $1.instant }
    var resolved = sorted.map { occurrence in
      let lateUntil = max(
        occurrence.due + w, occurrence.nextDue.map { $0 - w } ?? occurrence.due + lateLimitWithoutNext)
      return ResolvedOccurrence(occurrence: occurrence, status: .upcoming, lateUntil: lateUntil)
    }
    var open = Array(repeating: true, count: resolved.count)
    var used = Array(repeating: false, count: doses.count)

    func matches(_ medicationID: String, _ regimenID: String?, _ occurrence: ScheduledOccurrence) -> Bool {
      medicationID == occurrence.medicationID && (regimenID.map { $0 == occurrence.regimenID } ?? true)
    }
    /// Index of the first dose at or after `instant` (doses are sorted).
    func firstDose(atOrAfter instant: Date) -> Int {
      var low = 0, high = doses.count
      while low < high {
        let mid = (low + high) / 2
        if doses[mid].instant < instant { low = mid + 1 } else { high = mid }
      }
      return low
    }
    /// Gives occurrence `index` the earliest unmatched dose in `lower…upper` (`lower` excluded when asked).
    func takeDose(
      for index: Int, after lower: Date, excludingLower: Bool, through upper: Date, status: ResolvedOccurrence.Status
    ) {
      let occurrence = resolved[index].occurrence
      var pick = firstDose(atOrAfter: lower)
      while pick < doses.count, doses[pick].instant <= upper {
        let dose = doses[pick]
        if !used[pick], !(excludingLower && dose.instant == lower),
          matches(dose.medicationID, dose.regimenID, occurrence)
        {
          used[pick] = true
          open[index] = false
          resolved[index].status = status
          resolved[index].dose = dose
          return
        }
        pick += 1
      }
    }

    for index in resolved.indices {
      let due = resolved[index].occurrence.due
      takeDose(for: index, after: due - w, excludingLower: false, through: due + w, status: .onTime)
    }

    for index in resolved.indices where open[index] {
      let due = resolved[index].occurrence.due, limit = resolved[index].lateUntil
      takeDose(for: index, after: due + w, excludingLower: true, through: limit, status: .late)
    }

    var unmatchedSkips: [SkippedDose] = []
    let orderedSkips = skips.filter { $0.occurrenceDate != nil } + skips.filter { $0.occurrenceDate == nil }
    for skip in orderedSkips {
      let candidates = resolved.indices.filter {
        open[$0] && matches(skip.medicationID, skip.regimenID, resolved[$0].occurrence)
      }
      let target: Int?
      if let date = skip.occurrenceDate {
        target = candidates.first { index in
          let occurrence = resolved[index].occurrence
          return occurrence.date == date && (skip.occurrenceTime.map { occurrence.time == $0 } ?? true)
        }
      } else {
        target =
          candidates.first {
            skip.instant >= resolved[$0].occurrence.due - w && skip.instant <= resolved[$0].lateUntil
          }
          ?? candidates.first {
            let ahead = resolved[$0].occurrence.due.timeIntervalSince(skip.instant)
            return ahead > 0 && ahead <= 24 * 3600
          }
      }
      guard let target else {
        unmatchedSkips.append(skip)
        continue
      }
      open[target] = false
      resolved[target].status = .skipped
      resolved[target].skip = skip
    }

    for index in resolved.indices where open[index] {
      let due = resolved[index].occurrence.due, limit = resolved[index].lateUntil
      resolved[index].status =
        if now < due - w { .upcoming } else if now <= due + w { .due } else if now < limit { .overdue } else { .missed }
    }

    let extras = doses.indices.filter { !used[$0] }.map { doses[$0] }
    return DoseResolution(occurrences: resolved, extraDoses: extras, unmatchedSkips: unmatchedSkips)
  }

  /// Resolves one regimen from its start through `through` (default: today in its time zone),
  /// with the medication's restart rule applied.
  ///
  /// When the catalogue says a late dose restarts the schedule (erenumab) and the schedule counts
  /// from a date, the first late dose's local day becomes a restart anchor, occurrences are
  /// recomputed from it, and the process repeats until no new late dose appears. Only doses and
  /// skips for the regimen's medication (and, when they name one, this regimen) are considered;
  /// extra doses of other regimens are not reported here.
  ///
  /// `from` starts the resolution at a later day than the regimen's start, for a diary read from a
  /// window that holds everything from that day on; schedules that restart after a late dose
  /// always resolve from the start, since an early late dose moves every later occurrence.
  public static func resolve(
    regimen: Regimen, medication: Medication?, doses: [TakenDose], skips: [SkippedDose], now: Date,
    through: LocalDate? = nil, from: LocalDate? = nil
  ) -> DoseResolution {
    let zone = regimen.timeZone
    let through = through ?? LocalDate(now, in: zone)
    let doses = doses.filter { $0.medicationID == regimen.medicationID && ($0.regimenID ?? regimen.id) == regimen.id }
    let skips = skips.filter { $0.medicationID == regimen.medicationID && ($0.regimenID ?? regimen.id) == regimen.id }
    let restarts = (medication?.restartsScheduleWhenLate ?? false) && regimen.schedule.canRestart
    let first = restarts ? regimen.start : max(regimen.start, from ?? regimen.start)
    var anchors: [LocalDate] = []
    while true {
      let occurrences = ScheduleCalendar.occurrences(
        of: regimen, from: first, through: through, restartAnchors: anchors)
      var result = resolve(
        occurrences: occurrences, doses: doses, skips: skips, now: now, lateWindow: regimen.lateWindow)
      result.restartAnchors = anchors
      guard restarts else { return result }
      let newAnchor = result.occurrences.lazy
        .filter { $0.status == .late }
        .compactMap { $0.dose.map { LocalDate($0.instant, in: zone) } }
        .first { anchor in anchors.last.map { anchor > $0 } ?? true }
      guard let newAnchor else { return result }
      anchors.append(newAnchor)
    }
  }
}
