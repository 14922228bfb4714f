import Foundation
import Testing

@testable import TandemStore
@testable import TandemTherapy

/// The journal's payloads are written by a direct writer; it must store exactly the text the
/// general JSON encoder would, so that equal events keep identical rows and old rows still read.
@Suite("EventJSON: session events written directly, as the JSON encoder writes them")
struct EventJSONTests {
  /// Every ASCII character, the JSON escapes, and text beyond ASCII.
  static let awkward: String = {
    var text = ""
    for code in 0..<0x80 { text.append(Character(Unicode.Scalar(UInt8(code)))) }
    return text + "é€😀\u{2028}\u{7F} a/b \"quoted\" back\\slash"
  }()

  static let events: [SessionEvent] = [
    .started(moduleID: "paced-breathing", version: 3, contentHash: String(repeating: "ab", count: 32)),
    .answered(step: "tension", answer: .number(-7)),
    .answered(step: "tension", answer: .number(Int.max)),
    .answered(step: "worry", answer: .text(awkward)),
    .answered(step: "worry", answer: .text("")),
    .answered(step: "values", answer: .options(["health", "family", awkward])),
    .answered(step: "values", answer: .options([])),
    .answered(step: "red-flags", answer: .safety(flagged: true)),
    .answered(step: "red-flags", answer: .safety(flagged: false)),
    .continued(step: "intro"),
    .timerFinished(step: "breathe", seconds: 300),
    .skipped(step: "optional-note"),
    .wentBack(to: "tension"),
    .paused, .resumed, .abandoned, .completed,
    .safetyStopped(step: "red-flags"),
  ]

  @Test("every kind but migrated is written byte for byte as JSONEncoder writes it", arguments: events)
  func sameAsEncoder(event: SessionEvent) throws {
    let direct = try #require(EventJSON.encode(event))
    #expect(direct == (try JSONColumn.encode(event)))
    #expect(try JSONColumn.decode(SessionEvent.self, from: direct, record: "test") == event)
  }

  @Test("a migration, carrying a whole module, is left to the encoder")
  func migratedFallsBack() {
    let module = Module(
      id: "m", version: 2, title: "M", approach: .act, minutes: 5, summary: "S",
      steps: [Step(id: "a", kind: .text(body: "Hello"))])
    #expect(EventJSON.encode(.migrated(module: module, contentHash: "h", steps: ["old": "a"])) == nil)
  }
}
