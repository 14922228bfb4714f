import TandemBase

extension Diagnostic {
  /// The "did you mean" fix a check suggests: the name written and the one meant.
  var suggestedFix: (original: String, replacement: String)? {
    // The message names the misspelt name first, and the suggestion after "did you mean".
    guard let hint = message.range(of: "did you mean '") else { return nil }
    let rest = message[hint.upperBound...]
    guard let close = rest.firstIndex(of: "'") else { return nil }
    let replacement = String(rest[..<close])
    let before = message[..<hint.lowerBound]
    guard let open = before.firstIndex(of: "'") else { return nil }
    let quoted = before[before.index(after: open)...]
    guard let end = quoted.firstIndex(of: "'") else { return nil }
    return (String(quoted[..<end]), replacement)
  }
}
