import Foundation
import TandemBase

/// Expands a regimen's schedule into the occurrences due in a range of days.
public enum ScheduleCalendar {
  /// The occurrences of `regimen` on local days `from` through `through` (both inclusive),
  /// clipped to the regimen's start and end, in due order.
  ///
  /// Due instants are the schedule's wall-clock time in the regimen's time zone, so 08:00 stays
  /// 08:00 across daylight-saving changes. A time that does not exist that day (02:30 when clocks
  /// spring forward) moves forward by the gap (03:30); a time that happens twice (01:30 when
  /// clocks fall back) means the first.
  ///
  /// `restartAnchors` are local days on which a late dose was actually given. For schedules that
  /// count from a date (`Schedule.canRestart`), each anchor restarts the count: occurrences on or
  /// after the anchor are dropped and the next falls one interval after it (a monthly calendar
  /// day becomes "monthly from the anchor's day"). Anchors are ignored for daily and weekly
  /// schedules, and outside the regimen's dates. As-needed regimens have no occurrences.
  public static func occurrences(
    of regimen: Regimen, from: LocalDate, through: LocalDate, restartAnchors: [LocalDate] = []
  ) -> [ScheduledOccurrence] {
    let lower = max(from, regimen.start)
    let upper = regimen.end.map { min(through, $0) } ?? through
    guard lower <= upper, let rules = DateRules(regimen: regimen, anchors: restartAnchors) else { return [] }

    // One date past `upper` (ignoring the end date) gives the last occurrence its `nextDue`.
    var dates: [LocalDate] = []
    var cursor = lower
    while let date = rules.firstDate(onOrAfter: cursor) {
      dates.append(date)
      if date > upper { break }
      cursor = date.adding(days: 1)
    }
    if case .loading = regimen.schedule, lower == regimen.start, dates.first != regimen.start {
      dates.insert(regimen.start, at: 0)
    }

    let zone = regimen.timeZone
    let times = regimen.schedule.times
    var slots: [ScheduledOccurrence] = []
    for date in dates {
      for time in times {
        var dose = regimen.dose
        var loading = false
        if case .loading(let loadingDose, _) = regimen.schedule, date == regimen.start, time == times.first {
          dose = loadingDose
          loading = true
        }
        slots.append(
          ScheduledOccurrence(
            regimenID: regimen.id, medicationID: regimen.medicationID, date: date, time: time,
            due: date.instant(at: time, in: zone), dose: dose, isLoadingDose: loading))
      }
    }
    for index in slots.indices.dropLast() { slots[index].nextDue = slots[index + 1].due }
    return slots.filter { $0.date <= upper }
  }
}

/// The day pattern of a schedule, split into segments by restart anchors.
private struct DateRules {
  enum Pattern {
    case everyDays(Int)
    case weekdays(Set<Int>)
    case monthDay(Int)
    case everyMonths(Int)
  }

  struct Segment {
    var pattern: Pattern
    /// The day the pattern counts from.
    var anchor: LocalDate
    /// The first day the segment may use.
    var lower: LocalDate
  }

  var segments: [Segment]

  init?(regimen: Regimen, anchors: [LocalDate]) {
    var schedule = regimen.schedule
    if case .loading(_, let maintenance) = schedule { schedule = maintenance }
    let base: Pattern
    switch schedule {
    case .daily: base = .everyDays(1)
    case .everyNDays(let n, _): base = .everyDays(max(1, n))
    case .weekly(let days, _):
      guard !days.isEmpty else { return nil }
      base = .weekdays(Set(days.map(\.isoNumber)))
    case .everyNWeeks(let n, _): base = .everyDays(7 * max(1, n))
    case .monthly(let day, _): base = .monthDay(min(max(day, 1), 31))
    case .everyNMonths(let n, _): base = .everyMonths(max(1, n))
    case .loading, .asNeeded: return nil
    }
    segments = [Segment(pattern: base, anchor: regimen.start, lower: regimen.start)]
    guard schedule.canRestart else { return }
    let restart: Pattern = if case .monthDay = base { .everyMonths(1) } else { base }
    for anchor in Set(anchors).sorted() where anchor > regimen.start && regimen.isActive(on: anchor) {
      segments.append(Segment(pattern: restart, anchor: anchor, lower: anchor.adding(days: 1)))
    }
  }

  /// The first due day on or after `date`, across segments: each segment ends where the next
  /// one's anchor day begins.
  func firstDate(onOrAfter date: LocalDate) -> LocalDate? {
    for (index, segment) in segments.enumerated() {
      let limit = index + 1 < segments.count ? segments[index + 1].anchor : nil
      if let limit, date >= limit { continue }
      guard let found = segment.firstDate(onOrAfter: max(date, segment.lower)) else { return nil }
      if let limit, found >= limit { continue }
      return found
    }
    return nil
  }
}

extension DateRules.Segment {
  func firstDate(onOrAfter date: LocalDate) -> LocalDate? {
    switch pattern {
    case .everyDays(let n):
      let offset = anchor.days(to: date)
      if offset <= 0 { return anchor }
      return anchor.adding(days: (offset + n - 1) / n * n)
    case .weekdays(let days):
      return (0..<7).lazy.map { date.adding(days: $0) }.first { days.contains($0.weekday) }
    case .monthDay(let day):
      let here = Self.clamped(day, year: date.year, month: date.month)
      if here >= date { return here }
      let next = LocalDate(year: date.year, month: date.month, day: 1)?.adding(months: 1) ?? date
      return Self.clamped(day, year: next.year, month: next.month)
    case .everyMonths(let n):
      let months = (date.year - anchor.year) * 12 + date.month - anchor.month
      var k = max(0, months / n - 1)
      while true {
        let candidate = anchor.adding(months: k * n)
        if candidate >= date { return candidate }
        k += 1
      }
    }
  }

  /// `day` in the given month, or the month's last day when it is shorter.
  static func clamped(_ day: Int, year: Int, month: Int) -> LocalDate {
    let last = LocalDate.daysIn(month: month, year: year)
    return LocalDate(year: year, month: month, day: min(day, last)) ?? LocalDate(dayNumber: 0)
  }
}
