import Crypto

/// Deterministic UUIDs for report resources: the first 16 bytes of SHA-256 over a namespace and the source
/// record's key, with the version nibble set to 5 and the RFC 4122 variant (a UUIDv5-like name-based id, with
/// SHA-256 in place of SHA-1). The same record always gets the same id.
enum StableID {
  static func uuid(_ parts: String...) -> String {
    var bytes = Array(
      SHA256.hash(data: Array(("tandem-report\u{1F}" + parts.joined(separator: "\u{1F}")).utf8)).prefix(16))
    bytes[6] = (bytes[6] & 0x0F) | 0x50
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(36)
    for (index, byte) in bytes.enumerated() {
      if [4, 6, 8, 10].contains(index) { out.append(UInt8(ascii: "-")) }
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
