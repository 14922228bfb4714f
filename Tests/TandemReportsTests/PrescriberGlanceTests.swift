import Foundation
import TandemAdherence
import TandemBase
import TandemCare
import Testing

@testable import TandemReports

/// What a prescriber reads first: the bottom line, the warnings, the month-by-month trend and the attack list.
@Suite("Prescriber's glance")
struct PrescriberGlanceTests {
  typealias F = ReportFixtures

  static func march() -> Report { Report.build(record: F.march(), request: F.marchRequest) }

  static func record(_ events: [DiaryEvent], now: String, catalogue: MedicationCatalogue = F.catalogue) -> CareRecord {
    let entries = events.enumerated().map { i, event in
      DiaryEntry(sequence: Int64(i + 1), recordedAt: F.at("2026-01-01T00:00:00Z"), event: event)
    }
    return CareRecord(ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: F.at(now), timeZone: F.utc)
  }

  static func regimen(
    _ id: String, _ medication: String, _ mg: Double, _ schedule: Schedule, start: String, end: String? = nil
  ) -> DiaryEvent {
    .regimenPrescribed(
      Regimen(
        id: id, medicationID: medication, dose: Quantity(value: mg, unit: .mg), schedule: schedule,
        start: F.day(start), end: end.map(F.day), timeZoneIdentifier: "UTC"))
  }

  static func taken(_ medication: String, _ at: String, _ mg: Double? = nil) -> DiaryEvent {
    .doseTaken(
      TakenDose(medicationID: medication, instant: F.at(at), amount: mg.map { Quantity(value: $0, unit: .mg) }))
  }

  static let eight = LocalTime(hour: 8, minute: 0)!

  /// Erenumab 140 mg monthly on the 5th from 5 Sep 2026: given 5 Sep and 5 Oct, not on 5 Nov; read on 1 Dec.
  static func erenumabOverdue(extra: [DiaryEvent] = []) -> CareRecord {
    record(
      [
        regimen("r-erenumab", "erenumab", 140, .monthly(day: 5, at: eight), start: "2026-09-05"),
        taken("erenumab", "2026-09-05T08:05:00Z"), taken("erenumab", "2026-10-05T08:05:00Z"),
      ] + extra, now: "2026-12-01T12:00:00Z")
  }

  static let autumn = ReportRequest(
    from: F.day("2026-09-03"), through: F.day("2026-12-01"), generatedAt: F.at("2026-12-01T12:00:00Z"))

  @Test("March: the bottom line gives overuse, migraine days, adherence and therapy in that order")
  func marchBottomLine() {
    #expect(
      Self.march().bottomLine == [
        "Acute medication on 3 days (3 doses) in the period; no medication-overuse risk in the last 30 days.",
        "Migraine days 1.8 per 28 over the period (2 in 31 diary days); the diary is too short yet to compare with "
          + "a baseline.",
        "Atogepant PDC 93% (80% line met; 1 missed).",
        "2 sessions completed, 5 min of timed practice; tension 7 → 4 after paced breathing; 1 stopped by a safety "
          + "check (see flags).",
      ])
  }

  @Test("an empty record gives an honest bottom line with no figures in it")
  func emptyBottomLine() {
    let lines = Report.build(record: F.empty(), request: F.marchRequest).bottomLine
    #expect(lines.first == "Nothing is recorded yet: no regimens, doses, headaches or sessions.")
    #expect(lines.allSatisfy { !$0.contains("PDC") && !$0.contains("per 28") })
  }

  @Test("a monthly preventive not given is overdue: flagged first among medication flags and first in the bottom line")
  func overduePreventive() throws {
    let report = Report.build(record: Self.erenumabOverdue(), request: Self.autumn)
    let flag = try #require(report.flags.first { $0.kind == .preventiveOverdue })
    #expect(flag.message == "erenumab: overdue since 2026-11-05 (26 days)")
    #expect(flag.date == F.day("2026-11-05"))
    #expect(report.bottomLine.first == "Erenumab overdue since 5 Nov (26 days).")
    #expect((3...5).contains(report.bottomLine.count))
    // Given on the 1st, it is no longer overdue.
    let given = Report.build(
      record: Self.erenumabOverdue(extra: [Self.taken("erenumab", "2026-12-01T09:00:00Z")]), request: Self.autumn)
    #expect(!given.flags.contains { $0.kind == .preventiveOverdue })
    #expect(!given.bottomLine.joined().contains("overdue"))
  }

  @Test("an anti-CGRP antibody and a gepant on a schedule at the same time are flagged as one pathway")
  func samePathway() throws {
    let record = Self.erenumabOverdue(extra: [
      Self.regimen("r-atogepant", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-11-20")
    ])
    let report = Report.build(record: record, request: Self.autumn)
    let flag = try #require(report.flags.first { $0.kind == .samePathway })
    #expect(
      flag.message
        == "atogepant and erenumab both act on the CGRP pathway, prescribed together from 2026-11-20 to 2026-12-01")
    // Apart in time, no flag.
    let apart = Self.erenumabOverdue(extra: [
      Self.regimen("r-atogepant", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-06-01", end: "2026-08-31")
    ])
    #expect(!Report.build(record: apart, request: Self.autumn).flags.contains { $0.kind == .samePathway })
    // Together since before the period: the flag says since when, not the period's first day.
    let lastWeek = ReportRequest(
      from: F.day("2026-11-25"), through: F.day("2026-12-01"), generatedAt: F.at("2026-12-01T12:00:00Z"))
    #expect(
      Report.build(record: record, request: lastWeek).flags.first { $0.kind == .samePathway }?.message
        == "atogepant and erenumab both act on the CGRP pathway, prescribed together from 2026-11-20 to 2026-12-01")
  }

  @Test("as-needed doses over the 24-hour maximum are flagged with the day and the total")
  func asNeededMaximum() throws {
    let record = Self.record(
      [
        Self.regimen(
          "r-suma", "sumatriptan", 100,
          .asNeeded(maxPer24Hours: Quantity(value: 200, unit: .mg), minimumHoursBetweenDoses: 2),
          start: "2026-09-01"),
        Self.taken("sumatriptan", "2026-11-10T08:00:00Z", 100), Self.taken("sumatriptan", "2026-11-10T12:00:00Z", 100),
        Self.taken("sumatriptan", "2026-11-10T18:00:00Z", 100),
        // Two doses a day apart never add up to more than the maximum.
        Self.taken("sumatriptan", "2026-11-20T08:00:00Z", 100), Self.taken("sumatriptan", "2026-11-21T09:00:00Z", 100),
      ], now: "2026-12-01T12:00:00Z")
    let report = Report.build(record: record, request: Self.autumn)
    let flag = try #require(report.flags.first { $0.kind == .asNeededMaximum })
    #expect(flag.message == "sumatriptan: over the 200 mg maximum in 24 hours on 1 day: 2026-11-10 (300 mg)")
    #expect(report.flags.filter { $0.kind == .asNeededMaximum }.count == 1)
    #expect(report.months.first { $0.month == "2026-11" }?.acuteDoses == 5)
  }

  @Test("month by month: acute doses, practice and PDC per scheduled medication")
  func marchMonth() throws {
    let month = try #require(Self.march().months.first)
    #expect(month.acuteDoses == 3)
    #expect(month.acuteDays == 3)
    #expect(month.sessionsCompleted == 2)
    #expect(month.minutesPractised == 5)
    #expect(month.pdc.map(\.medicationID) == ["atogepant"])
    #expect(month.pdc.first?.pdc == 29.0 / 31.0)
  }

  @Test("monthly PDC, weighted by the days measured, gives the period's PDC")
  func monthlyPDCAddsUp() throws {
    let record = Self.erenumabOverdue(extra: [
      Self.regimen("r-atogepant", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-09-10"),
      Self.taken("atogepant", "2026-09-10T08:00:00Z"), Self.taken("atogepant", "2026-09-11T08:00:00Z"),
      Self.taken("atogepant", "2026-10-02T08:00:00Z"), Self.taken("atogepant", "2026-11-30T08:00:00Z"),
    ])
    let report = Report.build(record: record, request: Self.autumn)
    for a in report.adherence {
      let pdc = try #require(a.pdc)
      var covered = 0.0
      var days = 0
      for month in report.months {
        guard let share = month.pdc.first(where: { $0.medicationID == a.medicationID })?.pdc else { continue }
        let n = max(month.from, a.from).days(to: min(month.through, a.through)) + 1
        covered += share * Double(n)
        days += n
      }
      #expect(days == a.from.days(to: a.through) + 1)
      #expect(abs(covered / Double(days) - pdc) < 1e-9, "\(a.medicationID)")
    }
  }

  @Test("the longest gap counts the days before a late first dose, as PDC does")
  func longestGapAgrees() throws {
    let record = Self.record(
      [
        Self.regimen("r-atogepant", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-11-01"),
        Self.taken("atogepant", "2026-11-08T08:00:00Z"), Self.taken("atogepant", "2026-11-09T08:00:00Z"),
      ], now: "2026-11-10T06:00:00Z")
    let request = ReportRequest(
      from: F.day("2026-11-01"), through: F.day("2026-11-10"), generatedAt: F.at("2026-11-10T06:00:00Z"))
    let report = Report.build(record: record, request: request)
    let gap = try #require(report.adherence.first?.longestGap)
    #expect(gap.days == 7)
    #expect(gap.from == F.day("2026-11-01") && gap.through == F.day("2026-11-07"))
    let computed = MedicationAdherence.compute(
      record: record, medicationID: "atogepant", from: request.from, through: request.through)
    #expect(computed.longestGapDays == gap.days)
    let json = JSONReport.render(report)
    #expect(json.contains("\"days\" : 7"))
  }

  @Test("the attack list: start, duration, severity, aura, features, acute medication with amount, relief, note")
  func attackList() throws {
    let attacks = Self.march().attacks
    #expect(attacks.map(\.id) == ["a1", "a2", "a3"])
    let first = try #require(attacks.first)
    #expect(first.start == "2026-03-03T10:00:00+00:00")
    #expect(first.durationMinutes == 360)
    #expect(first.severity == 7)
    #expect(first.symptoms == ["nausea or vomiting"])
    #expect(first.acute.map(\.name) == ["sumatriptan"])
    #expect(first.acute.first?.amount == Quantity(value: 50, unit: .mg))
    #expect(
      ReportPhrases.attack(first)
        == "2026-03-03 10:00, 6 h, severity 7/10, no aura; nausea or vomiting; sumatriptan 50 mg at 10:30; "
        + "relief not recorded")
    #expect(attacks[2].symptoms == ["light sensitivity", "sound sensitivity"])
  }

  @Test("an attack's note reaches every format without control or bidirectional characters")
  func attackNoteSanitised() throws {
    let record = Self.record(
      [
        .attackLogged(
          Attack(
            id: "n1", start: F.at("2026-11-10T08:00:00Z"), end: F.at("2026-11-10T10:00:00Z"), severity: 5, aura: true,
            auraMinutes: 20, relief: .partial, disability: 2, note: "red wine\u{1B}[2J \u{202E}<b>x</b>"))
      ], now: "2026-12-01T12:00:00Z")
    let report = Report.build(record: record, request: Self.autumn)
    let note = try #require(report.attacks.first?.note)
    #expect(!note.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" })
    for format in ReportFormat.allCases {
      let text = format.render(report)
      #expect(!text.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" }, "\(format)")
    }
    #expect(!HTMLReport.render(report).contains("<b>x</b>"))
    #expect(TextReport.render(report).contains("aura 20 min"))
    #expect(TextReport.render(report).contains("relief partial; disability 2/3"))
  }
}

extension PrescriberGlanceTests {
  @Test("a daily preventive missed only yesterday is not overdue; missed for two days it is")
  func dailyOverdue() {
    func report(lastTaken: String) -> Report {
      let record = Self.record(
        [
          Self.regimen("r-atogepant", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-11-25"),
          Self.taken("atogepant", lastTaken),
        ], now: "2026-12-01T07:00:00Z")
      return Report.build(record: record, request: Self.autumn)
    }
    #expect(!report(lastTaken: "2026-11-29T08:00:00Z").flags.contains { $0.kind == .preventiveOverdue })
    let late = report(lastTaken: "2026-11-28T08:00:00Z")
    #expect(
      late.flags.first { $0.kind == .preventiveOverdue }?.message
        == "atogepant: overdue since 2026-11-29 (2 days, 2 doses missed in a row)")
    #expect(late.bottomLine.first == "Atogepant overdue since 29 Nov (2 days).")
  }
}

extension PrescriberGlanceTests {
  @Test(
    "every format but the CSV day rows carries the bottom line, from the one model", arguments: ReportFormat.allCases)
  func bottomLineInEveryFormat(format: ReportFormat) {
    let report = Report.build(record: F.autumn(), request: F.autumnRequest)
    #expect(report.bottomLine.first == "Erenumab overdue since 5 Nov (26 days).")
    #expect((3...5).contains(report.bottomLine.count))
    let text = format.render(report)
    switch format {
    case .csv: #expect(!text.contains("overdue"))
    case .text:
      // Wrapped to 80 columns: compare without line breaks and indentation.
      let flat = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
      for sentence in report.bottomLine { #expect(flat.contains(sentence), "\(sentence)") }
    case .html, .fhir:
      for sentence in report.bottomLine { #expect(text.contains(HTMLText.escape(sentence)), "\(sentence)") }
    case .markdown:
      for sentence in report.bottomLine { #expect(text.contains(MarkdownReport.escape(sentence)), "\(sentence)") }
    case .json:
      for sentence in report.bottomLine { #expect(text.contains(sentence), "\(sentence)") }
    }
  }

  @Test("a period with no diary days: the bottom line says what cannot be counted and invents nothing")
  func periodBeforeDiary() {
    let request = ReportRequest(
      from: F.day("2026-01-01"), through: F.day("2026-01-31"), generatedAt: F.at("2026-03-31T12:00:00Z"))
    let lines = Report.build(record: F.march(), request: request).bottomLine
    #expect(
      lines == [
        "No acute medication recorded in the period.",
        "No diary days fall in the period, so migraine days cannot be counted.",
        "No preventive on a schedule in the period.", "No therapy sessions in the period.",
      ])
  }
}

extension PrescriberGlanceTests {
  @Test("four busy months of text still fit 80 columns, trend and attack list included")
  func autumnTextWidth() {
    let text = TextReport.render(Report.build(record: F.autumn(), request: F.autumnRequest))
    for line in text.split(separator: "\n") { #expect(line.count <= TextReport.width, "\(line)") }
    #expect(text.contains("  month   diary mig head acute doses erenumab  amitripty atogepant practice"))
    #expect(text.contains("  2026-11 30    11  11   11    17    13%       80%       50%       2/10 min"))
  }
}

extension PrescriberGlanceTests {
  @Test("a baseline without migraine days still compares rates (there is only no percent change)")
  func baselineWithoutMigraine() {
    let attacks: [DiaryEvent] = [5, 9, 14, 20].map { d in
      .attackLogged(
        Attack(
          id: "m\(d)", start: F.at("2026-11-\(d < 10 ? "0" : "")\(d)T10:00:00Z"),
          end: F.at("2026-11-\(d < 10 ? "0" : "")\(d)T16:00:00Z"), severity: 6, nauseaOrVomiting: true))
    }
    let record = Self.record(
      [Self.regimen("r-erenumab", "erenumab", 140, .monthly(day: 5, at: Self.eight), start: "2026-09-05")] + attacks,
      now: "2026-12-01T12:00:00Z")
    let request = ReportRequest(
      from: F.day("2026-09-01"), through: F.day("2026-12-01"), baseline: F.day("2026-09-01")...F.day("2026-09-28"),
      generatedAt: F.at("2026-12-01T12:00:00Z"))
    let report = Report.build(record: record, request: request)
    #expect(report.migraine.comparison.shortfalls.contains(.noBaselineMigraineDays))
    #expect(report.bottomLine.contains("Migraine days 4.0 per 28 in the latest 28 days, up from 0.0 at baseline."))
  }
}

extension PrescriberGlanceTests {
  @Test("an injection given just before the period covers its first days: no gap and no gap flag there")
  func carryInCoversStart() throws {
    // Erenumab on 5 Aug, 5 Sep and 5 Oct; the period starts on 20 Aug, covered by the 5 August dose.
    let record = Self.record(
      [
        Self.regimen("r-erenumab", "erenumab", 140, .monthly(day: 5, at: Self.eight), start: "2026-08-05"),
        Self.taken("erenumab", "2026-08-05T08:05:00Z"), Self.taken("erenumab", "2026-09-05T08:05:00Z"),
        Self.taken("erenumab", "2026-10-05T08:05:00Z"),
      ], now: "2026-10-31T12:00:00Z")
    let request = ReportRequest(
      from: F.day("2026-08-20"), through: F.day("2026-10-31"), generatedAt: F.at("2026-10-31T12:00:00Z"))
    let report = Report.build(record: record, request: request)
    let gap = try #require(report.adherence.first?.longestGap)
    #expect(gap.days == 0)
    #expect(!report.flags.contains { $0.kind == .preventiveGap })
  }
}

extension PrescriberGlanceTests {
  @Test("eight triptan days in the last 30: the bottom line says approaching the overuse line, naming the drug")
  func approachingOveruse() {
    let doses: [DiaryEvent] = [3, 6, 9, 12, 15, 18, 21, 24].map { d in
      Self.taken("sumatriptan", "2026-11-\(d < 10 ? "0" : "")\(d)T10:00:00Z", 50)
    }
    let record = Self.record(
      [
        Self.regimen(
          "r-suma", "sumatriptan", 50,
          .asNeeded(maxPer24Hours: Quantity(value: 200, unit: .mg), minimumHoursBetweenDoses: 2), start: "2026-09-01")
      ] + doses, now: "2026-12-01T12:00:00Z")
    let report = Report.build(record: record, request: Self.autumn)
    #expect(report.acuteMedication.riskLevel == "approaching")
    #expect(
      report.bottomLine.first
        == "Sumatriptan (triptan) on 8 of the last 30 days: approaching the overuse line (10 days).")
  }
}

extension PrescriberGlanceTests {
  @Test("an injection given just before the period covers its first weeks: PDC, 30-day windows and months agree")
  func supplyCarriedIntoThePeriod() throws {
    // Every 4 weeks from 5 Aug, each dose on time; the report starts 12 Aug, a week after a dose.
    let doses = ["2026-08-05", "2026-09-02", "2026-09-30", "2026-10-28", "2026-11-25"].map {
      Self.taken("erenumab", "\($0)T08:05:00Z")
    }
    let record = Self.record(
      [Self.regimen("r-erenumab", "erenumab", 140, .everyNWeeks(interval: 4, at: Self.eight), start: "2026-08-05")]
        + doses, now: "2026-12-01T12:00:00Z")
    let request = ReportRequest(
      from: F.day("2026-08-12"), through: F.day("2026-12-01"), generatedAt: F.at("2026-12-01T12:00:00Z"))
    let report = Report.build(record: record, request: request)
    let erenumab = try #require(report.adherence.first { $0.medicationID == "erenumab" })
    #expect(erenumab.pdc == 1, "the 5 Aug dose lasts to 1 Sep")
    #expect(erenumab.windows.map(\.pdc) == Array(repeating: 1, count: erenumab.windows.count))
    #expect(erenumab.longestGap?.days == 0)
    let months = report.months.compactMap { $0.pdc.first { $0.medicationID == "erenumab" }?.pdc }
    #expect(months == [1, 1, 1, 1, 1], "August (from the 12th) to December, each fully covered")
    #expect(!report.flags.contains { $0.message.contains("PDC") })

    // The same diary without the August dose: the weeks it would have covered are a gap in
    // every view alike.
    let gap = Report.build(
      record: Self.record(
        [Self.regimen("r-erenumab", "erenumab", 140, .everyNWeeks(interval: 4, at: Self.eight), start: "2026-08-05")]
          + doses.dropFirst(), now: "2026-12-01T12:00:00Z"), request: request)
    let missed = try #require(gap.adherence.first { $0.medicationID == "erenumab" })
    #expect(missed.longestGap?.days == 21, "12 Aug to 1 Sep")
    #expect(missed.pdc.map { ($0 * 112).rounded() } == 91, "91 of the 112 days covered")
    #expect(missed.windows.first?.pdc.map { ($0 * 30).rounded() } == 9, "2 to 10 Sep of the first 30 days")
    #expect(gap.months.first?.pdc.first?.pdc.map { ($0 * 20).rounded() } == 0, "12 to 31 Aug")
  }
}

extension PrescriberGlanceTests {
  @Test("overdue is counted from the first missed dose even when it falls before the period asked for")
  func overdueBeforeThePeriod() {
    let request = ReportRequest(
      from: F.day("2026-11-20"), through: F.day("2026-12-01"), generatedAt: F.at("2026-12-01T12:00:00Z"))
    let report = Report.build(record: Self.erenumabOverdue(), request: request)
    #expect(
      report.flags.first { $0.kind == .preventiveOverdue }?.message == "erenumab: overdue since 2026-11-05 (26 days)")
    #expect(report.bottomLine.first == "Erenumab overdue since 5 Nov (26 days).")
  }
}

extension PrescriberGlanceTests {
  @Test("the text report's month table leaves no scheduled medication out: more than three get tables of their own")
  func everyMedicationInTheMonthTable() {
    let names = ["atogepant", "erenumab", "amitriptyline", "propranolol", "topiramate"]
    let catalogue = MedicationCatalogue(
      F.autumnCatalogue.medications
        + ["propranolol", "topiramate"].map {
          Medication(id: $0, genericName: $0, medicationClass: .other, use: .preventive, routes: [.oral])
        })
    let record = Self.record(
      names.map { Self.regimen("r-\($0)", $0, 10, .daily(times: [Self.eight]), start: "2026-11-01") },
      now: "2026-12-01T12:00:00Z",
      catalogue: catalogue)
    let text = TextReport.render(Report.build(record: record, request: Self.autumn))
    #expect(text.contains("  month   propranol topiramat"), "\(text)")
    for line in text.split(separator: "\n") { #expect(line.count <= TextReport.width, "\(line)") }
  }
}

extension PrescriberGlanceTests {
  @Test("the report counts only prescribed days: a stop and restart is no gap, in PDC, months and the longest gap")
  func breakBetweenRegimens() throws {
    let taken = ["01", "02", "03", "04", "05", "06", "07", "08", "09", "15", "16", "17", "18", "19", "20"].map {
      Self.taken("atogepant", "2026-11-\($0)T08:05:00Z")
    }
    let record = Self.record(
      [
        Self.regimen("r1", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-11-01", end: "2026-11-09"),
        Self.regimen("r2", "atogepant", 60, .daily(times: [Self.eight]), start: "2026-11-15"),
      ] + taken, now: "2026-11-20T12:00:00Z")
    let request = ReportRequest(
      from: F.day("2026-11-01"), through: F.day("2026-11-20"), generatedAt: F.at("2026-11-20T12:00:00Z"))
    let report = Report.build(record: record, request: request)
    let atogepant = try #require(report.adherence.first { $0.medicationID == "atogepant" })
    #expect(atogepant.pdc == 1)
    #expect(atogepant.longestGap?.days == 0)
    #expect(report.months.first?.pdc.first?.pdc == 1)
    #expect(!report.flags.contains { $0.kind == .preventiveGap || $0.message.contains("PDC") }, "\(report.flags)")
  }
}
