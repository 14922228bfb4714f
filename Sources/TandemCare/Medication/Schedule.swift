import TandemBase

/// When a scheduled medication is due, in the patient's local wall-clock time.
///
/// Every kind but `asNeeded` produces occurrences (see `ScheduleCalendar`). Kinds that count
/// from the regimen's start date (every N days, weeks or months) can be restarted from the date
/// a late dose was actually given, for medications whose label says so.
public indirect enum Schedule: Hashable, Sendable {
  /// Every day at each of these times (`--daily --at 08:00 --at 20:00`).
  case daily(times: [LocalTime])
  /// Every `interval` days from the start date (`--every 2d`).
  case everyNDays(interval: Int, at: LocalTime)
  /// On the given weekdays every week (`--weekly --on mon,thu`).
  case weekly(weekdays: [Weekday], at: LocalTime)
  /// Every `interval` weeks from the start date, on its weekday (`--every 4w`).
  case everyNWeeks(interval: Int, at: LocalTime)
  /// Each month on a calendar day, 1–31 (`--monthly --day 15`). In a month without that day
  /// (day 31 in April, day 29–31 in February) the dose falls on the month's last day.
  case monthly(day: Int, at: LocalTime)
  /// Every `interval` months from the start date, on the start date's day of the month
  /// (`--every 3mo`), with the same last-day rule for short months.
  case everyNMonths(interval: Int, at: LocalTime)
  /// A single loading dose on the start date, then the maintenance schedule at the regimen's
  /// dose (`--loading '240 mg'`); a maintenance occurrence on the start date is replaced by it.
  case loading(dose: Quantity, then: Schedule)
  /// As needed, with an optional 24-hour maximum and minimum spacing (`--prn --max-per-day '200 mg'`).
  case asNeeded(maxPer24Hours: Quantity?, minimumHoursBetweenDoses: Double?)

  /// The kind's name, as written in regimen files and JSON.
  public var kindName: String {
    switch self {
    case .daily: "daily"
    case .everyNDays: "every-n-days"
    case .weekly: "weekly"
    case .everyNWeeks: "every-n-weeks"
    case .monthly: "monthly"
    case .everyNMonths: "every-n-months"
    case .loading: "loading"
    case .asNeeded: "as-needed"
    }
  }

  /// Whether the schedule produces due times (everything but as-needed).
  public var isScheduled: Bool {
    if case .asNeeded = self { return false }
    return true
  }

  /// Whether a late dose can restart the schedule from its actual date: schedules that count
  /// intervals from a date can; fixed clock or calendar patterns (daily, weekly) cannot.
  public var canRestart: Bool {
    switch self {
    case .everyNDays, .everyNWeeks, .monthly, .everyNMonths: true
    case .loading(_, let maintenance): maintenance.canRestart
    case .daily, .weekly, .asNeeded: false
    }
  }

  /// The late window used when neither the regimen nor the catalogue sets one, in hours.
  ///
  /// Roughly a tenth of the dosing interval, rounded to a window a person can remember: wide
  /// enough that a dose taken a little off its time counts as on time, narrow enough that a
  /// dose taken closer to the next one does not. Long-acting injections get days, since
  /// clinics book them within a few days of the due date and their effect lasts weeks.
  public var defaultLateWindowHours: Double {
    switch self {
    case .daily: 2
    case .everyNDays: 6
    case .weekly: 24
    case .everyNWeeks: 48
    case .monthly: 72
    case .everyNMonths: 168
    case .loading(_, let maintenance): maintenance.defaultLateWindowHours
    case .asNeeded: 0
    }
  }

  /// Problems that make the schedule unusable, as lowercase messages; empty when it is fine.
  public var problems: [String] {
    switch self {
    case .daily(let times):
      if times.isEmpty { return ["a daily schedule needs at least one time"] }
      if Set(times).count != times.count { return ["a daily schedule lists the same time twice"] }
    case .everyNDays(let interval, _):
      if !(1...365).contains(interval) { return ["every N days needs N from 1 to 365, found \(interval)"] }
    case .weekly(let weekdays, _):
      if weekdays.isEmpty { return ["a weekly schedule needs at least one weekday"] }
    case .everyNWeeks(let interval, _):
      if !(1...52).contains(interval) { return ["every N weeks needs N from 1 to 52, found \(interval)"] }
    case .monthly(let day, _):
      if !(1...31).contains(day) { return ["a monthly day must be from 1 to 31, found \(day)"] }
    case .everyNMonths(let interval, _):
      if !(1...24).contains(interval) { return ["every N months needs N from 1 to 24, found \(interval)"] }
    case .loading(_, let maintenance):
      switch maintenance {
      case .loading: return ["a loading dose cannot be followed by another loading dose"]
      case .asNeeded: return ["a loading dose needs a scheduled maintenance, not as-needed"]
      default: return maintenance.problems
      }
    case .asNeeded(_, let spacing):
      if let spacing, !(spacing > 0 && spacing <= 168) {
        return ["minimum hours between doses must be above 0 and at most 168"]
      }
    }
    return []
  }

  /// The wall-clock times of a due day, sorted.
  var times: [LocalTime] {
    switch self {
    case .daily(let times): times.sorted()
    case .everyNDays(_, let at), .weekly(_, let at), .everyNWeeks(_, let at), .monthly(_, let at),
      .everyNMonths(_, let at):
      [at]
    case .loading(_, let maintenance): maintenance.times
    case .asNeeded: []
    }
  }
}

extension Schedule: Codable {
  private enum CodingKeys: String, CodingKey {
    case kind, times, interval, at, weekdays, day, dose, then
    case maxPer24Hours = "max-per-24h"
    case minimumHoursBetweenDoses = "min-hours-between-doses"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    let kind = try c.decode(String.self, forKey: .kind)
    switch kind {
    case "daily": self = .daily(times: try c.decode([LocalTime].self, forKey: .times))
    case "every-n-days":
      self = .everyNDays(
        interval: try c.decode(Int.self, forKey: .interval), at: try c.decode(LocalTime.self, forKey: .at))
    case "weekly":
      self = .weekly(
        weekdays: try c.decode([Weekday].self, forKey: .weekdays), at: try c.decode(LocalTime.self, forKey: .at))
    case "every-n-weeks":
      self = .everyNWeeks(
        interval: try c.decode(Int.self, forKey: .interval), at: try c.decode(LocalTime.self, forKey: .at))
    case "monthly":
      self = .monthly(day: try c.decode(Int.self, forKey: .day), at: try c.decode(LocalTime.self, forKey: .at))
    case "every-n-months":
      self = .everyNMonths(
        interval: try c.decode(Int.self, forKey: .interval), at: try c.decode(LocalTime.self, forKey: .at))
    case "loading":
      self = .loading(
        dose: try c.decode(Quantity.self, forKey: .dose), then: try c.decode(Schedule.self, forKey: .then))
    case "as-needed":
      self = .asNeeded(
        maxPer24Hours: try c.decodeIfPresent(Quantity.self, forKey: .maxPer24Hours),
        minimumHoursBetweenDoses: try c.decodeIfPresent(Double.self, forKey: .minimumHoursBetweenDoses))
    default:
      throw DecodingError.dataCorruptedError(
        forKey: .kind, in: c, debugDescription: "unknown schedule kind '\(kind)'")
    }
  }

  public func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    try c.encode(kindName, forKey: .kind)
    switch self {
    case .daily(let times): try c.encode(times, forKey: .times)
    case .everyNDays(let interval, let at), .everyNWeeks(let interval, let at), .everyNMonths(let interval, let at):
      try c.encode(interval, forKey: .interval)
      try c.encode(at, forKey: .at)
    case .weekly(let weekdays, let at):
      try c.encode(weekdays, forKey: .weekdays)
      try c.encode(at, forKey: .at)
    case .monthly(let day, let at):
      try c.encode(day, forKey: .day)
      try c.encode(at, forKey: .at)
    case .loading(let dose, let maintenance):
      try c.encode(dose, forKey: .dose)
      try c.encode(maintenance, forKey: .then)
    case .asNeeded(let maximum, let spacing):
      try c.encodeIfPresent(maximum, forKey: .maxPer24Hours)
      try c.encodeIfPresent(spacing, forKey: .minimumHoursBetweenDoses)
    }
  }
}
