/// An amount of medication with its unit, such as 60 mg.
public struct Quantity: Hashable, Sendable, Codable, CustomStringConvertible {
  /// Units Tandem accepts.
  public enum Unit: String, Hashable, Sendable, Codable, CaseIterable {
    case mg, mcg, g, ml
    case tablet, capsule, injection, puff, drop, spray, patch
  }

  /// The amount.
  public var value: Double
  /// The unit.
  public var unit: Unit

  /// Creates a quantity.
  public init(value: Double, unit: Unit) {
    self.value = value
    self.unit = unit
  }

  /// Parses "60 mg", "60mg", "0.5 ml", "1 tablet" (plural forms accepted). `nil` when it does not parse.
  public init?(text: String) {
    let trimmed = text.trimmingWhitespace().lowercased()
    var number = ""
    var rest = Substring(trimmed)
    while let c = rest.first, c.isNumber || c == "." {
      number.append(c)
      rest.removeFirst()
    }
    var unitText = String(rest).trimmingWhitespace()
    if unitText.hasSuffix("s"), Unit(rawValue: String(unitText.dropLast())) != nil { unitText.removeLast() }
    guard let value = Double(number), value > 0, value.isFinite, let unit = Unit(rawValue: unitText) else { return nil }
    self.init(value: value, unit: unit)
  }

  /// "60 mg", "1 tablet".
  public var description: String {
    let amount = value == value.rounded() ? String(Int(value)) : String(value)
    return "\(amount) \(unit.rawValue)"
  }

  /// The value in milligrams when the unit is a mass.
  public var milligrams: Double? {
    switch unit {
    case .mg: value
    case .mcg: value / 1000
    case .g: value * 1000
    default: nil
    }
  }

  /// Whether two quantities can be added (both masses, or the same unit).
  public func isCommensurable(with other: Quantity) -> Bool {
    (milligrams != nil && other.milligrams != nil) || unit == other.unit
  }
}
