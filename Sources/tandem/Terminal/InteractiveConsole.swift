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
    if tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw) == 0 { isRaw = true }
  }

  private func leaveRawMode() {
    guard isRaw else { return }
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
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
    func redraw() {
      let visible = TerminalText.sanitized(String(text), keepNewlines: false)
      var line = Self.clearLine + prompt + visible
      let back = text.count - cursor
      if back > 0 { line += TerminalText.control("[\(back)D") }
      write(line)
    }
    redraw()
    while true {
      guard let byte = readByte(timeout: -1) else { continue }
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
    if style.plain {
      return runPlainTimer(seconds: seconds, phases: phases, start: start)
    }
    enterRawMode()
    defer { leaveRawMode() }
    write(style.dim("Press Enter to stop early, Ctrl-C to pause.") + "\n")
    let cycle = phases.reduce(0) { $0 + $1.seconds }
    while true {
      let elapsed = Date().timeIntervalSince(start)
      if elapsed >= Double(seconds) {
        write(Self.clearLine + style.green("Done. \(TimerFormat.clock(seconds)) completed.") + "\n")
        return .finished
      }
      var line = Self.clearLine
      if cycle > 0 {
        var within = Int(elapsed) % cycle
        for phase in phases {
          if within < phase.seconds {
            let left = phase.seconds - within
            line +=
              style.bold(TerminalText.sanitized(phase.label, keepNewlines: false)) + "  "
              + String(repeating: "●", count: left) + "  "
            break
          }
          within -= phase.seconds
        }
      }
      line += style.dim(TimerFormat.clock(seconds - Int(elapsed)) + " left")
      write(line)
      if let byte = readByte(timeout: 200) {
        switch byte {
        case 0x03:
          write("\n")
          return .interrupted
        case 0x0D, 0x0A:
          write("\n")
          return .stoppedEarly
        case -1:
          write("\n")
          return .interrupted
        default: break
        }
      }
    }
  }

  private func runPlainTimer(seconds: Int, phases: [(label: String, seconds: Int)], start: Date) -> TimerOutcome {
    write("Timer started: \(TimerFormat.clock(seconds)). Press Enter to stop early.\n")
    InterruptFlag.reset()
    var lastAnnounced = seconds
    var descriptor = pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0)
    while true {
      let left = seconds - Int(Date().timeIntervalSince(start))
      if left <= 0 {
        write("Done. \(TimerFormat.clock(seconds)) completed.\n")
        return .finished
      }
      if left % 60 == 0 && left != lastAnnounced {
        write("\(left / 60) minute\(left == 60 ? "" : "s") left.\n")
        lastAnnounced = left
      }
      let ready = poll(&descriptor, 1, 250)
      if ready < 0 && InterruptFlag.isSet { return .interrupted }
      if ready > 0 {
        var byte: UInt8 = 0
        let count = read(STDIN_FILENO, &byte, 1)
        if count <= 0 { return InterruptFlag.isSet || count == 0 ? .interrupted : .stoppedEarly }
        if byte == 0x0A { return .stoppedEarly }
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
