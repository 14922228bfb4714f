import TandemBase

/// Behavioural therapy over the period.
public struct TherapySummary: Hashable, Sendable, Codable {
  /// Completed sessions per approach or ACT process.
  public struct Count: Hashable, Sendable, Codable {
    /// The approach or process name.
    public var name: String
    /// Completed sessions.
    public var completed: Int
  }

  /// One module worked on.
  public struct ModuleLine: Hashable, Sendable, Codable {
    /// Module id.
    public var id: String
    /// Title.
    public var title: String
    /// Approach.
    public var approach: String
    /// ACT process, if any.
    public var process: String?
    /// Sessions completed.
    public var completed: Int
    /// Sessions abandoned or stopped.
    public var notCompleted: Int
  }

  /// A home-practice commitment the patient wrote or chose.
  public struct Commitment: Hashable, Sendable, Codable {
    /// The day of the session.
    public var date: LocalDate
    /// Module id.
    public var moduleID: String
    /// Step id.
    public var stepID: String
    /// The question asked.
    public var question: String
    /// The answer, as the patient gave it (option labels for choices).
    public var answer: String
  }

  /// A before/after rating pair.
  public struct RatingChange: Hashable, Sendable, Codable {
    /// The day of the session.
    public var date: LocalDate
    /// Module id.
    public var moduleID: String
    /// What was rated (e.g. `tension`).
    public var rating: String
    /// Before.
    public var before: Int
    /// After.
    public var after: Int
    /// `after − before`.
    public var change: Int
  }

  /// A session stopped by a safety screen.
  public struct SafetyStop: Hashable, Sendable, Codable {
    /// The day.
    public var date: LocalDate
    /// When, ISO 8601.
    public var at: String
    /// Session id.
    public var sessionID: String
    /// Module id.
    public var moduleID: String
    /// The safety step.
    public var stepID: String
    /// `crisis` (mood or self-harm item) or `red-flag` (urgent-care symptoms).
    public var kind: String
  }

  /// A questionnaire's score (PHQ-9, GAD-7…), from the session it was asked in.
  public struct MeasureLine: Hashable, Sendable, Codable {
    /// The day and the moment, ISO 8601.
    public var date: LocalDate
    public var at: String
    /// Session and module.
    public var sessionID: String
    public var moduleID: String
    /// The measure's id, version and short name.
    public var measure: String
    public var measureVersion: Int
    public var title: String
    /// The total (absent when too many items were skipped), the highest possible, and its band.
    public var total: Int?
    public var maximum: Int?
    public var band: String?
    /// Whether the total was prorated over skipped items, and how many were skipped.
    public var prorated: Bool
    public var missing: Int
    /// The change from the previous total of the same measure.
    public var change: Int?
    /// Whether the crisis item (PHQ-9 item 9) was answered above its threshold.
    public var crisis: Bool
    /// Subscale totals and positive screens.
    public var subscales: [Subscale]

    /// One subscale's result.
    public struct Subscale: Hashable, Sendable, Codable {
      public var id: String
      public var title: String
      public var total: Int?
      public var positive: Bool?
    }
  }

  /// One session, for the FHIR QuestionnaireResponse.
  public struct SessionLine: Hashable, Sendable, Codable {
    /// Session id.
    public var id: String
    /// Module id.
    public var moduleID: String
    /// Module title.
    public var moduleTitle: String
    /// Module version.
    public var moduleVersion: Int
    /// completed, abandoned, safety-stopped, active or paused.
    public var status: String
    /// Started, ISO 8601.
    public var startedAt: String
    /// Last event, ISO 8601.
    public var lastActivity: String
    /// The day of the last event (the day the session counts on).
    public var date: LocalDate
    /// Minutes of timed practice run to the end.
    public var minutesPractised: Int
    /// Answers on the path taken, in module order.
    public var answers: [AnswerLine]
  }

  /// One answered step.
  public struct AnswerLine: Hashable, Sendable, Codable {
    /// Step id.
    public var stepID: String
    /// The question.
    public var question: String
    /// `number`, `text`, `options` or `safety`.
    public var type: String
    /// Number answers and safety answers (1 = yes).
    public var number: Int?
    /// Text answers.
    public var text: String?
    /// Chosen options: ids and labels.
    public var options: [Option]?

    /// A chosen option.
    public struct Option: Hashable, Sendable, Codable {
      /// Option id.
      public var id: String
      /// Label.
      public var label: String
    }
  }

  /// Questionnaire scores, oldest first (absent when there are none).
  public var measures: [MeasureLine]?
  /// Sessions that ended (or were last active) in the period.
  public var sessions: Int
  /// Completed.
  public var completed: Int
  /// Abandoned.
  public var abandoned: Int
  /// Stopped by a safety screen.
  public var safetyStopped: Int
  /// Still open (active or paused).
  public var open: Int
  /// Minutes of timed exercises run to their end.
  public var minutesPractised: Int
  /// Minutes spent in sessions, pauses excluded.
  public var minutesInSessions: Int
  /// Days with a completed session.
  public var practiceDays: Int
  /// Completed sessions per approach, in `Approach.allCases` order, approaches with none left out.
  public var byApproach: [Count]
  /// Completed sessions per ACT process, in `ACTProcess.allCases` order, processes with none left out.
  public var byProcess: [Count]
  /// Modules worked on, by id.
  public var modules: [ModuleLine]
  /// Home-practice commitments, oldest first.
  public var commitments: [Commitment]
  /// Before/after rating pairs, oldest first.
  public var ratingChanges: [RatingChange]
  /// Safety stops, oldest first.
  public var safetyStops: [SafetyStop]
  /// Every session in the period, oldest first.
  public var sessionLines: [SessionLine]
}
