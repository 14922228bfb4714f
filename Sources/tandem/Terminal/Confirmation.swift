import Foundation

/// A yes/no question asked only where a person can answer it.
enum Confirmation {
  /// Asks `question` when standard input and output are both terminals and returns whether the
  /// answer starts with "y"; returns `nil` in scripts, where the caller must refuse instead.
  static func ask(_ question: String) -> Bool? {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { return nil }
    TerminalOutput.write(question)
    guard let answer = Swift.readLine() else { return false }
    return answer.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("y")
  }
}
