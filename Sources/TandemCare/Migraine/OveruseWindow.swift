import TandemBase

/// A rule of ICHD-3 8.2 that a count of acute-medication days is checked against.
public enum OveruseRule: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
  /// One overuse class on its own: 10 days (triptan, ergot, opioid, combination analgesic, gepant) or 15 days
  /// (simple analgesics).
  case singleClass(OveruseClass)
  /// Several classes together (8.2.6): days with any counted class, when two or more classes were used.
  case severalClasses

  /// "triptan", "several classes together".
  public var description: String {
    switch self {
    case .singleClass(let c): c.rawValue
    case .severalClasses: "several classes together"
    }
  }

  private var rank: Int {
    switch self {
    case .singleClass(let c): OveruseClass.allCases.firstIndex(of: c) ?? 0
    case .severalClasses: OveruseClass.allCases.count
    }
  }

  public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}

/// One count checked against its threshold.
public struct OveruseFinding: Hashable, Sendable, Codable {
  /// The rule.
  public var rule: OveruseRule
  /// Days in the window with at least one dose the rule counts.
  public var days: Int
  /// Days at or above which the rule is met.
  public var threshold: Int
  /// The classes behind the count.
  public var classes: [OveruseClass]

  /// Whether the count reached the threshold.
  public var isMet: Bool { days >= threshold }
  /// Whether the count is within `OveruseWindow.approachMargin` days below the threshold.
  public var isApproaching: Bool { !isMet && days >= threshold - OveruseWindow.approachMargin }
}

/// Acute-medication days counted over one window (usually 30 days) against the ICHD-3 8.2 thresholds.
public struct OveruseWindow: Hashable, Sendable, Codable {
  /// The length of the rolling window that stands for "a month".
  public static let length = 30
  /// How many days below a threshold count as approaching it.
  public static let approachMargin = 2
  /// The threshold for several classes together.
  public static let severalClassesThreshold = 10

  /// The first day.
  public var from: LocalDate
  /// The last day.
  public var through: LocalDate
  /// Days of the window within the record. Counts from a partly observed window are lower bounds.
  public var observedDays: Int
  /// Headache days.
  public var headacheDays: Int
  /// Days with at least one dose, per counted overuse class (classes never taken are absent).
  public var daysByClass: [OveruseClass: Int]
  /// Days with at least one dose of any counted class.
  public var anyClassDays: Int
  /// Every rule that applies, in a stable order: one per class taken, then several classes together when two or
  /// more classes were taken.
  public var findings: [OveruseFinding]

  /// Counts `days` (any order; days outside the window are ignored) over `from` through `through`.
  public init(days: [DiaryDay], from: LocalDate, through: LocalDate) {
    self.from = from
    self.through = through
    let inside = days.filter { from <= $0.date && $0.date <= through && $0.isObserved }
    observedDays = inside.count
    headacheDays = inside.filter(\.headache).count
    var byClass: [OveruseClass: Int] = [:]
    for day in inside {
      for c in day.overuseClasses where c.monthlyThreshold != nil { byClass[c, default: 0] += 1 }
    }
    daysByClass = byClass
    anyClassDays = inside.filter { $0.overuseClasses.contains { $0.monthlyThreshold != nil } }.count
    findings = Self.findings(daysByClass: byClass, anyClassDays: anyClassDays)
  }

  static func findings(daysByClass: [OveruseClass: Int], anyClassDays: Int) -> [OveruseFinding] {
    var findings: [OveruseFinding] = []
    for c in OveruseClass.allCases {
      guard let days = daysByClass[c], let threshold = c.monthlyThreshold else { continue }
      findings.append(OveruseFinding(rule: .singleClass(c), days: days, threshold: threshold, classes: [c]))
    }
    let used = OveruseClass.allCases.filter { daysByClass[$0] != nil }
    if used.count >= 2 {
      findings.append(
        OveruseFinding(
          rule: .severalClasses, days: anyClassDays, threshold: severalClassesThreshold, classes: used))
    }
    return findings
  }

  /// The level this window alone reaches: none, approaching or at threshold (never sustained).
  public var level: OveruseRisk.Level {
    if findings.contains(where: \.isMet) { return .atThreshold }
    if findings.contains(where: \.isApproaching) { return .approaching }
    return .none
  }

  /// The findings that set `level` (met ones when at threshold, approaching ones when approaching).
  public var decisiveFindings: [OveruseFinding] {
    switch level {
    case .atThreshold, .sustained: findings.filter(\.isMet)
    case .approaching: findings.filter(\.isApproaching)
    case .none: []
    }
  }
}
