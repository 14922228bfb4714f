import Foundation
import TandemBase

/// Instants as ISO 8601 wall-clock text with the UTC offset, without `DateFormatter` (fast and locale-free).
enum ReportClock {
  /// `2026-03-21T09:00:00+01:00`.
  static func iso(_ instant: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: instant)
    // Saturating, so that a stored instant from any version, however far off, still prints.
    let local = Int(saturating: floor(instant.timeIntervalSince1970)).saturatingAdding(offset)
    let day = LocalDate(dayNumber: Int(saturating: floor(Double(local) / 86_400)))
    let second = max(0, min(86_399, local &- day.dayNumber &* 86_400))
    let magnitude = abs(offset) / 60
    return "\(day)T\(two(second / 3600)):\(two(second % 3600 / 60)):\(two(second % 60))"
      + "\(offset < 0 ? "-" : "+")\(two(magnitude / 60)):\(two(magnitude % 60))"
  }

  /// `09:00`.
  static func clock(_ instant: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: instant)
    let local = Int(saturating: floor(instant.timeIntervalSince1970)).saturatingAdding(offset)
    let second = ((local % 86_400) + 86_400) % 86_400
    return "\(two(second / 3600)):\(two(second % 3600 / 60))"
  }

  static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
