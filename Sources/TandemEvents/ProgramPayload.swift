import Foundation
import TandemBase
import TandemTherapy

/// The program stream (`stream_type` `program`, stream `program`): starting, pausing, resuming
/// and leaving a care program. `docs/events.md` documents the payloads.
public enum ProgramPayload {
  /// The stream type and stream of program events.
  public static let streamType = "program"
  /// The kinds, each at schema 1.
  public static let kinds = ["program-started", "program-paused", "program-resumed", "program-left"]

  struct Body: Codable {
    var schema: Int
    var program: String
    var version: Int?
    var contentHash: String?
    var startDate: LocalDate?

    enum CodingKeys: String, CodingKey {
      case schema, program, version
      case contentHash = "content_hash"
      case startDate = "start_date"
    }
  }

  /// The payload of `event`, as JSON text with sorted keys.
  public static func encode(_ event: ProgramEvent) throws -> String {
    var body = Body(schema: 1, program: event.program)
    if case .started(_, let version, let hash, let start) = event {
      body.version = version
      body.contentHash = hash
      body.startDate = start
    }
    return try EventPayload.text(body)
  }

  /// The program event of kind `kind` that `payload` holds; anything else throws.
  public static func decode(kind: String, payload: String) throws -> ProgramEvent {
    let body: Body
    do {
      body = try JSONDecoder().decode(Body.self, from: Data(payload.utf8))
    } catch {
      throw EventPayloadError(kind: kind, problem: "the payload does not match the documented fields")
    }
    return try event(kind: kind, body: body)
  }

  /// The program event a decoded payload holds, checked.
  static func event(kind: String, body: Body) throws -> ProgramEvent {
    guard kinds.contains(kind) else { throw EventPayloadError(kind: kind, problem: "not a program event kind") }
    guard body.schema == 1 else {
      throw EventPayloadError(kind: kind, problem: "schema \(body.schema) is not one this Tandem reads")
    }
    let id = body.program
    guard Identifier.isValid(id) else { throw EventPayloadError(kind: kind, problem: "'program' is not a program id") }
    switch kind {
    case "program-started":
      guard let version = body.version, (1...1_000_000).contains(version), let hash = body.contentHash,
        hash.utf8.count == 64, hash.allSatisfy(\.isHexDigit), let start = body.startDate,
        InputBounds.years.contains(start.year)
      else {
        throw EventPayloadError(kind: kind, problem: "needs 'version', a SHA-256 'content_hash' and a 'start_date'")
      }
      return .started(program: id, version: version, contentHash: hash, startDate: start)
    case "program-paused": return .paused(program: id)
    case "program-resumed": return .resumed(program: id)
    default: return .left(program: id)
    }
  }
}
