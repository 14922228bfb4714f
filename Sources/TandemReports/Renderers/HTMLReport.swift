import TandemAdherence
import TandemCare
import TandemTherapy

/// The report as one self-contained HTML file: inline CSS and SVG, no scripts, no external references,
/// printable on A4 and Letter. Every chart has a `<title>`, a `<desc>` and an `aria-label`, and its figures are
/// also in a table.
public enum HTMLReport {
  /// Renders the report.
  public static func render(_ r: Report) -> String {
    var h = HTMLWriter()
    h.raw("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
    h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
    h.raw(
      "<title>Tandem prescriber report: \(esc(ReportPhrases.patient(r))), \(r.header.from) to \(r.header.through)</title>\n"
    )
    h.raw("<style>\n\(css)</style>\n</head>\n<body>\n<main>\n")
    h.raw("<header><h1>Tandem prescriber report</h1>\n<dl class=\"meta\">")
    for (k, v) in [
      ("Patient", ReportPhrases.patient(r)), ("Period", ReportPhrases.period(r)),
      ("Generated", "\(r.header.generatedAt); record read as of \(r.header.asOf)"), ("Diary", ReportPhrases.diary(r)),
      ("Baseline", ReportPhrases.baseline(r)),
    ] {
      h.raw("<dt>\(k)</dt><dd>\(esc(v))</dd>")
    }
    h.raw("</dl></header>\n")

    h.raw(
      "<section aria-labelledby=\"bottom-line\" class=\"bottom-line\"><h2 id=\"bottom-line\">Bottom line</h2>\n<ul>")
    for sentence in r.bottomLine { h.raw("<li>\(esc(sentence))</li>") }
    h.raw("</ul>\n</section>\n")

    h.raw("<section aria-labelledby=\"flags\"><h2 id=\"flags\">Flags</h2>\n")
    if r.flags.isEmpty {
      h.raw("<p>No flags.</p>\n")
    } else {
      h.raw("<ul class=\"flags\">")
      for flag in r.flags {
        h.raw(
          "<li class=\"flag \(flag.kind.rawValue)\"><strong>\(esc(flag.kind.rawValue)):</strong> \(esc(flag.message))</li>"
        )
      }
      h.raw("</ul>\n")
    }
    if let suggestions = r.suggestions, !suggestions.isEmpty {
      h.raw("<h3>Suggestions</h3><ul class=\"suggestions\">")
      for item in suggestions { h.raw("<li>\(esc(ReportPhrases.suggestion(item)))</li>") }
      h.raw("</ul>\n")
    }
    if !r.dataNotes.isEmpty {
      h.raw("<h3>About the data</h3><ul class=\"notes\">")
      for note in r.dataNotes { h.raw("<li>\(esc(note))</li>") }
      h.raw("</ul>\n")
    }
    h.raw("</section>\n")

    if let outcomes = r.programOutcomes {
      h.raw("<section aria-labelledby=\"program\"><h2 id=\"program\">Program</h2>\n<ul>")
      for line in ReportPhrases.program(outcomes) { h.raw("<li>\(esc(line))</li>") }
      h.raw("</ul>\n</section>\n")
    }
    h.raw("<section aria-labelledby=\"regimen\"><h2 id=\"regimen\">Regimen in the period</h2>\n")
    if r.regimens.isEmpty {
      h.raw("<p>No regimen in the period.</p>\n")
    } else {
      h.table(
        caption: "Regimens active in the period", header: ["Medication", "Dose", "Schedule", "Use", "From", "To"],
        rows: r.regimens.map {
          [
            $0.listedName, $0.dose.description, $0.scheduleText, $0.use, $0.start.description,
            $0.end?.description ?? "continuing",
          ]
        })
    }
    if !r.regimenChanges.isEmpty {
      h.table(
        caption: "Changes in the period", header: ["Date", "Change"],
        rows: r.regimenChanges.map { [$0.date.description, $0.text] })
    }
    h.raw("</section>\n")

    h.raw("<section aria-labelledby=\"adherence\"><h2 id=\"adherence\">Adherence (scheduled medication)</h2>\n")
    if r.adherence.isEmpty {
      h.raw("<p>No scheduled medication in the period.</p>\n")
    } else {
      h.table(
        caption: "Doses and coverage per scheduled medication",
        header: [
          "Medication", "Expected", "On time", "Late", "Skipped", "Missed", "PDC (80% line)", "CMA7", "Longest gap",
        ],
        rows: r.adherence.map { a in
          [
            a.name, "\(a.counts.expected)", "\(a.counts.onTime)", "\(a.counts.late)", "\(a.counts.skipped)",
            "\(a.counts.missed)",
            a.pdc.map { ReportNumber.percentFloor($0) + ($0 < AdherenceSummary.pdcThreshold ? " (below)" : " (met)") }
              ?? "n/a",
            a.cma7.map(ReportNumber.twoDecimals) ?? "n/a",
            a.longestGap.map {
              $0.days == 0 ? "none" : "\($0.days) day\($0.days == 1 ? "" : "s") (\($0.from) to \($0.through))"
            } ?? "n/a",
          ]
        })
      for a in r.adherence {
        h.raw(
          "<h3>\(esc(a.name))</h3>\n<p>\(a.from) to \(a.through). Missed doses: \(esc(ReportPhrases.dates(a.missedDates)))."
        )
        if let note = a.note { h.raw(" \(esc(note)).") }
        h.raw("</p>\n")
        if !a.windows.isEmpty {
          h.raw(Charts.adherenceTrend(a))
          h.table(
            caption: "\(a.name): adherence per 30-day window", header: ["Window", "Taken", "PDC"],
            rows: a.windows.map { w in
              [
                "\(w.from) to \(w.through)",
                (w.takenShare.map(ReportNumber.percentFloor) ?? "n/a") + " (\(w.taken)/\(w.expected))",
                w.pdc.map(ReportNumber.percentFloor) ?? "n/a",
              ]
            })
        }
      }
    }
    h.raw("</section>\n")

    let m = r.migraine
    h.raw("<section aria-labelledby=\"migraine\"><h2 id=\"migraine\">Migraine</h2>\n")
    h.raw(
      "<p>\(m.observedDays) diary days: \(m.headacheDays) headache days (\(ReportPhrases.rate(m.headacheDaysPer28)) per 28), "
        + "\(m.migraineDays) migraine days (\(ReportPhrases.rate(m.migraineDaysPer28)) per 28), \(ReportBuilder.plural(m.attacks, "attack")).</p>\n"
    )
    h.raw(Charts.comparison(m))
    h.table(
      caption: "Baseline against the latest 28 days",
      header: ["Window", "Days", "Diary days", "Migraine days per 28", "Headache days per 28"],
      rows: [("Baseline", m.comparison.baseline), ("Latest 28 days", m.comparison.latest)].map { name, w in
        guard let w else { return [name, "n/a", "0", "n/a", "n/a"] }
        return [
          name, "\(w.from) to \(w.through)", "\(w.observedDays)", ReportPhrases.rate(w.monthlyMigraineDays),
          ReportPhrases.rate(w.headacheDaysPer28),
        ]
      })
    h.raw("<p>\(esc(ReportPhrases.change(m))).</p>\n")
    h.table(
      caption: "Attacks by severity", header: ["Severity", "0–10", "Attacks", "Share"],
      rows: m.severity.map { [$0.band, $0.range, "\($0.attacks)", $0.percent.map { "\($0)%" } ?? "n/a"] })
    h.raw("</section>\n")

    h.raw("<section aria-labelledby=\"acute\"><h2 id=\"acute\">Acute medication (ICHD-3 8.2)</h2>\n")
    let level = r.acuteMedication.riskLevel
    h.raw(
      "<p class=\"\(level == "none" ? "" : "risk")\"><strong>Risk:</strong> \(esc(ReportPhrases.risk(r.acuteMedication))).</p>\n"
    )
    let classes = ReportPhrases.overuseColumns(r)
    if !r.months.isEmpty {
      h.table(
        caption:
          "Acute-medication days per month against the thresholds (days/threshold; ! at or over, ~ within 2 days)",
        header: ["Month", "Diary days", "Headache days", "Migraine days"] + classes + ["Several classes"],
        rows: r.months.map { month in
          [month.month, "\(month.observedDays)", "\(month.headacheDays)", "\(month.migraineDays)"]
            + classes.map { c in
              ReportPhrases.classCell(
                month.daysByOveruseClass.first { $0.medicationClass == c }
                  ?? ClassDays(medicationClass: c, days: 0, threshold: OveruseClass(rawValue: c)?.monthlyThreshold))
            } + [month.severalClassesDays.map { "\($0)/10" } ?? "-"]
        })
    }
    h.raw("</section>\n")

    trend(&h, r)
    attackList(&h, r)

    let t = r.therapy
    h.raw("<section aria-labelledby=\"therapy\"><h2 id=\"therapy\">Behavioural therapy</h2>\n")
    h.raw("<p>\(esc(ReportPhrases.sessions(t))).")
    if t.sessions > 0 {
      h.raw(
        " \(esc(ReportPhrases.practice(t))). By approach: \(esc(ReportPhrases.counts(t.byApproach))). By ACT process: \(esc(ReportPhrases.counts(t.byProcess)))."
      )
    }
    h.raw("</p>\n")
    if !t.modules.isEmpty {
      h.table(
        caption: "Modules", header: ["Module", "Approach", "ACT process", "Completed", "Not completed"],
        rows: t.modules.map { [$0.title, $0.approach, $0.process ?? "-", "\($0.completed)", "\($0.notCompleted)"] })
    }
    if !t.commitments.isEmpty {
      h.table(
        caption: "Home-practice commitments", header: ["Date", "Module", "Step", "Commitment"],
        rows: t.commitments.map { [$0.date.description, $0.moduleID, $0.question, $0.answer] })
    }
    if !t.ratingChanges.isEmpty {
      h.table(
        caption: "Before/after ratings", header: ["Date", "Module", "Rating", "Before", "After", "Change"],
        rows: t.ratingChanges.map {
          [
            $0.date.description, $0.moduleID, $0.rating, "\($0.before)", "\($0.after)",
            ($0.change > 0 ? "+" : "") + "\($0.change)",
          ]
        })
    }
    if let measures = t.measures {
      h.table(
        caption: "Questionnaires", header: ["Date", "Measure", "Total", "Band", "Change", "Notes"],
        rows: measures.map { m in
          [
            m.date.description, m.title,
            m.total.map { t in m.maximum.map { "\(t) of \($0)" } ?? "\(t)" } ?? "not scored",
            m.band ?? "", m.change.map { ($0 > 0 ? "+" : "") + "\($0)" } ?? "",
            [
              m.prorated ? "prorated" : nil, m.crisis ? "crisis item answered" : nil,
              m.subscales.contains { $0.positive == true }
                ? "positive: " + m.subscales.filter { $0.positive == true }.map(\.title).joined(separator: ", ") : nil,
            ].compactMap { $0 }.joined(separator: "; "),
          ]
        })
    }
    if !t.safetyStops.isEmpty {
      h.table(
        caption: "Safety stops", header: ["Date", "Module", "Step", "Kind"],
        rows: t.safetyStops.map {
          [$0.date.description, $0.moduleID, $0.stepID, $0.kind == "crisis" ? "mood/crisis item" : "red-flag screen"]
        })
    }
    h.raw("</section>\n")

    h.raw("<section aria-labelledby=\"strip\" class=\"strip\"><h2 id=\"strip\">Daily strip</h2>\n")
    h.raw("<figure class=\"chart strip\">")
    h.raw(Charts.strip(r))
    h.raw(Charts.stripKey())
    h.raw("</figure>\n")
    h.raw("</section>\n</main>\n</body>\n</html>\n")
    return h.out
  }

  /// The month-by-month section: charts with their colour keys, then the table with every figure.
  static func trend(_ h: inout HTMLWriter, _ r: Report) {
    h.raw("<section aria-labelledby=\"trend\"><h2 id=\"trend\">Month by month</h2>\n")
    guard !r.months.isEmpty else {
      h.raw("<p>No months in the period.</p>\n</section>\n")
      return
    }
    h.raw("<div class=\"charts\">\n")
    h.raw(Charts.monthlyDays(r))
    if !r.adherence.isEmpty { h.raw(Charts.monthlyPDC(r)) }
    h.raw(Charts.monthlyPractice(r))
    h.raw("</div>\n")
    h.table(
      caption: "Headache days, acute medication and practice per month",
      header: [
        "Month", "Diary days", "Migraine days", "Headache days", "Acute-medication days", "Acute doses",
        "Sessions completed", "Practice (min)",
      ],
      rows: r.months.map { month in
        [
          month.month, "\(month.observedDays)", "\(month.migraineDays)", "\(month.headacheDays)", "\(month.acuteDays)",
          "\(month.acuteDoses)", "\(month.sessionsCompleted)", "\(month.minutesPractised)",
        ]
      })
    if !r.adherence.isEmpty {
      h.table(
        caption: "PDC per month (days covered by supply ÷ days measured)",
        header: ["Month"] + r.adherence.map(\.name),
        rows: r.months.map { month in
          [month.month]
            + r.adherence.map { a in
              month.pdc.first { $0.medicationID == a.medicationID }?.pdc.map(ReportNumber.percentFloor) ?? "-"
            }
        })
    }
    h.raw("</section>\n")
  }

  /// Every attack that started in the period, one row each.
  static func attackList(_ h: inout HTMLWriter, _ r: Report) {
    h.raw("<section aria-labelledby=\"attacks\"><h2 id=\"attacks\">Attacks</h2>\n")
    if r.attacks.isEmpty {
      h.raw("<p>No attacks started in the period.</p>\n")
    } else {
      h.table(
        caption: "Attacks that started in the period",
        header: ["Start", "Duration", "Severity", "Aura", "Features", "Acute medication", "Relief", "Note"],
        rows: r.attacks.map { a in
          [
            ReportPhrases.dateTime(a.start), ReportPhrases.duration(a.durationMinutes), "\(a.severity)/10",
            a.aura ? "yes" + (a.auraMinutes.map { ", \($0) min" } ?? "") : "no",
            a.symptoms.isEmpty ? "-" : a.symptoms.joined(separator: ", "),
            a.acute.isEmpty ? "-" : ReportPhrases.acute(a), a.relief ?? "not recorded", a.note ?? "",
          ]
        }, className: "attacks")
    }
    h.raw("</section>\n")
  }

  /// Record text for the page; see `HTMLText`.
  static func esc(_ text: String) -> String { HTMLText.escape(text) }

  static let css = """
    :root { color-scheme: light; --ink: #1a1a1a; --muted: #5a5a5a; --line: #c8c8c8; --risk: #a40000; --ok: #1f6f3f; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 10.5pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
    main { max-width: 180mm; margin: 0 auto; padding: 12mm 0; }
    h1 { font-size: 17pt; margin: 0 0 4pt; }
    h2 { font-size: 13pt; margin: 14pt 0 4pt; border-bottom: 1.5pt solid var(--ink); padding-bottom: 2pt; }
    h3 { font-size: 11pt; margin: 10pt 0 3pt; }
    p { margin: 3pt 0 6pt; }
    dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 1pt 10pt; margin: 0; }
    dl.meta dt { font-weight: 600; }
    dl.meta dd { margin: 0; }
    ul.flags { padding-left: 0; list-style: none; margin: 0; }
    li.flag { border-left: 4pt solid var(--risk); padding: 2pt 6pt; margin: 3pt 0; background: #fbeaea; }
    .risk { color: var(--risk); }
    table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 9.5pt; font-variant-numeric: tabular-nums; }
    caption { text-align: left; font-weight: 600; padding: 2pt 0; }
    th, td { border: 0.75pt solid var(--line); padding: 2pt 4pt; text-align: left; vertical-align: top; }
    thead th { background: #eee; }
    .n { white-space: nowrap; }
    svg { display: block; width: 100%; height: auto; margin: 4pt 0; }
    svg text { font: 9px system-ui, "DejaVu Sans", sans-serif; fill: var(--ink); }
    .legend { color: var(--muted); font-size: 8.5pt; }
    svg .grid { stroke: #ddd; }
    svg .axis { stroke: #999; stroke-width: 0.5; }
    section.bottom-line { border: 1pt solid var(--line); border-left: 4pt solid var(--ink); padding: 0 8pt 6pt; margin-top: 10pt; }
    section.bottom-line h2 { border-bottom: none; margin-top: 6pt; }
    section.bottom-line ul { margin: 0; padding-left: 16pt; }
    section.bottom-line li { margin: 2pt 0; font-size: 11pt; }
    .charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(62mm, 1fr)); gap: 4pt 10pt; }
    figure.chart { margin: 0; break-inside: avoid; min-width: 0; }
    figure.chart figcaption { font-weight: 600; font-size: 9.5pt; }
    ul.key { list-style: none; padding: 0; margin: 2pt 0 6pt; display: flex; flex-wrap: wrap; gap: 2pt 10pt; font-size: 8.5pt; }
    ul.key li { display: inline-flex; align-items: center; gap: 4pt; }
    .swatch { display: inline-block; width: 9pt; height: 9pt; border: 0.5pt solid #888; flex: none; }
    td { overflow-wrap: break-word; }
    table.attacks { font-size: 8.5pt; }
    table.attacks th[scope="row"] { white-space: nowrap; }
    table.attacks td:nth-child(5) { min-width: 30mm; }
    @page { margin: 14mm 12mm; }
    @media print {
      main { max-width: none; padding: 0; }
      section { break-inside: auto; }
      h2, h3, caption { break-after: avoid; }
      tr, svg, li.flag { break-inside: avoid; }
      li.flag { background: none; }
    }

    """
}

/// Builds the HTML text.
struct HTMLWriter {
  var out = ""

  mutating func raw(_ s: String) { out += s }

  /// A table with a caption, column headers (`scope="col"`) and the first cell of each row as a row header.
  mutating func table(caption: String, header: [String], rows: [[String]], className: String? = nil) {
    out += "<table\(className.map { " class=\"\($0)\"" } ?? "")>\n"
    out += "<caption>\(HTMLReport.esc(caption))</caption>\n<thead><tr>"
    for h in header { out += "<th scope=\"col\">\(HTMLReport.esc(h))</th>" }
    out += "</tr></thead>\n<tbody>\n"
    for row in rows {
      out += "<tr>"
      for (i, cell) in row.enumerated() {
        let short = cell.count <= 12 ? " class=\"n\"" : ""
        out +=
          i == 0 ? "<th scope=\"row\"\(short)>\(HTMLReport.esc(cell))</th>" : "<td\(short)>\(HTMLReport.esc(cell))</td>"
      }
      out += "</tr>\n"
    }
    out += "</tbody>\n</table>\n"
  }
}
