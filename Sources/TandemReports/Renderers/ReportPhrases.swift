import TandemAdherence
import TandemBase
import TandemCare
import TandemTherapy

/// Sentences and cells the text, Markdown and HTML renderers share, so a figure reads the same everywhere.
enum ReportPhrases {
  static func title(_ report: Report) -> String { "Tandem prescriber report" }

  static func patient(_ report: Report) -> String { report.header.patientLabel ?? "not given" }

  static func period(_ report: Report) -> String {
    let h = report.header
    return "\(h.from) to \(h.through) (\(h.periodDays) days, time zone \(h.timeZone))"
  }

  static func baseline(_ report: Report) -> String {
    let h = report.header
    guard let from = h.baselineFrom, let through = h.baselineThrough else { return "none (nothing recorded)" }
    return "\(from) to \(through)" + (h.baselineSource == "given" ? " (given)" : " (first 28 days of the diary)")
  }

  static func diary(_ report: Report) -> String {
    report.header.diaryStart.map { "kept since \($0)" } ?? "nothing recorded yet"
  }

  static func regimenDates(_ line: Report.RegimenLine) -> String {
    "\(line.start) to " + (line.end.map(\.description) ?? "(continuing)")
  }

  static func counts(_ a: AdherenceSummary) -> String {
    let c = a.counts
    var text = "\(c.expected) expected: \(c.onTime) on time, \(c.late) late, \(c.skipped) skipped, \(c.missed) missed"
    if c.overdue > 0 { text += " (\(c.overdue) still overdue)" }
    if c.pending > 0 { text += " (\(c.pending) due now or upcoming)" }
    return text
  }

  static func pdc(_ a: AdherenceSummary) -> String {
    guard let pdc = a.pdc else { return "PDC not computable" }
    return "PDC \(ReportNumber.percentFloor(pdc)) "
      + (pdc < AdherenceSummary.pdcThreshold ? "(below the 80% line)" : "(80% line met)")
  }

  static func cma7(_ a: AdherenceSummary) -> String {
    a.cma7.map { "CMA7 \(ReportNumber.twoDecimals($0))" } ?? "CMA7 not computable"
  }

  static func gap(_ a: AdherenceSummary) -> String {
    guard let gap = a.longestGap else { return "longest gap not computable" }
    if gap.days == 0 { return "no gap in supply" }
    return "longest gap \(gap.days) day\(gap.days == 1 ? "" : "s") (\(gap.from) to \(gap.through))"
  }

  static func dates(_ dates: [LocalDate], limit: Int = 40) -> String {
    if dates.isEmpty { return "none" }
    let shown = dates.prefix(limit).map(\.description).joined(separator: ", ")
    return dates.count > limit ? shown + ", and \(dates.count - limit) more" : shown
  }

  static func windowCell(_ w: AdherenceSummary.Window) -> String {
    let taken = w.takenShare.map(ReportNumber.percentFloor) ?? "n/a"
    let pdc = w.pdc.map(ReportNumber.percentFloor) ?? "n/a"
    return "\(taken) taken (\(w.taken)/\(w.expected)), PDC \(pdc)"
  }

  static func rate(_ value: Double?) -> String { value.map(ReportNumber.oneDecimal) ?? "n/a" }

  static func window(_ w: MigraineComparison.Window?) -> String {
    guard let w else { return "not available" }
    return "\(w.from) to \(w.through): \(rate(w.monthlyMigraineDays)) migraine days and "
      + "\(rate(w.headacheDaysPer28)) headache days per 28 (\(w.migraineDays) and \(w.headacheDays) in "
      + "\(w.observedDays) diary days)"
  }

  static func change(_ m: MigraineSummary) -> String {
    let c = m.comparison
    guard let mmd = c.migraineDaysPercentChange else {
      return m.comparisonNotes.first.map { "change: \($0)" } ?? "change: not available"
    }
    var text = "change in migraine days \(ReportNumber.signedPercent(mmd)); "
    text += c.isFiftyPercentResponder == true ? "a 50% response (at least halved)" : "not a 50% response"
    if let hd = c.headacheDaysPercentChange { text += "; headache days \(ReportNumber.signedPercent(hd))" }
    return text
  }

  static func severity(_ m: MigraineSummary) -> String {
    if m.attacks == 0 { return "no attacks in the period" }
    return ReportBuilder.plural(m.attacks, "attack") + ": "
      + m.severity.map { "\($0.band) (\($0.range)) \($0.attacks)" + ($0.percent.map { " (\($0)%)" } ?? "") }
      .joined(separator: ", ")
  }

  static func classCell(_ c: ClassDays?) -> String {
    guard let c else { return "0" }
    guard let threshold = c.threshold else { return "\(c.days)" }
    let mark = c.days >= threshold ? " !" : c.days >= threshold - OveruseWindow.approachMargin ? " ~" : ""
    return "\(c.days)/\(threshold)\(mark)"
  }

  /// The overuse classes taken in any month of the period, in a stable order.
  static func overuseColumns(_ report: Report) -> [String] {
    let used = Set(report.months.flatMap { $0.daysByOveruseClass.map(\.medicationClass) })
    return OveruseClass.allCases.map(\.rawValue).filter(used.contains)
  }

  static func risk(_ a: AcuteMedicationSummary) -> String {
    var text = a.riskSummary
    if a.latestWindowPartlyObserved {
      text += " (the last 30 days are only partly in the diary; counts are lower bounds)"
    }
    return text
  }

  static func sessions(_ t: TherapySummary) -> String {
    if t.sessions == 0 { return "no sessions in the period" }
    var text =
      "\(t.sessions) session\(t.sessions == 1 ? "" : "s"): \(t.completed) completed, \(t.abandoned) abandoned, "
    text += "\(t.safetyStopped) stopped by a safety check"
    if t.open > 0 { text += ", \(t.open) still open" }
    return text
  }

  static func practice(_ t: TherapySummary) -> String {
    "\(t.minutesPractised) min of timed practice, \(t.minutesInSessions) min in sessions, "
      + "\(t.practiceDays) day\(t.practiceDays == 1 ? "" : "s") with a completed session"
  }

  static func counts(_ items: [TherapySummary.Count]) -> String {
    items.isEmpty ? "none" : items.map { "\($0.name) \($0.completed)" }.joined(separator: ", ")
  }

  static func rating(_ r: TherapySummary.RatingChange) -> String {
    "\(r.date) \(r.moduleID): \(r.rating) \(r.before) -> \(r.after) (\(r.change > 0 ? "+" : "")\(r.change))"
  }

  static func stop(_ s: TherapySummary.SafetyStop) -> String {
    "\(s.date) \(s.moduleID): stopped at '\(s.stepID)' ("
      + (s.kind == "crisis" ? "mood/crisis item" : "red-flag screen")
      + ")"
  }

  /// `2026-03-03 10:00`, from an ISO 8601 instant with offset.
  static func dateTime(_ iso: String) -> String {
    iso.count >= 16 ? String(iso.prefix(10)) + " " + iso.dropFirst(11).prefix(5) : iso
  }

  /// `6 h 30 min`, `45 min`.
  static func duration(_ minutes: Int?) -> String {
    guard let minutes else { return "no end recorded" }
    if minutes < 60 { return "\(minutes) min" }
    return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min"
  }

  /// The aura cell: `aura 20 min`, `aura`, `no aura`.
  static func aura(_ a: AttackLine) -> String {
    a.aura ? "aura" + (a.auraMinutes.map { " \($0) min" } ?? "") : "no aura"
  }

  /// `sumatriptan 50 mg at 10:30`, or `none`.
  static func acute(_ a: AttackLine) -> String {
    if a.acute.isEmpty { return "no acute medication" }
    return a.acute.map { "\($0.name)\($0.amount.map { " \($0)" } ?? "") at \(dateTime($0.at).suffix(5))" }
      .joined(separator: ", ")
  }

  /// `relief partial`, `relief not recorded`.
  static func relief(_ a: AttackLine) -> String { "relief " + (a.relief ?? "not recorded") }

  /// One attack in a sentence (the note apart).
  static func attack(_ a: AttackLine) -> String {
    let features = a.symptoms.isEmpty ? "no other features recorded" : a.symptoms.joined(separator: ", ")
    let disability = a.disability.map { "; disability \($0)/3" } ?? ""
    let opening = "\(dateTime(a.start)), \(duration(a.durationMinutes)), severity \(a.severity)/10, \(aura(a))"
    return opening + "; " + features + "; " + acute(a) + "; " + relief(a) + disability
  }

  // MARK: The daily strip

  /// The strip's rows for one run of days: label and one character per day.
  static func stripRows(_ days: ArraySlice<ReportDay>, report: Report) -> [(label: String, cells: [Character])] {
    var rows: [(String, [Character])] = []
    rows.append(("headache", days.map { !$0.observed ? " " : $0.migraine ? "M" : $0.headache ? "h" : "." }))
    rows.append(
      (
        "acute med",
        days.map { day -> Character in
          guard day.observed else { return " " }
          if day.acute.contains(where: { ["triptan", "gepant", "ergot"].contains($0.medicationClass) }) { return "T" }
          return day.acute.isEmpty ? "." : "a"
        }
      ))
    for item in report.adherence {
      rows.append(
        (
          item.name,
          days.map { day -> Character in
            guard let d = day.doses.first(where: { $0.medicationID == item.medicationID }) else { return " " }
            if d.missed > 0 { return "x" }
            if d.skipped > 0 { return "s" }
            if d.late > 0 { return "l" }
            if d.onTime > 0 { return "+" }
            return d.pending > 0 ? "?" : "."
          }
        ))
    }
    rows.append(
      (
        "sessions",
        days.map { day -> Character in
          day.safetyStops > 0 ? "!" : day.sessionsCompleted > 0 ? "C" : day.sessionsAbandoned > 0 ? "a" : "."
        }
      ))
    return rows
  }

  static let stripLegend = [
    "headache: M migraine day, h other headache day, . none, blank = before the diary",
    "acute med: T triptan/gepant/ergot, a other acute medication, . none",
    "doses: + taken on time, l late, s skipped, x missed, ? not yet resolved, . none due, blank = no regimen",
    "sessions: C completed, ! safety stop, a abandoned, . none",
  ]

  /// The period's days grouped by calendar month.
  static func monthRuns(_ report: Report) -> [(month: String, days: ArraySlice<ReportDay>)] {
    var runs: [(String, ArraySlice<ReportDay>)] = []
    var start = 0
    let days = report.days
    for i in days.indices {
      let isLast = i == days.count - 1 || days[i + 1].date.month != days[i].date.month
      if isLast {
        let d = days[i].date
        runs.append(("\(d.year)-\(ReportClock.two(d.month))", days[start...i]))
        start = i + 1
      }
    }
    return runs
  }

  /// "2026-03-02 PHQ-9 12 of 27, moderate (prorated over 1 skipped item), up 3 from the last; crisis item answered".
  static func measure(_ m: TherapySummary.MeasureLine) -> String {
    var text = "\(m.date) \(m.title) "
    if let total = m.total {
      text += m.maximum.map { "\(total) of \($0)" } ?? "\(total)"
      if let band = m.band { text += ", \(band)" }
      if m.prorated { text += " (prorated over \(m.missing) skipped item\(m.missing == 1 ? "" : "s"))" }
      if let change = m.change {
        text +=
          change == 0
          ? ", same as the last" : change > 0 ? ", up \(change) from the last" : ", down \(-change) from the last"
      }
    } else {
      text += "not scored (\(m.missing) item\(m.missing == 1 ? "" : "s") skipped)"
    }
    let subscales = m.subscales.compactMap { s -> String? in
      guard let total = s.total else { return nil }
      return "\(s.title) \(total)" + (s.positive == true ? " (positive)" : "")
    }
    if !subscales.isEmpty { text += "; " + subscales.joined(separator: ", ") }
    if m.crisis { text += "; crisis item answered above its threshold" }
    return text
  }

  /// "medication-overuse: acute medicine on 9 of the last 28 days (rule overuse-near; acute-days 9)".
  static func suggestion(_ s: FiredSuggestion) -> String {
    let what = s.suggest == SuggestionRule.crisis ? "the crisis options first" : "module \(s.suggest)"
    let data = s.data.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    return "\(what): \(s.reason) (rule \(s.rule)" + (data.isEmpty ? "" : "; \(data)") + ")"
  }

  /// The program's outcomes as short lines (`tandem progress` prints the same lines): where it stands, days per 28-day window against the
  /// baseline, the responder status, questionnaires, completion and adherence.
  static func program(_ o: ProgramOutcomes) -> [String] {
    let c = o.context
    var lines: [String] = []
    let state = c.status == "active" ? "week \(c.week) of \(c.weeks)" : "\(c.status), \(c.weeks) weeks"
    lines.append("\(c.title) (\(c.program)), started \(c.startDate); \(state)")
    func window(_ w: ProgramOutcomes.Window) -> String {
      "\(w.migraineDays) migraine, \(w.headacheDays) headache, \(w.acuteDays) acute-medication days"
        + (w.complete ? "" : " (\(w.observedDays) of 28 days so far)")
    }
    lines.append(
      "baseline, \(o.baseline.from) to \(o.baseline.through): "
        + (o.baseline.complete
          ? window(o.baseline)
          : "only \(o.baseline.observedDays) of its 28 days are in the diary, so no responder status"))
    for (index, w) in o.windows.enumerated() {
      lines.append("days \(index * 28 + 1)-\(index * 28 + 28) (\(w.from) to \(w.through)): " + window(w))
    }
    if let responder = o.responder {
      lines.append(
        responder
          ? "50% responder: yes (the latest full window has at most half the baseline's migraine days)"
          : "50% responder: not yet (the latest full window has more than half the baseline's migraine days)")
    }
    lines.append(
      "sessions done: \(c.sessionsDone) of \(c.sessionsTotal); home-practice days: \(c.practiceDays)")
    for m in o.measures {
      let first = m.first.map(String.init) ?? "not scored"
      let latest = m.latest.map(String.init) ?? "not scored"
      lines.append(
        m.count == 1
          ? "\(m.title): \(first) on \(m.firstDate)" + (m.latestBand.map { " (\($0))" } ?? "")
          : "\(m.title): \(first) on \(m.firstDate) → \(latest) on \(m.latestDate)"
            + (m.latestBand.map { " (\($0))" } ?? "") + ", \(m.count) checks")
    }
    for a in o.adherence {
      lines.append("\(a.name) during the program: PDC " + (a.pdc.map(ReportNumber.percentFloor) ?? "-"))
    }
    return lines
  }
}
