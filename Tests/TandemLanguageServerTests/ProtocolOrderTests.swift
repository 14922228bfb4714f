import Foundation
import Testing

@testable import TandemLanguageServer

/// The protocol's order: nothing but `exit` before `initialize`, one `initialize` only, nothing
/// but `exit` after `shutdown`; and a document too large to read stays known.
@Suite("language server protocol order")
struct ProtocolOrderTests {
  static func open(_ uri: String = LanguageServerTests.uri) -> [UInt8] {
    LanguageServerTests.notification(
      "textDocument/didOpen",
      ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": LanguageServerTests.module]])
  }

  static func error(_ bodies: [[UInt8]]) -> [String: Any]? {
    LanguageServerTests.decode(bodies).first?["error"] as? [String: Any]
  }

  @Test("a notification before initialize is dropped: nothing published, the document not open")
  func beforeInitialize() {
    let server = LanguageServer(snippetPaths: [LanguageServerTests.repository + "/Content"])
    #expect(server.receive(Self.open(), now: 0).isEmpty)
    #expect(server.tick(now: 10).isEmpty)
    _ = server.receive(LanguageServerTests.request(1, "initialize", ["capabilities": [:]]), now: 0)
    let hover = server.receive(
      LanguageServerTests.request(2, "textDocument/hover", LanguageServerTests.at(0, 0)), now: 0)
    #expect(Self.error(hover)?["message"] as? String == "the document is not open")
  }

  @Test("a second initialize is an InvalidRequest error")
  func secondInitialize() {
    let server = LanguageServerTests.server()
    let again = Self.error(server.receive(LanguageServerTests.request(2, "initialize", ["capabilities": [:]]), now: 0))
    #expect(again?["code"] as? Int == -32600)
    #expect(again?["message"] as? String == "already initialized")
  }

  @Test("after shutdown only exit counts: changes, opens and saves are ignored")
  func afterShutdown() {
    let server = LanguageServerTests.server()
    _ = LanguageServerTests.open(server)
    _ = server.receive(LanguageServerTests.request(2, "shutdown", [:]), now: 0)
    let change = LanguageServerTests.notification(
      "textDocument/didChange",
      ["textDocument": ["uri": LanguageServerTests.uri, "version": 2], "contentChanges": [["text": "id: x\n"]]])
    #expect(server.receive(change, now: 1).isEmpty)
    #expect(server.receive(Self.open("file:///tmp/tandem-drafts/other.yaml"), now: 1).isEmpty)
    #expect(server.nextDeadline == nil)
    #expect(server.tick(now: 10).isEmpty)
    let hover = server.receive(
      LanguageServerTests.request(3, "textDocument/hover", LanguageServerTests.at(0, 0)), now: 0)
    #expect(Self.error(hover)?["code"] as? Int == -32600)
    _ = server.receive(LanguageServerTests.notification("exit", [:]), now: 2)
    #expect(server.exitStatus == 0)
  }

  @Test("a didOpen too large to read keeps the document known, with the loader's size diagnostic")
  func tooLargeOpen() throws {
    let server = LanguageServerTests.server()
    let head = Array(
      #"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/big%20one.yaml","languageId":"yaml","version":4,"text":"id: big"#
        .utf8)
    let sent = LanguageServerTests.decode(server.receiveTooLarge(size: 20 << 20, head: head))
    let params = try #require(sent.first?["params"] as? [String: Any])
    #expect(params["uri"] as? String == "file:///tmp/big one.yaml".replacingOccurrences(of: " ", with: "%20"))
    #expect(params["version"] as? Int == 4)
    let diagnostics = try #require(params["diagnostics"] as? [[String: Any]])
    #expect(diagnostics.count == 1)
    #expect((diagnostics.first?["message"] as? String)?.hasPrefix("file is larger than 1 MiB") == true)
    let at: [String: Any] = [
      "textDocument": ["uri": "file:///tmp/big%20one.yaml"], "position": ["line": 0, "character": 0],
    ]
    let completion = LanguageServerTests.decode(
      server.receive(LanguageServerTests.request(5, "textDocument/completion", at), now: 0))
    #expect(completion.first?["result"] != nil, "\(completion)")
    // The address after the text is found in the message's last bytes.
    let text = Array(#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"text":"aaa"#.utf8)
    let end = Array(#"aaa","uri":"untitled:Untitled-2","version":2}}}"#.utf8)
    let after = LanguageServerTests.decode(server.receiveTooLarge(size: 20 << 20, head: text, tail: end))
    #expect((after.first?["params"] as? [String: Any])?["uri"] as? String == "untitled:Untitled-2")
    // A request too large to read is still refused with an error.
    let request = Array(#"{"jsonrpc":"2.0","id":9,"method":"textDocument/completion","params":{"#.utf8)
    #expect(Self.error(server.receiveTooLarge(size: 20 << 20, head: request))?["code"] as? Int == -32600)
  }
}
