/// SHA-256 (FIPS 180-4), used to pin the exact content a session started on.
public enum SHA256 {
  private static let k: [UInt32] = [
    0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
    0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
    0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
    0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
    0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
    0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
    0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
    0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
  ]

  /// The digest of `bytes` as 64 lowercase hex digits.
  public static func hex(_ bytes: [UInt8]) -> String {
    var hasher = Hasher()
    hasher.update(bytes)
    return hasher.finalizeHex()
  }

  /// An incremental SHA-256: feed bytes in pieces, then take the digest once.
  public struct Hasher: Sendable {
    private var h: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
      0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Bytes not yet forming a whole 64-byte block.
    private var pending: [UInt8] = []
    private var length: UInt64 = 0

    /// A hasher that has seen no bytes.
    public init() {}

    /// Adds `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
      bytes.withUnsafeBufferPointer { update(UnsafeRawBufferPointer($0)) }
    }

    /// Adds the bytes at `buffer` to the message.
    public mutating func update(_ buffer: UnsafeRawBufferPointer) {
      length &+= UInt64(buffer.count)
      var offset = 0
      if !pending.isEmpty {
        let take = Swift.min(64 - pending.count, buffer.count)
        pending += buffer[0..<take]
        offset = take
        if pending.count == 64 {
          pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
          pending.removeAll(keepingCapacity: true)
        }
      }
      let whole = (buffer.count - offset) / 64
      if whole > 0, let base = buffer.baseAddress {
        compress(blocks: base + offset, count: whole)
        offset += whole * 64
      }
      if offset < buffer.count { pending += buffer[offset...] }
    }

    /// The digest of everything added, as 64 lowercase hex digits.
    public consuming func finalizeHex() -> String {
      let bitLength = length &* 8
      var tail = pending
      tail.append(0x80)
      while tail.count % 64 != 56 { tail.append(0) }
      for shift in stride(from: 56, through: 0, by: -8) {
        tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
      }
      tail.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: $0.count / 64) }
      let digits: [UInt8] = Array("0123456789abcdef".utf8)
      var out = [UInt8](repeating: 0, count: 64)
      let words = [h.0, h.1, h.2, h.3, h.4, h.5, h.6, h.7]
      for (index, word) in words.enumerated() {
        for nibble in 0..<8 {
          out[index * 8 + nibble] = digits[Int((word >> UInt32(28 - nibble * 4)) & 0xF)]
        }
      }
      return String(decoding: out, as: UTF8.self)
    }

    /// Runs the compression function over `count` 64-byte blocks at `blocks`.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
      SHA256.k.withUnsafeBufferPointer { k in
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
          var (h0, h1, h2, h3, h4, h5, h6, h7) = h
          for block in 0..<count {
            let p = blocks + block * 64
            for i in 0..<16 {
              w[i] = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))
            }
            for i in 16..<64 {
              let x = w[i - 15], y = w[i - 2]
              let s0 = SHA256.rotr(x, 7) ^ SHA256.rotr(x, 18) ^ (x >> 3)
              let s1 = SHA256.rotr(y, 17) ^ SHA256.rotr(y, 19) ^ (y >> 10)
              w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, hh = h7
            for i in 0..<64 {
              let s1 = SHA256.rotr(e, 6) ^ SHA256.rotr(e, 11) ^ SHA256.rotr(e, 25)
              let ch = (e & f) ^ (~e & g)
              let t1 = hh &+ s1 &+ ch &+ k[i] &+ w[i]
              let s0 = SHA256.rotr(a, 2) ^ SHA256.rotr(a, 13) ^ SHA256.rotr(a, 22)
              let maj = (a & b) ^ (a & c) ^ (b & c)
              let t2 = s0 &+ maj
              hh = g; g = f; f = e; e = d &+ t1; d = c; c = b; b = a; a = t1 &+ t2
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= hh
          }
          h = (h0, h1, h2, h3, h4, h5, h6, h7)
        }
      }
    }
  }

  @inline(__always)
  fileprivate static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 - n)) }
}
