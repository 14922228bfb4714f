import Foundation
import TandemBase
import TandemCare
import TandemTherapy

/// The lines of a journal export (`tandem export`, `docs/events.md`): JSON Lines, one object a
/// line, each with a `type`. The first line is the header; each session's line comes before its
/// first event; events follow in the order they were committed.
public enum JournalExport {
  /// The `format` a header names.
  public static let format = "tandem-journal"
  /// The envelope's version; raised when a line's fields change meaning or are removed.
  public static let version = 1

  /// The header line.
  public static func header(deviceID: String, exportedAt: Date) throws -> String {
    try EventPayload.text(
      Header(
        type: "header", format: format, version: version, deviceID: deviceID,
        exportedAt: try EventPayload.instant(exportedAt, "header")))
  }

  /// A session's line: its pinned module and when it started.
  public static func session(_ session: ExportedSession) throws -> String {
    try EventPayload.text(SessionLine(session))
  }

  /// An event's line, with the stored payload text (already in the documented format) as its
  /// `payload`.
  public static func event(_ event: ExportedEvent, payload: String) throws -> String {
    var text = try EventPayload.text(event)
    text.removeLast()  // the closing brace
    return text + ",\"payload\":" + payload + "}"
  }

  /// Reads one line; `number` is its line number (from 1) for the error.
  public static func read(_ line: String, number: Int) throws -> ImportedLine {
    // A `dose-taken` line exactly as Tandem writes it (most of a diary, and of what devices push)
    // is read without JSONDecoder; anything else, and any line it finds a problem with, is read by
    // the decoder, so answers and refusals are the decoder's (a test compares the two).
    if let (envelope, payload) = CanonicalLine.doseTaken(line),
      let read = try? ImportedLine.diary(envelope, payload: payload)
    {
      return read
    }
    do {
      return try EventPayload.decode(ImportedLine.self, kind: "line", from: line)
    } catch let error as EventPayloadError {
      throw ImportError(line: number, problem: error.problem)
    } catch let error as LineProblem {
      throw ImportError(line: number, problem: error.problem)
    }
  }
}

/// What is wrong with a line beyond its JSON shape, in words that quote none of its values.
struct LineProblem: Error {
  var problem: String
}

/// A line of an export file that cannot be imported, by line number; nothing is imported.
public struct ImportError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The line (from 1).
  public var line: Int
  /// What is wrong with it, by field name only.
  public var problem: String

  /// Creates an error.
  public init(line: Int, problem: String) {
    self.line = line
    self.problem = problem
  }

  public var description: String { "line \(line): \(problem)" }
}

/// A session as exported: the `session` table's row.
public struct ExportedSession: Hashable, Sendable {
  public var id: String
  public var moduleID: String
  public var moduleVersion: Int
  public var contentHash: String
  public var startedAt: Date
  public var module: Module

  /// Creates a session line's content.
  public init(id: String, moduleID: String, moduleVersion: Int, contentHash: String, startedAt: Date, module: Module) {
    self.id = id
    self.moduleID = moduleID
    self.moduleVersion = moduleVersion
    self.contentHash = contentHash
    self.startedAt = startedAt
    self.module = module
  }
}

/// An event's envelope: everything but its payload.
public struct ExportedEvent: Hashable, Sendable, Codable {
  public var type = "event"
  public var eventID: String
  public var deviceID: String
  public var streamType: String
  public var stream: String
  public var kind: String
  public var recordedAt: String

  /// Creates an envelope.
  public init(eventID: String, deviceID: String, streamType: String, stream: String, kind: String, recordedAt: String) {
    self.eventID = eventID
    self.deviceID = deviceID
    self.streamType = streamType
    self.stream = stream
    self.kind = kind
    self.recordedAt = recordedAt
  }

  enum CodingKeys: String, CodingKey {
    case type, stream, kind
    case eventID = "event_id"
    case deviceID = "device_id"
    case streamType = "stream_type"
    case recordedAt = "recorded_at"
  }
}

/// One line read from an export.
public enum ImportedLine: Decodable {
  /// The header: which device wrote the export, and when.
  case header(deviceID: String)
  /// A session and its pinned module.
  case session(ExportedSession)
  /// A session event.
  case sessionEvent(ExportedEvent, SessionEvent)
  /// A diary event; a correction's target is resolved by event id when it is imported.
  case diaryEvent(ExportedEvent, PendingDiaryEvent)
  /// A care-team event (`module-assigned`), sent through the clinic service.
  case careEvent(ExportedEvent, ModuleAssignment)
  /// A program event: started, paused, resumed, left.
  case programEvent(ExportedEvent, ProgramEvent)
  /// A research consent, given or withdrawn.
  case consentEvent(ExportedEvent, ConsentEvent)
  /// A care-team event (`program-assigned`): a therapist suggests a program.
  case programAssignment(ExportedEvent, ProgramAssignment)

  enum CodingKeys: String, CodingKey {
    case type, payload, stream, kind
    case eventID = "event_id"
    case deviceID = "device_id"
    case streamType = "stream_type"
    case recordedAt = "recorded_at"
  }

  /// A pinned module from a file or another device is run as it is: it must be one the loader
  /// would have let a patient start (a scale whose range is empty, a `next:` to nowhere, no
  /// steps at all would stop a session, or worse).
  static func check(_ module: Module) throws {
    guard !module.steps.isEmpty else { throw LineProblem(problem: "the pinned module has no steps") }
    if let error = ModuleValidator.validate(module).first(where: { $0.severity == .error }) {
      // Named by the check it fails, not by its text: the words would quote the module.
      throw LineProblem(problem: "the pinned module is not valid (\(error.category))")
    }
  }

  /// A diary event's line, checked for everything but a correction's target, so a bad line fails
  /// before any import. A file may come from anywhere: a regimen must be one `tandem meds add`
  /// would accept, and dates are bounded as every command bounds them (docs/input-bounds.md).
  static func diary(_ envelope: ExportedEvent, payload: DiaryPayload) throws -> ImportedLine {
    let event = try EventPayload.diaryEvent(kind: envelope.kind, payload: payload) { _ in 0 }
    for regimen in event.regimens {
      if let problem = regimen.problems.first {
        throw LineProblem(problem: "the regimen is not valid: \(problem)")
      }
    }
    if let problem = event.valueProblems.first { throw LineProblem(problem: problem) }
    guard let recorded = RFC3339.date(from: envelope.recordedAt) else {
      throw LineProblem(problem: "'recorded_at' is not an RFC 3339 date-time")
    }
    guard (event.instants + [recorded]).allSatisfy(ImportedLine.isPlausible) else {
      throw LineProblem(
        problem: "a date outside the years \(InputBounds.years.lowerBound)–\(InputBounds.years.upperBound)")
    }
    return .diaryEvent(envelope, PendingDiaryEvent(kind: envelope.kind, payload: payload))
  }

  public init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    switch try c.decode(String.self, forKey: .type) {
    case "header":
      let header = try Header(from: decoder)
      guard header.format == JournalExport.format else {
        throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "not a Tandem journal")
      }
      guard header.version == JournalExport.version else {
        throw LineProblem(
          problem: "export version \(header.version) is not one this Tandem reads (it reads version "
            + "\(JournalExport.version)); import it with the Tandem that wrote it, or a newer one")
      }
      self = .header(deviceID: header.deviceID)
    case "session":
      let line = try SessionLine(from: decoder)
      guard let started = RFC3339.date(from: line.startedAt), ImportedLine.isPlausible(started) else {
        throw DecodingError.dataCorrupted(
          .init(codingPath: [SessionLine.CodingKeys.startedAt], debugDescription: "not RFC 3339"))
      }
      try Self.check(line.pinnedModule.module)
      self = .session(
        ExportedSession(
          id: line.id, moduleID: line.moduleID, moduleVersion: line.moduleVersion, contentHash: line.contentHash,
          startedAt: started, module: line.pinnedModule.module))
    case "event":
      // The envelope from the same container: a second one would read the line's keys again.
      let envelope = ExportedEvent(
        eventID: try c.decode(String.self, forKey: .eventID), deviceID: try c.decode(String.self, forKey: .deviceID),
        streamType: try c.decode(String.self, forKey: .streamType), stream: try c.decode(String.self, forKey: .stream),
        kind: try c.decode(String.self, forKey: .kind), recordedAt: try c.decode(String.self, forKey: .recordedAt))
      switch envelope.streamType {
      case "session":
        let payload = try c.decode(SessionPayload.self, forKey: .payload)
        let event = try EventPayload.sessionEvent(kind: envelope.kind, payload: payload)
        if case .migrated(let module, _, _) = event { try Self.check(module) }
        if let seconds = event.timedSeconds, !(0...Self.longestTimedSeconds).contains(seconds) {
          throw LineProblem(
            problem: "the time practised is out of range; use 0–\(Self.longestTimedSeconds) seconds (a day)")
        }
        self = .sessionEvent(envelope, event)
      case "diary":
        self = try Self.diary(envelope, payload: try c.decode(DiaryPayload.self, forKey: .payload))
      case ModuleAssignment.streamType:
        guard [ModuleAssignment.kind, ProgramAssignment.kind].contains(envelope.kind),
          envelope.stream == ModuleAssignment.streamType
        else {
          throw LineProblem(problem: "not a care event kind")
        }
        guard let recorded = RFC3339.date(from: envelope.recordedAt), ImportedLine.isPlausible(recorded) else {
          throw LineProblem(
            problem: "a date outside the years \(InputBounds.years.lowerBound)–\(InputBounds.years.upperBound)")
        }
        if envelope.kind == ProgramAssignment.kind {
          self = .programAssignment(envelope, try c.decode(ProgramAssignment.self, forKey: .payload))
        } else {
          self = .careEvent(envelope, try c.decode(ModuleAssignment.self, forKey: .payload))
        }
      case ConsentEvent.streamType:
        guard envelope.stream == ConsentEvent.streamType else { throw LineProblem(problem: "not the consent stream") }
        guard let recorded = RFC3339.date(from: envelope.recordedAt), ImportedLine.isPlausible(recorded) else {
          throw LineProblem(
            problem: "a date outside the years \(InputBounds.years.lowerBound)–\(InputBounds.years.upperBound)")
        }
        let body = try c.decode(ConsentEvent.Body.self, forKey: .payload)
        self = .consentEvent(envelope, try ConsentEvent.event(kind: envelope.kind, body: body))
      case ProgramPayload.streamType:
        guard envelope.stream == ProgramPayload.streamType else { throw LineProblem(problem: "not the program stream") }
        guard let recorded = RFC3339.date(from: envelope.recordedAt), ImportedLine.isPlausible(recorded) else {
          throw LineProblem(
            problem: "a date outside the years \(InputBounds.years.lowerBound)–\(InputBounds.years.upperBound)")
        }
        let body = try c.decode(ProgramPayload.Body.self, forKey: .payload)
        self = .programEvent(envelope, try ProgramPayload.event(kind: envelope.kind, body: body))
      default:
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: [ExportedEvent.CodingKeys.streamType],
            debugDescription: "unknown stream type"))
      }
    default:
      throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown line type")
    }
  }
}

extension ImportedLine {
  /// Whether `date` falls in the years every command accepts.
  static func isPlausible(_ date: Date) -> Bool { plausible.contains(date) }

  /// The most a session event may say was practised at one step: a timer runs at most an hour, so
  /// a day is never a real figure (and would swamp every total of practice).
  static let longestTimedSeconds = 86_400

  /// The first and last instants of the years every command accepts, worked out once.
  private static let plausible: ClosedRange<Date> = {
    let first = RFC3339.date(from: "\(InputBounds.years.lowerBound)-01-01T00:00:00Z") ?? .distantPast
    let last = RFC3339.date(from: "\(InputBounds.years.upperBound)-12-31T23:59:59.999Z") ?? .distantFuture
    return first...last
  }()
}

/// A diary event read from an export, waiting for its correction target's sequence.
public struct PendingDiaryEvent {
  let kind: String
  let payload: DiaryPayload

  /// The event, with a correction's target event id turned into a journal sequence by `sequence`.
  public func event(sequence: (String) throws -> Int64?) throws -> DiaryEvent {
    try EventPayload.diaryEvent(kind: kind, payload: payload, sequence: sequence)
  }
}

struct Header: Codable {
  var type: String
  var format: String
  var version: Int
  var deviceID: String
  var exportedAt: String

  enum CodingKeys: String, CodingKey {
    case type, format, version
    case deviceID = "device_id"
    case exportedAt = "exported_at"
  }
}

struct SessionLine: Codable {
  var type = "session"
  var id: String
  var moduleID: String
  var moduleVersion: Int
  var contentHash: String
  var startedAt: String
  var pinnedModule: PinnedModule

  init(_ session: ExportedSession) throws {
    id = session.id
    moduleID = session.moduleID
    moduleVersion = session.moduleVersion
    contentHash = session.contentHash
    startedAt = try EventPayload.instant(session.startedAt, "session")
    pinnedModule = PinnedModule(session.module)
  }

  enum CodingKeys: String, CodingKey {
    case type, id
    case moduleID = "module_id"
    case moduleVersion = "module_version"
    case contentHash = "content_hash"
    case startedAt = "started_at"
    case pinnedModule = "pinned_module"
  }
}

extension SessionEvent {
  /// The seconds a timer or a step's run says were practised, when the event says.
  var timedSeconds: Int? {
    switch self {
    case .timerFinished(_, let seconds): seconds
    case .continued(_, let ranSeconds): ranSeconds
    default: nil
    }
  }
}

extension DiaryEvent {
  /// Every instant the event records (a correction's replacement's included).
  public var instants: [Date] {
    switch self {
    case .doseTaken(let dose): [dose.instant]
    case .doseSkipped(let skip): [skip.instant]
    case .attackLogged(let attack): [attack.start] + (attack.end.map { [$0] } ?? []) + attack.acute.map(\.at)
    case .regimenPrescribed(let regimen):
      [regimen.start, regimen.end].compactMap { $0 }.map { $0.instant(at: .midnight, in: TimeZone(secondsFromGMT: 0)!) }
    case .regimenEnded(_, let lastDay, _): [lastDay.instant(at: .midnight, in: TimeZone(secondsFromGMT: 0)!)]
    case .corrected(_, let replacement?, _): replacement.instants
    case .corrected, .medicationAdded: []
    }
  }

  /// What a command would have refused in the values the event holds, in words that quote none
  /// of them: an amount outside docs/input-bounds.md, an attack that `tandem attack log` would
  /// not store (its end before its start, longer than the plausible, severity, disability or aura
  /// out of range, an intake outside it). Checks that need the clock or the rest of the diary (the
  /// future, overlaps) are left to the commands.
  public var valueProblems: [String] {
    func amount(_ quantity: Quantity?, _ what: String) -> [String] {
      guard let quantity, !quantity.isWithinBounds else { return [] }
      return ["the \(what) is out of range; \(Quantity.bound(for: quantity.unit))"]
    }
    switch self {
    case .doseTaken(let dose):
      return amount(dose.amount, "amount")
    case .attackLogged(let attack):
      let ignored: Set<AttackValidationError.Kind> = [.startInFuture, .endInFuture, .intakeInFuture, .overlap]
      let found = AttackValidation.validate(attack, now: .distantFuture, existing: []).filter {
        !ignored.contains($0.kind) && ($0.kind != .tooLong || attack.end != nil)
      }
      let named: [String] = found.map { error in
        switch error.kind {
        case .endNotAfterStart: "the attack's end is not after its start"
        case .tooLong: "the attack would last more than \(InputBounds.maximumAttackDays) days"
        case .severityOutOfRange: "the attack's severity is out of range 0–10"
        case .disabilityOutOfRange: "the attack's disability is out of range 0–3"
        case .auraDuration:
          "the attack's aura duration is not valid (1–\(InputBounds.auraMinutes.upperBound) min, with aura marked)"
        case .intakeOutsideAttack: "an acute intake lies outside the attack"
        case .intakeAmount: "an acute intake's amount is not a positive number"
        case .startInFuture, .endInFuture, .intakeInFuture, .overlap: "the attack is not valid"
        }
      }
      return named + attack.acute.flatMap { amount($0.amount, "acute intake's amount") }
    case .corrected(_, let replacement?, _):
      return replacement.valueProblems
    case .corrected(_, nil, _), .doseSkipped, .regimenEnded, .regimenPrescribed, .medicationAdded:
      return []
    }
  }

  /// The regimens the event prescribes, directly or as a correction's replacement.
  public var regimens: [Regimen] {
    switch self {
    case .regimenPrescribed(let regimen): [regimen]
    case .corrected(_, let replacement?, _): replacement.regimens
    default: []
    }
  }
}
