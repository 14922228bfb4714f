// Session replay: load a 200-event session from the store and derive its state.

import ArgumentParser
import Foundation
import TandemContent
import TandemStore
import TandemTherapy

/// Resuming a session: its events read back and replayed through the session machine.
struct ReplayBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "replay", abstract: "Load a 200-event session from the store and derive its state.")

  @OptionGroup var options: BenchOptions
  @Flag(help: "Only loop the replay, for a profiler.")
  var profile = false

  func run() throws {
    let workspace = try Workspace(options)
    workspace.finish(summary: Self.measure(in: workspace, loopForProfiler: profile))
  }

  static func measure(in workspace: Workspace) -> [String] { measure(in: workspace, loopForProfiler: false) }

  static func measure(in workspace: Workspace, loopForProfiler: Bool) -> [String] {
    var summary: [String] = []
    let replayRuns = workspace.options.quick ? 10 : 100
    let replaySession = "00000000-0000-4000-8000-000000000002"
    let modules = workspace.corpus().loaded.modules
    guard let replayModule = modules.max(by: { $0.module.steps.count < $1.module.steps.count }) else {
      workspace.fail("no module to replay")
    }
    let replayEvents = realisticEvents(module: replayModule.module, count: 200, contentHash: replayModule.contentHash)
    print(
      "== 4. Session replay: a \(replayEvents.count)-event session on a \(replayModule.module.steps.count)-step module, \(replayRuns) runs"
    )
    let store: SQLiteStore
    do {
      store = try SQLiteStore(path: workspace.path + "/replay/tandem.sqlite")
      try store.startSession(
        id: replaySession, module: replayModule.module, contentHash: replayModule.contentHash,
        events: Array(replayEvents.prefix(1)), at: Date())
      try store.append(Array(replayEvents.dropFirst()), toSession: replaySession, at: Date())
    } catch {
      workspace.fail("cannot record the replay session: \(error)")
    }
    if loopForProfiler { loop(store: store, session: replaySession, in: workspace) }
    var fetchTimes: [Double] = []
    var stateTimes: [Double] = []
    var totalTimes: [Double] = []
    var lastState: SessionState?
    do {
      for run in 0...replayRuns {
        var loaded: StoredSession?
        let fetch = try time { loaded = try store.session(id: replaySession) }
        guard let session = loaded else { workspace.fail("the replay session is missing") }
        guard session.entries.count == replayEvents.count else {
          workspace.fail("the replay session has \(session.entries.count) events, expected \(replayEvents.count)")
        }
        var state: SessionState?
        let derive = time { state = session.state }
        lastState = state
        if run == 0 { continue }  // warm-up
        fetchTimes.append(fetch)
        stateTimes.append(derive)
        totalTimes.append(fetch + derive)
      }
    } catch {
      workspace.fail("cannot read the replay session: \(error)")
    }
    let replayTotal = Stats(totalTimes)
    printTable([
      Row(name: "load session + derive state", stats: replayTotal),
      Row(name: "  of which: store.session(id:)", stats: Stats(fetchTimes)),
      Row(name: "  of which: StoredSession.state", stats: Stats(stateTimes)),
    ])
    if let state = lastState {
      print(
        "state: \(state.status.rawValue) at \(state.current ?? "-"), \(state.answers.count) answers, path \(state.path.count) steps"
      )
    }
    summary.append("session replay (200 events) \(format(replayTotal.median)) per session")
    return summary
  }

  /// Loops the replay for a profiler, then exits.
  static func loop(store: SQLiteStore, session replaySession: String, in workspace: Workspace) -> Never {
    do {
      for _ in 0..<(workspace.options.quick ? 200 : 2000) {
        guard let session = try? store.session(id: replaySession) else { workspace.fail("replay session missing") }
        if session.state.answers.isEmpty { workspace.fail("no answers") }
      }
      workspace.fail("profile run done")
    }

  }
}
