// tandem-bench: times Tandem's hot paths next to their floors.
//
//   swift build -c release --product tandem-bench && .build/release/tandem-bench [--quick] [--modules N]
//
// 1. Content: load + validate a generated corpus (on every core, and on one, with CPU time and a
//    phase-by-phase breakdown) vs libyaml's bare event parse of the same bytes on one thread.
// 2. Durable answer: SQLiteStore.append per answer vs a raw SQLite INSERT + COMMIT (WAL, FULL).
// 3. Startup: `tandem --version` vs `/bin/true`; the whole `tandem validate` over the corpus.
// 4. Session replay: load a 200-event session from the store and derive its state.
// Then adherence over a research fills file, ten-year measures, a 100k-event timeline and the
// prescriber report (DiaryBench.swift, ReportBench.swift).

import CYaml
import Crypto
import Foundation
import GRDB
import GRDBSQLite
import TandemAdherence
import TandemBase
import TandemContent
import TandemStore
import TandemTherapy
import Yams

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// MARK: - Options

struct Options {
  var quick = false
  var modules = 1000
  var directory: String?
  var keep = false
  /// Runs one hot path in a loop (for `perf record`) and exits: load, parse, append or raw.
  var profile: String?
  /// Runs only one group of benchmarks: `long-diary`.
  var only: String?
  /// The `tandem` executable for end-to-end timings (default: the one beside this benchmark).
  var tandem: String?

  static let usage = """
    usage: tandem-bench [--quick] [--modules N] [--dir PATH] [--keep] [--profile P] [--only long-diary] [--tandem PATH]

      --quick       fewer iterations (a smoke run)
      --modules N   corpus size (default 1000)
      --dir PATH    where to make the temporary folder (default: the system temp folder)
      --keep        keep the temporary folder afterwards
      --profile P   only loop one hot path, for a profiler: load, parse, validate, append, raw or replay
      --only long-diary
                    only the ten-year diary: dose take, due, attack log, whole reads, CMA on 300,000 fills
      --tandem PATH the tandem executable to time end to end (default: the one beside tandem-bench)
    """

  static func parse(_ arguments: [String]) -> Options {
    var options = Options()
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      switch argument {
      case "--quick": options.quick = true
      case "--keep": options.keep = true
      case "--profile":
        index += 1
        guard index < arguments.count,
          ["load", "parse", "validate", "append", "raw", "replay"].contains(arguments[index])
        else {
          fail("--profile needs one of load, parse, validate, append, raw, replay", code: 2)
        }
        options.profile = arguments[index]
      case "--only":
        index += 1
        guard index < arguments.count, arguments[index] == "long-diary" else {
          fail("--only needs long-diary", code: 2)
        }
        options.only = arguments[index]
      case "--tandem":
        index += 1
        guard index < arguments.count else { fail("--tandem needs a path", code: 2) }
        options.tandem = arguments[index]
      case "--modules", "--dir":
        index += 1
        guard index < arguments.count else { fail("\(argument) needs a value\n\n\(usage)", code: 2) }
        if argument == "--dir" {
          options.directory = arguments[index]
        } else {
          guard let count = Int(arguments[index]), count >= 1, count <= 100_000 else {
            fail("--modules needs a whole number from 1 to 100000", code: 2)
          }
          options.modules = count
        }
      case "--help", "-h":
        print(usage)
        exit(0)
      default:
        fail("unknown option '\(argument)'\n\n\(usage)", code: 2)
      }
      index += 1
    }
    return options
  }
}

func fail(_ message: String, code: Int32 = 1) -> Never {
  FileHandle.standardError.write(Data(("tandem-bench: " + message + "\n").utf8))
  exit(code)
}

// MARK: - Timing

func now() -> UInt64 {
  var spec = timespec()
  clock_gettime(CLOCK_MONOTONIC, &spec)
  return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Seconds taken by `body`.
func time(_ body: () throws -> Void) rethrows -> Double {
  let start = now()
  try body()
  return Double(now() - start) / 1e9
}

/// Nanoseconds on a CPU-time clock.
func cpuNanoseconds(_ clock: clockid_t) -> UInt64 {
  var spec = timespec()
  clock_gettime(clock, &spec)
  return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
}

/// Wall seconds and CPU seconds taken by `body`: this thread's by default, or the whole
/// process's (every thread) with `CLOCK_PROCESS_CPUTIME_ID`.
func timeWithCPU(
  clock: clockid_t = CLOCK_THREAD_CPUTIME_ID, _ body: () throws -> Void
) rethrows -> (wall: Double, cpu: Double) {
  let start = now()
  let startCPU = cpuNanoseconds(clock)
  try body()
  let cpu = cpuNanoseconds(clock) - startCPU
  return (Double(now() - start) / 1e9, Double(cpu) / 1e9)
}

struct Stats {
  var samples: [Double]
  init(_ samples: [Double]) { self.samples = samples.sorted() }
  var median: Double {
    guard !samples.isEmpty else { return .nan }
    let mid = samples.count / 2
    return samples.count % 2 == 1 ? samples[mid] : (samples[mid - 1] + samples[mid]) / 2
  }
  var min: Double { samples.first ?? .nan }
  var max: Double { samples.last ?? .nan }
  func percentile(_ p: Double) -> Double {
    guard !samples.isEmpty else { return .nan }
    let index = Swift.min(samples.count - 1, Swift.max(0, Int((p * Double(samples.count - 1)).rounded())))
    return samples[index]
  }
}

func format(_ seconds: Double) -> String {
  if seconds.isNaN { return "-" }
  if seconds >= 1 { return String(format: "%.2f s", seconds) }
  if seconds >= 1e-3 { return String(format: "%.2f ms", seconds * 1e3) }
  return String(format: "%.1f µs", seconds * 1e6)
}

func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
  let count = text.count
  guard count < width else { return text }
  let fill = String(repeating: " ", count: width - count)
  return right ? fill + text : text + fill
}

/// One line of the results table.
struct Row {
  var name: String
  var stats: Stats
  var note: String = ""
}

func printTable(_ rows: [Row]) {
  let header =
    pad("measurement", 44) + pad("median", 11, right: true) + pad("min", 11, right: true) + pad("max", 11, right: true)
    + "  n"
  print(header)
  print(String(repeating: "-", count: header.count + 4))
  for row in rows {
    let line =
      pad(row.name, 44) + pad(format(row.stats.median), 11, right: true) + pad(format(row.stats.min), 11, right: true)
      + pad(format(row.stats.max), 11, right: true) + "  \(row.stats.samples.count)"
    print(line + (row.note.isEmpty ? "" : "  " + row.note))
  }
}

func ratioLine(_ label: String, _ value: Double, _ floor: Double, target: String, ok: Bool) {
  let ratio = value / floor
  print(String(format: "%@ %.2f× (target %@) %@", pad(label, 44), ratio, target, ok ? "— met" : "— MISSED"))
}

// MARK: - Deterministic random numbers

struct SplitMix64: RandomNumberGenerator {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

extension Array {
  func pick(_ rng: inout SplitMix64) -> Element { self[Int.random(in: 0..<count, using: &rng)] }
}

// MARK: - Corpus

/// Writes modules in the shipped style: every step kind, `when:`, option `next:`, includes,
/// interpolation, before/after ratings, 10–40 steps each.
enum Corpus {
  static let sentences = [
    "Migraine has a way of taking centre stage, and plans get built around it.",
    "Today is about noticing what your body is doing without having to fix it straight away.",
    "When we are stressed or in pain, breathing tends to get quick and shallow.",
    "Relaxation skills have good evidence for helping prevent migraine when practised regularly.",
    "Practise mostly when you feel OK, so the skill is ready when you need it.",
    "If your mind wanders, that is normal; just come back to the next breath.",
    "Thoughts are not facts, and you do not have to argue with every one of them.",
    "A value is a direction, like heading west with a compass, not a finish line.",
    "Small steps done often matter more than big steps done once.",
    "It is fine to stop at any point and come back to this another day.",
    "Notice where in your body you feel tension, and let it be there for a moment.",
    "Pain is real, and so is the struggle with it; the two are not the same thing.",
    "Keep each breath comfortable and quiet, not big.",
    "Write it in your own words; there are no right or wrong answers here.",
    "If something here does not fit you, skip it and take what is useful.",
    "The aim is not to close the gap overnight, but to turn and face the right way.",
    "Regular sleep, meals and movement give the brain a steadier day.",
    "A diary helps you and your doctor see patterns that are hard to spot otherwise.",
    "Let your shoulders drop and your jaw soften as you breathe out.",
    "Acting on a value even in a tiny way can make a hard day feel more worthwhile.",
    "Some days the best step is rest, and choosing rest on purpose is a skill too.",
    "Rescue medicine works best when taken early, as your prescriber advised.",
    "Notice the urge to push the feeling away, and see if you can make room for it.",
    "Tension often builds up without us noticing until it hurts.",
  ]
  static let words = [
    "calm", "steady", "gentle", "slow", "clear", "warm", "bright", "quiet", "open", "kind", "brave", "curious",
  ]
  static let nouns = [
    "breath", "shoulders", "evening", "walk", "friend", "plan", "morning", "kettle", "garden", "music", "rest", "pause",
  ]
  static let optionWords = [
    "morning", "midday", "after-work", "bedtime", "three-min", "five-min", "ten-min", "family", "friendship",
    "health", "learning", "calm", "nature", "courage", "fun", "rest", "walk", "music", "reading", "cooking",
  ]
  static let textSnippets = ["crisis-resources", "light-headed", "about-this-program", "moh-thresholds"]

  enum Answerable {
    case scale(id: String, min: Int, max: Int)
    case single(id: String, options: [String])
    case multiple(id: String, options: [String])
    case prompt(id: String)
    var id: String {
      switch self {
      case .scale(let id, _, _), .single(let id, _), .multiple(let id, _), .prompt(let id): id
      }
    }
  }

  static func paragraph(_ rng: inout SplitMix64, indent: String, interpolate: [Answerable]) -> String {
    var text: [String] = []
    for _ in 0..<Int.random(in: 2...5, using: &rng) { text.append(sentences.pick(&rng)) }
    if !interpolate.isEmpty, Int.random(in: 0..<3, using: &rng) == 0 {
      text.append("Earlier you said {{\(interpolate.pick(&rng).id)}}, and that is worth keeping in mind.")
    }
    // Wrap at about 66 columns, as the shipped modules do.
    var lines: [String] = []
    var line = ""
    for word in text.joined(separator: " ").split(separator: " ") {
      if line.count + word.count + 1 > 66, !line.isEmpty {
        lines.append(line)
        line = ""
      }
      line += line.isEmpty ? String(word) : " " + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.map { indent + $0 }.joined(separator: "\n")
  }

  static func block(_ rng: inout SplitMix64, indent: String, interpolate: [Answerable]) -> String {
    (0..<Int.random(in: 1...3, using: &rng))
      .map { _ in paragraph(&rng, indent: indent, interpolate: interpolate) }
      .joined(separator: "\n\n")
  }

  static func condition(_ rng: inout SplitMix64, _ answerable: [Answerable]) -> String {
    func atom() -> String {
      switch answerable.pick(&rng) {
      case .scale(let id, let min, let max):
        let op = [">=", "<=", ">", "<", "==", "!="].pick(&rng)
        return "\(id) \(op) \(Int.random(in: min...max, using: &rng))"
      case .single(let id, let options):
        return "\(id) \(["==", "!="].pick(&rng)) \(options.pick(&rng))"
      case .multiple(let id, let options):
        return "\(id) includes \(options.pick(&rng))"
      case .prompt(let id):
        return [
          "answered(\(id))", "\(id) includes 'work'", "\(id) == 'nothing'",
        ].pick(&rng)
      }
    }
    switch Int.random(in: 0..<6, using: &rng) {
    case 0: return "\(atom()) and \(atom())"
    case 1: return "\(atom()) or \(atom())"
    case 2: return "not (\(atom()))"
    case 3: return "(\(atom()) or \(atom())) and not (\(atom()))"
    default: return atom()
    }
  }

  static func module(_ index: Int) -> String {
    var rng = SplitMix64(seed: UInt64(index) &* 7919 &+ 17)
    let id = String(format: "bench-module-%05d", index)
    let approach = ["act", "cbt", "education", "relaxation", "mindfulness", "check-in"].pick(&rng)
    var out = "id: \(id)\nversion: \(Int.random(in: 1...4, using: &rng))\n"
    out += "title: Practice \(index), \(words.pick(&rng)) \(nouns.pick(&rng))\n"
    out += "approach: \(approach)\n"
    if approach == "act" {
      out +=
        "process: \(["acceptance", "defusion", "values", "committed-action", "present-moment", "self-as-context"].pick(&rng))\n"
    }
    out += Bool.random(using: &rng) ? "audience: [adult, teen]\n" : "audience: adult\n"
    out += "minutes: \(Int.random(in: 5...40, using: &rng))\n"
    out += "summary: >\n" + paragraph(&rng, indent: "  ", interpolate: []) + "\n"
    out += "steps:\n"

    let count = Int.random(in: 10...40, using: &rng)
    var answerable: [Answerable] = []
    var scales: [Int] = []
    var kinds: [String] = []
    // Pick kinds first so the before/after rating pair can be placed on the first and last scale.
    kinds.append("text")
    if Bool.random(using: &rng) { kinds.append("safety") }
    while kinds.count < count {
      let roll = Int.random(in: 0..<100, using: &rng)
      let kind =
        switch roll {
        case 0..<28: "text"
        case 28..<40: "prompt"
        case 40..<60: "scale"
        case 60..<85: "choice"
        case 85..<95: "timer"
        default: "safety"
        }
      kinds.append(kind)
    }
    kinds[2] = "scale"
    kinds[count - 2] = "scale"
    for (position, kind) in kinds.enumerated() where kind == "scale" { scales.append(position) }
    let ratingName = ["tension", "pain", "stress", "calm"].pick(&rng)

    func stepID(_ position: Int) -> String { "\(kinds[position])-\(position + 1)" }

    for position in 0..<count {
      let kind = kinds[position]
      let sid = stepID(position)
      out += (position == 0 ? "" : "\n") + "  - id: \(sid)\n    kind: \(kind)\n"
      if Int.random(in: 0..<4, using: &rng) != 0 {
        let title = "\(words.pick(&rng).capitalized) \(nouns.pick(&rng))"
        out +=
          Int.random(in: 0..<8, using: &rng) == 0 && !answerable.isEmpty
          ? "    title: \"\(title) ({{\(answerable.pick(&rng).id)}})\"\n" : "    title: \(title)\n"
      }
      if position > 2, kind != "safety", !answerable.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 {
        out += "    when: \"\(condition(&rng, answerable))\"\n"
      }
      if kind != "safety", position > 0, Int.random(in: 0..<10, using: &rng) == 0 {
        out += "    optional: true\n"
      }
      if kind == "text", position + 1 < count, Int.random(in: 0..<12, using: &rng) == 0 {
        out += "    next: \(stepID(position + 1))\n"
      }
      switch kind {
      case "text":
        if position > 0, Int.random(in: 0..<6, using: &rng) == 0 {
          out += "    include: \(textSnippets.pick(&rng))\n"
        } else {
          out += "    body: |\n" + block(&rng, indent: "      ", interpolate: answerable) + "\n"
        }
      case "prompt":
        out += "    question: >\n" + paragraph(&rng, indent: "      ", interpolate: answerable) + "\n"
        if Bool.random(using: &rng) { out += "    min-length: \(Int.random(in: 1...5, using: &rng))\n" }
        if Bool.random(using: &rng) { out += "    max-length: \([200, 300, 500].pick(&rng))\n" }
        answerable.append(.prompt(id: sid))
      case "scale":
        let (min, max) = Int.random(in: 0..<4, using: &rng) == 0 ? (1, 5) : (0, 10)
        out += "    question: How \(words.pick(&rng)) does your \(nouns.pick(&rng)) feel right now?\n"
        if min != 0 { out += "    min: \(min)\n" }
        if max != 10 { out += "    max: \(max)\n" }
        if position == scales.first {
          out += "    rating: \(ratingName)\n    phase: before\n"
        } else if position == scales.last {
          out += "    rating: \(ratingName)\n    phase: after\n"
        }
        out +=
          "    anchors:\n      \(min): not at all\n      \((min + max) / 2): somewhat\n      \(max): as much as I can imagine\n"
        answerable.append(.scale(id: sid, min: min, max: max))
      case "choice":
        let multiple = Int.random(in: 0..<3, using: &rng) == 0
        if multiple { out += "    multiple: true\n" }
        out += "    question: >\n" + paragraph(&rng, indent: "      ", interpolate: answerable) + "\n"
        out += "    options:\n"
        var ids: [String] = []
        for word in optionWords.shuffled(using: &rng).prefix(Int.random(in: 2...6, using: &rng)) { ids.append(word) }
        let jumper =
          !multiple && Int.random(in: 0..<3, using: &rng) == 0 ? Int.random(in: 1..<ids.count, using: &rng) : -1
        for (optionIndex, option) in ids.enumerated() {
          out += "      - id: \(option)\n"
          if Int.random(in: 0..<6, using: &rng) == 0, !answerable.isEmpty {
            out += "        label: \"\(option.capitalized), like {{\(answerable.pick(&rng).id)}}\"\n"
          } else {
            out += "        label: \(option.replacingOccurrences(of: "-", with: " ").capitalized) \(nouns.pick(&rng))\n"
          }
          if optionIndex == jumper {
            out += "        next: \(position + 2 < count ? stepID(position + 2) : "end")\n"
          }
        }
        answerable.append(multiple ? .multiple(id: sid, options: ids) : .single(id: sid, options: ids))
      case "timer":
        out += "    seconds: \([60, 120, 180, 300, 600].pick(&rng))\n"
        if Int.random(in: 0..<3, using: &rng) != 0 {
          out += "    phases:\n      - label: Breathe in through your nose...\n        seconds: 4\n"
          out += "      - label: And slowly out...\n        seconds: 6\n"
        }
        if Int.random(in: 0..<5, using: &rng) == 0 {
          out += "    include: light-headed\n"
        } else {
          out += "    body: |\n" + block(&rng, indent: "      ", interpolate: answerable) + "\n"
        }
      default:  // safety
        if Bool.random(using: &rng) {
          out += "    include: red-flags\n"
        } else {
          out += "    question: Does any of these apply to you right now?\n    items:\n"
          out += "      - A sudden, explosive headache that hit its worst within about a minute\n"
          out += "      - New weakness or numbness in your face, an arm or a leg\n"
          out += "      - New confusion, or a seizure (fit)\n"
          out += "    guidance: |\n      Please stop here and get urgent medical help now.\n\n"
          out += paragraph(&rng, indent: "      ", interpolate: []) + "\n"
        }
      }
    }
    return out
  }

  /// Writes `count` modules to `modules/` and copies the shipped snippets to `content/snippets/`.
  static func write(count: Int, into root: String, snippetsFrom shipped: String) throws -> (files: Int, bytes: Int) {
    let fm = FileManager.default
    let moduleDir = root + "/modules"
    let snippetDir = root + "/content/snippets"
    try fm.createDirectory(atPath: moduleDir, withIntermediateDirectories: true)
    try fm.createDirectory(atPath: snippetDir, withIntermediateDirectories: true)
    var bytes = 0
    for index in 0..<count {
      let data = Data(module(index).utf8)
      bytes += data.count
      try data.write(to: URL(fileURLWithPath: String(format: "%@/bench-module-%05d.yaml", moduleDir, index)))
    }
    var files = count
    for name in try fm.contentsOfDirectory(atPath: shipped).sorted() where name.hasSuffix(".yaml") {
      let data = try Data(contentsOf: URL(fileURLWithPath: shipped + "/" + name))
      bytes += data.count
      files += 1
      try data.write(to: URL(fileURLWithPath: snippetDir + "/" + name))
    }
    return (files, bytes)
  }
}

// MARK: - libyaml floor

/// Reads a file the way `ContentLoader` does: open, fstat, read up to 1 MiB + 1 (raw system
/// calls, so that the floor carries no Foundation overhead the loader does not have).
func readLikeLoader(_ path: String) -> [UInt8]? {
  let descriptor = open(path, O_RDONLY | O_CLOEXEC)
  guard descriptor >= 0 else { return nil }
  defer { close(descriptor) }
  var info = stat()
  guard fstat(descriptor, &info) == 0 else { return nil }
  let limit = (1 << 20) + 1
  var bytes = [UInt8](repeating: 0, count: min(Int(info.st_size) + 1, limit))
  var count = 0
  while count < bytes.count {
    let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + count, $0.count - count) }
    if got <= 0 { break }
    count += got
  }
  bytes.removeSubrange(count...)
  return bytes
}

/// Runs libyaml's event parser over `bytes`; returns the number of events, or nil on error.
func parseEvents(_ bytes: [UInt8]) -> Int? {
  var parser = yaml_parser_t()
  guard yaml_parser_initialize(&parser) == 1 else { return nil }
  defer { yaml_parser_delete(&parser) }
  return bytes.withUnsafeBufferPointer { buffer -> Int? in
    guard let base = buffer.baseAddress else { return nil }
    yaml_parser_set_input_string(&parser, base, buffer.count)
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
    var events = 0
    while true {
      var event = yaml_event_t()
      guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
      let type = event.type
      yaml_event_delete(&event)
      events += 1
      if type == YAML_STREAM_END_EVENT { return events }
    }
  }
}

// MARK: - Raw SQLite floor

final class RawSQLite {
  private var db: OpaquePointer?
  private var insert: OpaquePointer?
  private var begin: OpaquePointer?
  private var commit: OpaquePointer?

  init(path: String) throws {
    guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK else {
      throw BenchError("raw sqlite: cannot open \(path)")
    }
    try exec("PRAGMA journal_mode = WAL")
    try exec("PRAGMA synchronous = FULL")
    try exec(
      """
      CREATE TABLE IF NOT EXISTS journal (
        sequence INTEGER PRIMARY KEY AUTOINCREMENT,
        stream_type TEXT NOT NULL, stream TEXT NOT NULL, kind TEXT NOT NULL,
        payload TEXT NOT NULL, recorded_at TEXT NOT NULL)
      """)
    insert = try prepare(
      "INSERT INTO journal (stream_type, stream, kind, payload, recorded_at) VALUES (?, ?, ?, ?, ?)")
    begin = try prepare("BEGIN IMMEDIATE")
    commit = try prepare("COMMIT")
  }

  deinit {
    sqlite3_finalize(insert)
    sqlite3_finalize(begin)
    sqlite3_finalize(commit)
    sqlite3_close_v2(db)
  }

  func pragma(_ name: String) throws -> String {
    let statement = try prepare("PRAGMA \(name)")
    defer { sqlite3_finalize(statement) }
    guard sqlite3_step(statement) == SQLITE_ROW, let text = sqlite3_column_text(statement, 0) else { return "?" }
    return String(cString: text)
  }

  private func exec(_ sql: String) throws {
    guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw BenchError("raw sqlite: \(message)") }
  }

  private func prepare(_ sql: String) throws -> OpaquePointer? {
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
      throw BenchError("raw sqlite: \(message)")
    }
    return statement
  }

  private var message: String { sqlite3_errmsg(db).map { String(cString: $0) } ?? "unknown error" }

  private func step(_ statement: OpaquePointer?) throws {
    let code = sqlite3_step(statement)
    sqlite3_reset(statement)
    guard code == SQLITE_DONE else { throw BenchError("raw sqlite: \(message)") }
  }

  /// One row in its own durable transaction.
  func append(stream: String, kind: String, payload: String, recordedAt: String) throws {
    try step(begin)
    let values = ["session", stream, kind, payload, recordedAt]
    // SQLITE_TRANSIENT: SQLite copies the text.
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    for (index, value) in values.enumerated() {
      sqlite3_bind_text(insert, Int32(index + 1), value, -1, transient)
    }
    do {
      try step(insert)
    } catch {
      try? step(commit)
      throw error
    }
    try step(commit)
  }
}

struct BenchError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}

// MARK: - Process spawning

/// Wall time of spawning `path` with `arguments` and waiting for it; stdout/stderr to /dev/null.
func spawnTime(_ path: String, _ arguments: [String]) throws -> Double {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([path] + arguments).map { strdup($0) }
  defer { argv.forEach { free($0) } }
  var cArgs = argv + [nil]
  var pid: pid_t = 0
  let start = now()
  let code = posix_spawn(&pid, path, &actions, nil, &cArgs, environ)
  guard code == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(code)))") }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 {
    guard errno == EINTR else { throw BenchError("waitpid failed for \(path)") }
  }
  let elapsed = Double(now() - start) / 1e9
  // WIFEXITED && WEXITSTATUS == 0
  guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
    throw BenchError("\(path) \(arguments.joined(separator: " ")) exited with status \(status)")
  }
  return elapsed
}

// MARK: - Helpers

func executableDirectory() -> String {
  if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    return (resolved as NSString).deletingLastPathComponent
  }
  return ((CommandLine.arguments.first ?? ".") as NSString).deletingLastPathComponent
}

/// The package root: the first ancestor of the current folder or of the executable that holds
/// `Content/snippets`.
func packageRoot() -> String? {
  let fm = FileManager.default
  for start in [fm.currentDirectoryPath, executableDirectory()] {
    var directory = start
    while !directory.isEmpty {
      if fm.fileExists(atPath: directory + "/Content/snippets") && fm.fileExists(atPath: directory + "/Package.swift") {
        return directory
      }
      if directory == "/" { break }
      directory = (directory as NSString).deletingLastPathComponent
    }
  }
  return nil
}

/// The file system type of the mount that holds `path`, from /proc/mounts.
func fileSystemType(_ path: String) -> String {
  guard let text = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return "unknown" }
  let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  var best = (length: -1, type: "unknown")
  for line in text.split(separator: "\n") {
    let fields = line.split(separator: " ")
    guard fields.count >= 3 else { continue }
    let mount = String(fields[1])
    let matches = mount == "/" || resolved == mount || resolved.hasPrefix(mount + "/")
    if matches, mount.count > best.length { best = (mount.count, String(fields[2])) }
  }
  return best.type
}

func loadAverage() -> String {
  guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
  return text.split(separator: " ").prefix(3).joined(separator: " ")
}

/// Events like a patient's: answers of every kind, continues, timers, a few backs and pauses,
/// starting over after the end, until there are `count` (the `started` event included).
func realisticEvents(module: Module, count: Int, contentHash: String) -> [SessionEvent] {
  var rng = SplitMix64(seed: 42)
  let machine = SessionMachine(module: module)
  var events: [SessionEvent] = [.started(moduleID: module.id, version: module.version, contentHash: contentHash)]
  var state = machine.replay(events)
  func push(_ event: SessionEvent) {
    events.append(event)
    machine.apply(event, to: &state)
  }
  while events.count < count {
    if state.status == .completed || state.current == nil {
      if let first = state.path.first {
        push(.wentBack(to: first))
      } else {
        push(.started(moduleID: module.id, version: module.version, contentHash: contentHash))
      }
      continue
    }
    if state.status == .paused {
      push(.resumed)
      continue
    }
    let roll = Int.random(in: 0..<40, using: &rng)
    if roll == 0 {
      push(.paused)
      continue
    }
    if roll == 1, state.path.count > 2 {
      push(.wentBack(to: state.path[state.path.count - 2]))
      continue
    }
    guard let id = state.current, let step = module.step(id) else { break }
    switch step.kind {
    case .text: push(.continued(step: id))
    case .timer(_, let seconds, _): push(.timerFinished(step: id, seconds: seconds))
    case .prompt: push(.answered(step: id, answer: .text("I will take a short walk after work on most days")))
    case .scale(_, let min, let max, _):
      push(.answered(step: id, answer: .number(Int.random(in: min...max, using: &rng))))
    case .choice(_, let multiple, let options):
      let chosen = multiple ? Array(options.prefix(2)).map(\.id) : [options.pick(&rng).id]
      push(.answered(step: id, answer: .options(chosen)))
    case .safety: push(.answered(step: id, answer: .safety(flagged: false)))
    }
  }
  return events
}

/// `2025-03-01T09:30:00.250Z`, as the store writes dates (UTC, milliseconds).
func timestampText(_ date: Date) -> String {
  let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded())
  var seconds = time_t(milliseconds / 1000)
  var parts = tm()
  gmtime_r(&seconds, &parts)
  func pad(_ value: Int32, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: "0", count: max(0, width - text.count)) + text
  }
  return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
    + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2)).\(pad(Int32(milliseconds % 1000), 3))Z"
}

// MARK: - Main

let options = Options.parse(Array(CommandLine.arguments.dropFirst()))
let cores = sysconf(Int32(_SC_NPROCESSORS_ONLN))
let dateFormatter = ISO8601DateFormatter()
print("tandem-bench — \(dateFormatter.string(from: Date()))")
print("cores: \(cores) online (\(ProcessInfo.processInfo.activeProcessorCount) active), load average \(loadAverage())")
print("mode: \(options.quick ? "quick" : "full"), corpus \(options.modules) modules")

guard let root = packageRoot() else {
  fail("cannot find the package root (a folder with Package.swift and Content/snippets); run from the checkout")
}
let shippedSnippets = root + "/Content/snippets"
let baseTemp = options.directory ?? NSTemporaryDirectory()
let work = (baseTemp as NSString).appendingPathComponent("tandem-bench-\(getpid())")
do {
  try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
} catch {
  fail("cannot create \(work): \(error)")
}
func cleanUpAndFail(_ message: String) -> Never {
  if !options.keep { try? FileManager.default.removeItem(atPath: work) }
  fail(message)
}
print("temp folder: \(work) (\(fileSystemType(work)))")
print("")

/// The `tandem` executable for end-to-end timings, if there is one.
func tandemExecutable() -> String? {
  let path = options.tandem ?? executableDirectory() + "/tandem"
  return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}

if options.only == "long-diary" {
  runLongDiaryBench(quick: options.quick, work: work, tandem: tandemExecutable())
  if !options.keep { try? FileManager.default.removeItem(atPath: work) }
  exit(0)
}

var summary: [String] = []

// MARK: 1. Content

let loadRuns = options.quick ? 3 : 9
let corpus: (files: Int, bytes: Int)
do {
  corpus = try Corpus.write(count: options.modules, into: work, snippetsFrom: shippedSnippets)
} catch {
  cleanUpAndFail("cannot write the corpus: \(error)")
}
let modulePaths = [work + "/modules"]
let snippetPaths = [work + "/content"]
var allFiles: [String] = []
do {
  let fm = FileManager.default
  for folder in ["modules", "content/snippets"] {
    for name in try fm.contentsOfDirectory(atPath: work + "/" + folder).sorted() where name.hasSuffix(".yaml") {
      allFiles.append(work + "/" + folder + "/" + name)
    }
  }
} catch {
  cleanUpAndFail("cannot list the corpus: \(error)")
}
print(
  "== 1. Content: load + validate \(options.modules) modules + \(corpus.files - options.modules) snippets "
    + "(\(corpus.bytes / 1024) KiB), \(loadRuns) runs each")

// Check once, and warm the page cache.
/// How many threads load modules: `TANDEM_WORKERS` as `tandem` reads it, else one per core.
let benchWorkers =
  ProcessInfo.processInfo.environment["TANDEM_WORKERS"].flatMap(Int.init).map { min(max($0, 1), 64) }
  ?? ParallelWork.workerCount
let checked = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths, workers: benchWorkers)
let errors = checked.diagnostics.filter { $0.severity == .error }
let warnings = checked.diagnostics.count - errors.count
if !errors.isEmpty || checked.modules.count != options.modules {
  for diagnostic in errors.prefix(10) {
    print("  \(diagnostic.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-"): \(diagnostic.message)")
  }
  cleanUpAndFail(
    "the corpus loaded with \(errors.count) errors and \(checked.modules.count) modules (expected 0 and \(options.modules))"
  )
}
print(
  "check: 0 errors, \(warnings) warnings, \(checked.modules.count) modules, \(checked.snippets.count) snippets, \(checked.fileCount) files read"
)
var totalEvents = 0
var corpusBytes: [[UInt8]] = []
for path in allFiles {
  guard let bytes = readLikeLoader(path), let events = parseEvents(bytes) else {
    cleanUpAndFail("libyaml could not read or parse \(path)")
  }
  totalEvents += events
  corpusBytes.append(bytes)
}
print("libyaml: \(allFiles.count) files, \(totalEvents) events")

if options.profile == "validate" {
  let modules = checked.modules.map(\.module)
  var findings = 0
  for _ in 0..<(options.quick ? 20 : 100) {
    for module in modules { findings += ModuleValidator.validate(module).count }
  }
  cleanUpAndFail("profile run done (\(findings) findings)")
}
if options.profile == "load" || options.profile == "parse" {
  for _ in 0..<(options.quick ? 5 : 30) {
    if options.profile == "load" {
      _ = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths, workers: benchWorkers)
    } else {
      for path in allFiles { _ = readLikeLoader(path).flatMap(parseEvents) }
    }
  }
  cleanUpAndFail("profile run done")
}

var loadTimes: [Double] = []
var loadCPUTimes: [Double] = []
var singleTimes: [Double] = []
var floorTimes: [Double] = []
var floorCPUTimes: [Double] = []
var parallelFloorTimes: [Double] = []
let workers = benchWorkers
var readTimes: [Double] = []
var parseTimes: [Double] = []
// Yams' public composer on the same bytes: what TandemContent would pay to build `Yams.Node`
// trees instead of its own document (issue 10 asks; the composer keeps CYaml for this figure).
var yamsComposeTimes: [Double] = []
var listTimes: [Double] = []
var hashTimes: [Double] = []
var phaseRuns: [ContentLoader.PhaseTimes] = []
let moduleFiles = allFiles.filter { $0.hasPrefix(work + "/modules/") }
for _ in 0..<loadRuns {
  // Interleave the measurements so that noise from other processes hits them alike.
  let timed = timeWithCPU(clock: CLOCK_PROCESS_CPUTIME_ID) {
    let content = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths, workers: benchWorkers)
    if content.modules.count != options.modules {
      cleanUpAndFail("a timed load returned \(content.modules.count) modules")
    }
  }
  loadTimes.append(timed.wall)
  loadCPUTimes.append(timed.cpu)
  singleTimes.append(
    time {
      let content = ContentLoader.load(paths: modulePaths, snippetPaths: snippetPaths, workers: 1)
      if content.modules.count != options.modules {
        cleanUpAndFail("a timed load returned \(content.modules.count) modules")
      }
    })
  let floorTimed = timeWithCPU(clock: CLOCK_PROCESS_CPUTIME_ID) {
    for path in allFiles {
      guard let bytes = readLikeLoader(path), parseEvents(bytes) != nil else { cleanUpAndFail("floor: \(path)") }
    }
  }
  floorTimes.append(floorTimed.wall)
  floorCPUTimes.append(floorTimed.cpu)
  parallelFloorTimes.append(
    time {
      let parsed = allFiles.parallelMap(workers: workers) { path in readLikeLoader(path).flatMap(parseEvents) != nil }
      if parsed.contains(false) { cleanUpAndFail("floor on \(workers) threads failed") }
    })
  readTimes.append(
    time {
      for path in allFiles where readLikeLoader(path) == nil { cleanUpAndFail("read: \(path)") }
    })
  parseTimes.append(
    time {
      for bytes in corpusBytes where parseEvents(bytes) == nil { cleanUpAndFail("parse failed") }
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
      if found == 0 { cleanUpAndFail("no files found") }
    })
  yamsComposeTimes.append(
    time {
      var roots = 0
      for bytes in corpusBytes {
        // A module with a duplicate key throws here: Yams stops at the first such mapping.
        if (try? Yams.Parser(yaml: String(decoding: bytes, as: UTF8.self)).singleRoot()) != nil { roots += 1 }
      }
      if roots == 0 { cleanUpAndFail("Yams composed nothing") }
    })
  // Pieces of the load that can be timed from outside, on the same modules and bytes.
  hashTimes.append(
    time {
      var length = 0
      for bytes in corpusBytes { length += SHA256.hash(data: bytes).hex.count }
      if length == 0 { cleanUpAndFail("no hashes") }
    })
  phaseRuns.append(ContentLoader.timePhases(files: moduleFiles, snippetPaths: snippetPaths).0)
}
let load = Stats(loadTimes)
let floor = Stats(floorTimes)
let single = Stats(singleTimes)
let parallelFloor = Stats(parallelFloorTimes)
printTable([
  Row(name: "ContentLoader.load (load + validate)", stats: load, note: "\(workers) worker\(workers == 1 ? "" : "s")"),
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
    format(load.median / Double(options.modules)), format(floor.median / Double(options.modules)),
    Double(corpus.bytes) / 1_048_576 / load.median, Double(corpus.bytes) / 1_048_576 / floor.median))
summary.append(
  String(
    format: "content load %@ (%d workers) vs libyaml %@: %.2f× (target ≤ 1.5×); one worker %@: %.2f×; CPU %.2f×",
    format(load.median), workers, format(floor.median), contentRatio, format(single.median), singleRatio, loadCPURatio))
print("")

// MARK: 2. Durable answer

let commits = options.quick ? 60 : 300
print("== 2. Durable answer: \(commits) commits each, interleaved one by one, WAL + synchronous=FULL")
guard let pinned = checked.modules.first else { cleanUpAndFail("no module to pin") }
let answerText = "I noticed my shoulders were tight and my jaw was clenched, so I took a short walk after lunch"
let answerEvent = SessionEvent.answered(step: "prompt-4", answer: .text(answerText))
let payload: String
do {
  // The same encoding as the store's JSON column (sorted keys, no escaped slashes).
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
  payload = String(decoding: try encoder.encode(answerEvent), as: UTF8.self)
} catch {
  cleanUpAndFail("cannot encode the event: \(error)")
}
let storePath = work + "/store/tandem.sqlite"
let store: SQLiteStore
let raw: RawSQLite
let rawSchema: RawSQLite
let answerSession = "00000000-0000-4000-8000-000000000001"
do {
  store = try SQLiteStore(path: storePath)
  try store.startSession(
    id: answerSession, module: pinned.module, contentHash: pinned.contentHash,
    events: [.started(moduleID: pinned.module.id, version: pinned.module.version, contentHash: pinned.contentHash)],
    at: Date())
  raw = try RawSQLite(path: work + "/raw.sqlite")
  // The store's own schema (index, triggers, CHECKs), written through the C API: splits the
  // gap between the store and the floor into schema cost and GRDB/Swift cost.
  let schemaPath = work + "/schema/tandem.sqlite"
  let schemaStore = try SQLiteStore(path: schemaPath)
  try schemaStore.startSession(
    id: answerSession, module: pinned.module, contentHash: pinned.contentHash,
    events: [.started(moduleID: pinned.module.id, version: pinned.module.version, contentHash: pinned.contentHash)],
    at: Date())
  try schemaStore.close()
  rawSchema = try RawSQLite(path: schemaPath)
  print(
    "raw sqlite: journal_mode=\(try raw.pragma("journal_mode")), synchronous=\(try raw.pragma("synchronous")) (2 = FULL); payload \(payload.utf8.count) bytes"
  )
} catch {
  cleanUpAndFail("cannot prepare the stores: \(error)")
}
if options.profile == "append" || options.profile == "raw" {
  do {
    for _ in 0..<(options.quick ? 500 : 3000) {
      if options.profile == "append" {
        try store.append([answerEvent], toSession: answerSession, at: Date())
      } else {
        try raw.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: timestampText(Date()))
      }
    }
  } catch {
    cleanUpAndFail("\(error)")
  }
  cleanUpAndFail("profile run done")
}
var storeCommits: [Double] = []
var rawCommits: [Double] = []
var schemaCommits: [Double] = []
var grdbCommits: [Double] = []
var cpuTimes: [[Double]] = [[], [], [], []]
var encodeTimes: [Double] = []
let sharedEncoder = JSONEncoder()
sharedEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
do {
  // GRDB itself on the store's schema, the way the store could write: one cached INSERT, no
  // existence check, no Codable record.
  let grdbPath = work + "/grdb/tandem.sqlite"
  let grdbStore = try SQLiteStore(path: grdbPath)
  try grdbStore.startSession(
    id: answerSession, module: pinned.module, contentHash: pinned.contentHash,
    events: [.started(moduleID: pinned.module.id, version: pinned.module.version, contentHash: pinned.contentHash)],
    at: Date())
  try grdbStore.close()
  let pool = try DatabasePool(path: grdbPath)
  try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
  let insertSQL = "INSERT INTO journal (stream_type, stream, kind, payload, recorded_at) VALUES (?, ?, ?, ?, ?)"
  func grdbAppend(_ stamp: String) throws {
    try pool.write { db in
      try db.cachedStatement(sql: insertSQL).execute(arguments: ["session", answerSession, "answered", payload, stamp])
    }
  }
  // Warm-up: a few commits of each.
  for _ in 0..<5 {
    try store.append([answerEvent], toSession: answerSession, at: Date())
    try raw.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: timestampText(Date()))
    try rawSchema.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: timestampText(Date()))
    try grdbAppend(timestampText(Date()))
  }
  // One commit of each kind per iteration, in a rotating order, so that noise from other
  // processes and the disk falls on all of them alike.
  for iteration in 0..<commits {
    for slot in 0..<4 {
      let stamp = timestampText(Date())
      let which = (slot + iteration) % 4
      let measured: (wall: Double, cpu: Double)
      switch which {
      case 0:
        measured = try timeWithCPU { try store.append([answerEvent], toSession: answerSession, at: Date()) }
        storeCommits.append(measured.wall)
      case 1:
        measured = try timeWithCPU {
          try raw.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: stamp)
        }
        rawCommits.append(measured.wall)
      case 2:
        measured = try timeWithCPU {
          try rawSchema.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: stamp)
        }
        schemaCommits.append(measured.wall)
      default:
        measured = try timeWithCPU { try grdbAppend(stamp) }
        grdbCommits.append(measured.wall)
      }
      cpuTimes[which].append(measured.cpu)
    }
    // The Swift work before the store's write: JSON-encode the event (one shared encoder,
    // as the store keeps), format the timestamp.
    encodeTimes.append(
      try time {
        let text = String(decoding: try sharedEncoder.encode(answerEvent), as: UTF8.self)
        if text.isEmpty || timestampText(Date()).isEmpty { cleanUpAndFail("empty") }
      })
  }
  try pool.close()
} catch {
  cleanUpAndFail("commit failed: \(error)")
}
let storeStats = Stats(storeCommits)
let rawStats = Stats(rawCommits)
printTable([
  Row(name: "SQLiteStore.append (1 answer)", stats: storeStats, note: "p90 \(format(storeStats.percentile(0.9)))"),
  Row(name: "floor: raw INSERT + COMMIT (C API)", stats: rawStats, note: "p90 \(format(rawStats.percentile(0.9)))"),
])
print("breakdown of the gap:")
let schemaStats = Stats(schemaCommits)
printTable([
  Row(
    name: "raw C API into the store's schema", stats: schemaStats,
    note: "p90 \(format(schemaStats.percentile(0.9))) (index, triggers, CHECKs)"),
  Row(
    name: "GRDB pool.write + cached INSERT, same schema", stats: Stats(grdbCommits),
    note: "p90 \(format(Stats(grdbCommits).percentile(0.9)))"),
  Row(
    name: "JSONEncoder on the event + timestamp", stats: Stats(encodeTimes),
    note: "(no database; for reference: the store writes answers' JSON directly)"),
])
print("on-CPU time per commit (this thread's CPU clock, user + kernel; waits for the disk excluded):")
printTable([
  Row(name: "SQLiteStore.append", stats: Stats(cpuTimes[0])),
  Row(name: "raw INSERT + COMMIT (floor)", stats: Stats(cpuTimes[1])),
  Row(name: "raw C API into the store's schema", stats: Stats(cpuTimes[2])),
  Row(name: "GRDB pool.write + cached INSERT", stats: Stats(cpuTimes[3])),
])
let answerRatio = storeStats.median / rawStats.median

ratioLine("ratio append / raw (median)", storeStats.median, rawStats.median, target: "≤ 1.2×", ok: answerRatio <= 1.2)
let cpuRatio = Stats(cpuTimes[0]).median / Stats(cpuTimes[1]).median
print(
  String(
    format: "%@ %.2f× (median on-CPU time; the disk's latency is the noisy part of the wall time)",
    pad("ratio append / raw, on-CPU", 44), cpuRatio))
summary.append(
  String(
    format: "durable answer %@ vs raw %@: %.2f× (target ≤ 1.2×); on-CPU %@ vs %@: %.2f×", format(storeStats.median),
    format(rawStats.median), answerRatio, format(Stats(cpuTimes[0]).median), format(Stats(cpuTimes[1]).median), cpuRatio
  ))
print("")

// MARK: 3. Startup

let spawns = options.quick ? 5 : 20
let tandemPath = executableDirectory() + "/tandem"
print("== 3. Startup: `tandem --version`, \(spawns) spawns")
if FileManager.default.isExecutableFile(atPath: tandemPath) {
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
    cleanUpAndFail("\(error)")
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
    for _ in 0..<(options.quick ? 2 : 5) {
      validateCommandTimes.append(try spawnTime(tandemPath, ["validate", modulePaths[0]]))
    }
  } catch {
    cleanUpAndFail("tandem validate: \(error)")
  }
  let validateCommand = Stats(validateCommandTimes)
  printTable([Row(name: "tandem validate, \(options.modules) modules (command)", stats: validateCommand)])
  summary.append("tandem validate over \(options.modules) modules: \(format(validateCommand.median))")
} else {
  print("skipped: no \(tandemPath); build it with `swift build -c release --product tandem` into the same folder")
  summary.append("startup: skipped (no tandem binary beside tandem-bench)")
}
print("")

// MARK: 4. Session replay

let replayRuns = options.quick ? 10 : 100
let replaySession = "00000000-0000-4000-8000-000000000002"
let replayModule = checked.modules.max { $0.module.steps.count < $1.module.steps.count } ?? pinned
let replayEvents = realisticEvents(module: replayModule.module, count: 200, contentHash: replayModule.contentHash)
print(
  "== 4. Session replay: a \(replayEvents.count)-event session on a \(replayModule.module.steps.count)-step module, \(replayRuns) runs"
)
do {
  try store.startSession(
    id: replaySession, module: replayModule.module, contentHash: replayModule.contentHash,
    events: Array(replayEvents.prefix(1)), at: Date())
  try store.append(Array(replayEvents.dropFirst()), toSession: replaySession, at: Date())
} catch {
  cleanUpAndFail("cannot record the replay session: \(error)")
}
if options.profile == "replay" {
  for _ in 0..<(options.quick ? 200 : 2000) {
    guard let session = try? store.session(id: replaySession) else { cleanUpAndFail("replay session missing") }
    if session.state.answers.isEmpty { cleanUpAndFail("no answers") }
  }
  cleanUpAndFail("profile run done")
}
var fetchTimes: [Double] = []
var stateTimes: [Double] = []
var totalTimes: [Double] = []
var lastState: SessionState?
do {
  for run in 0...replayRuns {
    var loaded: StoredSession?
    let fetch = try time { loaded = try store.session(id: replaySession) }
    guard let session = loaded else { cleanUpAndFail("the replay session is missing") }
    guard session.entries.count == replayEvents.count else {
      cleanUpAndFail("the replay session has \(session.entries.count) events, expected \(replayEvents.count)")
    }
    var state: SessionState?
    let derive = time { state = session.state }
    lastState = state
    if run == 0 { continue }  // warm-up
    fetchTimes.append(fetch)
    stateTimes.append(derive)
    totalTimes.append(fetch + derive)
  }
} catch {
  cleanUpAndFail("cannot read the replay session: \(error)")
}
let replayTotal = Stats(totalTimes)
printTable([
  Row(name: "load session + derive state", stats: replayTotal),
  Row(name: "  of which: store.session(id:)", stats: Stats(fetchTimes)),
  Row(name: "  of which: StoredSession.state", stats: Stats(stateTimes)),
])
if let state = lastState {
  print(
    "state: \(state.status.rawValue) at \(state.current ?? "-"), \(state.answers.count) answers, path \(state.path.count) steps"
  )
}
summary.append("session replay (200 events) \(format(replayTotal.median)) per session")
print("")

runDiaryBench(
  quick: options.quick, work: work, root: root,
  tandem: FileManager.default.isExecutableFile(atPath: tandemPath) ? tandemPath : nil)
runLongDiaryBench(quick: options.quick, work: work, tandem: tandemExecutable())
runReportBench(quick: options.quick)
print("")

print("== Summary")
for line in summary { print("  " + line) }
if !options.keep { try? FileManager.default.removeItem(atPath: work) }
exit(0)
