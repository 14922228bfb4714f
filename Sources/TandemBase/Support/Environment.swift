import Foundation

/// What Tandem's decisions take from the world outside: the moment, the patient's time zone, new
/// ids and how many threads may work at once.
///
/// The core never reads the clock, the process or a random source itself; it is handed one of
/// these. The `tandem` executable builds the live one once from the process (`TANDEM_NOW`, `TZ`,
/// `TANDEM_WORKERS`), so a fixed `TANDEM_NOW` is "now" for diary commands and sessions alike;
/// tests build a fixed one.
public struct Environment: Sendable {
  /// The current moment.
  public var now: @Sendable () -> Date
  /// The patient's time zone.
  public var timeZone: TimeZone
  /// A new, unique, lowercase id for a session, an attack or a regimen.
  public var makeID: @Sendable () -> String
  /// How many threads parallel work may use (1 turns it off).
  public var workers: Int

  /// Creates an environment.
  public init(
    now: @escaping @Sendable () -> Date, timeZone: TimeZone, makeID: @escaping @Sendable () -> String, workers: Int
  ) {
    self.now = now
    self.timeZone = timeZone
    self.makeID = makeID
    self.workers = Swift.max(1, workers)
  }

  /// An environment where it is always `instant`, in `timeZone` (UTC by default), ids count up
  /// (`id-1`, `id-2`, …) and work runs on one thread: for tests and rehearsals.
  public static func fixed(_ instant: Date, timeZone: TimeZone? = nil) -> Environment {
    let counter = IDCounter()
    return Environment(
      now: { instant }, timeZone: timeZone ?? TimeZone(secondsFromGMT: 0) ?? .current,
      makeID: { counter.next() }, workers: 1)
  }

  /// Hands out `id-1`, `id-2`, … under a lock.
  private final class IDCounter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    func next() -> String {
      lock.lock()
      defer { lock.unlock() }
      count += 1
      return "id-\(count)"
    }
  }
}
