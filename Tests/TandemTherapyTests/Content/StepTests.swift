import Foundation
import Testing

@testable import TandemBase
@testable import TandemTherapy

@Suite("Step: value semantics and stored form")
struct StepTests {
  let file = "Modules/m.yaml"

  func step() -> Step {
    var marks = Step.Marks(id: SourceLocation(file: file, line: 3, column: 9))
    marks.texts[.title] = SourceLocation(file: file, line: 5, column: 12)
    marks.texts[.question] = SourceLocation(file: file, line: 6, column: 15)
    marks.texts[.anchors, -5] = SourceLocation(file: file, line: 9, column: 7)
    marks.texts[.anchors, 10] = SourceLocation(file: file, line: 10, column: 7)
    return Step(
      id: "tension", title: "Tension", kind: .scale(question: "How tense?", min: -5, max: 10, anchors: []),
      optional: true, include: "intro", marks: marks)
  }

  @Test("changing a copy leaves the original as it was")
  func copiesAreIndependent() {
    let original = step()
    var copy = original
    copy.title = "Changed"
    copy.marks.texts[.title] = nil
    copy.kind = .text(body: "Now a page")
    #expect(original.title == "Tension")
    #expect(original.marks.texts["title"] == SourceLocation(file: file, line: 5, column: 12))
    #expect(original.kind.name == "scale")
    #expect(copy != original)
    copy.title = "Tension"
    copy.kind = original.kind
    copy.marks = original.marks
    #expect(copy == original)
    #expect(copy.hashValue == original.hashValue)
  }

  @Test("text positions answer by key text or by field, whatever order they were recorded in")
  func textMarksLookups() {
    var marks = TextMarks()
    marks["options.2"] = SourceLocation(file: file, line: 20, column: 5)
    marks[.options, 0] = SourceLocation(file: file, line: 16, column: 5)
    marks["body"] = SourceLocation(file: file, line: 4, column: 3)
    #expect(marks[.options, 2] == SourceLocation(file: file, line: 20, column: 5))
    #expect(marks["options.0"] == SourceLocation(file: file, line: 16, column: 5))
    #expect(marks[.body] == SourceLocation(file: file, line: 4, column: 3))
    #expect(marks["options.1"] == nil)
    #expect(marks["nonsense"] == nil)
    #expect(marks["body.1"] == nil)
    var other: TextMarks = [
      "body": SourceLocation(file: file, line: 4, column: 3),
      "options.0": SourceLocation(file: file, line: 16, column: 5),
      "options.2": SourceLocation(file: file, line: 20, column: 5),
    ]
    #expect(other == marks)
    other["options.0"] = nil
    #expect(other.count == 2)
    #expect(other != marks)
  }

  @Test("a step's JSON keeps the shape sessions were pinned with: text positions as a dictionary")
  func storedForm() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let json = String(decoding: try encoder.encode(step()), as: UTF8.self)
    #expect(json.contains(#""texts":{"anchors.-5":{"column":7,"file":"Modules\/m.yaml","line":9},"#))
    #expect(json.contains(#""include":"intro""#))
    #expect(json.contains(#""optional":true"#))
    #expect(try JSONDecoder().decode(Step.self, from: Data(json.utf8)) == step())

    // A step as an earlier Tandem stored it in a pinned module.
    let stored = #"""
      {"id":"pick","kind":{"choice":{"multiple":false,"options":[{"id":"a","label":"A"}],"question":"Which?"}},
       "marks":{"id":{"column":9,"file":"m.yaml","line":2},"texts":{"options.0":{"column":14,"file":"m.yaml","line":6},
       "question":{"column":15,"file":"m.yaml","line":4}}},"optional":false}
      """#
    let decoded = try JSONDecoder().decode(Step.self, from: Data(stored.utf8))
    #expect(decoded.id == "pick")
    #expect(decoded.marks.texts[.options, 0] == SourceLocation(file: "m.yaml", line: 6, column: 14))
    #expect(decoded.marks.texts["question"] == SourceLocation(file: "m.yaml", line: 4, column: 15))
    #expect(decoded.include == nil)
  }
}
