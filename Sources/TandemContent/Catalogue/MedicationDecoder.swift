import TandemBase
import TandemCare

/// Turns one catalogue entry into a `Medication`, reporting every field-level problem.
struct MedicationDecoder {
  static let fields = [
    "id", "generic", "other-names", "brands", "class", "use", "routes", "strengths", "overuse", "max-per-24h",
    "min-hours-between-doses", "restarts-schedule-when-late", "late-window-hours", "notes",
  ]

  let lines: SourceLines

  func decode(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> Medication? {
    var ignored: [Diagnostic] = []
    let rawID = MappingReader(node, context: "a medication", diagnostics: &ignored)?.value("id")?.scalar
    let context = rawID.map { "medication '\(TerminalText.sanitized($0))'" } ?? "a medication"
    guard let map = MappingReader(node, context: context, diagnostics: &diagnostics) else { return nil }
    let before = diagnostics.count
    map.reportUnknownKeys(allowed: Self.fields, diagnostics: &diagnostics)
    let id = map.string("id", required: true, diagnostics: &diagnostics)
    if let id { checkIdentifier(id, at: map.value("id")?.mark, diagnostics: &diagnostics) }
    let generic = map.string("generic", required: true, diagnostics: &diagnostics)
    let otherNames = names(map, "other-names", diagnostics: &diagnostics)
    let brands = names(map, "brands", diagnostics: &diagnostics)
    let medicationClass = map.oneOf("class", MedicationClass.self, required: true, diagnostics: &diagnostics)
    let use = map.oneOf("use", MedicationUse.self, required: true, diagnostics: &diagnostics)
    let routes = decodeRoutes(map, diagnostics: &diagnostics)
    let strengths = (map.list("strengths", diagnostics: &diagnostics) ?? []).compactMap {
      quantity($0, field: "strengths", context: context, diagnostics: &diagnostics)
    }
    let overuse = map.oneOf("overuse", OveruseClass.self, required: true, diagnostics: &diagnostics)
    let maximum = map.value("max-per-24h").flatMap {
      quantity($0, field: "max-per-24h", context: context, diagnostics: &diagnostics)
    }
    let spacing = hours(map, "min-hours-between-doses", in: 0.25...168, diagnostics: &diagnostics)
    let restarts = map.bool("restarts-schedule-when-late", diagnostics: &diagnostics) ?? false
    let lateWindow = hours(map, "late-window-hours", in: 0...744, diagnostics: &diagnostics)
    let notes = map.string("notes", diagnostics: &diagnostics)

    if let maximum, let strength = strengths.first(where: { !$0.isCommensurable(with: maximum) }) {
      diagnostics.append(
        .warning(
          .incommensurableMaximum(maximum, strength: strength, in: context), at: map.value("max-per-24h")?.mark))
    }
    if use == .preventive, let overuse, overuse != .none {
      diagnostics.append(
        .warning(.preventiveOveruse(overuse.rawValue, in: context), at: map.value("overuse")?.mark))
    }
    guard !diagnostics[before...].hasErrors, let id, let generic, let medicationClass, let use, let overuse else {
      return nil
    }
    return Medication(
      id: id, genericName: generic, otherNames: otherNames, brandNames: brands, medicationClass: medicationClass,
      use: use, routes: routes, strengths: strengths, overuseClass: overuse, maxPer24Hours: maximum,
      minimumHoursBetweenDoses: spacing, restartsScheduleWhenLate: restarts, defaultLateWindowHours: lateWindow,
      notes: notes)
  }

  private func names(_ map: MappingReader, _ key: String, diagnostics: inout [Diagnostic]) -> [String] {
    (map.list(key, diagnostics: &diagnostics) ?? []).compactMap { node in
      guard case .scalar(let text, _) = node.value, !text.isEmpty else {
        diagnostics.append(
          .error(.nameExpected(in: key, context: map.context, found: node.kindDescription), at: node.mark))
        return nil
      }
      return text
    }
  }

  private func decodeRoutes(_ map: MappingReader, diagnostics: inout [Diagnostic]) -> [Medication.Route] {
    guard let nodes = map.list("routes", required: true, diagnostics: &diagnostics) else { return [] }
    if nodes.isEmpty, let mark = map.value("routes")?.mark {
      diagnostics.append(.error(.noRoutes(in: map.context), at: mark))
    }
    let names = Medication.Route.allCases.map(\.rawValue)
    return nodes.compactMap { node in
      guard let text = node.scalar, let route = Medication.Route(rawValue: text) else {
        let found = node.scalar.map { "'\(TerminalText.sanitized($0))'" } ?? node.kindDescription
        diagnostics.append(
          .error(.unknownRoute(node.scalar, found: found, in: map.context, expected: names), at: node.mark))
        return nil
      }
      return route
    }
  }

  /// A quantity such as `50 mg` or `2 tablets`, with a message naming what is wrong.
  private func quantity(_ node: YAMLNode, field: String, context: String, diagnostics: inout [Diagnostic]) -> Quantity?
  {
    guard case .scalar(let text, _) = node.value else {
      diagnostics.append(
        .error(.quantityExpected(for: field, in: context, found: node.kindDescription), at: node.mark))
      return nil
    }
    let problem: InputProblem
    do {
      return try Quantity.parse(text)
    } catch {
      problem = error
    }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    let number = trimmed.prefix { $0.isNumber || $0 == "." }
    let unit = trimmed.dropFirst(number.count).trimmingCharacters(in: .whitespaces)
    let message: Diagnostic.Message
    if number.isEmpty || Double(number).map({ !($0 > 0) }) ?? true {
      message = .quantityWithoutAmount(text, in: field, of: context)
    } else if Quantity.Unit(rawValue: unit) != nil || Quantity.Unit(rawValue: String(unit.dropLast())) != nil {
      message = .invalidQuantity(problem, in: field, of: context)
    } else {
      message = .unknownUnit(unit, in: field, of: context)
    }
    diagnostics.append(.error(message, at: node.mark))
    return nil
  }

  private func hours(
    _ map: MappingReader, _ key: String, in range: ClosedRange<Double>, diagnostics: inout [Diagnostic]
  )
    -> Double?
  {
    guard let node = map.value(key) else { return nil }
    guard case .scalar(let text, true) = node.value, let value = Double(text), value.isFinite else {
      let found = node.scalar.map { "'\(TerminalText.sanitized($0))'" } ?? node.kindDescription
      diagnostics.append(
        .error(.hoursExpected(for: key, in: map.context, found: found), at: node.mark))
      return nil
    }
    guard range.contains(value) else {
      diagnostics.append(
        .error(.hoursOutOfRange(key, in: map.context, range: range, found: value), at: node.mark))
      return nil
    }
    return value
  }

  private func checkIdentifier(_ id: String, at mark: SourceLocation?, diagnostics: inout [Diagnostic]) {
    let valid =
      !id.isEmpty && id.count <= 64 && id.first != "-"
      && id.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    if !valid {
      diagnostics.append(
        .error(.invalidIdentifier(id, what: "medication id"), at: mark))
    }
  }
}

extension Diagnostic.Message {
  /// A daily maximum in a unit none of the strengths can be converted to.
  static func incommensurableMaximum(_ maximum: Quantity, strength: Quantity, in context: String) -> Self {
    Self(
      "'max-per-24h' \(maximum) in \(context) cannot be compared with the strength \(strength)",
      category: "medication-units")
  }

  /// An overuse class on a preventive medication.
  static func preventiveOveruse(_ overuse: String, in context: String) -> Self {
    Self(
      "preventive \(context) has overuse class '\(overuse)'; overuse counts acute use only",
      category: "medication-overuse")
  }

  /// A name entry that is not text.
  static func nameExpected(in key: String, context: String, found: String) -> Self {
    Self("expected a name in '\(key)' in \(context), found \(found)", category: "field-type")
  }

  /// An empty `routes:` list.
  static func noRoutes(in context: String) -> Self {
    Self("\(context) needs at least one route", category: "empty-list")
  }

  /// A route that is not one of `names`: `text` as written, `found` quoted (or the node's kind).
  static func unknownRoute(_ text: String?, found: String, in context: String, expected names: [String]) -> Self {
    let hint = text.flatMap { Suggestion.closest(to: $0, in: names) }.map { "did you mean '\($0)'? " } ?? ""
    return Self(
      "unknown route \(found) in \(context); \(hint)expected one of \(names.joined(separator: ", "))",
      category: "unknown-value", fixIt: text.flatMap { Suggestion.fixIt(for: $0, in: names) })
  }

  /// A strength or maximum that is not text.
  static func quantityExpected(for field: String, in context: String, found: String) -> Self {
    Self(
      "expected a quantity such as '50 mg' for '\(field)' in \(context), found \(found)", category: "field-type")
  }

  /// Hours that are not a number.
  static func hoursExpected(for key: String, in context: String, found: String) -> Self {
    Self("expected a number of hours for '\(key)' in \(context), found \(found)", category: "field-type")
  }

  /// Hours outside the range the field allows.
  static func hoursOutOfRange(_ key: String, in context: String, range: ClosedRange<Double>, found: Double) -> Self {
    Self(
      "'\(key)' in \(context) must be from \(range.lowerBound.plainText) to \(range.upperBound.plainText), "
        + "found \(found.plainText)",
      category: "field-range")
  }

  /// A quantity with no positive number before its unit.
  static func quantityWithoutAmount(_ text: String, in field: String, of context: String) -> Self {
    Self(
      "'\(TerminalText.sanitized(text))' in '\(field)' of \(context) needs a positive amount before the unit",
      category: "quantity")
  }

  /// A quantity with a known unit that still does not parse; `problem` says why.
  static func invalidQuantity(_ problem: InputProblem, in field: String, of context: String) -> Self {
    Self("\(problem) (in '\(field)' of \(context))", category: "quantity")
  }

  /// A quantity whose unit is not one Tandem knows.
  static func unknownUnit(_ unit: String, in field: String, of context: String) -> Self {
    let units = Quantity.Unit.allCases.map(\.rawValue)
    let hint = Suggestion.closest(to: unit, in: units).map { "did you mean '\($0)'? " } ?? ""
    return Self(
      "unknown unit '\(TerminalText.sanitized(unit))' in '\(field)' of \(context); \(hint)expected one of "
        + units.joined(separator: ", "),
      category: "quantity")
  }
}
