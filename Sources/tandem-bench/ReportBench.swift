// Prescriber report benchmark: builds an in-memory record of realistic data (a daily preventive, a CGRP antibody
// every 4 weeks, a PRN triptan and ibuprofen; ~3 attacks a week; 2 sessions a week) over two and ten years, and
// times `Report.build` plus each renderer (median of several runs). Target: two years under 100 ms per format.

import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemReports
import TandemTherapy

/// Building and rendering the prescriber report over two and ten years.
struct ReportBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "report", abstract: "Build the prescriber report over two and ten years and render every format.")

  @OptionGroup var options: BenchOptions

  static func measure(in workspace: Workspace) -> [String] {
    let quick = workspace.options.quick
    print("== Prescriber report (in-memory record; median of \(quick ? 3 : 7) runs) ==")
    for years in [2, 10] {
      let record = ReportBenchRecord.make(years: years)
      let request = ReportRequest(
        from: record.today.adding(days: -(365 * years - 1)), through: record.today, patientLabel: "BENCH",
        generatedAt: record.now)
      let runs = quick ? 3 : 7
      let build = ReportBenchRecord.median(runs) { _ = Report.build(record: record, request: request) }
      let report = Report.build(record: record, request: request)
      print(
        "\(years) years: \(record.doses.count) doses, \(record.attacks.count) attacks, \(record.sessions.count) sessions, "
          + "\(report.days.count) days")
      print(
        "  " + "build".padding(toLength: 10, withPad: " ", startingAt: 0) + String(format: " %8.1f ms", build * 1000))
      for format in ReportFormat.allCases {
        var bytes = 0
        let render = ReportBenchRecord.median(runs) { bytes = format.render(report).utf8.count }
        let total = ReportBenchRecord.median(runs) { _ = format.render(Report.build(record: record, request: request)) }
        let verdict = years == 2 ? (total < 0.1 ? "  ok (< 100 ms)" : "  OVER 100 ms") : ""
        print(
          "  " + format.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
            + String(format: " render %7.1f ms   build+render %7.1f ms   %9d bytes", render * 1000, total * 1000, bytes)
            + verdict)
      }
    }
    print("")
    return []
  }
}
