import TandemBase
import TandemCare

/// The report for an 80-column terminal. With `colour` off it is plain text (for `--plain`, `NO_COLOR`, files).
///
/// Every line passes through `TerminalText.sanitized` on the way out, so text from the record
/// cannot carry control or bidirectional characters; the colours are `TerminalText.control`
/// sequences, which a terminal writer (`TerminalText.forTerminal`) turns into real ones.
public enum TextReport {
  /// The width every line fits.
  public static let width = 80

  /// Renders the report.
  public static func render(_ report: Report, colour: Bool = false) -> String {
    var out = TextReportWriter(colour: colour)
    out.write(report)
    // Each element is one line: a newline inside one came from the record and is escaped too.
    return out.lines.map { TerminalText.sanitized($0, keepNewlines: false) }.joined(separator: "\n") + "\n"
  }
}

struct TextReportWriter {
  let colour: Bool
  var lines: [String] = []

  func bold(_ s: String) -> String { colour ? TerminalText.control("[1m") + s + TerminalText.control("[0m") : s }
  func red(_ s: String) -> String { colour ? TerminalText.control("[1;31m") + s + TerminalText.control("[0m") : s }

  mutating func heading(_ s: String) {
    lines.append("")
    lines.append(bold(s.uppercased()))
  }

  /// Appends `text` wrapped to 80 columns; continuation lines are indented two more spaces.
  mutating func para(_ text: String, indent: Int = 2, mark: String? = nil) {
    let first = String(repeating: " ", count: indent) + (mark.map { $0 + " " } ?? "")
    let rest = String(repeating: " ", count: first.count + (mark == nil ? 2 : 0))
    var line = first
    var lineHasWord = false
    for word in text.split(separator: " ", omittingEmptySubsequences: true) {
      if lineHasWord, line.count + 1 + word.count > TextReport.width {
        lines.append(line)
        line = rest
        lineHasWord = false
      }
      line += (lineHasWord ? " " : "") + word
      lineHasWord = true
    }
    lines.append(line)
  }

  mutating func write(_ r: Report) {
    lines.append(bold("TANDEM PRESCRIBER REPORT"))
    para("Patient: \(TerminalText.sanitized(ReportPhrases.patient(r), keepNewlines: false))", indent: 0)
    para("Period: \(ReportPhrases.period(r))", indent: 0)
    para("Generated: \(r.header.generatedAt); record read as of \(r.header.asOf)", indent: 0)
    para("Diary: \(ReportPhrases.diary(r)). Baseline: \(ReportPhrases.baseline(r)).", indent: 0)

    heading("Bottom line")
    for sentence in r.bottomLine { para(sentence, mark: "*") }

    heading("Flags")
    if r.flags.isEmpty { para("No flags.") }
    for flag in r.flags { para(flag.message, mark: red("!")) }
    if let suggestions = r.suggestions, !suggestions.isEmpty {
      heading("Suggestions (documented rules, never acted on by Tandem)")
      for item in suggestions {
        para(TerminalText.sanitized(ReportPhrases.suggestion(item), keepNewlines: false), mark: "?")
      }
    }
    if !r.dataNotes.isEmpty {
      heading("About the data")
      for note in r.dataNotes { para(note, mark: "-") }
    }

    if let outcomes = r.programOutcomes {
      heading("Program")
      for line in ReportPhrases.program(outcomes) { para(TerminalText.sanitized(line, keepNewlines: false)) }
    }

    heading("Regimen in the period")
    if r.regimens.isEmpty { para("No regimen in the period.") }
    for line in r.regimens {
      para(
        "\(line.listedName) \(line.dose), \(line.scheduleText); \(line.use); \(ReportPhrases.regimenDates(line))",
        mark: "-")
    }
    if !r.regimenChanges.isEmpty {
      para("Changes:")
      for change in r.regimenChanges { para("\(change.date)  \(change.text)", indent: 4) }
    }

    heading("Adherence (scheduled medication)")
    if r.adherence.isEmpty { para("No scheduled medication in the period.") }
    for a in r.adherence {
      lines.append("  " + bold("\(a.name) (\(a.use))") + ", \(a.from) to \(a.through)")
      para("doses \(ReportPhrases.counts(a))", indent: 4)
      if let note = a.note { para(note, indent: 4) }
      para("\(ReportPhrases.pdc(a)); \(ReportPhrases.cma7(a)); \(ReportPhrases.gap(a))", indent: 4)
      para("missed: \(ReportPhrases.dates(a.missedDates))", indent: 4)
      if !a.skippedDates.isEmpty { para("skipped: \(ReportPhrases.dates(a.skippedDates))", indent: 4) }
      if !a.windows.isEmpty {
        para("30-day trend:", indent: 4)
        for w in a.windows { para("\(w.from) to \(w.through): \(ReportPhrases.windowCell(w))", indent: 6) }
      }
    }

    heading("Migraine")
    let m = r.migraine
    para(
      "\(m.observedDays) diary days in the period: \(m.headacheDays) headache days "
        + "(\(ReportPhrases.rate(m.headacheDaysPer28)) per 28), \(m.migraineDays) migraine days "
        + "(\(ReportPhrases.rate(m.migraineDaysPer28)) per 28), \(ReportBuilder.plural(m.attacks, "attack")).")
    para("baseline: " + ReportPhrases.window(m.comparison.baseline))
    para("latest 28 days: " + ReportPhrases.window(m.comparison.latest))
    para(ReportPhrases.change(m))
    for note in m.comparisonNotes.dropFirst(m.comparison.migraineDaysPercentChange == nil ? 1 : 0) { para(note) }
    para("severity: " + ReportPhrases.severity(m))

    heading("Acute medication (ICHD-3 8.2)")
    para("risk: " + ReportPhrases.risk(r.acuteMedication), mark: r.acuteMedication.riskLevel == "none" ? nil : red("!"))
    para(
      "\(r.acuteMedication.acuteDays) acute-medication days in the period"
        + (r.acuteMedication.daysByMedicationClass.isEmpty
          ? "."
          : ": "
            + r.acuteMedication.daysByMedicationClass.map { "\($0.medicationClass) \($0.days)" }.joined(separator: ", ")
            + "."))
    monthTable(r)

    heading("Month by month")
    trendTable(r)

    heading("Attacks")
    attackList(r)

    heading("Behavioural therapy")
    let t = r.therapy
    para(ReportPhrases.sessions(t) + ".")
    if t.sessions > 0 {
      para(ReportPhrases.practice(t) + ".")
      para("by approach: \(ReportPhrases.counts(t.byApproach)); by ACT process: \(ReportPhrases.counts(t.byProcess))")
      for module in t.modules {
        para(
          "\(module.title) (\(module.approach)\(module.process.map { ", " + $0 } ?? "")): \(module.completed) completed"
            + (module.notCompleted > 0 ? ", \(module.notCompleted) not completed" : ""), mark: "-")
      }
    }
    if !t.commitments.isEmpty {
      para("home-practice commitments:")
      for c in t.commitments {
        para(
          "\(c.date) \(c.moduleID), \(TerminalText.sanitized(c.question, keepNewlines: false)): "
            + TerminalText.sanitized(c.answer, keepNewlines: false), indent: 4)
      }
    }
    if !t.ratingChanges.isEmpty {
      para("before/after ratings:")
      for change in t.ratingChanges { para(ReportPhrases.rating(change), indent: 4) }
    }
    if let measures = t.measures {
      para("questionnaires:")
      for line in measures {
        para(
          TerminalText.sanitized(ReportPhrases.measure(line), keepNewlines: false), indent: 4,
          mark: line.crisis ? red("!") : nil)
      }
    }
    if !t.safetyStops.isEmpty {
      para("safety stops:")
      for stop in t.safetyStops { para(ReportPhrases.stop(stop), indent: 4, mark: red("!")) }
    }

    heading("Daily strip")
    strip(r)
  }

  mutating func monthTable(_ r: Report) {
    guard !r.months.isEmpty else { return }
    let classes = ReportPhrases.overuseColumns(r)
    let several = r.months.contains { $0.severalClassesDays != nil }
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    let names: [String: String] = ["combination-analgesic": "combination", "simple-analgesic": "simple-an."]
    var header = "  " + pad("month", 9) + pad("diary", 7) + pad("hd/md", 8)
    for c in classes { header += pad(names[c] ?? c, 12) }
    if several { header += "several" }
    lines.append(header)
    for month in r.months {
      var line =
        "  " + pad(month.month, 9) + pad("\(month.observedDays)", 7)
        + pad("\(month.headacheDays)/\(month.migraineDays)", 8)
      for c in classes {
        line += pad(
          ReportPhrases.classCell(
            month.daysByOveruseClass.first { $0.medicationClass == c }
              ?? ClassDays(medicationClass: c, days: 0, threshold: OveruseClass(rawValue: c)?.monthlyThreshold)), 12)
      }
      if several { line += month.severalClassesDays.map { "\($0)/10" + ($0 >= 10 ? " !" : "") } ?? "-" }
      lines.append(line)
    }
    para(
      "diary = days in the diary; hd/md = headache/migraine days; class cells = days/threshold, ! at or over, ~ within 2 days.",
      indent: 2)
  }

  /// Migraine and headache days, acute days and doses, PDC per scheduled medication and practice, one row a month.
  mutating func trendTable(_ r: Report) {
    guard !r.months.isEmpty else { return para("No months in the period.") }
    func pad(_ s: String, _ n: Int) -> String {
      s.count >= n ? s + " " : s + String(repeating: " ", count: n - s.count)
    }
    let medications = r.adherence.prefix(3)
    var header =
      "  " + pad("month", 8) + pad("diary", 6) + pad("mig", 4) + pad("head", 5) + pad("acute", 6)
      + pad("doses", 6)
    for a in medications { header += pad(String(TerminalText.sanitized(a.name, keepNewlines: false).prefix(9)), 10) }
    lines.append(header + "practice")
    for month in r.months {
      var line =
        "  " + pad(month.month, 8) + pad("\(month.observedDays)", 6) + pad("\(month.migraineDays)", 4)
        + pad("\(month.headacheDays)", 5) + pad("\(month.acuteDays)", 6) + pad("\(month.acuteDoses)", 6)
      for a in medications {
        let pdc = month.pdc.first { $0.medicationID == a.medicationID }?.pdc
        line += pad(pdc.map(ReportNumber.percentFloor) ?? "-", 10)
      }
      lines.append(line + "\(month.sessionsCompleted)/\(month.minutesPractised) min")
    }
    // More scheduled medications than fit beside the rest: their PDC in tables of their own, six
    // to a table, so none is left out of the text report.
    var rest = Array(r.adherence.dropFirst(3))
    while !rest.isEmpty {
      let group = rest.prefix(6)
      rest.removeFirst(group.count)
      lines.append("")
      lines.append(
        "  " + pad("month", 8)
          + group.map { pad(String(TerminalText.sanitized($0.name, keepNewlines: false).prefix(9)), 10) }.joined())
      for month in r.months {
        lines.append(
          "  " + pad(month.month, 8)
            + group.map { a in
              pad(month.pdc.first { $0.medicationID == a.medicationID }?.pdc.map(ReportNumber.percentFloor) ?? "-", 10)
            }.joined())
      }
    }
    para(
      "mig/head = migraine/headache days; acute = days with acute medication, doses = acute doses taken; "
        + (medications.isEmpty ? "" : "PDC per scheduled medication (by name); ")
        + "practice = sessions completed/minutes of timed practice.")
  }

  /// One paragraph per attack: start, length, severity, features, acute medication, relief, note.
  mutating func attackList(_ r: Report) {
    if r.attacks.isEmpty { return para("No attacks started in the period.") }
    for a in r.attacks {
      para(ReportPhrases.attack(a), mark: "-")
      if let note = a.note { para("note: " + note, indent: 6) }
    }
  }

  mutating func strip(_ r: Report) {
    guard !r.days.isEmpty else { return }
    for (month, days) in ReportPhrases.monthRuns(r) {
      let offset = (days.first?.date.day ?? 1) - 1
      lines.append(
        "  " + bold(month) + String(repeating: " ", count: 14 - month.count) + "1        10        20        30")
      for row in ReportPhrases.stripRows(days, report: r) {
        let label = String(TerminalText.sanitized(row.label, keepNewlines: false).prefix(13))
        let cells = String(repeating: " ", count: offset) + String(row.cells.map { colourCell($0) }.joined())
        lines.append("  " + label + String(repeating: " ", count: 14 - label.count) + cells)
      }
    }
    for line in ReportPhrases.stripLegend { para(line, indent: 2) }
  }

  func colourCell(_ c: Character) -> String {
    switch c {
    case "M", "x", "!": red(String(c))
    default: String(c)
    }
  }
}
