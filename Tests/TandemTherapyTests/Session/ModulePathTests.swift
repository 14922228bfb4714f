import Foundation
import TandemTestFixtures
import Testing

@testable import TandemTherapy

/// The order modules are suggested in, and which one the home screen offers next.
@Suite("Module path")
struct ModulePathTests {
  static func module(_ id: String, _ approach: Approach, process: ACTProcess? = nil, minutes: Int = 10) -> Module {
    Module(
      id: id, version: 1, title: id, approach: approach, process: process, minutes: minutes, summary: "About \(id).",
      steps: [Step(id: "one", kind: .text(body: "One."))])
  }

  static func session(_ id: String, _ module: Module, _ end: Date, status: SessionEvent) -> StoredSession {
    let events: [SessionEvent] = [
      .started(moduleID: module.id, version: 1, contentHash: "h"), .continued(step: "one"), status,
    ]
    let entries = events.enumerated().map { i, event in
      JournalEntry(
        sequence: Int64(i + 1), recordedAt: end.addingTimeInterval(Double(i - events.count + 1)), event: event)
    }
    return StoredSession(id: id, module: module, contentHash: "h", startedAt: entries[0].recordedAt, entries: entries)
  }

  static let modules = [
    module("committed", .act, process: .committedAction),
    module("defusion", .act, process: .defusion),
    module("long-relaxation", .relaxation, minutes: 20),
    module("acceptance", .act, process: .acceptance),
    module("short-relaxation", .relaxation, minutes: 8),
    module("values", .act, process: .values),
    module("plan", .education),
    module("mindful", .mindfulness, process: .presentMoment),
  ]

  @Test("education, then relaxation shortest first, then ACT processes in the order they build on each other")
  func order() {
    #expect(
      ModulePath.ordered(Self.modules).map(\.id) == [
        "plan", "short-relaxation", "long-relaxation", "acceptance", "values", "defusion", "mindful", "committed",
      ])
    #expect(ModulePath.entries(Self.modules, sessions: []).map(\.position) == Array(1...8))
  }

  @Test("completed sessions count and date each module; abandoned ones do not")
  func completions() throws {
    let plan = Self.modules[6]
    let sessions = [
      Self.session("a", plan, instant("2026-03-02T19:00:00Z"), status: .completed),
      Self.session("b", plan, instant("2026-03-09T19:00:00Z"), status: .completed),
      Self.session("c", Self.modules[4], instant("2026-03-10T19:00:00Z"), status: .abandoned),
    ]
    let entries = ModulePath.entries(Self.modules, sessions: sessions)
    let first = try #require(entries.first)
    #expect(first.moduleID == "plan" && first.timesCompleted == 2)
    #expect(first.lastCompleted == instant("2026-03-09T19:00:00Z"))
    #expect(
      entries[1].moduleID == "short-relaxation" && entries[1].timesCompleted == 0 && entries[1].lastCompleted == nil)
    #expect(ModulePath.next(entries)?.moduleID == "short-relaxation")
    #expect(ModulePath.next(entries)?.reason == .nextInOrder)
    #expect(ModulePath.next(entries, excluding: "short-relaxation")?.moduleID == "long-relaxation")
  }

  @Test("with every module done, the one practised least recently is suggested again")
  func practiseAgain() {
    let sessions = Self.modules.enumerated().map { index, module in
      // "values" was done first of all, so it is the stalest.
      let day = module.id == "values" ? 1 : index + 2
      return Self.session(
        module.id, module, instant("2026-03-\(String(format: "%02d", day))T19:00:00Z"), status: .completed)
    }
    let entries = ModulePath.entries(Self.modules, sessions: sessions)
    #expect(ModulePath.next(entries) == .init(moduleID: "values", title: "values", minutes: 10, reason: .practiseAgain))
    #expect(ModulePath.next([]) == nil)
    #expect(ModulePath.next(Array(entries.prefix(1)), excluding: "plan") == nil)
  }
}
