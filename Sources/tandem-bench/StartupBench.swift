// Startup: `tandem --version` vs `/bin/true`; and what a therapist waits for, the whole
// `tandem validate` command over the generated corpus.

import ArgumentParser
import Foundation

/// Starting the tandem executable, next to starting /bin/true.
struct StartupBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "startup", abstract: "Spawn `tandem --version` vs /bin/true; the whole `tandem validate` command.")

  @OptionGroup var options: BenchOptions

  static func measure(in workspace: Workspace) -> [String] {
    var summary: [String] = []
    let spawns = workspace.options.quick ? 5 : 20
    let corpus = workspace.corpus()
    print("== 3. Startup: `tandem --version`, \(spawns) spawns")
    if let tandemPath = workspace.tandem {
      var tandemTimes: [Double] = []
      var trueTimes: [Double] = []
      do {
        _ = try spawnTime(tandemPath, ["--version"])
        _ = try spawnTime("/bin/true", [])
        for _ in 0..<spawns {
          tandemTimes.append(try spawnTime(tandemPath, ["--version"]))
          trueTimes.append(try spawnTime("/bin/true", []))
        }
      } catch {
        workspace.fail("\(error)")
      }
      let startup = Stats(tandemTimes)
      let trueStats = Stats(trueTimes)
      printTable([
        Row(name: "tandem --version", stats: startup),
        Row(name: "floor: /bin/true", stats: trueStats),
      ])
      let met = startup.median < 0.030
      print(
        String(
          format: "%@ %@ (target < 30 ms) %@; %.1f× /bin/true", pad("startup (median)", 44), format(startup.median),
          met ? "— met" : "— MISSED", startup.median / trueStats.median))
      summary.append(
        String(format: "startup %@ (/bin/true %@), target < 30 ms", format(startup.median), format(trueStats.median)))

      // What a therapist waits for: the whole `tandem validate` command over the corpus (load,
      // validate, lint, translations, diagnostics printed to /dev/null).
      var validateCommandTimes: [Double] = []
      do {
        for _ in 0..<(workspace.options.quick ? 2 : 5) {
          validateCommandTimes.append(try spawnTime(tandemPath, ["validate", corpus.modulePaths[0]]))
        }
      } catch {
        workspace.fail("tandem validate: \(error)")
      }
      let validateCommand = Stats(validateCommandTimes)
      printTable([Row(name: "tandem validate, \(workspace.options.modules) modules (command)", stats: validateCommand)])
      summary.append("tandem validate over \(workspace.options.modules) modules: \(format(validateCommand.median))")
    } else {
      print(
        "skipped: no tandem beside tandem-bench; build it with `swift build -c release --product tandem`, or give --tandem"
      )
      summary.append("startup: skipped (no tandem binary beside tandem-bench)")
    }
    print("")
    return summary
  }
}
