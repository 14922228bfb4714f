import TandemBase

/// Deterministic UUIDs for report resources: the first 16 bytes of SHA-256 over a namespace and the source
/// record's key, with the version nibble set to 5 and the RFC 4122 variant (a UUIDv5-like name-based id, with
/// SHA-256 in place of SHA-1). The same record always gets the same id.
enum StableID {
  static func uuid(_ parts: String...) -> String {
    let digest = SHA256.hex(Array(("tandem-report\u{1F}" + parts.joined(separator: "\u{1F}")).utf8))
    var hex = Array(digest.prefix(32))
    hex[12] = "5"
    let variant = Int(String(hex[16]), radix: 16) ?? 0
    hex[16] = Array("0123456789abcdef")[(variant & 0x3) | 0x8]
    let s = String(hex)
    let i = s.startIndex
    func slice(_ a: Int, _ b: Int) -> Substring { s[s.index(i, offsetBy: a)..<s.index(i, offsetBy: b)] }
    return "\(slice(0, 8))-\(slice(8, 12))-\(slice(12, 16))-\(slice(16, 20))-\(slice(20, 32))"
  }
}
