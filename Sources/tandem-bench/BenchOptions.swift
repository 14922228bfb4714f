import ArgumentParser

/// The options every benchmark takes.
struct BenchOptions: ParsableArguments {
  @Flag(help: "Fewer iterations (a smoke run).")
  var quick = false

  @Option(help: "How many modules the generated corpus holds (1–100000).")
  var modules = 1000

  @Option(name: .customLong("dir"), help: "Where to make the temporary folder (default: the system temp folder).")
  var directory: String?

  @Flag(help: "Keep the temporary folder (the corpus, the stores) afterwards.")
  var keep = false

  @Option(help: "The tandem executable to time end to end (default: the one beside tandem-bench).")
  var tandem: String?

  func validate() throws {
    guard (1...100_000).contains(modules) else {
      throw ValidationError("--modules needs a whole number from 1 to 100000")
    }
  }
}
