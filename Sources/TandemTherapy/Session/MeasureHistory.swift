import Foundation

/// Every questionnaire score in a patient's sessions, oldest first, with the change from the
/// previous total of the same measure: what progress and the report show over time.
public struct MeasureResult: Hashable, Sendable {
  /// When the questionnaire was scored.
  public var recordedAt: Date
  /// The session and the module it ran on.
  public var sessionID: String
  public var moduleID: String
  /// The questionnaire step.
  public var step: String
  /// The measure's short name (`PHQ-9`).
  public var title: String
  /// The highest possible total, to show a total against.
  public var maximum: Int?
  /// Subscale names by id.
  public var subscaleTitles: [String: String]
  /// The score as recorded.
  public var score: MeasureScore
  /// The total minus the previous total of the same measure (`nil` for the first, or when
  /// either has no total).
  public var change: Int?
}

public enum MeasureHistory {
  /// The latest score of each questionnaire in each session (answering again after going back
  /// scores again; the latest counts), oldest first.
  public static func results(_ sessions: [StoredSession]) -> [MeasureResult] {
    var results: [MeasureResult] = []
    for session in sessions {
      var latest: [String: MeasureResult] = [:]
      var order: [String] = []
      // A crisis item answered above its threshold stays on record for the session even when the
      // answer was changed after going back: the clinician sees it was endorsed.
      var fired = Set<String>()
      for entry in session.entries {
        guard case .scored(let step, var score) = entry.event else { continue }
        if score.crisis { fired.insert(step) }
        score.crisis = fired.contains(step)
        let measure = session.currentModule.measures?[step] ?? session.module.measures?[step]
        if latest[step] == nil { order.append(step) }
        latest[step] = MeasureResult(
          recordedAt: entry.recordedAt, sessionID: session.id, moduleID: session.module.id, step: step,
          title: measure?.title ?? score.measure, maximum: measure?.totalRange.upperBound,
          subscaleTitles: Dictionary(
            (measure?.subscales ?? []).map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first }),
          score: score, change: nil)
      }
      results += order.compactMap { latest[$0] }
    }
    results.sort { ($0.recordedAt, $0.sessionID) < ($1.recordedAt, $1.sessionID) }
    var previous: [String: Int] = [:]
    for index in results.indices {
      let measure = results[index].score.measure
      if let total = results[index].score.total {
        results[index].change = previous[measure].map { total - $0 }
        previous[measure] = total
      }
    }
    return results
  }
}
