import TandemAdherence
import TandemBase
import TandemCare

/// What one stretch of the period adds up to: a month of the report's trend, or a week of `tandem progress`.
/// Both are cut from the same diary and report days, so a week and a month count a day the same way.
struct PeriodTotals {
  /// Days of the stretch within the diary.
  var observedDays = 0
  /// Observed headache days.
  var headacheDays = 0
  /// Observed migraine days.
  var migraineDays = 0
  /// Observed days with any acute medication.
  var acuteDays = 0
  /// Observed acute-medication intakes.
  var acuteDoses = 0
  /// Scheduled doses whose window has closed (on time, late, skipped or missed).
  var dosesDue = 0
  /// Of those, taken (on time or late).
  var dosesTaken = 0
  /// Of those, taken on time.
  var dosesOnTime = 0
  /// Days on which a scheduled regimen was active.
  var scheduledDays = 0
  /// Sessions completed.
  var sessionsCompleted = 0
  /// Minutes of timed practice.
  var minutesPractised = 0

  /// Adds up `diary` and `days`, the same calendar days from `MigraineMeasures` and `reportDays`.
  init(diary: ArraySlice<DiaryDay>, days: ArraySlice<ReportDay>) {
    for day in diary where day.isObserved {
      observedDays += 1
      if day.headache { headacheDays += 1 }
      if day.migraine { migraineDays += 1 }
      if day.tookAcuteMedication { acuteDays += 1 }
    }
    for day in days {
      if day.observed { acuteDoses += day.acute.reduce(0) { $0 + $1.intakes } }
      if !day.doses.isEmpty { scheduledDays += 1 }
      for doses in day.doses {
        dosesDue += doses.expected
        dosesTaken += doses.taken
        dosesOnTime += doses.onTime
      }
      sessionsCompleted += day.sessionsCompleted
      minutesPractised += day.minutesPractised
    }
  }
}

extension ReportBuilder {
  /// The period cut into consecutive stretches, each from its first day through the day `last` gives for it,
  /// clipped to the period: calendar months for the report, weeks for `tandem progress`.
  func stretches(through last: (LocalDate) -> LocalDate) -> [ClosedRange<LocalDate>] {
    var stretches: [ClosedRange<LocalDate>] = []
    var start = from
    while start <= through {
      let end = min(max(last(start), start), through)
      stretches.append(start...end)
      start = end.adding(days: 1)
    }
    return stretches
  }

  /// The totals of one stretch of the period, from the period's diary and report days.
  func totals(_ stretch: ClosedRange<LocalDate>, diary: [DiaryDay], days: [ReportDay]) -> PeriodTotals {
    let range = from.days(to: stretch.lowerBound)...from.days(to: stretch.upperBound)
    return PeriodTotals(diary: diary[range], days: days[range])
  }

  /// Adds each month's PDC per scheduled medication, from the supply already counted for the rest of the report.
  func addTrend(to report: inout Report, supplies: [String: [SupplyEvent]]) {
    var covered: [(summary: AdherenceSummary, days: [Bool], prescribed: [Bool], supply: [SupplyEvent])] = []
    for summary in report.adherence {
      let supply = supplies[summary.medicationID] ?? []
      let none = summary.pdc == nil
      covered.append(
        (
          summary, none ? [] : SupplyCoverage.days(events: supply, from: summary.from, through: summary.through),
          none
            ? []
            : record.prescribedDays(medicationID: summary.medicationID, from: summary.from, through: summary.through),
          supply
        ))
    }
    for index in report.months.indices {
      var month = report.months[index]
      // Each month counted as the period's PDC and its 30-day windows are: days prescribed only.
      month.pdc = covered.map { summary, days, prescribed, supply in
        let first = max(month.from, summary.from)
        let last = min(month.through, summary.through)
        guard !days.isEmpty, first <= last else { return MonthPDC(medicationID: summary.medicationID, pdc: nil) }
        return MonthPDC(
          medicationID: summary.medicationID,
          pdc: MedicationAdherence.slicePDC(
            days, prescribed, from: summary.from, first, last, supply: supply, emptyIsNil: false))
      }
      report.months[index] = month
    }
  }
}
