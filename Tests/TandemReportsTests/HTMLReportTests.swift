import Foundation
import Testing

@testable import TandemReports

/// The HTML file: self-contained, accessible, and rendered by a real browser.
@Suite("HTML report")
struct HTMLReportTests {
  let html = HTMLReport.render(Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest))

  @Test("no scripts, no network references, print CSS, real tables, charts with text alternatives")
  func structure() {
    let lower = html.lowercased()
    #expect(!lower.contains("<script"))
    #expect(!lower.contains("http://") && !lower.contains("https://"))
    #expect(
      !lower.contains(" src=") && !lower.contains("<link") && !lower.contains("@import") && !lower.contains("url("))
    #expect(lower.contains("@page") && lower.contains("@media print"))
    #expect(lower.contains("<table>") && lower.contains("<th scope=\"col\">") && lower.contains("<th scope=\"row\">"))
    let charts = html.components(separatedBy: "<svg ").count - 1
    // PDC per 30 days, baseline against latest, three month-by-month charts, the daily strip.
    #expect(charts == 6)
    #expect(html.components(separatedBy: "<title id=").count - 1 == charts)
    #expect(html.components(separatedBy: "<desc id=").count - 1 == charts)
    #expect(html.components(separatedBy: "role=\"img\" ").count - 1 == charts)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
  }

  /// `#rrggbb` values of `attribute="…"` in `text`.
  static func colours(_ attribute: String, in text: String) -> Set<String> {
    Set(
      text.components(separatedBy: "\(attribute)=\"#").dropFirst().map { String($0.prefix(6)) })
  }

  static func figures(_ html: String) -> [String] {
    html.components(separatedBy: "<figure class=\"chart").dropFirst().map {
      $0.components(separatedBy: "</figure>")[0]
    }
  }

  @Test("each chart's colour key shows exactly the colours it draws (the strip's key: every colour it can draw)")
  func keysMatchColours() throws {
    for report in [
      Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest),
      Report.build(record: ReportFixtures.autumn(), request: ReportFixtures.autumnRequest),
    ] {
      let figures = Self.figures(HTMLReport.render(report))
      #expect(figures.count == 4)
      for figure in figures {
        let parts = figure.components(separatedBy: "</svg>")
        try #require(parts.count == 2)
        let drawn = Self.colours("fill", in: parts[0]).union(Self.colours("stroke", in: parts[0]))
        let key = Self.colours("data-colour", in: parts[1])
        if figure.hasPrefix(" strip") {
          #expect(drawn.isSubset(of: key), "\(drawn.subtracting(key))")
          #expect(key == Set(Charts.stripColours.map { String($0.colour.dropFirst()) }))
        } else {
          #expect(drawn == key, "\(figure.prefix(80))")
        }
      }
    }
    // The strip draws "abandoned" and "other acute medication" in their own colours, as its key says.
    let abandoned = Charts.stripColours.first { $0.row == "sessions" && $0.cell == "a" }?.colour
    let otherAcute = Charts.stripColours.first { $0.row == "acute" && $0.cell == "a" }?.colour
    #expect(abandoned != otherAcute)
  }

  /// Measures the laid-out page in Chromium: every chart label inside its chart, nothing wider than its box.
  static let layoutProbe = """
    <script>
    (function () {
      var problems = [];
      document.querySelectorAll('svg').forEach(function (svg) {
        var box = svg.viewBox.baseVal;
        svg.querySelectorAll('text').forEach(function (t) {
          var b = t.getBBox();
          if (b.x < box.x - 0.5 || b.y < box.y - 0.5 || b.x + b.width > box.x + box.width + 0.5
              || b.y + b.height > box.y + box.height + 0.5) {
            problems.push('label cut off: ' + t.textContent);
          }
          svg.querySelectorAll('text').forEach(function (u) {
            var c = u.getBBox();
            if (u !== t && b.x < c.x + c.width && c.x < b.x + b.width && b.y < c.y + c.height && c.y < b.y + b.height) {
              problems.push('labels overlap: ' + t.textContent + ' / ' + u.textContent);
            }
          });
          svg.querySelectorAll('rect').forEach(function (r) {
            var c = r.getBBox();
            if (b.x < c.x + c.width && c.x < b.x + b.width && b.y < c.y + c.height && c.y < b.y + b.height) {
              problems.push('label under a bar: ' + t.textContent);
            }
          });
        });
      });
      document.querySelectorAll('main, section, figure, table, ul, dl, p').forEach(function (e) {
        if (e.scrollWidth > e.clientWidth + 1) {
          problems.push('too wide: ' + e.tagName + (e.id ? '#' + e.id : '') + (e.getAttribute('aria-labelledby') ? '#' + e.getAttribute('aria-labelledby') : '') + ' ' + e.scrollWidth + '>' + e.clientWidth);
        }
      });
      if (document.documentElement.scrollWidth > window.innerWidth + 1) { problems.push('page wider than window'); }
      document.body.setAttribute('data-layout', problems.length ? problems.join(' | ') : 'ok');
      document.body.setAttribute('data-window', String(window.innerWidth));
    })();
    </script>
    """

  @Test(
    "laid out by Chromium at 1200 px and at A4 print width (186 mm, 703 px): no label cut off, nothing overflows",
    .enabled(
      if: ExternalTool.chromium != nil || ExternalTool.required,
      "needs chromium (apt-get install chromium); CI installs it"),
    arguments: [1200, 703])
  func layout(width: Int) throws {
    let browser = try #require(
      ExternalTool.chromium, "chromium is missing; install it with: apt-get install -y chromium")
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(
      "tandem-report-layout-\(getpid())-\(width)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    for (name, report) in [
      ("march", Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest)),
      ("autumn", Report.build(record: ReportFixtures.autumn(), request: ReportFixtures.autumnRequest)),
      // Two years of months: labels thin out and keep their year.
      (
        "two-years",
        Report.build(
          record: ReportFixtures.autumn(),
          request: ReportRequest(
            from: ReportFixtures.day("2025-01-01"), through: ReportFixtures.day("2026-12-01"),
            generatedAt: ReportFixtures.at("2026-12-01T12:00:00Z")))
      ),
    ] {
      let page = folder.appendingPathComponent("\(name).html")
      let html = HTMLReport.render(report)
      try Data(html.replacingOccurrences(of: "</body>", with: Self.layoutProbe + "</body>").utf8).write(to: page)
      let result = try #require(
        ExternalTool.run(
          browser,
          [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),1600",
            "--dump-dom", page.absoluteString,
          ]))
      #expect(result.status == 0)
      #expect(result.output.contains("data-window=\"\(width)\""), "the window was not \(width) px wide")
      #expect(
        result.output.contains("data-layout=\"ok\""), "\(name) at \(width) px: \(Self.layoutFindings(result.output))")
      // Screenshots to look at: TANDEM_REPORT_SCREENSHOTS=folder writes NAME-WIDTH.png there.
      if let shots = ProcessInfo.processInfo.environment["TANDEM_REPORT_SCREENSHOTS"] {
        let clean = URL(fileURLWithPath: shots).appendingPathComponent("\(name).html")
        try Data(html.utf8).write(to: clean)
        _ = ExternalTool.run(
          browser,
          [
            "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),6000",
            "--screenshot=\(shots)/\(name)-\(width).png", clean.absoluteString,
          ])
      }
    }
  }

  static func layoutFindings(_ dom: String) -> String {
    guard let range = dom.range(of: "data-layout=\"") else { return "no result (did the probe run?)" }
    return String(dom[range.upperBound...].prefix { $0 != "\"" })
  }

  @Test("text from the record is escaped")
  func escaping() {
    #expect(HTMLReport.esc("<b>\"x\" & 'y'</b>") == "&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;")
  }

  @Test(
    "headless Chromium renders it to a non-blank A4-sized screenshot",
    .enabled(
      if: ExternalTool.chromium != nil || ExternalTool.required,
      "needs chromium (apt-get install chromium); CI installs it"))
  func chromium() throws {
    let browser = try #require(
      ExternalTool.chromium, "chromium is missing; install it with: apt-get install -y chromium")
    let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("tandem-report-html-\(getpid())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let page = folder.appendingPathComponent("report.html")
    try Data(html.utf8).write(to: page)
    let shot =
      ProcessInfo.processInfo.environment["TANDEM_REPORT_SCREENSHOT"]
      ?? folder.appendingPathComponent("report.png").path
    let result = try #require(
      ExternalTool.run(
        browser,
        [
          "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--screenshot=\(shot)",
          "--window-size=1240,1754", page.absoluteString,
        ]))
    #expect(result.status == 0, "\(result.output)")
    let png = try Data(contentsOf: URL(fileURLWithPath: shot))
    #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    #expect(png.count > 20_000, "the screenshot is suspiciously small (blank page?)")
    let pdf = folder.appendingPathComponent("report.pdf").path
    let printed = try #require(
      ExternalTool.run(
        browser, ["--headless", "--no-sandbox", "--disable-gpu", "--print-to-pdf=\(pdf)", page.absoluteString]))
    #expect(printed.status == 0, "\(printed.output)")
    #expect(FileManager.default.fileExists(atPath: pdf))
  }
}
