import Foundation

@testable import TandemCore

/// `YYYY-MM-DD` as a date; the tests only use valid literals.
func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

/// `HH:MM` as a time.
func clock(_ text: String) -> LocalTime { LocalTime(text: text)! }

/// `60 mg` as a quantity.
func qty(_ text: String) -> Quantity { Quantity(text: text)! }

/// An ISO 8601 instant such as `2026-03-29T06:00:00Z`.
func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

/// A wall-clock moment in a zone, such as `at("2026-03-10", "09:00", "Europe/Berlin")`.
func at(_ date: String, _ time: String, _ zone: String = "UTC") -> Date {
  day(date).instant(at: clock(time), in: TimeZone(identifier: zone)!)
}

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
