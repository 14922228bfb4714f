import TandemBase

/// One medication in the catalogue: what it is, how it is given, and the limits that apply.
///
/// Values come from `Content/medications.yaml` (or a local catalogue). They are label-level
/// facts for scheduling and warnings, not prescribing advice; a clinician reviews them.
public struct Medication: Hashable, Sendable, Codable, Identifiable {
  /// How a medication is given.
  public enum Route: String, Hashable, Sendable, Codable, CaseIterable {
    case oral, sublingual, nasal, subcutaneous, intramuscular, intravenous, rectal, transdermal
  }

  /// A stable, lowercase identifier, such as `erenumab`.
  public var id: String
  /// The international generic name, such as "paracetamol".
  public var genericName: String
  /// Other generic names (acetaminophen for paracetamol, divalproex for valproate).
  public var otherNames: [String]
  /// Brand names, such as "Aimovig".
  public var brandNames: [String]
  /// The pharmacological class.
  public var medicationClass: MedicationClass
  /// Acute, preventive or both.
  public var use: MedicationUse
  /// The routes it is given by.
  public var routes: [Route]
  /// Usual strengths (per tablet, injection or dose).
  public var strengths: [Quantity]
  /// How ICHD-3 counts it toward medication-overuse headache.
  public var overuseClass: OveruseClass
  /// The most that may be taken in any rolling 24 hours, if the label sets one.
  public var maxPer24Hours: Quantity?
  /// The shortest time between two doses, in hours (ubrogepant: 2).
  public var minimumHoursBetweenDoses: Double?
  /// Whether a missed dose given late restarts the schedule from the date it was actually given (erenumab).
  public var restartsScheduleWhenLate: Bool
  /// A late window for this medication's regimens, in hours, overriding the schedule kind's default.
  public var defaultLateWindowHours: Double?
  /// A short note for people reading the catalogue.
  public var notes: String?
  /// Whether the patient added it (`meds add NAME --custom`) rather than the catalogue.
  public var isPatientEntry = false

  /// Creates a medication.
  public init(
    id: String, genericName: String, otherNames: [String] = [], brandNames: [String] = [],
    medicationClass: MedicationClass, use: MedicationUse, routes: [Route], strengths: [Quantity] = [],
    overuseClass: OveruseClass = .none, maxPer24Hours: Quantity? = nil, minimumHoursBetweenDoses: Double? = nil,
    restartsScheduleWhenLate: Bool = false, defaultLateWindowHours: Double? = nil, notes: String? = nil
  ) {
    self.id = id
    self.genericName = genericName
    self.otherNames = otherNames
    self.brandNames = brandNames
    self.medicationClass = medicationClass
    self.use = use
    self.routes = routes
    self.strengths = strengths
    self.overuseClass = overuseClass
    self.maxPer24Hours = maxPer24Hours
    self.minimumHoursBetweenDoses = minimumHoursBetweenDoses
    self.restartsScheduleWhenLate = restartsScheduleWhenLate
    self.defaultLateWindowHours = defaultLateWindowHours
    self.notes = notes
  }

  /// The name as lists show it to the patient: the patient's own entries say so.
  public var listedName: String { isPatientEntry ? genericName + " (your own entry)" : genericName }

  /// Every name the medication can be looked up by: id, generic name, other names and brands.
  public var allNames: [String] { [id, genericName] + otherNames + brandNames }
}
