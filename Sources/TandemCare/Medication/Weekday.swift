import TandemBase

/// A day of the week, numbered as ISO 8601 does (Monday = 1).
public enum Weekday: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
  case monday, tuesday, wednesday, thursday, friday, saturday, sunday

  /// 1 = Monday … 7 = Sunday, matching `LocalDate.weekday`.
  public var isoNumber: Int { (Self.allCases.firstIndex(of: self) ?? 0) + 1 }

  /// The weekday of a date.
  public init(_ date: LocalDate) {
    self = Self.allCases[date.weekday - 1]
  }

  /// Parses "monday", "Mon", "mo" (case-insensitive, any unambiguous prefix of two letters or more).
  public init?(name: String) {
    let text = name.lowercased()
    let matches = Self.allCases.filter { text.count >= 2 && $0.rawValue.hasPrefix(text) }
    guard matches.count == 1 else { return nil }
    self = matches[0]
  }

  public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.isoNumber < rhs.isoNumber }
}
