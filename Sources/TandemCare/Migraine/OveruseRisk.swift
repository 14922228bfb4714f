import Foundation
import TandemBase

/// The risk of medication-overuse headache from acute-medication days (ICHD-3 8.2), as of one day.
///
/// This is a risk flag for a clinician, never a diagnosis: medication-overuse headache also needs a headache
/// disorder and the clinician's judgement.
public struct OveruseRisk: Hashable, Sendable, Codable {
  /// How close acute-medication use is to the ICHD-3 8.2 thresholds.
  public enum Level: Int, Hashable, Sendable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    /// Every count is more than 2 days below its threshold.
    case none
    /// A count is within 2 days below its threshold.
    case approaching
    /// A count in the latest 30 days reached its threshold.
    case atThreshold
    /// A threshold was reached in each of three consecutive 30-day windows, with 15 or more headache days in
    /// each: the ">3 months" pattern of ICHD-3 8.2.
    case sustained

    /// "none", "approaching", "at threshold", "sustained".
    public var description: String {
      switch self {
      case .none: "none"
      case .approaching: "approaching"
      case .atThreshold: "at threshold"
      case .sustained: "sustained"
      }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
  }

  /// Headache days per window at and above which overuse can be sustained (ICHD-3 8.2 criterion A).
  public static let headacheDaysThreshold = 15
  /// How many consecutive windows make the ">3 months" rule.
  public static let sustainedWindows = 3

  /// The day assessed (the last day of the latest window).
  public var asOf: LocalDate
  /// The level.
  public var level: Level
  /// The classes behind the decisive findings, in `OveruseClass.allCases` order; empty at `none`.
  public var classes: [OveruseClass]
  /// The findings that set the level (for sustained: those of the latest window).
  public var findings: [OveruseFinding]
  /// Three consecutive 30-day windows ending on `asOf`, oldest first; the last is the latest 30 days.
  public var windows: [OveruseWindow]
  /// The first day of the current unbroken run of days whose trailing 30 days were at this level's base
  /// (approaching, or at threshold for at-threshold and sustained); `nil` at `none`. When the run reaches back
  /// to the first day assessed, this is that day.
  public var since: LocalDate?

  /// The latest 30 days.
  public var latest: OveruseWindow? { windows.last }

  /// One lowercase line for a report, worded as risk.
  public var summary: String {
    let counts = findings.map { "\($0.rule) on \($0.days) days (threshold \($0.threshold))" }
      .joined(separator: ", ")
    let sinceText = since.map { " since \($0)" } ?? ""
    switch level {
    case .none: return "no medication-overuse risk flagged in the last 30 days"
    case .approaching: return "approaching a medication-overuse threshold\(sinceText): \(counts) in the last 30 days"
    case .atThreshold: return "at risk of medication overuse\(sinceText): \(counts) in the last 30 days"
    case .sustained:
      return "sustained risk of medication overuse\(sinceText): thresholds met and 15+ headache days in each of "
        + "the last three 30-day windows; \(counts) in the last 30 days"
    }
  }

  /// Assesses the risk as of `asOf` from diary days covering at least the 90 days up to it; earlier days let
  /// `since` reach further back. Days missing from `days` count as unobserved.
  public static func assess(days: [DiaryDay], asOf: LocalDate) -> OveruseRisk {
    let length = OveruseWindow.length
    let windows = (0..<sustainedWindows).reversed().map { k -> OveruseWindow in
      let through = asOf.adding(days: -k * length)
      return OveruseWindow(days: days, from: through.adding(days: -(length - 1)), through: through)
    }
    let latest = windows[windows.count - 1]
    var level = latest.level
    if level == .atThreshold,
      windows.allSatisfy({ $0.level == .atThreshold && $0.headacheDays >= headacheDaysThreshold })
    {
      level = .sustained
    }
    let findings = latest.decisiveFindings
    let classes = OveruseClass.allCases.filter { c in findings.contains { $0.classes.contains(c) } }
    let since = level == .none ? nil : runStart(days: days, asOf: asOf, base: min(level, .atThreshold))
    return OveruseRisk(
      asOf: asOf, level: level, classes: classes, findings: findings, windows: windows, since: since)
  }

  /// Assesses the risk from the diary itself; see `MigraineMeasures.compute` for the parameters.
  public static func assess(
    attacks: [Attack], intakes: [AcuteIntake], asOf: LocalDate, timeZone: TimeZone, diaryStart: LocalDate? = nil,
    rule: MigraineDayRule = .tandem
  ) -> OveruseRisk {
    let windowStart = asOf.adding(days: -(sustainedWindows * OveruseWindow.length - 1))
    let recordStart = MigraineMeasures.recordStart(
      attacks: attacks, intakes: intakes, timeZone: timeZone, diaryStart: diaryStart)
    let from = min(windowStart, recordStart ?? windowStart)
    let days = MigraineMeasures.diaryDays(
      attacks: attacks, intakes: intakes, from: from, through: asOf, timeZone: timeZone, diaryStart: diaryStart,
      asOf: asOf, rule: rule)
    return assess(days: days, asOf: asOf)
  }

  /// Walks back from `asOf` while each day's trailing window is at least `base`, with running counts.
  static func runStart(days: [DiaryDay], asOf: LocalDate, base: Level) -> LocalDate? {
    let observed = days.filter { $0.isObserved && $0.date <= asOf }
    guard let first = observed.map(\.date).min() else { return nil }
    let length = OveruseWindow.length
    let origin = first.adding(days: -length)
    let count = origin.days(to: asOf) + 1
    var classDays = [[OveruseClass]](repeating: [], count: count)
    for day in observed {
      classDays[origin.days(to: day.date)] = day.overuseClasses.filter { $0.monthlyThreshold != nil }
    }
    // Prefix sums: prefix[i] counts days origin..<origin+i.
    var perClass: [OveruseClass: [Int]] = [:]
    for c in OveruseClass.allCases where c.monthlyThreshold != nil {
      var running = 0
      perClass[c] =
        [0]
        + classDays.map { day in
          running += day.contains(c) ? 1 : 0
          return running
        }
    }
    var runningAny = 0
    let anyPrefix =
      [0]
      + classDays.map { day in
        runningAny += day.isEmpty ? 0 : 1
        return runningAny
      }
    func level(endingAt end: Int) -> Level {
      let lower = max(0, end + 1 - length)
      var byClass: [OveruseClass: Int] = [:]
      for (c, prefix) in perClass {
        let n = prefix[end + 1] - prefix[lower]
        if n > 0 { byClass[c] = n }
      }
      let findings = OveruseWindow.findings(daysByClass: byClass, anyClassDays: anyPrefix[end + 1] - anyPrefix[lower])
      if findings.contains(where: \.isMet) { return .atThreshold }
      return findings.contains(where: \.isApproaching) ? .approaching : .none
    }
    var end = count - 1
    guard level(endingAt: end) >= base else { return nil }
    let firstIndex = origin.days(to: first)
    while end > firstIndex, level(endingAt: end - 1) >= base { end -= 1 }
    return origin.adding(days: end)
  }
}
