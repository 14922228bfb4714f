import Foundation
import TandemBase
import TandemCare
import TandemTherapy

/// Why a payload could not be read: which kind, and what is wrong, by field name only (never the
/// patient's data).
public struct EventPayloadError: Error, Hashable, Sendable, CustomStringConvertible {
  /// The event kind being read.
  public var kind: String
  /// What is wrong, for example "missing field 'step'".
  public var problem: String
  /// For a batch (`EventPayload.diaryEvents`), the position of the payload that is wrong.
  public var index: Int?

  /// Creates an error.
  public init(kind: String, problem: String) {
    self.kind = kind
    self.problem = problem
  }

  public var description: String { "\(kind): \(problem)" }
}

/// The journal's event payloads: each event kind as a JSON object with plain field names,
/// instants as RFC 3339 text and a `schema` version. `docs/events.md` documents every kind and
/// `docs/schema/events.schema.json` checks them; this type writes and reads exactly that.
public enum EventPayload {
  /// The schema version of each kind's payload. A kind's version goes up when a field changes
  /// meaning or is removed; a reader refuses a version it does not know.
  public static let schemas: [String: Int] = [
    "started": 1, "answered": 1, "continued": 1, "timer-finished": 1, "skipped": 1, "went-back": 1,
    "paused": 1, "resumed": 1, "abandoned": 1, "completed": 1, "safety-stopped": 1, "migrated": 1, "scored": 1,
    "regimen-prescribed": 1, "regimen-ended": 1, "dose-taken": 1, "dose-skipped": 1, "attack-logged": 1,
    "corrected": 1, "medication-added": 1,
  ]

  // MARK: Session events

  /// The payload of a session event, as JSON text with sorted keys.
  public static func encode(_ event: SessionEvent) throws -> String {
    try text(sessionPayload(event))
  }

  /// The session event of kind `kind` that `payload` holds.
  public static func sessionEvent(kind: String, payload: String) throws -> SessionEvent {
    try sessionEvent(kind: kind, payload: decode(SessionPayload.self, kind: kind, from: payload))
  }

  static func sessionPayload(_ event: SessionEvent) -> SessionPayload {
    var payload = SessionPayload(schema: schemas[event.kind] ?? 1)
    switch event {
    case .started(let moduleID, let version, let contentHash):
      payload.module = moduleID
      payload.moduleVersion = version
      payload.contentHash = contentHash
    case .answered(let step, let answer):
      payload.step = step
      payload.answer = AnswerPayload(answer)
    case .continued(let step, let ranSeconds):
      payload.step = step
      payload.seconds = ranSeconds
    case .skipped(let step), .safetyStopped(let step):
      payload.step = step
    case .timerFinished(let step, let seconds):
      payload.step = step
      payload.seconds = seconds
    case .wentBack(let to):
      payload.to = to
    case .paused, .resumed, .abandoned, .completed:
      break
    case .scored(let step, let score):
      payload.step = step
      payload.score = score
    case .migrated(let module, let contentHash, let steps):
      payload.pinnedModule = PinnedModule(module)
      payload.contentHash = contentHash
      payload.steps = steps
    }
    return payload
  }

  static func sessionEvent(kind: String, payload p: SessionPayload) throws -> SessionEvent {
    try checkSchema(p.schema, kind: kind)
    func need<Value>(_ value: Value?, _ field: String) throws -> Value {
      guard let value else { throw EventPayloadError(kind: kind, problem: "missing field '\(field)'") }
      return value
    }
    switch kind {
    case "started":
      return .started(
        moduleID: try need(p.module, "module"), version: try need(p.moduleVersion, "module_version"),
        contentHash: try need(p.contentHash, "content_hash"))
    case "answered":
      return .answered(step: try need(p.step, "step"), answer: try need(p.answer, "answer").answer)
    case "continued": return .continued(step: try need(p.step, "step"), ranSeconds: p.seconds)
    case "timer-finished":
      return .timerFinished(step: try need(p.step, "step"), seconds: try need(p.seconds, "seconds"))
    case "skipped": return .skipped(step: try need(p.step, "step"))
    case "went-back": return .wentBack(to: try need(p.to, "to"))
    case "paused": return .paused
    case "resumed": return .resumed
    case "abandoned": return .abandoned
    case "completed": return .completed
    case "safety-stopped": return .safetyStopped(step: try need(p.step, "step"))
    case "scored":
      let score = try need(p.score, "score")
      if let problem = score.problem { throw EventPayloadError(kind: kind, problem: problem) }
      return .scored(step: try need(p.step, "step"), score: score)
    case "migrated":
      return .migrated(
        module: try need(p.pinnedModule, "pinned_module").module, contentHash: try need(p.contentHash, "content_hash"),
        steps: try need(p.steps, "steps"))
    default:
      throw EventPayloadError(kind: kind, problem: "not a session event kind")
    }
  }

  // MARK: Diary events

  /// The payload of a diary event, as JSON text with sorted keys. A correction names the entry it
  /// corrects by that entry's event id: `eventID` gives it for a journal sequence.
  public static func encode(_ event: DiaryEvent, eventID: (Int64) throws -> String?) throws -> String {
    try text(diaryPayload(event, eventID: eventID))
  }

  /// The diary event of kind `kind` that `payload` holds; `sequence` gives the journal sequence
  /// of the entry a correction names by event id.
  public static func diaryEvent(kind: String, payload: String, sequence: (String) throws -> Int64?) throws
    -> DiaryEvent
  {
    try diaryEvent(kind: kind, payload: decode(DiaryPayload.self, kind: kind, from: payload), sequence: sequence)
  }

  /// Many diary events at once, in order: the payloads go through the JSON decoder as one array
  /// (a long diary is read several times faster than one call a payload). A payload that does not
  /// decode throws `EventPayloadError` with `index`, its position in `rows`.
  public static func diaryEvents(
    _ rows: [(kind: String, payload: String)], sequence: (String) throws -> Int64?
  ) throws -> [DiaryEvent] {
    // Doses taken, most of a long diary, are read directly; the rest go through the decoder as
    // one JSON array.
    var payloads: [DiaryPayload?] = rows.map { $0.kind == "dose-taken" ? DoseTakenReader.payload($0.payload) : nil }
    let others = payloads.indices.filter { payloads[$0] == nil }
    if !others.isEmpty {
      var bytes: [UInt8] = [UInt8(ascii: "[")]
      for (position, index) in others.enumerated() {
        if position > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(contentsOf: rows[index].payload.utf8)
      }
      bytes.append(UInt8(ascii: "]"))
      if let decoded = try? decoder.decode([DiaryPayload].self, from: Data(bytes)), decoded.count == others.count {
        for (index, payload) in zip(others, decoded) { payloads[index] = payload }
      }
    }
    return try rows.enumerated().map { index, row in
      do {
        // A payload the batch could not read is read alone, for its own error.
        guard let payload = payloads[index] else {
          return try diaryEvent(kind: row.kind, payload: row.payload, sequence: sequence)
        }
        return try diaryEvent(kind: row.kind, payload: payload, sequence: sequence)
      } catch var error as EventPayloadError {
        error.index = index
        throw error
      }
    }
  }

  static func diaryPayload(_ event: DiaryEvent, eventID: (Int64) throws -> String?) throws -> DiaryPayload {
    var p = DiaryPayload(schema: schemas[event.kind] ?? 1)
    switch event {
    case .medicationAdded(let medication):
      p.medication = medication.id
      p.name = medication.name
      p.medicationClass = medication.medicationClass.rawValue
    case .regimenPrescribed(let regimen):
      p.regimen = RegimenPayload(regimen)
    case .regimenEnded(let regimenID, let lastDay, let reason):
      p.regimenID = regimenID
      p.lastDay = lastDay
      p.reason = reason
    case .doseTaken(let dose):
      p.medication = dose.medicationID
      p.takenAt = try instant(dose.instant, event.kind)
      p.amount = dose.amount
      p.regimenID = dose.regimenID
    case .doseSkipped(let skip):
      p.medication = skip.medicationID
      p.recordedAt = try instant(skip.instant, event.kind)
      p.reason = skip.reason
      p.occurrenceDate = skip.occurrenceDate
      p.occurrenceTime = skip.occurrenceTime
      p.regimenID = skip.regimenID
    case .attackLogged(let attack):
      p.attack = try AttackPayload(attack)
    case .corrected(let sequence, let replacement, let reason):
      guard let target = try eventID(sequence) else {
        throw EventPayloadError(kind: event.kind, problem: "it corrects entry \(sequence), which has no event id")
      }
      p.corrects = target
      p.reason = reason
      if let replacement {
        p.replacement = Replacement(kind: replacement.kind, payload: try diaryPayload(replacement, eventID: eventID))
      }
    }
    return p
  }

  static func diaryEvent(kind: String, payload p: DiaryPayload, sequence: (String) throws -> Int64?) throws
    -> DiaryEvent
  {
    try checkSchema(p.schema, kind: kind)
    func need<Value>(_ value: Value?, _ field: String) throws -> Value {
      guard let value else { throw EventPayloadError(kind: kind, problem: "missing field '\(field)'") }
      return value
    }
    func date(_ text: String?, _ field: String) throws -> Date {
      guard let parsed = RFC3339.date(from: try need(text, field)) else {
        throw EventPayloadError(kind: kind, problem: "'\(field)' is not an RFC 3339 date-time")
      }
      return parsed
    }
    switch kind {
    case "medication-added":
      guard let medicationClass = MedicationClass(rawValue: try need(p.medicationClass, "class")) else {
        throw EventPayloadError(kind: kind, problem: "'class' is not a medication class")
      }
      return .medicationAdded(
        PatientMedication(
          id: try need(p.medication, "medication"), name: try need(p.name, "name"), medicationClass: medicationClass))
    case "regimen-prescribed":
      return .regimenPrescribed(try need(p.regimen, "regimen").regimen(kind: kind))
    case "regimen-ended":
      return .regimenEnded(
        regimenID: try need(p.regimenID, "regimen_id"), lastDay: try need(p.lastDay, "last_day"), reason: p.reason)
    case "dose-taken":
      return .doseTaken(
        TakenDose(
          medicationID: try need(p.medication, "medication"), instant: try date(p.takenAt, "taken_at"),
          amount: p.amount, regimenID: p.regimenID))
    case "dose-skipped":
      return .doseSkipped(
        SkippedDose(
          medicationID: try need(p.medication, "medication"), instant: try date(p.recordedAt, "recorded_at"),
          reason: try need(p.reason, "reason"), occurrenceDate: p.occurrenceDate, regimenID: p.regimenID,
          occurrenceTime: p.occurrenceTime))
    case "attack-logged":
      return .attackLogged(try need(p.attack, "attack").attack(kind: kind))
    case "corrected":
      let target = try need(p.corrects, "corrects")
      guard let targetSequence = try sequence(target) else {
        throw EventPayloadError(kind: kind, problem: "it corrects event \(target), which is not in the journal")
      }
      var replacement: DiaryEvent?
      if let r = p.replacement {
        guard r.kind != "corrected" else {
          throw EventPayloadError(kind: kind, problem: "a replacement cannot itself be a correction")
        }
        replacement = try diaryEvent(kind: r.kind, payload: r.payload, sequence: sequence)
      }
      return .corrected(sequence: targetSequence, replacement: replacement, reason: p.reason)
    default:
      throw EventPayloadError(kind: kind, problem: "not a diary event kind")
    }
  }

  // MARK: Shared

  /// The RFC 3339 text of `date`. Instants outside the years 0000–9999 (which no command accepts,
  /// but a store from before the input checks may hold) are written as the nearest one inside.
  static func instant(_ date: Date, _ kind: String) throws -> String {
    let clamped = min(max(date, earliest), latest)
    guard let text = RFC3339.text(from: clamped) else {
      throw EventPayloadError(kind: kind, problem: "an instant that is not a number")
    }
    return text
  }

  private static let earliest = RFC3339.date(from: "0000-01-01T00:00:00Z") ?? .distantPast
  private static let latest = RFC3339.date(from: "9999-12-31T23:59:59.999Z") ?? .distantFuture

  private static func checkSchema(_ schema: Int, kind: String) throws {
    guard let known = schemas[kind] else { throw EventPayloadError(kind: kind, problem: "unknown event kind") }
    guard schema >= 1, schema <= known else {
      throw EventPayloadError(
        kind: kind, problem: "schema \(schema) is not one this version of Tandem reads (1–\(known))")
    }
  }

  private static let encoder: JSONEncoder = {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }()
  private static let decoder = JSONDecoder()

  static func text(_ value: some Encodable) throws -> String {
    String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode<Value: Decodable>(_ type: Value.Type, kind: String, from text: String) throws -> Value {
    do {
      return try decoder.decode(type, from: Data(text.utf8))
    } catch let error as DecodingError {
      throw EventPayloadError(kind: kind, problem: describe(error))
    }
  }

  /// What went wrong, by field path only: a decoder's debug text may quote the stored values.
  static func describe(_ error: DecodingError) -> String {
    func path(_ codingPath: [any CodingKey]) -> String {
      let keys = codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
      return keys.isEmpty ? "the top level" : "'" + keys.joined(separator: ".") + "'"
    }
    switch error {
    case .keyNotFound(let key, let context):
      return "missing field '\(key.stringValue)' at \(path(context.codingPath))"
    case .valueNotFound(_, let context):
      return "missing value at \(path(context.codingPath))"
    case .typeMismatch(_, let context):
      return "wrong type at \(path(context.codingPath))"
    case .dataCorrupted(let context):
      return context.codingPath.isEmpty ? "not valid JSON" : "invalid value at \(path(context.codingPath))"
    @unknown default:
      return "the JSON does not decode"
    }
  }
}

/// Every field a session event's payload may have; which ones a kind uses is in `docs/events.md`.
struct SessionPayload: Codable {
  var schema: Int
  var module: String?
  var moduleVersion: Int?
  var contentHash: String?
  var step: String?
  var answer: AnswerPayload?
  var seconds: Int?
  var to: String?
  var steps: [String: String]?
  var pinnedModule: PinnedModule?
  var score: MeasureScore?

  init(schema: Int) { self.schema = schema }

  enum CodingKeys: String, CodingKey {
    case schema, module, step, answer, seconds, to, steps, score
    case moduleVersion = "module_version"
    case contentHash = "content_hash"
    case pinnedModule = "pinned_module"
  }
}

/// An answer: `{"type": "number", "value": 5}`, `{"type": "text", "value": "…"}`,
/// `{"type": "options", "value": ["calm"]}` or `{"type": "safety", "flagged": false}`.
struct AnswerPayload: Codable {
  var answer: Answer

  init(_ answer: Answer) { self.answer = answer }

  enum CodingKeys: String, CodingKey { case type, value, flagged }

  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    switch try c.decode(String.self, forKey: .type) {
    case "number": answer = .number(try c.decode(Int.self, forKey: .value))
    case "text": answer = .text(try c.decode(String.self, forKey: .value))
    case "options": answer = .options(try c.decode([String].self, forKey: .value))
    case "safety": answer = .safety(flagged: try c.decode(Bool.self, forKey: .flagged))
    default:
      throw DecodingError.dataCorruptedError(forKey: .type, in: c, debugDescription: "unknown answer type")
    }
  }

  func encode(to encoder: any Encoder) throws {
    var c = encoder.container(keyedBy: CodingKeys.self)
    switch answer {
    case .number(let value):
      try c.encode("number", forKey: .type)
      try c.encode(value, forKey: .value)
    case .text(let value):
      try c.encode("text", forKey: .type)
      try c.encode(value, forKey: .value)
    case .options(let ids):
      try c.encode("options", forKey: .type)
      try c.encode(ids, forKey: .value)
    case .safety(let flagged):
      try c.encode("safety", forKey: .type)
      try c.encode(flagged, forKey: .flagged)
    }
  }
}

/// Every field a diary event's payload may have; which ones a kind uses is in `docs/events.md`.
struct DiaryPayload: Codable {
  var schema: Int
  var regimen: RegimenPayload?
  var regimenID: String?
  var lastDay: LocalDate?
  var reason: String?
  var medication: String?
  var takenAt: String?
  var recordedAt: String?
  var amount: Quantity?
  var occurrenceDate: LocalDate?
  var occurrenceTime: LocalTime?
  var attack: AttackPayload?
  var corrects: String?
  var replacement: Replacement?
  var name: String?
  var medicationClass: String?

  init(schema: Int) { self.schema = schema }

  /// Reads only the keys that are there: one lookup per present field instead of one per
  /// possible field, which halves reading a long diary.
  init(from decoder: any Decoder) throws {
    let c = try decoder.container(keyedBy: CodingKeys.self)
    var schema: Int?
    for key in c.allKeys {
      switch key {
      case .schema: schema = try c.decode(Int.self, forKey: key)
      case .regimen: regimen = try c.decode(RegimenPayload.self, forKey: key)
      case .regimenID: regimenID = try c.decodeIfPresent(String.self, forKey: key)
      case .lastDay: lastDay = try c.decodeIfPresent(LocalDate.self, forKey: key)
      case .reason: reason = try c.decodeIfPresent(String.self, forKey: key)
      case .medication: medication = try c.decodeIfPresent(String.self, forKey: key)
      case .takenAt: takenAt = try c.decodeIfPresent(String.self, forKey: key)
      case .recordedAt: recordedAt = try c.decodeIfPresent(String.self, forKey: key)
      case .amount: amount = try c.decodeIfPresent(Quantity.self, forKey: key)
      case .occurrenceDate: occurrenceDate = try c.decodeIfPresent(LocalDate.self, forKey: key)
      case .occurrenceTime: occurrenceTime = try c.decodeIfPresent(LocalTime.self, forKey: key)
      case .attack: attack = try c.decodeIfPresent(AttackPayload.self, forKey: key)
      case .corrects: corrects = try c.decodeIfPresent(String.self, forKey: key)
      case .replacement: replacement = try c.decodeIfPresent(Replacement.self, forKey: key)
      case .name: name = try c.decodeIfPresent(String.self, forKey: key)
      case .medicationClass: medicationClass = try c.decodeIfPresent(String.self, forKey: key)
      }
    }
    guard let schema else {
      throw DecodingError.keyNotFound(
        CodingKeys.schema, .init(codingPath: c.codingPath, debugDescription: "no schema"))
    }
    self.schema = schema
  }

  enum CodingKeys: String, CodingKey {
    case schema, regimen, reason, medication, amount, attack, corrects, replacement, name
    case medicationClass = "class"
    case regimenID = "regimen_id"
    case lastDay = "last_day"
    case takenAt = "taken_at"
    case recordedAt = "recorded_at"
    case occurrenceDate = "occurrence_date"
    case occurrenceTime = "occurrence_time"
  }
}

/// What a correction puts in place of the entry it corrects: another diary event, kind and payload.
final class Replacement: Codable {
  let kind: String
  let payload: DiaryPayload

  init(kind: String, payload: DiaryPayload) {
    self.kind = kind
    self.payload = payload
  }
}

/// A headache attack.
struct AttackPayload: Codable {
  var id: String
  var start: String
  var end: String?
  var severity: Int
  var aura: Bool
  var auraMinutes: Int?
  var nauseaOrVomiting: Bool
  var photophobia: Bool
  var phonophobia: Bool
  var pain: PainPayload
  var acute: [AcutePayload]
  var relief: Relief?
  var disability: Int?
  var note: String?

  enum CodingKeys: String, CodingKey {
    case id, start, end, severity, aura, photophobia, phonophobia, pain, acute, relief, disability, note
    case auraMinutes = "aura_minutes"
    case nauseaOrVomiting = "nausea_or_vomiting"
  }

  struct PainPayload: Codable {
    var unilateral: Bool?
    var pulsating: Bool?
    var aggravatedByActivity: Bool?

    enum CodingKeys: String, CodingKey {
      case unilateral, pulsating
      case aggravatedByActivity = "aggravated_by_activity"
    }
  }

  struct AcutePayload: Codable {
    var medication: String
    var at: String
    var amount: Quantity?
    var medicationClass: MedicationClass
    var overuseClass: OveruseClass

    enum CodingKeys: String, CodingKey {
      case medication, at, amount
      case medicationClass = "medication_class"
      case overuseClass = "overuse_class"
    }
  }

  init(_ attack: Attack) throws {
    let kind = "attack-logged"
    id = attack.id
    start = try EventPayload.instant(attack.start, kind)
    end = try attack.end.map { try EventPayload.instant($0, kind) }
    severity = attack.severity
    aura = attack.aura
    auraMinutes = attack.auraMinutes
    nauseaOrVomiting = attack.nauseaOrVomiting
    photophobia = attack.photophobia
    phonophobia = attack.phonophobia
    pain = PainPayload(
      unilateral: attack.painFeatures.unilateral, pulsating: attack.painFeatures.pulsating,
      aggravatedByActivity: attack.painFeatures.aggravatedByActivity)
    acute = try attack.acute.map {
      AcutePayload(
        medication: $0.medicationID, at: try EventPayload.instant($0.at, kind), amount: $0.amount,
        medicationClass: $0.medicationClass, overuseClass: $0.overuseClass)
    }
    relief = attack.relief
    disability = attack.disability
    note = attack.note
  }

  func attack(kind: String) throws -> Attack {
    func date(_ text: String, _ field: String) throws -> Date {
      guard let parsed = RFC3339.date(from: text) else {
        throw EventPayloadError(kind: kind, problem: "'attack.\(field)' is not an RFC 3339 date-time")
      }
      return parsed
    }
    return Attack(
      id: id, start: try date(start, "start"), end: try end.map { try date($0, "end") }, severity: severity,
      aura: aura, auraMinutes: auraMinutes, nauseaOrVomiting: nauseaOrVomiting, photophobia: photophobia,
      phonophobia: phonophobia,
      painFeatures: PainFeatures(
        unilateral: pain.unilateral, pulsating: pain.pulsating, aggravatedByActivity: pain.aggravatedByActivity),
      acute: try acute.map {
        AcuteIntake(
          medicationID: $0.medication, overuseClass: $0.overuseClass, medicationClass: $0.medicationClass,
          at: try date($0.at, "acute.at"), amount: $0.amount)
      },
      relief: relief, disability: disability, note: note)
  }
}
