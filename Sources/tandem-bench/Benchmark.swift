import ArgumentParser

/// One hot path, timed next to its floor: a subcommand of `tandem-bench`, also run by `all`.
protocol Benchmark: ParsableCommand {
  /// The options every benchmark takes.
  var options: BenchOptions { get }

  /// Runs the benchmark in `workspace`, prints its tables and returns its summary lines.
  static func measure(in workspace: Workspace) -> [String]
}

extension Benchmark {
  func run() throws {
    let workspace = try Workspace(options)
    workspace.finish(summary: Self.measure(in: workspace))
  }
}
