import Foundation
import Testing

@testable import TandemTherapy

/// Scores over time as progress and the report read them, and the crisis rule that no rules file
/// can switch off.
@Suite("measures: history and the built-in crisis rule")
struct MeasureHistoryTests {
  static func score(total: Int, crisis: Bool) -> MeasureScore {
    MeasureScore(
      measure: "phq-9", measureVersion: 1, items: ["self-harm": crisis ? 1 : 0], missing: [], total: total,
      prorated: false, band: "mild", subscales: [], crisis: crisis)
  }

  static func session(_ id: String, at start: Date, scores: [MeasureScore]) -> StoredSession {
    let module = Module(
      id: "mood-check", version: 1, title: "Mood", approach: .checkIn, minutes: 4, summary: "s",
      steps: [Step(id: "intro", kind: .text(body: "Hi"))])
    var entries = [
      JournalEntry(
        sequence: 1, recordedAt: start, event: .started(moduleID: "mood-check", version: 1, contentHash: "h"))
    ]
    for (index, score) in scores.enumerated() {
      entries.append(
        JournalEntry(
          sequence: Int64(index + 2), recordedAt: start.addingTimeInterval(Double(index + 1) * 60),
          event: .scored(step: "mood", score: score)))
    }
    return StoredSession(id: id, module: module, contentHash: "h", startedAt: start, entries: entries)
  }

  @Test("the latest score of a questionnaire in a session counts, but a crisis item once endorsed stays on record")
  func crisisStays() {
    let day = Date(timeIntervalSince1970: 1_780_000_000)
    let changed = Self.session(
      "a", at: day, scores: [Self.score(total: 9, crisis: true), Self.score(total: 8, crisis: false)])
    let later = Self.session(
      "b", at: day.addingTimeInterval(86_400 * 14), scores: [Self.score(total: 5, crisis: false)])
    let results = MeasureHistory.results([later, changed])
    #expect(results.map(\.score.total) == [8, 5])
    #expect(results.map(\.score.crisis) == [true, false])
    #expect(results.map(\.change) == [nil, -3])
  }

  @Test("the built-in crisis rule fires on a crisis item or high distress, before any rule of the file, once")
  func builtInCrisis() throws {
    let fileRule = SuggestionRule(
      id: "file-crisis", when: try Condition.parse("distress >= 5"), suggest: SuggestionRule.crisis, reason: "file")
    let other = SuggestionRule(
      id: "worry", when: try Condition.parse("gad-7 >= 10"), suggest: "worry-time", reason: "worry")
    for rules in [[], [other], [fileRule, other]] {
      let fired = FiredSuggestion.fire(SuggestionRule.withBuiltIns(rules), facts: ["crisis-item": 1, "gad-7": 12])
      #expect(fired.first?.rule == "crisis-first" && fired.first?.suggest == SuggestionRule.crisis)
      #expect(fired.filter { $0.suggest == SuggestionRule.crisis }.count == 1)
    }
    #expect(
      FiredSuggestion.fire(SuggestionRule.withBuiltIns([]), facts: ["distress": 9]).map(\.rule) == ["crisis-first"])
    #expect(FiredSuggestion.fire(SuggestionRule.withBuiltIns([]), facts: ["distress": 7, "crisis-item": 0]).isEmpty)
  }

  @Test("a recorded score that no measure could give is refused: ids, ranges, control characters")
  func impossibleScores() {
    var score = Self.score(total: 9, crisis: false)
    #expect(score.problem == nil)
    score.total = 999_999_999_999
    #expect(score.problem == "a score is out of range")
    score = Self.score(total: 9, crisis: false)
    score.measure = "ZZZ top"
    #expect(score.problem == "'measure' is not a measure id")
    score = Self.score(total: 9, crisis: false)
    score.band = "\u{1B}[31mevil"
    #expect(score.problem == "'band' must be 1 to 100 characters of text")
  }
}
