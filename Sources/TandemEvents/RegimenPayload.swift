import TandemBase
import TandemCare

/// A regimen in an event payload: `{"id", "medication", "dose", "schedule", "start", "end",
/// "time_zone", "late_window_hours"}`.
struct RegimenPayload: Codable {
  var id: String
  var medication: String
  var dose: Quantity
  var schedule: SchedulePayload
  var start: LocalDate
  var end: LocalDate?
  var timeZone: String
  var lateWindowHours: Double

  enum CodingKeys: String, CodingKey {
    case id, medication, dose, schedule, start, end
    case timeZone = "time_zone"
    case lateWindowHours = "late_window_hours"
  }

  init(_ regimen: Regimen) {
    id = regimen.id
    medication = regimen.medicationID
    dose = regimen.dose
    schedule = SchedulePayload(regimen.schedule)
    start = regimen.start
    end = regimen.end
    timeZone = regimen.timeZoneIdentifier
    lateWindowHours = regimen.lateWindowHours
  }

  /// The regimen. (What a store holds is read as it is; `tandem import` also checks it, see
  /// `ImportedLine`.)
  func regimen(kind: String) throws -> Regimen {
    Regimen(
      id: id, medicationID: medication, dose: dose, schedule: try schedule.schedule(kind: kind), start: start, end: end,
      timeZoneIdentifier: timeZone, lateWindowHours: lateWindowHours)
  }
}

/// A schedule: `{"kind": "daily", "times": ["08:00"]}`, `{"kind": "every-n-weeks", "interval": 4,
/// "at": "09:00"}`, … (every kind is in `docs/events.md`).
final class SchedulePayload: Codable {
  var kind: String
  var times: [LocalTime]?
  var interval: Int?
  var at: LocalTime?
  var weekdays: [Weekday]?
  var day: Int?
  var dose: Quantity?
  var then: SchedulePayload?
  var maxPer24h: Quantity?
  var minHoursBetweenDoses: Double?

  enum CodingKeys: String, CodingKey {
    case kind, times, interval, at, weekdays, day, dose, then
    case maxPer24h = "max_per_24h"
    case minHoursBetweenDoses = "min_hours_between_doses"
  }

  init(_ schedule: Schedule) {
    kind = schedule.kindName
    switch schedule {
    case .daily(let times): self.times = times
    case .everyNDays(let interval, let at), .everyNWeeks(let interval, let at), .everyNMonths(let interval, let at):
      self.interval = interval
      self.at = at
    case .weekly(let weekdays, let at):
      self.weekdays = weekdays
      self.at = at
    case .monthly(let day, let at):
      self.day = day
      self.at = at
    case .loading(let dose, let maintenance):
      self.dose = dose
      self.then = SchedulePayload(maintenance)
    case .asNeeded(let maximum, let spacing):
      maxPer24h = maximum
      minHoursBetweenDoses = spacing
    }
  }

  func schedule(kind event: String) throws -> Schedule {
    func need<Value>(_ value: Value?, _ field: String) throws -> Value {
      guard let value else {
        throw EventPayloadError(kind: event, problem: "missing field 'schedule.\(field)' for a \(kind) schedule")
      }
      return value
    }
    switch kind {
    case "daily": return .daily(times: try need(times, "times"))
    case "every-n-days": return .everyNDays(interval: try need(interval, "interval"), at: try need(at, "at"))
    case "weekly": return .weekly(weekdays: try need(weekdays, "weekdays"), at: try need(at, "at"))
    case "every-n-weeks": return .everyNWeeks(interval: try need(interval, "interval"), at: try need(at, "at"))
    case "monthly": return .monthly(day: try need(day, "day"), at: try need(at, "at"))
    case "every-n-months": return .everyNMonths(interval: try need(interval, "interval"), at: try need(at, "at"))
    case "loading": return .loading(dose: try need(dose, "dose"), then: try need(then, "then").schedule(kind: event))
    case "as-needed": return .asNeeded(maxPer24Hours: maxPer24h, minimumHoursBetweenDoses: minHoursBetweenDoses)
    default: throw EventPayloadError(kind: event, problem: "unknown schedule kind '\(kind)'")
    }
  }
}
