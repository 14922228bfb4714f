import TandemBase
import TandemTherapy

/// A measure that loaded without errors, with where it came from and its content hash.
public struct LoadedMeasure: Hashable, Sendable {
  /// The measure.
  public var measure: Measure
  /// SHA-256 of the file's bytes, folded into the content hash of modules that ask it.
  public var contentHash: String
  /// Where its `id:` is written.
  public var source: SourceLocation
}

/// Turns a composed `Content/measures/<id>.yaml` into a `Measure`, checking what the scoring
/// relies on: every item scored, option and item ids unique, subscales naming real items, bands
/// covering every possible total exactly once, and a crisis rule on an item that can fire it.
enum MeasureDecoder {
  static let fields = [
    "id", "version", "title", "instructions", "stem", "options", "items", "subscales", "bands", "missing", "crisis",
    "licence",
  ]
  static let optionFields = ["id", "label", "score"]
  static let itemFields = ["id", "text", "reverse", "count"]
  static let countFields = ["min", "max", "unit"]
  static let subscaleFields = ["id", "title", "items", "positive-at"]
  static let bandFields = ["min", "max", "label"]
  static let crisisFields = ["item", "above", "message"]
  static let missingFields = ["prorate-up-to"]

  static func decode(
    _ root: YAMLNode, path: String, hash: String, diagnostics: inout [Diagnostic]
  ) -> LoadedMeasure? {
    guard let map = MappingReader(root, context: "measure", diagnostics: &diagnostics) else { return nil }
    let before = diagnostics.count
    map.reportUnknownKeys(allowed: fields, diagnostics: &diagnostics)
    let id = map.string("id", required: true, diagnostics: &diagnostics)
    if let id, let expected = ContentFileName.stem(path), id != expected {
      diagnostics.append(
        .error(.measureIDDiffersFromFileName(id, fileName: expected), at: map.value("id")?.mark))
    }
    let version = map.int("version", required: true, in: 1...1_000_000, diagnostics: &diagnostics)
    let title = map.string("title", required: true, diagnostics: &diagnostics)
    let instructions = map.string("instructions", required: true, diagnostics: &diagnostics)
    let stem = map.string("stem", diagnostics: &diagnostics)
    let licence = map.string("licence", diagnostics: &diagnostics)
    let options = decodeOptions(map, diagnostics: &diagnostics)
    let items = decodeItems(map, hasOptions: !options.isEmpty, diagnostics: &diagnostics)
    let itemIDs = Set(items.map(\.id))
    let subscales = decodeSubscales(map, itemIDs: itemIDs, diagnostics: &diagnostics)
    let missing = decodeMissing(map, itemCount: items.count, diagnostics: &diagnostics)
    guard !diagnostics[before...].hasErrors, let id, let version, let title, let instructions, !items.isEmpty
    else { return nil }
    var measure = Measure(
      id: id, version: version, title: title, instructions: instructions, stem: stem, options: options, items: items,
      subscales: subscales, bands: [], missing: missing, licence: licence)
    measure.bands = decodeBands(map, range: measure.totalRange, diagnostics: &diagnostics)
    measure.crisis = decodeCrisis(map, measure: measure, diagnostics: &diagnostics)
    guard !diagnostics[before...].hasErrors else { return nil }
    return LoadedMeasure(measure: measure, contentHash: hash, source: map.value("id")?.mark ?? root.mark)
  }

  private static func checkID(_ id: String, what: String, at mark: SourceLocation?, diagnostics: inout [Diagnostic]) {
    let valid =
      !id.isEmpty && id.utf8.count <= 32 && id.utf8.first != UInt8(ascii: "-")
      && id.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
    if !valid {
      diagnostics.append(
        .error(.invalidMeasureIdentifier(id, what: what), at: mark))
    }
  }

  private static func decodeOptions(_ map: MappingReader, diagnostics: inout [Diagnostic]) -> [Measure.Option] {
    guard let nodes = map.list("options", diagnostics: &diagnostics) else { return [] }
    var options: [Measure.Option] = []
    var seen: [String: SourceLocation] = [:]
    for node in nodes {
      guard let option = MappingReader(node, context: "an option", diagnostics: &diagnostics) else { continue }
      option.reportUnknownKeys(allowed: optionFields, diagnostics: &diagnostics)
      guard let id = option.string("id", required: true, diagnostics: &diagnostics),
        let label = option.string("label", required: true, diagnostics: &diagnostics),
        let score = option.int("score", required: true, in: -1000...1000, diagnostics: &diagnostics)
      else { continue }
      let mark = option.value("id")?.mark
      checkID(id, what: "option id", at: mark, diagnostics: &diagnostics)
      if let first = seen[id] {
        diagnostics.append(
          .error(.duplicateMeasureOptionID(id), at: mark, notes: [.firstDefinition(at: first)]))
        continue
      }
      seen[id] = mark ?? node.mark
      options.append(Measure.Option(id: id, label: label, score: score))
    }
    if nodes.isEmpty, let mark = map.value("options")?.mark {
      diagnostics.append(.error(.noOptions, at: mark))
    }
    return options
  }

  private static func decodeItems(_ map: MappingReader, hasOptions: Bool, diagnostics: inout [Diagnostic])
    -> [Measure.Item]
  {
    guard let nodes = map.list("items", required: true, diagnostics: &diagnostics) else { return [] }
    if nodes.isEmpty, let mark = map.value("items")?.mark {
      diagnostics.append(.error(.noItems, at: mark))
    }
    if nodes.count > 100, let mark = map.value("items")?.mark {
      diagnostics.append(.error(.tooManyItems(nodes.count), at: mark))
      return []
    }
    var items: [Measure.Item] = []
    var seen: [String: SourceLocation] = [:]
    for node in nodes {
      guard let item = MappingReader(node, context: "an item", diagnostics: &diagnostics) else { continue }
      item.reportUnknownKeys(allowed: itemFields, diagnostics: &diagnostics)
      guard let id = item.string("id", required: true, diagnostics: &diagnostics),
        let text = item.string("text", required: true, diagnostics: &diagnostics)
      else { continue }
      let mark = item.value("id")?.mark
      checkID(id, what: "item id", at: mark, diagnostics: &diagnostics)
      let reverse = item.bool("reverse", diagnostics: &diagnostics) ?? false
      var response = Measure.Response.options
      if let countNode = item.value("count") {
        guard let count = MappingReader(countNode, context: "'count'", diagnostics: &diagnostics) else { continue }
        count.reportUnknownKeys(allowed: countFields, diagnostics: &diagnostics)
        guard let min = count.int("min", required: true, in: 0...10_000, diagnostics: &diagnostics),
          let max = count.int("max", required: true, in: 0...10_000, diagnostics: &diagnostics),
          let unit = count.string("unit", required: true, diagnostics: &diagnostics)
        else { continue }
        if min >= max {
          diagnostics.append(
            .error(.emptyCount(min: min, max: max), at: count.value("max")?.mark))
          continue
        }
        response = .count(min: min, max: max, unit: unit)
      } else if !hasOptions {
        diagnostics.append(
          .error(.unscoredItem(id), at: mark))
        continue
      }
      if let first = seen[id] {
        diagnostics.append(
          .error(.duplicateItemID(id), at: mark, notes: [.firstDefinition(at: first)]))
        continue
      }
      seen[id] = mark ?? node.mark
      items.append(Measure.Item(id: id, text: text.trimmingWhitespace(), response: response, reverse: reverse))
    }
    return items
  }

  private static func decodeSubscales(_ map: MappingReader, itemIDs: Set<String>, diagnostics: inout [Diagnostic])
    -> [Measure.Subscale]
  {
    guard let nodes = map.list("subscales", diagnostics: &diagnostics) else { return [] }
    var subscales: [Measure.Subscale] = []
    for node in nodes {
      guard let subscale = MappingReader(node, context: "a subscale", diagnostics: &diagnostics) else { continue }
      subscale.reportUnknownKeys(allowed: subscaleFields, diagnostics: &diagnostics)
      guard let id = subscale.string("id", required: true, diagnostics: &diagnostics),
        let title = subscale.string("title", required: true, diagnostics: &diagnostics),
        let itemNodes = subscale.list("items", required: true, diagnostics: &diagnostics)
      else { continue }
      checkID(id, what: "subscale id", at: subscale.value("id")?.mark, diagnostics: &diagnostics)
      var items: [String] = []
      for itemNode in itemNodes {
        guard let name = itemNode.scalar else {
          diagnostics.append(.error(.subscaleItemNotText(found: itemNode.kindDescription), at: itemNode.mark))
          continue
        }
        guard itemIDs.contains(name) else {
          diagnostics.append(
            .error(.unknownSubscaleItem(name, subscale: id, items: itemIDs.sorted()), at: itemNode.mark))
          continue
        }
        items.append(name)
      }
      if itemNodes.isEmpty {
        diagnostics.append(.error(.emptySubscale, at: subscale.value("items")?.mark))
      }
      let positiveAt = subscale.int("positive-at", in: -100_000...100_000, diagnostics: &diagnostics)
      subscales.append(Measure.Subscale(id: id, title: title, items: items, positiveAt: positiveAt))
    }
    return subscales
  }

  private static func decodeMissing(_ map: MappingReader, itemCount: Int, diagnostics: inout [Diagnostic])
    -> Measure.MissingRule
  {
    guard let node = map.value("missing") else { return .none }
    if node.scalar == "none" { return .none }
    guard let missing = MappingReader(node, context: "'missing'", diagnostics: &diagnostics) else { return .none }
    missing.reportUnknownKeys(allowed: missingFields, diagnostics: &diagnostics)
    guard let upTo = missing.int("prorate-up-to", required: true, in: 0...100, diagnostics: &diagnostics) else {
      return .none
    }
    if itemCount > 0 && upTo >= itemCount {
      diagnostics.append(
        .error(.prorateAll(itemCount: itemCount), at: missing.value("prorate-up-to")?.mark))
    }
    return upTo == 0 ? .none : .prorate(upTo: upTo)
  }

  /// The bands, which must run from the lowest possible total to the highest without a gap or
  /// an overlap, in order.
  private static func decodeBands(_ map: MappingReader, range: ClosedRange<Int>, diagnostics: inout [Diagnostic])
    -> [Measure.Band]
  {
    guard let nodes = map.list("bands", required: true, diagnostics: &diagnostics) else { return [] }
    var bands: [Measure.Band] = []
    var marks: [SourceLocation] = []
    for node in nodes {
      guard let band = MappingReader(node, context: "a band", diagnostics: &diagnostics) else { continue }
      band.reportUnknownKeys(allowed: bandFields, diagnostics: &diagnostics)
      guard let min = band.int("min", required: true, in: -1_000_000...1_000_000, diagnostics: &diagnostics),
        let max = band.int("max", required: true, in: -1_000_000...1_000_000, diagnostics: &diagnostics),
        let label = band.string("label", required: true, diagnostics: &diagnostics)
      else { continue }
      if min > max {
        diagnostics.append(
          .error(.backwardBand(label, min: min, max: max), at: node.mark))
        continue
      }
      bands.append(Measure.Band(min: min, max: max, label: label))
      marks.append(band.value("min")?.mark ?? node.mark)
    }
    guard bands.count == nodes.count else { return bands }
    guard let first = bands.first, let firstMark = marks.first else {
      diagnostics.append(.error(.noBands, at: map.value("bands")?.mark))
      return bands
    }
    if first.min != range.lowerBound {
      diagnostics.append(
        .error(
          first.min > range.lowerBound
            ? .bandGap(range.lowerBound, first.min - 1, totals: range)
            : .bandBelowTotals(first.label, min: first.min, totals: range),
          at: firstMark))
    }
    for index in bands.indices.dropFirst() {
      let previous = bands[index - 1], band = bands[index]
      if band.min > previous.max + 1 {
        diagnostics.append(
          .error(.bandGap(previous.max + 1, band.min - 1, totals: range), at: marks[index]))
      } else if band.min <= previous.max {
        diagnostics.append(
          .error(
            .bandOverlap(band.label, previous.label, from: band.min, to: min(previous.max, band.max)), at: marks[index])
        )
      }
    }
    if let last = bands.last, let lastMark = marks.last, last.max != range.upperBound {
      diagnostics.append(
        .error(
          last.max < range.upperBound
            ? .bandGap(last.max + 1, range.upperBound, totals: range)
            : .bandAboveTotals(last.label, max: last.max, totals: range),
          at: lastMark))
    }
    return bands
  }

  private static func decodeCrisis(_ map: MappingReader, measure: Measure, diagnostics: inout [Diagnostic])
    -> Measure.CrisisRule?
  {
    guard let node = map.value("crisis") else { return nil }
    guard let crisis = MappingReader(node, context: "'crisis'", diagnostics: &diagnostics) else { return nil }
    crisis.reportUnknownKeys(allowed: crisisFields, diagnostics: &diagnostics)
    guard let itemID = crisis.string("item", required: true, diagnostics: &diagnostics),
      let above = crisis.int("above", required: true, in: -1000...1000, diagnostics: &diagnostics),
      let message = crisis.string("message", required: true, diagnostics: &diagnostics)
    else { return nil }
    guard let item = measure.items.first(where: { $0.id == itemID }) else {
      diagnostics.append(
        .error(.unknownCrisisItem(itemID, items: measure.items.map(\.id)), at: crisis.value("item")?.mark))
      return nil
    }
    guard case .options = item.response else {
      diagnostics.append(
        .error(.crisisItemWithoutOptions, at: crisis.value("item")?.mark))
      return nil
    }
    let range = measure.scoreRange(of: item)
    guard range.lowerBound <= above, above < range.upperBound else {
      diagnostics.append(
        .error(.crisisThresholdOutside(above, item: itemID, scores: range), at: crisis.value("above")?.mark))
      return nil
    }
    return Measure.CrisisRule(item: itemID, above: above, message: message)
  }
}

extension Diagnostic.Message {
  /// A measure whose id is not its file name: a questionnaire step finds the measure by its file.
  static func measureIDDiffersFromFileName(_ id: String, fileName: String) -> Self {
    Self(
      "measure id '\(TerminalText.sanitized(id))' differs from its file name '\(TerminalText.sanitized(fileName))'; "
        + "a questionnaire step names the measure by its file",
      category: "measure-id")
  }

  /// A measure, item, option or subscale id with characters measure ids may not use.
  static func invalidMeasureIdentifier(_ id: String, what: String) -> Self {
    Self(
      "\(what) '\(TerminalText.sanitized(id))' may use only lowercase letters, digits and '-' (up to 32)",
      category: "id-format")
  }

  /// An answer option of a measure given twice.
  static func duplicateMeasureOptionID(_ id: String) -> Self {
    Self("duplicate option id '\(TerminalText.sanitized(id))'", category: "duplicate-option-id")
  }

  /// An empty `options:` list.
  static let noOptions = Self("'options' needs at least one option", category: "empty-list")

  /// An empty `items:` list.
  static let noItems = Self("a measure needs at least one item", category: "empty-list")

  /// More items than a measure may have.
  static func tooManyItems(_ count: Int) -> Self {
    Self("a measure may have at most 100 items (found \(count))", category: "measure-items")
  }

  /// A count item whose range is empty.
  static func emptyCount(min: Int, max: Int) -> Self {
    Self("'count' needs 'min' below 'max' (found \(min) and \(max))", category: "measure-items")
  }

  /// An item with neither the measure's options nor a count to score it by.
  static func unscoredItem(_ id: String) -> Self {
    Self(
      "item '\(TerminalText.sanitized(id))' has no way to be scored: give the measure 'options', "
        + "or the item a 'count' (min, max, unit)",
      category: "measure-items")
  }

  /// An item of a measure given twice.
  static func duplicateItemID(_ id: String) -> Self {
    Self("duplicate item id '\(TerminalText.sanitized(id))'", category: "duplicate-item-id")
  }

  /// A subscale entry that is not an item id.
  static func subscaleItemNotText(found: String) -> Self {
    Self("expected an item id, found \(found)", category: "field-type")
  }

  /// A subscale that names something other than an item of the measure.
  static func unknownSubscaleItem(_ name: String, subscale: String, items: [String]) -> Self {
    Self(
      "subscale '\(TerminalText.sanitized(subscale))' names '\(TerminalText.sanitized(name))', which is not an item"
        + Suggestion.hint(for: name, in: items),
      category: "measure-subscale", fixIt: Suggestion.fixIt(for: name, in: items))
  }

  /// A subscale with no items.
  static let emptySubscale = Self("a subscale needs at least one item", category: "empty-list")

  /// A `prorate-up-to:` that would allow every item to go unanswered.
  static func prorateAll(itemCount: Int) -> Self {
    Self(
      "'prorate-up-to' must leave at least one item answered (the measure has \(itemCount) items)",
      category: "measure-missing")
  }

  /// A band whose `min` is above its `max`.
  static func backwardBand(_ label: String, min: Int, max: Int) -> Self {
    Self("band '\(TerminalText.sanitized(label))' runs backwards (\(min) to \(max))", category: "measure-bands")
  }

  /// An empty `bands:` list.
  static let noBands = Self("a measure needs at least one band", category: "empty-list")

  /// Totals from `low` to `high` that no band covers.
  static func bandGap(_ low: Int, _ high: Int, totals: ClosedRange<Int>) -> Self {
    Self(
      "bands leave totals \(span(low, high)) without a band (\(totalsText(totals)))", category: "measure-bands")
  }

  /// The first band starts below the lowest total.
  static func bandBelowTotals(_ label: String, min: Int, totals: ClosedRange<Int>) -> Self {
    Self(
      "band '\(label)' starts at \(min), below the lowest possible total (\(totalsText(totals)))",
      category: "measure-bands")
  }

  /// The last band ends above the highest total.
  static func bandAboveTotals(_ label: String, max: Int, totals: ClosedRange<Int>) -> Self {
    Self(
      "band '\(label)' ends at \(max), above the highest possible total (\(totalsText(totals)))",
      category: "measure-bands")
  }

  /// Two bands that share totals from `low` to `high`.
  static func bandOverlap(_ label: String, _ other: String, from low: Int, to high: Int) -> Self {
    Self(
      "band '\(label)' overlaps '\(other)' at \(span(low, high)); bands must not share a total",
      category: "measure-bands")
  }

  private static func span(_ low: Int, _ high: Int) -> String { low == high ? "\(low)" : "\(low)–\(high)" }

  private static func totalsText(_ totals: ClosedRange<Int>) -> String {
    "totals run from \(totals.lowerBound) to \(totals.upperBound)"
  }

  /// A crisis rule on something other than an item of the measure.
  static func unknownCrisisItem(_ item: String, items: [String]) -> Self {
    Self(
      "crisis item '\(TerminalText.sanitized(item))' is not an item of this measure"
        + Suggestion.hint(for: item, in: items),
      category: "measure-crisis", fixIt: Suggestion.fixIt(for: item, in: items))
  }

  /// A crisis rule on a count item.
  static let crisisItemWithoutOptions = Self(
    "the crisis item must be answered by the measure's options", category: "measure-crisis")

  /// A crisis threshold the item's scores never cross.
  static func crisisThresholdOutside(_ above: Int, item: String, scores: ClosedRange<Int>) -> Self {
    Self(
      "crisis 'above: \(above)' can never fire or always fires: item '\(item)' scores \(scores.lowerBound) to "
        + "\(scores.upperBound)",
      category: "measure-crisis")
  }
}
