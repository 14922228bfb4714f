import TandemBase
import TandemCare

/// Adherence to one scheduled medication over the report period.
public struct AdherenceSummary: Hashable, Sendable, Codable {
  /// The PDC at and above which adherence is usually called adequate.
  public static let pdcThreshold = 0.8

  /// One 30-day window of the trend.
  public struct Window: Hashable, Sendable, Codable {
    /// First day.
    public var from: LocalDate
    /// Last day.
    public var through: LocalDate
    /// Doses resolved in the window (on time, late, skipped or missed).
    public var expected: Int
    /// Doses taken (on time or late).
    public var taken: Int
    /// `taken ÷ expected`, or `nil` when nothing was due.
    public var takenShare: Double?
    /// PDC over the window, or `nil` without supply.
    public var pdc: Double?
  }

  /// The longest run of days without supply.
  public struct Gap: Hashable, Sendable, Codable {
    /// First uncovered day.
    public var from: LocalDate
    /// Last uncovered day.
    public var through: LocalDate
    /// Days.
    public var days: Int
  }

  /// The catalogue id.
  public var medicationID: String
  /// The generic name.
  public var name: String
  /// acute, preventive or both.
  public var use: String
  /// The regimens counted.
  public var regimenIDs: [String]
  /// First day measured: the later of the period start and the first regimen start.
  public var from: LocalDate
  /// Last day measured: the earlier of the period end and the day the record was read.
  public var through: LocalDate
  /// Resolved doses (expected = on time + late + skipped + missed).
  public var counts: MedicationAdherence.Counts
  /// Proportion of days covered (PQA), or `nil` without any dose taken.
  public var pdc: Double?
  /// Whether PDC is below `pdcThreshold`; `nil` when PDC is.
  public var pdcBelowThreshold: Bool?
  /// Medication possession ratio; may exceed 1.
  public var mpr: Double?
  /// CMA7 (AdhereR) over the measured days.
  public var cma7: Double?
  /// Longest run of uncovered days between the first dose and the end, or `nil` without doses.
  public var longestGap: Gap?
  /// Days with a missed dose.
  public var missedDates: [LocalDate]
  /// Days with a skipped dose.
  public var skippedDates: [LocalDate]
  /// 30-day windows from `from`, oldest first.
  public var windows: [Window]
  /// Why figures are missing, when they are.
  public var note: String?
}
