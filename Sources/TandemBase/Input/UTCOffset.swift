/// An offset from UTC as written at the end of an ISO 8601 time: `Z`, `+05:30`, `-0800`, `+01`.
public struct UTCOffset: Hashable, Sendable {
  /// Seconds east of UTC, within `InputBounds.utcOffsetSeconds`.
  public var seconds: Int

  /// Reads an offset; hours up to 18, minutes below 60, and the total at most ±18:00.
  public init(parsing text: some StringProtocol) throws(InputProblem) {
    if text == "z" || text == "Z" {
      seconds = 0
      return
    }
    guard let sign = text.first, sign == "+" || sign == "-" else {
      throw .unreadable(text, as: "a UTC offset such as +01:00 or Z")
    }
    let body = Array(text.dropFirst())
    let digits: [Character]
    switch body.count {
    case 2, 4: digits = body
    case 5 where body[2] == ":": digits = Array(body[0..<2] + body[3..<5])
    default: throw .unreadable(text, as: "a UTC offset such as +01:00 or Z")
    }
    guard digits.allSatisfy({ $0.isASCII && $0.isNumber }), let hours = Int(String(digits.prefix(2))) else {
      throw .unreadable(text, as: "a UTC offset such as +01:00 or Z")
    }
    let minutes = digits.count == 4 ? Int(String(digits.suffix(2))) ?? 0 : 0
    let total = hours * 3600 + minutes * 60
    guard minutes < 60, InputBounds.utcOffsetSeconds.contains(total) else {
      throw .outOfRange(text, what: "UTC offset", bound: "use −18:00 to +18:00 with minutes below 60")
    }
    seconds = sign == "-" ? -total : total
  }
}
