extension LanguageServer {
  /// Quick fixes for the findings in `range` that suggest a name ("did you mean 'welcome'?"):
  /// each replaces the misspelt name with the suggested one.
  func codeActions(in document: TextDocument, range: TextRange) -> [[String: Any]] {
    result(for: document).diagnostics.compactMap { diagnostic -> [String: Any]? in
      guard let fix = diagnostic.fixIt, let found = self.range(of: diagnostic, in: document),
        found.touches(range),
        document.line(found.start.line)[document.index(of: found.start)...].hasPrefix(fix.original)
      else { return nil }
      let edit: [String: Any] = ["range": found.json, "newText": fix.replacement]
      return [
        "title": "Replace '\(fix.original)' with '\(fix.replacement)'",
        "kind": "quickfix",
        "isPreferred": true,
        "diagnostics": [
          [
            "range": found.json, "severity": diagnostic.severity == .error ? 1 : 2, "source": "tandem",
            "code": diagnostic.category.rawValue, "message": diagnostic.message,
          ]
        ],
        "edit": ["changes": [document.uri: [edit]]],
      ]
    }
  }
}
