import Foundation
import TandemBase

/// The consent stream (`stream_type` `consent`, stream `consent`): the patient's consent to a
/// research study, given or withdrawn. A research export includes a patient only while their
/// latest consent event for that study is `consent-given`.
public struct ConsentEvent: Hashable, Sendable {
  /// Given or withdrawn.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    case given = "consent-given"
    case withdrawn = "consent-withdrawn"
  }
  public var kind: Kind
  /// The study's id, as the research team names it.
  public var study: String

  public init(kind: Kind, study: String) {
    self.kind = kind
    self.study = study
  }

  /// The stream type and stream.
  public static let streamType = "consent"

  struct Body: Codable {
    var schema: Int
    var study: String
  }

  /// Whether `id` is a study id: 1 to 64 of lowercase letters, digits, '-' and '_'.
  public static func isStudyID(_ id: String) -> Bool { Identifier.isValid(id) }

  /// The payload, as JSON text with sorted keys.
  public func payload() throws -> String { try EventPayload.text(Body(schema: 1, study: study)) }

  /// The consent event of kind `kind` in `payload`; anything else throws.
  public static func decode(kind: String, payload: String) throws -> ConsentEvent {
    let body: Body
    do {
      body = try JSONDecoder().decode(Body.self, from: Data(payload.utf8))
    } catch {
      throw EventPayloadError(kind: kind, problem: "the payload does not match the documented fields")
    }
    return try event(kind: kind, body: body)
  }

  static func event(kind: String, body: Body) throws -> ConsentEvent {
    guard let parsed = Kind(rawValue: kind) else {
      throw EventPayloadError(kind: kind, problem: "not a consent event kind")
    }
    guard body.schema == 1 else {
      throw EventPayloadError(kind: kind, problem: "schema \(body.schema) is not one this Tandem reads")
    }
    guard isStudyID(body.study) else { throw EventPayloadError(kind: kind, problem: "'study' is not a study id") }
    return ConsentEvent(kind: parsed, study: body.study)
  }

  /// The studies whose consent is in force after `events`, in order.
  public static func inForce(_ events: [ConsentEvent]) -> Set<String> {
    var studies = Set<String>()
    for event in events {
      switch event.kind {
      case .given: studies.insert(event.study)
      case .withdrawn: studies.remove(event.study)
      }
    }
    return studies
  }
}
