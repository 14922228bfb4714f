import Foundation
import TandemBase

/// The patient's time zone: `TZ` when it names a zone, else the system's. A `TZ` that names no
/// zone is not silently read as UTC: the user is told once, with the reason, and UTC is used.
enum PatientTimeZone {
  /// The zone, resolved once per run (the warning, if any, is printed then).
  static let current: TimeZone = {
    let (zone, warning) = resolve(ProcessInfo.processInfo.environment["TZ"])
    if let warning { printError("warning: " + warning) }
    return zone
  }()

  /// The zone `tz` names (`Europe/Berlin`, `:Europe/Berlin`, a path under `zoneinfo/`), or UTC and a
  /// warning that quotes it; the system's zone when `tz` is unset or empty.
  static func resolve(_ tz: String?) -> (TimeZone, warning: String?) {
    guard let tz, !tz.isEmpty else { return (TimeZone.current, nil) }
    var name = tz.hasPrefix(":") ? String(tz.dropFirst()) : tz
    if let range = name.range(of: "zoneinfo/") { name = String(name[range.upperBound...]) }
    if name.count <= 64, let zone = TimeZone(identifier: name) { return (zone, nil) }
    let utc = TimeZone(identifier: "UTC") ?? TimeZone(secondsFromGMT: 0) ?? TimeZone.current
    return (
      utc,
      "TZ '\(TerminalText.sanitized(String(tz.prefix(64)), keepNewlines: false))' is not a time zone Tandem knows; "
        + "using UTC (set TZ to an IANA name such as Europe/Berlin)"
    )
  }
}
