/// "Did you mean …?" suggestions for misspelt names.
public enum Suggestion {
  /// The candidate closest to `name` by edit distance, if it is close enough to be a likely typo.
  public static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
    let limit = max(1, name.count / 3)
    var best: (String, Int)?
    for candidate in candidates {
      let distance = editDistance(name.lowercased(), candidate.lowercased())
      if distance <= limit, distance < (best?.1 ?? .max) { best = (candidate, distance) }
    }
    return best?.0 ?? containing(name, in: candidates)
  }

  /// The one candidate that holds `name` as whole hyphenated words ("evening" in
  /// "early-evening"); `nil` when none or several do.
  private static func containing(_ name: String, in candidates: some Sequence<String>) -> String? {
    let words = name.lowercased().split(separator: "-")
    guard !words.isEmpty, words.joined().count >= 3 else { return nil }
    let matches = candidates.filter { candidate in
      let parts = candidate.lowercased().split(separator: "-")
      guard parts.count > words.count else { return false }
      return (0...(parts.count - words.count)).contains { Array(parts[$0..<($0 + words.count)]) == words }
    }
    return matches.count == 1 ? matches[0] : nil
  }

  /// `" (did you mean 'x'?)"` or an empty string.
  public static func hint(for name: String, in candidates: some Sequence<String>) -> String {
    closest(to: name, in: candidates).map { "; did you mean '\($0)'?" } ?? ""
  }

  /// The fix that replaces `name` with its closest candidate, when there is one.
  public static func fixIt(for name: String, in candidates: some Sequence<String>) -> Diagnostic.FixIt? {
    closest(to: name, in: candidates).map { Diagnostic.FixIt(replacing: name, with: $0) }
  }

  /// Edit distance counting insertions, deletions, substitutions and swaps of neighbours
  /// (optimal string alignment), so "clam" is one edit from "calm".
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in 0...a.count { d[i][0] = i }
    for j in 0...b.count { d[0][j] = j }
    for i in 1...a.count {
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
          d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
        }
      }
    }
    return d[a.count][b.count]
  }
}
