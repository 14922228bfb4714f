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
          .error(
            "program id '\(TerminalText.sanitized(id))' may use only lowercase letters, digits, '-' and '_' (up to 64)",
            at: map.value("id")?.mark))
      }
    }
    if let id, let name = path.split(separator: "/").last, let stem = name.split(separator: ".").first,
      id != String(stem)
    {
      diagnostics.append(
        .error(
          "program id '\(TerminalText.sanitized(id))' differs from its file name '\(TerminalText.sanitized(String(stem)))'",
          at: map.value("id")?.mark))
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
          .error(
            "unknown medication context \(item.scalar.map { "'\(TerminalText.sanitized($0))'" } ?? item.kindDescription); "
              + "expected one of \(names.joined(separator: ", "))"
              + (item.scalar.map { Suggestion.hint(for: $0, in: names) } ?? ""),
            at: item.mark, fixIt: item.scalar.flatMap { Suggestion.fixIt(for: $0, in: names) }))
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
        .error(
          "module '\(TerminalText.sanitized(name))' is not a loaded module"
            + Suggestion.hint(for: name, in: context.modules.keys.sorted()),
          at: mark, fixIt: Suggestion.fixIt(for: name, in: context.modules.keys.sorted())))
      return nil
    }
    if let audience = context.audience, !module.audience.contains(audience) {
      diagnostics.append(
        .error(
          "module '\(name)' is written for \(module.audience.map(\.rawValue).joined(separator: " and ")), "
            + "not for this \(audience.rawValue) program",
          at: mark))
      return nil
    }
    return name
  }

  private static func decodeSessions(_ map: MappingReader, context: Context, diagnostics: inout [Diagnostic])
    -> [Program.Session]
  {
    guard let nodes = map.list("sessions", required: true, diagnostics: &diagnostics) else { return [] }
    if nodes.isEmpty {
      diagnostics.append(.error("a program needs at least one session", at: map.value("sessions")?.mark))
    }
    var sessions: [Program.Session] = []
    var lastWeek = 0
    for node in nodes {
      guard let reader = MappingReader(node, context: "a session", diagnostics: &diagnostics) else { continue }
      reader.reportUnknownKeys(allowed: sessionFields, diagnostics: &diagnostics)
      let week = reader.int("week", required: true, in: 1...52, diagnostics: &diagnostics)
      let weekMark = reader.value("week")?.mark
      if let week, let weeks = context.weeks, week > weeks {
        diagnostics.append(.error("week \(week) is after the program's last week (\(weeks))", at: weekMark))
      } else if let week, week < lastWeek {
        diagnostics.append(
          .error(
            "week \(week) comes after a session in week \(lastWeek); sessions are listed in week order", at: weekMark))
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
          .error(
            "a teen program gives a 'parent' page for every session (what this week's skill is and how to help)",
            at: reader.value("module")?.mark ?? node.mark))
      } else if context.audience == .adult, parent != nil {
        diagnostics.append(.error("'parent' pages are for teen programs", at: reader.value("parent")?.mark))
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
          .error(
            "module '\(module)' asks no questionnaire; 'measures' names modules with a questionnaire step",
            at: reader.value("module")?.mark))
      }
      var weeks: [Int] = []
      let weekNodes = reader.list("weeks", required: true, diagnostics: &diagnostics)
      if weekNodes?.isEmpty == true {
        diagnostics.append(
          .error("'weeks' needs at least one week (0 is the baseline)", at: reader.value("weeks")?.mark))
      }
      for item in weekNodes ?? [] {
        guard let text = item.scalar, let week = Int(text), (0...52).contains(week) else {
          diagnostics.append(.error("expected a week from 0 (baseline) to 52", at: item.mark))
          continue
        }
        if let last = context.weeks, week > last {
          diagnostics.append(.error("week \(week) is after the program's last week (\(last))", at: item.mark))
          continue
        }
        if weeks.contains(week) {
          diagnostics.append(.error("week \(week) is listed twice", at: item.mark))
          continue
        }
        weeks.append(week)
      }
      if let module, !weeks.isEmpty { schedules.append(Program.MeasureSchedule(module: module, weeks: weeks)) }
    }
    return schedules
  }
}
