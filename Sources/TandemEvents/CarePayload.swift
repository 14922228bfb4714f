import Foundation
import TandemBase

/// The care stream (`stream_type` `care`, stream `care`): what the patient's care team sends through
/// the clinic service. Today one kind, `module-assigned`: a therapist suggests a module, a version
/// of it they published (with its content hash), or a shipped one (no hash).
public struct ModuleAssignment: Hashable, Sendable, Codable {
  /// The payload's schema version.
  public var schema: Int
  /// The module's id.
  public var module: String
  /// A published version, or nil for the version the terminal ships with.
  public var version: Int?
  /// The published version's content hash; the terminal refuses module files that do not match.
  public var contentHash: String?
  /// The therapist's name, as the clinic knows them.
  public var assignedBy: String

  /// The only care kind.
  public static let kind = "module-assigned"
  /// The care stream's type and stream.
  public static let streamType = "care"

  public init(module: String, version: Int?, contentHash: String?, assignedBy: String) {
    schema = 1
    self.module = module
    self.version = version
    self.contentHash = contentHash
    self.assignedBy = assignedBy
  }

  enum CodingKeys: String, CodingKey {
    case schema, module, version
    case contentHash = "content_hash"
    case assignedBy = "assigned_by"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    schema = try c.decode(Int.self, forKey: .schema)
    guard schema == 1 else {
      throw EventPayloadError(kind: Self.kind, problem: "schema \(schema) is not one this Tandem reads")
    }
    module = try c.decode(String.self, forKey: .module)
    version = try c.decodeIfPresent(Int.self, forKey: .version)
    contentHash = try c.decodeIfPresent(String.self, forKey: .contentHash)
    assignedBy = try c.decode(String.self, forKey: .assignedBy)
    guard (1...100).contains(module.count), module.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
    else { throw EventPayloadError(kind: Self.kind, problem: "'module' is not a module id") }
    if let version, !(1...1_000_000).contains(version) {
      throw EventPayloadError(kind: Self.kind, problem: "'version' must be from 1 to 1000000")
    }
    if let contentHash, contentHash.count != 64 || !contentHash.allSatisfy(\.isHexDigit) {
      throw EventPayloadError(kind: Self.kind, problem: "'content_hash' is not a SHA-256 digest")
    }
    guard (1...200).contains(assignedBy.count) else {
      throw EventPayloadError(kind: Self.kind, problem: "'assigned_by' must be 1 to 200 characters")
    }
  }

  /// The payload as stored and exported.
  public func payload() throws -> String { try EventPayload.text(self) }
}

/// A care-team event of kind `program-assigned` (care stream): a therapist suggests a program; the
/// patient starts it with `tandem program start`.
public struct ProgramAssignment: Hashable, Sendable, Codable {
  public var schema: Int
  /// The program's id.
  public var program: String
  /// The therapist's name, as the clinic knows them.
  public var assignedBy: String

  public static let kind = "program-assigned"

  public init(program: String, assignedBy: String) {
    schema = 1
    self.program = program
    self.assignedBy = assignedBy
  }

  enum CodingKeys: String, CodingKey {
    case schema, program
    case assignedBy = "assigned_by"
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    schema = try c.decode(Int.self, forKey: .schema)
    guard schema == 1 else {
      throw EventPayloadError(kind: Self.kind, problem: "schema \(schema) is not one this Tandem reads")
    }
    program = try c.decode(String.self, forKey: .program)
    assignedBy = try c.decode(String.self, forKey: .assignedBy)
    guard Identifier.isValid(program) else {
      throw EventPayloadError(kind: Self.kind, problem: "'program' is not a program id")
    }
    guard (1...200).contains(assignedBy.count) else {
      throw EventPayloadError(kind: Self.kind, problem: "'assigned_by' must be 1 to 200 characters")
    }
  }

  /// The payload as stored and exported.
  public func payload() throws -> String { try EventPayload.text(self) }
}
