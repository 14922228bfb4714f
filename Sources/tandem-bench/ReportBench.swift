// Prescriber report benchmark: builds an in-memory record of realistic data (a daily preventive, a CGRP antibody
// every 4 weeks, a PRN triptan and ibuprofen; ~3 attacks a week; 2 sessions a week) over two and ten years, and
// times `Report.build` plus each renderer (median of several runs). Target: two years under 100 ms per format.

import Foundation
import TandemBase
import TandemCare
import TandemReports
import TandemTherapy

/// Runs the report benchmark and prints the figures.
func runReportBench(quick: Bool) {
  print("\n== Prescriber report (in-memory record; median of \(quick ? 3 : 7) runs) ==")
  for years in [2, 10] {
    let record = ReportBenchRecord.make(years: years)
    let request = ReportRequest(
      from: record.today.adding(days: -(365 * years - 1)), through: record.today, patientLabel: "BENCH",
      generatedAt: record.now)
    let runs = quick ? 3 : 7
    let build = ReportBenchRecord.median(runs) { _ = Report.build(record: record, request: request) }
    let report = Report.build(record: record, request: request)
    print(
      "\(years) years: \(record.doses.count) doses, \(record.attacks.count) attacks, \(record.sessions.count) sessions, "
        + "\(report.days.count) days")
    print("  " + "build".padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " %8.1f ms", build * 1000))
    for format in ReportFormat.allCases {
      var bytes = 0
      let render = ReportBenchRecord.median(runs) { bytes = format.render(report).utf8.count }
      let total = ReportBenchRecord.median(runs) { _ = format.render(Report.build(record: record, request: request)) }
      let verdict = years == 2 ? (total < 0.1 ? "  ok (< 100 ms)" : "  OVER 100 ms") : ""
      print(
        "  " + format.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
          + String(format: " render %7.1f ms   build+render %7.1f ms   %9d bytes", render * 1000, total * 1000, bytes)
          + verdict)
    }
  }
}

/// A deterministic synthetic patient.
enum ReportBenchRecord {
  static let zone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 0)!
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
      overuseClass: .gepant),
    Medication(
      id: "erenumab", genericName: "erenumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], restartsScheduleWhenLate: true),
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      overuseClass: .triptan, maxPer24Hours: Quantity(value: 200, unit: .mg)),
    Medication(
      id: "ibuprofen", genericName: "ibuprofen", medicationClass: .nsaid, use: .acute, routes: [.oral],
      overuseClass: .simpleAnalgesic),
  ])

  struct Random {
    var state: UInt64
    mutating func next() -> Double {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(state >> 11) / Double(1 << 53)
    }
  }

  static func median(_ runs: Int, _ body: () -> Void) -> Double {
    var times: [Double] = []
    for _ in 0..<runs {
      let start = DispatchTime.now().uptimeNanoseconds
      body()
      times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }
    return times.sorted()[times.count / 2]
  }

  static func make(years: Int) -> CareRecord {
    var random = Random(state: 42)
    let end = LocalDate(year: 2026, month: 3, day: 31)!
    let start = end.adding(days: -(365 * years - 1))
    var entries: [DiaryEntry] = []
    var sequence: Int64 = 0
    func add(_ at: Date, _ event: DiaryEvent) {
      sequence += 1
      entries.append(DiaryEntry(sequence: sequence, recordedAt: at, event: event))
    }
    let eight = LocalTime(hour: 8, minute: 0)!
    let setup = start.instant(at: LocalTime(hour: 7, minute: 0)!, in: zone)
    add(
      setup,
      .regimenPrescribed(
        Regimen(
          id: "atogepant", medicationID: "atogepant", dose: Quantity(value: 60, unit: .mg),
          schedule: .daily(times: [eight]),
          start: start, timeZoneIdentifier: zone.identifier)))
    add(
      setup,
      .regimenPrescribed(
        Regimen(
          id: "erenumab", medicationID: "erenumab", dose: Quantity(value: 140, unit: .mg),
          schedule: .everyNWeeks(interval: 4, at: LocalTime(hour: 9, minute: 0)!), start: start,
          timeZoneIdentifier: zone.identifier)))
    add(
      setup,
      .regimenPrescribed(
        Regimen(
          id: "sumatriptan", medicationID: "sumatriptan", dose: Quantity(value: 50, unit: .mg),
          schedule: .asNeeded(maxPer24Hours: Quantity(value: 200, unit: .mg), minimumHoursBetweenDoses: 2),
          start: start,
          timeZoneIdentifier: zone.identifier)))
    var sessions: [StoredSession] = []
    let module = Module(
      id: "paced-breathing", version: 1, title: "Paced breathing", approach: .relaxation, minutes: 10, summary: "",
      steps: [
        Step(
          id: "tension-before", kind: .scale(question: "Tension?", min: 0, max: 10, anchors: []),
          rating: .init(name: "tension", phase: .before)),
        Step(id: "breathe", kind: .timer(body: "Breathe.", seconds: 300, phases: [])),
        Step(
          id: "tension-after", kind: .scale(question: "Tension now?", min: 0, max: 10, anchors: []),
          rating: .init(name: "tension", phase: .after)),
        Step(id: "home-practice", kind: .prompt(question: "When will you practise?", minLength: 1, maxLength: 200)),
      ])
    for offset in 0..<(365 * years) {
      let day = start.adding(days: offset)
      let r = random.next()
      if r < 0.90 {
        let at = day.instant(at: eight, in: zone).addingTimeInterval(random.next() < 0.9 ? 600 : 5 * 3600)
        add(at, .doseTaken(TakenDose(medicationID: "atogepant", instant: at)))
      } else if r < 0.93 {
        let at = day.instant(at: LocalTime(hour: 7, minute: 30)!, in: zone)
        add(
          at, .doseSkipped(SkippedDose(medicationID: "atogepant", instant: at, reason: "nausea", occurrenceDate: day)))
      }
      if offset % 28 == 0 {
        let at = day.instant(at: LocalTime(hour: 9, minute: 15)!, in: zone)
        add(at, .doseTaken(TakenDose(medicationID: "erenumab", instant: at)))
      }
      if random.next() < 3.0 / 7.0 {
        let begin = day.instant(at: LocalTime(hour: 6 + Int(random.next() * 12), minute: 0)!, in: zone)
        var acute: [AcuteIntake] = []
        if random.next() < 0.6 {
          acute.append(
            AcuteIntake(
              medicationID: "sumatriptan", overuseClass: .triptan, medicationClass: .triptan,
              at: begin.addingTimeInterval(1800), amount: Quantity(value: 50, unit: .mg)))
        } else if random.next() < 0.5 {
          acute.append(
            AcuteIntake(
              medicationID: "ibuprofen", overuseClass: .simpleAnalgesic, medicationClass: .nsaid,
              at: begin.addingTimeInterval(900), amount: Quantity(value: 400, unit: .mg)))
        }
        let attack = Attack(
          id: "attack-\(offset)", start: begin, end: begin.addingTimeInterval(3600 * (2 + random.next() * 8)),
          severity: 3 + Int(random.next() * 7), nauseaOrVomiting: random.next() < 0.6, photophobia: random.next() < 0.7,
          phonophobia: random.next() < 0.6, acute: acute)
        add(attack.end ?? begin, .attackLogged(attack))
      }
      if offset % 7 == 1 || offset % 7 == 4 {
        let begin = day.instant(at: LocalTime(hour: 19, minute: 0)!, in: zone)
        let events: [SessionEvent] = [
          .started(moduleID: module.id, version: 1, contentHash: "h"),
          .answered(step: "tension-before", answer: .number(6)),
          .timerFinished(step: "breathe", seconds: 300), .answered(step: "tension-after", answer: .number(3)),
          .answered(step: "home-practice", answer: .text("after breakfast")), .completed,
        ]
        let journal = events.enumerated().map {
          JournalEntry(
            sequence: Int64(offset * 10 + $0.offset), recordedAt: begin.addingTimeInterval(Double($0.offset) * 90),
            event: $0.element)
        }
        sessions.append(
          StoredSession(id: "session-\(offset)", module: module, contentHash: "h", startedAt: begin, entries: journal))
      }
    }
    return CareRecord(
      ledger: DiaryLedger(entries), sessions: sessions, catalogue: catalogue,
      now: end.instant(at: LocalTime(hour: 12, minute: 0)!, in: zone), timeZone: zone)
  }
}
