import Foundation
import TandemBase
import TandemTherapy

/// What to report on: the period, the baseline, the label and the generation time.
public struct ReportRequest: Hashable, Sendable {
  /// First day of the period.
  public var from: LocalDate
  /// Last day of the period.
  public var through: LocalDate
  /// A baseline to compare the latest 28 days with; by default the first 28 days of the diary.
  public var baseline: ClosedRange<LocalDate>?
  /// A pseudonymous label for the header; the report carries no other identity.
  public var patientLabel: String?
  /// The generation time printed in the header (fixed for byte-identical output).
  public var generatedAt: Date
  /// A preventive gap at least this long (days without supply) is flagged.
  public var gapFlagDays: Int
  /// The suggestion rules to run on the record (`Content/suggestions.yaml`); none by default.
  public var suggestionRules: [SuggestionRule] = []
  /// The patient's program, when one is running or finished: the report then gives its outcomes.
  public var program: ProgramContext?

  /// The default preventive gap that raises a flag.
  public static let defaultGapFlagDays = 7

  /// Creates a request.
  public init(
    from: LocalDate, through: LocalDate, baseline: ClosedRange<LocalDate>? = nil, patientLabel: String? = nil,
    generatedAt: Date, gapFlagDays: Int = ReportRequest.defaultGapFlagDays
  ) {
    self.from = from
    self.through = through
    self.baseline = baseline
    self.patientLabel = patientLabel
    self.generatedAt = generatedAt
    self.gapFlagDays = gapFlagDays
  }
}
