import Foundation
import TandemBase

/// Why a calendar day counts as a migraine day.
public enum MigraineCriterion: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  /// A headache of at least 30 minutes with migraine features touched the day.
  case migraineHeadache = "migraine-headache"
  /// An attack with aura (5–60 minutes, or of unrecorded length) began that day.
  case aura
  /// A migraine-specific acute drug (triptan, gepant, ergot) was taken that day.
  case migraineSpecificDrug = "migraine-specific-drug"

  public static func < (lhs: Self, rhs: Self) -> Bool {
    allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
  }
}

/// The rule that decides migraine days: IHS trial guidance as operationalised by van der Arend et al. (2023).
///
/// A calendar day in the patient's time zone is a migraine day when any of these holds:
/// 1. an attack touching the day is a *migraine headache*: at least 30 minutes long, with at least two pain
///    features (unilateral, pulsating, moderate-or-severe intensity, aggravated by activity) and nausea or
///    vomiting or both photophobia and phonophobia;
/// 2. an attack with aura lasting 5–60 minutes began that day;
/// 3. a migraine-specific acute drug (triptan, gepant, ergot) was taken that day.
///
/// See `docs/adherence.md ("Headache diary and migraine measures")` for how missing data, midnight and daylight-saving changes are treated.
public struct MigraineDayRule: Hashable, Sendable {
  /// What to do when the diary did not record the three non-intensity pain features.
  public enum MissingPainFeatures: String, Hashable, Sendable, Codable {
    /// Only features recorded as present count; intensity is the one feature always known.
    case countAsAbsent = "count-as-absent"
    /// When none of unilateral, pulsating and aggravated-by-activity was recorded, a severity of 4 or more
    /// satisfies the pain-feature criterion on its own. When any of them was recorded, count as `countAsAbsent`.
    case inferFromSeverity = "infer-from-severity"
  }

  /// How missing pain features are treated.
  public var missingPainFeatures: MissingPainFeatures

  /// Creates a rule.
  public init(missingPainFeatures: MissingPainFeatures) {
    self.missingPainFeatures = missingPainFeatures
  }

  /// The rule Tandem uses: Tandem's diary does not ask about every pain feature, so unrecorded features are
  /// inferred from severity rather than counted as absent.
  public static let tandem = MigraineDayRule(missingPainFeatures: .inferFromSeverity)

  /// The 0–10 severity at and above which pain is moderate or severe.
  public static let moderateOrSevere = 4
  /// The shortest headache, in minutes, that can be a migraine headache.
  public static let minimumHeadacheMinutes = 30.0
  /// Aura durations, in minutes, that count.
  public static let auraMinutes = 5...60
  /// The pharmacological classes whose acute use makes a migraine day.
  public static let migraineSpecificClasses: Set<MedicationClass> = [.triptan, .gepant, .ergot]

  /// How many of the four ICHD-3 pain features the attack shows, counting intensity from severity and only
  /// recorded-present features otherwise.
  public func painFeatureCount(_ attack: Attack) -> Int {
    attack.painFeatures.presentCount + (attack.severity >= Self.moderateOrSevere ? 1 : 0)
  }

  /// Whether the attack satisfies the pain-feature part (at least two features), applying the missing-data
  /// policy.
  public func meetsPainFeatures(_ attack: Attack) -> Bool {
    if painFeatureCount(attack) >= 2 { return true }
    return missingPainFeatures == .inferFromSeverity && attack.painFeatures.isUnrecorded
      && attack.severity >= Self.moderateOrSevere
  }

  /// Whether the attack is a migraine headache: ≥ 30 min (needs an end), ≥ 2 pain features, and nausea or
  /// vomiting or photo- plus phonophobia. An attack with no end has no known length and does not qualify.
  public func isMigraineHeadache(_ attack: Attack) -> Bool {
    guard attack.severity >= 1, let minutes = attack.durationMinutes, minutes >= Self.minimumHeadacheMinutes
    else { return false }
    let accompanied = attack.nauseaOrVomiting || (attack.photophobia && attack.phonophobia)
    return accompanied && meetsPainFeatures(attack)
  }

  /// Whether the attack's aura counts: marked, and 5–60 minutes long or of unrecorded length.
  public func hasQualifyingAura(_ attack: Attack) -> Bool {
    guard attack.aura else { return false }
    return attack.auraMinutes.map { Self.auraMinutes.contains($0) } ?? true
  }

  /// Whether an intake is of a migraine-specific acute drug.
  public func isMigraineSpecific(_ intake: AcuteIntake) -> Bool {
    Self.migraineSpecificClasses.contains(intake.medicationClass)
  }

  /// The calendar days an attack touches in `timeZone`, first to last: from the day of its start to the day of
  /// the last instant before its (exclusive) end. An attack with no end touches only its start day.
  public static func days(of attack: Attack, in timeZone: TimeZone) -> ClosedRange<LocalDate> {
    let first = LocalDate(attack.start, in: timeZone)
    guard let end = attack.end, end > attack.start else { return first...first }
    let last = LocalDate(end.addingTimeInterval(-0.001), in: timeZone)
    return first...max(first, last)
  }
}
