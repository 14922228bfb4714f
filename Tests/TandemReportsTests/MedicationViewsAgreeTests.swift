import Foundation
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemReports

/// Random diaries — every schedule kind; doses on time, late, extra, skipped, missed; as-needed
/// doses; acute medication logged with headaches; corrections — read through every view of the
/// same facts: `due`, adherence, the timeline, the calendar, the report's JSON and its FHIR bundle.
/// Each view must give the same counts for the same period.
@Suite("Medication views agree")
struct MedicationViewsAgreeTests {
  /// A small deterministic generator (SplitMix64), so a failing seed can be replayed.
  struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
      state &+= 0x9E37_79B9_7F4A_7C15
      var z = state
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    mutating func int(_ range: ClosedRange<Int>) -> Int {
      range.lowerBound + Int(next() % UInt64(range.count))
    }
    mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }
  }

  static let utc = TimeZone(identifier: "UTC")!

  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
      strengths: [Quantity(value: 60, unit: .mg)], overuseClass: .gepant),
    Medication(
      id: "erenumab", genericName: "erenumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], strengths: [Quantity(value: 140, unit: .mg)], restartsScheduleWhenLate: true),
    Medication(
      id: "galcanezumab", genericName: "galcanezumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], strengths: [Quantity(value: 120, unit: .mg)]),
    Medication(
      id: "propranolol", genericName: "propranolol", medicationClass: .betaBlocker, use: .preventive, routes: [.oral],
      strengths: [Quantity(value: 40, unit: .mg)]),
    Medication(
      id: "candesartan", genericName: "candesartan", medicationClass: .other, use: .preventive, routes: [.oral],
      strengths: [Quantity(value: 8, unit: .mg)]),
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      strengths: [Quantity(value: 50, unit: .mg)], overuseClass: .triptan,
      maxPer24Hours: Quantity(value: 200, unit: .mg),
      minimumHoursBetweenDoses: 2),
    Medication(
      id: "ibuprofen", genericName: "ibuprofen", medicationClass: .nsaid, use: .acute, routes: [.oral],
      strengths: [Quantity(value: 400, unit: .mg)], overuseClass: .simpleAnalgesic),
  ])

  /// One random diary read at `now`.
  static func diary(seed: UInt64) -> (record: CareRecord, entries: [DiaryEntry]) {
    var random = Random(state: seed)
    let today = LocalDate(iso: "2026-12-01")!
    let now = today.instant(at: LocalTime(hour: 12, minute: 0)!, in: utc)
    let mg = { (value: Double) in Quantity(value: value, unit: .mg) }
    let at = { (hour: Int) in LocalTime(hour: hour, minute: 0)! }
    let candidates: [(String, Quantity, Schedule)] = [
      ("atogepant", mg(60), .daily(times: [at(random.int(6...10))])),
      ("propranolol", mg(40), .daily(times: [at(8), at(20)])),
      ("candesartan", mg(8), .everyNDays(interval: random.int(2...4), at: at(9))),
      ("candesartan", mg(8), .weekly(weekdays: [.monday, .thursday], at: at(9))),
      ("erenumab", mg(140), .monthly(day: random.int(1...31), at: at(10))),
      ("erenumab", mg(140), .everyNWeeks(interval: 4, at: at(10))),
      ("galcanezumab", mg(120), .loading(dose: mg(240), then: .monthly(day: random.int(1...28), at: at(11)))),
      ("galcanezumab", mg(120), .everyNMonths(interval: 1, at: at(11))),
    ]
    var events: [DiaryEvent] = []
    var used = Set<String>()
    for _ in 0..<random.int(1...3) {
      let (medication, dose, schedule) = candidates[random.int(0...(candidates.count - 1))]
      guard used.insert(medication).inserted else { continue }
      let start = today.adding(days: -random.int(20...150))
      let end: LocalDate? = random.chance(20) ? today.adding(days: -random.int(0...15)) : nil
      events.append(
        .regimenPrescribed(
          Regimen(
            id: "r-\(medication)", medicationID: medication, dose: dose, schedule: schedule, start: start, end: end,
            timeZoneIdentifier: "UTC", medication: catalogue.medication(id: medication))))
    }
    events.append(
      .regimenPrescribed(
        Regimen(
          id: "r-sumatriptan", medicationID: "sumatriptan", dose: mg(50),
          schedule: .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: today.adding(days: -200),
          timeZoneIdentifier: "UTC")))

    // Doses for occurrences up to a week before today, so no dose lands in a future occurrence's window.
    var timed: [(Date, DiaryEvent)] = []
    for case .regimenPrescribed(let regimen) in events where regimen.schedule.isScheduled {
      let occurrences = ScheduleCalendar.occurrences(of: regimen, from: regimen.start, through: today.adding(days: -8))
      for occurrence in occurrences {
        let w = regimen.lateWindow
        let limit = (occurrence.nextDue.map { $0 - w } ?? occurrence.due + 24 * 3600) - 120
        let roll = random.int(0...99)
        var instant: Date?
        let windowMinutes = Int(w / 60)
        let lateOpens: Date = occurrence.due + w + 60
        switch roll {
        case 0..<55:
          let offset = Double(random.int(-windowMinutes...windowMinutes)) * 60
          instant = occurrence.due + offset
        case 55..<70:
          if limit > lateOpens {
            let span = Int(limit.timeIntervalSince(lateOpens) / 60)
            let offset = Double(random.int(0...span)) * 60
            instant = lateOpens + offset
          }
        case 70..<80:
          timed.append(
            (
              occurrence.due,
              .doseSkipped(
                SkippedDose(
                  medicationID: regimen.medicationID, instant: occurrence.due, reason: "nausea",
                  occurrenceDate: occurrence.date, regimenID: regimen.id, occurrenceTime: occurrence.time))
            ))
        default: break  // missed
        }
        if let instant {
          timed.append((instant, .doseTaken(TakenDose(medicationID: regimen.medicationID, instant: instant))))
          if random.chance(5) {  // a double dose a minute later
            timed.append(
              (instant + 60, .doseTaken(TakenDose(medicationID: regimen.medicationID, instant: instant + 60))))
          }
        }
      }
    }
    // As-needed doses and headaches with acute medication, some in the last day.
    for index in 0..<random.int(5...40) {
      let instant = now - Double(random.int(60...(index < 3 ? 24 * 60 : 120 * 24 * 60))) * 60
      if random.chance(50) {
        timed.append(
          (
            instant,
            .doseTaken(
              TakenDose(medicationID: "sumatriptan", instant: instant, amount: random.chance(50) ? mg(100) : nil))
          ))
      } else {
        let intakes = (0..<random.int(1...3)).map { k in
          let medication = random.chance(70) ? "sumatriptan" : "ibuprofen"
          let known = catalogue.medication(id: medication)!
          return AcuteIntake(
            medicationID: medication, overuseClass: known.overuseClass, medicationClass: known.medicationClass,
            at: instant + Double(k * 20 * 60), amount: random.chance(50) ? mg(50) : nil)
        }
        timed.append(
          (
            instant,
            .attackLogged(
              Attack(
                id: "a\(index)", start: instant, end: instant + 4 * 3600, severity: random.int(1...10), acute: intakes))
          ))
      }
    }
    // Nothing can be logged before it happens.
    timed = timed.filter { $0.0 <= now }
    timed.sort { $0.0 < $1.0 }
    events += timed.map(\.1).filter {
      if case .attackLogged(let attack) = $0 { return attack.acute.allSatisfy { $0.at <= now } }
      return true
    }
    // Corrections: some doses removed, some amounts changed.
    var entries = events.enumerated().map {
      DiaryEntry(sequence: Int64($0.offset + 1), recordedAt: now, event: $0.element)
    }
    for entry in entries where random.chance(4) {
      guard case .doseTaken(var dose) = entry.event else { continue }
      let replacement: DiaryEvent?
      if random.chance(50) {
        replacement = nil
      } else {
        dose.amount = mg(Double(random.int(1...4)) * 25)
        replacement = .doseTaken(dose)
      }
      entries.append(
        DiaryEntry(
          sequence: Int64(entries.count + 1), recordedAt: now,
          event: .corrected(sequence: entry.sequence, replacement: replacement, reason: "typo")))
    }
    let record = CareRecord(ledger: DiaryLedger(entries), sessions: [], catalogue: catalogue, now: now, timeZone: utc)
    return (record, entries)
  }

  struct Tally: Equatable, CustomStringConvertible {
    var onTime = 0, late = 0, skipped = 0, missed = 0
    var description: String { "on time \(onTime), late \(late), skipped \(skipped), missed \(missed)" }
  }

  @Test("due, adherence, timeline, calendar, report JSON and FHIR count the same doses", arguments: 1...60)
  func viewsAgree(seed: Int) throws {
    let (record, _) = Self.diary(seed: UInt64(seed))
    let today = record.today
    let from = try #require(record.regimens.map(\.start).min())

    // Adherence, medication by medication, over the whole record.
    var adherence = Tally()
    var overdue = 0
    for medicationID in Set(record.regimens.filter(\.schedule.isScheduled).map(\.medicationID)) {
      let counts = MedicationAdherence.compute(record: record, medicationID: medicationID, from: from, through: today)
        .counts
      adherence.onTime += counts.onTime
      adherence.late += counts.late
      adherence.skipped += counts.skipped
      adherence.missed += counts.missed
      overdue += counts.overdue
      #expect(counts.expected == counts.onTime + counts.late + counts.skipped + counts.missed)
    }

    // The timeline.
    let timeline = record.timeline(from: from, through: today)
    var fromTimeline = Tally()
    fromTimeline.onTime = timeline.filter { $0.kind == .doseOnTime }.count
    fromTimeline.late = timeline.filter { $0.kind == .doseLate }.count
    fromTimeline.skipped = timeline.filter { $0.kind == .doseSkipped }.count
    fromTimeline.missed = timeline.filter { $0.kind == .doseMissed }.count
    #expect(fromTimeline == adherence, "seed \(seed): timeline")

    // The calendar's missed doses.
    let calendar = record.calendarDays(from: from, through: today)
    #expect(calendar.map(\.missedDoses).reduce(0, +) == adherence.missed, "seed \(seed): calendar")

    // The report, through its JSON.
    let request = ReportRequest(from: from, through: today, generatedAt: record.now)
    let report = try JSONReport.decode(JSONReport.render(Report.build(record: record, request: request)))
    var fromReport = Tally()
    for summary in report.adherence {
      fromReport.onTime += summary.counts.onTime
      fromReport.late += summary.counts.late
      fromReport.skipped += summary.counts.skipped
      fromReport.missed += summary.counts.missed
    }
    #expect(fromReport == adherence, "seed \(seed): report adherence")
    var fromDays = Tally()
    for day in report.days {
      for doses in day.doses {
        fromDays.onTime += doses.onTime
        fromDays.late += doses.late
        fromDays.skipped += doses.skipped
        fromDays.missed += doses.missed
      }
    }
    #expect(fromDays == adherence, "seed \(seed): report days")

    // The FHIR bundle's administrations, by how each dose counts.
    let bundle = try #require(
      try JSONSerialization.jsonObject(with: Data(FHIRReport.render(report).utf8)) as? [String: Any])
    let statuses = (bundle["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
      .filter { $0["resourceType"] as? String == "MedicationAdministration" }
      .compactMap { ($0["extension"] as? [[String: Any]])?.first?["valueCode"] as? String }
    var fromFHIR = Tally()
    fromFHIR.onTime = statuses.filter { $0 == "on-time" }.count
    fromFHIR.late = statuses.filter { $0 == "late" }.count
    fromFHIR.skipped = statuses.filter { $0 == "skipped" }.count
    fromFHIR.missed = statuses.filter { $0 == "missed" || $0 == "overdue" }.count
    #expect(fromFHIR == adherence, "seed \(seed): FHIR")
    #expect(statuses.filter { $0 == "overdue" }.count == overdue, "seed \(seed): FHIR overdue")

    // `due`: the occurrences overdue now are the ones adherence counts as still overdue.
    let due = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: Self.catalogue)
    #expect(due.entries.map(\.overdue.count).reduce(0, +) == overdue, "seed \(seed): due")

    // As-needed: `due` counts every sumatriptan intake of the last 24 hours, whichever path logged it.
    let dayAgo = record.now - 24 * 3600
    // An intake logged both as a dose and with a headache at the same moment is one intake.
    let logged = record.doses.filter {
      $0.medicationID == "sumatriptan" && $0.instant > dayAgo && $0.instant <= record.now
    }
    let loggedMoments = Set(record.doses.filter { $0.medicationID == "sumatriptan" }.map(\.instant))
    let withAttacks = record.attacks.flatMap(\.acute).filter {
      $0.medicationID == "sumatriptan" && $0.at > dayAgo && $0.at <= record.now && !loggedMoments.contains($0.at)
    }
    let prn = due.entries.first { $0.regimenID == "r-sumatriptan" }?.asNeeded
    #expect(prn?.dosesInLast24Hours == logged.count + withAttacks.count, "seed \(seed): as-needed")
    // And the report lists each of those intakes once.
    let start = from.instant(at: .midnight, in: Self.utc)
    let allSumatriptan =
      record.doses.filter { $0.medicationID == "sumatriptan" && $0.instant >= start }.count
      + record.attacks.flatMap(\.acute).filter {
        $0.medicationID == "sumatriptan" && $0.at >= start && !loggedMoments.contains($0.at)
      }.count
    #expect(
      report.doseLog.filter { $0.medicationID == "sumatriptan" }.count == allSumatriptan, "seed \(seed): dose log")
  }
}

/// The commands that read only part of a long diary (`DiaryReach`) see what the whole diary says.
@Suite("Windowed reads agree with the whole diary")
struct WindowedReadsAgreeTests {
  static func windowed(_ plan: DiaryReach.Plan, _ entries: [DiaryEntry], like record: CareRecord) -> CareRecord {
    let read = DiaryReach.union(plan.windows.map { $0.entries(of: entries) })
    return CareRecord(
      ledger: DiaryLedger(read), sessions: [], catalogue: record.catalogue, now: record.now, timeZone: record.timeZone,
      historyStart: plan.historyStart)
  }

  @Test("due from its window matches due from the whole diary", arguments: 1...40)
  func due(seed: Int) {
    let (record, entries) = MedicationViewsAgreeTests.diary(seed: UInt64(seed))
    let plan = DiaryReach.due(
      regimens: record.regimens, catalogue: record.catalogue, now: record.now, timeZone: record.timeZone)
    let part = Self.windowed(plan, entries, like: record)
    let whole = DueList.compute(ledger: record.doseLedger, regimens: record.regimens, catalogue: record.catalogue)
    let seen = DueList.compute(ledger: part.doseLedger, regimens: part.regimens, catalogue: part.catalogue)
    #expect(seen.entries.map(\.dueNow) == whole.entries.map(\.dueNow), "seed \(seed)")
    #expect(seen.entries.map(\.overdue) == whole.entries.map(\.overdue), "seed \(seed)")
    #expect(seen.entries.map(\.next) == whole.entries.map(\.next), "seed \(seed)")
    #expect(seen.entries.map(\.asNeeded) == whole.entries.map(\.asNeeded), "seed \(seed)")
    for (a, b) in zip(seen.entries, whole.entries) where !a.overdueSinceAtLeast {
      #expect(a.overdueSince == b.overdueSince, "seed \(seed) \(a.regimenID)")
      #expect(a.missedInARow == b.missedInARow, "seed \(seed) \(a.regimenID)")
    }
  }

  @Test("dose take from its window decides as from the whole diary", arguments: 1...40)
  func doseTake(seed: Int) throws {
    let (record, entries) = MedicationViewsAgreeTests.diary(seed: UInt64(seed))
    for regimen in record.regimens {
      guard let medication = record.catalogue.medication(id: regimen.medicationID) else { continue }
      for hoursAgo: Double in [0, 3, 30, 216] {
        let instant = record.now - hoursAgo * 3600
        let plan = DiaryReach.dose(
          of: medication.id, at: instant, regimens: record.regimens, catalogue: record.catalogue,
          timeZone: record.timeZone)
        let part = Self.windowed(plan, entries, like: record)
        let whole = try? DoseLogging.take(medication, at: instant, amount: nil, again: true, record: record)
        let seen = try? DoseLogging.take(medication, at: instant, amount: nil, again: true, record: part)
        #expect(seen == whole, "seed \(seed) \(medication.id) \(hoursAgo) h ago")
        #expect(
          DoseLogging.duplicate(of: medication.id, at: instant, timeGiven: false, in: part)?.dose
            == DoseLogging.duplicate(of: medication.id, at: instant, timeGiven: false, in: record)?.dose)
      }
    }
  }
}
