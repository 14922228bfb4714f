import Foundation
import Testing

@testable import TandemLanguageServer

/// The server's answers to an editor, message by message, on a module held only in memory.
@Suite("language server requests")
struct LanguageServerTests {
  static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path
  static let uri = "file:///tmp/tandem-drafts/breathe.yaml"
  static let module = """
    id: breathe
    version: 1
    title: Breathe
    approach: act
    minutes: 5
    summary: A short breathing exercise.
    steps:
      - id: welcome
        kind: text
        title: Welcome
        body: |
          Let us breathe together.
        next: brethe
      - id: breathe
        kind: timer
        title: "Respirez 🌬️ lentement"
        seconds: 60
        include: about-this-program
        when: "welcome == x or brethe > 1"
    """

  /// A server given the shipped Content/, past `initialize`.
  static func server() -> LanguageServer {
    let server = LanguageServer(snippetPaths: [repository + "/Content"], debounce: 0.25)
    _ = server.receive(request(1, "initialize", ["capabilities": [:]]), now: 0)
    return server
  }

  static func request(_ id: Int, _ method: String, _ params: [String: Any]) -> [UInt8] {
    message(["jsonrpc": "2.0", "id": id, "method": method, "params": params])
  }

  static func notification(_ method: String, _ params: [String: Any]) -> [UInt8] {
    message(["jsonrpc": "2.0", "method": method, "params": params])
  }

  static func message(_ object: [String: Any]) -> [UInt8] {
    (try? JSONSerialization.data(withJSONObject: object)).map { [UInt8]($0) } ?? []
  }

  static func decode(_ bodies: [[UInt8]]) -> [[String: Any]] {
    bodies.compactMap { try? JSONSerialization.jsonObject(with: Data($0)) as? [String: Any] }
  }

  static func open(_ server: LanguageServer, _ text: String = module) -> [[String: Any]] {
    decode(
      server.receive(
        notification(
          "textDocument/didOpen",
          ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]]), now: 0))
  }

  static func diagnostics(_ messages: [[String: Any]]) -> [[String: Any]] {
    messages.compactMap { ($0["params"] as? [String: Any])?["diagnostics"] as? [[String: Any]] }.first ?? []
  }

  static func at(_ line: Int, _ character: Int) -> [String: Any] {
    ["textDocument": ["uri": uri], "position": ["line": line, "character": character]]
  }

  static func result(_ server: LanguageServer, _ method: String, _ params: [String: Any]) -> Any? {
    decode(server.receive(request(7, method, params), now: 1)).first?["result"]
  }

  @Test("opening a module publishes validate's findings at once, at 0-based UTF-16 positions")
  func diagnosticsOnOpen() throws {
    let published = Self.diagnostics(Self.open(Self.server()))
    let messages = published.map { $0["message"] as? String ?? "" }
    #expect(messages.contains("unknown step 'brethe' in 'next:'; did you mean 'breathe'?"), "\(messages)")
    let inWhen = try #require(
      published.first { ($0["message"] as? String) == "unknown step 'brethe'; did you mean 'breathe'?" })
    let range = try #require(inWhen["range"] as? [String: [String: Int]])
    let line = Self.module.split(separator: "\n", omittingEmptySubsequences: false)[18]
    let offset = try #require(line.range(of: "or brethe")).upperBound
    let utf16 = line.utf16.distance(from: line.startIndex, to: offset) - "brethe".utf16.count
    #expect(range["start"] == ["line": 18, "character": utf16])
    #expect(range["end"] == ["line": 18, "character": utf16 + 6])
  }

  @Test("changes are checked once, after the author pauses, on the latest text")
  func debounce() {
    let server = Self.server()
    _ = Self.open(server)
    for version in 2...4 {
      let text = Self.module.replacingOccurrences(of: "next: brethe", with: "next: breathe")
      let sent = server.receive(
        Self.notification(
          "textDocument/didChange",
          ["textDocument": ["uri": Self.uri, "version": version], "contentChanges": [["text": text]]]),
        now: Double(version) * 0.1)
      #expect(sent.isEmpty)
    }
    #expect(server.tick(now: 0.5).isEmpty)
    #expect(server.nextDeadline == 0.4 + 0.25)
    let published = Self.decode(server.tick(now: 0.7))
    #expect(published.count == 1)
    #expect((published.first?["params"] as? [String: Any])?["version"] as? Int == 4)
    let messages = Self.diagnostics(published).map { $0["message"] as? String ?? "" }
    #expect(!messages.contains { $0.contains("in 'next:'") }, "\(messages)")
    #expect(server.nextDeadline == nil)
  }

  @Test("completion: step ids in {{…}}, shipped snippet ids after include:, a timer's fields on a new line")
  func completion() throws {
    let server = Self.server()
    let text =
      Self.module.replacingOccurrences(of: "    body: |\n      Let us", with: "    body: |\n      {{wel Let us")
      .replacingOccurrences(of: "include: about-this-program", with: "include: ab")
      + "\n    ph"
    _ = Self.open(server, text)
    func labels(_ line: Int, _ character: Int) -> [String] {
      let result = Self.result(server, "textDocument/completion", Self.at(line, character)) as? [String: Any]
      return (result?["items"] as? [[String: Any]] ?? []).compactMap { $0["label"] as? String }
    }
    // A text step's body: no step before it takes an answer.
    #expect(labels(11, 11) == [])
    #expect(labels(17, 15).contains("about-this-program"))
    #expect(labels(17, 15).contains("red-flags"))
    let fields = labels(19, 6)
    #expect(fields.contains("phases"))
    #expect(!fields.contains("seconds"))
    #expect(!fields.contains("options"))
  }

  @Test("hover on a step named in next: shows its kind and first line; definition jumps to its id")
  func hoverAndDefinition() throws {
    let server = Self.server()
    _ = Self.open(server, Self.module.replacingOccurrences(of: "next: brethe", with: "next: breathe"))
    let hover = try #require(Self.result(server, "textDocument/hover", Self.at(12, 12)) as? [String: Any])
    let value = (hover["contents"] as? [String: Any])?["value"] as? String ?? ""
    #expect(value.contains("timer"))
    #expect(value.contains("Respirez 🌬️ lentement"))
    let definition = try #require(Self.result(server, "textDocument/definition", Self.at(12, 12)) as? [String: Any])
    #expect(definition["uri"] as? String == Self.uri)
    #expect(
      definition["range"] as? [String: [String: Int]] == [
        "start": ["line": 13, "character": 8], "end": ["line": 13, "character": 15],
      ])
    let snippet = try #require(Self.result(server, "textDocument/definition", Self.at(17, 15)) as? [String: Any])
    #expect((snippet["uri"] as? String)?.hasSuffix("/Content/snippets/about-this-program.yaml") == true)
  }

  @Test("a did-you-mean finding has a quick fix that replaces the misspelt name")
  func codeAction() throws {
    let server = Self.server()
    _ = Self.open(server)
    let params: [String: Any] = [
      "textDocument": ["uri": Self.uri],
      "range": ["start": ["line": 12, "character": 10], "end": ["line": 12, "character": 10]],
      "context": ["diagnostics": []],
    ]
    let actions = try #require(Self.result(server, "textDocument/codeAction", params) as? [[String: Any]])
    #expect(actions.count == 1)
    let changes = (actions.first?["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]]
    let edit = try #require(changes?[Self.uri]?.first)
    #expect(edit["newText"] as? String == "breathe")
    #expect(
      edit["range"] as? [String: [String: Int]] == [
        "start": ["line": 12, "character": 10], "end": ["line": 12, "character": 16],
      ])
  }

  @Test("a misspelt option on a folded condition's second line: the finding and its quick fix are on that line")
  func codeActionInFoldedCondition() throws {
    let server = Self.server()
    let text = """
      id: when
      version: 1
      title: When
      approach: act
      minutes: 5
      summary: A condition over two lines.
      steps:
        - id: when
          kind: choice
          question: When?
          options:
            - {id: early-evening, label: Early evening}
        - id: later
          kind: text
          body: Later.
          when: >-
            answered(when) and
            when == evening
      """
    let published = Self.diagnostics(Self.open(server, text))
    let finding = try #require(published.first { ($0["message"] as? String)?.contains("'evening'") == true })
    let expected: [String: [String: Int]] = [
      "start": ["line": 17, "character": 14], "end": ["line": 17, "character": 21],
    ]
    #expect(finding["range"] as? [String: [String: Int]] == expected)
    let params: [String: Any] = [
      "textDocument": ["uri": Self.uri],
      "range": ["start": ["line": 17, "character": 16], "end": ["line": 17, "character": 16]],
      "context": ["diagnostics": []],
    ]
    let actions = try #require(Self.result(server, "textDocument/codeAction", params) as? [[String: Any]])
    let changes = (actions.first?["edit"] as? [String: Any])?["changes"] as? [String: [[String: Any]]]
    let edit = try #require(changes?[Self.uri]?.first)
    #expect(edit["newText"] as? String == "early-evening")
    #expect(edit["range"] as? [String: [String: Int]] == expected)
  }

  @Test("completion, hover and definition at a negative position or past the last line are InvalidParams")
  func positionsOutsideTheDocument() throws {
    let server = Self.server()
    _ = Self.open(server)
    for method in ["textDocument/completion", "textDocument/hover", "textDocument/definition"] {
      for (line, character) in [(-1, 0), (0, -3), (999, 0), (19, 0)] {
        let reply = try #require(
          Self.decode(server.receive(Self.request(9, method, Self.at(line, character)), now: 1)).first)
        #expect(reply["result"] == nil, "\(method) at \(line):\(character)")
        #expect((reply["error"] as? [String: Any])?["code"] as? Int == -32602, "\(method) at \(line):\(character)")
      }
    }
    // A character past the end of a line counts as the line's end, as the protocol says.
    let past = try #require(
      Self.decode(server.receive(Self.request(9, "textDocument/completion", Self.at(17, 400)), now: 1)).first)
    let items = try #require((past["result"] as? [String: Any])?["items"] as? [[String: Any]])
    #expect(items.contains { $0["label"] as? String == "about-this-program" })
    for item in items {
      let range = (item["textEdit"] as? [String: Any])?["range"] as? [String: [String: Int]]
      for end in (range ?? [:]).values {
        #expect(end["line"] == 17)
        #expect((0...Self.module.split(separator: "\n")[17].utf16.count).contains(end["character"] ?? -1))
      }
    }
  }

  @Test("a program is checked against the shipped modules: only its own mistake is reported")
  func program() throws {
    let path = Self.repository + "/Content/programs/act-for-migraine.yaml"
    let shipped = try String(contentsOfFile: path, encoding: .utf8)
    let server = LanguageServer(
      snippetPaths: [Self.repository + "/Content"], modulePaths: [Self.repository + "/Modules"])
    _ = server.receive(Self.request(1, "initialize", ["capabilities": [:]]), now: 0)
    let uri = URL(fileURLWithPath: path).absoluteString
    func open(_ text: String) -> [String] {
      let sent = server.receive(
        Self.notification(
          "textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]]),
        now: 0)
      return Self.diagnostics(Self.decode(sent)).compactMap { $0["message"] as? String }
    }
    #expect(open(shipped) == [])
    let misspelt = shipped.replacingOccurrences(of: "module: anxiety-check", with: "module: anxiety-chek")
    #expect(open(misspelt) == ["module 'anxiety-chek' is not a loaded module; did you mean 'anxiety-check'?"])
  }

  @Test("positions convert between characters and UTF-16 units around emoji and accents")
  func positions() {
    let document = TextDocument(uri: Self.uri, version: 1, text: "a: \"é😀x\" y\r\nb")
    // 'y' is column 10 in characters, offset 10 in UTF-16 units: the emoji takes two.
    #expect(document.position(line: 1, column: 10) == Position(line: 0, character: 10))
    #expect(document.line(0).hasSuffix("y"))
    #expect(document.line(1) == "b")
    let index = document.index(of: Position(line: 0, character: 10))
    #expect(document.line(0)[index] == "y")
    #expect(document.position(line: 0, index: index) == Position(line: 0, character: 10))
  }

  @Test("lines end at LF, CR LF or a lone CR, as the protocol counts them")
  func lineEndings() {
    let document = TextDocument(uri: Self.uri, version: 1, text: "a\rb\r\nc\nd")
    #expect((0..<4).map { String(document.line($0)) } == ["a", "b", "c", "d"])
    #expect(document.clamped(Position(line: 3, character: 5)) == Position(line: 3, character: 1))
  }
}
