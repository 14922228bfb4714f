import Foundation
import Testing

/// `tandem lsp` and `tandem validate` agree on every finding: for deliberately broken modules,
/// each diagnostic starts at validate's `line:col` (less one, counted in UTF-16) with the same
/// message.
@Suite("tandem lsp positions match validate")
struct LanguageServerPositionTests {
  /// Broken modules by file name.
  static let modules: [String: String] = [
    "unknown-field.yaml": """
    id: unknown-field
    version: 1
    title: T
    approach: act
    minutes: 5
    summary: S.
    steps:
      - id: p
        kind: prompt
        question: How are you?
        colour: red
    """,
    "my fb.yaml": """
    id: "fb"
    version: 1
    title: T
    approach: act
    minutes: 5
    summary: S.
    steps:
      - id: p
        kind: prompt
        question: How are you?
    """,
    "placeholders.yaml": """
    id: placeholders
    version: 1
    title: T
    approach: act
    minutes: 5
    summary: S.
    steps:
      - id: pain
        kind: scale
        question: How bad?
        min: 0
        max: 10
      - id: thanks
        kind: text
        body: "🌿 é {{pian}} and {{nosuch}}"
    """,
    "when-option.yaml": """
    id: when-option
    version: 1
    title: T
    approach: act
    minutes: 5
    summary: S.
    steps:
      - id: pick
        kind: choice
        question: Which?
        options:
          - id: yes
            label: Yes
          - id: maybe
            label: Maybe
      - id: thanks
        kind: text
        body: Thanks.
        when: "pick == mayb"
    """,
    "tabs.yaml": "id: tabs\nversion: 1\ntitle: T\napproach: act\nminutes: 5\nsummary: S.\nsteps:\n\t- id: p\n",
    "emoji.yaml": """
    id: emoji
    version: 1
    title: T
    approach: act
    minutes: 5
    summary: S.
    steps:
      - {id: q, kind: text, body: "🌿🌬é", colour: red}
    """,
  ]

  struct Finding: Hashable, CustomStringConvertible {
    var line: Int
    var character: Int
    var message: String
    var description: String { "\(line):\(character) \(message)" }
  }

  static func frame(_ object: [String: Any]) throws -> String {
    let body = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    return "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
  }

  @Test("every diagnostic starts at validate's line:col in UTF-16, with validate's message")
  func positionsMatchValidate() throws {
    let sandbox = try Sandbox()
    let drafts = sandbox.root + "/drafts"
    try FileManager.default.createDirectory(atPath: drafts, withIntermediateDirectories: true)
    var input = try Self.frame([
      "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": ["capabilities": [:] as [String: Any]],
    ])
    var expected: [String: Set<Finding>] = [:]
    for (name, text) in Self.modules {
      let path = drafts + "/" + name
      try Data(text.utf8).write(to: URL(fileURLWithPath: path))
      let uri = URL(fileURLWithPath: path).absoluteString
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
      let result = try sandbox.run(["validate", "--format", "json", path])
      let report = try #require(try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
      let findings = try #require(report["findings"] as? [[String: Any]])
      expected[uri] = Set(
        findings.filter { $0["file"] as? String == path }.compactMap { finding in
          guard let line = finding["line"] as? Int, let column = finding["column"] as? Int,
            let message = finding["message"] as? String
          else { return nil }
          // Columns count Unicode scalars; the protocol counts UTF-16 units.
          let character = lines[line - 1].unicodeScalars.prefix(column - 1).reduce(0) { $0 + $1.utf16.count }
          return Finding(line: line - 1, character: character, message: message)
        })
      #expect(expected[uri]?.isEmpty == false, "validate found nothing in \(name)")
      input += try Self.frame([
        "jsonrpc": "2.0", "method": "textDocument/didOpen",
        "params": ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]],
      ])
    }
    input += try Self.frame(["jsonrpc": "2.0", "id": 2, "method": "shutdown"])
    input += try Self.frame(["jsonrpc": "2.0", "method": "exit"])
    let run = try LanguageServerBadInputTests.run(input)
    #expect(run.status == 0)
    var published: [String: Set<Finding>] = [:]
    for message in run.messages where message["method"] as? String == "textDocument/publishDiagnostics" {
      let params = try #require(message["params"] as? [String: Any])
      let uri = try #require(params["uri"] as? String)
      let diagnostics = try #require(params["diagnostics"] as? [[String: Any]])
      published[uri] = Set(
        diagnostics.compactMap { diagnostic in
          guard let range = diagnostic["range"] as? [String: [String: Int]], let start = range["start"],
            let end = range["end"], let line = start["line"], let character = start["character"],
            let message = diagnostic["message"] as? String
          else { return nil }
          #expect(end["line"] == line && (end["character"] ?? 0) > character, "\(message): empty range")
          return Finding(line: line, character: character, message: message)
        })
    }
    for (uri, findings) in expected {
      #expect(published[uri] == findings, "\(uri)")
    }
  }
}
