import TandemBase
import TandemCare

/// Headache and migraine days over the period and baseline against the latest 28 days.
public struct MigraineSummary: Hashable, Sendable, Codable {
  /// Attacks in one severity band.
  public struct Band: Hashable, Sendable, Codable {
    /// none, mild, moderate, severe.
    public var band: String
    /// The 0–10 severities in the band.
    public var range: String
    /// Attacks that started in the period in this band.
    public var attacks: Int
    /// `attacks ÷ total`, or `nil` without attacks.
    public var share: Double?
    /// The share as a whole percent; the bands add up to exactly 100 (`nil` without attacks).
    public var percent: Int?
  }

  /// Days of the period within the diary.
  public var observedDays: Int
  /// Observed headache days.
  public var headacheDays: Int
  /// Observed migraine days.
  public var migraineDays: Int
  /// Migraine days per 28 observed days, or `nil` with fewer than 14 observed days.
  public var migraineDaysPer28: Double?
  /// Headache days per 28 observed days, or `nil` with fewer than 14 observed days.
  public var headacheDaysPer28: Double?
  /// Attacks that started in the period.
  public var attacks: Int
  /// Baseline against the latest 28 days (see `MigraineComparison`).
  public var comparison: MigraineComparison
  /// The comparison's shortfalls as sentences.
  public var comparisonNotes: [String]
  /// Attacks per severity band.
  public var severity: [Band]
}

/// Acute medication against the ICHD-3 8.2 thresholds.
public struct AcuteMedicationSummary: Hashable, Sendable, Codable {
  /// One finding of the risk assessment.
  public struct Finding: Hashable, Sendable, Codable {
    /// The rule ("triptan", "several classes together").
    public var rule: String
    /// Days counted in the latest 30 days.
    public var days: Int
    /// The threshold.
    public var threshold: Int
  }

  /// Observed days with any acute medication in the period.
  public var acuteDays: Int
  /// Observed days per pharmacological class in the period.
  public var daysByMedicationClass: [ClassDays]
  /// The risk level as of `riskAsOf`: none, approaching, at threshold, sustained.
  public var riskLevel: String
  /// The day the risk was assessed (the report's `asOf`).
  public var riskAsOf: LocalDate
  /// The first day of the current run at this level, or `nil` at none.
  public var riskSince: LocalDate?
  /// One sentence, worded as risk.
  public var riskSummary: String
  /// The findings that set the level.
  public var findings: [Finding]
  /// Whether the latest 30 days are only partly within the diary (counts are then lower bounds).
  public var latestWindowPartlyObserved: Bool
}

/// Days with a class of acute medication.
public struct ClassDays: Hashable, Sendable, Codable {
  /// The class's name as stored (e.g. `triptan`, `simple-analgesic`).
  public var medicationClass: String
  /// Days.
  public var days: Int
  /// The ICHD-3 8.2 monthly threshold, when the class has one.
  public var threshold: Int?
}

/// One calendar month of the period, clipped to it.
public struct ReportMonth: Hashable, Sendable, Codable {
  /// `YYYY-MM`.
  public var month: String
  /// First day (in the period).
  public var from: LocalDate
  /// Last day (in the period).
  public var through: LocalDate
  /// Days within the diary.
  public var observedDays: Int
  /// Observed headache days.
  public var headacheDays: Int
  /// Observed migraine days.
  public var migraineDays: Int
  /// Observed days with any acute medication.
  public var acuteDays: Int
  /// Observed days per overuse class (classes with a threshold; those never taken are left out), with thresholds.
  public var daysByOveruseClass: [ClassDays]
  /// Days with any counted class, when two or more classes were taken (ICHD-3 8.2.6), else `nil`.
  public var severalClassesDays: Int?
  /// Observed acute-medication intakes (doses, not days).
  public var acuteDoses: Int = 0
  /// PDC in the month per scheduled medication, in the order of `Report.adherence`.
  public var pdc: [MonthPDC] = []
  /// Sessions completed.
  public var sessionsCompleted: Int = 0
  /// Minutes of timed practice.
  public var minutesPractised: Int = 0
}

/// One scheduled medication's PDC in one month.
public struct MonthPDC: Hashable, Sendable, Codable {
  /// The catalogue id.
  public var medicationID: String
  /// Days of the month, within the medication's measured days, covered by supply ÷ those days; `nil` when the
  /// month has none of its measured days. Weighted by those days, the months give the period's PDC.
  public var pdc: Double?
}
