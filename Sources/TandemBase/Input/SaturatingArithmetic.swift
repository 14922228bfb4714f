import Foundation

extension Int {
  /// `value` rounded toward zero, or `Int.min`/`Int.max` when it does not fit, or 0 for NaN: for
  /// stored values (from any version) that feed display or date maths and must never trap.
  public init(saturating value: Double) {
    if value.isNaN {
      self = 0
    } else if value >= 9.223_372_036_854_775e18 {
      self = .max
    } else if value <= -9.223_372_036_854_775e18 {
      self = .min
    } else {
      self = Int(value)
    }
  }

  /// `self + other`, held at `Int.min`/`Int.max` instead of overflowing.
  public func saturatingAdding(_ other: Int) -> Int {
    let (sum, overflow) = addingReportingOverflow(other)
    return overflow ? (other > 0 ? .max : .min) : sum
  }

  /// `self * other`, held at `Int.min`/`Int.max` instead of overflowing.
  public func saturatingMultiplied(by other: Int) -> Int {
    let (product, overflow) = multipliedReportingOverflow(by: other)
    return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
  }
}

extension Double {
  /// The number as people read it: `60`, `0.5`, `1e+23`; never traps, whatever the value.
  public var plainText: String {
    guard isFinite else { return isNaN ? "nan" : (self < 0 ? "-inf" : "inf") }
    return self == rounded() && Swift.abs(self) < 1e15 ? String(Int(self)) : String(self)
  }
}
