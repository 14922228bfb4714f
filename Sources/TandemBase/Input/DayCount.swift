/// A length of time in whole days, as typed: `90d`, `12w`, `6m` (30 days each), `2y` (365 days
/// each), or a plain number of days. Never more than `InputBounds.maximumDays` (100 years).
public enum DayCount {
  /// The number of days `text` names, from 1 to `maximum` (at most 100 years).
  public static func parse(_ text: String, what: String, maximum: Int = InputBounds.maximumDays) throws(InputProblem)
    -> Int
  {
    let trimmed = text.trimmingWhitespace().lowercased()
    let units: [(suffix: String, days: Int)] = [("mo", 30), ("d", 1), ("w", 7), ("m", 30), ("y", 365)]
    var number = Substring(trimmed)
    var size = 1
    if let unit = units.first(where: { trimmed.hasSuffix($0.suffix) }) {
      number = trimmed.dropLast(unit.suffix.count)
      size = unit.days
    }
    let limit = min(maximum, InputBounds.maximumDays)
    let bound = "use 1 to \(limit) days (e.g. 90d, 12w, 6m)"
    guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
      throw InputProblem(description: "\(what) \(InputProblem.quoted(text)) is not a length such as 90d, 12w or 6m")
    }
    // Compare before multiplying: `9223372036854775807w` must not overflow.
    guard number.drop(while: { $0 == "0" }).count <= 9, let count = Int(number), count >= 1, count <= limit / size
    else {
      throw .outOfRange(text, what: what, bound: bound)
    }
    return count * size
  }

  /// `value` days when it lies in `range` (itself within 100 years), else a problem naming the range.
  @discardableResult
  public static func check(_ value: Int, in range: ClosedRange<Int>, what: String) throws(InputProblem) -> Int {
    let capped = range.clamped(to: -InputBounds.maximumDays...InputBounds.maximumDays)
    guard capped.contains(value) else {
      throw .outOfRange(String(value), what: what, bound: "use \(capped.lowerBound) to \(capped.upperBound) days")
    }
    return value
  }
}
