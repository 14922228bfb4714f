import Foundation
import TandemBase

/// Colour and layout decisions for one output stream: colour only on a terminal, never with
/// `NO_COLOR` or `--plain`. `TERM=dumb` (a terminal that understands no escape codes, as some
/// screen readers' and editors' are) means `--plain`: no colour and no redraws.
struct TerminalStyle {
  let isTerminal: Bool
  let colour: Bool
  let plain: Bool
  let width: Int
  /// The terminal's rows, when writing to one that says.
  let height: Int?

  init(plain: Bool, fileDescriptor: Int32) {
    isTerminal = isatty(fileDescriptor) == 1
    let environment = ProcessInfo.processInfo.environment
    let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    let dumb = environment["TERM"] == "dumb"
    self.plain = plain || !isTerminal || dumb
    colour = isTerminal && !self.plain && !noColour
    var size = winsize()
    if isTerminal, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
      width = min(Int(size.ws_col), 100)
    } else {
      width = 80
    }
    height = isTerminal && size.ws_row > 0 ? Int(size.ws_row) : nil
  }

  func bold(_ text: String) -> String { paint("1", text) }
  func dim(_ text: String) -> String { paint("2", text) }
  func red(_ text: String) -> String { paint("1;31", text) }
  func green(_ text: String) -> String { paint("32", text) }
  func cyan(_ text: String) -> String { paint("36", text) }

  /// `text` in the SGR rendition `code`, marked as Tandem's own so `TerminalOutput` lets it through.
  private func paint(_ code: String, _ text: String) -> String {
    colour ? TerminalText.control("[\(code)m") + text + TerminalText.control("[0m") : text
  }
}
