import Foundation
import TandemBase
import Testing

@testable import TandemContent

/// A temporary folder for one test's files.
final class Scratch {
  let root: URL

  init() {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-content-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  deinit { try? FileManager.default.removeItem(at: root) }

  /// Writes `text` to `name` and returns the path.
  @discardableResult
  func write(_ name: String, _ text: String) -> String {
    write(name, bytes: Array(text.utf8))
  }

  @discardableResult
  func write(_ name: String, bytes: [UInt8]) -> String {
    let url = root.appendingPathComponent(name)
    try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    FileManager.default.createFile(atPath: url.path, contents: Data(bytes))
    return url.path
  }

  var path: String { root.path }
}

/// The shipped-like snippets used by test modules.
let fixtureSnippets = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("snippets")
  .path

/// Text with `«name»` markers: the markers are removed and their 1-based positions kept, so a
/// test can say exactly where a diagnostic must point.
struct MarkedText {
  let text: String
  let marks: [String: (line: Int, column: Int)]

  init(_ marked: String) {
    var text = ""
    var marks: [String: (Int, Int)] = [:]
    var line = 1, column = 1
    var index = marked.startIndex
    while index < marked.endIndex {
      if marked[index] == "«", let close = marked[index...].firstIndex(of: "»") {
        marks[String(marked[marked.index(after: index)..<close])] = (line, column)
        index = marked.index(after: close)
        continue
      }
      let char = marked[index]
      text.append(char)
      if char == "\n" {
        line += 1
        column = 1
      } else {
        column += 1
      }
      index = marked.index(after: index)
    }
    self.text = text
    self.marks = marks
  }
}

/// Loads one marked module and returns `line:col: severity: message` for every diagnostic,
/// with the marker names substituted for positions, e.g. `«next»: error: unknown step 'x'`.
func diagnose(_ marked: String, name: String = "m.yaml") -> [String] {
  let scratch = Scratch()
  let source = MarkedText(marked)
  let path = scratch.write(name, source.text)
  let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
  return content.diagnostics.map { diagnostic in
    guard let location = diagnostic.location else { return "\(diagnostic.severity.rawValue): \(diagnostic.message)" }
    func place(_ location: TandemBase.SourceLocation) -> String {
      let mark = source.marks.first { $0.value.line == location.line && $0.value.column == location.column }?.key
      return mark.map { "«\($0)»" } ?? "\(location.line):\(location.column)"
    }
    let notes = diagnostic.notes.map { note in
      " | " + (note.location.map { place($0) + ": " } ?? "") + "note: \(note.message)"
    }
    return "\(place(location)): \(diagnostic.severity.rawValue): \(diagnostic.message)" + notes.joined()
  }
}

/// A valid module header followed by `steps`.
func module(_ steps: String, id: String = "m") -> String {
  """
  id: \(id)
  version: 1
  title: Test
  approach: act
  minutes: 5
  summary: A test module.
  steps:
  \(steps)
  """
}
