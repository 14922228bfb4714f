// Durable answer: SQLiteStore.append per answer vs a raw SQLite INSERT + COMMIT (WAL, FULL), with
// the gap broken down (the store's schema through the C API, GRDB with a cached statement, JSON).

import ArgumentParser
import Foundation
import GRDB
import TandemContent
import TandemStore
import TandemTherapy

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Committing one answer durably, next to a raw SQLite commit.
struct AnswerBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "answer", abstract: "Commit one answer through the store vs a raw SQLite INSERT + COMMIT.")

  /// A hot path looped for a profiler (`perf record`) instead of the timed runs.
  enum Profile: String, ExpressibleByArgument, CaseIterable {
    case append, raw
  }

  @OptionGroup var options: BenchOptions
  @Option(help: "Only loop one hot path, for a profiler: append or raw.")
  var profile: Profile?

  func run() throws {
    let workspace = try Workspace(options)
    workspace.finish(summary: Self.measure(in: workspace, profile: profile))
  }

  static func measure(in workspace: Workspace) -> [String] { measure(in: workspace, profile: nil) }

  static func measure(in workspace: Workspace, profile: Profile?) -> [String] {
    var summary: [String] = []
    let commits = workspace.options.quick ? 60 : 300
    print("== 2. Durable answer: \(commits) commits each, interleaved one by one, WAL + synchronous=FULL")
    guard let pinned = workspace.corpus().loaded.modules.first else { workspace.fail("no module to pin") }
    let answerText = "I noticed my shoulders were tight and my jaw was clenched, so I took a short walk after lunch"
    let answerEvent = SessionEvent.answered(step: "prompt-4", answer: .text(answerText))
    let payload: String
    do {
      // The same encoding as the store's JSON column (sorted keys, no escaped slashes).
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
      payload = String(decoding: try encoder.encode(answerEvent), as: UTF8.self)
    } catch {
      workspace.fail("cannot encode the event: \(error)")
    }
    let storePath = workspace.path + "/store/tandem.sqlite"
    let store: SQLiteStore
    let raw: RawSQLite
    let rawSchema: RawSQLite
    let answerSession = "00000000-0000-4000-8000-000000000001"
    do {
      store = try SQLiteStore(path: storePath)
      try store.startSession(
        id: answerSession, module: pinned.module, contentHash: pinned.contentHash,
        events: [.started(moduleID: pinned.module.id, version: pinned.module.version, contentHash: pinned.contentHash)],
        at: Date())
      raw = try RawSQLite(path: workspace.path + "/raw.sqlite")
      // The store's own schema (index, triggers, CHECKs), written through the C API: splits the
      // gap between the store and the floor into schema cost and GRDB/Swift cost.
      let schemaPath = workspace.path + "/schema/tandem.sqlite"
      let schemaStore = try SQLiteStore(path: schemaPath)
      try schemaStore.startSession(
        id: answerSession, module: pinned.module, contentHash: pinned.contentHash,
        events: [.started(moduleID: pinned.module.id, version: pinned.module.version, contentHash: pinned.contentHash)],
        at: Date())
      try schemaStore.close()
      rawSchema = try RawSQLite(path: schemaPath)
      print(
        "raw sqlite: journal_mode=\(try raw.pragma("journal_mode")), synchronous=\(try raw.pragma("synchronous")) (2 = FULL); payload \(payload.utf8.count) bytes"
      )
    } catch {
      workspace.fail("cannot prepare the stores: \(error)")
    }
    if let profile {
      loop(profile, store: store, raw: raw, event: answerEvent, session: answerSession, payload: payload, in: workspace)
    }
    var storeCommits: [Double] = []
    var rawCommits: [Double] = []
    var schemaCommits: [Double] = []
    var grdbCommits: [Double] = []
    var cpuTimes: [[Double]] = [[], [], [], []]
    var encodeTimes: [Double] = []
    let sharedEncoder = JSONEncoder()
    sharedEncoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    do {
      // GRDB itself on the store's schema, the way the store could write: one cached INSERT, no
      // existence check, no Codable record.
      let grdbPath = workspace.path + "/grdb/tandem.sqlite"
      let grdbStore = try SQLiteStore(path: grdbPath)
      try grdbStore.startSession(
        id: answerSession, module: pinned.module, contentHash: pinned.contentHash,
        events: [.started(moduleID: pinned.module.id, version: pinned.module.version, contentHash: pinned.contentHash)],
        at: Date())
      try grdbStore.close()
      let pool = try DatabasePool(path: grdbPath)
      try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
      let insertSQL = """
        INSERT INTO journal (stream_type, stream, kind, payload, recorded_at, event_id, device_id)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        """
      func grdbAppend(_ stamp: String) throws {
        try pool.write { db in
          try db.cachedStatement(sql: insertSQL).execute(arguments: [
            "session", answerSession, "answered", payload, stamp, UUID().uuidString.lowercased(), benchDeviceID,
          ])
        }
      }
      // Warm-up: a few commits of each.
      for _ in 0..<5 {
        try store.append([answerEvent], toSession: answerSession, at: Date())
        try raw.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: timestampText(Date()))
        try rawSchema.append(
          stream: answerSession, kind: "answered", payload: payload, recordedAt: timestampText(Date()))
        try grdbAppend(timestampText(Date()))
      }
      // One commit of each kind per iteration, in a rotating order, so that noise from other
      // processes and the disk falls on all of them alike.
      for iteration in 0..<commits {
        for slot in 0..<4 {
          let stamp = timestampText(Date())
          let which = (slot + iteration) % 4
          let measured: (wall: Double, cpu: Double)
          switch which {
          case 0:
            measured = try timeWithCPU { try store.append([answerEvent], toSession: answerSession, at: Date()) }
            storeCommits.append(measured.wall)
          case 1:
            measured = try timeWithCPU {
              try raw.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: stamp)
            }
            rawCommits.append(measured.wall)
          case 2:
            measured = try timeWithCPU {
              try rawSchema.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: stamp)
            }
            schemaCommits.append(measured.wall)
          default:
            measured = try timeWithCPU { try grdbAppend(stamp) }
            grdbCommits.append(measured.wall)
          }
          cpuTimes[which].append(measured.cpu)
        }
        // The Swift work before the store's write: JSON-encode the event (one shared encoder,
        // as the store keeps), format the timestamp.
        encodeTimes.append(
          try time {
            let text = String(decoding: try sharedEncoder.encode(answerEvent), as: UTF8.self)
            if text.isEmpty || timestampText(Date()).isEmpty { workspace.fail("empty") }
          })
      }
      try pool.close()
    } catch {
      workspace.fail("commit failed: \(error)")
    }
    let storeStats = Stats(storeCommits)
    let rawStats = Stats(rawCommits)
    printTable([
      Row(name: "SQLiteStore.append (1 answer)", stats: storeStats, note: "p90 \(format(storeStats.percentile(0.9)))"),
      Row(name: "floor: raw INSERT + COMMIT (C API)", stats: rawStats, note: "p90 \(format(rawStats.percentile(0.9)))"),
    ])
    print("breakdown of the gap:")
    let schemaStats = Stats(schemaCommits)
    printTable([
      Row(
        name: "raw C API into the store's schema", stats: schemaStats,
        note: "p90 \(format(schemaStats.percentile(0.9))) (index, triggers, CHECKs)"),
      Row(
        name: "GRDB pool.write + cached INSERT, same schema", stats: Stats(grdbCommits),
        note: "p90 \(format(Stats(grdbCommits).percentile(0.9)))"),
      Row(
        name: "JSONEncoder on the event + timestamp", stats: Stats(encodeTimes),
        note: "(no database; for reference: the store writes answers' JSON directly)"),
    ])
    print("on-CPU time per commit (this thread's CPU clock, user + kernel; waits for the disk excluded):")
    printTable([
      Row(name: "SQLiteStore.append", stats: Stats(cpuTimes[0])),
      Row(name: "raw INSERT + COMMIT (floor)", stats: Stats(cpuTimes[1])),
      Row(name: "raw C API into the store's schema", stats: Stats(cpuTimes[2])),
      Row(name: "GRDB pool.write + cached INSERT", stats: Stats(cpuTimes[3])),
    ])
    let answerRatio = storeStats.median / rawStats.median

    ratioLine(
      "ratio append / raw (median)", storeStats.median, rawStats.median, target: "≤ 1.2×", ok: answerRatio <= 1.2)
    let cpuRatio = Stats(cpuTimes[0]).median / Stats(cpuTimes[1]).median
    print(
      String(
        format: "%@ %.2f× (median on-CPU time; the disk's latency is the noisy part of the wall time)",
        pad("ratio append / raw, on-CPU", 44), cpuRatio))
    summary.append(
      String(
        format: "durable answer %@ vs raw %@: %.2f× (target ≤ 1.2×); on-CPU %@ vs %@: %.2f×", format(storeStats.median),
        format(rawStats.median), answerRatio, format(Stats(cpuTimes[0]).median), format(Stats(cpuTimes[1]).median),
        cpuRatio
      ))
    return summary
  }

  /// Loops one kind of commit for a profiler, then exits.
  static func loop(
    _ profile: Profile, store: SQLiteStore, raw: RawSQLite, event answerEvent: SessionEvent,
    session answerSession: String,
    payload: String, in workspace: Workspace
  ) -> Never {
    do {
      do {
        for _ in 0..<(workspace.options.quick ? 500 : 3000) {
          if profile == .append {
            try store.append([answerEvent], toSession: answerSession, at: Date())
          } else {
            try raw.append(stream: answerSession, kind: "answered", payload: payload, recordedAt: timestampText(Date()))
          }
        }
      } catch {
        workspace.fail("\(error)")
      }
      workspace.fail("profile run done")
    }

  }
}
