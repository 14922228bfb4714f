import TandemAdherence
import TandemBase
import TandemCare
import TandemTherapy

/// The report as Markdown for a clinical note: headings, short paragraphs and pipe tables.
public enum MarkdownReport {
  /// Renders the report.
  public static func render(_ r: Report) -> String {
    var out: [String] = []
    func e(_ s: String) -> String { escape(s) }
    func table(_ header: [String], _ rows: [[String]]) {
      out.append("| " + header.joined(separator: " | ") + " |")
      out.append("|" + header.map { _ in " --- |" }.joined())
      for row in rows { out.append("| " + row.map(e).joined(separator: " | ") + " |") }
      out.append("")
    }
    out.append("# Tandem prescriber report")
    out.append("")
    out.append("- **Patient:** \(e(ReportPhrases.patient(r)))")
    out.append("- **Period:** \(e(ReportPhrases.period(r)))")
    out.append("- **Generated:** \(r.header.generatedAt); record read as of \(r.header.asOf)")
    out.append("- **Diary:** \(e(ReportPhrases.diary(r))); **baseline:** \(e(ReportPhrases.baseline(r)))")
    out.append("")
    out.append("## Bottom line")
    out.append("")
    for sentence in r.bottomLine { out.append("- \(e(sentence))") }
    out.append("")
    out.append("## Flags")
    out.append("")
    if r.flags.isEmpty { out.append("No flags.") }
    for flag in r.flags { out.append("- **\(e(flag.kind.rawValue)):** \(e(flag.message))") }
    out.append("")
    if let suggestions = r.suggestions, !suggestions.isEmpty {
      out.append("## Suggestions")
      out.append("")
      for item in suggestions { out.append("- \(e(ReportPhrases.suggestion(item)))") }
      out.append("")
    }
    if !r.dataNotes.isEmpty {
      out.append("## About the data")
      out.append("")
      for note in r.dataNotes { out.append("- \(e(note))") }
      out.append("")
    }
    if let outcomes = r.programOutcomes {
      out.append("## Program")
      out.append("")
      for line in ReportPhrases.program(outcomes) { out.append("- \(e(line))") }
      out.append("")
    }
    out.append("## Regimen in the period")
    out.append("")
    if r.regimens.isEmpty {
      out.append("No regimen in the period.")
      out.append("")
    } else {
      table(
        ["Medication", "Dose", "Schedule", "Use", "From", "To"],
        r.regimens.map {
          [
            $0.listedName, $0.dose.description, $0.scheduleText, $0.use, $0.start.description,
            $0.end?.description ?? "continuing",
          ]
        })
    }
    if !r.regimenChanges.isEmpty {
      out.append("Changes:")
      out.append("")
      for change in r.regimenChanges { out.append("- \(change.date): \(e(change.text))") }
      out.append("")
    }
    out.append("## Adherence (scheduled medication)")
    out.append("")
    if r.adherence.isEmpty {
      out.append("No scheduled medication in the period.")
      out.append("")
    } else {
      table(
        ["Medication", "Expected", "On time", "Late", "Skipped", "Missed", "PDC (80% line)", "CMA7", "Longest gap"],
        r.adherence.map { a in
          [
            a.name, "\(a.counts.expected)", "\(a.counts.onTime)", "\(a.counts.late)", "\(a.counts.skipped)",
            "\(a.counts.missed)",
            a.pdc.map { ReportNumber.percentFloor($0) + ($0 < AdherenceSummary.pdcThreshold ? " (below)" : " (met)") }
              ?? "n/a",
            a.cma7.map(ReportNumber.twoDecimals) ?? "n/a",
            a.longestGap.map { $0.days == 0 ? "none" : "\($0.days) d (\($0.from) to \($0.through))" } ?? "n/a",
          ]
        })
      for a in r.adherence {
        out.append("**\(e(a.name))**, \(a.from) to \(a.through). Missed: \(ReportPhrases.dates(a.missedDates)).")
        if let note = a.note { out.append("Note: \(e(note)).") }
        out.append("")
        if !a.windows.isEmpty {
          table(
            ["30-day window", "Taken", "PDC"],
            a.windows.map { w in
              [
                "\(w.from) to \(w.through)",
                (w.takenShare.map(ReportNumber.percentFloor) ?? "n/a") + " (\(w.taken)/\(w.expected))",
                w.pdc.map(ReportNumber.percentFloor) ?? "n/a",
              ]
            })
        }
      }
    }
    let m = r.migraine
    out.append("## Migraine")
    out.append("")
    out.append(
      "\(m.observedDays) diary days: \(m.headacheDays) headache days (\(ReportPhrases.rate(m.headacheDaysPer28)) per 28), "
        + "\(m.migraineDays) migraine days (\(ReportPhrases.rate(m.migraineDaysPer28)) per 28), \(ReportBuilder.plural(m.attacks, "attack"))."
    )
    out.append("")
    table(
      ["Window", "Days", "Diary days", "Migraine days / 28", "Headache days / 28"],
      [("Baseline", m.comparison.baseline), ("Latest 28 days", m.comparison.latest)].map { name, w in
        guard let w else { return [name, "n/a", "0", "n/a", "n/a"] }
        return [
          name, "\(w.from) to \(w.through)", "\(w.observedDays)", ReportPhrases.rate(w.monthlyMigraineDays),
          ReportPhrases.rate(w.headacheDaysPer28),
        ]
      })
    out.append(e(ReportPhrases.change(m)) + ".")
    out.append("")
    out.append("Severity: " + e(ReportPhrases.severity(m)) + ".")
    out.append("")
    out.append("## Acute medication (ICHD-3 8.2)")
    out.append("")
    out.append("**Risk:** " + e(ReportPhrases.risk(r.acuteMedication)) + ".")
    out.append("")
    let classes = ReportPhrases.overuseColumns(r)
    if !r.months.isEmpty {
      table(
        ["Month", "Diary days", "Headache days", "Migraine days"] + classes.map { "\($0) (days/threshold)" }
          + ["Several classes"],
        r.months.map { month in
          ["\(month.month)", "\(month.observedDays)", "\(month.headacheDays)", "\(month.migraineDays)"]
            + classes.map { c in
              ReportPhrases.classCell(
                month.daysByOveruseClass.first { $0.medicationClass == c }
                  ?? ClassDays(medicationClass: c, days: 0, threshold: OveruseClass(rawValue: c)?.monthlyThreshold))
            } + [month.severalClassesDays.map { "\($0)/10" } ?? "-"]
        })
    }
    let t = r.therapy
    out.append("## Month by month")
    out.append("")
    table(
      ["Month", "Diary days", "Migraine days", "Headache days", "Acute-medication days", "Acute doses"]
        + r.adherence.map { e("PDC \($0.name)") } + ["Sessions completed", "Practice (min)"],
      r.months.map { month in
        [
          month.month, "\(month.observedDays)", "\(month.migraineDays)", "\(month.headacheDays)", "\(month.acuteDays)",
          "\(month.acuteDoses)",
        ]
          + r.adherence.map { a in
            month.pdc.first { $0.medicationID == a.medicationID }?.pdc.map(ReportNumber.percentFloor) ?? "-"
          } + ["\(month.sessionsCompleted)", "\(month.minutesPractised)"]
      })
    out.append("## Attacks")
    out.append("")
    if r.attacks.isEmpty {
      out.append("No attacks started in the period.")
      out.append("")
    } else {
      table(
        ["Start", "Duration", "Severity", "Aura", "Features", "Acute medication", "Relief", "Note"],
        r.attacks.map { a in
          [
            ReportPhrases.dateTime(a.start), ReportPhrases.duration(a.durationMinutes), "\(a.severity)/10",
            ReportPhrases.aura(a), a.symptoms.isEmpty ? "-" : a.symptoms.joined(separator: ", "),
            a.acute.isEmpty ? "-" : ReportPhrases.acute(a), a.relief ?? "not recorded", a.note ?? "",
          ]
        })
    }
    out.append("## Behavioural therapy")
    out.append("")
    out.append(e(ReportPhrases.sessions(t)) + ".")
    if t.sessions > 0 {
      out.append(e(ReportPhrases.practice(t)) + ".")
      out.append(
        "By approach: \(e(ReportPhrases.counts(t.byApproach))). By ACT process: \(e(ReportPhrases.counts(t.byProcess)))."
      )
    }
    out.append("")
    if !t.modules.isEmpty {
      table(
        ["Module", "Approach", "ACT process", "Completed", "Not completed"],
        t.modules.map { [$0.title, $0.approach, $0.process ?? "-", "\($0.completed)", "\($0.notCompleted)"] })
    }
    if !t.commitments.isEmpty {
      out.append("Home-practice commitments:")
      out.append("")
      for c in t.commitments { out.append("- \(c.date), \(e(c.moduleID)), \(e(c.question)): \(e(c.answer))") }
      out.append("")
    }
    if !t.ratingChanges.isEmpty {
      out.append("Before/after ratings:")
      out.append("")
      for change in t.ratingChanges { out.append("- " + e(ReportPhrases.rating(change))) }
      out.append("")
    }
    if let measures = t.measures {
      out.append("Questionnaires:")
      out.append("")
      for line in measures {
        let text = e(ReportPhrases.measure(line))
        out.append("- " + (line.crisis ? "**" + text + "**" : text))
      }
      out.append("")
    }
    if !t.safetyStops.isEmpty {
      out.append("Safety stops:")
      out.append("")
      for stop in t.safetyStops { out.append("- **" + e(ReportPhrases.stop(stop)) + "**") }
      out.append("")
    }
    out.append("## Daily strip")
    out.append("")
    out.append("```text")
    var strip = TextReportWriter(colour: false)
    strip.strip(r)
    out += strip.lines
    out.append("```")
    return out.joined(separator: "\n") + "\n"
  }

  /// Escapes Markdown syntax in text that came from the record.
  static func escape(_ text: String) -> String {
    var out = ""
    for c in TerminalText.sanitized(text, keepNewlines: false) {
      if "\\`*_[]<>|#".contains(c) { out.append("\\") }
      out.append(c)
    }
    return out
  }
}
