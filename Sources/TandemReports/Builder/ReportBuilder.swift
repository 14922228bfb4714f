import Foundation
import TandemAdherence
import TandemBase
import TandemCare
import TandemTherapy

extension Report {
  /// Builds the report for `request` from `record`. Pure: the same record and request give the same value.
  public static func build(record: CareRecord, request: ReportRequest) -> Report {
    ReportBuilder(record: record, request: request).build()
  }

  /// The first day anything was recorded (see `ReportBuilder.diaryStart`).
  public static func diaryStart(of record: CareRecord) -> LocalDate? { ReportBuilder.diaryStart(of: record) }
}

/// Computes each section once; `Report.build` is its only entry point.
struct ReportBuilder {
  let record: CareRecord
  let request: ReportRequest
  let zone: TimeZone
  let from: LocalDate
  let through: LocalDate
  let asOf: LocalDate
  let diaryStart: LocalDate?
  let intakes: [AcuteIntake]
  let attacks: [Attack]
  let names: [String: Medication]

  /// A builder for `request`; `knownDiaryStart` is the first day of the diary when `record` was read from a window
  /// that may leave out earlier entries (the earlier of it and what the record shows counts).
  init(record: CareRecord, request: ReportRequest, knownDiaryStart: LocalDate? = nil) {
    self.record = record
    self.request = request
    zone = record.timeZone
    from = request.from
    through = max(request.through, request.from)
    asOf = min(through, record.today)
    diaryStart = [Self.diaryStart(of: record), knownDiaryStart.flatMap { $0 <= record.today ? $0 : nil }]
      .compactMap { $0 }.min()
    intakes = Self.uniqueIntakes(record.acuteIntakes)
    attacks = record.attacks
    var names: [String: Medication] = [:]
    for medication in record.catalogue.medications { names[medication.id] = medication }
    self.names = names
  }

  /// A medication as the report's sentences name it; a patient's own entry is marked as such
  /// wherever it is named (flags, the bottom line, adherence), not only in the regimen list.
  func name(_ id: String) -> String {
    guard let medication = names[id] else { return id }
    return medication.genericName + (medication.isPatientEntry ? " (patient's own entry)" : "")
  }

  /// The first day anything was recorded: the day of the first journal entry, dose, headache or session. Regimen
  /// start dates do not count: a regimen entered with an earlier start says nothing about headaches before it.
  static func diaryStart(of record: CareRecord) -> LocalDate? {
    let zone = record.timeZone
    var days: [LocalDate] = []
    days += record.ledger.regimens.map { LocalDate($0.recordedAt, in: zone) }
    days += record.ledger.doses.map { LocalDate($0.value.instant, in: zone) }
    days += record.ledger.skips.map { LocalDate($0.value.instant, in: zone) }
    days += record.ledger.attacks.map { LocalDate($0.value.start, in: zone) }
    days += record.ledger.attacks.flatMap { $0.value.acute.map { LocalDate($0.at, in: zone) } }
    days += record.sessions.map { LocalDate($0.startedAt, in: zone) }
    return days.filter { $0 <= record.today }.min()
  }

  static func uniqueIntakes(_ intakes: [AcuteIntake]) -> [AcuteIntake] {
    struct Key: Hashable {
      var id: String
      var at: Date
    }
    var seen = Set<Key>()
    return intakes.filter { seen.insert(Key(id: $0.medicationID, at: $0.at)).inserted }
  }

  /// Every day of the period, from the diary and as the report shows it, with what they were built from.
  struct DailyFigures {
    var measures: MigraineMeasures
    /// Medications with a scheduled regimen in the period, in the order first prescribed.
    var scheduled: [String]
    var resolutions: [String: [ResolvedOccurrence]]
    var sessions: SessionFacts
    var days: [ReportDay]
  }

  /// The period's days: what the report's sections, its months and `tandem progress`'s weeks all count.
  func dailyFigures() -> DailyFigures {
    let measures = MigraineMeasures.compute(
      attacks: attacks, intakes: intakes, from: from, through: through, timeZone: zone, diaryStart: diaryStart,
      asOf: record.today)
    let scheduled = scheduledMedications()
    let resolutions = resolvedOccurrences()
    let sessions = SessionFacts.collect(record.sessions, zone: zone, from: from, through: through)
    let days = reportDays(measures.days, scheduled: scheduled, resolutions: resolutions, sessions: sessions)
    return DailyFigures(
      measures: measures, scheduled: scheduled, resolutions: resolutions, sessions: sessions, days: days)
  }

  func build() -> Report {
    let daily = dailyFigures()
    let measures = daily.measures
    let scheduled = daily.scheduled
    let resolutions = daily.resolutions
    let regimenLines = regimens()
    // Each medication's supply through the day the record was read, for its gap and its months.
    var supplies: [String: [SupplyEvent]] = [:]
    for medicationID in scheduled {
      supplies[medicationID] = record.supplyEvents(medicationID: medicationID, through: asOf)
    }
    let adherence = scheduled.map {
      adherenceSummary(medicationID: $0, resolutions: resolutions, supply: supplies[$0] ?? [])
    }
    let migraine = migraineSummary(measures)
    let acute = acuteSummary(measures)
    let therapy = TherapyBuilder(facts: daily.sessions, zone: zone, now: record.now).summary()
    let days = daily.days
    let months = months(measures.days, days: days)
    let doseLog = doseLog(resolutions: resolutions)
    let baseline = request.baseline ?? diaryStart.map { $0...$0.adding(days: MigraineComparison.windowLength - 1) }
    let header = Report.Header(
      patientLabel: request.patientLabel, generatedAt: ReportClock.iso(request.generatedAt, in: zone), from: from,
      through: through, periodDays: from.days(to: through) + 1, asOf: asOf, timeZone: zone.identifier,
      diaryStart: diaryStart, baselineFrom: baseline?.lowerBound, baselineThrough: baseline?.upperBound,
      baselineSource: request.baseline == nil ? "first-28-days" : "given")
    var report = Report(
      schemaVersion: Report.currentSchemaVersion, header: header, flags: [], dataNotes: [], regimens: regimenLines,
      regimenChanges: regimenChanges(), adherence: adherence, migraine: migraine, acuteMedication: acute,
      therapy: therapy, months: months, days: days, doseLog: doseLog)
    report.attacks = attackLines()
    addTrend(to: &report, supplies: supplies)
    let overdue = overduePreventives()
    report.flags = flags(report, overdue: overdue)
    report.dataNotes = dataNotes(report, measures: measures)
    report.bottomLine = bottomLine(report, overdue: overdue)
    if let program = request.program { report.programOutcomes = programOutcomes(program, report: report) }
    if !request.suggestionRules.isEmpty {
      // The facts are the same whatever the report's period: the 90 days to the day it was read.
      var window = request
      window.suggestionRules = []
      window.from = asOf.adding(days: -89)
      window.through = asOf
      window.baseline = nil
      let same =
        window.from == request.from && window.through == request.through && request.baseline == nil
        && request.program == nil
      let recent = same ? report : ReportBuilder(record: record, request: window).build()
      let fired = FiredSuggestion.fire(request.suggestionRules, facts: SuggestionFacts.compute(recent))
      report.suggestions = fired.isEmpty ? nil : fired
    }
    return report
  }

  // MARK: Regimens

  func overlapsPeriod(_ regimen: Regimen) -> Bool {
    regimen.start <= through && (regimen.end.map { $0 >= from } ?? true)
  }

  func regimens() -> [Report.RegimenLine] {
    // In the order they were recorded (the events' own times), not the order this store received them in: every
    // copy of the record (each terminal's, the clinic's) lists them alike. Regimens recorded at once (one command)
    // travel together and keep their order.
    var recorded: [String: Date] = [:]
    for entry in record.ledger.regimens { recorded[entry.value.id] = entry.recordedAt }
    let ordered = record.regimens.enumerated().sorted {
      (recorded[$0.element.id] ?? .distantPast, $0.offset) < (recorded[$1.element.id] ?? .distantPast, $1.offset)
    }.map(\.element)
    return ordered.filter(overlapsPeriod).map { regimen in
      let medication = names[regimen.medicationID]
      let status =
        regimen.start > record.today ? "upcoming" : regimen.end.map { $0 <= through ? "ended" : "active" } ?? "active"
      return Report.RegimenLine(
        id: regimen.id, medicationID: regimen.medicationID, name: medication?.genericName ?? regimen.medicationID,
        medicationClass: medication?.medicationClass.rawValue ?? "other", use: medication?.use.rawValue ?? "preventive",
        dose: regimen.dose, schedule: regimen.schedule, scheduleText: regimen.schedule.wording,
        start: regimen.start, end: regimen.end, status: status,
        patientEntry: medication?.isPatientEntry == true ? true : nil)
    }
  }

  func regimenChanges() -> [Report.RegimenChange] {
    let all = record.regimens
    var changes: [Report.RegimenChange] = []
    for regimen in all {
      let label = "\(name(regimen.medicationID)) \(regimen.dose) \(regimen.schedule.wording)"
      if regimen.start >= from, regimen.start <= through {
        let predecessor = all.first {
          $0.id != regimen.id && $0.medicationID == regimen.medicationID
            && $0.end.map { $0.adding(days: 1) >= regimen.start && $0 < regimen.start.adding(days: 1) } == true
        }
        if let predecessor {
          let kind = predecessor.dose != regimen.dose ? "dose-changed" : "schedule-changed"
          let what =
            predecessor.dose != regimen.dose
            ? "\(name(regimen.medicationID)) dose changed from \(predecessor.dose) to \(regimen.dose), "
              + regimen.schedule.wording
            : "\(name(regimen.medicationID)) \(regimen.dose) schedule changed to "
              + regimen.schedule.wording
          changes.append(
            Report.RegimenChange(
              date: regimen.start, kind: kind, regimenID: regimen.id, medicationID: regimen.medicationID, text: what))
        } else {
          changes.append(
            Report.RegimenChange(
              date: regimen.start, kind: "started", regimenID: regimen.id, medicationID: regimen.medicationID,
              text: "started " + label))
        }
      }
      if let end = regimen.end, end >= from, end <= through {
        let successor = all.contains {
          $0.id != regimen.id && $0.medicationID == regimen.medicationID && $0.start > end.adding(days: -1)
            && $0.start <= end.adding(days: 1)
        }
        if !successor {
          changes.append(
            Report.RegimenChange(
              date: end, kind: "ended", regimenID: regimen.id, medicationID: regimen.medicationID,
              text: "ended " + label + " (last day)"))
        }
      }
    }
    return changes.sorted { ($0.date, $0.kind, $0.regimenID) < ($1.date, $1.kind, $1.regimenID) }
  }

  /// Medications with a scheduled regimen overlapping the period, in the order first prescribed.
  func scheduledMedications() -> [String] {
    var seen = Set<String>()
    return record.regimens.filter { $0.schedule.isScheduled && overlapsPeriod($0) }.map(\.medicationID).filter {
      seen.insert($0).inserted
    }
  }

  /// Resolved occurrences of every scheduled regimen overlapping the period, by medication.
  func resolvedOccurrences() -> [String: [ResolvedOccurrence]] {
    var result: [String: [ResolvedOccurrence]] = [:]
    for regimen in record.regimens where regimen.schedule.isScheduled && overlapsPeriod(regimen) {
      let items = record.resolution(of: regimen, through: asOf).occurrences.filter {
        $0.occurrence.date >= from && $0.occurrence.date <= through
      }
      result[regimen.medicationID, default: []] += items
    }
    return result
  }

  // MARK: Migraine and acute medication

  func migraineSummary(_ measures: MigraineMeasures) -> MigraineSummary {
    let comparison = MigraineComparison.compute(
      attacks: attacks, intakes: intakes, timeZone: zone, asOf: asOf, baseline: request.baseline,
      diaryStart: diaryStart)
    let distribution = SeverityDistribution.of(attacks: attacks, from: from, through: asOf, timeZone: zone)
    let ranges: [SeverityBand: String] = [.none: "0", .mild: "1-3", .moderate: "4-6", .severe: "7-10"]
    let percents = distribution.percents
    let bands = SeverityBand.allCases.map {
      MigraineSummary.Band(
        band: $0.description, range: ranges[$0] ?? "", attacks: distribution.counts[$0] ?? 0,
        share: distribution.share(of: $0), percent: percents[$0])
    }
    return MigraineSummary(
      observedDays: measures.observedDays, headacheDays: measures.headacheDays, migraineDays: measures.migraineDays,
      migraineDaysPer28: measures.monthlyMigraineDays, headacheDaysPer28: measures.headacheDaysPer28,
      attacks: distribution.total, comparison: comparison, comparisonNotes: comparison.shortfalls.map(\.explanation),
      severity: bands)
  }

  func acuteSummary(_ measures: MigraineMeasures) -> AcuteMedicationSummary {
    let risk = OveruseRisk.assess(
      attacks: attacks, intakes: intakes, asOf: asOf, timeZone: zone, diaryStart: diaryStart)
    let byClass = MedicationClass.allCases.compactMap { c -> ClassDays? in
      guard let days = measures.acuteDaysByMedicationClass[c] else { return nil }
      return ClassDays(medicationClass: c.rawValue, days: days, threshold: nil)
    }
    return AcuteMedicationSummary(
      acuteDays: measures.acuteMedicationDays, daysByMedicationClass: byClass, riskLevel: risk.level.description,
      riskAsOf: asOf, riskSince: risk.since, riskSummary: risk.summary,
      findings: risk.findings.map {
        AcuteMedicationSummary.Finding(rule: $0.rule.description, days: $0.days, threshold: $0.threshold)
      },
      latestWindowPartlyObserved: (risk.latest?.observedDays ?? 0) < OveruseWindow.length)
  }

  /// Each calendar month of the period, clipped to it.
  func months(_ diary: [DiaryDay], days: [ReportDay]) -> [ReportMonth] {
    let stretches = stretches { start in
      (LocalDate(year: start.year, month: start.month, day: 1) ?? start).adding(months: 1).adding(days: -1)
    }
    return stretches.map { stretch in
      let start = stretch.lowerBound
      let end = stretch.upperBound
      let totals = totals(stretch, diary: diary, days: days)
      let inside = diary[from.days(to: start)...from.days(to: end)].filter(\.isObserved)
      var byClass: [OveruseClass: Int] = [:]
      var anyClass = 0
      for day in inside {
        let counted = day.overuseClasses.filter { $0.monthlyThreshold != nil }
        for c in counted { byClass[c, default: 0] += 1 }
        if !counted.isEmpty { anyClass += 1 }
      }
      let classes = OveruseClass.allCases.compactMap { c -> ClassDays? in
        guard let n = byClass[c] else { return nil }
        return ClassDays(medicationClass: c.rawValue, days: n, threshold: c.monthlyThreshold)
      }
      return ReportMonth(
        month: "\(start.year)-\(ReportClock.two(start.month))", from: start, through: end,
        observedDays: totals.observedDays, headacheDays: totals.headacheDays, migraineDays: totals.migraineDays,
        acuteDays: totals.acuteDays, daysByOveruseClass: classes,
        severalClassesDays: classes.count >= 2 ? anyClass : nil,
        acuteDoses: totals.acuteDoses, sessionsCompleted: totals.sessionsCompleted,
        minutesPractised: totals.minutesPractised)
    }
  }
}
