import Foundation
import TandemCore

/// Instants as ISO 8601 wall-clock text with the UTC offset, without `DateFormatter` (fast and locale-free).
enum ReportClock {
  /// `2026-03-21T09:00:00+01:00`.
  static func iso(_ instant: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: instant)
    let local = Int(floor(instant.timeIntervalSince1970)) + offset
    let day = LocalDate(dayNumber: Int(floor(Double(local) / 86_400)))
    let second = local - day.dayNumber * 86_400
    let magnitude = abs(offset) / 60
    return "\(day)T\(two(second / 3600)):\(two(second % 3600 / 60)):\(two(second % 60))"
      + "\(offset < 0 ? "-" : "+")\(two(magnitude / 60)):\(two(magnitude % 60))"
  }

  /// `09:00`.
  static func clock(_ instant: Date, in zone: TimeZone) -> String {
    let offset = zone.secondsFromGMT(for: instant)
    let local = Int(floor(instant.timeIntervalSince1970)) + offset
    let second = ((local % 86_400) + 86_400) % 86_400
    return "\(two(second / 3600)):\(two(second % 3600 / 60))"
  }

  static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
}
