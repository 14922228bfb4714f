import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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

/// The timings of `runs` runs of `body`.
func median(_ runs: Int, _ body: () throws -> Void) rethrows -> Stats {
  var samples: [Double] = []
  for _ in 0..<runs { samples.append(try time(body)) }
  return Stats(samples)
}

/// `label  median …  (min …, max …)`, for the tables that print one line per figure.
func describe(_ label: String, _ stats: Stats) -> String {
  label.padding(toLength: max(44, label.count + 1), withPad: " ", startingAt: 0)
    + "median \(format(stats.median))  (min \(format(stats.min)), max \(format(stats.max)))"
}
