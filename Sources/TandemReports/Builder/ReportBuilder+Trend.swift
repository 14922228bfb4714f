import TandemAdherence
import TandemBase
import TandemCare

extension ReportBuilder {
  /// Adds each month's acute doses, practice and PDC per scheduled medication, from the days and supply already
  /// counted for the rest of the report.
  func addTrend(to report: inout Report, supplies: [String: [SupplyEvent]]) {
    var covered: [(summary: AdherenceSummary, days: [Bool])] = []
    for summary in report.adherence {
      let supply = supplies[summary.medicationID] ?? []
      covered.append(
        (
          summary,
          summary.pdc == nil ? [] : CoverageDays.covered(events: supply, from: summary.from, through: summary.through)
        )
      )
    }
    for index in report.months.indices {
      var month = report.months[index]
      let days = report.days[from.days(to: month.from)...from.days(to: month.through)]
      let observed = days.filter(\.observed)
      month.acuteDoses = observed.reduce(0) { $0 + $1.acute.reduce(0) { $0 + $1.intakes } }
      month.sessionsCompleted = days.reduce(0) { $0 + $1.sessionsCompleted }
      month.minutesPractised = days.reduce(0) { $0 + $1.minutesPractised }
      month.pdc = covered.map { summary, days in
        let first = max(month.from, summary.from)
        let last = min(month.through, summary.through)
        guard !days.isEmpty, first <= last else { return MonthPDC(medicationID: summary.medicationID, pdc: nil) }
        let slice = days[summary.from.days(to: first)...summary.from.days(to: last)]
        return MonthPDC(
          medicationID: summary.medicationID, pdc: Double(slice.filter { $0 }.count) / Double(slice.count))
      }
      report.months[index] = month
    }
  }
}
