import TandemBase

/// Day-by-day coverage of a measurement period by supply, as the Pharmacy Quality Alliance
/// counts it for the proportion of days covered (PDC).
///
/// The period runs from the index date (the first fill on or after `from`, or the first fill) to
/// `through`, both included. Each fill covers `start … start + duration − 1`; a refill of the same
/// category that arrives while earlier supply lasts starts the day after that supply ends; days
/// past the period end are cut off. Fills of different categories overlap without shifting.
public struct SupplyCoverage: Hashable, Sendable {
  /// The index date: the first fill in the period.
  public let indexDate: LocalDate
  /// The last day of the period.
  public let periodEnd: LocalDate
  /// Days from the index date to the period end, both included.
  public let daysInPeriod: Int
  /// Days in the period covered by at least one supply.
  public let coveredDays: Int
  /// Total days' supply of the fills in the period, without shifting or truncation.
  public let totalDaysSupply: Int
  /// The longest run of consecutive uncovered days in the period.
  public let longestGap: Int

  /// Measures coverage, or nil when no fill falls between `from` (or the first fill) and `through`.
  ///
  /// `periodStart` fixes the start of the period instead of the first fill (a diary's regimen
  /// start: days before the first dose taken count as uncovered); fills before it are ignored,
  /// unless `carryingIn`: then the supply of doses taken before the period that lasts into it
  /// covers its days (a diary knows the injection given a week before a report's period), and
  /// the result is `nil` only when no supply falls in the period at all. Their days' supply does
  /// not count toward MPR.
  public init?(
    events: [SupplyEvent], from start: LocalDate? = nil, through end: LocalDate, periodStart: LocalDate? = nil,
    carryingIn: Bool = false
  ) {
    let endDay = end.dayNumber
    let startDay = max(start?.dayNumber ?? Int.min, periodStart?.dayNumber ?? Int.min)
    let carry = carryingIn && periodStart != nil
    let fills = events.enumerated()
      .filter { (carry || $0.element.date.dayNumber >= startDay) && $0.element.date.dayNumber <= endDay }
      .sorted {
        let a = $0.element.date.dayNumber
        let b = $1.element.date.dayNumber
        return a != b ? a < b : $0.offset < $1.offset
      }
      .map(\.element)
    guard let firstFill = fills.first?.date.dayNumber else { return nil }
    let index = carry ? startDay : periodStart.map { min($0.dayNumber, firstFill) } ?? firstFill
    let length = endDay - index + 1
    // Covered days as intervals, not a flag per day: the work grows with the fills, not with
    // the length of the period.
    var covered: [(first: Int, last: Int)] = []
    covered.reserveCapacity(fills.count)
    var supplyEnds: [String: Int] = [:]
    var total = 0
    for fill in fills {
      let duration = max(0, fill.duration)
      if fill.date.dayNumber >= index { total += duration }
      let first = max(fill.date.dayNumber, supplyEnds[fill.category] ?? Int.min)
      supplyEnds[fill.category] = first + duration
      // Supply carried in is cut at the period's start.
      let from = max(first, index)
      if duration > 0 && from <= endDay && first + duration - 1 >= from {
        covered.append((from, min(first + duration - 1, endDay)))
      }
    }
    // Carried in or not, some supply must fall in the period for it to be measured.
    guard !carry || fills.last.map({ $0.date.dayNumber >= index }) == true || !covered.isEmpty else { return nil }
    // Each category's intervals are already in order; different categories interleave.
    covered.sort { $0.first < $1.first }
    var coveredCount = 0
    var longest = 0
    var uncoveredFrom = index
    for interval in covered where interval.last >= uncoveredFrom {
      longest = max(longest, interval.first - uncoveredFrom)
      coveredCount += interval.last + 1 - max(interval.first, uncoveredFrom)
      uncoveredFrom = interval.last + 1
    }
    longest = max(longest, endDay + 1 - uncoveredFrom)
    indexDate = LocalDate(dayNumber: index)
    periodEnd = end
    daysInPeriod = length
    coveredDays = coveredCount
    totalDaysSupply = total
    longestGap = longest
  }

  /// Covered days ÷ days in the period: at most 1.
  public var pdc: Double { Double(coveredDays) / Double(daysInPeriod) }

  /// Total days' supply ÷ days in the period: may exceed 1.
  public var mpr: Double { Double(totalDaysSupply) / Double(daysInPeriod) }
}

extension SupplyCoverage {
  /// Whether each day from `from` through `end` is covered, with supply from fills before
  /// `from` carried in (as `carryingIn`): the days every window of a diary's period counts, so
  /// the whole period, its 30-day windows, its months and its longest gap agree. One pass over
  /// the fills; any window's share of covered days is then a count.
  public static func days(events: [SupplyEvent], from: LocalDate, through end: LocalDate) -> [Bool] {
    guard from <= end else { return [] }
    let fills = events.enumerated().filter { $0.element.date <= end }
      .sorted { ($0.element.date.dayNumber, $0.offset) < ($1.element.date.dayNumber, $1.offset) }.map(\.element)
    let index = from.dayNumber
    var covered = [Bool](repeating: false, count: end.dayNumber - index + 1)
    var supplyEnds: [String: Int] = [:]
    for fill in fills {
      let first = max(fill.date.dayNumber, supplyEnds[fill.category] ?? Int.min)
      supplyEnds[fill.category] = first + max(0, fill.duration)
      var day = max(first, index)
      while day < first + max(0, fill.duration), day <= end.dayNumber {
        covered[day - index] = true
        day += 1
      }
    }
    return covered
  }
}

extension SupplyCoverage {
  /// The longest run of counted days without supply, as (first offset, days); a day not counted
  /// (no prescription) ends a run without being part of it. `nil` when no counted day is
  /// uncovered.
  public static func longestGap(_ covered: [Bool], counted: [Bool]? = nil) -> (start: Int, days: Int)? {
    var best: (start: Int, days: Int)?
    var runStart = 0
    var run = 0
    for (offset, isCovered) in covered.enumerated() {
      if isCovered || counted?[offset] == false {
        run = 0
      } else {
        if run == 0 { runStart = offset }
        run += 1
        if run > (best?.days ?? 0) { best = (runStart, run) }
      }
    }
    return best
  }
}

/// The Pharmacy Quality Alliance's proportion of days covered.
public enum PDC {
  /// Covered days ÷ days from the index date to `through`; see `SupplyCoverage`.
  public static func compute(events: [SupplyEvent], from start: LocalDate? = nil, through end: LocalDate) -> Double? {
    SupplyCoverage(events: events, from: start, through: end)?.pdc
  }
}

/// The medication possession ratio.
public enum MPR {
  /// Total days' supply of the fills in the period ÷ days from the index date to `through` (may exceed 1).
  public static func compute(events: [SupplyEvent], from start: LocalDate? = nil, through end: LocalDate) -> Double? {
    SupplyCoverage(events: events, from: start, through: end)?.mpr
  }
}
