/// An event line in exactly the form `JournalExport.event` writes it — the envelope's keys in
/// order, strings without escapes, then `"payload":` and the payload, ending the line — split
/// into its envelope and payload text without JSONDecoder. Used only for `dose-taken` lines
/// (with `DoseTakenReader` for the payload); any other shape returns `nil` and goes through the
/// decoder. Kept because the clinic checks every line of every push: decoding a year-long push's
/// lines took about 40 % of storing it.
enum CanonicalLine {
  /// The envelope and payload of a canonical `dose-taken` diary line, or `nil`.
  static func doseTaken(_ line: String) -> (ExportedEvent, DiaryPayload)? {
    var line = line
    return line.withUTF8 { bytes -> (ExportedEvent, DiaryPayload)? in
      var at = 0
      func literal(_ text: StaticString) -> Bool {
        let count = text.utf8CodeUnitCount
        guard bytes.count - at >= count else { return false }
        for index in 0..<count where bytes[at + index] != text.utf8Start[index] { return false }
        at += count
        return true
      }
      /// The string up to the next quote, which it consumes: no escapes or control characters.
      func string() -> String? {
        let start = at
        while at < bytes.count {
          let byte = bytes[at]
          if byte == UInt8(ascii: "\"") {
            at += 1
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<(at - 1)]), as: UTF8.self)
          }
          if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
          at += 1
        }
        return nil
      }
      guard literal("{\"device_id\":\""), let device = string(),
        literal(",\"event_id\":\""), let event = string(),
        literal(",\"kind\":\"dose-taken\",\"recorded_at\":\""), let recorded = string(),
        literal(",\"stream\":\""), let stream = string(),
        literal(",\"stream_type\":\"diary\",\"type\":\"event\",\"payload\":"),
        bytes.count - at >= 2, bytes[bytes.count - 1] == UInt8(ascii: "}")
      else { return nil }
      let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[at..<(bytes.count - 1)]), as: UTF8.self)
      guard let payload = DoseTakenReader.payload(text) else { return nil }
      let envelope = ExportedEvent(
        eventID: event, deviceID: device, streamType: "diary", stream: stream, kind: "dose-taken", recordedAt: recorded)
      return (envelope, payload)
    }
  }
}
