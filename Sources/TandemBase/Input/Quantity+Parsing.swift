extension Quantity {
  /// The largest amount Tandem accepts in `unit`: 100 g for masses, a litre, and counts no
  /// prescription reaches (anything above is a typo, and would distort every total).
  public static func maximum(for unit: Unit) -> Double {
    switch unit {
    case .mg: 100_000
    case .mcg: 100_000_000
    case .g: 100
    case .ml: 1000
    case .tablet, .capsule, .puff, .drop, .injection: 100  // onabotulinumtoxinA is 31 injections
    case .spray, .patch: 20
    }
  }

  /// The smallest amount Tandem accepts in `unit`: a thousandth of the unit (1 mcg of a mg dose,
  /// a thousandth of a tablet); anything smaller is a typo and would print as `1e-07 mg`.
  public static func minimum(for unit: Unit) -> Double { 0.001 }

  /// Reads "60 mg", "60mg", "0.5 ml", "1 tablet" (plural forms accepted): a plain decimal from
  /// `minimum(for:)` to `maximum(for:)` in its unit, or a problem that quotes the text and the bound.
  /// Counts may be said in words: `a tablet`, `one injection`, `half a tablet`, `1/2 tablet`, `two puffs`.
  public static func parse(_ text: String) throws(InputProblem) -> Quantity {
    let trimmed = spokenCount(text.trimmingWhitespace().lowercased())
    let number = trimmed.prefix { ($0.isASCII && $0.isNumber) || $0 == "." }
    var unitText = String(trimmed.dropFirst(number.count)).trimmingWhitespace()
    for plural in ["s", "es"] where Unit(rawValue: unitText) == nil && unitText.hasSuffix(plural) {
      if Unit(rawValue: String(unitText.dropLast(plural.count))) != nil { unitText.removeLast(plural.count) }
    }
    let units = Unit.allCases.map(\.rawValue).joined(separator: ", ")
    guard let unit = Unit(rawValue: unitText), let value = CheckedNumber.plainDecimal(number) else {
      throw InputProblem(
        description:
          "\(InputProblem.quoted(text)) is not an amount; write a number and a unit such as '60 mg' (units: \(units))")
    }
    guard bounds(for: unit).contains(value) else {
      throw .outOfRange(text, what: "amount", bound: bound(for: unit))
    }
    return Quantity(value: value, unit: unit)
  }

  /// The amounts Tandem accepts in `unit`, from `minimum(for:)` to `maximum(for:)`.
  public static func bounds(for unit: Unit) -> ClosedRange<Double> { minimum(for: unit)...maximum(for: unit) }

  /// `bounds(for:)` as messages say it: "use at least 0.001 and at most 100000 mg".
  public static func bound(for unit: Unit) -> String {
    "use at least \(minimum(for: unit).plainText) and at most \(maximum(for: unit).plainText) \(unit.rawValue)"
  }

  /// Whether this amount is one Tandem would accept typed or read from a file: finite and within
  /// `bounds(for:)` its unit.
  public var isWithinBounds: Bool { value.isFinite && Self.bounds(for: unit).contains(value) }

  /// `half a tablet` → `0.5 tablet`, `two puffs` → `2 puffs`; anything else unchanged.
  private static func spokenCount(_ text: String) -> String {
    let words: [(String, String)] = [
      ("half a ", "0.5 "), ("half an ", "0.5 "), ("half ", "0.5 "), ("1/2 ", "0.5 "), ("½ ", "0.5 "),
      ("a ", "1 "), ("an ", "1 "), ("one ", "1 "), ("two ", "2 "), ("three ", "3 "), ("four ", "4 "),
    ]
    for (spoken, number) in words where text.hasPrefix(spoken) {
      return number + text.dropFirst(spoken.count)
    }
    return text
  }
}
