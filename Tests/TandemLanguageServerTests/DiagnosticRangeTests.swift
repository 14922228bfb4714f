import Foundation
import TandemBase
import Testing

@testable import TandemLanguageServer

/// A diagnostic's range starts exactly where validate points and covers what is there.
@Suite("language server diagnostic ranges")
struct DiagnosticRangeTests {
  static let document = TextDocument(
    uri: "file:///tmp/tandem-drafts/my%20fb.yaml", version: 1,
    text: "id: \"fb\"\nbody: \"🌿 {{nosuch}} {{pian|x}}\"\ncolour: red\n")

  /// The range of a finding at 1-based `line` and `column`, as (start, end) UTF-16 offsets.
  static func range(_ line: Int, _ column: Int, fix: String? = nil) -> (Int, Int)? {
    let fixIt = fix.map { Diagnostic.FixIt(replacing: $0, with: "x") }
    let diagnostic = Diagnostic.error(
      Diagnostic.Message("finding", category: "test", fixIt: fixIt),
      at: SourceLocation(file: document.path, line: line, column: column))
    guard let range = LanguageServerTests.server().range(of: diagnostic, in: document) else { return nil }
    return (range.start.character, range.end.character)
  }

  @Test("a quoted value, a whole placeholder, a misspelt name, a field: each from validate's column")
  func ranges() throws {
    let quoted = try #require(Self.range(1, 5, fix: "fb"))
    #expect(quoted == (4, 8))
    // `🌿` is one scalar, two UTF-16 units: `{{nosuch}}` starts at column 10, offset 10.
    let placeholder = try #require(Self.range(2, 10))
    #expect(placeholder == (10, 20))
    let withFallback = try #require(Self.range(2, 21, fix: "pian"))
    #expect(withFallback == (21, 31))
    let field = try #require(Self.range(3, 1))
    #expect(field == (0, 6))
  }
}
