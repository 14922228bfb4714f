import TandemBase

/// One day of the period: what the daily strip and each CSV row show.
public struct ReportDay: Hashable, Sendable, Codable {
  /// Scheduled doses of one medication on the day.
  public struct Doses: Hashable, Sendable, Codable {
    /// The catalogue id.
    public var medicationID: String
    /// Resolved occurrences due that day (on time, late, skipped or missed).
    public var expected: Int
    /// Taken on time.
    public var onTime: Int
    /// Taken late.
    public var late: Int
    /// Skipped.
    public var skipped: Int
    /// Missed.
    public var missed: Int
    /// Not yet resolved (due, overdue or upcoming).
    public var pending: Int

    /// Taken, on time or late.
    public var taken: Int { onTime + late }
  }

  /// Acute intakes of one class on the day.
  public struct Acute: Hashable, Sendable, Codable {
    /// The pharmacological class.
    public var medicationClass: String
    /// Intakes.
    public var intakes: Int
  }

  /// The day.
  public var date: LocalDate
  /// Whether the day is within the diary (between its start and the day the record was read).
  public var observed: Bool
  /// A headache day.
  public var headache: Bool
  /// A migraine day (Tandem's rule).
  public var migraine: Bool
  /// Highest severity 0–10 of the attacks touching the day.
  public var maxSeverity: Int?
  /// Acute intakes by class.
  public var acute: [Acute]
  /// Scheduled doses by medication, for every scheduled medication of the report with a regimen active that day.
  public var doses: [Doses]
  /// Sessions completed.
  public var sessionsCompleted: Int
  /// Sessions abandoned.
  public var sessionsAbandoned: Int
  /// Sessions stopped by a safety screen.
  public var safetyStops: Int
  /// Minutes of timed practice.
  public var minutesPractised: Int
}

/// One dose the patient logged.
public struct DoseLogEntry: Hashable, Sendable, Codable {
  /// A stable id derived from the journal entry (or the attack and intake).
  public var id: String
  /// `taken`, `skipped`, `missed` (a scheduled dose not taken by the end of its on-time window,
  /// at its due time) or `acute-with-attack`.
  public var kind: String
  /// For taken scheduled doses: `on-time`, `late` or `extra`; as-needed doses: `as-needed`; missed
  /// doses: `missed`, or `overdue` while a late dose would still count; skips: `skipped`, or
  /// `skip-unmatched` for one that matched no open scheduled dose.
  public var status: String?
  /// The catalogue id.
  public var medicationID: String
  /// Generic name.
  public var name: String
  /// When, ISO 8601 with offset.
  public var at: String
  /// The day.
  public var date: LocalDate
  /// Amount logged, or the amount the dose was due at (the loading dose's for a loading dose).
  public var amount: Quantity?
  /// The regimen it belongs to.
  public var regimenID: String?
  /// The reason for a skip.
  public var reason: String?
  /// `true` for a dose that fulfilled a regimen's loading dose; absent otherwise.
  public var loadingDose: Bool? = nil
}
