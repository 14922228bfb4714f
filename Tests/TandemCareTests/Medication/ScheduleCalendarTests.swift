import Foundation
import TandemTestFixtures
import Testing

@testable import TandemCare

@Suite("Schedule calendar")
struct ScheduleCalendarTests {
  @Test("monthly on the 31st falls on the last day of shorter months, and returns to the 31st")
  func monthlyOn31st() {
    let r = regimen(.monthly(day: 31, at: clock("09:00")), start: "2026-01-01")
    #expect(
      dates(ScheduleCalendar.occurrences(of: r, from: day("2026-01-01"), through: day("2026-07-31")))
        == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31"])
  }

  @Test("leap years: the 29th, 30th and 31st all land on 29 February 2028, and on 28 February 2027")
  func leapDays() {
    for requested in [29, 30, 31] {
      let r = regimen(.monthly(day: requested, at: clock("09:00")), start: "2027-01-15")
      let feb = ScheduleCalendar.occurrences(of: r, from: day("2027-02-01"), through: day("2028-03-01"))
        .filter { $0.date.month == 2 }
      #expect(dates(feb) == ["2027-02-28", "2028-02-29"])
    }
    let daily = regimen(.daily(times: [clock("08:00")]), start: "2028-02-27")
    #expect(
      dates(ScheduleCalendar.occurrences(of: daily, from: day("2028-02-27"), through: day("2028-03-01")))
        == ["2028-02-27", "2028-02-28", "2028-02-29", "2028-03-01"])
  }

  @Test("every 3 months keeps the start date's day and does not drift after a short month")
  func everyThreeMonths() {
    let r = regimen(.everyNMonths(interval: 3, at: clock("10:00")), start: "2027-11-30", dose: "100 mg")
    #expect(
      dates(ScheduleCalendar.occurrences(of: r, from: day("2027-01-01"), through: day("2028-12-31")))
        == ["2027-11-30", "2028-02-29", "2028-05-30", "2028-08-30", "2028-11-30"])
    let monthly = regimen(.everyNMonths(interval: 1, at: clock("10:00")), start: "2026-01-31")
    #expect(
      dates(ScheduleCalendar.occurrences(of: monthly, from: day("2026-01-01"), through: day("2026-04-30")))
        == ["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30"])
  }

  @Test("every 4 weeks stays on the start weekday")
  func everyFourWeeks() {
    let r = regimen(.everyNWeeks(interval: 4, at: clock("09:00")), start: "2026-01-05", dose: "140 mg")
    let found = ScheduleCalendar.occurrences(of: r, from: day("2026-01-01"), through: day("2026-04-30"))
    #expect(dates(found) == ["2026-01-05", "2026-02-02", "2026-03-02", "2026-03-30", "2026-04-27"])
    #expect(found.allSatisfy { $0.date.weekday == 1 })
    // Starting the range mid-cycle finds the next one in the cycle, not one counted from `from`.
    #expect(
      dates(ScheduleCalendar.occurrences(of: r, from: day("2026-02-03"), through: day("2026-03-10"))) == ["2026-03-02"])
  }

  @Test("every other day across a month end, weekly on chosen days, clipped to start and end")
  func intervalsAndWeekdays() {
    let everyOther = regimen(.everyNDays(interval: 2, at: clock("08:00")), start: "2026-01-29", dose: "75 mg")
    #expect(
      dates(ScheduleCalendar.occurrences(of: everyOther, from: day("2026-01-30"), through: day("2026-02-06")))
        == ["2026-01-31", "2026-02-02", "2026-02-04", "2026-02-06"])
    let weekly = regimen(
      .weekly(weekdays: [.thursday, .monday], at: clock("08:00")), start: "2026-01-01", end: "2026-01-15")
    #expect(
      dates(ScheduleCalendar.occurrences(of: weekly, from: day("2025-12-01"), through: day("2026-02-01")))
        == ["2026-01-01", "2026-01-05", "2026-01-08", "2026-01-12", "2026-01-15"])
  }

  @Test("daily at two times, in time order, with the next due time carried past the end date")
  func dailyTwice() {
    let r = regimen(
      .daily(times: [clock("20:00"), clock("08:00")]), start: "2026-05-01", end: "2026-05-02", dose: "25 mg")
    let found = ScheduleCalendar.occurrences(of: r, from: day("2026-05-01"), through: day("2026-05-31"))
    #expect(
      dues(found) == ["2026-05-01T08:00:00Z", "2026-05-01T20:00:00Z", "2026-05-02T08:00:00Z", "2026-05-02T20:00:00Z"])
    #expect(found.last?.nextDue == instant("2026-05-03T08:00:00Z"))
    #expect(found.first?.nextDue == instant("2026-05-01T20:00:00Z"))
  }

  @Test("a loading dose on the start date, then maintenance monthly (galcanezumab)")
  func loadingDose() {
    let r = regimen(
      .loading(dose: qty("240 mg"), then: .everyNMonths(interval: 1, at: clock("09:00"))), start: "2026-01-10")
    let found = ScheduleCalendar.occurrences(of: r, from: day("2026-01-01"), through: day("2026-03-31"))
    #expect(dates(found) == ["2026-01-10", "2026-02-10", "2026-03-10"])
    #expect(found.map(\.dose.description) == ["240 mg", "120 mg", "120 mg"])
    #expect(found.map(\.isLoadingDose) == [true, false, false])
    // A range that starts after the loading day has only maintenance doses.
    #expect(
      ScheduleCalendar.occurrences(of: r, from: day("2026-02-01"), through: day("2026-02-28")).map(\.dose.description)
        == ["120 mg"])
    // With a calendar-day maintenance that does not fall on the start date, the loading dose is still on it.
    let calendarDay = regimen(
      .loading(dose: qty("240 mg"), then: .monthly(day: 15, at: clock("09:00"))), start: "2026-01-10")
    let days = ScheduleCalendar.occurrences(of: calendarDay, from: day("2026-01-01"), through: day("2026-02-28"))
    #expect(dates(days) == ["2026-01-10", "2026-01-15", "2026-02-15"])
    #expect(days.map(\.dose.description) == ["240 mg", "120 mg", "120 mg"])
  }

  @Test("Europe/Berlin: 08:00 stays 08:00 local across the March and October changes")
  func berlinDST() {
    let r = regimen(.daily(times: [clock("08:00")]), start: "2026-01-01", zone: "Europe/Berlin")
    let march = ScheduleCalendar.occurrences(of: r, from: day("2026-03-28"), through: day("2026-03-30"))
    #expect(dues(march) == ["2026-03-28T07:00:00Z", "2026-03-29T06:00:00Z", "2026-03-30T06:00:00Z"])
    #expect(march[1].due.timeIntervalSince(march[0].due) == 23 * 3600)
    let october = ScheduleCalendar.occurrences(of: r, from: day("2026-10-24"), through: day("2026-10-26"))
    #expect(dues(october) == ["2026-10-24T06:00:00Z", "2026-10-25T07:00:00Z", "2026-10-26T07:00:00Z"])
    #expect(october[1].due.timeIntervalSince(october[0].due) == 25 * 3600)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/Berlin")!
    for occurrence in march + october {
      #expect(calendar.dateComponents([.hour, .minute], from: occurrence.due) == DateComponents(hour: 8, minute: 0))
    }
  }

  @Test("America/New_York: 02:30 in the spring-forward gap moves to 03:30; 01:30 on fall-back means the first")
  func newYorkDST() {
    let gap = regimen(.daily(times: [clock("02:30")]), start: "2026-03-01", zone: "America/New_York")
    #expect(
      dues(ScheduleCalendar.occurrences(of: gap, from: day("2026-03-07"), through: day("2026-03-09")))
        == ["2026-03-07T07:30:00Z", "2026-03-08T07:30:00Z", "2026-03-09T06:30:00Z"])
    let repeated = regimen(.daily(times: [clock("01:30")]), start: "2026-10-01", zone: "America/New_York")
    #expect(
      dues(ScheduleCalendar.occurrences(of: repeated, from: day("2026-10-31"), through: day("2026-11-02")))
        == ["2026-10-31T05:30:00Z", "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z"])
  }

  @Test("a restart anchor (erenumab given late) counts later occurrences from the actual date")
  func restartAnchors() {
    let every4w = regimen(.everyNWeeks(interval: 4, at: clock("09:00")), start: "2026-01-01", dose: "140 mg")
    #expect(
      dates(
        ScheduleCalendar.occurrences(
          of: every4w, from: day("2026-01-01"), through: day("2026-04-30"), restartAnchors: [day("2026-02-05")]))
        == ["2026-01-01", "2026-01-29", "2026-03-05", "2026-04-02", "2026-04-30"])
    let monthly = regimen(.monthly(day: 1, at: clock("09:00")), start: "2026-01-01", dose: "140 mg")
    #expect(
      dates(
        ScheduleCalendar.occurrences(
          of: monthly, from: day("2026-01-01"), through: day("2026-05-31"),
          restartAnchors: [day("2026-02-10"), day("2026-04-20")]))
        == ["2026-01-01", "2026-02-01", "2026-03-10", "2026-04-10", "2026-05-20"])
    let daily = regimen(.daily(times: [clock("09:00")]), start: "2026-01-01")
    #expect(
      ScheduleCalendar.occurrences(
        of: daily, from: day("2026-01-01"), through: day("2026-01-05"), restartAnchors: [day("2026-01-03")]
      ).count == 5)
  }

  @Test("as-needed regimens have no occurrences")
  func asNeeded() {
    let r = regimen(.asNeeded(maxPer24Hours: qty("200 mg"), minimumHoursBetweenDoses: 2), start: "2026-01-01")
    #expect(ScheduleCalendar.occurrences(of: r, from: day("2026-01-01"), through: day("2026-12-31")).isEmpty)
  }
}

@Suite("Schedule and regimen model")
struct ScheduleModelTests {
  @Test("late windows default per schedule kind and can be overridden")
  func lateWindows() {
    #expect(regimen(.daily(times: [clock("08:00")]), start: "2026-01-01").lateWindowHours == 2)
    #expect(regimen(.everyNDays(interval: 2, at: clock("08:00")), start: "2026-01-01").lateWindowHours == 6)
    #expect(regimen(.weekly(weekdays: [.monday], at: clock("08:00")), start: "2026-01-01").lateWindowHours == 24)
    #expect(regimen(.everyNWeeks(interval: 4, at: clock("08:00")), start: "2026-01-01").lateWindowHours == 48)
    #expect(regimen(.monthly(day: 15, at: clock("08:00")), start: "2026-01-01").lateWindowHours == 72)
    #expect(regimen(.everyNMonths(interval: 3, at: clock("08:00")), start: "2026-01-01").lateWindowHours == 168)
    #expect(
      regimen(.loading(dose: qty("240 mg"), then: .monthly(day: 1, at: clock("08:00"))), start: "2026-01-01")
        .lateWindowHours == 72)
    #expect(regimen(.daily(times: [clock("08:00")]), start: "2026-01-01", lateWindowHours: 4).lateWindowHours == 4)
    let medication = Medication(
      id: "x", genericName: "x", medicationClass: .other, use: .preventive, routes: [.oral], defaultLateWindowHours: 5)
    let fromCatalogue = Regimen(
      id: "r", medicationID: "x", dose: qty("1 tablet"), schedule: .daily(times: [clock("08:00")]),
      start: day("2026-01-01"), timeZoneIdentifier: "UTC", medication: medication)
    #expect(fromCatalogue.lateWindowHours == 5)
  }

  @Test("regimens round-trip through JSON, and a missing late window takes the schedule's default")
  func codable() throws {
    let original = regimen(
      .loading(dose: qty("240 mg"), then: .everyNMonths(interval: 1, at: clock("09:00"))), start: "2026-01-10",
      end: "2026-12-31", zone: "Europe/Berlin", medication: "galcanezumab")
    let data = try JSONEncoder().encode(original)
    #expect(try JSONDecoder().decode(Regimen.self, from: data) == original)
    let json = """
      {"id": "a", "medication": "atogepant", "dose": {"value": 60, "unit": "mg"},
       "schedule": {"kind": "daily", "times": ["08:00"]}, "start": "2026-01-01", "time-zone": "Europe/Berlin"}
      """
    let decoded = try JSONDecoder().decode(Regimen.self, from: Data(json.utf8))
    #expect(decoded.schedule == .daily(times: [clock("08:00")]))
    #expect(decoded.lateWindowHours == 2)
    #expect(decoded.end == nil)
    let prn = Schedule.asNeeded(maxPer24Hours: qty("200 mg"), minimumHoursBetweenDoses: 2)
    #expect(try JSONDecoder().decode(Schedule.self, from: JSONEncoder().encode(prn)) == prn)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(Schedule.self, from: Data(#"{"kind": "fortnightly"}"#.utf8))
    }
  }

  @Test("problems: end before start, unknown time zone, impossible day, nested loading")
  func problems() {
    #expect(
      regimen(.monthly(day: 32, at: clock("08:00")), start: "2026-02-01", end: "2026-01-01", zone: "Europe/Berln")
        .problems
        == [
          "a monthly day must be from 1 to 31, found 32", "end 2026-01-01 is before start 2026-02-01",
          "unknown time zone 'Europe/Berln'",
        ])
    #expect(
      Schedule.loading(dose: qty("240 mg"), then: .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil))
        .problems == ["a loading dose needs a scheduled maintenance, not as-needed"])
    #expect(
      Schedule.everyNWeeks(interval: 0, at: clock("08:00")).problems == ["every N weeks needs N from 1 to 52, found 0"])
    #expect(regimen(.daily(times: [clock("08:00")]), start: "2026-01-01").problems.isEmpty)
  }

  @Test("catalogue lookups by id, generic, other and brand name, ignoring case, with a suggestion")
  func catalogueLookup() throws {
    let catalogue = MedicationCatalogue([
      Medication(
        id: "paracetamol", genericName: "paracetamol", otherNames: ["acetaminophen"], brandNames: ["Tylenol"],
        medicationClass: .simpleAnalgesic, use: .acute, routes: [.oral]),
      Medication(
        id: "rimegepant", genericName: "rimegepant", brandNames: ["Nurtec ODT"], medicationClass: .gepant, use: .both,
        routes: [.oral]),
    ])
    #expect(catalogue.medication(named: "ACETAMINOPHEN")?.id == "paracetamol")
    #expect(catalogue.medication(named: "tylenol")?.id == "paracetamol")
    #expect(catalogue.medication(named: "nurtec  odt")?.id == "rimegepant")
    #expect(catalogue.medication(named: "ibuprofen") == nil)
    #expect(throws: UnknownMedication(name: "rimegepan", suggestion: "rimegepant")) {
      try catalogue.lookup("rimegepan")
    }
    #expect(
      UnknownMedication(name: "rimegepan", suggestion: "rimegepant").description
        == "unknown medication 'rimegepan'; did you mean 'rimegepant'?")
    #expect(catalogue.suggestion(for: "zzzz") == nil)
  }
}
