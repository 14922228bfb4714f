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
        "<line x1=\"\(Int(left))\" x2=\"\(width - 10)\" y1=\"\(n(y))\" y2=\"\(n(y))\" stroke=\"\(pct == 80 ? "#a40000" : "#ddd")\""
        + (pct == 80 ? " stroke-dasharray=\"4 3\"" : "") + "/>"
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
        let length = 380 * value / top
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

  /// The daily strip: one column per day, one row per series.
  static func strip(_ r: Report) -> String {
    guard !r.days.isEmpty else { return "<p>No days in the period.</p>\n" }
    let rows = ReportPhrases.stripRows(r.days[...], report: r)
    let label = 92.0
    let width = 720.0
    let cell = (width - label) / Double(r.days.count)
    let rowHeight = 16.0
    let top = 14.0
    let height = top + rowHeight * Double(rows.count) + 4
    var body = ""
    body.reserveCapacity(r.days.count * rows.count * 80)
    for (i, day) in r.days.enumerated() where day.date.day == 1 || i == 0 {
      let x = label + Double(i) * cell
      body += "<text x=\"\(n(x))\" y=\"9\">\(day.date.year)-\(ReportClock.two(day.date.month))</text>"
      body += "<line x1=\"\(n(x))\" x2=\"\(n(x))\" y1=\"11\" y2=\"\(n(height))\" stroke=\"#999\" stroke-width=\"0.5\"/>"
    }
    let colours: [Character: String] = [
      "M": "#c0504d", "h": "#f2a541", "T": "#7b3f99", "a": "#b799c9", "+": "#4f81bd", "l": "#9dc3e6", "s": "#bbbbbb",
      "x": "#c00000", "?": "#eeeeee", "C": "#1f6f3f", "!": "#c00000",
    ]
    for (k, row) in rows.enumerated() {
      let y = top + Double(k) * rowHeight
      body += "<text x=\"0\" y=\"\(n(y + 11))\">\(HTMLReport.esc(String(row.label.prefix(16))))</text>"
      for (i, c) in row.cells.enumerated() {
        guard let colour = colours[c] else { continue }
        let fill = c == "a" && k == rows.count - 1 ? "#e6b8b7" : colour
        body +=
          "<rect x=\"\(n(label + Double(i) * cell))\" y=\"\(n(y + 2))\" width=\"\(n(max(cell - 0.3, 0.4)))\" height=\"12\" fill=\"\(fill)\"/>"
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
