/// The 0–3 headache intensity scale used in trials (none, mild, moderate, severe).
///
/// Tandem maps the 0–10 numeric rating scale onto it as 0 → none, 1–3 → mild, 4–6 → moderate and 7–10 →
/// severe, so "moderate or severe" (an ICHD-3 pain feature) is a severity of 4 or more.
public enum SeverityBand: Int, Hashable, Sendable, Codable, CaseIterable, Comparable, CustomStringConvertible {
  /// 0: no pain.
  case none = 0
  /// 1–3.
  case mild = 1
  /// 4–6.
  case moderate = 2
  /// 7–10.
  case severe = 3

  /// The band for a 0–10 severity; values outside 0–10 are clamped.
  public init(severity: Int) {
    switch severity {
    case ...0: self = .none
    case 1...3: self = .mild
    case 4...6: self = .moderate
    default: self = .severe
    }
  }

  /// "none", "mild", "moderate", "severe".
  public var description: String {
    switch self {
    case .none: "none"
    case .mild: "mild"
    case .moderate: "moderate"
    case .severe: "severe"
    }
  }

  public static func < (lhs: SeverityBand, rhs: SeverityBand) -> Bool { lhs.rawValue < rhs.rawValue }
}
