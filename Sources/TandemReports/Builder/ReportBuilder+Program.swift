import TandemBase
import TandemCare

extension ReportBuilder {
  /// The program's outcomes from the diary around it: a report from 28 days before the start to
  /// the day the record was read gives the days; one from the start gives preventive adherence.
  func programOutcomes(_ program: ProgramContext, report: Report) -> ProgramOutcomes {
    let start = program.startDate
    var around = request
    around.program = nil
    around.suggestionRules = []
    around.baseline = nil
    around.from = start.adding(days: -MigraineComparison.windowLength)
    around.through = max(asOf, start)
    let days = ReportBuilder(record: record, request: around).build().days
    let byDate = Dictionary(days.map { ($0.date, $0) }, uniquingKeysWith: { first, _ in first })
    func window(from: LocalDate) -> ProgramOutcomes.Window {
      let through = from.adding(days: MigraineComparison.windowLength - 1)
      var observed = 0
      var migraine = 0
      var headache = 0
      var acute = 0
      var day = from
      while day <= through && day <= asOf {
        if let item = byDate[day], item.observed {
          observed += 1
          if item.migraine { migraine += 1 }
          if item.headache { headache += 1 }
          if !item.acute.isEmpty { acute += 1 }
        }
        day = day.adding(days: 1)
      }
      return ProgramOutcomes.Window(
        from: from, through: through, observedDays: observed,
        complete: through <= asOf && observed == MigraineComparison.windowLength, migraineDays: migraine,
        headacheDays: headache, acuteDays: acute)
    }
    let baseline = window(from: start.adding(days: -MigraineComparison.windowLength))
    var windows: [ProgramOutcomes.Window] = []
    var from = start
    while from <= asOf && windows.count < 30 {
      windows.append(window(from: from))
      from = from.adding(days: MigraineComparison.windowLength)
    }
    var responder: Bool?
    if baseline.complete, baseline.migraineDays > 0, let latest = windows.last(where: \.complete) {
      responder = 2 * latest.migraineDays <= baseline.migraineDays
    }
    var measures: [String: ProgramOutcomes.MeasureChange] = [:]
    for line in report.therapy.measures ?? [] where line.date >= start {
      if var change = measures[line.measure] {
        change.latest = line.total
        change.latestDate = line.date
        change.latestBand = line.band
        change.count += 1
        measures[line.measure] = change
      } else {
        measures[line.measure] = ProgramOutcomes.MeasureChange(
          measure: line.measure, title: line.title, first: line.total, firstDate: line.date, latest: line.total,
          latestDate: line.date, latestBand: line.band, count: 1)
      }
    }
    var during = request
    during.program = nil
    during.suggestionRules = []
    during.baseline = nil
    during.from = start
    during.through = max(asOf, start)
    let adherence = ReportBuilder(record: record, request: during).build().adherence.filter { $0.use != "acute" }
      .map { ProgramOutcomes.Adherence(medicationID: $0.medicationID, name: $0.name, pdc: $0.pdc) }
    return ProgramOutcomes(
      context: program, baseline: baseline, windows: windows, responder: responder,
      measures: measures.values.sorted { $0.measure < $1.measure }, adherence: adherence)
  }
}
