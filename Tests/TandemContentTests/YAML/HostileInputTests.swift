import Foundation
import Testing

@testable import TandemContent

@Suite("Hostile input")
struct HostileInputTests {
  func load(bytes: [UInt8]) -> LoadedContent {
    let scratch = Scratch()
    let path = scratch.write("m.yaml", bytes: bytes)
    return ContentLoader.load(paths: [path], snippetPaths: [fixtureSnippets])
  }

  func messages(_ content: LoadedContent) -> [String] {
    content.diagnostics.map { d in "\(d.location.map { "\($0.line):\($0.column)" } ?? "-"): \(d.message)" }
  }

  @Test("a file over 1 MiB is refused without being parsed")
  func huge() {
    let content = load(bytes: Array(("title: " + String(repeating: "x", count: 1 << 20)).utf8))
    #expect(messages(content) == ["1:1: file is larger than 1 MiB (1048583 bytes); split it"])
  }

  @Test("binary data and invalid UTF-8 are named, with their position")
  func binary() {
    #expect(
      messages(load(bytes: Array("id: m\nti".utf8) + [0, 1, 2])) == [
        "2:3: file contains binary data (a NUL byte); modules are UTF-8 text"
      ])
    #expect(
      messages(load(bytes: Array("id: m\ntitle: caf".utf8) + [0xE9, 0x0A])) == [
        "2:11: file is not valid UTF-8 text (byte 0xE9)"
      ])
    #expect(messages(load(bytes: [0xFF, 0xFE, 0x41, 0x00])).count == 1)
  }

  @Test("a billion-laughs alias bomb ends in a diagnostic, quickly and without blowing up memory")
  func aliasBomb() {
    var yaml = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for level in 1...9 {
      let refs = Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
      yaml += "a\(level): &a\(level) [\(refs)]\n"
    }
    let start = Date()
    let content = load(bytes: Array(yaml.utf8))
    #expect(Date().timeIntervalSince(start) < 1)
    #expect(
      messages(content).first?.contains("aliases expand this file to more than 200000 nodes") == true,
      "\(messages(content))")
  }

  @Test("very deep nesting is refused")
  func deepNesting() {
    let depth = 100_000
    let content = load(bytes: Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8))
    #expect(messages(content).count == 1)
    #expect(messages(content).first?.hasSuffix("nesting is deeper than 64 levels") == true)
  }

  @Test("control characters and escape sequences never reach a message raw")
  func controlCharacters() {
    let content = load(bytes: Array("id: m\n\u{1B}[31mevil\u{07}: 1\n".utf8))
    for diagnostic in content.diagnostics {
      #expect(!diagnostic.rendered().unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }
    #expect(content.diagnostics.hasErrors)
    let quoted = load(bytes: Array(module("  - id: a\n    kind: text\n    body: x\n    next: \"\\e[2Jgone\"").utf8))
    #expect(messages(quoted).contains { $0.contains("unknown step '\\u{1b}[2Jgone'") })
  }

  @Test("several documents, empty files and non-mapping roots are clear errors")
  func shapes() {
    #expect(
      messages(load(bytes: Array("id: a\n---\nid: b\n".utf8))) == [
        "2:1: a file holds one document; found a second '---'"
      ])
    #expect(messages(load(bytes: [])) == ["1:1: file is empty"])
    #expect(messages(load(bytes: Array("- a\n- b\n".utf8))) == ["1:1: expected a mapping for module, found a list"])
  }

  /// The official YAML test suite: every input ends in a result or a clean diagnostic, each within a second.
  @Test("every case of the YAML test suite ends cleanly, each within a second")
  func yamlTestSuite() throws {
    // Vendored beside this test target (MIT), so a fresh clone runs it with nothing beside it.
    let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("YAMLTestSuite/cases")
    let enumerator = FileManager.default.enumerator(atPath: cases.path)
    var inputs: [String] = []
    while let relative = enumerator?.nextObject() as? String {
      if relative.hasSuffix("in.yaml") { inputs.append(String(relative.dropLast("in.yaml".count))) }
    }
    inputs.sort()
    #expect(inputs.count == 402)
    var rejected = 0
    var mustReject = 0
    for name in inputs {
      let folder = cases.appendingPathComponent(name)
      let file = folder.appendingPathComponent("in.yaml").path
      let shouldFail = FileManager.default.fileExists(atPath: folder.appendingPathComponent("error").path)
      let start = Date()
      let content = ContentLoader.load(paths: [file], snippetPaths: [fixtureSnippets])
      let elapsed = Date().timeIntervalSince(start)
      #expect(elapsed < 1, "case \(name) took \(elapsed) s")
      for diagnostic in content.diagnostics {
        #expect(diagnostic.location?.file == file, "case \(name): \(diagnostic)")
        #expect(!diagnostic.message.isEmpty)
      }
      if shouldFail {
        mustReject += 1
        if content.diagnostics.contains(where: {
          $0.category == "yaml-syntax" || $0.message.contains("duplicate key")
        }) {
          rejected += 1
        }
      }
      // None of these is a Tandem module, so none may load as one.
      #expect(content.modules.isEmpty, "case \(name) loaded as a module")
    }
    // libyaml accepts a few inputs the spec rejects; it must still catch the great majority.
    #expect(
      Double(rejected) >= Double(mustReject) * 0.8,
      "rejected \(rejected) of \(mustReject) invalid inputs as invalid YAML")
  }
}
