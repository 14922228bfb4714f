import Crypto

extension SHA256.Digest {
  /// The digest as 64 lowercase hex digits: the form content hashes take in journals and pins.
  public var hex: String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(SHA256.Digest.byteCount * 2)
    for byte in self {
      out.append(digits[Int(byte >> 4)])
      out.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: out, as: UTF8.self)
  }
}
