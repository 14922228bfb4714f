import Foundation

/// What a patient did at a prompt.
enum ConsoleInput: Equatable {
  /// A line of text (may be empty).
  case line(String)
  /// Ctrl-C.
  case interrupt
  /// End of input (Ctrl-D on an empty line, or the end of a script).
  case endOfInput
}

/// How a timed exercise ended.
enum TimerOutcome: Equatable {
  case finished
  /// The patient pressed Enter after the timer had run this many whole seconds.
  case stoppedEarly(afterSeconds: Int)
  case interrupted
  /// A scripted line read instead of waiting (it may be a command such as `:pause`).
  case input(String)
}

/// The patient's side of a session: text out, answers in.
protocol Console: AnyObject {
  /// Whether this console is a live terminal (line editing, countdowns).
  var isInteractive: Bool { get }
  /// Writes text as is.
  func write(_ text: String)
  /// Reads one answer; `prefill` is shown ready to edit (a previous answer after going back).
  func readLine(prompt: String, prefill: String) -> ConsoleInput
  /// Runs a countdown, showing the current phase.
  func runTimer(seconds: Int, phases: [(label: String, seconds: Int)], style: TerminalStyle) -> TimerOutcome
}

/// Reads answers line by line from a non-terminal stdin: for tests, demos and automated checks.
final class ScriptedConsole: Console {
  private var buffer: [UInt8] = []
  private var reachedEnd = false
  var isInteractive: Bool { false }

  func write(_ text: String) {
    TerminalOutput.write(text)
  }

  func readLine(prompt: String, prefill: String) -> ConsoleInput {
    write(prompt + "\n")
    while true {
      if let newline = buffer.firstIndex(of: 0x0A) {
        var line = Array(buffer[..<newline])
        buffer.removeSubrange(...newline)
        if line.last == 0x0D { line.removeLast() }
        return .line(String(decoding: line, as: UTF8.self))
      }
      if reachedEnd {
        guard !buffer.isEmpty else { return .endOfInput }
        let line = buffer
        buffer = []
        return .line(String(decoding: line, as: UTF8.self))
      }
      var chunk = [UInt8](repeating: 0, count: 4096)
      let count = read(STDIN_FILENO, &chunk, chunk.count)
      if count <= 0 {
        if count < 0 && errno == EINTR { continue }
        reachedEnd = true
      } else {
        buffer += chunk[..<count]
      }
    }
  }

  func runTimer(seconds: Int, phases: [(label: String, seconds: Int)], style: TerminalStyle) -> TimerOutcome {
    // Scripted runs do not wait; the next input line continues.
    switch readLine(prompt: "(timed exercise, \(TimerFormat.clock(seconds)); press Enter when done)", prefill: "") {
    case .line(let line): return .input(line)
    case .interrupt, .endOfInput: return .interrupted
    }
  }
}

enum TimerFormat {
  static func clock(_ seconds: Int) -> String {
    String(format: "%d:%02d", seconds / 60, seconds % 60)
  }
}
