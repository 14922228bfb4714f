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
    #expect(charts == 3)
    #expect(html.components(separatedBy: "<title id=").count - 1 == charts)
    #expect(html.components(separatedBy: "<desc id=").count - 1 == charts)
    #expect(html.components(separatedBy: "role=\"img\" ").count - 1 == charts)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
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
