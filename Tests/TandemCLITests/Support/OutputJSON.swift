import Foundation

/// One row of `tandem session list --format json`.
struct SessionListingJSON: Decodable {
  let id: String
  let moduleID: String
  let moduleVersion: Int
  let status: String
  let step: String?
  let startedAt: String
  let lastActivity: String
}

/// `tandem session show --format json`.
struct SessionDetailJSON: Decodable {
  struct Event: Decodable {
    let at: String
    let kind: String
    let step: String?
    let answer: String?
  }

  let id: String
  let moduleID: String
  let moduleVersion: Int
  let status: String
  let events: [Event]

  /// The answered events as (step, answer as shown), in order.
  var answers: [Pair] { events.filter { $0.kind == "answered" }.map { Pair($0.step ?? "?", $0.answer ?? "?") } }
  /// The kinds of every event, in order.
  var kinds: [String] { events.map(\.kind) }
}

/// A step id and an answer; `Equatable` so expectations print both sides.
struct Pair: Equatable, CustomStringConvertible {
  let step: String
  let answer: String
  init(_ step: String, _ answer: String) {
    self.step = step
    self.answer = answer
  }
  var description: String { "\(step)=\(answer)" }
}

/// `tandem progress --format json`.
struct ProgressJSON: Decodable {
  struct RatingChange: Decodable, Equatable {
    let rating: String
    let moduleID: String
    let before: Int
    let after: Int
  }

  let sessionsCompleted: Int
  let sessionsOpen: Int
  let safetyStops: Int
  let modulesCompleted: [String]
  let ratingChanges: [RatingChange]
}

/// Parses the ISO 8601 times the JSON output uses.
func isoDate(_ text: String) -> Date? {
  ISO8601DateFormatter().date(from: text)
}
