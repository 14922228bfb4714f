import Foundation
import TandemBase

/// Asks for the values a diary command was not given, one prompt at a time, on a terminal: the
/// default shows in brackets and Enter takes it; a value that does not read is explained and asked
/// again; `q` or Ctrl-D cancels the whole command before anything is written.
struct Prompter {
  /// The patient cancelled: nothing is logged.
  struct Cancelled: Error {}

  /// Whether prompts can be answered: standard input and output are both terminals.
  static var isAvailable: Bool { isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 }

  /// Reads one line; `nil` at the end of input.
  var readLine: () -> String? = { Swift.readLine() }
  /// Writes text as is.
  var write: (String) -> Void = { TerminalOutput.write($0) }

  /// Asks `question` until `read` accepts the answer. `read` gets `nil` for an empty answer (take
  /// the default) and throws a problem, shown before asking again, for one it cannot use.
  func ask<Value>(_ question: String, default shown: String? = nil, _ read: (String?) throws -> Value) throws
    -> Value
  {
    while true {
      write(question + (shown.map { " [\($0)]" } ?? "") + ": ")
      guard let line = readLine() else {
        write("\n")
        throw Cancelled()
      }
      let answer = line.trimmingCharacters(in: .whitespaces)
      if ["q", ":q", "quit"].contains(answer.lowercased()) { throw Cancelled() }
      do {
        return try read(answer.isEmpty ? nil : answer)
      } catch {
        write("  " + TerminalText.sanitized("\(error)", keepNewlines: false) + "\n")
      }
    }
  }

  /// A yes/no question; Enter takes `default`.
  func confirm(_ question: String, default value: Bool) throws -> Bool {
    try ask(question, default: value ? "Y/n" : "y/N") { answer in
      guard let answer else { return value }
      switch answer.lowercased() {
      case "y", "yes": return true
      case "n", "no": return false
      default: throw CLIError("please answer y or n (or q to cancel)")
      }
    }
  }
}
