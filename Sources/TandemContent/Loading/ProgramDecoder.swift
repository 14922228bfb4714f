import TandemBase
import TandemTherapy

/// A program that loaded without errors, with its content hash and file.
public struct LoadedProgram: Hashable, Sendable {
  public var program: Program
  /// SHA-256 of the file's bytes: `program-started` records it.
  public var contentHash: String
  public var path: String
  public var source: SourceLocation
}

/// Turns `Content/programs/<id>.yaml` into a `Program`, checking it against the loaded modules:
/// every module exists and suits the audience, weeks fit the program and never go backwards,
/// questionnaires name modules that ask one, a teen program gives a parent page for every session.
enum ProgramDecoder {
  static let fields = ["id", "version", "title", "audience", "weeks", "summary", "medication", "sessions", "measures"]
  static let medicationFields = ["expects", "note"]
  static let sessionFields = ["week", "module", "practice", "parent"]
  static let practiceFields = ["module", "days", "text"]
  static let measureFields = ["module", "weeks"]

  static func decode(
    _ root: YAMLNode, path: String, hash: String, modules: [String: Module], diagnostics: inout [Diagnostic]
  ) -> LoadedProgram? {
    guard let map = MappingReader(root, context: "program", diagnostics: &diagnostics) else { return nil }
    let before = diagnostics.count
    map.reportUnknownKeys(allowed: fields, diagnostics: &diagnostics)
    let id = map.string("id", required: true, diagnostics: &diagnostics)
    if let id {
      if !Identifier.isValid(id) {
        diagnostics.append(
          .error(.invalidIdentifier(id, what: "program id"), at: map.value("id")?.mark))
      }
    }
    if let id, let name = path.split(separator: "/").last, let stem = name.split(separator: ".").first,
      id != String(stem)
    {
      diagnostics.append(
        .error(.programIDDiffersFromFileName(id, fileName: String(stem)), at: map.value("id")?.mark))
    }
    let version = map.int("version", required: true, in: 1...1_000_000, diagnostics: &diagnostics)
    let title = map.string("title", required: true, diagnostics: &diagnostics)
    let audience = map.oneOf("audience", Audience.self, required: true, diagnostics: &diagnostics)
    let weeks = map.int("weeks", required: true, in: 1...52, diagnostics: &diagnostics)
    let summary = map.string("summary", required: true, diagnostics: &diagnostics)
    let medication = decodeMedication(map, diagnostics: &diagnostics)
    let context = Context(modules: modules, audience: audience, weeks: weeks)
    let sessions = decodeSessions(map, context: context, diagnostics: &diagnostics)
    let measures = decodeMeasures(map, context: context, diagnostics: &diagnostics)
    guard !diagnostics[before...].hasErrors, let id, let version, let title, let audience, let weeks, let summary,
      let medication
    else { return nil }
    return LoadedProgram(
      program: Program(
        id: id, version: version, title: title, audience: audience, weeks: weeks, summary: summary,
        medication: medication, sessions: sessions, measures: measures),
      contentHash: hash, path: path, source: map.value("id")?.mark ?? root.mark)
  }

  struct Context {
    var modules: [String: Module]
    var audience: Audience?
    var weeks: Int?
  }

  private static func decodeMedication(_ map: MappingReader, diagnostics: inout [Diagnostic]) -> Program
    .MedicationContext?
  {
    guard let node = map.value("medication") else {
      diagnostics.append(.error(.missingField("medication", in: "program"), at: map.node.mark))
      return nil
    }
    guard let medication = MappingReader(node, context: "'medication'", diagnostics: &diagnostics) else { return nil }
    medication.reportUnknownKeys(allowed: medicationFields, diagnostics: &diagnostics)
    var expects: [Program.Expectation] = []
    for item in medication.list("expects", required: true, diagnostics: &diagnostics) ?? [] {
      guard let text = item.scalar, let expectation = Program.Expectation(rawValue: text) else {
        let names = Program.Expectation.allCases.map(\.rawValue)
        diagnostics.append(
          .error(.unknownMedicationContext(item.scalar, found: item.kindDescription, expected: names), at: item.mark))
        continue
      }
      expects.append(expectation)
    }
    guard let note = medication.string("note", required: true, diagnostics: &diagnostics) else { return nil }
    return Program.MedicationContext(expects: expects, note: note)
  }

  /// A module reference: it must exist, and suit the program's audience.
  private static func checkModule(
    _ reader: MappingReader, key: String, context: Context, diagnostics: inout [Diagnostic]
  ) -> String? {
    guard let name = reader.string(key, required: true, diagnostics: &diagnostics) else { return nil }
    let mark = reader.value(key)?.mark
    guard let module = context.modules[name] else {
      diagnostics.append(
        .error(.unknownModule(name, known: context.modules.keys.sorted()), at: mark))
      return nil
    }
    if let audience = context.audience, !module.audience.contains(audience) {
      diagnostics.append(
        .error(.moduleAudience(name, writtenFor: module.audience.map(\.rawValue), program: audience.rawValue), at: mark)
      )
      return nil
    }
    return name
  }

  private static func decodeSessions(_ map: MappingReader, context: Context, diagnostics: inout [Diagnostic])
    -> [Program.Session]
  {
    guard let nodes = map.list("sessions", required: true, diagnostics: &diagnostics) else { return [] }
    if nodes.isEmpty {
      diagnostics.append(.error(.noSessions, at: map.value("sessions")?.mark))
    }
    var sessions: [Program.Session] = []
    var lastWeek = 0
    for node in nodes {
      guard let reader = MappingReader(node, context: "a session", diagnostics: &diagnostics) else { continue }
      reader.reportUnknownKeys(allowed: sessionFields, diagnostics: &diagnostics)
      let week = reader.int("week", required: true, in: 1...52, diagnostics: &diagnostics)
      let weekMark = reader.value("week")?.mark
      if let week, let weeks = context.weeks, week > weeks {
        diagnostics.append(.error(.weekAfterProgram(week, last: weeks), at: weekMark))
      } else if let week, week < lastWeek {
        diagnostics.append(
          .error(.sessionOutOfOrder(week: week, after: lastWeek), at: weekMark))
      } else if let week {
        lastWeek = week
      }
      let module = checkModule(reader, key: "module", context: context, diagnostics: &diagnostics)
      var practice: Program.Practice?
      if let practiceNode = reader.value("practice"),
        let plan = MappingReader(practiceNode, context: "'practice'", diagnostics: &diagnostics)
      {
        plan.reportUnknownKeys(allowed: practiceFields, diagnostics: &diagnostics)
        let practiceModule = checkModule(plan, key: "module", context: context, diagnostics: &diagnostics)
        let days = plan.int("days", required: true, in: 1...7, diagnostics: &diagnostics)
        let text = plan.string("text", required: true, diagnostics: &diagnostics)
        if let practiceModule, let days, let text {
          practice = Program.Practice(module: practiceModule, days: days, text: text)
        }
      }
      let parent = reader.string("parent", diagnostics: &diagnostics)
      if context.audience == .teen, parent == nil {
        diagnostics.append(
          .error(.missingParentPage, at: reader.value("module")?.mark ?? node.mark))
      } else if context.audience == .adult, parent != nil {
        diagnostics.append(.error(.parentPageInAdultProgram, at: reader.value("parent")?.mark))
      }
      if let week, let module {
        sessions.append(Program.Session(week: week, module: module, practice: practice, parent: parent))
      }
    }
    return sessions
  }

  private static func decodeMeasures(_ map: MappingReader, context: Context, diagnostics: inout [Diagnostic])
    -> [Program.MeasureSchedule]
  {
    guard let nodes = map.list("measures", diagnostics: &diagnostics) else { return [] }
    var schedules: [Program.MeasureSchedule] = []
    for node in nodes {
      guard let reader = MappingReader(node, context: "a measure", diagnostics: &diagnostics) else { continue }
      reader.reportUnknownKeys(allowed: measureFields, diagnostics: &diagnostics)
      let module = checkModule(reader, key: "module", context: context, diagnostics: &diagnostics)
      if let module, context.modules[module]?.measures?.isEmpty ?? true {
        diagnostics.append(
          .error(.moduleWithoutQuestionnaire(module), at: reader.value("module")?.mark))
      }
      var weeks: [Int] = []
      let weekNodes = reader.list("weeks", required: true, diagnostics: &diagnostics)
      if weekNodes?.isEmpty == true {
        diagnostics.append(
          .error(.noWeeks, at: reader.value("weeks")?.mark))
      }
      for item in weekNodes ?? [] {
        guard let text = item.scalar, let week = Int(text), (0...52).contains(week) else {
          diagnostics.append(.error(.weekOutOfRange, at: item.mark))
          continue
        }
        if let last = context.weeks, week > last {
          diagnostics.append(.error(.weekAfterProgram(week, last: last), at: item.mark))
          continue
        }
        if weeks.contains(week) {
          diagnostics.append(.error(.weekListedTwice(week), at: item.mark))
          continue
        }
        weeks.append(week)
      }
      if let module, !weeks.isEmpty { schedules.append(Program.MeasureSchedule(module: module, weeks: weeks)) }
    }
    return schedules
  }
}

extension Diagnostic.Message {
  /// A program whose id is not its file name.
  static func programIDDiffersFromFileName(_ id: String, fileName: String) -> Self {
    Self(
      "program id '\(TerminalText.sanitized(id))' differs from its file name '\(TerminalText.sanitized(fileName))'",
      category: "program-id")
  }

  /// A medication context that is not one of `names`: `text` as written, or the kind of node
  /// found when it is not text.
  static func unknownMedicationContext(_ text: String?, found: String, expected names: [String]) -> Self {
    Self(
      "unknown medication context \(text.map { "'\(TerminalText.sanitized($0))'" } ?? found); "
        + "expected one of \(names.joined(separator: ", "))"
        + (text.map { Suggestion.hint(for: $0, in: names) } ?? ""),
      category: "unknown-value", fixIt: text.flatMap { Suggestion.fixIt(for: $0, in: names) })
  }

  /// A session or measure naming a module that is not loaded.
  static func unknownModule(_ name: String, known: [String]) -> Self {
    Self(
      "module '\(TerminalText.sanitized(name))' is not a loaded module" + Suggestion.hint(for: name, in: known),
      category: "unknown-module", fixIt: Suggestion.fixIt(for: name, in: known))
  }

  /// A module written for other audiences than the program's.
  static func moduleAudience(_ name: String, writtenFor audiences: [String], program audience: String) -> Self {
    Self(
      "module '\(name)' is written for \(audiences.joined(separator: " and ")), not for this \(audience) program",
      category: "audience")
  }

  /// An empty `sessions:` list.
  static let noSessions = Self("a program needs at least one session", category: "empty-list")

  /// A week after the program's last.
  static func weekAfterProgram(_ week: Int, last: Int) -> Self {
    Self("week \(week) is after the program's last week (\(last))", category: "program-weeks")
  }

  /// A session listed before an earlier week's.
  static func sessionOutOfOrder(week: Int, after lastWeek: Int) -> Self {
    Self(
      "week \(week) comes after a session in week \(lastWeek); sessions are listed in week order",
      category: "program-weeks")
  }

  /// A teen program's session without a page for parents.
  static let missingParentPage = Self(
    "a teen program gives a 'parent' page for every session (what this week's skill is and how to help)",
    category: "audience")

  /// A page for parents in an adult program.
  static let parentPageInAdultProgram = Self("'parent' pages are for teen programs", category: "audience")

  /// A `measures:` entry naming a module with no questionnaire step.
  static func moduleWithoutQuestionnaire(_ module: String) -> Self {
    Self(
      "module '\(module)' asks no questionnaire; 'measures' names modules with a questionnaire step",
      category: "questionnaire")
  }

  /// An empty `weeks:` list.
  static let noWeeks = Self("'weeks' needs at least one week (0 is the baseline)", category: "empty-list")

  /// A week that is not a whole number from 0 to 52.
  static let weekOutOfRange = Self("expected a week from 0 (baseline) to 52", category: "program-weeks")

  /// A week given twice in `weeks:`.
  static func weekListedTwice(_ week: Int) -> Self {
    Self("week \(week) is listed twice", category: "program-weeks")
  }
}
