import Foundation
import TandemBase

/// Colour and layout decisions for one output stream: colour only on a terminal, never with
/// `NO_COLOR` or `--plain`.
struct TerminalStyle {
  let isTerminal: Bool
  let colour: Bool
  let plain: Bool
  let width: Int

  init(plain: Bool, fileDescriptor: Int32) {
    isTerminal = isatty(fileDescriptor) == 1
    let noColour = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
    self.plain = plain || !isTerminal
    colour = isTerminal && !plain && !noColour
    var size = winsize()
    if isTerminal, ioctl(fileDescriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 {
      width = min(Int(size.ws_col), 100)
    } else {
      width = 80
    }
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

/// Wraps text to a width, keeping paragraphs and list items, and making it safe to print.
enum TextWrap {
  static func wrap(_ text: String, width: Int, indent: String = "") -> String {
    let safe = TerminalText.sanitized(text)
    var out: [String] = []
    for line in safe.split(separator: "\n", omittingEmptySubsequences: false) {
      let leading = String(line.prefix { $0 == " " })
      let bulletIndent = line.dropFirst(leading.count).hasPrefix("- ") ? leading + "  " : leading
      var current = indent + leading
      var currentHasWord = false
      for word in line.split(separator: " ") {
        if currentHasWord && current.count + 1 + word.count > width {
          out.append(current)
          current = indent + bulletIndent + word
        } else {
          current += (currentHasWord ? " " : "") + word
        }
        currentHasWord = true
      }
      out.append(currentHasWord ? current : "")
    }
    while out.last == "" { out.removeLast() }
    return out.joined(separator: "\n")
  }
}
