import ArgumentParser
import Foundation

/// tandem-bench: times Tandem's hot paths next to their floors, one subcommand per hot path.
///
///     swift run -c release tandem-bench [--quick]          every benchmark, then a summary
///     swift run -c release tandem-bench long-diary --keep  one of them
@main
struct TandemBench: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tandem-bench",
    abstract: "Time Tandem's hot paths next to their floors (raw libyaml, raw SQLite, /bin/true).",
    discussion: """
      With no subcommand, every benchmark runs in the order listed and a summary follows. Build in release \
      first (swift build -c release): the startup and end-to-end figures time the tandem executable beside \
      tandem-bench, or the one given with --tandem.
      """,
    subcommands: [
      All.self, ContentBench.self, AnswerBench.self, StartupBench.self, ReplayBench.self, FillsBench.self,
      MeasuresBench.self, TimelineBench.self, LongDiaryBench.self, ReportBench.self, ClinicBench.self,
      ClinicLoadBench.self,
    ],
    defaultSubcommand: All.self
  )
}

extension TandemBench {
  /// Every benchmark in turn, sharing one temporary folder and one generated corpus.
  struct All: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "all", abstract: "Run every benchmark and print a summary (the default).")

    @OptionGroup var options: BenchOptions

    func run() throws {
      let workspace = try Workspace(options)
      var summary: [String] = []
      summary += ContentBench.measure(in: workspace)
      summary += AnswerBench.measure(in: workspace)
      summary += StartupBench.measure(in: workspace)
      summary += ReplayBench.measure(in: workspace)
      summary += FillsBench.measure(in: workspace)
      summary += MeasuresBench.measure(in: workspace)
      summary += TimelineBench.measure(in: workspace)
      summary += LongDiaryBench.measure(in: workspace)
      summary += ReportBench.measure(in: workspace)
      workspace.finish(summary: summary)
    }
  }
}
