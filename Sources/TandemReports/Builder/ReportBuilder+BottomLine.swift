import Foundation
import TandemBase
import TandemCare

extension ReportBuilder {
  /// Three to five sentences in clinical order: a preventive overdue, medication-overuse risk, migraine days
  /// against the baseline, adherence to the preventives, then behavioural work. Each is computed from the report's
  /// own figures; with little or no data the sentences say so rather than guess.
  func bottomLine(_ r: Report, overdue: [Overdue]) -> [String] {
    guard diaryStart != nil else {
      return [
        "Nothing is recorded yet: no regimens, doses, headaches or sessions.",
        "There are no figures to summarise for \(r.header.from) to \(r.header.through).",
      ]
    }
    var lines: [String] = []
    if !overdue.isEmpty {
      lines.append(
        Self.capitalised(
          overdue.map {
            "\(name($0.medicationID)) overdue since \(shortDate($0.since)) (\($0.days) day\($0.days == 1 ? "" : "s"))"
          }.joined(separator: "; ")) + ".")
    }
    lines.append(overuseSentence(r))
    lines.append(migraineSentence(r))
    if let adherence = adherenceSentence(r, overdue: overdue) { lines.append(adherence) }
    lines.append(therapySentence(r.therapy))
    return Array(lines.prefix(5))
  }

  /// `5 Nov`, with the year when it is not the year of `asOf`.
  func shortDate(_ date: LocalDate) -> String {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let month = months[max(0, min(11, date.month - 1))]
    return date.year == asOf.year ? "\(date.day) \(month)" : "\(date.day) \(month) \(date.year)"
  }

  static func capitalised(_ text: String) -> String { text.prefix(1).uppercased() + text.dropFirst() }

  static func plural(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }

  func overuseSentence(_ r: Report) -> String {
    let acute = r.acuteMedication
    let doses = r.months.reduce(0) { $0 + $1.acuteDoses }
    guard acute.riskLevel != OveruseRisk.Level.none.description,
      let finding = acute.findings.max(by: {
        Double($0.days) / Double(max(1, $0.threshold)) < Double($1.days) / Double(max(1, $1.threshold))
      })
    else {
      if acute.acuteDays == 0 { return "No acute medication recorded in the period." }
      return "Acute medication on \(Self.plural(acute.acuteDays, "day")) (\(Self.plural(doses, "dose"))) in the "
        + "period; no medication-overuse risk in the last 30 days."
    }
    let windowStart = asOf.adding(days: -(OveruseWindow.length - 1))
    let taken = Set(
      intakes.filter {
        let day = LocalDate($0.at, in: zone)
        return day >= windowStart && day <= asOf && $0.overuseClass.rawValue == finding.rule
      }.map { name($0.medicationID) }
    ).sorted()
    let what =
      taken.isEmpty
      ? "Acute medication of several classes"
      : Self.capitalised(taken.joined(separator: " and "))
        + " (\(finding.rule.replacingOccurrences(of: "-", with: " ")))"
    let position: String
    switch acute.riskLevel {
    case OveruseRisk.Level.approaching.description: position = "approaching the overuse line"
    case OveruseRisk.Level.sustained.description:
      position = "at or over the overuse line for three 30-day windows running"
    default: position = "at or over the overuse line"
    }
    return "\(what) on \(finding.days) of the last 30 days: \(position) (\(finding.threshold) days)."
  }

  func migraineSentence(_ r: Report) -> String {
    let m = r.migraine
    let c = m.comparison
    // A baseline without migraine days leaves no percent change, but the two rates still compare.
    let blocking: [MigraineComparison.Shortfall] = [.noRecord, .windowsOverlap, .baselineTooShort, .latestTooShort]
    let shortfall = c.shortfalls.first { blocking.contains($0) }
    if shortfall == nil, let latest = c.latest?.monthlyMigraineDays, let baseline = c.baseline?.monthlyMigraineDays {
      let direction =
        ReportNumber.oneDecimal(latest) == ReportNumber.oneDecimal(baseline)
        ? "unchanged from" : latest > baseline ? "up from" : "down from"
      let response = c.isFiftyPercentResponder == true ? ", at least halved" : ""
      return "Migraine days \(ReportNumber.oneDecimal(latest)) per 28 in the latest 28 days, \(direction) "
        + "\(ReportNumber.oneDecimal(baseline)) at baseline\(response)."
    }
    let why: String
    switch shortfall {
    case .baselineTooShort: why = "the baseline has too few diary days to compare with"
    case .latestTooShort: why = "the latest 28 days have too few diary days to compare with the baseline"
    default: why = "the diary is too short yet to compare with a baseline"
    }
    if let rate = m.migraineDaysPer28 {
      return "Migraine days \(ReportNumber.oneDecimal(rate)) per 28 over the period (\(m.migraineDays) in "
        + "\(m.observedDays) diary days); \(why)."
    }
    if m.observedDays == 0 { return "No diary days fall in the period, so migraine days cannot be counted." }
    return "Only \(Self.plural(m.observedDays, "diary day")) in the period (\(m.migraineDays) with migraine): "
      + "too few for a rate per 28 days."
  }

  func adherenceSentence(_ r: Report, overdue: [Overdue]) -> String? {
    let late = Set(overdue.map(\.medicationID))
    let preventives = r.adherence.filter { $0.use != MedicationUse.acute.rawValue && !late.contains($0.medicationID) }
    if preventives.isEmpty {
      return overdue.isEmpty ? "No preventive on a schedule in the period." : nil
    }
    let parts = preventives.map { a -> String in
      guard let pdc = a.pdc else { return "\(a.name): no dose taken yet" }
      let line = pdc < AdherenceSummary.pdcThreshold ? "below the 80% line" : "80% line met"
      return "\(a.name) PDC \(ReportNumber.percentFloor(pdc)) (\(line); \(a.counts.missed) missed)"
    }
    return Self.capitalised(parts.joined(separator: "; ")) + "."
  }

  func therapySentence(_ t: TherapySummary) -> String {
    guard t.sessions > 0 else { return "No therapy sessions in the period." }
    var text = "\(Self.plural(t.completed, "session")) completed, \(t.minutesPractised) min of timed practice"
    // The rating with the most before/after pairs, averaged, with the module it was rated in most often.
    let byRating = Dictionary(grouping: t.ratingChanges, by: \.rating)
    if let (rating, pairs) = byRating.max(by: { ($0.value.count, $1.key) < ($1.value.count, $0.key) }) {
      let before = Double(pairs.reduce(0) { $0 + $1.before }) / Double(pairs.count)
      let after = Double(pairs.reduce(0) { $0 + $1.after }) / Double(pairs.count)
      let modules = Dictionary(grouping: pairs, by: \.moduleID)
      let moduleID = modules.max { ($0.value.count, $1.key) < ($1.value.count, $0.key) }?.key ?? ""
      let title = t.modules.first { $0.id == moduleID }?.title ?? moduleID
      text +=
        "; \(rating) \(ReportNumber.decimal((before * 10).rounded() / 10)) → "
        + "\(ReportNumber.decimal((after * 10).rounded() / 10)) after \(title.lowercased())"
      if pairs.count > 1 { text += " (average of \(pairs.count))" }
    }
    if t.safetyStopped > 0 {
      text += "; \(t.safetyStopped) stopped by a safety check (see flags)"
    }
    return text + "."
  }
}
