import Foundation
import TandemBase
import TandemCare

/// What the prescriber-facing warnings beyond adherence and overuse find: a preventive overdue now, two
/// preventives acting on the same pathway at once, and as-needed doses over their 24-hour maximum.
extension ReportBuilder {
  /// A preventive whose doses have been missed in a row up to the day the record was read.
  struct Overdue {
    var medicationID: String
    /// The first occurrence of the run: what "overdue since" counts from.
    var since: LocalDate
    /// Days from `since` to the report's `asOf`.
    var days: Int
    /// Occurrences missed in a row.
    var missed: Int
  }

  /// Scheduled preventives still prescribed on `asOf` whose latest doses were all missed, the first of them at
  /// least two days before `asOf`: the same run `tandem due` calls "overdue since". (A daily dose missed only
  /// yesterday is in the adherence figures, not a warning.)
  func overduePreventives() -> [Overdue] {
    guard asOf >= from else { return [] }
    var result: [Overdue] = []
    for medicationID in scheduledMedications() where names[medicationID]?.use != .acute {
      let active = record.regimens.contains {
        $0.medicationID == medicationID && $0.schedule.isScheduled && $0.start <= asOf && ($0.end ?? asOf) >= asOf
      }
      guard active else { continue }
      // The whole history, not only the period: a run of missed doses that began before the
      // period is overdue since its first dose, as `tandem due` and `tandem today` say.
      let expected = record.regimens.filter { $0.medicationID == medicationID && $0.schedule.isScheduled }
        .flatMap { record.resolution(of: $0, through: asOf).occurrences }
        .filter { $0.status.isExpected && $0.occurrence.date <= asOf }
        .sorted { $0.occurrence.due < $1.occurrence.due }
      let run = expected.reversed().prefix { $0.status.countsAsMissed }
      guard let first = run.last?.occurrence.date, first.days(to: asOf) >= 2 else { continue }
      // A dose that still counts late is overdue, not missed (as `tandem due` and `today` say).
      let missed = run.filter { $0.status == .missed }.count
      result.append(Overdue(medicationID: medicationID, since: first, days: first.days(to: asOf), missed: missed))
    }
    return result
  }

  /// The pathway a preventive acts on, for the "two of the same at once" warning: the CGRP pathway for antibodies
  /// and gepants, else the class for the classes a patient should not take two of.
  static func pathway(of medicationClass: MedicationClass) -> String? {
    switch medicationClass {
    case .cgrpAntibody, .gepant: "CGRP"
    case .betaBlocker: "beta-blocker"
    case .tricyclic: "tricyclic"
    case .anticonvulsant: "anticonvulsant"
    default: nil
    }
  }

  /// Two different medications on the same pathway, both on a schedule (preventive use), overlapping in the period.
  func samePathwayFlags() -> [Report.Flag] {
    let scheduled = record.regimens.filter { $0.schedule.isScheduled && overlapsPeriod($0) }
    var flags: [Report.Flag] = []
    var seen = Set<String>()
    for (i, a) in scheduled.enumerated() {
      for b in scheduled[(i + 1)...] where a.medicationID != b.medicationID {
        guard let classA = names[a.medicationID]?.medicationClass, let classB = names[b.medicationID]?.medicationClass,
          let pathway = Self.pathway(of: classA), pathway == Self.pathway(of: classB)
        else { continue }
        // Overlapping in the period; the message gives the overlap's own first day, which may be
        // before the period.
        guard max(a.start, b.start, from) <= min(a.end ?? through, b.end ?? through, through) else { continue }
        let first = max(a.start, b.start)
        let last = min(a.end ?? through, b.end ?? through, through)
        let pair = [a.medicationID, b.medicationID].sorted()
        guard seen.insert(pair.joined(separator: "+")).inserted else { continue }
        let what = pathway == "CGRP" ? "both act on the CGRP pathway" : "are both \(pathway)s"
        flags.append(
          Report.Flag(
            kind: .samePathway,
            message: "\(name(pair[0])) and \(name(pair[1])) \(what), prescribed together from \(first) to \(last)",
            date: first, medicationID: nil))
      }
    }
    return flags
  }

  /// As-needed doses that took a medication over its 24-hour maximum (the regimen's, else the catalogue's), counted
  /// over every intake from any path that logged it; one flag per medication with the days it happened.
  func asNeededMaximumFlags() -> [Report.Flag] {
    let start = from.instant(at: .midnight, in: zone)
    let end = through.adding(days: 1).instant(at: .midnight, in: zone)
    let asNeeded = record.doseLedger.intakes.filter { $0.status == .asNeeded }
    var order: [String] = []
    var byMedication: [String: [DoseLedger.Intake]] = [:]
    for intake in asNeeded {
      if byMedication[intake.medicationID] == nil { order.append(intake.medicationID) }
      byMedication[intake.medicationID, default: []].append(intake)
    }
    var flags: [Report.Flag] = []
    for medicationID in order {
      let intakes = byMedication[medicationID] ?? []
      guard intakes.contains(where: { $0.instant >= start && $0.instant < end }) else { continue }
      let medication = names[medicationID]
      var overDays: [LocalDate: Quantity] = [:]
      var maximumText = ""
      var windowStart = 0
      // Each dose is checked against the limits of the day it was taken (a new regimen may change them), with the
      // doses of the 24 hours before it; intakes are in time order, so the window only slides forward.
      for (index, intake) in intakes.enumerated() where intake.instant < end {
        while intakes[windowStart].instant <= intake.instant - 24 * 3600 { windowStart += 1 }
        guard intake.instant >= start else { continue }
        let regimen = record.doseLedger.asNeededRegimen(medicationID, at: intake.instant)
        let maximum =
          regimen.map { AsNeededCheck.limits(for: $0, medication: medication).maximum } ?? medication?.maxPer24Hours
        guard let maximum else { continue }
        let over = AsNeededCheck.warnings(
          doses: intakes[windowStart...index].map(\.dose), usualDose: regimen?.dose, maximum: maximum, minimumHours: nil
        ).last { $0.kind == .overMaximum && $0.dose == intake.dose }
        guard let total = over?.total else { continue }
        let day = LocalDate(intake.instant, in: zone)
        if (overDays[day]?.value ?? -1) < total.value { overDays[day] = total }
        maximumText = maximum.description
      }
      guard !overDays.isEmpty else { continue }
      let days = overDays.keys.sorted()
      let list = days.prefix(5).map { "\($0) (\(overDays[$0]?.description ?? "?"))" }.joined(separator: ", ")
      flags.append(
        Report.Flag(
          kind: .asNeededMaximum,
          message: "\(name(medicationID)): over the \(maximumText) maximum in 24 hours on "
            + "\(days.count) day\(days.count == 1 ? "" : "s"): \(list)\(days.count > 5 ? ", …" : "")",
          date: days.first, medicationID: medicationID))
    }
    return flags
  }
}
