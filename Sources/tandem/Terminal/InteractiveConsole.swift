import Foundation
import TandemBase

/// A live terminal: line editing in raw mode, a live countdown for timers, Ctrl-C to pause.
/// With `--plain` it reads whole lines in the terminal's own mode and never redraws.
final class InteractiveConsole: Console {
  private let style: TerminalStyle
  private var saved = termios()
  private var isRaw = false
  private var pending: [UInt8] = []
  var isInteractive: Bool { true }

  init(style: TerminalStyle) {
    self.style = style
    InterruptFlag.install()
  }

  deinit { leaveRawMode() }

  func write(_ text: String) {
    // Raw mode turns off output processing on some systems; keep line starts at column 0.
    TerminalOutput.write(text, newline: isRaw ? "\r\n" : "\n")
  }

  /// Return to column 0 and clear the line.
  private static let clearLine = TerminalText.control("\r") + TerminalText.control("[K")

  // MARK: - Raw mode

  private func enterRawMode() {
    guard !isRaw, tcgetattr(STDIN_FILENO, &saved) == 0 else { return }
    var raw = saved
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG | IEXTEN)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
    withUnsafeMutableBytes(of: &raw.c_cc) { cc in
      cc[Int(VMIN)] = 1
      cc[Int(VTIME)] = 0
    }
    // TCSADRAIN, not TCSAFLUSH: what the patient typed ahead (a menu choice typed as the list
    // was still printing) is kept for the next read, not thrown away.
    if tcsetattr(STDIN_FILENO, TCSADRAIN, &raw) == 0 { isRaw = true }
  }

  private func leaveRawMode() {
    guard isRaw else { return }
    tcsetattr(STDIN_FILENO, TCSADRAIN, &saved)
    isRaw = false
  }

  /// One byte, waiting at most `timeout` milliseconds (-1: forever). `nil` on timeout; -1 at end of input.
  private func readByte(timeout: Int32) -> Int? {
    if !pending.isEmpty { return Int(pending.removeFirst()) }
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, timeout)
    if ready == 0 { return nil }
    if ready < 0 { return errno == EINTR ? nil : -1 }
    var byte: UInt8 = 0
    let count = read(STDIN_FILENO, &byte, 1)
    if count == 1 { return Int(byte) }
    if count < 0 && errno == EINTR { return nil }
    return -1
  }

  // MARK: - Reading a line

  func readLine(prompt: String, prefill: String) -> ConsoleInput {
    if style.plain { return readCookedLine(prompt: prompt) }
    enterRawMode()
    defer { leaveRawMode() }
    var text = Array(prefill)
    var cursor = text.count
    var utf8: [UInt8] = []
    // An earlier answer offered again is selected, as in a form: Enter keeps it, typing
    // replaces it (a "0" typed after a prefilled "1" is 0, never 10), and any editing key
    // (backspace, arrows, Ctrl-A/E/U/W) starts editing it instead.
    var selected = !text.isEmpty
    func typing() {
      if selected {
        text = []
        cursor = 0
      }
      selected = false
    }
    var window = AnswerWindow(columns: style.width - 1 - TerminalText.visible(prompt).count)
    func redraw() {
      // One screen line, always: an answer longer than the room after the prompt scrolls
      // sideways around the cursor, so `\r` and clear-line redraw it whole.
      let shown = window.show(text.map { TerminalText.sanitized(String($0), keepNewlines: false) }, cursor: cursor)
      var line =
        Self.clearLine + prompt
        + (selected ? TerminalText.control("[7m") + shown.text + TerminalText.control("[27m") : shown.text)
      if shown.back > 0 { line += TerminalText.control("[\(shown.back)D") }
      write(line)
    }
    redraw()
    while true {
      guard let byte = readByte(timeout: -1) else { continue }
      switch byte {
      case 0x20...0x7E, 0x80...0xFF: typing()
      case 0x0D, 0x0A, 0x03, 0x04: break
      default: selected = false
      }
      switch byte {
      case -1:
        write("\n")
        return .endOfInput
      case 0x03:
        write("^C\n")
        return .interrupt
      case 0x04:
        if text.isEmpty {
          write("\n")
          return .endOfInput
        }
      case 0x0D, 0x0A:
        write("\n")
        return .line(String(text))
      case 0x7F, 0x08:
        if cursor > 0 {
          text.remove(at: cursor - 1)
          cursor -= 1
        }
      case 0x01: cursor = 0
      case 0x05: cursor = text.count
      case 0x15:
        text.removeSubrange(0..<cursor)
        cursor = 0
      case 0x17:
        var start = cursor
        while start > 0, text[start - 1] == " " { start -= 1 }
        while start > 0, text[start - 1] != " " { start -= 1 }
        text.removeSubrange(start..<cursor)
        cursor = start
      case 0x1B:
        let sequence = readEscapeSequence()
        switch sequence {
        case "[D": cursor = max(0, cursor - 1)
        case "[C": cursor = min(text.count, cursor + 1)
        case "[H", "[1~", "OH": cursor = 0
        case "[F", "[4~", "OF": cursor = text.count
        case "[3~":
          if cursor < text.count { text.remove(at: cursor) }
        default: break
        }
      case 0x20...0x7E:
        text.insert(Character(UnicodeScalar(UInt8(byte))), at: cursor)
        cursor += 1
      case 0x80...0xFF:
        utf8.append(UInt8(byte))
        let decoded = String(decoding: utf8, as: UTF8.self)
        if !decoded.contains("\u{FFFD}") || utf8.count >= 4 {
          for character in decoded where character != "\u{FFFD}" {
            text.insert(character, at: cursor)
            cursor += 1
          }
          utf8 = []
        }
      default:
        break
      }
      redraw()
    }
  }

  private func readEscapeSequence() -> String {
    var sequence = ""
    while sequence.count < 6, let byte = readByte(timeout: 30), byte >= 0 {
      sequence.append(Character(UnicodeScalar(UInt8(byte))))
      if sequence.count >= 2, let last = sequence.last, last.isLetter || last == "~" { break }
    }
    return sequence
  }

  /// Whole-line input in the terminal's own mode (for `--plain`): Ctrl-C arrives as a signal.
  private func readCookedLine(prompt: String) -> ConsoleInput {
    write(prompt)
    InterruptFlag.reset()
    var line: [UInt8] = []
    while true {
      var byte: UInt8 = 0
      let count = read(STDIN_FILENO, &byte, 1)
      if count < 0 && errno == EINTR {
        if InterruptFlag.isSet {
          write("\n")
          return .interrupt
        }
        continue
      }
      if count <= 0 { return line.isEmpty ? .endOfInput : .line(String(decoding: line, as: UTF8.self)) }
      if byte == 0x0A { return .line(String(decoding: line, as: UTF8.self)) }
      line.append(byte)
    }
  }

  // MARK: - Timers

  func runTimer(seconds: Int, phases: [(label: String, seconds: Int)], style: TerminalStyle) -> TimerOutcome {
    let start = Date()
    let pace = TimerPace(phases: phases)
    if style.plain {
      return runPlainTimer(seconds: seconds, pace: pace, start: start)
    }
    enterRawMode()
    defer { leaveRawMode() }
    write(style.dim(TextLayout.block("Press Enter to stop early, Ctrl-C to pause.", width: style.width)) + "\n")
    func ranSeconds() -> Int { min(seconds, Int(Date().timeIntervalSince(start))) }
    while true {
      let elapsed = Date().timeIntervalSince(start)
      if elapsed >= Double(seconds) {
        write(Self.clearLine + style.green("Done. \(TimerFormat.clock(seconds)) completed.") + "\n")
        return .finished
      }
      // The status line is redrawn in place: cut to one column less than the terminal, so it
      // never wraps onto a new line each second.
      let status = TimerStatusLine(
        phase: pace.phase(at: Int(elapsed)), left: seconds - Int(elapsed), width: style.width - 1)
      var line = Self.clearLine
      if !status.label.isEmpty { line += style.bold(status.label) + status.gap }
      line += status.dots + style.dim(status.clock)
      write(line)
      if let byte = readByte(timeout: 200) {
        switch byte {
        case 0x03:
          write("\n")
          return .interrupted
        case 0x0D, 0x0A:
          write("\n")
          return .stoppedEarly(afterSeconds: ranSeconds())
        case -1:
          write("\n")
          return .interrupted
        default: break
        }
      }
    }
  }

  /// For screen readers: plain lines only, each phase named as it begins and the time left
  /// every 30 seconds; nothing is redrawn.
  private func runPlainTimer(seconds: Int, pace: TimerPace, start: Date) -> TimerOutcome {
    write("Timer started: \(TimerFormat.clock(seconds)). Press Enter to stop early.\n")
    InterruptFlag.reset()
    var lastAnnounced = seconds
    var lastPhase: TimerPace.Position?
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    func ranSeconds() -> Int { min(seconds, Int(Date().timeIntervalSince(start))) }
    while true {
      let elapsed = Int(Date().timeIntervalSince(start))
      let left = seconds - elapsed
      if left <= 0 {
        write("Done. \(TimerFormat.clock(seconds)) completed.\n")
        return .finished
      }
      if left % 30 == 0 && left != lastAnnounced && left != seconds {
        write("\(TimerFormat.clock(left)) left.\n")
        lastAnnounced = left
      }
      if let phase = pace.phase(at: elapsed), phase.position != lastPhase {
        write(TerminalText.sanitized(phase.label, keepNewlines: false) + "\n")
        lastPhase = phase.position
      }
      let ready = poll(&descriptor, 1, 250)
      if ready < 0 && InterruptFlag.isSet { return .interrupted }
      if ready > 0 {
        var byte: UInt8 = 0
        let count = read(STDIN_FILENO, &byte, 1)
        if count <= 0 {
          return InterruptFlag.isSet || count == 0 ? .interrupted : .stoppedEarly(afterSeconds: ranSeconds())
        }
        if byte == 0x0A { return .stoppedEarly(afterSeconds: ranSeconds()) }
      }
    }
  }
}

/// SIGINT without `SA_RESTART`: a blocked read returns, and the flag says why.
enum InterruptFlag {
  nonisolated(unsafe) private static var flag: sig_atomic_t = 0

  static var isSet: Bool { flag != 0 }

  static func reset() { flag = 0 }

  static func install() {
    var action = sigaction()
    action.__sigaction_handler.sa_handler = { _ in InterruptFlag.flag = 1 }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGINT, &action, nil)
  }
}
