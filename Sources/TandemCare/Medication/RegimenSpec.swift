import Foundation
import TandemBase

/// A regimen as a prescriber writes it — on the command line or in a regimen file — before it is
/// checked: words like `--every 4w` or `schedule: monthly` with their options.
public struct RegimenSpec: Hashable, Sendable {
  /// Medication name, generic or brand.
  public var medication: String
  /// The dose, e.g. "60 mg".
  public var dose: String?
  /// Daily at `times`.
  public var daily = false
  /// Times of day, "08:00".
  public var times: [String] = []
  /// "2d", "4w", "3mo".
  public var every: String?
  /// Weekly on `weekdays`.
  public var weekly = false
  /// "mon", "thu", …
  public var weekdays: [String] = []
  /// Monthly on `day`.
  public var monthly = false
  /// Day of the month for monthly schedules.
  public var day: Int?
  /// Loading dose before maintenance.
  public var loading: String?
  /// As needed.
  public var asNeeded = false
  /// 24-hour maximum for as-needed use.
  public var maxPerDay: String?
  /// Minimum hours between as-needed doses.
  public var minimumHours: Double?
  /// First day, "YYYY-MM-DD" (default: today).
  public var start: String?
  /// Last day, optional.
  public var end: String?
  /// Late window in hours (default: per schedule kind).
  public var lateWindowHours: Double?
  /// IANA time zone (default: the patient's).
  public var timeZone: String?

  /// Creates an empty spec for a medication.
  public init(medication: String) {
    self.medication = medication
  }

  /// A reason a spec cannot become a regimen.
  public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// Which field it is about (`dose`, `every`, …), for positions in regimen files.
    public var field: String
    /// A lowercase sentence.
    public var description: String
  }

  /// Every problem with a spec, in the order found.
  public struct Problems: Error, Hashable, Sendable {
    /// The problems.
    public var list: [Problem]
  }

  /// The checked regimen, or every problem with the spec.
  public func regimen(
    id: String, catalogue: MedicationCatalogue, now: Date, timeZone defaultZone: TimeZone
  ) -> Result<Regimen, Problems> {
    var problems: [Problem] = []
    func problem(_ field: String, _ text: String) { problems.append(Problem(field: field, description: text)) }
    var found: Medication?
    do {
      found = try catalogue.lookup(self.medication)
    } catch {
      // Without a likely typo, the way in for a medication the catalogue lacks.
      problem(
        "medication",
        error.description
          + (error.suggestion == nil
            ? "; if it is not in the catalogue, add it as your own: tandem meds add NAME --custom --class CLASS" : ""))
    }
    let medication = found
    let zoneName = timeZone ?? defaultZone.identifier
    let zone = TimeZone(identifier: zoneName)
    if zone == nil { problem("time-zone", "unknown time zone '\(TerminalText.sanitized(zoneName))'") }
    let today = LocalDate(now, in: zone ?? defaultZone)
    var startDate = today
    if let start {
      do {
        startDate = try LocalDate.parse(start)
      } catch {
        problem("start", "start: \(error)")
      }
    }
    var endDate: LocalDate?
    if let end {
      do {
        let parsed = try LocalDate.parse(end)
        endDate = parsed
        if parsed < startDate { problem("end", "end \(parsed) is before start \(startDate)") }
      } catch {
        problem("end", "end: \(error)")
      }
    }
    var doseQuantity: Quantity?
    if let dose {
      doseQuantity = quantity(dose, field: "dose", medication: medication, problems: &problems)
    } else {
      problem("dose", "a dose is required, e.g. --dose '60 mg'")
    }
    var parsedTimes: [LocalTime] = []
    if times.count > InputBounds.maximumTimesPerDay {
      problem(
        "at",
        "\(times.count) times of day is too many; a regimen has at most \(InputBounds.maximumTimesPerDay) (one an hour)"
      )
    }
    for text in times.prefix(InputBounds.maximumTimesPerDay + 1) {
      if let time = LocalTime(text: text) {
        parsedTimes.append(time)
      } else {
        problem("at", "time '\(TerminalText.sanitized(text))' is not HH:MM")
      }
    }
    let firstTime = parsedTimes.first ?? LocalTime(hour: 8, minute: 0) ?? .midnight
    let kinds = [daily, every != nil, weekly, monthly, asNeeded].filter { $0 }.count
    var schedule: Schedule?
    if kinds == 0 {
      problem("schedule", "say how often: --daily, --every 2d|4w|3mo, --weekly --on DAYS, --monthly --day N or --prn")
    } else if kinds > 1 {
      problem("schedule", "choose one schedule: --daily, --every, --weekly, --monthly or --prn")
    } else if daily {
      schedule = .daily(times: parsedTimes.isEmpty ? [firstTime] : parsedTimes.sorted())
    } else if let every {
      schedule = parseEvery(every, at: firstTime, problems: &problems)
    } else if weekly {
      var days: [Weekday] = []
      for name in weekdays.flatMap({ $0.split(separator: ",").map(String.init) }) {
        if let weekday = Weekday(name: name.trimmingWhitespace()) {
          days.append(weekday)
        } else {
          problem("on", "'\(TerminalText.sanitized(name))' is not a weekday")
        }
      }
      if days.isEmpty && weekdays.isEmpty { days = [Weekday(startDate)] }
      schedule = .weekly(weekdays: Array(Set(days)).sorted(), at: firstTime)
    } else if monthly {
      let dayOfMonth = day ?? startDate.day
      if !(1...31).contains(dayOfMonth) { problem("day", "day \(dayOfMonth) is not a day of the month (1–31)") }
      schedule = .monthly(day: dayOfMonth, at: firstTime)
    } else if asNeeded {
      let maximum = maxPerDay.flatMap {
        quantity($0, field: "max-per-day", medication: medication, problems: &problems)
      }
      schedule = .asNeeded(
        maxPer24Hours: maximum ?? medication?.maxPer24Hours,
        minimumHoursBetweenDoses: minimumHours ?? medication?.minimumHoursBetweenDoses)
    }
    // Options the chosen schedule does not use are refused, not silently ignored.
    if kinds == 1 {
      let kind = daily ? "--daily" : every != nil ? "--every" : weekly ? "--weekly" : monthly ? "--monthly" : "--prn"
      var unused: [String] = []
      if !weekly && !weekdays.isEmpty { unused.append("--on") }
      if !monthly && day != nil { unused.append("--day") }
      if !asNeeded && maxPerDay != nil { unused.append("--max-per-day") }
      if !asNeeded && minimumHours != nil { unused.append("--min-hours") }
      if asNeeded && !times.isEmpty { unused.append("--at") }
      if !daily && times.count > 1 { unused.append("--at given more than once (only --daily takes several times)") }
      for option in unused { problem("schedule", "\(option) does not apply to a \(kind) schedule") }
    }
    if let loading, let base = schedule {
      if let loadingDose = quantity(loading, field: "loading", medication: medication, problems: &problems) {
        if base.isScheduled {
          schedule = .loading(dose: loadingDose, then: base)
        } else {
          problem("loading", "a loading dose needs a regular schedule, not as-needed use")
        }
      }
    }
    if let minimumHours {
      do {
        try CheckedNumber.check(minimumHours, in: InputBounds.minimumHoursBetweenDoses, what: "minimum hours")
      } catch {
        problem("min-hours", error.description)
      }
    }
    if let lateWindowHours {
      do {
        try CheckedNumber.check(lateWindowHours, in: InputBounds.lateWindowHours, what: "late window (hours)")
      } catch {
        problem("late-window", error.description)
      }
    }
    guard problems.isEmpty, let medication, let doseQuantity, let schedule else {
      return .failure(Problems(list: problems))
    }
    let regimen = Regimen(
      id: id, medicationID: medication.id, dose: doseQuantity, schedule: schedule, start: startDate, end: endDate,
      timeZoneIdentifier: zoneName, lateWindowHours: lateWindowHours, medication: medication)
    let remaining = regimen.problems.map { Problem(field: "schedule", description: $0) }
    return remaining.isEmpty ? .success(regimen) : .failure(Problems(list: remaining))
  }

  private func quantity(_ text: String, field: String, medication: Medication?, problems: inout [Problem]) -> Quantity?
  {
    let quantity: Quantity
    do {
      quantity = try Quantity.parse(text)
    } catch {
      problems.append(Problem(field: field, description: "\(field): \(error)"))
      return nil
    }
    if let medication, let usual = medication.strengths.first, !quantity.isCommensurable(with: usual) {
      problems.append(
        Problem(
          field: field,
          description: "'\(quantity)' does not match \(medication.genericName), which comes in \(usual.unit.rawValue)"))
      return nil
    }
    return quantity
  }

  private func parseEvery(_ text: String, at time: LocalTime, problems: inout [Problem]) -> Schedule? {
    let trimmed = text.trimmingWhitespace().lowercased()
    let digits = trimmed.prefix { $0.isNumber }
    let unit = String(trimmed.dropFirst(digits.count)).trimmingWhitespace()
    guard let interval = Int(digits), interval >= 1, interval <= 365 else {
      problems.append(
        Problem(
          field: "every", description: "'\(TerminalText.sanitized(text))' is not an interval such as 2d, 4w or 3mo"))
      return nil
    }
    switch unit {
    case "d", "day", "days": return interval == 1 ? .daily(times: [time]) : .everyNDays(interval: interval, at: time)
    case "w", "week", "weeks": return .everyNWeeks(interval: interval, at: time)
    case "mo", "m", "month", "months": return .everyNMonths(interval: interval, at: time)
    default:
      problems.append(
        Problem(
          field: "every", description: "'\(TerminalText.sanitized(text))' is not an interval such as 2d, 4w or 3mo"))
      return nil
    }
  }
}
