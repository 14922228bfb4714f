import TandemAdherence

/// Inline SVG charts for the HTML report. Each is `role="img"` with a `<title>`, a `<desc>` that states the
/// figures, and an `aria-label`; the same figures are in the tables next to it.
enum Charts {
  static func svg(id: String, width: Int, height: Int, title: String, desc: String, body: String) -> String {
    let t = HTMLReport.esc(title)
    let id = HTMLReport.esc(id)
    return
      "<svg role=\"img\" viewBox=\"0 0 \(width) \(height)\" aria-label=\"\(t)\" aria-labelledby=\"\(id)-t \(id)-d\">"
      + "<title id=\"\(id)-t\">\(t)</title><desc id=\"\(id)-d\">\(HTMLReport.esc(desc))</desc>\n\(body)</svg>\n"
  }

  static func n(_ x: Double) -> String { ReportNumber.oneDecimal(x) }

  /// PDC per 30-day window as bars, with the 80% line.
  static func adherenceTrend(_ a: AdherenceSummary) -> String {
    let width = 600
    let height = 140
    let left = 36.0
    let plot = 100.0
    let barSpace = (Double(width) - left - 10) / Double(max(a.windows.count, 1))
    var body = ""
    for pct in [0, 50, 80, 100] {
      let y = 10 + plot * (1 - Double(pct) / 100)
      body += "<text x=\"\(Int(left) - 4)\" y=\"\(n(y + 3))\" text-anchor=\"end\">\(pct)%</text>"
      body +=
        "<line x1=\"\(Int(left))\" x2=\"\(width - 10)\" y1=\"\(n(y))\" y2=\"\(n(y))\""
        + (pct == 80 ? " stroke=\"#a40000\" stroke-dasharray=\"4 3\"" : " class=\"grid\"") + "/>"
    }
    for (i, w) in a.windows.enumerated() {
      let x = left + Double(i) * barSpace + barSpace * 0.15
      guard let pdc = w.pdc else {
        body += "<text x=\"\(n(x))\" y=\"\(n(10 + plot - 2))\">n/a</text>"
        continue
      }
      let h = plot * pdc
      let colour = pdc < AdherenceSummary.pdcThreshold ? "#c0504d" : "#4f81bd"
      body +=
        "<rect x=\"\(n(x))\" y=\"\(n(10 + plot - h))\" width=\"\(n(barSpace * 0.7))\" height=\"\(n(h))\" fill=\"\(colour)\"/>"
    }
    body += "<text x=\"\(Int(left))\" y=\"\(height - 8)\">\(a.from)</text>"
    body += "<text x=\"\(width - 10)\" y=\"\(height - 8)\" text-anchor=\"end\">\(a.through)</text>"
    let desc =
      "PDC per 30-day window: "
      + a.windows.map { "\($0.from) to \($0.through) \($0.pdc.map(ReportNumber.percentFloor) ?? "not computable")" }
      .joined(separator: "; ") + ". The dashed line is 80%."
    return svg(
      id: "pdc-\(a.medicationID)", width: width, height: height, title: "\(a.name): PDC per 30-day window",
      desc: desc, body: body)
  }

  /// Migraine and headache days per 28: baseline against the latest 28 days.
  static func comparison(_ m: MigraineSummary) -> String {
    let windows = [("baseline", m.comparison.baseline), ("latest 28 days", m.comparison.latest)]
    let values = windows.flatMap { [$0.1?.monthlyMigraineDays, $0.1?.headacheDaysPer28] }.compactMap { $0 }
    guard !values.isEmpty else { return "" }
    let top = max(28.0 / 4, (values.max() ?? 1).rounded(.up))
    let width = 600
    let height = 130
    var body = ""
    for (row, (name, w)) in windows.enumerated() {
      let y = 12 + Double(row) * 52
      body += "<text x=\"0\" y=\"\(n(y + 16))\">\(HTMLReport.esc(name))</text>"
      for (k, (label, value, colour)) in [
        ("migraine days", w?.monthlyMigraineDays, "#c0504d"), ("headache days", w?.headacheDaysPer28, "#f2a541"),
      ].enumerated() {
        let by = y + Double(k) * 20
        guard let value else {
          body += "<text x=\"110\" y=\"\(n(by + 12))\">\(label): not enough data</text>"
          continue
        }
        let length = 330 * value / top
        body += "<rect x=\"110\" y=\"\(n(by))\" width=\"\(n(max(length, 0.5)))\" height=\"16\" fill=\"\(colour)\"/>"
        body += "<text x=\"\(n(116 + length))\" y=\"\(n(by + 12))\">\(label) \(n(value)) per 28</text>"
      }
    }
    let desc =
      windows.map { name, w in
        "\(name): migraine days per 28 \(w?.monthlyMigraineDays.map(n) ?? "not available"), headache days per 28 "
          + "\(w?.headacheDaysPer28.map(n) ?? "not available")"
      }.joined(separator: "; ") + ". " + ReportPhrases.change(m) + "."
    return svg(
      id: "comparison", width: width, height: height, title: "Baseline against the latest 28 days", desc: desc,
      body: body)
  }

  /// One series of a chart: its name in the key, its colour and one value per month (`nil`: nothing to draw).
  struct Series {
    var name: String
    var colour: String
    var values: [Double?]
  }

  /// A colour key as HTML, drawn from the same colours as the chart (a `line` entry is a dashed rule).
  static func key(_ entries: [(name: String, colour: String, line: Bool)]) -> String {
    "<ul class=\"key\">"
      + entries.map { entry in
        let style =
          entry.line
          ? "border: 0; border-top: 2pt dashed \(entry.colour); height: 0;" : "background: \(entry.colour);"
        return "<li><span class=\"swatch\" data-colour=\"\(entry.colour)\" style=\"\(style)\"></span>"
          + "\(HTMLReport.esc(entry.name))</li>"
      }.joined() + "</ul>\n"
  }

  /// `Mar`, with the year on the first month and on each January: `Mar 2026`.
  static func monthLabel(_ month: ReportMonth, first: Bool) -> String {
    let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    let name = names[max(0, min(11, month.from.month - 1))]
    return first || month.from.month == 1 ? "\(name) \(month.from.year)" : name
  }

  /// Grouped bars, one group per month, with a y axis and a key whose colours are the bars' colours.
  static func monthlyBars(
    id: String, title: String, desc: String, months: [ReportMonth], series: [Series], top: Double,
    ticks: [(Double, String)], threshold: (value: Double, name: String, colour: String)? = nil
  ) -> String {
    let width = 320.0
    let height = 150.0
    let left = 30.0
    let right = 6.0
    let plotTop = 8.0
    let plotBottom = 124.0
    let plot = plotBottom - plotTop
    let group = (width - left - right) / Double(max(months.count, 1))
    let bar = group * 0.8 / Double(max(series.count, 1))
    func y(_ v: Double) -> Double { plotBottom - plot * min(max(v, 0), top) / max(top, 1e-9) }
    var body = ""
    for (value, label) in ticks {
      body +=
        "<line class=\"grid\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(value)))\" y2=\"\(n(y(value)))\"/>"
      body += "<text x=\"\(n(left - 3))\" y=\"\(n(y(value) + 3))\" text-anchor=\"end\">\(label)</text>"
    }
    for (k, s) in series.enumerated() {
      for (i, value) in s.values.enumerated() {
        guard let value else { continue }
        let x = left + Double(i) * group + group * 0.1 + Double(k) * bar
        let h = max(plotBottom - y(value), value > 0 ? 0.8 : 0)
        body +=
          "<rect x=\"\(n(x))\" y=\"\(n(plotBottom - h))\" width=\"\(n(max(bar - 0.4, 0.4)))\" height=\"\(n(h))\" fill=\"\(s.colour)\"/>"
      }
    }
    if let threshold {
      body +=
        "<line x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(y(threshold.value)))\" y2=\"\(n(y(threshold.value)))\" stroke=\"\(threshold.colour)\" stroke-dasharray=\"4 3\"/>"
    }
    // Month labels: as many as fit (about 5.4 units a character), centred under their group but kept inside the
    // chart, never closer than 6 units to the one before; when some months go unlabelled, each label has its year.
    let step = max(1, Int((50 / group).rounded(.up)))
    var lastEnd = -Double.infinity
    for (i, month) in months.enumerated() where i % step == 0 {
      let label = monthLabel(month, first: i == 0 || step > 1)
      let half = Double(label.count) * 2.7
      let x = min(max(left + (Double(i) + 0.5) * group, left + half), width - right - half)
      guard x - half >= lastEnd + 6 else { continue }
      lastEnd = x + half
      body += "<text x=\"\(n(x))\" y=\"\(n(plotBottom + 12))\" text-anchor=\"middle\">\(label)</text>"
    }
    body +=
      "<line class=\"axis\" x1=\"\(n(left))\" x2=\"\(n(width - right))\" y1=\"\(n(plotBottom))\" y2=\"\(n(plotBottom))\"/>"
    let entries =
      series.map { (name: $0.name, colour: $0.colour, line: false) }
      + (threshold.map { [(name: $0.name, colour: $0.colour, line: true)] } ?? [])
    return "<figure class=\"chart\"><figcaption>\(HTMLReport.esc(title))</figcaption>"
      + svg(id: id, width: Int(width), height: Int(height), title: title, desc: desc, body: body)
      + key(entries) + "</figure>\n"
  }

  /// The colours of the month-by-month charts; the keys are drawn from these same values.
  enum Palette {
    static let migraine = "#c0504d"
    static let headache = "#f2a541"
    static let acuteDays = "#7b3f99"
    static let acuteDoses = "#b799c9"
    static let practice = "#1f6f3f"
    static let line80 = "#a40000"
    static let medications = ["#4f81bd", "#2a9d8f", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22"]
  }

  /// Migraine, headache and acute-medication days, and acute doses, per month.
  static func monthlyDays(_ r: Report) -> String {
    let months = r.months
    let series = [
      Series(name: "migraine days", colour: Palette.migraine, values: months.map { Double($0.migraineDays) }),
      Series(name: "headache days", colour: Palette.headache, values: months.map { Double($0.headacheDays) }),
      Series(name: "acute-medication days", colour: Palette.acuteDays, values: months.map { Double($0.acuteDays) }),
      Series(name: "acute doses", colour: Palette.acuteDoses, values: months.map { Double($0.acuteDoses) }),
    ]
    let most = series.flatMap(\.values).compactMap { $0 }.max() ?? 0
    let top = max(4, (most / 4).rounded(.up) * 4)
    let desc =
      "Per month: "
      + months.map {
        "\($0.month) \($0.migraineDays) migraine days, \($0.headacheDays) headache days, \($0.acuteDays) acute-medication "
          + "days, \($0.acuteDoses) acute doses (\($0.observedDays) diary days)"
      }.joined(separator: "; ") + "."
    return monthlyBars(
      id: "trend-days", title: "Headache days and acute medication per month", desc: desc, months: months,
      series: series, top: top,
      ticks: [(0, "0"), (top / 2, ReportNumber.decimal(top / 2)), (top, ReportNumber.decimal(top))])
  }

  /// PDC per month for each scheduled medication, with the 80% line.
  static func monthlyPDC(_ r: Report) -> String {
    let series = r.adherence.enumerated().map { i, a in
      Series(
        name: "\(a.name) PDC", colour: Palette.medications[i % Palette.medications.count],
        values: r.months.map { month in month.pdc.first { $0.medicationID == a.medicationID }?.pdc })
    }
    let desc =
      "PDC per month: "
      + r.adherence.map { a in
        a.name + " "
          + r.months.map { month in
            "\(month.month) "
              + (month.pdc.first { $0.medicationID == a.medicationID }?.pdc.map(ReportNumber.percentFloor) ?? "none")
          }.joined(separator: ", ")
      }.joined(separator: "; ") + ". The dashed line is 80%."
    return monthlyBars(
      id: "trend-pdc", title: "PDC per month", desc: desc, months: r.months, series: series, top: 1,
      ticks: [(0, "0%"), (0.5, "50%"), (1, "100%")], threshold: (0.8, "80% line", Palette.line80))
  }

  /// Minutes of timed practice per month.
  static func monthlyPractice(_ r: Report) -> String {
    let series = [
      Series(
        name: "minutes of practice", colour: Palette.practice, values: r.months.map { Double($0.minutesPractised) })
    ]
    let most = Double(r.months.map(\.minutesPractised).max() ?? 0)
    let top = max(10, (most / 10).rounded(.up) * 10)
    let desc =
      "Practice per month: "
      + r.months.map { "\($0.month) \($0.minutesPractised) min, \($0.sessionsCompleted) sessions completed" }
      .joined(separator: "; ") + "."
    return monthlyBars(
      id: "trend-practice", title: "Timed practice per month", desc: desc, months: r.months, series: series, top: top,
      ticks: [(0, "0"), (top / 2, ReportNumber.decimal(top / 2)), (top, ReportNumber.decimal(top))])
  }

  /// The strip's colours, by row kind and cell, with their meaning: the strip and its key both read this table.
  static let stripColours: [(row: String, cell: Character, colour: String, meaning: String)] = [
    ("headache", "M", "#c0504d", "migraine day"), ("headache", "h", "#f2a541", "other headache day"),
    ("acute", "T", "#7b3f99", "triptan, gepant or ergot"), ("acute", "a", "#b799c9", "other acute medication"),
    ("doses", "+", "#4f81bd", "dose on time"), ("doses", "l", "#9dc3e6", "late"), ("doses", "s", "#bbbbbb", "skipped"),
    ("doses", "x", "#c00000", "missed"), ("doses", "?", "#eeeeee", "not yet resolved"),
    ("sessions", "C", "#1f6f3f", "session completed"), ("sessions", "!", "#ff7f0e", "safety stop"),
    ("sessions", "a", "#e6b8b7", "abandoned"),
  ]

  /// The key under the strip: every colour the strip can draw, with its meaning.
  static func stripKey() -> String {
    key(stripColours.map { (name: $0.meaning, colour: $0.colour, line: false) })
      + "<p class=\"legend\">Blank: before the diary, or no regimen that day. The CSV export lists every day.</p>\n"
  }

  /// The daily strip: one column per day, one row per series.
  static func strip(_ r: Report) -> String {
    guard !r.days.isEmpty else { return "<p>No days in the period.</p>\n" }
    let rows = ReportPhrases.stripRows(r.days[...], report: r)
    // Whole names up to 30 characters; longer ones end in "…" (the full name is in the tables above).
    let labels = rows.map { $0.label.count > 30 ? String($0.label.prefix(29)) + "…" : $0.label }
    // Wide enough for the longest label at 9 px (about 5.4 units a character), so none is cut off.
    let label = max(60, Double(labels.map(\.count).max() ?? 0) * 5.4 + 8)
    let width = 720.0
    let cell = (width - label) / Double(r.days.count)
    let rowHeight = 16.0
    let top = 14.0
    let height = top + rowHeight * Double(rows.count) + 4
    var body = ""
    body.reserveCapacity(r.days.count * rows.count * 80)
    // A line at each month's first day, and its label when there is room (about 40 units after the one before);
    // the period's first day is labelled only when its month runs long enough before the next one begins.
    let starts = r.days.indices.filter { r.days[$0].date.day == 1 }
    var lastEnd = -Double.infinity
    for i in r.days.indices
    where r.days[i].date.day == 1 || (i == 0 && Double(starts.first ?? r.days.count) * cell >= 44) {
      let day = r.days[i].date
      let x = label + Double(i) * cell
      if day.day == 1 {
        body += "<line class=\"axis\" x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"11\" y2=\"\(n(height))\"/>"
      }
      // Labels stay inside the chart: the last one ends at the right edge.
      let start = min(x, width - 40)
      guard start >= lastEnd + 6 else { continue }
      lastEnd = start + 40
      let anchor = x + 40 > width ? " text-anchor=\"end\"" : ""
      body +=
        "<text x=\"\(n(x + 40 > width ? width : x))\" y=\"9\"\(anchor)>\(day.year)-\(ReportClock.two(day.month))</text>"
    }
    for (k, row) in rows.enumerated() {
      let kind = k == 0 ? "headache" : k == 1 ? "acute" : k == rows.count - 1 ? "sessions" : "doses"
      let y = top + Double(k) * rowHeight
      body += "<text x=\"0\" y=\"\(n(y + 11))\">\(HTMLReport.esc(labels[k]))</text>"
      for (i, c) in row.cells.enumerated() {
        guard let colour = stripColours.first(where: { $0.row == kind && $0.cell == c })?.colour else { continue }
        body +=
          "<rect x=\"\(n(label + Double(i) * cell))\" y=\"\(n(y + 2))\" width=\"\(n(max(cell - 0.3, 0.4)))\" height=\"12\" fill=\"\(colour)\"/>"
      }
    }
    let m = r.migraine
    let doses = r.adherence.map {
      "\($0.name): \($0.counts.missed) missed, \($0.counts.skipped) skipped, \($0.counts.late) late of \($0.counts.expected)"
    }
    let desc =
      "One column per day from \(r.header.from) to \(r.header.through). Rows: headache (\(m.migraineDays) migraine days, "
      + "\(m.headacheDays) headache days), acute medication (\(r.acuteMedication.acuteDays) days), "
      + (doses.isEmpty ? "" : doses.joined(separator: "; ") + ", ")
      + "sessions (\(r.therapy.completed) completed, \(r.therapy.safetyStopped) safety stops). The CSV export lists every day."
    return svg(
      id: "strip", width: Int(width), height: Int(height.rounded(.up)), title: "Daily strip", desc: desc, body: body)
  }
}
