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

  /// Parses "60 mg", "60mg", "0.5 ml", "1 tablet" (plural forms accepted) within the unit's
  /// plausible range (see `parse(_:)`). `nil` when it does not parse.
  public init?(text: String) {
    guard let parsed = try? Quantity.parse(text) else { return nil }
    self = parsed
  }

  /// "60 mg", "1 tablet".
  public var description: String {
    // Any stored value prints, even one an older version let in (1e23, inf).
    "\(value.plainText) \(unit.rawValue)"
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
