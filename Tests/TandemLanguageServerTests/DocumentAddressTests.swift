import Foundation
import Testing

@testable import TandemLanguageServer

/// Documents are checked under the path their address names: a `file:` address percent-decoded
/// to the real path, an unsaved buffer under a file named after its own `id:`.
@Suite("language server document addresses")
struct DocumentAddressTests {
  @Test("a file: address is percent-decoded as UTF-8, escaped or not, with or without a host")
  func fileAddresses() {
    #expect(TextDocument.path(ofURI: "file:///tmp/na%C3%AFve%20caf%C3%A9/x.yaml") == "/tmp/naïve café/x.yaml")
    #expect(TextDocument.path(ofURI: "file:///tmp/naïve%20café/x.yaml") == "/tmp/naïve café/x.yaml")
    #expect(TextDocument.path(ofURI: "file://localhost/tmp/a%23b.yaml") == "/tmp/a#b.yaml")
    #expect(TextDocument.path(ofURI: "untitled:Untitled-1") == "untitled:Untitled-1")
  }

  @Test("a module in a folder with spaces and accents is named by its real file name")
  func decodedFileName() {
    let server = LanguageServerTests.server()
    let uri = "file:///tmp/na%C3%AFve%20caf%C3%A9/breathe.yaml"
    let messages = LanguageServerTests.decode(
      server.receive(
        LanguageServerTests.notification(
          "textDocument/didOpen",
          ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": LanguageServerTests.module]]),
        now: 0))
    let texts = LanguageServerTests.diagnostics(messages).compactMap { $0["message"] as? String }
    #expect(!texts.isEmpty)
    #expect(!texts.contains { $0.contains("%") || $0.contains("file name") }, "\(texts)")
  }

  @Test("an unsaved buffer is checked under a file named after its id: no file-name error")
  func untitled() {
    let server = LanguageServerTests.server()
    let uri = "untitled:Untitled-1"
    let text = "id: demo\n" + LanguageServerTests.module.drop { $0 != "\n" }.dropFirst()
    let messages = LanguageServerTests.decode(
      server.receive(
        LanguageServerTests.notification(
          "textDocument/didOpen", ["textDocument": ["uri": uri, "languageId": "yaml", "version": 1, "text": text]]),
        now: 0))
    let published = messages.first { $0["method"] as? String == "textDocument/publishDiagnostics" }
    #expect((published?["params"] as? [String: Any])?["uri"] as? String == uri)
    let texts = LanguageServerTests.diagnostics(messages).compactMap { $0["message"] as? String }
    #expect(texts.contains("unknown step 'brethe' in 'next:'; did you mean 'breathe'?"), "\(texts)")
    #expect(!texts.contains { $0.contains("file name") }, "\(texts)")
    // Its id changed: still no file-name error.
    _ = server.receive(
      LanguageServerTests.notification(
        "textDocument/didChange",
        [
          "textDocument": ["uri": uri, "version": 2],
          "contentChanges": [["text": "id: other" + text.dropFirst("id: demo".count)]],
        ]), now: 1)
    let later = LanguageServerTests.diagnostics(LanguageServerTests.decode(server.tick(now: 2)))
      .compactMap { $0["message"] as? String }
    #expect(!later.isEmpty)
    #expect(!later.contains { $0.contains("file name") }, "\(later)")
  }
}
