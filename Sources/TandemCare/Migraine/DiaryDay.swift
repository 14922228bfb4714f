import TandemBase

/// One calendar day of the headache diary in the patient's time zone.
public struct DiaryDay: Hashable, Sendable, Codable {
  /// The day.
  public var date: LocalDate
  /// Whether the day lies within the record (from the diary's start to the end of the period). Days outside it
  /// are shown but not counted: nothing is known about them.
  public var isObserved: Bool
  /// Whether it is a headache day: an attack of severity 1 or more touched it, or it is a migraine day.
  public var headache: Bool
  /// Why it is a migraine day; empty when it is not.
  public var migraineCriteria: Set<MigraineCriterion>
  /// The highest severity of the attacks that touched the day, or `nil` when none did.
  public var maxSeverity: Int?
  /// The attacks that touched the day, by id, in start order.
  public var attackIDs: [String]
  /// The pharmacological classes of the acute medication taken that day.
  public var medicationClasses: Set<MedicationClass>
  /// The overuse classes of the acute medication taken that day (`.none` left out).
  public var overuseClasses: Set<OveruseClass>

  /// Creates an empty day.
  public init(date: LocalDate, isObserved: Bool = true) {
    self.date = date
    self.isObserved = isObserved
    headache = false
    migraineCriteria = []
    maxSeverity = nil
    attackIDs = []
    medicationClasses = []
    overuseClasses = []
  }

  /// Whether it is a migraine day.
  public var migraine: Bool { !migraineCriteria.isEmpty }

  /// Whether any acute medication was taken.
  public var tookAcuteMedication: Bool { !medicationClasses.isEmpty }
}
