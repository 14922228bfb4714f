import Foundation
import TandemTestFixtures

@testable import TandemBase
@testable import TandemCare

/// A regimen with test defaults.
func regimen(
  _ schedule: Schedule, start: String, end: String? = nil, dose: String = "120 mg", zone: String = "UTC",
  medication: String = "med", id: String = "r1", lateWindowHours: Double? = nil
) -> Regimen {
  Regimen(
    id: id, medicationID: medication, dose: qty(dose), schedule: schedule, start: day(start), end: end.map(day),
    timeZoneIdentifier: zone, lateWindowHours: lateWindowHours)
}

/// The local dates of occurrences, as `YYYY-MM-DD` strings.
func dates(_ occurrences: [ScheduledOccurrence]) -> [String] { occurrences.map(\.date.description) }

/// Due instants as ISO 8601 strings in UTC.
func dues(_ occurrences: [ScheduledOccurrence]) -> [String] {
  let formatter = ISO8601DateFormatter()
  return occurrences.map { formatter.string(from: $0.due) }
}
