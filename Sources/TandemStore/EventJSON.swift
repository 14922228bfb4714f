import TandemTherapy

/// The JSON text of a session event, written directly: byte for byte what `JSONColumn.encode`
/// (Foundation's encoder with sorted keys and unescaped slashes) makes of the same event, at a
/// fraction of the cost. A durable answer is written on every step, and the encoder was a tenth
/// of its time. `.migrated` (rare, and carrying a whole module) still goes through the encoder.
enum EventJSON {
  /// The event's JSON, or `nil` for the kinds written by the general encoder.
  static func encode(_ event: SessionEvent) -> String? {
    var out = JSONText()
    switch event {
    case .started(let moduleID, let version, let contentHash):
      out.open("started")
      out.field("contentHash", string: contentHash, first: true)
      out.field("moduleID", string: moduleID)
      out.field("version", number: version)
    case .answered(let step, let answer):
      out.open("answered")
      out.key("answer", first: true)
      switch answer {
      case .number(let value):
        out.open("number")
        out.field("_0", number: value, first: true)
      case .text(let text):
        out.open("text")
        out.field("_0", string: text, first: true)
      case .options(let ids):
        out.open("options")
        out.key("_0", first: true)
        out.raw("[")
        for (index, id) in ids.enumerated() {
          if index > 0 { out.raw(",") }
          out.string(id)
        }
        out.raw("]")
      case .safety(let flagged):
        out.open("safety")
        out.key("flagged", first: true)
        out.raw(flagged ? "true" : "false")
      }
      out.close()
      out.field("step", string: step)
    case .continued(let step):
      out.open("continued")
      out.field("step", string: step, first: true)
    case .timerFinished(let step, let seconds):
      out.open("timerFinished")
      out.field("seconds", number: seconds, first: true)
      out.field("step", string: step)
    case .skipped(let step):
      out.open("skipped")
      out.field("step", string: step, first: true)
    case .wentBack(let to):
      out.open("wentBack")
      out.field("to", string: to, first: true)
    case .paused: out.open("paused")
    case .resumed: out.open("resumed")
    case .abandoned: out.open("abandoned")
    case .completed: out.open("completed")
    case .safetyStopped(let step):
      out.open("safetyStopped")
      out.field("step", string: step, first: true)
    case .migrated:
      return nil
    }
    out.close()
    return String(decoding: out.bytes, as: UTF8.self)
  }
}

/// JSON text being written, with strings escaped as Foundation's encoder escapes them.
private struct JSONText {
  var bytes: [UInt8] = []

  init() { bytes.reserveCapacity(128) }

  mutating func raw(_ text: StaticString) {
    text.withUTF8Buffer { bytes.append(contentsOf: $0) }
  }

  /// Opens `{"name":{`; `close` writes the matching `}}`.
  mutating func open(_ name: StaticString) {
    raw("{\"")
    raw(name)
    raw("\":{")
  }

  mutating func close() { raw("}}") }

  mutating func key(_ name: StaticString, first: Bool = false) {
    if !first { raw(",") }
    raw("\"")
    raw(name)
    raw("\":")
  }

  mutating func field(_ name: StaticString, string value: String, first: Bool = false) {
    key(name, first: first)
    string(value)
  }

  mutating func field(_ name: StaticString, number value: Int, first: Bool = false) {
    key(name, first: first)
    bytes.append(contentsOf: String(value).utf8)
  }

  private static func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
  }

  mutating func string(_ value: String) {
    bytes.append(UInt8(ascii: "\""))
    for byte in value.utf8 {
      switch byte {
      case UInt8(ascii: "\""): raw("\\\"")
      case UInt8(ascii: "\\"): raw("\\\\")
      case 0x08: raw("\\b")
      case 0x09: raw("\\t")
      case 0x0A: raw("\\n")
      case 0x0C: raw("\\f")
      case 0x0D: raw("\\r")
      case 0x00..<0x20:
        raw("\\u00")
        bytes.append(Self.hexDigit(byte >> 4))
        bytes.append(Self.hexDigit(byte & 0x0F))
      default: bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
