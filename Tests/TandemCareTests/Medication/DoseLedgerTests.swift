import Foundation
import TandemTestFixtures
import Testing

@testable import TandemAdherence
@testable import TandemBase
@testable import TandemCare

/// The dose ledger and the logging decisions every medication view and command share.
@Suite("Dose ledger")
struct DoseLedgerTests {
  static let catalogue = MedicationCatalogue([
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      strengths: [qty("50 mg"), qty("100 mg")], overuseClass: .triptan, maxPer24Hours: qty("200 mg"),
      minimumHoursBetweenDoses: 2),
    Medication(
      id: "erenumab", genericName: "erenumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], strengths: [qty("140 mg")], restartsScheduleWhenLate: true),
    Medication(
      id: "galcanezumab", genericName: "galcanezumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], strengths: [qty("120 mg")]),
    Medication(
      id: "propranolol", genericName: "propranolol", medicationClass: .betaBlocker, use: .preventive, routes: [.oral],
      strengths: [qty("40 mg")]),
  ])

  /// A record from diary events in order, read at `now` (UTC).
  static func record(_ events: [DiaryEvent], now: Date) -> CareRecord {
    let entries = events.enumerated().map {
      DiaryEntry(sequence: Int64($0.offset + 1), recordedAt: now, event: $0.element)
    }
    return CareRecord(
      ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: TimeZone(identifier: "UTC")!
    )
  }

  static func attack(_ id: String, start: Date, end: Date?, intakes: [(String, Date, Quantity?)]) -> Attack {
    Attack(
      id: id, start: start, end: end, severity: 6,
      acute: intakes.map {
        AcuteIntake(medicationID: $0.0, overuseClass: .triptan, medicationClass: .triptan, at: $0.1, amount: $0.2)
      })
  }

  static let sumatriptan = regimen(
    .asNeeded(maxPer24Hours: qty("200 mg"), minimumHoursBetweenDoses: 2), start: "2026-11-01", dose: "100 mg",
    medication: "sumatriptan", id: "suma")

  @Test("acute medication logged with a headache counts toward the as-needed maximum and spacing, in due and dose take")
  func attackIntakesCount() throws {
    let headache = Self.attack(
      "a1", start: at("2026-12-01", "17:50"), end: at("2026-12-01", "19:00"),
      intakes: [("sumatriptan", at("2026-12-01", "18:01"), nil), ("sumatriptan", at("2026-12-01", "18:11"), nil)])
    let record = Self.record(
      [.regimenPrescribed(Self.sumatriptan), .attackLogged(headache)], now: at("2026-12-01", "19:30"))
    // Both intakes take the regimen's usual 100 mg.
    #expect(record.doseLedger.intakes.map(\.dose.amount) == [qty("100 mg"), qty("100 mg")])
    let due = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: Self.catalogue)
    #expect(due.entries.first?.asNeeded?.dosesInLast24Hours == 2)
    #expect(due.entries.first?.asNeeded?.remaining?.value == 0)

    let third = try DoseLogging.take(
      Self.catalogue.medication(id: "sumatriptan")!, at: at("2026-12-01", "19:30"), amount: nil, again: false,
      record: record)
    #expect(Set(third.warnings.map(\.kind)) == [.overMaximum, .tooSoon])
    #expect(third.warnings.first { $0.kind == .overMaximum }?.total == qty("300 mg"))
  }

  @Test("the loading dose is the loading amount in due, in dose take and in the ledger, and is labelled")
  func loadingDose() throws {
    let galcanezumab = regimen(
      .loading(dose: qty("240 mg"), then: .monthly(day: 1, at: clock("09:00"))), start: "2026-12-01", dose: "120 mg",
      medication: "galcanezumab", id: "g")
    let before = Self.record([.regimenPrescribed(galcanezumab)], now: at("2026-12-01", "08:30"))
    let due = DueList.compute(ledger: before.doseLedger, regimens: before.regimens, catalogue: Self.catalogue)
    #expect(due.entries.first?.dueNow.map(\.occurrence.dose) == [qty("240 mg")])
    #expect(due.entries.first?.dueNow.first?.occurrence.isLoadingDose == true)
    #expect(due.entries.first?.next?.dose == qty("120 mg"))

    let take = try DoseLogging.take(
      Self.catalogue.medication(id: "galcanezumab")!, at: at("2026-12-01", "09:05"), amount: nil, again: false,
      record: before)
    #expect(take.dose.amount == qty("240 mg"))
    #expect(take.status == .onTime)
    #expect(take.occurrence?.isLoadingDose == true)
    #expect(take.occurrence?.due == at("2026-12-01", "09:00"))

    // A dose stored without an amount by an older version reads as the amount it was due at.
    let old = Self.record(
      [
        .regimenPrescribed(galcanezumab),
        .doseTaken(TakenDose(medicationID: "galcanezumab", instant: at("2026-12-01", "09:05"))),
      ],
      now: at("2026-12-02", "08:00"))
    #expect(old.doseLedger.intakes.first?.dose.amount == qty("240 mg"))
  }

  /// Erenumab monthly on day 5, given 09-05 and 10-07, nothing since; read on 12-01.
  static func overdueErenumab(now: Date = at("2026-12-01", "12:00"), extra: [DiaryEvent] = []) -> CareRecord {
    let erenumab = regimen(
      .monthly(day: 5, at: clock("09:00")), start: "2026-09-05", dose: "140 mg", medication: "erenumab", id: "e")
    return record(
      [
        .regimenPrescribed(erenumab),
        .doseTaken(TakenDose(medicationID: "erenumab", instant: at("2026-09-05", "09:10"))),
        .doseTaken(TakenDose(medicationID: "erenumab", instant: at("2026-10-07", "10:00"))),
      ] + extra, now: now)
  }

  @Test(
    "an occurrence past its on-time window with no dose is missed in adherence, timeline and calendar, and overdue in due"
  )
  func overdueIsMissed() {
    let record = Self.overdueErenumab()
    let adherence = MedicationAdherence.compute(
      record: record, medicationID: "erenumab", from: day("2026-11-02"), through: day("2026-12-01"))
    #expect(adherence.counts.expected == 1)
    #expect(adherence.counts.missed == 1)
    #expect(adherence.counts.overdue == 1)
    #expect(adherence.counts.pending == 0)
    #expect(adherence.missedDates == [day("2026-11-05")])

    let timeline = record.timeline(from: day("2026-11-01"), through: day("2026-12-01"))
    #expect(timeline.filter { $0.kind == .doseMissed }.map(\.at) == [at("2026-11-05", "09:00")])
    let calendar = record.calendarDays(from: day("2026-11-01"), through: day("2026-11-30"))
    #expect(calendar.filter { $0.missedDoses > 0 }.map(\.date) == [day("2026-11-05")])

    let due = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: Self.catalogue)
    #expect(due.entries.first?.overdueSince?.date == day("2026-11-05"))
    #expect(due.entries.first?.missedInARow == 1)
    #expect(due.entries.first?.next?.date == day("2026-12-05"))
  }

  @Test("the missed occurrence stays missed after the schedule restarts from the day the dose is finally given")
  func missedSurvivesRestart() {
    let given = Self.overdueErenumab(
      now: at("2026-12-20", "12:00"),
      extra: [.doseTaken(TakenDose(medicationID: "erenumab", instant: at("2026-12-15", "09:00")))])
    let adherence = MedicationAdherence.compute(
      record: given, medicationID: "erenumab", from: day("2026-09-01"), through: day("2026-12-20"))
    #expect(adherence.missedDates == [day("2026-11-05")])
    #expect(adherence.counts.late == 1)
    // The schedule now counts from 12-15: the next injection is due 2027-01-15.
    let due = DueList.compute(ledger: given.doseLedger, regimens: given.regimens, catalogue: Self.catalogue)
    #expect(due.entries.first?.next?.date == day("2027-01-15"))
    #expect(due.entries.first?.overdueSince == nil)
  }

  static let propranolol = regimen(
    .daily(times: [clock("08:00")]), start: "2026-11-01", dose: "40 mg", medication: "propranolol", id: "p")

  @Test(
    "a skip after the day's dose was taken skips the next open occurrence, or is refused; the taken dose stays on time")
  func skipAfterTaken() throws {
    let medication = Self.catalogue.medication(id: "propranolol")!
    let taken = Self.record(
      [
        .regimenPrescribed(Self.propranolol),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: at("2026-12-01", "08:10"), regimenID: "p")),
      ], now: at("2026-12-01", "09:00"))
    let skip = try DoseLogging.skip(medication, at: at("2026-12-01", "09:00"), day: nil, reason: "dizzy", record: taken)
    #expect(skip.occurrence.due == at("2026-12-02", "08:00"))
    #expect(skip.skip.occurrenceDate == day("2026-12-02"))
    #expect(skip.skip.occurrenceTime == clock("08:00"))

    #expect(throws: DoseLogging.Problem.self) {
      try DoseLogging.skip(
        medication, at: at("2026-12-01", "09:00"), day: day("2026-12-01"), reason: "dizzy", record: taken)
    }
    // Logged as decided, the skip leaves the 12-01 dose on time.
    let after = Self.record(
      [
        .regimenPrescribed(Self.propranolol),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: at("2026-12-01", "08:10"), regimenID: "p")),
        .doseSkipped(skip.skip),
      ], now: at("2026-12-01", "09:00"))
    let statuses = after.resolution(of: Self.propranolol, through: day("2026-12-02")).occurrences.suffix(2).map(
      \.status)
    #expect(statuses == [.onTime, .skipped])
    #expect(after.doseLedger.intakes.map(\.status) == [.onTime])
  }

  @Test("the same medication in the same minute is a duplicate from any path unless logged again on purpose")
  func duplicates() throws {
    let medication = Self.catalogue.medication(id: "sumatriptan")!
    let headache = Self.attack(
      "a1", start: at("2026-12-01", "17:50"), end: nil, intakes: [("sumatriptan", at("2026-12-01", "18:01"), nil)])
    let record = Self.record(
      [.regimenPrescribed(Self.sumatriptan), .attackLogged(headache)], now: at("2026-12-01", "19:00"))
    #expect(throws: DoseLogging.Problem.self) {
      try DoseLogging.take(
        medication, at: at("2026-12-01", "18:01").addingTimeInterval(30), amount: nil, again: false, record: record)
    }
    let again = try DoseLogging.take(
      medication, at: at("2026-12-01", "18:01"), amount: nil, again: true, record: record)
    #expect(again.dose.amount == qty("100 mg"))
    #expect(
      try DoseLogging.take(medication, at: at("2026-12-01", "18:02"), amount: nil, again: false, record: record).dose
        .amount
        == qty("100 mg"))
  }

  @Test("a dose before its regimen starts keeps the amount given, or takes the regimen's dose, and says so")
  func beforeStart() throws {
    let medication = Self.catalogue.medication(id: "propranolol")!
    let record = Self.record([.regimenPrescribed(Self.propranolol)], now: at("2026-12-01", "09:00"))
    let given = try DoseLogging.take(
      medication, at: at("2026-10-20", "08:00"), amount: qty("20 mg"), again: false, record: record)
    #expect(given.dose.amount == qty("20 mg"))
    #expect(given.status == .asNeeded)
    #expect(given.regimenStartsLater == day("2026-11-01"))
    let assumed = try DoseLogging.take(
      medication, at: at("2026-10-20", "08:00"), amount: nil, again: false, record: record)
    #expect(assumed.dose.amount == qty("40 mg"))
    // Stored, it keeps that amount in the ledger.
    let after = Self.record(
      [.regimenPrescribed(Self.propranolol), .doseTaken(given.dose)], now: at("2026-12-01", "09:00"))
    #expect(after.doseLedger.intakes.first?.dose.amount == qty("20 mg"))
  }

  @Test("as-needed warnings look only at the day before the dose and match the full series")
  func warningsWindow() {
    let r = Self.sumatriptan
    var history: [TakenDose] = []
    var clock = at("2026-01-01", "00:00")
    for step in 0..<500 {
      clock += Double(step % 7 + 1) * 3600
      history.append(
        TakenDose(medicationID: "sumatriptan", instant: clock, amount: qty(step % 3 == 0 ? "100 mg" : "50 mg")))
    }
    let medication = Self.catalogue.medication(id: "sumatriptan")
    let all = AsNeededCheck.warnings(doses: history, usualDose: r.dose, maximum: qty("200 mg"), minimumHours: 2)
    for index in stride(from: 1, to: history.count, by: 37) {
      let candidate = history[index]
      let windowed = AsNeededCheck.warnings(
        for: candidate, after: Array(history[..<index]), regimen: r, medication: medication)
      #expect(windowed == all.filter { $0.dose == candidate })
    }
  }
}

/// What a red-team pass found in the dose ledger and its views.
@Suite("Dose ledger: findings")
struct DoseLedgerFindingTests {
  typealias T = DoseLedgerTests

  @Test("a dose taken after its occurrence was skipped fulfils it; the skip is superseded and not counted")
  func doseAfterSkip() throws {
    let medication = T.catalogue.medication(id: "propranolol")!
    let skip = SkippedDose(
      medicationID: "propranolol", instant: at("2026-12-01", "07:30"), reason: "nausea",
      occurrenceDate: day("2026-12-01"),
      regimenID: "p", occurrenceTime: clock("08:00"), journalSequence: 2)
    let skipped = T.record([.regimenPrescribed(T.propranolol), .doseSkipped(skip)], now: at("2026-12-01", "08:15"))
    let take = try DoseLogging.take(
      medication, at: at("2026-12-01", "08:15"), amount: nil, again: false, record: skipped)
    #expect(take.status == .onTime)
    #expect(take.supersededSkip?.reason == "nausea")
    let after = T.record(
      [.regimenPrescribed(T.propranolol), .doseSkipped(skip), .doseTaken(take.dose)], now: at("2026-12-01", "12:00"))
    let adherence = MedicationAdherence.compute(
      record: after, medicationID: "propranolol", from: day("2026-12-01"), through: day("2026-12-01"))
    #expect(adherence.counts.onTime == 1)
    #expect(adherence.counts.skipped == 0)
    #expect(
      after.timeline(from: day("2026-12-01"), through: day("2026-12-01")).contains { $0.kind == .doseSkipUnmatched })
  }

  @Test(
    "PDC counts from the regimen's start, a day with any dose taken is covered, and a late dose supplies no more than its interval"
  )
  func pdc() {
    // Daily 08:00 from 11-28; only 12-01 taken: 1 of 4 days covered.
    let one = T.record(
      [
        .regimenPrescribed(T.propranolol),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: at("2026-12-01", "08:10"))),
      ],
      now: at("2026-12-01", "12:00"))
    let a = MedicationAdherence.compute(
      record: one, medicationID: "propranolol", from: day("2026-11-28"), through: day("2026-12-01"))
    #expect(a.pdc == 0.25)

    // Twice a day, only the mornings taken: every day is covered (the taken share shows the rest).
    let twice = regimen(
      .daily(times: [clock("08:00"), clock("20:00")]), start: "2026-11-28", dose: "40 mg", medication: "propranolol",
      id: "p2")
    let mornings = (28...30).map { TakenDose(medicationID: "propranolol", instant: at("2026-11-\($0)", "08:05")) }
    let morning = T.record(
      [.regimenPrescribed(twice)] + mornings.map { .doseTaken($0) }, now: at("2026-11-30", "23:00"))
    let b = MedicationAdherence.compute(
      record: morning, medicationID: "propranolol", from: day("2026-11-28"), through: day("2026-11-30"))
    #expect(b.pdc == 1)
    #expect(b.counts.missed == 3)

    // Erenumab every 4 weeks; the 29 Jan dose given late on 5 Feb restarts the schedule: MPR stays ≤ 1.
    let erenumab = regimen(
      .everyNWeeks(interval: 4, at: clock("09:00")), start: "2026-01-01", dose: "140 mg", medication: "erenumab",
      id: "e")
    let given = [at("2026-01-01", "09:10"), at("2026-02-05", "18:00"), at("2026-03-05", "08:00")]
    let late = T.record(
      [.regimenPrescribed(erenumab)] + given.map { .doseTaken(TakenDose(medicationID: "erenumab", instant: $0)) },
      now: at("2026-04-10", "12:00"))
    let c = MedicationAdherence.compute(
      record: late, medicationID: "erenumab", from: day("2026-02-01"), through: day("2026-02-28"))
    #expect((c.mpr ?? 2) <= 1)
  }

  @Test("an intake logged as a dose and with a headache at the same moment counts once")
  func sameIntakeTwice() {
    let moment = at("2026-12-01", "02:00")
    let headache = T.attack(
      "a", start: at("2026-12-01", "01:00"), end: at("2026-12-01", "03:00"), intakes: [("sumatriptan", moment, nil)])
    let record = T.record(
      [
        .regimenPrescribed(T.sumatriptan), .doseTaken(TakenDose(medicationID: "sumatriptan", instant: moment)),
        .attackLogged(headache),
      ],
      now: at("2026-12-01", "12:00"))
    #expect(record.doseLedger.intakes(of: "sumatriptan").count == 1)
    let due = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: T.catalogue)
    #expect(due.entries.first?.asNeeded?.dosesInLast24Hours == 1)
  }

  @Test("due still shows the next dose when the one after today was skipped in advance")
  func nextAfterAdvanceSkip() {
    let skip = SkippedDose(
      medicationID: "propranolol", instant: at("2026-12-01", "14:00"), reason: "travel",
      occurrenceDate: day("2026-12-02"),
      regimenID: "p", occurrenceTime: clock("08:00"))
    let record = T.record(
      [
        .regimenPrescribed(T.propranolol),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: at("2026-12-01", "08:05"))), .doseSkipped(skip),
      ], now: at("2026-12-01", "14:00"))
    let due = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: T.catalogue)
    #expect(due.entries.first?.next?.date == day("2026-12-03"))
  }

  @Test(
    "the timeline shows a skip on the dose it skips, and due times on the patient's clock with the day when it differs")
  func timelinePlacement() {
    let skip = SkippedDose(
      medicationID: "propranolol", instant: at("2026-12-01", "09:00"), reason: "nausea",
      occurrenceDate: day("2026-11-29"),
      regimenID: "p", occurrenceTime: clock("08:00"))
    let record = T.record(
      [
        .regimenPrescribed(T.propranolol), .doseSkipped(skip),
        .doseTaken(TakenDose(medicationID: "propranolol", instant: at("2026-11-30", "23:00"))),
      ], now: at("2026-12-01", "12:00"))
    let items = record.timeline(from: day("2026-11-29"), through: day("2026-11-29"))
    #expect(items.contains { $0.kind == .doseSkipped && $0.at == at("2026-11-29", "08:00") })
    let late = record.timeline(from: day("2026-11-30"), through: day("2026-11-30")).first { $0.kind == .doseLate }
    #expect(late?.summary.contains("due 08:00") == true)
    let berlin = regimen(
      .daily(times: [clock("02:30")]), start: "2026-03-28", dose: "40 mg", zone: "Europe/Berlin",
      medication: "propranolol",
      id: "b")
    let dst = CareRecord(
      ledger: DiaryLedger([
        DiaryEntry(sequence: 1, recordedAt: at("2026-03-28", "00:00"), event: .regimenPrescribed(berlin))
      ]),
      sessions: [], catalogue: T.catalogue, now: at("2026-03-30", "12:00"),
      timeZone: TimeZone(identifier: "Europe/Berlin")!)
    let missed = dst.timeline(from: day("2026-03-29"), through: day("2026-03-29")).first { $0.kind == .doseMissed }
    #expect(missed?.summary.contains("due 03:30") == true, "\(missed?.summary ?? "")")
  }
}

@Suite("Acute intake spec")
struct AcuteIntakeSpecTests {
  @Test("MED[:AMOUNT][@TIME] parses; empty parts are refused with the usage")
  func parsing() throws {
    let full = try AcuteIntakeSpec(parsing: "sumatriptan:50 mg@14:30")
    #expect(full.medication == "sumatriptan")
    #expect(full.amount == qty("50 mg"))
    #expect(full.time == "14:30")
    #expect(try AcuteIntakeSpec(parsing: "ibuprofen@yesterday 21:00").time == "yesterday 21:00")
    #expect(try AcuteIntakeSpec(parsing: "ibuprofen").amount == nil)
    for bad in ["", "@", "@14:30", ":50 mg", "sumatriptan@", "sumatriptan:", "sumatriptan:lots@14:30"] {
      #expect(throws: AcuteIntakeSpec.Problem.self, "\(bad)") { try AcuteIntakeSpec(parsing: bad) }
    }
  }

  @Test("a bare time means the headache's own day, or the next when the headache ran past midnight")
  func attackDay() throws {
    let utc = TimeZone(identifier: "UTC")!
    let now = at("2026-12-05", "10:00")
    let start = at("2026-12-01", "22:00")
    #expect(
      try AcuteIntakeSpec.instant("22:30", attackStart: start, now: now, timeZone: utc) == at("2026-12-01", "22:30"))
    #expect(
      try AcuteIntakeSpec.instant("01:00", attackStart: start, now: now, timeZone: utc) == at("2026-12-02", "01:00"))
    #expect(
      try AcuteIntakeSpec.instant("21:45", attackStart: start, now: now, timeZone: utc) == at("2026-12-01", "21:45"))
  }
}

@Suite("Attack validation and severity shares")
struct AttackOverlapTests {
  @Test("a headache still in progress lasts until now: a closed one inside it overlaps")
  func openOverlapsClosed() {
    let open = Attack(id: "open", start: at("2026-12-01", "08:00"), severity: 5)
    let closed = Attack(id: "closed", start: at("2026-12-01", "09:00"), end: at("2026-12-01", "10:00"), severity: 4)
    let now = at("2026-12-01", "12:00")
    #expect(AttackValidation.overlaps(open, closed, now: now))
    #expect(!AttackValidation.validate(closed, now: now, existing: [open]).isEmpty)
    let later = Attack(id: "later", start: at("2026-12-01", "06:00"), end: at("2026-12-01", "07:00"), severity: 4)
    #expect(!AttackValidation.overlaps(open, later, now: now))
  }

  @Test("severity shares round to the nearest percent and a row adds up to 100")
  func percents() {
    let seven = SeverityDistribution(counts: [.none: 0, .mild: 7, .moderate: 9, .severe: 0])
    #expect(seven.percents[.mild] == 44)
    #expect(seven.percents[.moderate] == 56)
    for total in 1...25 {
      for a in 0...total {
        for b in 0...(total - a) {
          let c = total - a - b
          let d = SeverityDistribution(counts: [.none: a, .mild: b, .moderate: c, .severe: 0])
          #expect(d.percents.values.reduce(0, +) == 100)
        }
      }
    }
    #expect(SeverityDistribution(counts: [.none: 0, .mild: 0, .moderate: 0, .severe: 0]).percents.isEmpty)
  }
}

@Suite("Regimen options")
struct RegimenOptionTests {
  @Test("options the chosen schedule does not use are refused, not ignored")
  func unusedOptions() {
    let catalogue = DoseLedgerTests.catalogue
    func problems(_ edit: (inout RegimenSpec) -> Void) -> [String] {
      var spec = RegimenSpec(medication: "propranolol")
      spec.dose = "40 mg"
      edit(&spec)
      switch spec.regimen(
        id: "x", catalogue: catalogue, now: at("2026-12-01", "09:00"), timeZone: TimeZone(identifier: "UTC")!)
      {
      case .success: return []
      case .failure(let failure): return failure.list.map(\.description)
      }
    }
    #expect(
      problems {
        $0.daily = true; $0.times = ["08:00"]
      }.isEmpty)
    #expect(
      problems {
        $0.daily = true; $0.dose = "0.0000001 mg"
      }.contains { $0.contains("at least 0.001") })
    #expect(
      problems {
        $0.daily = true; $0.weekdays = ["mon"]
      }.contains { $0.contains("--on does not apply") })
    #expect(
      problems {
        $0.daily = true; $0.day = 3
      }.contains { $0.contains("--day does not apply") })
    #expect(
      problems {
        $0.daily = true; $0.maxPerDay = "10 mg"
      }.contains { $0.contains("--max-per-day does not apply") })
    #expect(
      problems {
        $0.asNeeded = true; $0.times = ["08:00"]
      }.contains { $0.contains("--at does not apply") })
    #expect(
      problems {
        $0.weekly = true; $0.weekdays = ["mon"]; $0.times = ["08:00", "20:00"]
      }.contains { $0.contains("only --daily") })
  }
}

extension DoseLedgerTests {
  @Test("CMA7 over a period that starts after the first dose is computed, with earlier supply carried in")
  func cmaAfterTheFirstDose() {
    // Propranolol daily at 08:00 from 1 Nov, taken every day but the 10th of each month.
    var events: [DiaryEvent] = [.regimenPrescribed(Self.propranolol)]
    var date = day("2026-11-01")
    while date <= day("2026-12-20") {
      if date.day != 10 {
        events.append(
          .doseTaken(
            TakenDose(
              medicationID: "propranolol", instant: date.instant(at: clock("08:05"), in: TimeZone(identifier: "UTC")!),
              regimenID: "p")))
      }
      date = date.adding(days: 1)
    }
    let record = Self.record(events, now: at("2026-12-20", "12:00"))
    let whole = MedicationAdherence.compute(
      record: record, medicationID: "propranolol", from: day("2026-11-01"), through: day("2026-12-20"))
    let later = MedicationAdherence.compute(
      record: record, medicationID: "propranolol", from: day("2026-12-01"), through: day("2026-12-20"))
    #expect(whole.cma.map { ($0 * 50).rounded() } == 48, "48 of 50 days")
    #expect(later.cma.map { ($0 * 20).rounded() } == 19, "19 of the 20 days from 1 Dec; not 'not computable'")
    #expect(later.pdc == later.cma)
  }
}

extension DoseLedgerTests {
  @Test("a break between a regimen stopped and the next one started is not missing supply")
  func breakBetweenRegimens() {
    let first = regimen(
      .daily(times: [clock("08:00")]), start: "2026-11-01", end: "2026-11-09", dose: "40 mg", medication: "propranolol",
      id: "p1")
    let second = regimen(
      .daily(times: [clock("08:00")]), start: "2026-11-15", dose: "40 mg", medication: "propranolol", id: "p2")
    var events: [DiaryEvent] = [.regimenPrescribed(first), .regimenPrescribed(second)]
    for date in ["01", "02", "03", "04", "05", "06", "07", "08", "09", "15", "16", "17", "18", "19", "20"] {
      events.append(
        .doseTaken(TakenDose(medicationID: "propranolol", instant: at("2026-11-\(date)", "08:05"))))
    }
    let record = Self.record(events, now: at("2026-11-20", "12:00"))
    let adherence = MedicationAdherence.compute(
      record: record, medicationID: "propranolol", from: day("2026-11-01"), through: day("2026-11-20"))
    #expect(adherence.pdc == 1, "15 of the 15 prescribed days; the five days between are not counted")
    #expect(adherence.longestGapDays == 0)
    #expect(adherence.slices.first?.pdc == 1)
    #expect(
      record.prescribedDays(medicationID: "propranolol", from: day("2026-11-08"), through: day("2026-11-16")) == [
        true, true, false, false, false, false, false, true, true,
      ])
  }
}
