/// Splits the byte stream a client writes into JSON-RPC messages, each framed as the Language
/// Server Protocol's base protocol frames it: `Content-Length: N` headers, a blank line, then
/// N bytes of JSON.
///
/// A message over `maxMessageSize` is skipped (its bytes are read and dropped) and reported once
/// it has passed, with its first bytes, so the stream stays in step. Headers that cannot be read
/// (no `Content-Length`, or one that is not a number, or a line without `:`) are reported, and the
/// framer resynchronises: it drops the headers up to the bad line and, as the body's length is
/// unknown, everything up to the next `Content-Length:` (a body that holds those words is read as
/// headers and reported in turn). A client that sends broken headers and then a good message gets
/// the message read, though the two header blocks run together; bytes left before a
/// `Content-Length:` on its line (a body shorter than its header said) lose only themselves.
public struct MessageFramer: Sendable {
  /// What the stream held next.
  public enum Event: Equatable, Sendable {
    /// One message's JSON bytes.
    case message([UInt8])
    /// A message larger than `maxMessageSize`, skipped, with its first and its last `headSize`
    /// bytes (a document's address comes before or after its text); the stream goes on after it.
    case tooLarge(Int, head: [UInt8], tail: [UInt8])
    /// Headers that cannot be read; what follows them, up to the next `Content-Length:`, is
    /// dropped.
    case malformed(String)
  }

  /// The largest message read, in bytes: room for a document well over the loader's 1 MiB
  /// limit, escaped as JSON, so that it gets the loader's own diagnostic.
  public static let maxMessageSize = 16 << 20
  /// The longest header section read before giving up on finding its end.
  public static let maxHeaderSize = 8 * 1024
  /// How much of a skipped message is kept, for the server to see what it was.
  public static let headSize = 4 * 1024

  private var buffer: [UInt8] = []
  /// The message being skipped: its size, the bytes still to drop, its first and last bytes.
  private var skipped: (size: Int, remaining: Int, head: [UInt8], tail: [UInt8])?
  /// Whether input is being dropped up to the next `Content-Length:` line.
  private var resyncing = false

  /// Creates a framer with nothing read yet.
  public init() {}

  /// Whether the bytes read so far end in the middle of a message.
  public var hasPartialMessage: Bool { (!buffer.isEmpty && !resyncing) || skipped != nil }

  /// Adds bytes read from the stream.
  public mutating func append(_ bytes: some Sequence<UInt8>) {
    guard var skip = skipped, skip.remaining > 0 else {
      buffer += bytes
      return
    }
    let chunk = Array(bytes)
    let dropped = min(skip.remaining, chunk.count)
    skip.head += chunk[..<min(dropped, max(0, Self.headSize - skip.head.count))]
    skip.tail = Array((skip.tail + chunk[..<dropped]).suffix(Self.headSize))
    skip.remaining -= dropped
    skipped = skip
    buffer += chunk[dropped...]
  }

  /// The next complete message, a skipped one, or the reason the stream is unreadable; `nil`
  /// when more bytes are needed.
  public mutating func next() -> Event? {
    if let skip = skipped {
      guard skip.remaining == 0 else { return nil }
      skipped = nil
      return .tooLarge(skip.size, head: skip.head, tail: skip.tail)
    }
    if resyncing, !skipToContentLength() { return nil }
    guard !buffer.isEmpty else { return nil }
    guard let end = headerEnd() else {
      return buffer.count > Self.maxHeaderSize ? fail("no end of headers within \(Self.maxHeaderSize) bytes") : nil
    }
    guard end.headers <= Self.maxHeaderSize else {
      return fail("headers longer than \(Self.maxHeaderSize) bytes", dropping: end.body)
    }
    var length: Int?
    var lineStart = 0
    while lineStart <= end.headers {
      var lineEnd = lineStart
      while lineEnd < end.headers && !(buffer[lineEnd] == 13 && buffer[lineEnd + 1] == 10) { lineEnd += 1 }
      let line = Substring(String(decoding: buffer[lineStart..<lineEnd], as: UTF8.self))
      // A bad line is dropped with the lines before it, not the block's later lines: what
      // looks like one header block may be a broken message's headers run into the next
      // message's, and that message starts at a later `Content-Length:` line.
      let start = lineStart, dropping = lineEnd + 2
      lineStart = dropping
      // Bytes before a `Content-Length:` on one line are what a body shorter than its
      // Content-Length left behind: they are dropped alone, so the message after them is read.
      if let header = contentLengthOffset(start..<lineEnd), header > start {
        return fail("bytes before a message's headers", dropping: header)
      }
      guard let colon = line.firstIndex(of: ":") else { return fail("a header line without ':'", dropping: dropping) }
      let name = line[..<colon].trimmingSpaces().lowercased()
      let value = line[line.index(after: colon)...].trimmingSpaces()
      if name == "content-length" {
        // A second Content-Length starts the next message's headers.
        guard length == nil else { return fail("headers without their blank line", dropping: start) }
        guard !value.isEmpty, value.allSatisfy(\.isASCIIDigit), value.count <= 12, let number = Int(value)
        else { return fail("invalid Content-Length", dropping: dropping) }
        length = number
      }
    }
    guard let length else { return fail("no Content-Length header", dropping: end.body) }
    let bodyStart = end.body
    if length > Self.maxMessageSize {
      let available = min(buffer.count - bodyStart, length)
      let body = buffer[bodyStart..<bodyStart + available]
      skipped = (length, length - available, Array(body.prefix(Self.headSize)), Array(body.suffix(Self.headSize)))
      buffer.removeSubrange(..<(bodyStart + available))
      return next()
    }
    guard buffer.count - bodyStart >= length else { return nil }
    let body = Array(buffer[bodyStart..<bodyStart + length])
    buffer.removeSubrange(..<(bodyStart + length))
    return .message(body)
  }

  /// Frames `body` for writing: the `Content-Length` header, a blank line, the body.
  public static func frame(_ body: [UInt8]) -> [UInt8] {
    Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
  }

  /// Reports unreadable headers and starts dropping input up to the next `Content-Length:` line,
  /// after the first `dropping` bytes (the bad header block, so that it is not read again).
  private mutating func fail(_ reason: String, dropping: Int = 1) -> Event {
    buffer.removeFirst(min(max(1, dropping), buffer.count))
    resyncing = true
    return .malformed(reason)
  }

  /// Drops bytes up to the next `Content-Length:` (a message's headers follow the last body
  /// with nothing between); whether it was found. When not, bytes that may start it are kept.
  private mutating func skipToContentLength() -> Bool {
    let name = Array("content-length:".utf8)
    var index = 0
    while index < buffer.count {
      let count = min(name.count, buffer.count - index)
      if (0..<count).allSatisfy({ buffer[index + $0] | 0x20 == name[$0] | 0x20 }) {
        buffer.removeFirst(index)
        // Only the end of what was read may be a partial match.
        resyncing = count < name.count
        return !resyncing
      }
      index += 1
    }
    buffer.removeAll()
    return false
  }

  /// Where `Content-Length:` (any case) begins within `range` of the buffer, if it does.
  private func contentLengthOffset(_ range: Range<Int>) -> Int? {
    let name = Array("content-length:".utf8)
    guard range.count >= name.count else { return nil }
    return (range.lowerBound...(range.upperBound - name.count)).first { index in
      (0..<name.count).allSatisfy { buffer[index + $0] | 0x20 == name[$0] | 0x20 }
    }
  }

  /// Where the headers end (before the blank line) and the body starts.
  private func headerEnd() -> (headers: Int, body: Int)? {
    let limit = min(buffer.count, Self.maxHeaderSize + 4)
    guard limit >= 4 else { return nil }
    for index in 0...(limit - 4)
    where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
      return (index, index + 4)
    }
    return nil
  }
}

extension Character {
  fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Substring {
  fileprivate func trimmingSpaces() -> String {
    String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
  }
}
