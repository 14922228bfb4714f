import Foundation
import TandemBase
import TandemTherapy

/// A fresh directory under the system's temporary directory, removed when the test is done.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
  let template = (NSTemporaryDirectory() as NSString).appendingPathComponent("tandem-store-test.XXXXXX")
  var buffer = Array(template.utf8CString)
  guard let created = mkdtemp(&buffer) else { throw FixtureError.noTemporaryDirectory }
  let directory = String(cString: created)
  defer { try? FileManager.default.removeItem(atPath: directory) }
  return try body(directory)
}

/// Why a fixture could not be set up.
enum FixtureError: Error {
  case noTemporaryDirectory
}

/// A date a whole number of milliseconds after 1970, as the store keeps dates.
func date(milliseconds: Int64) -> Date {
  Date(timeIntervalSince1970: Double(milliseconds) / 1000)
}

/// The permission bits of a file or directory.
func mode(of path: String) throws -> Int {
  let attributes = try FileManager.default.attributesOfItem(atPath: path)
  return ((attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1) & 0o777
}

/// A small module with one step of each kind a session records.
let breathingModule = Module(
  id: "paced-breathing", version: 3, title: "Paced breathing", approach: .relaxation, process: .presentMoment,
  audience: [.adult, .teen], minutes: 5, summary: "Slow breathing to settle a tense body.",
  steps: [
    Step(id: "intro", title: "Before we start", kind: .text(body: "Sit comfortably.")),
    Step(
      id: "tension",
      kind: .scale(question: "How tense are you?", min: 0, max: 10, anchors: [.init(value: 0, label: "calm")]),
      rating: .init(name: "tension", phase: .before),
      marks: .init(id: SourceLocation(file: "m.yaml", line: 9, column: 7))
    ),
    Step(
      id: "breathe",
      kind: .timer(
        body: "Breathe in for four, out for six.", seconds: 60,
        phases: [.init(label: "in", seconds: 4), .init(label: "out", seconds: 6)])
    ),
    Step(id: "note", kind: .prompt(question: "What did you notice?", minLength: 1, maxLength: 200), optional: true),
  ],
  source: SourceLocation(file: "modules/paced-breathing.yaml", line: 1, column: 1))

/// The first events of a session on `breathingModule`.
let startEvents: [SessionEvent] = [.started(moduleID: "paced-breathing", version: 3, contentHash: "sha256:abc")]

/// A session on `breathingModule` as the store should return it.
func expectedSession(
  id: String, startedAt: Date, entries: [(sequence: Int64, at: Date, event: SessionEvent)]
) -> StoredSession {
  StoredSession(
    id: id, module: breathingModule.withoutSourcePositions, contentHash: "sha256:abc", startedAt: startedAt,
    entries: entries.map { JournalEntry(sequence: $0.sequence, recordedAt: $0.at, event: $0.event) })
}

/// Collects values from several threads.
final class ThreadSafeList<Element>: @unchecked Sendable {
  private let lock = NSLock()
  private var elements: [Element] = []

  func append(_ element: Element) {
    lock.lock()
    defer { lock.unlock() }
    elements.append(element)
  }

  var all: [Element] {
    lock.lock()
    defer { lock.unlock() }
    return elements
  }
}
