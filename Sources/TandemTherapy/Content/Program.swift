import TandemBase

/// A multi-week care plan as `Content/programs/<id>.yaml` defines it: sessions in order with the
/// week each opens, home practice between them, questionnaires and when they are due, and the
/// medication context it expects (stated, never prescribing).
public struct Program: Hashable, Sendable, Codable {
  /// The id `tandem program start` takes; the file name without `.yaml`.
  public var id: String
  /// The author's version number.
  public var version: Int
  /// Shown to patients.
  public var title: String
  /// Who it is written for.
  public var audience: Audience
  /// How many weeks it runs.
  public var weeks: Int
  /// One paragraph for `tandem program list`.
  public var summary: String
  /// What the program assumes about medicines.
  public var medication: MedicationContext
  /// The sessions, in order.
  public var sessions: [Session]
  /// Questionnaires and the weeks they are due.
  public var measures: [MeasureSchedule]

  /// Creates a program.
  public init(
    id: String, version: Int, title: String, audience: Audience, weeks: Int, summary: String,
    medication: MedicationContext, sessions: [Session], measures: [MeasureSchedule]
  ) {
    self.id = id
    self.version = version
    self.title = title
    self.audience = audience
    self.weeks = weeks
    self.summary = summary
    self.medication = medication
    self.sessions = sessions
    self.measures = measures
  }

  /// What the program expects alongside it, and what the patient reads about it.
  public struct MedicationContext: Hashable, Sendable, Codable {
    /// Kinds of medicine the program is written to go with.
    public var expects: [Expectation]
    /// The patient's page about it.
    public var note: String
    public init(expects: [Expectation], note: String) {
      self.expects = expects
      self.note = note
    }
  }

  /// A kind of medicine a program is written to go with.
  public enum Expectation: String, Hashable, Sendable, Codable, CaseIterable {
    /// A regular preventive (a CGRP antibody, a gepant taken daily, amitriptyline…).
    case preventive
    /// Amitriptyline at bedtime, titrated by the prescriber (the teen trial).
    case amitriptyline
    /// A plan for acute (rescue) medicine.
    case acutePlan = "acute-plan"
  }

  /// One session of the program.
  public struct Session: Hashable, Sendable, Codable {
    /// The week it opens, from 1.
    public var week: Int
    /// The module it runs.
    public var module: String
    /// Home practice until the next session.
    public var practice: Practice?
    /// A page for a parent or carer (teen programs).
    public var parent: String?
    public init(week: Int, module: String, practice: Practice? = nil, parent: String? = nil) {
      self.week = week
      self.module = module
      self.practice = practice
      self.parent = parent
    }
  }

  /// Home practice: a module repeated on some days of each week.
  public struct Practice: Hashable, Sendable, Codable {
    /// The module practised.
    public var module: String
    /// Days of practice aimed for each week.
    public var days: Int
    /// What to do.
    public var text: String
    public init(module: String, days: Int, text: String) {
      self.module = module
      self.days = days
      self.text = text
    }
  }

  /// A questionnaire module and the weeks it is due (0 = baseline, before week 1's session).
  public struct MeasureSchedule: Hashable, Sendable, Codable {
    public var module: String
    public var weeks: [Int]
    public init(module: String, weeks: [Int]) {
      self.module = module
      self.weeks = weeks
    }
  }
}
