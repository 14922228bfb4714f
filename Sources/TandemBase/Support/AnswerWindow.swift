/// The part of an answer being typed that fits on the prompt's line.
///
/// A terminal wraps a line longer than its width, and a line editor that redraws with a
/// carriage return and clear-to-end-of-line then leaves the wrapped part behind. So the answer
/// line never wraps: when the answer is longer than the room after the prompt, the window
/// scrolls sideways to keep the cursor in view, with `…` where text is out of sight.
public struct AnswerWindow: Hashable, Sendable {
  /// Columns for the answer (the terminal's width less the prompt and one spare column).
  public let columns: Int
  /// The first character shown.
  public private(set) var offset = 0

  /// A window `columns` wide (at least 4).
  public init(columns: Int) {
    self.columns = max(4, columns)
  }

  /// What to write for `characters` (each as it is shown, one or more columns) with the cursor
  /// before character `cursor`: the text, and how many columns to move back from its end to
  /// the cursor.
  public mutating func show(_ characters: [String], cursor: Int) -> (text: String, back: Int) {
    let widths = characters.map(\.count)
    let total = widths.reduce(0, +)
    guard total >= columns else {
      offset = 0
      let back = widths[cursor...].reduce(0, +)
      return (characters.joined(), back)
    }
    // Room for text between the markers: one column each side when text is hidden there.
    offset = min(offset, cursor)
    func fits(from start: Int, through end: Int) -> Bool {
      let marks = (start > 0 ? 1 : 0) + (end < characters.count ? 1 : 0)
      return widths[start..<end].reduce(0, +) + marks <= columns - 1
    }
    while offset < cursor && !fits(from: offset, through: cursor) { offset += 1 }
    var end = cursor
    while end < characters.count && fits(from: offset, through: end + 1) { end += 1 }
    // Fill the room to the left when the end of the text is in view.
    while offset > 0 && end == characters.count && fits(from: offset - 1, through: end) { offset -= 1 }
    var text = offset > 0 ? "…" : ""
    text += characters[offset..<end].joined()
    let hiddenAfter = end < characters.count
    if hiddenAfter { text += "…" }
    let back = widths[cursor..<end].reduce(0, +) + (hiddenAfter ? 1 : 0)
    return (text, back)
  }
}
