import TandemAdherence
import TandemCare

extension ReportBuilder {
  /// Safety stops, preventives overdue, overuse risk, as-needed maximum exceeded, two preventives on one pathway,
  /// PDC below 80%, then preventive gaps; each group in date and medication order.
  func flags(_ report: Report, overdue: [Overdue]) -> [Report.Flag] {
    var flags: [Report.Flag] = []
    for stop in report.therapy.safetyStops {
      let what = stop.kind == "crisis" ? "the mood and crisis check" : "the red-flag screen"
      flags.append(
        Report.Flag(
          kind: .safetyStop, message: "session '\(stop.moduleID)' stopped by \(what) on \(stop.date)",
          date: stop.date, medicationID: nil))
    }
    for line in report.therapy.measures ?? [] where line.crisis {
      flags.append(
        Report.Flag(
          kind: .crisisItem,
          message:
            "\(line.title): the crisis item was answered above its threshold on \(line.date) "
            + "(session '\(line.moduleID)'); Tandem showed the crisis page at once",
          date: line.date, medicationID: nil))
    }
    for item in overdue {
      flags.append(
        Report.Flag(
          kind: .preventiveOverdue,
          message:
            "\(name(item.medicationID)): overdue since \(item.since) (\(item.days) day\(item.days == 1 ? "" : "s")"
            + (item.missed > 1 ? ", \(item.missed) doses missed in a row" : "") + ")",
          date: item.since, medicationID: item.medicationID))
    }
    let acute = report.acuteMedication
    if acute.riskLevel != OveruseRisk.Level.none.description {
      flags.append(
        Report.Flag(kind: .overuseRisk, message: acute.riskSummary, date: acute.riskSince, medicationID: nil))
    }
    flags += asNeededMaximumFlags()
    flags += samePathwayFlags()
    for item in report.adherence where item.pdcBelowThreshold == true {
      let pdc = item.pdc.map(ReportNumber.percentFloor) ?? "-"
      flags.append(
        Report.Flag(
          kind: .lowPDC, message: "\(item.name): PDC \(pdc), below the 80% line (\(item.from) to \(item.through))",
          date: nil, medicationID: item.medicationID))
    }
    for item in report.adherence where item.use != MedicationUse.acute.rawValue {
      guard let gap = item.longestGap, gap.days >= request.gapFlagDays else { continue }
      flags.append(
        Report.Flag(
          kind: .preventiveGap,
          message: "\(item.name): \(gap.days) days without preventive cover, \(gap.from) to \(gap.through)",
          date: gap.from, medicationID: item.medicationID))
    }
    return flags
  }

  /// Sentences that keep thin data from being read as more than it is.
  func dataNotes(_ report: Report, measures: MigraineMeasures) -> [String] {
    var notes: [String] = []
    guard let diaryStart else {
      return ["Nothing is recorded yet: no regimens, doses, headaches or sessions. Every figure below is empty."]
    }
    if through < diaryStart {
      notes.append("The period ends before the diary starts (\(diaryStart)): nothing in it can be counted.")
    } else if from < diaryStart {
      notes.append(
        "The diary starts on \(diaryStart); the \(from.days(to: diaryStart)) days before it are shown but not counted.")
    }
    if through > record.today {
      notes.append("The period runs past the day the record was read (\(record.today)); later days are not counted.")
    }
    if measures.observedDays > 0, measures.observedDays < MigraineMeasures.minimumObservedDaysForRate {
      notes.append(
        "Only \(measures.observedDays) diary days fall in the period; rates per 28 days need at least "
          + "\(MigraineMeasures.minimumObservedDaysForRate).")
    }
    if measures.observedDays > 0, report.migraine.attacks == 0, measures.headacheDays == 0 {
      notes.append("No headaches were recorded in the period's \(measures.observedDays) diary days.")
    }
    if report.adherence.isEmpty {
      notes.append("No scheduled medication in the period, so there is no adherence to measure.")
    }
    if report.acuteMedication.acuteDays == 0, measures.observedDays > 0 {
      notes.append("No acute medication was recorded in the period.")
    }
    if report.therapy.sessions == 0 {
      notes.append("No therapy sessions in the period.")
    }
    return notes
  }
}
