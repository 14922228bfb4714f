/// The checked reading of plain numbers: whole numbers and decimals, each within a stated range.
/// Text that Swift's `Int(_:)` or `Double(_:)` would read as something absurd (`Int.min`, `1e300`,
/// `nan`, `inf`) is refused here with the bound in the message.
public enum CheckedNumber {
  /// A whole number in `range`; `what` names it in the message ("--aura-minutes").
  public static func integer(_ text: String, in range: ClosedRange<Int>, what: String) throws(InputProblem) -> Int {
    let trimmed = text.trimmingWhitespace()
    let digits = trimmed.hasPrefix("-") || trimmed.hasPrefix("+") ? trimmed.dropFirst() : Substring(trimmed)
    guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw .unreadable(text, as: "a whole number")
    }
    // Digits beyond 18 cannot fit any bound we use, and must not overflow `Int(_:)`.
    guard digits.drop(while: { $0 == "0" }).count <= 18, let value = Int(trimmed) else {
      throw .outOfRange(text, what: what, bound: bound(range))
    }
    return try check(value, in: range, what: what)
  }

  /// `value` when it lies in `range`, else a problem naming the range.
  @discardableResult
  public static func check(_ value: Int, in range: ClosedRange<Int>, what: String) throws(InputProblem) -> Int {
    guard range.contains(value) else { throw .outOfRange(String(value), what: what, bound: bound(range)) }
    return value
  }

  /// A finite decimal in `range` ("1.5", "2", ".5"; no exponents, no `nan` or `inf`).
  public static func decimal(_ text: String, in range: ClosedRange<Double>, what: String) throws(InputProblem) -> Double
  {
    let trimmed = text.trimmingWhitespace()
    guard let value = plainDecimal(trimmed) else { throw .unreadable(text, as: "a number") }
    return try check(value, in: range, what: what, text: trimmed)
  }

  /// `value` when it is finite and lies in `range`, else a problem naming the range.
  @discardableResult
  public static func check(_ value: Double, in range: ClosedRange<Double>, what: String, text: String? = nil)
    throws(InputProblem) -> Double
  {
    guard value.isFinite, range.contains(value) else {
      throw .outOfRange(
        text ?? "\(value)", what: what, bound: "use \(format(range.lowerBound))–\(format(range.upperBound))")
    }
    return value
  }

  /// Digits with at most one point and an optional leading minus, as a `Double`; nil otherwise.
  static func plainDecimal(_ text: some StringProtocol) -> Double? {
    let text = Substring(text)
    let body = text.hasPrefix("-") ? text.dropFirst() : text
    var points = 0, digits = 0
    for c in body {
      if c == "." { points += 1 } else if c.isASCII && c.isNumber { digits += 1 } else { return nil }
    }
    guard digits > 0, points <= 1, digits <= 30, let value = Double(String(text)), value.isFinite else { return nil }
    return value
  }

  static func bound(_ range: ClosedRange<Int>) -> String { "use \(range.lowerBound)–\(range.upperBound)" }

  static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
  }
}
