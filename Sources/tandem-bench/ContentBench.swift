// Content: load + validate a generated corpus (on every core, and on one, with CPU time and a
// phase-by-phase breakdown) vs libyaml's bare event parse of the same bytes on one thread; then
// the same at realistic scales: the shipped modules, and a clinic's twenty.

import ArgumentParser
import Crypto
import Foundation
import TandemBase
import TandemContent
import TandemTherapy
import Yams

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Loading and validating modules, next to libyaml's bare parse of the same files.
struct ContentBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "content",
    abstract: "Load + validate the generated corpus and the shipped modules vs a raw libyaml parse.")

  /// A hot path looped for a profiler (`perf record`) instead of the timed runs.
  enum Profile: String, ExpressibleByArgument, CaseIterable {
    case load, parse, validate
  }

  @OptionGroup var options: BenchOptions
  @Option(help: "Only loop one hot path, for a profiler: load, parse or validate.")
  var profile: Profile?

  func run() throws {
    let workspace = try Workspace(options)
    if let profile { Self.loop(profile, in: workspace) }
    workspace.finish(summary: Self.measure(in: workspace))
  }

  static func measure(in workspace: Workspace) -> [String] {
    var summary = measureCorpus(in: workspace)
    summary += measureRealistic(in: workspace)
    return summary
  }

  /// The generated corpus, in detail.
  static func measureCorpus(in workspace: Workspace) -> [String] {
    let count = workspace.options.modules
    let loadRuns = workspace.options.quick ? 3 : 9
    let corpus = workspace.corpus()
    let (modulePaths, snippetPaths, allFiles, moduleFiles) =
      (corpus.modulePaths, corpus.snippetPaths, corpus.allFiles, corpus.moduleFiles)
    var summary: [String] = []
    print(
      "== 1. Content: load + validate \(count) modules + \(corpus.files - count) snippets "
        + "(\(corpus.bytes / 1024) KiB), \(loadRuns) runs each")
    let checked = corpus.loaded
    let warnings = checked.diagnostics.filter { $0.severity != .error }.count
    print(
      "check: 0 errors, \(warnings) warnings, \(checked.modules.count) modules, \(checked.snippets.count) snippets, \(checked.fileCount) files read"
    )
    let corpusBytes = parsedBytes(allFiles, in: workspace)

    var loadTimes: [Double] = []
    var loadCPUTimes: [Double] = []
    var singleTimes: [Double] = []
    var floorTimes: [Double] = []
    var floorCPUTimes: [Double] = []
    var parallelFloorTimes: [Double] = []
    let workers = ParallelWork.workerCount
    var readTimes: [Double] = []
    var parseTimes: [Double] = []
    var listTimes: [Double] = []
    var hashTimes: [Double] = []
    var yamsComposeTimes: [Double] = []
    var phaseRuns: [ContentLoader.PhaseTimes] = []

    for _ in 0..<loadRuns {
      // Interleave the measurements so that noise from other processes hits them alike.
      let timed = timeWithCPU(clock: CLOCK_PROCESS_CPUTIME_ID) {
        let content = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths)
        if content.modules.count != count {
          workspace.fail("a timed load returned \(content.modules.count) modules")
        }
      }
      loadTimes.append(timed.wall)
      loadCPUTimes.append(timed.cpu)
      singleTimes.append(
        time {
          let content = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths, workers: 1)
          if content.modules.count != count {
            workspace.fail("a timed load returned \(content.modules.count) modules")
          }
        })
      let floorTimed = timeWithCPU(clock: CLOCK_PROCESS_CPUTIME_ID) {
        for path in allFiles {
          guard let bytes = readLikeLoader(path), parseEvents(bytes) != nil else { workspace.fail("floor: \(path)") }
        }
      }
      floorTimes.append(floorTimed.wall)
      floorCPUTimes.append(floorTimed.cpu)
      parallelFloorTimes.append(
        time {
          let parsed = allFiles.parallelMap(workers: workers) { path in readLikeLoader(path).flatMap(parseEvents) != nil
          }
          if parsed.contains(false) { workspace.fail("floor on \(workers) threads failed") }
        })
      readTimes.append(
        time {
          for path in allFiles where readLikeLoader(path) == nil { workspace.fail("read: \(path)") }
        })
      parseTimes.append(
        time {
          for bytes in corpusBytes where parseEvents(bytes) == nil { workspace.fail("parse failed") }
        })
      listTimes.append(
        time {
          var found = 0
          for folder in modulePaths + snippetPaths {
            guard let enumerator = FileManager.default.enumerator(atPath: folder) else { continue }
            while let relative = enumerator.nextObject() as? String {
              if relative.hasSuffix(".yaml") { found += 1 }
            }
          }
          if found == 0 { workspace.fail("no files found") }
        })
      // Pieces of the load that can be timed from outside, on the same modules and bytes.
      // Yams' public composer on the same bytes: what TandemContent would pay to build `Yams.Node`
      // trees instead of its own document (issue 10 asks; the composer keeps CYaml for this figure).
      yamsComposeTimes.append(
        time {
          var roots = 0
          for bytes in corpusBytes {
            // A module with a duplicate key throws here: Yams stops at the first such mapping.
            if (try? Yams.Parser(yaml: String(decoding: bytes, as: UTF8.self)).singleRoot()) != nil { roots += 1 }
          }
          if roots == 0 { workspace.fail("Yams composed nothing") }
        })
      hashTimes.append(
        time {
          var length = 0
          for bytes in corpusBytes { length += SHA256.hash(data: bytes).hex.count }
          if length == 0 { workspace.fail("no hashes") }
        })
      phaseRuns.append(ContentLoader.timePhases(files: moduleFiles, snippetPaths: snippetPaths).0)
    }
    let load = Stats(loadTimes)
    let floor = Stats(floorTimes)
    let single = Stats(singleTimes)
    let parallelFloor = Stats(parallelFloorTimes)
    printTable([
      Row(
        name: "ContentLoader.load (load + validate)", stats: load, note: "\(workers) worker\(workers == 1 ? "" : "s")"),
      Row(name: "ContentLoader.load, one worker", stats: single),
      Row(name: "floor: read + libyaml event parse", stats: floor, note: "one thread"),
      Row(name: "  of which: read files (stat+open+read)", stats: Stats(readTimes)),
      Row(name: "  of which: libyaml parse (bytes in memory)", stats: Stats(parseTimes)),
      Row(name: "(listing the folders, not in floor)", stats: Stats(listTimes)),
      Row(name: "(for reference: the floor on \(workers) threads)", stats: parallelFloor),
    ])
    print("CPU time, all threads (process clock):")
    printTable([
      Row(name: "ContentLoader.load", stats: Stats(loadCPUTimes)),
      Row(name: "floor: read + libyaml event parse", stats: Stats(floorCPUTimes)),
    ])
    let hashStats = Stats(hashTimes)
    print("")
    print("where one worker's load goes (each phase timed file by file; libyaml's parse is inside compose):")
    printTable([
      Row(name: "read files", stats: Stats(phaseRuns.map(\.read))),
      Row(name: "compose (libyaml events → document)", stats: Stats(phaseRuns.map(\.compose))),
      Row(name: "  for comparison: libyaml parse alone", stats: Stats(parseTimes)),
      Row(name: "  for comparison: Yams.Parser → Yams.Node", stats: Stats(yamsComposeTimes), note: "(public API)"),
      Row(name: "line index (SourceLines)", stats: Stats(phaseRuns.map(\.lines))),
      Row(name: "decode (document → Module)", stats: Stats(phaseRuns.map(\.decode))),
      Row(name: "validate (ModuleValidator)", stats: Stats(phaseRuns.map(\.validate))),
      Row(name: "sum of the phases", stats: Stats(phaseRuns.map(\.total))),
      Row(name: "SHA256 (swift-crypto) over every file's bytes", stats: hashStats, note: "(lazy: not in the load)"),
    ])
    print("")
    let contentRatio = load.median / floor.median
    ratioLine("ratio load / floor (median)", load.median, floor.median, target: "≤ 1.5×", ok: contentRatio <= 1.5)
    let singleRatio = single.median / floor.median
    let loadCPURatio = Stats(loadCPUTimes).median / Stats(floorCPUTimes).median
    let likeRatio = load.median / parallelFloor.median
    print(
      String(
        format: "%@ %.2f×\n%@ %.2f×\n%@ %.2f×", pad("  one worker / floor (single core)", 44), singleRatio,
        pad("  CPU time, all threads / floor's", 44), loadCPURatio,
        pad("  load / floor on \(workers) threads too", 44), likeRatio))
    print(
      String(
        format: "per module: load %@, floor %@; throughput: load %.1f MiB/s, libyaml %.1f MiB/s",
        format(load.median / Double(count)), format(floor.median / Double(count)),
        Double(corpus.bytes) / 1_048_576 / load.median, Double(corpus.bytes) / 1_048_576 / floor.median))
    summary.append(
      String(
        format: "content load %@ (%d workers) vs libyaml %@: %.2f× (target ≤ 1.5×); one worker %@: %.2f×; CPU %.2f×",
        format(load.median), workers, format(floor.median), contentRatio, format(single.median), singleRatio,
        loadCPURatio))

    print("")
    return summary
  }

  /// Reads every file and checks libyaml parses it; prints the event count.
  static func parsedBytes(_ files: [String], in workspace: Workspace) -> [[UInt8]] {
    var totalEvents = 0
    var corpusBytes: [[UInt8]] = []
    for path in files {
      guard let bytes = readLikeLoader(path), let events = parseEvents(bytes) else {
        workspace.fail("libyaml could not read or parse \(path)")
      }
      totalEvents += events
      corpusBytes.append(bytes)
    }
    print("libyaml: \(files.count) files, \(totalEvents) events")
    return corpusBytes
  }

  /// Realistic scales: the modules Tandem ships (with their translations and tests) and twenty
  /// generated modules, the size of a clinic's set; many runs each, as one load takes milliseconds.
  static func measureRealistic(in workspace: Workspace) -> [String] {
    let runs = workspace.options.quick ? 10 : 60
    let clinic = workspace.path + "/clinic"
    do {
      _ = try Corpus.write(count: 20, into: clinic, snippetsFrom: workspace.root + "/Content/snippets")
    } catch {
      workspace.fail("cannot write the twenty-module corpus: \(error)")
    }
    let scales = [
      ("the shipped modules", [workspace.root + "/Modules"], [workspace.root + "/Content"]),
      ("a clinic's 20 modules", [clinic + "/modules"], [clinic + "/content"]),
    ]
    print("== 1b. Content at realistic scales, \(runs) runs each")
    var rows: [Row] = []
    var summary: [String] = []
    for (name, modulePaths, snippetPaths) in scales {
      let checked = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths)
      let errors = checked.diagnostics.filter { $0.severity == .error }
      if !errors.isEmpty { workspace.fail("\(name) loaded with \(errors.count) errors") }
      let files = loadedFiles(modules: modulePaths, snippets: snippetPaths)
      var load: [Double] = []
      var floor: [Double] = []
      for _ in 0..<runs {
        load.append(time { _ = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths) })
        floor.append(
          time {
            for path in files where readLikeLoader(path).flatMap(parseEvents) == nil {
              workspace.fail("floor: \(path)")
            }
          })
      }
      let (loadStats, floorStats) = (Stats(load), Stats(floor))
      let label = "\(name) (\(checked.modules.count) modules, \(checked.fileCount) files)"
      let ratio = String(format: "%.2f×", loadStats.median / floorStats.median)
      rows.append(Row(name: "ContentLoader.load: " + name, stats: loadStats, note: ratio + " floor"))
      rows.append(Row(name: "  floor: read + libyaml parse", stats: floorStats))
      summary.append(
        "content load, \(label): \(format(loadStats.median)) vs libyaml \(format(floorStats.median)): \(ratio)")
    }
    printTable(rows)
    print("")
    return summary
  }

  /// The files the loader reads: module files without translations (`NAME.LANG.yaml`), and the
  /// snippets.
  static func loadedFiles(modules: [String], snippets: [String]) -> [String] {
    var diagnostics: [Diagnostic] = []
    let moduleFiles = ContentLoader.collectFiles(modules, diagnostics: &diagnostics).filter {
      ($0 as NSString).lastPathComponent.split(separator: ".").count == 2
    }
    let snippetFiles = ContentLoader.collectFiles(snippets, diagnostics: &diagnostics).filter {
      $0.contains("/snippets/")
    }
    return moduleFiles + snippetFiles
  }

  /// Loops one hot path for a profiler, then exits.
  static func loop(_ profile: Profile, in workspace: Workspace) -> Never {
    let corpus = workspace.corpus()
    let quick = workspace.options.quick
    switch profile {
    case .validate:
      let modules = corpus.loaded.modules.map(\.module)
      var findings = 0
      for _ in 0..<(quick ? 20 : 100) {
        for module in modules { findings += ModuleValidator.validate(module).count }
      }
      workspace.fail("profile run done (\(findings) findings)")
    case .load, .parse:
      for _ in 0..<(quick ? 5 : 30) {
        if profile == .load {
          _ = ContentLoader.load(paths: corpus.modulePaths, snippetPaths: corpus.snippetPaths)
        } else {
          for path in corpus.allFiles { _ = readLikeLoader(path).flatMap(parseEvents) }
        }
      }
      workspace.fail("profile run done")
    }
  }
}
