import Foundation
import TandemBase

/// Baseline against the latest 28 days, for the prescriber report: migraine days and headache days per 28
/// days, the percent change, and whether it is a 50% response.
public struct MigraineComparison: Hashable, Sendable, Codable {
  /// The length of the default baseline and of the latest window.
  public static let windowLength = 28

  /// Rates over one window.
  public struct Window: Hashable, Sendable, Codable {
    /// The first day.
    public var from: LocalDate
    /// The last day.
    public var through: LocalDate
    /// Days of the window within the record.
    public var observedDays: Int
    /// Migraine days.
    public var migraineDays: Int
    /// Headache days.
    public var headacheDays: Int
    /// Migraine days per 28 observed days, or `nil` with too few observed days.
    public var monthlyMigraineDays: Double?
    /// Headache days per 28 observed days, or `nil` with too few observed days.
    public var headacheDaysPer28: Double?
  }

  /// Why a comparison, or part of it, cannot be given.
  public enum Shortfall: String, Hashable, Sendable, Codable, CaseIterable {
    /// Nothing is recorded yet.
    case noRecord = "no-record"
    /// The baseline and the latest window share days, so comparing them says nothing.
    case windowsOverlap = "windows-overlap"
    /// The baseline has fewer observed days than `MigraineMeasures.minimumObservedDaysForRate`.
    case baselineTooShort = "baseline-too-short"
    /// The latest window has fewer observed days than `MigraineMeasures.minimumObservedDaysForRate`.
    case latestTooShort = "latest-too-short"
    /// The baseline has no migraine days: a percent change from zero is undefined.
    case noBaselineMigraineDays = "no-baseline-migraine-days"
    /// The baseline has no headache days: a percent change from zero is undefined.
    case noBaselineHeadacheDays = "no-baseline-headache-days"

    /// A plain sentence for a report.
    public var explanation: String {
      switch self {
      case .noRecord: "not enough data: nothing is recorded yet"
      case .windowsOverlap: "not enough data: the record is too short for separate baseline and latest periods"
      case .baselineTooShort: "not enough data: the baseline has fewer than 14 recorded days"
      case .latestTooShort: "not enough data: the latest period has fewer than 14 recorded days"
      case .noBaselineMigraineDays: "no percent change: the baseline has no migraine days"
      case .noBaselineHeadacheDays: "no percent change in headache days: the baseline has no headache days"
      }
    }
  }

  /// The baseline window, or `nil` when nothing is recorded.
  public var baseline: Window?
  /// The latest window, or `nil` when nothing is recorded.
  public var latest: Window?
  /// `(latest − baseline) ÷ baseline × 100` of MMD; negative is an improvement. `nil` when not computable.
  public var migraineDaysPercentChange: Double?
  /// The same for headache days per 28 days.
  public var headacheDaysPercentChange: Double?
  /// Whether MMD fell by at least 50% from baseline; `nil` when not computable.
  public var isFiftyPercentResponder: Bool?
  /// Why any of the above is missing, in `Shortfall.allCases` order.
  public var shortfalls: [Shortfall]

  /// Compares a baseline with the 28 days ending on `asOf`.
  ///
  /// - Parameters:
  ///   - baseline: the baseline days; by default the first 28 days of the record.
  ///   - asOf: the last day of the latest window (today).
  ///   - diaryStart: see `MigraineMeasures.compute`.
  public static func compute(
    attacks: [Attack], intakes: [AcuteIntake], timeZone: TimeZone, asOf: LocalDate,
    baseline: ClosedRange<LocalDate>? = nil, diaryStart: LocalDate? = nil, rule: MigraineDayRule = .tandem
  ) -> MigraineComparison {
    guard
      let recordStart = MigraineMeasures.recordStart(
        attacks: attacks, intakes: intakes, timeZone: timeZone, diaryStart: diaryStart)
    else {
      return MigraineComparison(
        baseline: nil, latest: nil, migraineDaysPercentChange: nil, headacheDaysPercentChange: nil,
        isFiftyPercentResponder: nil, shortfalls: [.noRecord])
    }
    let baselineDays = baseline ?? recordStart...recordStart.adding(days: windowLength - 1)
    let latestDays = asOf.adding(days: -(windowLength - 1))...asOf
    func window(_ days: ClosedRange<LocalDate>) -> Window {
      let m = MigraineMeasures.compute(
        attacks: attacks, intakes: intakes, from: days.lowerBound, through: days.upperBound, timeZone: timeZone,
        diaryStart: diaryStart, asOf: asOf, rule: rule)
      return Window(
        from: m.from, through: m.through, observedDays: m.observedDays, migraineDays: m.migraineDays,
        headacheDays: m.headacheDays, monthlyMigraineDays: m.monthlyMigraineDays,
        headacheDaysPer28: m.headacheDaysPer28)
    }
    let base = window(baselineDays)
    let last = window(latestDays)
    var shortfalls: Set<Shortfall> = []
    if baselineDays.overlaps(latestDays) { shortfalls.insert(.windowsOverlap) }
    if base.monthlyMigraineDays == nil { shortfalls.insert(.baselineTooShort) }
    if last.monthlyMigraineDays == nil { shortfalls.insert(.latestTooShort) }
    let comparable = shortfalls.isEmpty
    if comparable, base.migraineDays == 0 { shortfalls.insert(.noBaselineMigraineDays) }
    if comparable, base.headacheDays == 0 { shortfalls.insert(.noBaselineHeadacheDays) }

    var migraineChange: Double?
    var headacheChange: Double?
    var responder: Bool?
    if comparable, base.migraineDays > 0, let b = base.monthlyMigraineDays, let l = last.monthlyMigraineDays {
      migraineChange = (l - b) / b * 100
      // Exact integer comparison: latest/latestDays ≤ ½ × baseline/baselineDays, so 50.0% is never lost to
      // rounding.
      responder = 2 * last.migraineDays * base.observedDays <= base.migraineDays * last.observedDays
    }
    if comparable, base.headacheDays > 0, let b = base.headacheDaysPer28, let l = last.headacheDaysPer28 {
      headacheChange = (l - b) / b * 100
    }
    return MigraineComparison(
      baseline: base, latest: last, migraineDaysPercentChange: migraineChange,
      headacheDaysPercentChange: headacheChange, isFiftyPercentResponder: responder,
      shortfalls: Shortfall.allCases.filter(shortfalls.contains))
  }
}

/// How many attacks fell in each 0–3 severity band.
public struct SeverityDistribution: Hashable, Sendable, Codable {
  /// Attacks per band; every band is present, possibly with 0.
  public var counts: [SeverityBand: Int]

  /// The number of attacks counted.
  public var total: Int { counts.values.reduce(0, +) }

  /// Counts the attacks that start between `from` and `through` (calendar days in `timeZone`), each once, by
  /// the band of its severity.
  public static func of(
    attacks: [Attack], from: LocalDate, through: LocalDate, timeZone: TimeZone
  ) -> SeverityDistribution {
    var counts = Dictionary(uniqueKeysWithValues: SeverityBand.allCases.map { ($0, 0) })
    for attack in attacks {
      let day = LocalDate(attack.start, in: timeZone)
      guard from <= day, day <= through else { continue }
      counts[SeverityBand(severity: attack.severity), default: 0] += 1
    }
    return SeverityDistribution(counts: counts)
  }

  /// The share of attacks in `band`, or `nil` when there are none at all.
  public func share(of band: SeverityBand) -> Double? {
    total == 0 ? nil : Double(counts[band] ?? 0) / Double(total)
  }

  /// Each band's share as a whole percent, rounded to the nearest (7 of 16 is 44%) and then
  /// adjusted by largest remainder so the bands always add up to exactly 100; empty without attacks.
  public var percents: [SeverityBand: Int] {
    guard total > 0 else { return [:] }
    let bands = SeverityBand.allCases
    let exact = bands.map { Double(counts[$0] ?? 0) * 100 / Double(total) }
    var whole = exact.map { Int($0.rounded(.down)) }
    // Hand out the remaining points to the largest remainders (ties to the earlier band).
    let order = bands.indices.sorted { (exact[$0] - Double(whole[$0]), -$0) > (exact[$1] - Double(whole[$1]), -$1) }
    for index in order.prefix(100 - whole.reduce(0, +)) { whole[index] += 1 }
    return Dictionary(uniqueKeysWithValues: zip(bands, whole))
  }
}
