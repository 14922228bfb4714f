import Foundation
import TandemBase
import TandemEvents
import TandemTestFixtures
import TandemTherapy
import Testing

/// The documented form of a pinned module (`docs/events.md`, "Pinned modules"): what a session's
/// line and a `migrated` event carry, readable by a program that knows only the documentation.
@Suite("Pinned modules: the documented form")
struct PinnedModuleTests {
  /// A module with every step kind, every condition shape and a measure with every rule.
  static let everything: Module = {
    let where0 = SourceLocation(file: "/home/author/m.yaml", line: 3, column: 5)
    var module = Module(
      id: "everything", version: 3, title: "Every part", approach: .act, process: .defusion,
      audience: [.adult, .teen], minutes: 9, summary: "All of it.",
      steps: [
        Step(id: "intro", title: "Hello", kind: .text(body: "Read {{pain|nothing}}.\n")),
        Step(
          id: "pain", kind: .scale(question: "How bad?", min: 0, max: 10, anchors: [.init(value: 0, label: "none")]),
          rating: .init(name: "pain", phase: .before), diaryHook: .attackCheck),
        Step(
          id: "mood",
          kind: .choice(
            question: "Mood?", multiple: false,
            options: [
              .init(id: "calm", label: "Calm", next: "end", mark: where0),
              .init(id: "tense", label: "Tense", exclusive: true, nextMark: where0),
            ])),
        Step(
          id: "why", kind: .prompt(question: "Why?", minLength: 1, maxLength: 200),
          when: .or(
            .and(
              .compare(step: "pain", op: .greaterOrEqual, value: .number(7), offset: 0),
              .not(.compare(step: "mood", op: .equal, value: .word("calm"), offset: 14))),
            .not(.answered(step: "pain", offset: 40))),
          next: "breathe", optional: true),
        Step(
          id: "breathe", kind: .timer(body: "Breathe.", seconds: 60, phases: [.init(label: "in", seconds: 4)]),
          when: .compare(step: "why", op: .includes, value: .text("work \"late\""), offset: 0)),
        Step(id: "red", kind: .safety(question: "Any of these?", items: ["worst ever"], guidance: "Call now.")),
        Step(
          id: "q-1", kind: .choice(question: "Item", multiple: false, options: [.init(id: "no", label: "No")]),
          include: "intro-snippet", measureItem: MeasureItemTag(questionnaire: "q", item: "1", last: true)),
      ], source: where0)
    module.migrations = ["old": "pain"]
    module.language = "de"
    module.minutesMark = where0
    module.measures = [
      "q": Measure(
        id: "q", version: 2, title: "Q", instructions: "Over two weeks", stem: "How often:",
        options: [.init(id: "no", label: "No", score: 0)],
        items: [
          .init(id: "1", text: "Item", reverse: true),
          .init(id: "2", text: "Days", response: .count(min: 0, max: 90, unit: "days")),
        ],
        subscales: [.init(id: "s", title: "S", items: ["1"], positiveAt: 1)],
        bands: [.init(min: 0, max: 90, label: "any")], missing: .prorate(upTo: 1),
        crisis: .init(item: "1", above: 0, message: "Please call.")),
      "r": Measure(
        id: "r", version: 1, title: "R", instructions: "Now", options: [.init(id: "no", label: "No", score: 0)],
        items: [.init(id: "1", text: "Item")], bands: [.init(min: 0, max: 0, label: "none")]),
    ]
    return module
  }()

  static func json(_ value: some Encodable) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    return String(decoding: try encoder.encode(value), as: UTF8.self)
  }

  static func decode(_ text: String) throws -> Module {
    try JSONDecoder().decode(PinnedModule.self, from: Data(text.utf8)).module
  }

  /// Every key of every object in `value`, except the ids that key `migrations` and `measures`.
  static func keys(_ value: Any) -> Set<String> {
    if let object = value as? [String: Any] {
      var keys = Set(object.keys)
      for (key, child) in object {
        if key == "migrations" { continue }
        if key == "measures", let measures = child as? [String: Any] {
          for measure in measures.values { keys.formUnion(Self.keys(measure)) }
          continue
        }
        keys.formUnion(Self.keys(child))
      }
      return keys
    }
    if let array = value as? [Any] { return array.reduce(into: []) { $0.formUnion(keys($1)) } }
    return []
  }

  @Test("every part of a module reads back the same, without where it was written")
  func roundTrip() throws {
    let text = try Self.json(PinnedModule(Self.everything))
    #expect(try Self.decode(text) == Self.everything.withoutSourcePositions)
    #expect(try Self.decode(text) != Self.everything)
    #expect(!text.contains("/home/author"))
  }

  @Test("the form has plain snake_case names: schema 2, no Swift enum encoding, no camelCase")
  func plainNames() throws {
    let text = try Self.json(PinnedModule(Self.everything))
    let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    #expect(object["schema"] as? Int == 2)
    let keys = Self.keys(object)
    #expect(keys.allSatisfy { $0.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" } && !$0.hasPrefix("_") })
    #expect(keys.isSuperset(of: ["diary_hook", "measure_item", "min_length", "positive_at", "up_to", "kind"]))
    #expect(
      text.contains(#""when":{"or":[{"and":[{"compare":{"offset":0,"op":">=","step":"pain","value":{"number":7}}}"#))
    #expect(text.contains(#"{"not":{"answered":{"offset":40,"step":"pain"}}}"#))
    #expect(text.contains(#""value":{"text":"work \"late\""}"#))
    #expect(text.contains(#"{"exclusive":true,"id":"tense","label":"Tense"}"#))
    #expect(text.contains(#""missing":{"rule":"prorate","up_to":1}"#))
    #expect(text.contains(#""missing":{"rule":"none"}"#))
    #expect(
      text.contains(#"{"id":"2","max":90,"min":0,"response":"count","reverse":false,"text":"Days","unit":"days"}"#))
  }

  @Test("a pin written before schema 2 (Swift's own encoding of a module) still reads")
  func earlierForm() throws {
    let earlier = try Self.json(Self.everything.withoutSourcePositions)
    #expect(earlier.contains(#""_0""#))
    #expect(try Self.decode(earlier) == Self.everything.withoutSourcePositions)
    // With its positions still in (as the author's copy), it reads without them.
    #expect(try Self.decode(try Self.json(Self.everything)) == Self.everything.withoutSourcePositions)
  }

  @Test("a sample module of the fixtures survives a round trip too")
  func fixtureModule() throws {
    let module = TandemTestFixtures.sampleModule
    #expect(try Self.decode(try Self.json(PinnedModule(module))) == module.withoutSourcePositions)
  }

  @Test("the example in docs/events.md reads as the module it describes")
  func documentedExample() throws {
    let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("docs/events.md")
    let text = try String(contentsOf: docs, encoding: .utf8)
    let section = try #require(text.components(separatedBy: "## Pinned modules").dropFirst().first)
    let block = try #require(
      section.components(separatedBy: "```json\n").dropFirst().first?.components(separatedBy: "```").first)
    let module = try Self.decode(block)
    #expect(module.id == "tension-check" && module.steps.count == 2)
    #expect(module.steps[0].rating == Step.Rating(name: "tension", phase: .before))
    #expect(
      module.steps[1].when
        == .and(
          .compare(step: "tension-before", op: .greaterOrEqual, value: .number(7), offset: 0),
          .not(.answered(step: "skipped-it", offset: 30))))
    #expect(module.steps[1].kind == .prompt(question: "What made it hard?", minLength: 1, maxLength: 500))
  }

  @Test("a session line or a migration whose pinned module a patient could not run is refused, naming only the check")
  func unrunnablePinsAreRefused() throws {
    func sessionLine(_ module: Module) throws -> String {
      try JournalExport.session(
        ExportedSession(
          id: "19badf90-b646-4495-9466-1d334682b6d0", moduleID: module.id, moduleVersion: module.version,
          contentHash: "sha256:abc", startedAt: Date(timeIntervalSince1970: 1_790_000_000), module: module))
    }
    func problem(_ line: String) -> String? {
      do {
        _ = try JournalExport.read(line, number: 3)
        return nil
      } catch let error as ImportError {
        return error.problem
      } catch {
        return "\(error)"
      }
    }
    let runnable = Module(
      id: "small", version: 1, title: "Small", approach: .cbt, minutes: 1, summary: "S.",
      steps: [
        Step(id: "intro", kind: .text(body: "Hello.")),
        Step(
          id: "pain",
          kind: .scale(
            question: "How bad?", min: 0, max: 10,
            anchors: [.init(value: 0, label: "none"), .init(value: 10, label: "worst")])),
        Step(id: "bye", kind: .text(body: "You said {{pain}}.")),
      ])
    #expect(problem(try sessionLine(runnable)) == nil)
    var empty = runnable
    empty.steps = []
    #expect(problem(try sessionLine(empty)) == "the pinned module has no steps")
    var backwards = runnable
    backwards.steps[1].kind = .scale(question: "How bad?", min: 10, max: 0, anchors: [])
    #expect(problem(try sessionLine(backwards))?.hasPrefix("the pinned module is not valid (") == true)
    var nowhere = runnable
    nowhere.steps[0].next = "no-such-step"
    let refused = try #require(problem(try sessionLine(nowhere)))
    #expect(refused.hasPrefix("the pinned module is not valid ("), "\(refused)")
    #expect(!refused.contains("no-such-step"), "a refusal quotes the module: \(refused)")

    let envelope = ExportedEvent(
      eventID: "01a23884-70a2-7e51-8d8f-2f0f4d2c1b10", deviceID: "01a2388a-8097-7c11-bee3-0baa0a3fb3a9",
      streamType: "session", stream: "19badf90-b646-4495-9466-1d334682b6d0", kind: "migrated",
      recordedAt: "2026-10-06T18:02:11.512Z")
    let migrated = try JournalExport.event(
      envelope, payload: try EventPayload.encode(.migrated(module: backwards, contentHash: "sha256:def", steps: [:])))
    #expect(problem(migrated)?.hasPrefix("the pinned module is not valid (") == true)
  }

  @Test(
    "a documented pin that does not make a module is refused",
    arguments: [
      (#""schema":2"#, #""schema":3"#),
      (#""kind":"text""#, #""kind":"menu""#),
      (#""kind":"safety","optional":false,"question":"Any of these?""#, #""kind":"safety","optional":false"#),
      (#""value":{"number":7}"#, #""value":{"number":7,"word":"seven"}"#),
      (#""value":{"number":7}"#, #""value":{}"#),
      (#"{"or":[{"and""#, #"{"or":[{"and":[]},{"and""#),
      (#"{"not":{"answered""#, #"{"not":{"answered":{"offset":1,"step":"pain"},"compare""#),
      (#""missing":{"rule":"none"}"#, #""missing":{"rule":"prorate"}"#),
      (#""response":"count","#, #""response":"days","#),
    ])
  func refused(_ change: (String, String)) throws {
    let text = try Self.json(PinnedModule(Self.everything))
    #expect(text.contains(change.0))
    let broken = text.replacingOccurrences(of: change.0, with: change.1)
    #expect(throws: DecodingError.self) { try Self.decode(broken) }
  }
}
