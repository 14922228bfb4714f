import Foundation
import TandemBase

/// One headache attack as the patient logged it in the diary.
///
/// Times are instants; which calendar days an attack touches depends on the patient's time zone and is
/// decided when measures are computed (see `MigraineDayRule`).
public struct Attack: Hashable, Sendable, Codable, Identifiable {
  /// Unique id (a lowercase UUID).
  public var id: String
  /// When the headache began.
  public var start: Date
  /// When it ended; `nil` while in progress or when the patient did not say. The end is exclusive.
  public var end: Date?
  /// Worst pain on the 0–10 numeric rating scale (0 = no pain, e.g. aura alone).
  public var severity: Int
  /// Whether there was an aura.
  public var aura: Bool
  /// How long the aura lasted, in minutes, when recorded.
  public var auraMinutes: Int?
  /// Nausea or vomiting.
  public var nauseaOrVomiting: Bool
  /// Sensitivity to light.
  public var photophobia: Bool
  /// Sensitivity to sound.
  public var phonophobia: Bool
  /// The ICHD-3 pain characteristics the diary asked about; `nil` fields were not recorded.
  public var painFeatures: PainFeatures
  /// Acute medication taken for this attack.
  public var acute: [AcuteIntake]
  /// How well the acute medication helped, when recorded.
  public var relief: Relief?
  /// Functional disability 0–3 (none, mild, moderate, severe — needed bed rest), when recorded.
  public var disability: Int?
  /// Free text, e.g. a possible trigger.
  public var note: String?

  /// Creates an attack.
  public init(
    id: String, start: Date, end: Date? = nil, severity: Int, aura: Bool = false, auraMinutes: Int? = nil,
    nauseaOrVomiting: Bool = false, photophobia: Bool = false, phonophobia: Bool = false,
    painFeatures: PainFeatures = PainFeatures(), acute: [AcuteIntake] = [], relief: Relief? = nil,
    disability: Int? = nil, note: String? = nil
  ) {
    self.id = id
    self.start = start
    self.end = end
    self.severity = severity
    self.aura = aura
    self.auraMinutes = auraMinutes
    self.nauseaOrVomiting = nauseaOrVomiting
    self.photophobia = photophobia
    self.phonophobia = phonophobia
    self.painFeatures = painFeatures
    self.acute = acute
    self.relief = relief
    self.disability = disability
    self.note = note
  }

  /// The attack's length in minutes, or `nil` when it has no end.
  public var durationMinutes: Double? {
    end.map { $0.timeIntervalSince(start) / 60 }
  }
}

/// The pain characteristics ICHD-3 lists for migraine (criterion C), besides intensity, which comes from the
/// severity. Each is `nil` when the diary did not record it.
public struct PainFeatures: Hashable, Sendable, Codable {
  /// Pain on one side of the head.
  public var unilateral: Bool?
  /// Throbbing or pulsating pain.
  public var pulsating: Bool?
  /// Made worse by, or causing avoidance of, routine physical activity.
  public var aggravatedByActivity: Bool?

  /// Creates a record of pain features; leave a field `nil` when it was not asked.
  public init(unilateral: Bool? = nil, pulsating: Bool? = nil, aggravatedByActivity: Bool? = nil) {
    self.unilateral = unilateral
    self.pulsating = pulsating
    self.aggravatedByActivity = aggravatedByActivity
  }

  /// Whether none of the features was recorded at all.
  public var isUnrecorded: Bool { unilateral == nil && pulsating == nil && aggravatedByActivity == nil }

  /// How many features were recorded as present.
  public var presentCount: Int {
    [unilateral, pulsating, aggravatedByActivity].filter { $0 == true }.count
  }
}

/// How much an attack's acute treatment helped.
public enum Relief: String, Hashable, Sendable, Codable, CaseIterable {
  /// No noticeable relief.
  case none
  /// Less pain, but not gone.
  case partial
  /// Pain gone.
  case complete
}

/// One dose of an acute medication, inside or outside an attack.
///
/// Only acute use belongs here: a gepant or other drug taken on a preventive schedule (atogepant daily,
/// rimegepant every other day) must not be passed as an `AcuteIntake`, or every dosing day would count as a
/// migraine day and toward medication overuse.
public struct AcuteIntake: Hashable, Sendable, Codable {
  /// The catalogue id of the medication, e.g. `sumatriptan`.
  public var medicationID: String
  /// How ICHD-3 8.2 counts it toward medication overuse.
  public var overuseClass: OveruseClass
  /// Its pharmacological class.
  public var medicationClass: MedicationClass
  /// When it was taken.
  public var at: Date
  /// How much, when recorded.
  public var amount: Quantity?

  /// Creates an intake.
  public init(
    medicationID: String, overuseClass: OveruseClass, medicationClass: MedicationClass, at: Date,
    amount: Quantity? = nil
  ) {
    self.medicationID = medicationID
    self.overuseClass = overuseClass
    self.medicationClass = medicationClass
    self.at = at
    self.amount = amount
  }
}
