import Foundation

/// Reads standard input on its own thread, so that the language server can wait for the next
/// bytes and for its debounce deadline at once.
final class StandardInputReader: @unchecked Sendable {
  private let condition = NSCondition()
  private var chunks: [[UInt8]] = []
  private var ended = false

  /// Starts reading until end of input or a read error.
  func start() {
    let thread = Thread { [self] in
      var buffer = [UInt8](repeating: 0, count: 64 * 1024)
      while true {
        let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
        if count < 0 && errno == EINTR { continue }
        condition.lock()
        if count > 0 { chunks.append(Array(buffer[..<count])) } else { ended = true }
        condition.signal()
        condition.unlock()
        if count <= 0 { return }
      }
    }
    thread.start()
  }

  /// The bytes read since the last call, waiting up to `timeout` seconds for some (for ever when
  /// `nil`), and whether input has ended.
  func take(timeout: Double?) -> (bytes: [UInt8], ended: Bool) {
    condition.lock()
    defer { condition.unlock() }
    let deadline = timeout.map { Date().addingTimeInterval($0) }
    while chunks.isEmpty && !ended {
      if let deadline {
        if !condition.wait(until: deadline) { break }
      } else {
        condition.wait()
      }
    }
    let bytes = chunks.flatMap { $0 }
    chunks.removeAll()
    return (bytes, ended)
  }
}
