import Foundation
import TandemBase
import TandemContent

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The temporary folder a run works in, the checkout it reads shipped content from, and what
/// several benchmarks share (the generated corpus, loaded once).
final class Workspace {
  let options: BenchOptions
  /// The temporary folder.
  let path: String
  /// The package root (the checkout).
  let root: String
  private var writtenCorpus: GeneratedCorpus?
  /// The ten-year diary once written (see `longDiary()`), and how long that took.
  var builtLongDiary: (diary: LongDiary, seconds: Double)?

  /// Prints the run's header and makes the temporary folder.
  init(_ options: BenchOptions) throws {
    self.options = options
    let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    print("tandem-bench — \(ISO8601DateFormatter().string(from: Date()))")
    print(
      "cores: \(cores) online (\(ProcessInfo.processInfo.activeProcessorCount) active), load average \(loadAverage())")
    print("mode: \(options.quick ? "quick" : "full"), corpus \(options.modules) modules")
    guard let root = packageRoot() else {
      benchFailure(
        "cannot find the package root (a folder with Package.swift and Content/snippets); run from the checkout")
    }
    self.root = root
    let base = options.directory ?? NSTemporaryDirectory()
    path = (base as NSString).appendingPathComponent("tandem-bench-\(getpid())")
    do {
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    } catch {
      benchFailure("cannot create \(path): \(error)")
    }
    print("temp folder: \(path) (\(fileSystemType(path)))")
    print("")
  }

  /// The `tandem` executable for end-to-end timings, if there is one.
  var tandem: String? {
    let path = options.tandem ?? executableDirectory() + "/tandem"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
  }

  /// The generated corpus of `options.modules` modules, written and checked on first use.
  func corpus() -> GeneratedCorpus {
    if let writtenCorpus { return writtenCorpus }
    let corpus: GeneratedCorpus
    do {
      corpus = try GeneratedCorpus(count: options.modules, in: path, snippetsFrom: root + "/Content/snippets")
    } catch {
      fail("cannot write the corpus: \(error)")
    }
    writtenCorpus = corpus
    return corpus
  }

  /// Prints the summary and removes the temporary folder (unless `--keep`).
  func finish(summary: [String]) {
    if !summary.isEmpty {
      print("== Summary")
      for line in summary { print("  " + line) }
    }
    if !options.keep { try? FileManager.default.removeItem(atPath: path) }
  }

  /// Removes the temporary folder (unless `--keep`) and exits with `message`.
  func fail(_ message: String) -> Never {
    if !options.keep { try? FileManager.default.removeItem(atPath: path) }
    benchFailure(message)
  }
}

/// Prints `message` to standard error and exits.
func benchFailure(_ message: String, code: Int32 = 1) -> Never {
  FileHandle.standardError.write(Data(("tandem-bench: " + message + "\n").utf8))
  exit(code)
}

/// The generated corpus on disk and as loaded once (which also warms the page cache).
struct GeneratedCorpus {
  let modulePaths: [String]
  let snippetPaths: [String]
  /// Every module and snippet file, modules first.
  let allFiles: [String]
  let moduleFiles: [String]
  let files: Int
  let bytes: Int
  let loaded: LoadedContent

  init(count: Int, in work: String, snippetsFrom shipped: String) throws {
    (files, bytes) = try Corpus.write(count: count, into: work, snippetsFrom: shipped)
    modulePaths = [work + "/modules"]
    snippetPaths = [work + "/content"]
    var allFiles: [String] = []
    let fm = FileManager.default
    for folder in ["modules", "content/snippets"] {
      for name in try fm.contentsOfDirectory(atPath: work + "/" + folder).sorted() where name.hasSuffix(".yaml") {
        allFiles.append(work + "/" + folder + "/" + name)
      }
    }
    self.allFiles = allFiles
    moduleFiles = allFiles.filter { $0.hasPrefix(work + "/modules/") }
    loaded = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths)
    let errors = loaded.diagnostics.filter { $0.severity == .error }
    if !errors.isEmpty || loaded.modules.count != count {
      for diagnostic in errors.prefix(10) {
        print("  \(diagnostic.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-"): \(diagnostic.message)")
      }
      throw BenchError(
        "the corpus loaded with \(errors.count) errors and \(loaded.modules.count) modules (expected 0 and \(count))")
    }
  }
}
