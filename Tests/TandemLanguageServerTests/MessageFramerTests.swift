import Testing

@testable import TandemLanguageServer

/// The base protocol's framing: what an editor writes is split into messages, and bad headers
/// are reported instead of read as something else.
@Suite("language server message framing")
struct MessageFramerTests {
  @Test("messages split across reads and run together come out whole, one by one")
  func splitAndJoined() {
    var framer = MessageFramer()
    let one = Array(#"{"a":1}"#.utf8), two = Array(#"{"b":"é"}"#.utf8)
    let stream = MessageFramer.frame(one) + MessageFramer.frame(two)
    framer.append(stream[..<10])
    #expect(framer.next() == nil)
    framer.append(stream[10...])
    #expect(framer.next() == .message(one))
    #expect(framer.next() == .message(two))
    #expect(framer.next() == nil)
    #expect(!framer.hasPartialMessage)
  }

  @Test("a missing or non-numeric Content-Length is reported, and reading resumes at the next Content-Length line")
  func badLength() {
    for header in [
      "Content-Type: x\r\n\r\n{}", "Content-Length: ten\r\n\r\n{}", "Content-Length: -1\r\n\r\n{}", "garbage\r\n\r\n",
      "Content-Type: x\r\nContent-Length: 1e3\r\n\r\n{\"a\":\"\r\n\r\n\"}\r\n",
    ] {
      var framer = MessageFramer()
      framer.append(Array(header.utf8))
      guard case .malformed = framer.next() else {
        Issue.record("\(header) was read as a message")
        continue
      }
      #expect(framer.next() == nil)
      #expect(!framer.hasPartialMessage)
      let good = MessageFramer.frame(Array("{}".utf8))
      framer.append(good[..<7])
      #expect(framer.next() == nil)
      framer.append(good[7...])
      #expect(framer.next() == .message(Array("{}".utf8)), "after \(header)")
      #expect(framer.next() == nil)
    }
  }

  @Test("headers cut short run into the next message's: one error, and the next message is read")
  func headersRunIntoTheNext() {
    let good = Array(#"{"id":2}"#.utf8)
    for broken in ["Content-Length: 5\r\nfoo\r\n", "Content-Length: 5\r\n", "X: y\r\nfoo\r\n"] {
      var framer = MessageFramer()
      framer.append(Array(broken.utf8))
      #expect(framer.next() == nil, "\(broken)")
      framer.append(MessageFramer.frame(good))
      guard case .malformed = framer.next() else {
        Issue.record("\(broken) was not reported")
        continue
      }
      #expect(framer.next() == .message(good), "after \(broken)")
      #expect(framer.next() == nil)
      #expect(!framer.hasPartialMessage)
    }
  }

  @Test("a body shorter than its Content-Length said: its leftover bytes are reported, the next message is read")
  func leftoverBeforeHeaders() {
    let first = Array(#"{"id":1,"method":"x"}"#.utf8), next = Array(#"{"id":2}"#.utf8)
    for short in [1, 3, 9] {
      var framer = MessageFramer()
      let header = Array("Content-Length: \(first.count - short)\r\n\r\n".utf8)
      framer.append(header + first + MessageFramer.frame(next) + MessageFramer.frame(next))
      #expect(framer.next() == .message(Array(first.dropLast(short))))
      guard case .malformed = framer.next() else {
        Issue.record("the leftover of \(short) bytes was not reported")
        continue
      }
      #expect(framer.next() == .message(next), "after \(short) bytes left over")
      #expect(framer.next() == .message(next))
      #expect(framer.next() == nil)
    }
  }

  @Test("headers that never end are refused once they pass the header limit")
  func endlessHeaders() {
    var framer = MessageFramer()
    framer.append([UInt8](repeating: UInt8(ascii: "x"), count: MessageFramer.maxHeaderSize + 10))
    guard case .malformed = framer.next() else {
      Issue.record("no error for endless headers")
      return
    }
  }

  @Test("a message over the size limit is skipped, reported with its first bytes, and the next one is still read")
  func tooLarge() {
    var framer = MessageFramer()
    let size = MessageFramer.maxMessageSize + 1
    framer.append(Array("Content-Length: \(size)\r\n\r\n{\"m\"".utf8))
    #expect(framer.next() == nil)
    framer.append([UInt8](repeating: 32, count: size - 9))
    #expect(framer.next() == nil)
    framer.append([UInt8](repeating: 32, count: 5) + MessageFramer.frame(Array("{}".utf8)))
    guard case .tooLarge(let skipped, let head, let tail) = framer.next() else {
      Issue.record("the large message was not reported")
      return
    }
    #expect(skipped == size)
    #expect(head.count == MessageFramer.headSize)
    #expect(head.prefix(5) == Array("{\"m\" ".utf8)[...])
    #expect(tail == [UInt8](repeating: 32, count: MessageFramer.headSize))
    #expect(framer.next() == .message(Array("{}".utf8)))
  }
}
