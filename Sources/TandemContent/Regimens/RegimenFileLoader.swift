import Foundation
import TandemBase
import TandemCare

/// Regimens read from a YAML file, ready to commit, or the diagnostics that prevent it.
public struct LoadedRegimens: Sendable {
  /// The checked regimens (empty when there is any error).
  public var regimens: [Regimen]
  /// Every problem, `file:line:col`.
  public var diagnostics: [Diagnostic]
}

/// Reads a regimen file: a `regimens:` list whose keys mirror `tandem meds add`'s options.
public enum RegimenFileLoader {
  static let fields = [
    "medication", "dose", "daily", "at", "every", "weekly", "on", "monthly", "day", "loading", "prn", "max-per-day",
    "min-hours", "start", "end", "late-window", "time-zone",
  ]

  /// Loads and checks every regimen in the file; nothing is returned when any has an error.
  public static func load(path: String, catalogue: MedicationCatalogue, environment: Environment) -> LoadedRegimens {
    let bytes: [UInt8]
    do {
      let attributes = try FileManager.default.attributesOfItem(atPath: path)
      if ((attributes[.size] as? NSNumber)?.intValue ?? 0) > YAMLComposer.maxFileSize {
        return LoadedRegimens(
          regimens: [],
          diagnostics: [.error(.regimenFileTooLarge, at: SourceLocation(file: path, line: 1, column: 1))])
      }
      bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    } catch {
      return LoadedRegimens(regimens: [], diagnostics: [.error(.unreadableRegimenFile(path), at: nil)])
    }
    let lines = SourceLines(String(decoding: bytes, as: UTF8.self))
    var (root, diagnostics) = YAMLComposer(path: path).compose(bytes)
    var regimens: [Regimen] = []
    if let root, let map = MappingReader(root, context: "regimen file", diagnostics: &diagnostics) {
      map.reportUnknownKeys(allowed: ["regimens"], diagnostics: &diagnostics)
      for (index, item) in (map.list("regimens", required: true, diagnostics: &diagnostics) ?? []).enumerated() {
        guard let entry = MappingReader(item, context: "regimen \(index + 1)", diagnostics: &diagnostics) else {
          continue
        }
        entry.reportUnknownKeys(allowed: fields, diagnostics: &diagnostics)
        guard let medication = entry.string("medication", required: true, diagnostics: &diagnostics) else { continue }
        var spec = RegimenSpec(medication: medication)
        spec.dose = entry.string("dose", required: true, diagnostics: &diagnostics)
        spec.daily = entry.bool("daily", diagnostics: &diagnostics) ?? false
        spec.times = strings(entry, "at", diagnostics: &diagnostics)
        spec.every = entry.string("every", diagnostics: &diagnostics)
        spec.weekly = entry.bool("weekly", diagnostics: &diagnostics) ?? false
        spec.weekdays = strings(entry, "on", diagnostics: &diagnostics)
        spec.monthly = entry.bool("monthly", diagnostics: &diagnostics) ?? false
        spec.day = entry.int("day", in: 1...31, diagnostics: &diagnostics)
        spec.loading = entry.string("loading", diagnostics: &diagnostics)
        spec.asNeeded = entry.bool("prn", diagnostics: &diagnostics) ?? false
        spec.maxPerDay = entry.string("max-per-day", diagnostics: &diagnostics)
        spec.minimumHours = entry.int("min-hours", in: 0...168, diagnostics: &diagnostics).map(Double.init)
        spec.start = entry.string("start", diagnostics: &diagnostics)
        spec.end = entry.string("end", diagnostics: &diagnostics)
        spec.lateWindowHours = entry.int("late-window", in: 0...744, diagnostics: &diagnostics).map(Double.init)
        spec.timeZone = entry.string("time-zone", diagnostics: &diagnostics)
        switch spec.regimen(
          id: environment.makeID(), catalogue: catalogue, now: environment.now(), timeZone: environment.timeZone)
        {
        case .success(let regimen): regimens.append(regimen)
        case .failure(let problems):
          for problem in problems.list {
            let key = problem.field == "schedule" ? nil : problem.field
            let mark = key.flatMap { entry.value($0)?.mark } ?? item.mark
            diagnostics.append(.error(.regimenProblem(problem.description), at: mark))
          }
        }
      }
    }
    let sorted = diagnostics.sortedByLocation().map { diagnostic -> Diagnostic in
      var diagnostic = diagnostic
      if let line = diagnostic.location?.line { diagnostic.sourceLine = lines.line(line) }
      return diagnostic
    }
    return LoadedRegimens(regimens: sorted.hasErrors ? [] : regimens, diagnostics: sorted)
  }

  private static func strings(_ entry: MappingReader, _ key: String, diagnostics: inout [Diagnostic]) -> [String] {
    guard let node = entry.value(key) else { return [] }
    switch node.value {
    case .scalar(let text, _): return [text]
    case .sequence(let items):
      return items.compactMap { item in
        guard let text = item.scalar else {
          diagnostics.append(.error(.textExpected(in: key, found: item.kindDescription), at: item.mark))
          return nil
        }
        return text
      }
    case .mapping:
      diagnostics.append(.error(.textOrListExpected(for: key), at: node.mark))
      return []
    }
  }
}

extension Diagnostic.Message {
  /// A regimen file too large to read.
  static let regimenFileTooLarge = Self("file is larger than 1 MiB", category: "file-size")

  /// A regimen file that exists but cannot be read.
  static func unreadableRegimenFile(_ path: String) -> Self {
    Self("cannot read file '\(path)'", category: "unreadable-file")
  }

  /// A mapping where text or a list of texts belongs.
  static func textOrListExpected(for key: String) -> Self {
    Self("expected text or a list for '\(key)', found a mapping", category: "field-type")
  }

  /// A regimen the care rules refuse; `description` is theirs, as `tandem meds` shows it too.
  static func regimenProblem(_ description: String) -> Self {
    Self(description, category: "regimen")
  }
}
