import TandemBase

extension Diagnostic {
  /// Where the fix-it's `original` stands on the finding's line: the 1-based column (in Unicode
  /// code points) of its first character and the column just after its last; `nil` when there
  /// is no fix-it, no source line, or the name is not on the line at or after the column.
  public var fixItColumns: (start: Int, end: Int)? {
    guard let fixIt, let location, let sourceLine, !fixIt.original.isEmpty else { return nil }
    let line = Array(sourceLine.unicodeScalars)
    let name = Array(fixIt.original.unicodeScalars)
    var start = max(0, location.column - 1)
    while start + name.count <= line.count {
      if line[start..<start + name.count].elementsEqual(name) { return (start + 1, start + 1 + name.count) }
      start += 1
    }
    return nil
  }
}
