import TandemBase

/// What the report is told about the patient's program (the CLI works it out from the program
/// file and the journal): enough to place its windows and completion next to the diary.
public struct ProgramContext: Hashable, Sendable, Codable {
  public var program: String
  public var title: String
  public var startDate: LocalDate
  public var week: Int
  public var weeks: Int
  public var status: String
  public var sessionsDone: Int
  public var sessionsTotal: Int
  public var practiceDays: Int

  public init(
    program: String, title: String, startDate: LocalDate, week: Int, weeks: Int, status: String, sessionsDone: Int,
    sessionsTotal: Int, practiceDays: Int
  ) {
    self.program = program
    self.title = title
    self.startDate = startDate
    self.week = week
    self.weeks = weeks
    self.status = status
    self.sessionsDone = sessionsDone
    self.sessionsTotal = sessionsTotal
    self.practiceDays = practiceDays
  }
}

/// The outcomes integrated-care trials report, for one program run: migraine, headache and
/// acute-medication days in 28-day windows from the start against the 28 days before it, the 50%
/// responder status, questionnaire scores from the first to the latest, session and practice
/// completion, and preventive adherence over the program.
public struct ProgramOutcomes: Hashable, Sendable, Codable {
  /// 28 days (or fewer, while it is still running) of the diary.
  public struct Window: Hashable, Sendable, Codable {
    public var from: LocalDate
    public var through: LocalDate
    /// Days of the window inside the diary.
    public var observedDays: Int
    /// Whether all 28 days have passed and are in the diary.
    public var complete: Bool
    public var migraineDays: Int
    public var headacheDays: Int
    public var acuteDays: Int
  }

  /// A questionnaire's first and latest total during the program.
  public struct MeasureChange: Hashable, Sendable, Codable {
    public var measure: String
    public var title: String
    public var first: Int?
    public var firstDate: LocalDate
    public var latest: Int?
    public var latestDate: LocalDate
    public var latestBand: String?
    public var count: Int
  }

  /// A preventive's PDC over the program so far.
  public struct Adherence: Hashable, Sendable, Codable {
    public var medicationID: String
    public var name: String
    public var pdc: Double?
  }

  public var context: ProgramContext
  /// The 28 days before the start; `observedDays` says how many the diary holds.
  public var baseline: Window
  /// 28-day windows from the start day, the last one possibly still running.
  public var windows: [Window]
  /// Whether the latest complete window has at most half the baseline's migraine days (`nil`
  /// until a window is complete, or when the baseline is incomplete or has no migraine days).
  public var responder: Bool?
  public var measures: [MeasureChange]
  public var adherence: [Adherence]

  /// The outcomes as the report's short lines.
  public var lines: [String] { ReportPhrases.program(self) }
}
