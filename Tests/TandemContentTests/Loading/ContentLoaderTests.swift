import Foundation
import Testing

@testable import TandemContent

@Suite("ContentLoader: many files, read on every core")
struct ContentLoaderTests {
  /// 120 modules: most valid, some with errors of different kinds, one id used twice.
  func corpus(_ scratch: Scratch) {
    for number in 0..<120 {
      let id = number == 77 ? "module-5" : "module-\(number)"
      var steps = """
          - id: intro
            kind: text
            body: |
              Page \(number).
          - id: rate
            kind: scale
            question: "How tense, from 0 to 10?"
            anchors: { 0: calm, 10: very tense }
          - id: pick
            kind: choice
            question: Which?
            options:
              - { id: a, label: A }
              - { id: b, label: B, next: \(number % 9 == 0 ? "nowhere" : "end") }
          - id: note
            kind: prompt
            when: "rate > 5"
            question: You said {{rate}}. What helps?
        """
      if number % 13 == 0 { steps += "\n    colour: blue" }
      if number % 17 == 0 { steps = steps.replacingOccurrences(of: "kind: prompt", with: "kind: promt") }
      // Each file is named after its module; the one that repeats an id sits in a folder of its own.
      scratch.write(number == 77 ? "modules/again/\(id).yaml" : "modules/\(id).yaml", module(steps, id: id))
    }
    scratch.write("modules/broken.yaml", "id: [unclosed\n")
  }

  @Test("the result is the same with one worker or several: modules, hashes and every diagnostic in order")
  func workersDoNotChangeTheResult() throws {
    let scratch = Scratch()
    corpus(scratch)
    let serial = ContentLoader.load(paths: [scratch.path + "/modules"], snippetPaths: [fixtureSnippets], workers: 1)
    let snippetFiles = try FileManager.default.contentsOfDirectory(atPath: fixtureSnippets).count
    #expect(serial.fileCount == 121 + snippetFiles)
    #expect(serial.diagnostics.count > 20)
    #expect(!serial.modules.isEmpty)
    for workers in [2, 4, 7] {
      let parallel = ContentLoader.load(
        paths: [scratch.path + "/modules"], snippetPaths: [fixtureSnippets], workers: workers)
      #expect(parallel.modules.map(\.module) == serial.modules.map(\.module))
      #expect(parallel.modules.map(\.contentHash) == serial.modules.map(\.contentHash))
      #expect(parallel.diagnostics == serial.diagnostics)
      #expect(parallel.fileCount == serial.fileCount)
    }
  }

  @Test("a folder's module whose extension is in capitals is loaded, as when it is named directly")
  func capitalExtension() {
    let scratch = Scratch()
    let text = module("  - id: intro\n    kind: text\n    body: Hello.", id: "worry-time")
    let direct = ContentLoader.load(
      paths: [scratch.write("modules/worry-time.YAML", text)], snippetPaths: [fixtureSnippets])
    let folder = ContentLoader.load(paths: [scratch.path + "/modules"], snippetPaths: [fixtureSnippets])
    #expect(direct.modules.map(\.module.id) == ["worry-time"])
    #expect(folder.modules.map(\.module.id) == ["worry-time"])
  }

  @Test("an anchored list used again through an alias loads in full in both places")
  func aliasesShareContent() throws {
    let scratch = Scratch()
    let path = scratch.write(
      "m.yaml",
      module(
        """
          - id: first
            kind: choice
            question: First?
            options: &shared
              - { id: yes, label: "Yes, \\"quoted\\"" }
              - { id: no, label: No }
          - id: second
            kind: choice
            question: Second?
            options: *shared
        """))
    let content = ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
    #expect(content.diagnostics.isEmpty)
    let loaded = try #require(content.module("m"))
    guard case .choice(_, _, let first) = loaded.module.steps[0].kind,
      case .choice(_, _, let second) = loaded.module.steps[1].kind
    else {
      Issue.record("expected two choices")
      return
    }
    #expect(first.map(\.label) == ["Yes, \"quoted\"", "No"])
    #expect(second.map(\.id) == first.map(\.id))
    #expect(loaded.module.steps[0].marks.texts[.options, 0]?.column == 28)
    #expect(
      loaded.module.steps[1].marks.texts[.options, 0]?.line == loaded.module.steps[0].marks.texts[.options, 0]?.line)
  }

  @Test("a file is a snippet when a folder above it is named snippets; the catalogue by its name")
  func fileKinds() {
    for path in ["snippets/a.yaml", "Content/snippets/a.yaml", "/x/snippets/deeper/b.yaml", "./snippets/c.yml"] {
      #expect(ContentLoader.isSnippet(path), "\(path)")
    }
    for path in ["snippets.yaml", "my-snippets/a.yaml", "a/snippets", "Modules/a.yaml", "snippetsx/a.yaml"] {
      #expect(!ContentLoader.isSnippet(path), "\(path)")
    }
    #expect(ContentLoader.isCatalogue("Content/medications.yaml"))
    #expect(ContentLoader.isCatalogue("medications.yaml"))
    #expect(!ContentLoader.isCatalogue("Content/my-medications.yaml"))
  }

  @Test("a file saved with Windows line endings gets the same positions and caret lines as one with LF")
  func windowsLineEndings() throws {
    let scratch = Scratch()
    // Field errors (found while decoding), and a placeholder error inside a block scalar
    // (found by the validator, which runs only on a module that decoded).
    let fieldErrors = module(
      """
        - id: a
          kind: text
          body: Hello.
          colour: red
        - id: b
          kind: prompt
          when: "a == 'x' and"
          question: What helps?
      """, id: "fields")
    let placeholder = module(
      """
        - id: a
          kind: text
          body: |
            Hello again.
            You said {{nope}}.
      """, id: "placeholder")
    for (id, text) in [("fields", fieldErrors), ("placeholder", placeholder)] {
      scratch.write("lf/\(id).yaml", text)
      scratch.write("crlf/\(id).yaml", text.replacingOccurrences(of: "\n", with: "\r\n"))
    }
    let unix = ContentLoader.load(paths: [scratch.path + "/lf"], snippetPaths: [fixtureSnippets])
    let windows = ContentLoader.load(paths: [scratch.path + "/crlf"], snippetPaths: [fixtureSnippets])
    #expect(unix.diagnostics.count == 3)
    #expect(unix.diagnostics.contains { $0.message.contains("'nope'") && $0.location?.column == 16 })
    #expect(windows.diagnostics.map(\.message) == unix.diagnostics.map(\.message))
    #expect(windows.diagnostics.map { $0.location?.line } == unix.diagnostics.map { $0.location?.line })
    #expect(windows.diagnostics.map { $0.location?.column } == unix.diagnostics.map { $0.location?.column })
    #expect(windows.diagnostics.map(\.sourceLine) == unix.diagnostics.map(\.sourceLine))
    #expect(windows.diagnostics.allSatisfy { $0.sourceLine != nil && !($0.sourceLine ?? "").contains("\r") })
  }
}
