import Foundation
import TandemBase
import TandemCare
import TandemReports
import TandemTherapy

/// Hand-built records whose figures are worked out in the tests' comments.
enum ReportFixtures {
  static let utc = TimeZone(secondsFromGMT: 0)!

  static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

  /// `2026-03-05T08:10:00Z`.
  static func at(_ text: String) -> Date {
    let formatter = ISO8601DateFormatter()
    return formatter.date(from: text)!
  }

  static let catalogue = MedicationCatalogue([
    Medication(
      id: "atogepant", genericName: "atogepant", brandNames: ["Qulipta"], medicationClass: .gepant, use: .preventive,
      routes: [.oral], overuseClass: .gepant),
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute, routes: [.oral],
      overuseClass: .triptan, maxPer24Hours: Quantity(value: 200, unit: .mg)),
    Medication(
      id: "ibuprofen", genericName: "ibuprofen", medicationClass: .nsaid, use: .acute, routes: [.oral],
      overuseClass: .simpleAnalgesic),
    Medication(
      id: "erenumab", genericName: "erenumab", medicationClass: .cgrpAntibody, use: .preventive,
      routes: [.subcutaneous], restartsScheduleWhenLate: true),
  ])

  static func intake(_ id: String, _ time: String, _ mg: Double) -> AcuteIntake {
    let medication = catalogue.medication(id: id)!
    return AcuteIntake(
      medicationID: id, overuseClass: medication.overuseClass, medicationClass: medication.medicationClass,
      at: at(time), amount: Quantity(value: mg, unit: .mg))
  }

  /// March 2026 in UTC, read at 2026-03-31 12:00.
  ///
  /// - atogepant 30 mg daily 08:00 from 03-01 to 03-15, then 60 mg from 03-16 (a dose change). Taken 08:10 every
  ///   day except 03-05 (nothing: missed), 03-06 (skipped) and 03-10 (13:00: late). 31 expected: 28 on time, 1
  ///   late, 1 skipped, 1 missed. Supply covers 29 of 31 days: PDC 29/31 = 93.5%; longest gap 03-05 to 03-06.
  /// - sumatriptan as needed; three attacks: 03-03 severe migraine (sumatriptan), 03-12 mild headache (ibuprofen),
  ///   03-20 moderate migraine (sumatriptan). 3 headache days, 2 migraine days in 31 diary days.
  /// - Sessions: paced breathing completed 03-04 (tension 7 → 4, 5 min timer, home practice "In the morning"),
  ///   committed action completed 03-18 (small action), a red-flag stop 03-25, an abandoned session 03-27.
  ///
  /// `extra` events are recorded after these, and `moreSessions` join the sessions.
  static func march(adding extra: [(Date, DiaryEvent)] = [], moreSessions: [StoredSession] = []) -> CareRecord {
    var entries: [DiaryEntry] = []
    var sequence: Int64 = 0
    func add(_ recordedAt: Date, _ event: DiaryEvent) {
      sequence += 1
      entries.append(DiaryEntry(sequence: sequence, recordedAt: recordedAt, event: event))
    }
    let setup = at("2026-03-01T07:00:00Z")
    add(
      setup,
      .regimenPrescribed(
        Regimen(
          id: "r-atogepant-30", medicationID: "atogepant", dose: Quantity(value: 30, unit: .mg),
          schedule: .daily(times: [LocalTime(hour: 8, minute: 0)!]), start: day("2026-03-01"), end: day("2026-03-15"),
          timeZoneIdentifier: "UTC")))
    add(
      setup,
      .regimenPrescribed(
        Regimen(
          id: "r-atogepant-60", medicationID: "atogepant", dose: Quantity(value: 60, unit: .mg),
          schedule: .daily(times: [LocalTime(hour: 8, minute: 0)!]), start: day("2026-03-16"),
          timeZoneIdentifier: "UTC")))
    add(
      setup,
      .regimenPrescribed(
        Regimen(
          id: "r-sumatriptan", medicationID: "sumatriptan", dose: Quantity(value: 50, unit: .mg),
          schedule: .asNeeded(maxPer24Hours: Quantity(value: 200, unit: .mg), minimumHoursBetweenDoses: 2),
          start: day("2026-03-01"), timeZoneIdentifier: "UTC")))
    for d in 1...31 {
      let date = String(format: "2026-03-%02d", d)
      switch d {
      case 5: continue
      case 6:
        add(
          at("\(date)T07:30:00Z"),
          .doseSkipped(
            SkippedDose(
              medicationID: "atogepant", instant: at("\(date)T07:30:00Z"), reason: "stomach upset",
              occurrenceDate: day(date))))
      case 10:
        add(at("\(date)T13:00:00Z"), .doseTaken(TakenDose(medicationID: "atogepant", instant: at("\(date)T13:00:00Z"))))
      default:
        add(at("\(date)T08:10:00Z"), .doseTaken(TakenDose(medicationID: "atogepant", instant: at("\(date)T08:10:00Z"))))
      }
    }
    add(
      at("2026-03-03T17:00:00Z"),
      .attackLogged(
        Attack(
          id: "a1", start: at("2026-03-03T10:00:00Z"), end: at("2026-03-03T16:00:00Z"), severity: 7,
          nauseaOrVomiting: true, acute: [intake("sumatriptan", "2026-03-03T10:30:00Z", 50)])))
    add(
      at("2026-03-12T12:00:00Z"),
      .attackLogged(
        Attack(
          id: "a2", start: at("2026-03-12T09:00:00Z"), end: at("2026-03-12T11:00:00Z"), severity: 3,
          acute: [intake("ibuprofen", "2026-03-12T09:15:00Z", 400)])))
    add(
      at("2026-03-20T23:00:00Z"),
      .attackLogged(
        Attack(
          id: "a3", start: at("2026-03-20T14:00:00Z"), end: at("2026-03-20T22:00:00Z"), severity: 6,
          photophobia: true, phonophobia: true, acute: [intake("sumatriptan", "2026-03-20T15:00:00Z", 50)])))
    for (recordedAt, event) in extra { add(recordedAt, event) }
    return CareRecord(
      ledger: DiaryLedger(entries), sessions: sessions() + moreSessions, catalogue: catalogue,
      now: at("2026-03-31T12:00:00Z"), timeZone: utc)
  }

  static let breathing = Module(
    id: "paced-breathing", version: 2, title: "Paced breathing", approach: .relaxation, minutes: 10,
    summary: "Slow breathing.",
    steps: [
      Step(
        id: "tension-before", kind: .scale(question: "How tense are you now?", min: 0, max: 10, anchors: []),
        rating: .init(name: "tension", phase: .before)),
      Step(id: "breathe", kind: .timer(body: "Breathe.", seconds: 300, phases: [])),
      Step(
        id: "tension-after", kind: .scale(question: "And now?", min: 0, max: 10, anchors: []),
        rating: .init(name: "tension", phase: .after)),
      Step(
        id: "home-practice", title: "Your home practice",
        kind: .choice(
          question: "When will you practise?", multiple: false,
          options: [.init(id: "morning", label: "In the morning"), .init(id: "evening", label: "In the evening")])),
    ])

  static let committed = Module(
    id: "committed-action", version: 1, title: "Committed action", approach: .act, process: .committedAction,
    minutes: 15, summary: "One small step.",
    steps: [
      Step(
        id: "small-action", title: "One small action",
        kind: .prompt(question: "What will you do this week?", minLength: 1, maxLength: 300)),
      Step(id: "importance", kind: .scale(question: "How important?", min: 0, max: 10, anchors: [])),
    ])

  static let education = Module(
    id: "your-migraine-plan", version: 1, title: "Your migraine, your plan", approach: .education, minutes: 10,
    summary: "Basics.",
    steps: [
      Step(
        id: "red-flag-check",
        kind: .safety(question: "Any of these?", items: ["thunderclap headache"], guidance: "Seek urgent care.")),
      Step(id: "what-is-migraine", kind: .text(body: "Migraine is...")),
    ])

  static func session(_ id: String, _ module: Module, _ start: String, _ events: [SessionEvent]) -> StoredSession {
    let begin = at(start)
    let all: [SessionEvent] = [.started(moduleID: module.id, version: module.version, contentHash: "h")] + events
    let entries = all.enumerated().map { i, event in
      JournalEntry(sequence: Int64(1000 + i), recordedAt: begin.addingTimeInterval(Double(i) * 120), event: event)
    }
    return StoredSession(id: id, module: module, contentHash: "h", startedAt: begin, entries: entries)
  }

  static func sessions() -> [StoredSession] {
    [
      session(
        "s1", breathing, "2026-03-04T19:00:00Z",
        [
          .answered(step: "tension-before", answer: .number(7)), .timerFinished(step: "breathe", seconds: 300),
          .answered(step: "tension-after", answer: .number(4)),
          .answered(step: "home-practice", answer: .options(["morning"])), .completed,
        ]),
      session(
        "s2", committed, "2026-03-18T19:00:00Z",
        [
          .answered(step: "small-action", answer: .text("Walk for 10 minutes after lunch on Tuesday")),
          .answered(step: "importance", answer: .number(8)), .completed,
        ]),
      session(
        "s3", education, "2026-03-25T19:00:00Z",
        [.answered(step: "red-flag-check", answer: .safety(flagged: true)), .safetyStopped(step: "red-flag-check")]),
      session(
        "s4", breathing, "2026-03-27T19:00:00Z", [.answered(step: "tension-before", answer: .number(5)), .abandoned]),
    ]
  }

  /// A request for March with a fixed generation time.
  static let marchRequest = ReportRequest(
    from: day("2026-03-01"), through: day("2026-03-31"), patientLabel: "P-017",
    generatedAt: at("2026-03-31T12:00:00Z"))

  /// Nothing recorded at all.
  static func empty() -> CareRecord {
    CareRecord(
      ledger: DiaryLedger([]), sessions: [], catalogue: catalogue, now: at("2026-03-31T12:00:00Z"), timeZone: utc)
  }
}

extension ReportFixtures {
  /// The catalogue plus a preventive with a long name, for labels that must not be cut off.
  static let autumnCatalogue = MedicationCatalogue(
    catalogue.medications + [
      Medication(
        id: "amitriptyline", genericName: "amitriptyline hydrochloride", medicationClass: .tricyclic, use: .preventive,
        routes: [.oral])
    ])

  /// August to 1 December 2026 in UTC, read on 1 December at 12:00: four months of a busier diary.
  ///
  /// - erenumab 140 mg monthly on the 5th from 5 Aug: given 5 Aug, 6 Sep and 5 Oct, not on 5 Nov (overdue 26 days).
  /// - atogepant 60 mg daily from 15 Nov, beside erenumab (one pathway), taken every other day.
  /// - amitriptyline hydrochloride 10 mg at 21:00 from 1 Aug, taken on all but every fifth day.
  /// - sumatriptan as needed (200 mg in 24 h): attacks on 3, 4 or 11 days a month; on 12 Nov three 100 mg doses.
  /// - Paced breathing completed twice a month from September.
  static func autumn() -> CareRecord {
    var entries: [DiaryEntry] = []
    func add(_ event: DiaryEvent) {
      entries.append(
        DiaryEntry(sequence: Int64(entries.count + 1), recordedAt: at("2026-08-01T07:00:00Z"), event: event))
    }
    let eight = LocalTime(hour: 8, minute: 0)!
    func regimen(_ id: String, _ medication: String, _ mg: Double, _ schedule: Schedule, _ start: String) {
      add(
        .regimenPrescribed(
          Regimen(
            id: id, medicationID: medication, dose: Quantity(value: mg, unit: .mg), schedule: schedule,
            start: day(start), timeZoneIdentifier: "UTC")))
    }
    regimen("r-erenumab", "erenumab", 140, .monthly(day: 5, at: eight), "2026-08-05")
    regimen("r-amitriptyline", "amitriptyline", 10, .daily(times: [LocalTime(hour: 21, minute: 0)!]), "2026-08-01")
    regimen(
      "r-sumatriptan", "sumatriptan", 100,
      .asNeeded(maxPer24Hours: Quantity(value: 200, unit: .mg), minimumHoursBetweenDoses: 2), "2026-08-01")
    regimen("r-atogepant", "atogepant", 60, .daily(times: [eight]), "2026-11-15")
    for text in ["2026-08-05T08:10:00Z", "2026-09-06T09:00:00Z", "2026-10-05T08:20:00Z"] {
      add(.doseTaken(TakenDose(medicationID: "erenumab", instant: at(text))))
    }
    var date = day("2026-08-01")
    var n = 0
    while date <= day("2026-11-30") {
      if n % 5 != 4 {
        add(
          .doseTaken(
            TakenDose(
              medicationID: "amitriptyline", instant: date.instant(at: LocalTime(hour: 21, minute: 5)!, in: utc))))
      }
      if date >= day("2026-11-15"), n % 2 == 0 {
        add(
          .doseTaken(
            TakenDose(medicationID: "atogepant", instant: date.instant(at: LocalTime(hour: 8, minute: 5)!, in: utc))))
      }
      date = date.adding(days: 1)
      n += 1
    }
    let attackDays: [(String, [Int])] = [
      ("2026-08", [4, 17, 26]), ("2026-09", [2, 9, 21, 28]), ("2026-10", [6, 15, 24]),
      ("2026-11", [2, 5, 8, 12, 14, 17, 20, 22, 25, 27, 29]),
    ]
    for (month, days) in attackDays {
      for (i, d) in days.enumerated() {
        let start = at("\(month)-\(d < 10 ? "0" : "")\(d)T09:00:00Z")
        var acute = [intake("sumatriptan", "\(month)-\(d < 10 ? "0" : "")\(d)T09:30:00Z", 100)]
        if month == "2026-11", d == 12 {
          acute += [
            intake("sumatriptan", "2026-11-12T13:00:00Z", 100), intake("sumatriptan", "2026-11-12T18:00:00Z", 100),
          ]
        }
        if i % 3 == 1 { acute.append(intake("ibuprofen", "\(month)-\(d < 10 ? "0" : "")\(d)T11:00:00Z", 400)) }
        add(
          .attackLogged(
            Attack(
              id: "\(month)-\(d)", start: start, end: start.addingTimeInterval(Double(3 + i % 4) * 3600 + 1800),
              severity: 4 + (i + d) % 5, aura: i % 4 == 0, auraMinutes: i % 4 == 0 ? 20 : nil,
              nauseaOrVomiting: i % 2 == 0, photophobia: true, phonophobia: i % 3 != 2,
              painFeatures: PainFeatures(unilateral: true, pulsating: i % 2 == 1), acute: acute,
              relief: [Relief.partial, .complete, .none][i % 3], disability: i % 4,
              note: i == 1 ? "after a long shift <b>no lunch</b> & poor sleep" : nil)))
      }
    }
    var sessions: [StoredSession] = []
    for (k, text) in ["2026-09-03", "2026-09-17", "2026-10-01", "2026-10-15", "2026-11-05", "2026-11-19"].enumerated() {
      sessions.append(
        session(
          "b\(k)", breathing, "\(text)T19:00:00Z",
          [
            .answered(step: "tension-before", answer: .number(7 - k % 2)),
            .timerFinished(step: "breathe", seconds: 300),
            .answered(step: "tension-after", answer: .number(3 + k % 2)),
            .answered(step: "home-practice", answer: .options(["evening"])), .completed,
          ]))
    }
    return CareRecord(
      ledger: DiaryLedger(entries), sessions: sessions, catalogue: autumnCatalogue, now: at("2026-12-01T12:00:00Z"),
      timeZone: utc)
  }

  /// August to 1 December 2026.
  static let autumnRequest = ReportRequest(
    from: day("2026-08-01"), through: day("2026-12-01"), patientLabel: "P-042",
    generatedAt: at("2026-12-01T12:00:00Z"))
}
