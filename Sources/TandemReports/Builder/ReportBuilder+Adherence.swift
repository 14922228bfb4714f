import Foundation
import TandemAdherence
import TandemBase
import TandemCare

extension ReportBuilder {
  /// `supply` is the medication's supply through `asOf` (`CareRecord.supplyEvents`).
  func adherenceSummary(
    medicationID: String, resolutions: [String: [ResolvedOccurrence]], supply: [SupplyEvent]
  ) -> AdherenceSummary {
    let computed = MedicationAdherence.compute(
      record: record, medicationID: medicationID, from: from, through: asOf, method: .cma7)
    let resolved = (resolutions[medicationID] ?? []).filter {
      $0.occurrence.date >= computed.from && $0.occurrence.date <= computed.through
    }
    let regimenIDs = record.regimens.filter {
      $0.medicationID == medicationID && $0.schedule.isScheduled && overlapsPeriod($0)
    }
    .map(\.id)
    let windows = computed.slices.map { slice -> AdherenceSummary.Window in
      let due = resolved.filter {
        $0.occurrence.date >= slice.from && $0.occurrence.date <= slice.through && $0.status.isExpected
      }
      let taken = due.filter { $0.status == .onTime || $0.status == .late }.count
      return AdherenceSummary.Window(
        from: slice.from, through: slice.through, expected: due.count, taken: taken, takenShare: slice.takenShare,
        pdc: slice.pdc)
    }
    let gap = CoverageGap.longest(
      events: supply, from: computed.from, through: computed.through,
      prescribed: record.prescribedDays(medicationID: medicationID, from: computed.from, through: computed.through))
    var note: String?
    if computed.from > computed.through {
      note = "no doses were due yet in the period"
    } else if computed.counts.expected == 0 {
      note = "no doses were due and resolved in the period"
    } else if computed.pdc == nil {
      note = "no dose was taken in the period, so PDC, CMA7 and gaps cannot be computed"
    }
    return AdherenceSummary(
      medicationID: medicationID, name: name(medicationID), use: names[medicationID]?.use.rawValue ?? "preventive",
      regimenIDs: regimenIDs, from: computed.from, through: computed.through, counts: computed.counts,
      pdc: computed.pdc, pdcBelowThreshold: computed.pdc.map { $0 < AdherenceSummary.pdcThreshold }, mpr: computed.mpr,
      cma7: computed.cma, longestGap: gap, missedDates: computed.missedDates,
      skippedDates: resolved.filter { $0.status == .skipped }.map(\.occurrence.date).sorted(), windows: windows,
      note: note)
  }

  func reportDays(
    _ diary: [DiaryDay], scheduled: [String], resolutions: [String: [ResolvedOccurrence]], sessions: SessionFacts
  ) -> [ReportDay] {
    let count = diary.count
    var acute = [[MedicationClass: Int]](repeating: [:], count: count)
    for intake in intakes {
      let i = from.days(to: LocalDate(intake.at, in: zone))
      if i >= 0, i < count { acute[i][intake.medicationClass, default: 0] += 1 }
    }
    var doses = [[String: ReportDay.Doses]](repeating: [:], count: count)
    for regimen in record.regimens where regimen.schedule.isScheduled && overlapsPeriod(regimen) {
      let first = max(regimen.start, from)
      let last = min(regimen.end ?? through, through)
      guard first <= last else { continue }
      for offset in from.days(to: first)...from.days(to: last) where doses[offset][regimen.medicationID] == nil {
        doses[offset][regimen.medicationID] = ReportDay.Doses(
          medicationID: regimen.medicationID, expected: 0, onTime: 0, late: 0, skipped: 0, missed: 0, pending: 0)
      }
    }
    for (medicationID, items) in resolutions {
      for item in items {
        let i = from.days(to: item.occurrence.date)
        guard i >= 0, i < count else { continue }
        var entry =
          doses[i][medicationID]
          ?? ReportDay.Doses(
            medicationID: medicationID, expected: 0, onTime: 0, late: 0, skipped: 0, missed: 0, pending: 0)
        switch item.status {
        case .onTime: entry.onTime += 1
        case .late: entry.late += 1
        case .skipped: entry.skipped += 1
        case .missed, .overdue: entry.missed += 1
        case .due, .upcoming: entry.pending += 1
        }
        if item.status.isExpected { entry.expected += 1 }
        doses[i][medicationID] = entry
      }
    }
    var completed = [Int](repeating: 0, count: count)
    var abandoned = [Int](repeating: 0, count: count)
    var stops = [Int](repeating: 0, count: count)
    var minutes = [Int](repeating: 0, count: count)
    for fact in sessions.facts {
      let i = from.days(to: fact.day)
      guard i >= 0, i < count else { continue }
      switch fact.state.status {
      case .completed: completed[i] += 1
      case .abandoned: abandoned[i] += 1
      case .safetyStopped: stops[i] += 1
      case .active, .paused: break
      }
      minutes[i] += fact.state.practisedSeconds / 60
    }
    return diary.enumerated().map { i, day in
      ReportDay(
        date: day.date, observed: day.isObserved, headache: day.headache, migraine: day.migraine,
        maxSeverity: day.maxSeverity,
        acute: MedicationClass.allCases.compactMap { c in
          acute[i][c].map { ReportDay.Acute(medicationClass: c.rawValue, intakes: $0) }
        },
        doses: scheduled.compactMap { doses[i][$0] }, sessionsCompleted: completed[i], sessionsAbandoned: abandoned[i],
        safetyStops: stops[i], minutesPractised: minutes[i])
    }
  }

  func doseLog(resolutions: [String: [ResolvedOccurrence]]) -> [DoseLogEntry] {
    let start = from.instant(at: .midnight, in: zone)
    let end = through.adding(days: 1).instant(at: .midnight, in: zone)
    var log: [(Date, Int, DoseLogEntry)] = []
    // Scheduled doses missed (overdue ones included), at their due time: the same occurrences the
    // adherence counts call missed.
    for item in resolutions.values.joined() where item.status.countsAsMissed {
      let occurrence = item.occurrence
      log.append(
        (
          occurrence.due, 3,
          DoseLogEntry(
            id: StableID.uuid("missed", occurrence.regimenID, occurrence.date.description, occurrence.time.description),
            kind: "missed", status: item.status.rawValue, medicationID: occurrence.medicationID,
            name: name(occurrence.medicationID), at: ReportClock.iso(occurrence.due, in: zone), date: occurrence.date,
            amount: occurrence.dose, regimenID: occurrence.regimenID, reason: nil,
            loadingDose: occurrence.isLoadingDose ? true : nil)
        ))
    }
    for intake in record.doseLedger.intakes where intake.instant >= start && intake.instant < end {
      let dose = intake.dose
      let id: String
      let kind: String
      let order: Int
      switch intake.source {
      case .doseLog:
        id = entryID("dose", dose.journalSequence ?? 0)
        kind = "taken"
        order = 0
      case .attack(let attackID, let index):
        id = StableID.uuid("attack-intake", attackID, String(index))
        kind = "acute-with-attack"
        order = 2
      }
      log.append(
        (
          dose.instant, order,
          DoseLogEntry(
            id: id, kind: kind, status: intake.status.rawValue, medicationID: dose.medicationID,
            name: name(dose.medicationID), at: ReportClock.iso(dose.instant, in: zone),
            date: LocalDate(dose.instant, in: zone), amount: dose.amount,
            regimenID: intake.source == .doseLog ? dose.regimenID : nil, reason: nil,
            loadingDose: intake.occurrence?.isLoadingDose == true ? true : nil)
        ))
    }
    let matchedSkips = Set(
      record.doseLedger.resolutions.values.flatMap(\.occurrences).compactMap { $0.skip?.journalSequence })
    for entry in record.ledger.skips where entry.value.instant >= start && entry.value.instant < end {
      let skip = entry.value
      // A skip that matched no open scheduled dose is listed as such, not counted as a skipped dose.
      let status = matchedSkips.contains(entry.sequence) ? "skipped" : "skip-unmatched"
      log.append(
        (
          skip.instant, 1,
          DoseLogEntry(
            id: entryID("skip", entry.sequence), kind: "skipped", status: status,
            medicationID: skip.medicationID, name: name(skip.medicationID), at: ReportClock.iso(skip.instant, in: zone),
            date: LocalDate(skip.instant, in: zone), amount: nil, regimenID: skip.regimenID, reason: skip.reason)
        ))
    }
    return log.sorted { ($0.0, $0.1, $0.2.id) < ($1.0, $1.1, $1.2.id) }.map(\.2)
  }

  /// The id of the diary entry at `sequence` in a report: from its event id, which every copy of the record
  /// shares, so two terminals and the clinic give the same report whatever order their stores received the
  /// events in (only an entry made without a store falls back to its sequence).
  func entryID(_ kind: String, _ sequence: Int64) -> String {
    if let eventID = record.ledger.eventIDs[sequence] { return StableID.uuid(kind, "event", eventID) }
    return StableID.uuid(kind, String(sequence))
  }
}

/// The longest run of days without supply, with its dates, from the first day measured (days before a late first
/// dose are uncovered, as for PDC) to `end`. Supply from a dose before `from` that lasts into the period covers its
/// days (a monthly injection given just before the period leaves no gap at its start): the days PDC counts.
enum CoverageGap {
  /// `nil` without any supply dated in the range; a gap of 0 days (on `end`) when every day is covered.
  static func longest(
    events: [SupplyEvent], from: LocalDate, through end: LocalDate, prescribed: [Bool]? = nil
  ) -> AdherenceSummary.Gap? {
    guard events.contains(where: { $0.date >= from && $0.date <= end }) else { return nil }
    let covered = SupplyCoverage.days(events: events, from: from, through: end)
    guard let best = SupplyCoverage.longestGap(covered, counted: prescribed) else {
      return AdherenceSummary.Gap(from: end, through: end, days: 0)
    }
    let first = from.adding(days: best.start)
    return AdherenceSummary.Gap(from: first, through: first.adding(days: best.days - 1), days: best.days)
  }
}
