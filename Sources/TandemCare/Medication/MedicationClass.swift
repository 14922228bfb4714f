/// The pharmacological class of a migraine medication.
public enum MedicationClass: String, Hashable, Sendable, Codable, CaseIterable {
  case cgrpAntibody = "cgrp-antibody"
  case gepant
  case triptan
  /// Lasmiditan: a migraine-specific acute drug acting on 5-HT1F receptors, without a triptan's
  /// effect on blood vessels.
  case ditan
  case ergot
  case simpleAnalgesic = "simple-analgesic"
  case nsaid
  case combinationAnalgesic = "combination-analgesic"
  case opioid
  case tricyclic
  case betaBlocker = "beta-blocker"
  case anticonvulsant
  case antiemetic
  case other
}

/// How ICHD-3 8.2 counts a medication toward medication-overuse headache.
/// Gepants are counted separately and flagged conservatively (their classification is unsettled).
public enum OveruseClass: String, Hashable, Sendable, Codable, CaseIterable {
  case triptan
  case ergot
  case opioid
  case combinationAnalgesic = "combination-analgesic"
  /// Paracetamol, aspirin and NSAIDs: the 15-day threshold.
  case simpleAnalgesic = "simple-analgesic"
  case gepant
  /// Ditans, which ICHD-3 does not name: counted as "other medication" (8.2.6), 10 days a month.
  case ditan
  /// Not an acute medication, or not counted.
  case none

  /// Days per month at or above which regular use counts as overuse (ICHD-3 8.2), or `nil`.
  public var monthlyThreshold: Int? {
    switch self {
    case .triptan, .ergot, .opioid, .combinationAnalgesic, .gepant, .ditan: 10
    case .simpleAnalgesic: 15
    case .none: nil
    }
  }
}

/// Whether a medication treats attacks, prevents them, or both.
public enum MedicationUse: String, Hashable, Sendable, Codable, CaseIterable {
  case acute, preventive, both
}
