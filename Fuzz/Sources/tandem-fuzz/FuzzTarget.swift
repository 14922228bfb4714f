import Foundation
import TandemAdherence
import TandemAuthoring
import TandemBase
import TandemCare
import TandemContent
import TandemTherapy

/// One thing to fuzz: a name for `FUZZ_TARGET` and a function that must never trap or hang,
/// whatever bytes it is given.
struct FuzzTarget: Sendable {
  let name: String
  let run: @Sendable ([UInt8]) -> Void

  /// A fixed "now" and zone, so that a crash found once reproduces.
  static let now = Date(timeIntervalSince1970: 1_796_126_400)  // 2026-12-01T12:00Z
  static let zone = TimeZone(identifier: "Europe/Berlin") ?? TimeZone(secondsFromGMT: 3600) ?? .current

  static let all: [FuzzTarget] = [
    FuzzTarget(name: "time") { bytes in
      let text = String(decoding: bytes, as: UTF8.self)
      if let instant = try? TimeExpression.parse(text, now: now, timeZone: zone) {
        _ = LocalDate(instant, in: zone).description
      }
      _ = try? TimeExpression.date(text, now: now, timeZone: zone)
      _ = try? UTCOffset(parsing: text)
      _ = try? LocalDate.parse(text)
      _ = LocalTime(text: text)
    },
    FuzzTarget(name: "numbers") { bytes in
      let text = String(decoding: bytes, as: UTF8.self)
      if let quantity = try? Quantity.parse(text) { _ = quantity.description }
      _ = try? DayCount.parse(text, what: "--last")
      _ = try? CheckedNumber.integer(text, in: InputBounds.wholeNumbers, what: "n")
      _ = try? CheckedNumber.decimal(text, in: 0...744, what: "h")
      _ = OptionNumber.index(text, count: 5)
      // Any Double's display and saturating conversion.
      if bytes.count >= 8 {
        let bits = bytes.prefix(8).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        let value = Double(bitPattern: bits)
        _ = Quantity(value: value, unit: .mg).description
        _ = Int(saturating: value)
        _ = LocalDate(Date(timeIntervalSince1970: value), in: zone).adding(months: Int(truncatingIfNeeded: bits))
      }
    },
    FuzzTarget(name: "regimen") { bytes in
      // Fields separated by newlines, in the order of `tandem meds add`'s options.
      let fields = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
      func field(_ i: Int) -> String? { i < fields.count && !fields[i].isEmpty ? fields[i] : nil }
      var spec = RegimenSpec(medication: field(0) ?? "atogepant")
      spec.dose = field(1)
      spec.every = field(2)
      spec.times = field(3).map { $0.split(separator: ",").map(String.init) } ?? []
      spec.start = field(4)
      spec.end = field(5)
      spec.maxPerDay = field(6)
      spec.asNeeded = spec.maxPerDay != nil
      spec.daily = spec.every == nil && !spec.asNeeded
      spec.minimumHours = field(7).flatMap(Double.init)
      spec.lateWindowHours = field(8).flatMap(Double.init)
      spec.day = field(9).flatMap { Int($0) }
      spec.monthly = spec.day != nil && spec.every == nil && !spec.asNeeded
      spec.daily = spec.daily && !spec.monthly
      if case .success(let regimen) = spec.regimen(id: "r", catalogue: catalogue, now: now, timeZone: zone) {
        _ = regimen.schedule
      }
    },
    FuzzTarget(name: "module") { bytes in
      guard let loaded = load(bytes, name: "fuzz.yaml") else { return }
      for module in loaded.modules.map(\.module) {
        let analysis = PathAnalysis(module: module, maxPaths: 50, budget: 2_000)
        _ = PathReport.render(analysis, module: module, listing: 5)
        _ = GraphRenderer.render(module, format: .dot)
        for step in module.steps {
          for (_, text) in step.interpolatedTexts(where: { _ in true }) {
            _ = Interpolation.render(text, module: module, answers: [:])
          }
          _ = AnswerParser.parse("-9223372036854775808", for: step)
          _ = AnswerParser.parse("2", for: step)
        }
      }
    },
    FuzzTarget(name: "fills") { bytes in
      guard let events = try? FillsCSV.parse(bytes: bytes, dateFormat: "%Y-%m-%d") else { return }
      let table = PatientSupplyTable(events)
      for method in [CMAMethod.cma1, .cma7, .cma9] { _ = table.compute(method: method) }
    },
    FuzzTarget(name: "catalogue") { bytes in
      _ = CatalogueLoader.parse(String(decoding: bytes, as: UTF8.self), path: "fuzz.yaml")
    },
  ]

  /// The shipped catalogue, loaded once (regimens need medications to resolve).
  static let catalogue: MedicationCatalogue = {
    let root = ProcessInfo.processInfo.environment["TANDEM_HOME"] ?? FileManager.default.currentDirectoryPath
    return CatalogueLoader.load(path: root + "/Content/medications.yaml").catalogue
  }()

  /// Loads `bytes` as one module file from a private temporary folder.
  static func load(_ bytes: [UInt8], name: String) -> LoadedContent? {
    let folder = NSTemporaryDirectory() + "tandem-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/" + name
    guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { return nil }
    return ContentLoader.load(paths: [path], workers: 1)
  }
}
