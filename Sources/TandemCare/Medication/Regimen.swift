import Foundation
import TandemBase

/// What a prescriber set: one medication at one dose on one schedule, between two dates.
///
/// A dose change or a switch ends this regimen and starts another, so the record keeps each
/// regimen with its own dates.
public struct Regimen: Hashable, Sendable, Identifiable {
  /// A stable identifier, unique among the patient's regimens.
  public var id: String
  /// The catalogue id of the medication.
  public var medicationID: String
  /// The dose at each occurrence (for as-needed, the usual dose).
  public var dose: Quantity
  /// When it is due.
  public var schedule: Schedule
  /// The first day of the regimen.
  public var start: LocalDate
  /// The last day of the regimen (inclusive), or `nil` while it continues.
  public var end: LocalDate?
  /// The IANA time zone whose wall clock the schedule follows, such as "Europe/Berlin".
  public var timeZoneIdentifier: String
  /// How far either side of the due time a dose still counts as on time, in hours.
  public var lateWindowHours: Double

  /// Creates a regimen. The late window is, in order: `lateWindowHours` if given, the
  /// medication's catalogue default, or the schedule kind's default.
  public init(
    id: String, medicationID: String, dose: Quantity, schedule: Schedule, start: LocalDate, end: LocalDate? = nil,
    timeZoneIdentifier: String, lateWindowHours: Double? = nil, medication: Medication? = nil
  ) {
    self.id = id
    self.medicationID = medicationID
    self.dose = dose
    self.schedule = schedule
    self.start = start
    self.end = end
    self.timeZoneIdentifier = timeZoneIdentifier
    self.lateWindowHours =
      lateWindowHours ?? medication?.defaultLateWindowHours ?? schedule.defaultLateWindowHours
  }

  /// The late window as a time interval.
  public var lateWindow: TimeInterval { lateWindowHours * 3600 }

  /// The regimen's time zone; UTC if the identifier is unknown (which `problems` reports).
  public var timeZone: TimeZone { TimeZone(identifier: timeZoneIdentifier) ?? TimeZone(secondsFromGMT: 0) ?? .current }

  /// Whether the regimen covers a day.
  public func isActive(on date: LocalDate) -> Bool {
    date >= start && (end.map { date <= $0 } ?? true)
  }

  /// Problems that make the regimen unusable, as lowercase messages; empty when it is fine.
  public var problems: [String] {
    var found = schedule.problems
    if medicationID.isEmpty { found.append("the regimen names no medication") }
    if !(dose.value > 0 && dose.value <= 1_000_000) { found.append("the dose must be more than 0, found \(dose)") }
    if let end, end < start { found.append("end \(end) is before start \(start)") }
    if TimeZone(identifier: timeZoneIdentifier) == nil {
      found.append("unknown time zone '\(TerminalText.sanitized(timeZoneIdentifier))'")
    }
    if !(lateWindowHours >= 0 && lateWindowHours <= 24 * 31) {
      found.append("late window must be from 0 to 744 hours, found \(lateWindowHours)")
    }
    if case .loading(let loadingDose, _) = schedule, !loadingDose.isCommensurable(with: dose) {
      found.append("loading dose \(loadingDose) cannot be compared with the dose \(dose)")
    }
    return found
  }
}

extension Regimen: Codable {
  private enum CodingKeys: String, CodingKey {
    case id
    case medicationID = "medication"
    case dose, schedule, start, end
    case timeZoneIdentifier = "time-zone"
    case lateWindowHours = "late-window-hours"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let schedule = try c.decode(Schedule.self, forKey: .schedule)
    self.init(
      id: try c.decode(String.self, forKey: .id),
      medicationID: try c.decode(String.self, forKey: .medicationID),
      dose: try c.decode(Quantity.self, forKey: .dose),
      schedule: schedule,
      start: try c.decode(LocalDate.self, forKey: .start),
      end: try c.decodeIfPresent(LocalDate.self, forKey: .end),
      timeZoneIdentifier: try c.decode(String.self, forKey: .timeZoneIdentifier),
      lateWindowHours: try c.decodeIfPresent(Double.self, forKey: .lateWindowHours))
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(id, forKey: .id)
    try c.encode(medicationID, forKey: .medicationID)
    try c.encode(dose, forKey: .dose)
    try c.encode(schedule, forKey: .schedule)
    try c.encode(start, forKey: .start)
    try c.encodeIfPresent(end, forKey: .end)
    try c.encode(timeZoneIdentifier, forKey: .timeZoneIdentifier)
    try c.encode(lateWindowHours, forKey: .lateWindowHours)
  }
}
