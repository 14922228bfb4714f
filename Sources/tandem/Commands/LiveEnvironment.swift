import Foundation
import TandemBase

/// The environment `tandem` runs in, built once from the process: `TANDEM_NOW` (ISO 8601 or a
/// time expression) fixes "now" for every command, sessions included; `TZ` names the patient's
/// time zone; `TANDEM_WORKERS` caps parallel work (1 turns it off).
enum LiveEnvironment {
  /// The environment, or why `TANDEM_NOW` cannot be read.
  static func current() throws -> Environment { try built.get() }

  private static let built: Result<Environment, CLIError> = make(ProcessInfo.processInfo.environment)

  /// The environment `variables` describe.
  static func make(_ variables: [String: String]) -> Result<Environment, CLIError> {
    let timeZone = PatientTimeZone.current
    var workers = ParallelWork.workerCount
    if let text = variables["TANDEM_WORKERS"], let value = Int(text), value >= 1 { workers = min(value, 64) }
    let makeID: @Sendable () -> String = { UUID().uuidString.lowercased() }
    guard let fixed = variables["TANDEM_NOW"], !fixed.isEmpty else {
      return .success(Environment(now: { Date() }, timeZone: timeZone, makeID: makeID, workers: workers))
    }
    do {
      let instant = try TimeExpression.parse(fixed, now: Date(), timeZone: timeZone)
      return .success(Environment(now: { instant }, timeZone: timeZone, makeID: makeID, workers: workers))
    } catch {
      return .failure(CLIError("TANDEM_NOW: \(error)"))
    }
  }
}
