/// Splits the byte stream a client writes into JSON-RPC messages, each framed as the Language
/// Server Protocol's base protocol frames it: `Content-Length: N` headers, a blank line, then
/// N bytes of JSON.
///
/// A message over `maxMessageSize` is skipped (its bytes are read and dropped) and reported, so
/// the stream stays in step; a header that cannot be read loses the framing for good.
public struct MessageFramer: Sendable {
  /// What the stream held next.
  public enum Event: Equatable, Sendable {
    /// One message's JSON bytes.
    case message([UInt8])
    /// A message larger than `maxMessageSize`, skipped; the stream goes on after it.
    case tooLarge(Int)
    /// Headers that cannot be read: the framing is lost and the stream cannot go on.
    case malformed(String)
  }

  /// The largest message read, in bytes: room for a document well over the loader's 1 MiB
  /// limit, escaped as JSON, so that it gets the loader's own diagnostic.
  public static let maxMessageSize = 16 << 20
  /// The longest header section read before giving up on finding its end.
  public static let maxHeaderSize = 8 * 1024

  private var buffer: [UInt8] = []
  private var skipping = 0
  private var failed: String?

  /// Creates a framer with nothing read yet.
  public init() {}

  /// Whether the bytes read so far end in the middle of a message.
  public var hasPartialMessage: Bool { !buffer.isEmpty || skipping > 0 }

  /// Adds bytes read from the stream.
  public mutating func append(_ bytes: some Sequence<UInt8>) {
    guard failed == nil else { return }
    if skipping > 0 {
      let chunk = Array(bytes)
      let dropped = min(skipping, chunk.count)
      skipping -= dropped
      buffer += chunk[dropped...]
    } else {
      buffer += bytes
    }
  }

  /// The next complete message, a skipped one, or the reason the stream is unreadable; `nil`
  /// when more bytes are needed.
  public mutating func next() -> Event? {
    if failed != nil { return nil }
    guard skipping == 0, !buffer.isEmpty else { return nil }
    guard let end = headerEnd() else {
      return buffer.count > Self.maxHeaderSize ? fail("no end of headers within \(Self.maxHeaderSize) bytes") : nil
    }
    guard end.headers <= Self.maxHeaderSize else {
      return fail("headers longer than \(Self.maxHeaderSize) bytes")
    }
    let header = String(decoding: buffer[..<end.headers], as: UTF8.self)
    var length: Int?
    for line in header.split(separator: "\r\n", omittingEmptySubsequences: false) {
      guard let colon = line.firstIndex(of: ":") else { return fail("a header line without ':'") }
      let name = line[..<colon].trimmingSpaces().lowercased()
      let value = line[line.index(after: colon)...].trimmingSpaces()
      if name == "content-length" {
        guard length == nil, !value.isEmpty, value.allSatisfy(\.isASCIIDigit), value.count <= 12,
          let number = Int(value)
        else { return fail("invalid Content-Length") }
        length = number
      }
    }
    guard let length else { return fail("no Content-Length header") }
    let bodyStart = end.body
    if length > Self.maxMessageSize {
      let available = buffer.count - bodyStart
      if available >= length {
        buffer.removeSubrange(..<(bodyStart + length))
      } else {
        skipping = length - available
        buffer.removeAll()
      }
      return .tooLarge(length)
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

  private mutating func fail(_ reason: String) -> Event {
    failed = reason
    buffer.removeAll()
    return .malformed(reason)
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
