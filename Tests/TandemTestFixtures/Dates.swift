import Foundation
import TandemBase

/// `YYYY-MM-DD` as a date; the tests only use valid literals.
public func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

/// `HH:MM` as a time.
public func clock(_ text: String) -> LocalTime { LocalTime(text: text)! }

/// `60 mg` as a quantity.
public func qty(_ text: String) -> Quantity { Quantity(text: text)! }

/// An ISO 8601 instant such as `2026-03-29T06:00:00Z`.
public func instant(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

/// A wall-clock moment in a zone, such as `at("2026-03-10", "09:00", "Europe/Berlin")`.
public func at(_ date: String, _ time: String, _ zone: String = "UTC") -> Date {
  day(date).instant(at: clock(time), in: TimeZone(identifier: zone)!)
}
