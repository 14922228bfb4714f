import Foundation
import TandemBase
import TandemCare

/// A catalogue read from files: the medications without errors, and every diagnostic.
public struct LoadedCatalogue: Sendable {
  /// Medications that loaded without errors; one with any error is left out.
  public var catalogue: MedicationCatalogue
  /// Every diagnostic, sorted by file and position, with source lines for caret snippets.
  public var diagnostics: [Diagnostic]
}

/// Reads medication catalogues (`Content/medications.yaml` and local additions).
///
/// A catalogue file is a mapping with one key, `medications`, holding a list of entries. Ids
/// and names (generic, other and brand, ignoring case) must be unique across all the files
/// loaded together: a local file adds medications, it does not replace shipped ones.
public enum CatalogueLoader {
  static let fileFields = ["medications"]

  /// Loads and merges catalogue files (or every `.yaml` file in a folder), in order.
  public static func load(paths: [String]) -> LoadedCatalogue {
    var diagnostics: [Diagnostic] = []
    var sources: [String: SourceLines] = [:]
    var entries: [Entry] = []
    for file in ContentLoader.collectFiles(paths, diagnostics: &diagnostics) {
      let start = SourceLocation(file: file, line: 1, column: 1)
      guard let data = FileManager.default.contents(atPath: file) else {
        diagnostics.append(.error(.unreadableFile, at: start))
        continue
      }
      let text = String(decoding: data, as: UTF8.self)
      sources[file] = SourceLines(text)
      entries += decode(
        bytes: [UInt8](data), path: file, lines: sources[file] ?? SourceLines(""), diagnostics: &diagnostics)
    }
    return finish(entries, sources: sources, diagnostics: diagnostics)
  }

  /// Loads one catalogue file.
  public static func load(path: String) -> LoadedCatalogue { load(paths: [path]) }

  /// Parses catalogue text held in memory; `path` names it in diagnostics.
  public static func parse(_ text: String, path: String) -> LoadedCatalogue {
    var diagnostics: [Diagnostic] = []
    let lines = SourceLines(text)
    let entries = decode(bytes: Array(text.utf8), path: path, lines: lines, diagnostics: &diagnostics)
    return finish(entries, sources: [path: lines], diagnostics: diagnostics)
  }

  private static func decode(bytes: [UInt8], path: String, lines: SourceLines, diagnostics: inout [Diagnostic])
    -> [Entry]
  {
    let (root, found) = YAMLComposer(path: path).compose(bytes)
    diagnostics += found
    guard let root else {
      if !found.hasErrors {
        diagnostics.append(.error(.emptyFile, at: SourceLocation(file: path, line: 1, column: 1)))
      }
      return []
    }
    guard let map = MappingReader(root, context: "medication catalogue", diagnostics: &diagnostics) else { return [] }
    map.reportUnknownKeys(allowed: fileFields, diagnostics: &diagnostics)
    guard let items = map.list("medications", required: true, diagnostics: &diagnostics) else { return [] }
    let decoder = MedicationDecoder(lines: lines)
    return items.compactMap { item in
      decoder.decode(item, diagnostics: &diagnostics).map { Entry(medication: $0, node: item) }
    }
  }

  /// A decoded medication with the positions of its id and names, for duplicate reports.
  struct Entry {
    var medication: Medication
    var idMark: SourceLocation
    var nameMarks: [String: SourceLocation] = [:]

    init(medication: Medication, node: YAMLNode) {
      self.medication = medication
      idMark = node.mark
      guard case .mapping(let pairs) = node.value else { return }
      for (key, value) in pairs {
        switch (key.scalar, value.value) {
        case ("id", _): idMark = value.mark
        case ("generic", .scalar(let name, _)): nameMarks[name] = value.mark
        case ("other-names", .sequence(let items)), ("brands", .sequence(let items)):
          for item in items { if let name = item.scalar { nameMarks[name] = item.mark } }
        default: break
        }
      }
    }
  }

  /// Rejects duplicate ids and names, then builds the catalogue.
  private static func finish(
    _ entries: [Entry], sources: [String: SourceLines], diagnostics: [Diagnostic]
  ) -> LoadedCatalogue {
    var diagnostics = diagnostics
    var ids: [String: SourceLocation] = [:]
    var names: [String: (id: String, at: SourceLocation)] = [:]
    var medications: [Medication] = []
    for entry in entries {
      let medication = entry.medication, mark = entry.idMark
      if let first = ids[medication.id] {
        diagnostics.append(
          .error(.duplicateMedicationID(medication.id), at: mark, notes: [.firstDefinition(at: first)]))
        continue
      }
      var clash = false
      var own = Set<String>()
      for name in medication.allNames.dropFirst() {
        let key = MedicationCatalogue.normalizedName(name)
        guard own.insert(key).inserted else { continue }
        if let other = names[key] {
          diagnostics.append(
            .error(
              .nameAlreadyUsed(TerminalText.sanitized(name), medication: medication.id, by: other.id),
              at: entry.nameMarks[name] ?? mark, notes: [.nameUse(by: other.id, at: other.at)]))
          clash = true
        }
      }
      if let other = names[MedicationCatalogue.normalizedName(medication.id)], other.id != medication.id {
        diagnostics.append(
          .error(.idAlreadyAName(medication.id, medication: other.id, at: other.at), at: mark))
        clash = true
      }
      ids[medication.id] = mark
      if clash { continue }
      for name in medication.allNames {
        names[MedicationCatalogue.normalizedName(name)] = (medication.id, entry.nameMarks[name] ?? mark)
      }
      medications.append(medication)
    }
    let sorted = diagnostics.sortedByLocation().map { diagnostic -> Diagnostic in
      var diagnostic = diagnostic
      if let location = diagnostic.location {
        diagnostic.sourceLine = sources[location.file]?.line(location.line)
      }
      return diagnostic
    }
    return LoadedCatalogue(catalogue: MedicationCatalogue(medications), diagnostics: sorted)
  }
}

extension Diagnostic.Message {
  /// Two catalogue entries share an id; regimens name medications by id.
  static func duplicateMedicationID(_ id: String) -> Self {
    Self("duplicate medication id '\(id)'", category: "duplicate-medication-id")
  }
}

extension Diagnostic.Message {
  /// A brand or generic name given to two medications; `tandem dose NAME` could not tell them apart.
  static func nameAlreadyUsed(_ name: String, medication: String, by other: String) -> Self {
    Self(
      "name '\(name)' of medication '\(medication)' is already used by medication '\(other)'",
      category: "duplicate-medication-name")
  }
}

extension Diagnostic.Note {
  /// Where another medication gives a name.
  static func nameUse(by medication: String, at location: SourceLocation) -> Self {
    Self("medication '\(medication)' gives it here", at: location)
  }
}

extension Diagnostic.Message {
  /// A medication id that another medication gives as one of its names.
  static func idAlreadyAName(_ id: String, medication other: String, at location: SourceLocation) -> Self {
    Self("id '\(id)' is already a name of medication '\(other)' (\(location))", category: "duplicate-medication-name")
  }
}
