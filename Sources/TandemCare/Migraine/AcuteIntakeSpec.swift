import Foundation
import TandemBase

/// What a patient writes for acute medication taken with a headache: `MED[:AMOUNT][@TIME]`, such
/// as `sumatriptan`, `sumatriptan:100 mg`, `sumatriptan@14:30` or `ibuprofen:400 mg@yesterday 21:00`.
public struct AcuteIntakeSpec: Hashable, Sendable {
  /// Why a spec did not parse.
  public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A lowercase sentence that quotes the input.
    public var description: String
  }

  /// The medication as written (a catalogue name, brand or id).
  public var medication: String
  /// The amount, when given.
  public var amount: Quantity?
  /// The time as written, when given (read later, relative to the attack).
  public var time: String?

  /// Parses `MED[:AMOUNT][@TIME]`. The time follows the first `@`; the amount follows the first
  /// `:` before it, so times such as `14:30` never read as amounts.
  public init(parsing text: String) throws(Problem) {
    let shown = "'\(TerminalText.sanitized(text, keepNewlines: false))'"
    let usage = "write MED, MED:AMOUNT, MED@TIME or MED:AMOUNT@TIME, e.g. sumatriptan:50 mg@14:30"
    let (head, time): (Substring, Substring?) =
      if let at = text.firstIndex(of: "@") { (text[..<at], text[text.index(after: at)...]) } else { (text[...], nil) }
    let (name, amount): (Substring, Substring?) =
      if let colon = head.firstIndex(of: ":") { (head[..<colon], head[head.index(after: colon)...]) } else {
        (head, nil)
      }
    medication = name.trimmingCharacters(in: .whitespaces)
    guard !medication.isEmpty else { throw Problem(description: "--acute \(shown) names no medication; \(usage)") }
    if let amount {
      guard let quantity = try? Quantity.parse(amount.trimmingCharacters(in: .whitespaces)) else {
        throw Problem(description: "--acute \(shown) has no valid amount after ':'; \(usage)")
      }
      self.amount = quantity
    }
    if let time {
      let trimmed = time.trimmingCharacters(in: .whitespaces)
      guard !trimmed.isEmpty else { throw Problem(description: "--acute \(shown) has no time after '@'; \(usage)") }
      self.time = trimmed
    }
  }

  /// The instant of a time written with an attack: a bare wall-clock time (`14:30`, `2:30pm`) is on the
  /// attack's own day, or the day after when that puts it more than an hour before the attack
  /// began; anything else reads as `TimeExpression` reads it relative to `now`.
  public static func instant(
    _ text: String, attackStart: Date, now: Date, timeZone: TimeZone
  ) throws(TimeExpression.Problem) -> Date {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard let time = try TimeExpression.clockTime(trimmed) else {
      return try TimeExpression.parse(trimmed, now: now, timeZone: timeZone)
    }
    let day = LocalDate(attackStart, in: timeZone)
    let sameDay = day.instant(at: time, in: timeZone)
    if sameDay < attackStart - 3600 {
      let nextDay = day.adding(days: 1).instant(at: time, in: timeZone)
      if nextDay <= now { return nextDay }
    }
    return sameDay
  }
}
