import Foundation
import TandemBase

/// The one way Tandem's text reaches standard output and standard error.
///
/// Everything written here passes through `TerminalText.forTerminal`: medication names, module
/// titles, option values and error messages that echo them can never move the cursor, retitle
/// the window, ring the bell or reverse the text that follows (ESC, BEL, C1 controls and the
/// bidirectional overrides are shown as visible `\u{…}` escapes). Tandem's own colours and
/// redraws, made with `TerminalText.control`, pass through as real sequences.
///
/// Report formats make their own text clean first (`HTMLText`, `CSVText`, `MarkdownReport`,
/// JSON's `\u` escapes), so for them this writer changes nothing; it is the net under them.
enum TerminalOutput {
  /// Writes `text` to `descriptor`, made safe for a terminal; `newline` replaces each line end
  /// (a terminal in raw mode needs `\r\n`).
  static func write(_ text: String, to descriptor: Int32 = STDOUT_FILENO, newline: String = "\n") {
    var safe = TerminalText.forTerminal(text)
    if newline != "\n" { safe = safe.replacingOccurrences(of: "\n", with: newline) }
    let bytes = Array(safe.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }

  /// Writes data meant for a file or a pipe (an export) to standard output byte for byte; made
  /// safe like any other text only when standard output is a terminal.
  static func writeData(_ text: String) {
    guard isatty(STDOUT_FILENO) == 0 else { return write(text) }
    let bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes { Foundation.write(STDOUT_FILENO, $0.baseAddress, $0.count) }
      if written < 0 && errno == EINTR { continue }
      if written <= 0 { return }
      offset += written
    }
  }

  /// Writes a line to standard error.
  static func writeError(_ text: String) {
    write(text + "\n", to: STDERR_FILENO)
  }
}

/// Every `print` in the program goes through `TerminalOutput` (this shadows the standard
/// library's `print` inside the `tandem` module), so no call site can forget to.
func print(_ items: Any..., separator: String = " ", terminator: String = "\n") {
  TerminalOutput.write(items.map { "\($0)" }.joined(separator: separator) + terminator)
}

/// Writes a line to standard error.
func printError(_ text: String) {
  TerminalOutput.writeError(text)
}
