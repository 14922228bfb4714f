import TandemBase

/// Reusable text from `Content/snippets/`: a page of text, or a safety screen's items and guidance.
public struct Snippet: Hashable, Sendable {
  /// The id modules include it by (the file name without `.yaml`).
  public var id: String
  /// Optional heading.
  public var title: String?
  /// Body text for text and timer steps.
  public var body: String?
  /// Question for a safety screen.
  public var question: String?
  /// Items for a safety screen.
  public var items: [String]?
  /// Urgent-care guidance for a safety screen.
  public var guidance: String?
  /// Where the snippet was defined.
  public var source: SourceLocation
  /// SHA-256 of the file's bytes, folded into the content hash of modules that include it.
  public var contentHash: String
}

enum SnippetDecoder {
  static let fields = ["id", "title", "body", "question", "items", "guidance"]

  static func decode(_ root: YAMLNode, path: String, hash: String, diagnostics: inout [Diagnostic]) -> Snippet? {
    guard let map = MappingReader(root, context: "snippet", diagnostics: &diagnostics) else { return nil }
    let before = diagnostics.count
    map.reportUnknownKeys(allowed: fields, diagnostics: &diagnostics)
    let id = map.string("id", required: true, diagnostics: &diagnostics)
    let items = map.list("items", diagnostics: &diagnostics)?.compactMap { item -> String? in
      guard case .scalar(let text, _) = item.value else {
        diagnostics.append(.error(.snippetItemNotText(found: item.kindDescription), at: item.mark))
        return nil
      }
      return text
    }
    let snippet = Snippet(
      id: id ?? "",
      title: map.string("title", diagnostics: &diagnostics),
      body: map.string("body", diagnostics: &diagnostics),
      question: map.string("question", diagnostics: &diagnostics),
      items: items,
      guidance: map.string("guidance", diagnostics: &diagnostics),
      source: root.mark,
      contentHash: hash)
    if snippet.body == nil && snippet.items == nil {
      diagnostics.append(.error(.emptySnippet, at: root.mark))
    }
    if let id, let expected = path.split(separator: "/").last?.split(separator: ".").first, id != expected {
      diagnostics.append(
        .warning(.snippetIDDiffersFromFileName(id, fileName: String(expected)), at: map.value("id")?.mark))
    }
    return diagnostics[before...].hasErrors ? nil : snippet
  }
}

extension ArraySlice where Element == Diagnostic {
  var hasErrors: Bool { contains { $0.severity == .error } }
}

extension Diagnostic.Message {
  /// A snippet item that is not text.
  static func snippetItemNotText(found: String) -> Self {
    Self("expected text for each item, found \(found)", category: "field-type")
  }

  /// A snippet with nothing to include.
  static let emptySnippet = Self("snippet needs a 'body' or 'items'", category: "snippet")

  /// A snippet whose id is not its file name: modules include a snippet by its file.
  static func snippetIDDiffersFromFileName(_ id: String, fileName: String) -> Self {
    Self("snippet id '\(id)' differs from its file name '\(fileName)'", category: "snippet-id")
  }
}
