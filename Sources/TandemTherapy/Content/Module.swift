import TandemBase

/// A therapy module as a therapist wrote it: metadata and the steps a patient goes through.
public struct Module: Hashable, Sendable, Codable {
  /// Stable identifier, unique across all loaded modules (for example `paced-breathing`).
  public var id: String
  /// The author's version number; raised when the content changes.
  public var version: Int
  /// Title shown to patients.
  public var title: String
  /// The therapeutic approach.
  public var approach: Approach
  /// The ACT process the module works on, if any.
  public var process: ACTProcess?
  /// Who the module is written for.
  public var audience: [Audience]
  /// Estimated minutes to complete.
  public var minutes: Int
  /// One paragraph for the module list.
  public var summary: String
  /// The steps in file order.
  public var steps: [Step]
  /// How sessions on an older version move to this one: old step id → new step id. `nil` when the
  /// author gave no `migrations:` (older sessions then finish on their pinned copy); ids not
  /// listed keep their name.
  public var migrations: [String: String]?
  /// Where each migration target is written, for diagnostics.
  public var migrationMarks: [String: SourceLocation]?
  /// The measures the module's `questionnaire` steps ask, by questionnaire step id (`nil` when
  /// it asks none); pinned with the module so a session scores on the definition it started with.
  public var measures: [String: Measure]?
  /// The language of a translated copy (`nil` for the module as written).
  public var language: String?
  /// Where the module was loaded from; not part of its identity.
  public var source: SourceLocation?
  /// Where `minutes:` is written, for diagnostics.
  public var minutesMark: SourceLocation?

  /// Creates a module.
  public init(
    id: String, version: Int, title: String, approach: Approach, process: ACTProcess? = nil,
    audience: [Audience] = [.adult], minutes: Int, summary: String, steps: [Step], source: SourceLocation? = nil
  ) {
    self.id = id
    self.version = version
    self.title = title
    self.approach = approach
    self.process = process
    self.audience = audience
    self.minutes = minutes
    self.summary = summary
    self.steps = steps
    self.source = source
  }

  /// The step with this id.
  public func step(_ id: String) -> Step? { steps.first { $0.id == id } }

  /// The position of a step in file order.
  public func index(of id: String) -> Int? { steps.firstIndex { $0.id == id } }
}

/// The therapeutic approach of a module.
public enum Approach: String, Hashable, Sendable, Codable, CaseIterable {
  case act, cbt, education, relaxation, mindfulness
  case checkIn = "check-in"
}

/// The six ACT processes.
public enum ACTProcess: String, Hashable, Sendable, Codable, CaseIterable {
  case acceptance, defusion, values
  case committedAction = "committed-action"
  case presentMoment = "present-moment"
  case selfAsContext = "self-as-context"
}

/// The age group a module is written for.
public enum Audience: String, Hashable, Sendable, Codable, CaseIterable {
  case adult, teen
}
