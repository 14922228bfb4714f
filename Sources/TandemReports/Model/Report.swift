import TandemBase
import TandemCare
import TandemTherapy

/// One prescriber report: everything every format shows, computed once from a `CareRecord` and a period.
///
/// Renderers read only this value, so a number in the text, Markdown, HTML, CSV or FHIR output is the number in
/// the JSON. `docs/report-format.md` documents each field and how it is computed.
public struct Report: Hashable, Sendable, Codable {
  /// The version of this schema; raised whenever a field changes meaning or is removed.
  public static let currentSchemaVersion = 1

  /// The schema version the value was built with.
  public var schemaVersion: Int
  /// Period, generation time, patient label and the baseline used.
  public var header: Header
  /// Three to five sentences a prescriber reads first, most urgent first, computed from the fields below.
  public var bottomLine: [String] = []
  /// What a prescriber should see first, most urgent first.
  public var flags: [Flag]
  /// Plain sentences about thin or missing data, so no figure is read as more than it is.
  public var dataNotes: [String]
  /// Regimens active at any time in the period.
  public var regimens: [RegimenLine]
  /// Starts, ends, dose changes and switches within the period, in date order.
  public var regimenChanges: [RegimenChange]
  /// Adherence per scheduled medication.
  public var adherence: [AdherenceSummary]
  /// Headache and migraine days, baseline against latest, severity.
  public var migraine: MigraineSummary
  /// Acute-medication days against the ICHD-3 8.2 thresholds and the overuse-risk flag.
  public var acuteMedication: AcuteMedicationSummary
  /// Behavioural therapy: sessions, practice, commitments, ratings and safety stops.
  public var therapy: TherapySummary
  /// Calendar months of the period (clipped to it), for the acute-medication and migraine-day tables.
  public var months: [ReportMonth]
  /// Every day of the period: the daily strip and the CSV rows.
  public var days: [ReportDay]
  /// Doses taken or skipped, and acute medication logged with attacks, in the period, in time order.
  public var doseLog: [DoseLogEntry]
  /// Headaches that started in the period, in time order.
  public var attacks: [AttackLine] = []
  /// What the suggestion rules propose, each with the rule and the data it read (absent when no
  /// rule fired, or the report was built without rules).
  public var suggestions: [FiredSuggestion]?
  /// The program's outcomes (absent without a program).
  public var programOutcomes: ProgramOutcomes?
}

extension Report {
  /// Who, when and over which days.
  public struct Header: Hashable, Sendable, Codable {
    /// The label given with `--patient-label`, or `nil`; the report carries no other identity.
    public var patientLabel: String?
    /// When the report was generated, ISO 8601 with the patient's UTC offset.
    public var generatedAt: String
    /// First day of the period.
    public var from: LocalDate
    /// Last day of the period.
    public var through: LocalDate
    /// Days in the period.
    public var periodDays: Int
    /// The last day that can hold entries: the earlier of `through` and the day the record was read.
    public var asOf: LocalDate
    /// The patient's time zone, which decides calendar days.
    public var timeZone: String
    /// The first day the diary was kept (see `docs/report-format.md`), or `nil` when nothing is recorded.
    public var diaryStart: LocalDate?
    /// The baseline the latest 28 days are compared with.
    public var baselineFrom: LocalDate?
    /// Last day of the baseline.
    public var baselineThrough: LocalDate?
    /// `first-28-days` or `given`.
    public var baselineSource: String
  }

  /// One thing to look at first.
  public struct Flag: Hashable, Sendable, Codable {
    /// What kind of flag.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
      case overuseRisk = "overuse-risk"
      case safetyStop = "safety-stop"
      case crisisItem = "crisis-item"
      case lowPDC = "low-pdc"
      case preventiveGap = "preventive-gap"
      case preventiveOverdue = "preventive-overdue"
      case samePathway = "same-pathway"
      case asNeededMaximum = "as-needed-maximum"
    }

    /// What kind of flag.
    public var kind: Kind
    /// One sentence, worded as risk where it is one.
    public var message: String
    /// The day it starts (overuse risk: since; gap: first day; overdue: the first dose missed; same pathway: the
    /// first day together; as-needed maximum: the first day over; safety stop: the day), when there is one.
    public var date: LocalDate?
    /// The medication it is about, when there is one.
    public var medicationID: String?
  }

  /// A regimen the prescriber set.
  public struct RegimenLine: Hashable, Sendable, Codable {
    /// The regimen id.
    public var id: String
    /// The catalogue id.
    public var medicationID: String
    /// The generic name.
    public var name: String
    /// The pharmacological class.
    public var medicationClass: String
    /// acute, preventive or both.
    public var use: String
    /// The dose per occurrence (as needed: the usual dose).
    public var dose: Quantity
    /// The schedule as stored.
    public var schedule: Schedule
    /// The schedule in words.
    public var scheduleText: String
    /// First day.
    public var start: LocalDate
    /// Last day, when ended.
    public var end: LocalDate?
    /// `active` (continuing past the period), `ended` or `upcoming` (starts after the record was read).
    public var status: String
    /// `true` when the medication is the patient's own entry (not in the catalogue); absent otherwise.
    public var patientEntry: Bool? = nil

    /// The name as the report lists it, marked when the patient added the medication themselves.
    public var listedName: String { patientEntry == true ? name + " (patient's own entry)" : name }
  }

  /// A change of regimen inside the period.
  public struct RegimenChange: Hashable, Sendable, Codable {
    /// The day.
    public var date: LocalDate
    /// `started`, `ended`, `dose-changed` or `schedule-changed`.
    public var kind: String
    /// The regimen that started or ended.
    public var regimenID: String
    /// The catalogue id.
    public var medicationID: String
    /// One line.
    public var text: String
  }
}
