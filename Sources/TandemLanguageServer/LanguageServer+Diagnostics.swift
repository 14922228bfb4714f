import Foundation
import TandemBase

extension LanguageServer {
  /// The check of `document`'s current text, worked out now unless it already was.
  func result(for document: TextDocument) -> ContentChecker.Result {
    if let cached = results[document.uri], cached.version == document.version { return cached.result }
    var overlay: [String: [UInt8]] = [:]
    if let size = document.oversize {
      let tooLarge = Diagnostic.error(
        .oversizeDocument(size), at: SourceLocation(file: document.path, line: 1, column: 1))
      return ContentChecker.Result(diagnostics: [tooLarge], snippets: [:])
    }
    for open in documents.values where open.oversize == nil { overlay[open.path] = Array(open.text.utf8) }
    let result = checker.check(path: document.path, overlay: overlay)
    results[document.uri] = (document.version, result)
    return result
  }

  /// `textDocument/publishDiagnostics` for an open document.
  func publish(_ uri: String) -> [String: Any]? {
    guard let document = documents[uri] else { return nil }
    let diagnostics = result(for: document).diagnostics.compactMap { lspDiagnostic($0, in: document) }
    return Self.publishDiagnostics(uri: uri, version: document.version, diagnostics: diagnostics)
  }

  static func publishDiagnostics(uri: String, version: Int?, diagnostics: [[String: Any]]) -> [String: Any] {
    var params: [String: Any] = ["uri": uri, "diagnostics": diagnostics]
    if let version { params["version"] = version }
    return ["jsonrpc": "2.0", "method": "textDocument/publishDiagnostics", "params": params]
  }

  /// Where a finding is in the document: from exactly validate's position to the end of what
  /// is there: a whole `{{…}}` placeholder, a quoted value with its quotes, the misspelt name a
  /// fix replaces, else the word; at least one character.
  func range(of diagnostic: Diagnostic, in document: TextDocument) -> TextRange? {
    guard let location = diagnostic.location else { return nil }
    let start = document.position(line: location.line, column: location.column)
    let line = document.line(start.line)
    let from = document.index(of: start)
    var end = from
    let rest = line[from...]
    if rest.hasPrefix("{{"), let close = rest.range(of: "}}") {
      end = close.upperBound
    } else if let quote = rest.first, quote == "\"" || quote == "'",
      let close = rest.dropFirst().firstIndex(of: quote)
    {
      end = line.index(after: close)
    } else if let fix = diagnostic.fixIt, let found = rest.range(of: fix.original),
      rest[..<found.lowerBound].allSatisfy({ !$0.isWhitespace })
    {
      end = found.upperBound
    } else {
      while end < line.endIndex, line[end].isIdentifierCharacter { end = line.index(after: end) }
    }
    if end == from, end < line.endIndex { end = line.index(after: end) }
    return TextRange(start: start, end: document.position(line: start.line, index: end))
  }

  private func lspDiagnostic(_ diagnostic: Diagnostic, in document: TextDocument) -> [String: Any]? {
    guard let range = range(of: diagnostic, in: document) else { return nil }
    let severity =
      switch diagnostic.severity {
      case .error: 1
      case .warning: 2
      case .note: 3
      }
    var out: [String: Any] = [
      "range": range.json, "severity": severity, "source": "tandem", "code": diagnostic.category.rawValue,
      "message": diagnostic.message,
    ]
    let related = diagnostic.notes.compactMap { note -> [String: Any]? in
      guard let location = note.location else { return nil }
      let position: Position
      let uri: String
      if location.file == document.path {
        position = document.position(line: location.line, column: location.column)
        uri = document.uri
      } else {
        position = Position(line: max(0, location.line - 1), character: max(0, location.column - 1))
        uri = TextDocument.uri(ofPath: location.file)
      }
      return [
        "location": ["uri": uri, "range": TextRange(start: position, end: position).json],
        "message": note.message,
      ]
    }
    if !related.isEmpty { out["relatedInformation"] = related }
    if let fix = diagnostic.fixIt {
      out["data"] = ["original": fix.original, "replacement": fix.replacement]
    }
    return out
  }
}

extension Diagnostic.Message {
  /// A document too large to check, as the editor sent it.
  static func oversizeDocument(_ size: Int) -> Self {
    Self("file is larger than 1 MiB (the editor sent \(size) bytes); split it", category: "file-size")
  }
}
