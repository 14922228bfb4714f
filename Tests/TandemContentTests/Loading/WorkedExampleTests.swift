import Foundation
import Testing
import Yams

@testable import TandemContent
@testable import TandemTherapy

/// The hand-worked examples in docs/measures.md score exactly as the scorer does.
@Suite("measures: the worked examples in docs/measures.md")
struct WorkedExampleTests {
  struct Example: Decodable {
    var measure: String
    var answers: [String]
    var total: Int?
    var band: String?
    var prorated: Bool
    var crisis: Bool
    var subscales: [String: Subscale]

    struct Subscale: Decodable, Equatable {
      var total: Int?
      var positive: Bool?
    }
  }

  /// Every ```worked-example block, with the line it starts on.
  static func examples() throws -> [(line: Int, example: Example)] {
    let text = try String(contentsOfFile: ShippedContent.repository + "/docs/measures.md", encoding: .utf8)
    var found: [(Int, Example)] = []
    var block: [String]?
    var start = 0
    for (number, line) in text.components(separatedBy: "\n").enumerated() {
      if block == nil, line.trimmingCharacters(in: .whitespaces) == "```worked-example" {
        block = []
        start = number + 1
      } else if let lines = block, line.trimmingCharacters(in: .whitespaces) == "```" {
        found.append((start, try YAMLDecoder().decode(Example.self, from: lines.joined(separator: "\n"))))
        block = nil
      } else if block != nil {
        block?.append(line)
      }
    }
    return found
  }

  @Test("every example gives the total, band, proration, crisis and subscales the scorer gives")
  func examplesScore() throws {
    let examples = try Self.examples()
    let perMeasure = Dictionary(grouping: examples, by: \.example.measure).mapValues(\.count)
    #expect(perMeasure.keys.sorted() == ["gad-7", "pedmidas", "phq-4", "phq-9"])
    #expect(perMeasure.values.allSatisfy { $0 >= 3 }, "\(perMeasure)")
    for (line, example) in examples {
      let measure = try #require(ShippedContent.measures[example.measure], "docs/measures.md:\(line)")
      try #require(example.answers.count == measure.items.count, "docs/measures.md:\(line): one answer per item")
      var answers: [String: Answer] = [:]
      for (item, typed) in zip(measure.items, example.answers) where typed != "skip" {
        switch item.response {
        case .options: answers[item.id] = .options([typed])
        case .count: answers[item.id] = Int(typed).map(Answer.number)
        }
      }
      let score = measure.score(answers)
      let place = Comment(rawValue: "docs/measures.md:\(line)")
      #expect(score.total == example.total, place)
      #expect(score.band == example.band, place)
      #expect(score.prorated == example.prorated, place)
      #expect(score.crisis == example.crisis, place)
      let subscales = Dictionary(
        uniqueKeysWithValues: score.subscales.map { ($0.id, Example.Subscale(total: $0.total, positive: $0.positive)) })
      #expect(subscales == example.subscales, place)
    }
  }

  @Test("an option id no item offers is not a silent zero: the item counts as missing")
  func unknownOptionIsMissing() throws {
    let measure = try #require(ShippedContent.measures["phq-9"])
    var answers: [String: Answer] = [:]
    for item in measure.items { answers[item.id] = .options(["not-at-all"]) }
    answers["down"] = .options(["sometimes"])
    let score = measure.score(answers)
    #expect(score.missing == ["down"] && score.prorated && score.total == 0)
    answers["self-harm"] = nil
    #expect(measure.score(answers).total == nil, "item 9 is never imputed")
  }
}
