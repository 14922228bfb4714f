/// SHA-256 (FIPS 180-4), used to pin the exact content a session started on.
public enum SHA256 {

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

    /// Runs the compression function over `count` 64-byte blocks at `blocks`: the 64 rounds
    /// written out, with the message schedule in a ring of 16 local words, so that the whole
    /// state stays in registers.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
      var (h0, h1, h2, h3, h4, h5, h6, h7) = h
      for block in 0..<count {
        let p = blocks + block * 64
        var w0 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 0, as: UInt32.self))
        var w1 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
        var w2 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
        var w3 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 12, as: UInt32.self))
        var w4 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt32.self))
        var w5 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 20, as: UInt32.self))
        var w6 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt32.self))
        var w7 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 28, as: UInt32.self))
        var w8 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 32, as: UInt32.self))
        var w9 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 36, as: UInt32.self))
        var w10 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 40, as: UInt32.self))
        var w11 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 44, as: UInt32.self))
        var w12 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 48, as: UInt32.self))
        var w13 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 52, as: UInt32.self))
        var w14 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 56, as: UInt32.self))
        var w15 = UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 60, as: UInt32.self))
        var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0x428a2f98 &+ w0
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0x71374491 &+ w1
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0xb5c0fbcf &+ w2
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0xe9b5dba5 &+ w3
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0x3956c25b &+ w4
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0x59f111f1 &+ w5
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0x923f82a4 &+ w6
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0xab1c5ed5 &+ w7
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0xd807aa98 &+ w8
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0x12835b01 &+ w9
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0x243185be &+ w10
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0x550c7dc3 &+ w11
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0x72be5d74 &+ w12
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0x80deb1fe &+ w13
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0x9bdc06a7 &+ w14
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0xc19bf174 &+ w15
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        w0 = w0 &+ σ0(w1) &+ w9 &+ σ1(w14)
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0xe49b69c1 &+ w0
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        w1 = w1 &+ σ0(w2) &+ w10 &+ σ1(w15)
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0xefbe4786 &+ w1
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        w2 = w2 &+ σ0(w3) &+ w11 &+ σ1(w0)
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0x0fc19dc6 &+ w2
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        w3 = w3 &+ σ0(w4) &+ w12 &+ σ1(w1)
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0x240ca1cc &+ w3
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        w4 = w4 &+ σ0(w5) &+ w13 &+ σ1(w2)
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0x2de92c6f &+ w4
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        w5 = w5 &+ σ0(w6) &+ w14 &+ σ1(w3)
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0x4a7484aa &+ w5
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        w6 = w6 &+ σ0(w7) &+ w15 &+ σ1(w4)
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0x5cb0a9dc &+ w6
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        w7 = w7 &+ σ0(w8) &+ w0 &+ σ1(w5)
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0x76f988da &+ w7
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        w8 = w8 &+ σ0(w9) &+ w1 &+ σ1(w6)
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0x983e5152 &+ w8
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        w9 = w9 &+ σ0(w10) &+ w2 &+ σ1(w7)
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0xa831c66d &+ w9
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        w10 = w10 &+ σ0(w11) &+ w3 &+ σ1(w8)
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0xb00327c8 &+ w10
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        w11 = w11 &+ σ0(w12) &+ w4 &+ σ1(w9)
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0xbf597fc7 &+ w11
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        w12 = w12 &+ σ0(w13) &+ w5 &+ σ1(w10)
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0xc6e00bf3 &+ w12
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        w13 = w13 &+ σ0(w14) &+ w6 &+ σ1(w11)
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0xd5a79147 &+ w13
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        w14 = w14 &+ σ0(w15) &+ w7 &+ σ1(w12)
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0x06ca6351 &+ w14
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        w15 = w15 &+ σ0(w0) &+ w8 &+ σ1(w13)
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0x14292967 &+ w15
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        w0 = w0 &+ σ0(w1) &+ w9 &+ σ1(w14)
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0x27b70a85 &+ w0
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        w1 = w1 &+ σ0(w2) &+ w10 &+ σ1(w15)
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0x2e1b2138 &+ w1
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        w2 = w2 &+ σ0(w3) &+ w11 &+ σ1(w0)
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0x4d2c6dfc &+ w2
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        w3 = w3 &+ σ0(w4) &+ w12 &+ σ1(w1)
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0x53380d13 &+ w3
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        w4 = w4 &+ σ0(w5) &+ w13 &+ σ1(w2)
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0x650a7354 &+ w4
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        w5 = w5 &+ σ0(w6) &+ w14 &+ σ1(w3)
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0x766a0abb &+ w5
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        w6 = w6 &+ σ0(w7) &+ w15 &+ σ1(w4)
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0x81c2c92e &+ w6
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        w7 = w7 &+ σ0(w8) &+ w0 &+ σ1(w5)
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0x92722c85 &+ w7
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        w8 = w8 &+ σ0(w9) &+ w1 &+ σ1(w6)
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0xa2bfe8a1 &+ w8
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        w9 = w9 &+ σ0(w10) &+ w2 &+ σ1(w7)
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0xa81a664b &+ w9
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        w10 = w10 &+ σ0(w11) &+ w3 &+ σ1(w8)
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0xc24b8b70 &+ w10
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        w11 = w11 &+ σ0(w12) &+ w4 &+ σ1(w9)
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0xc76c51a3 &+ w11
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        w12 = w12 &+ σ0(w13) &+ w5 &+ σ1(w10)
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0xd192e819 &+ w12
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        w13 = w13 &+ σ0(w14) &+ w6 &+ σ1(w11)
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0xd6990624 &+ w13
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        w14 = w14 &+ σ0(w15) &+ w7 &+ σ1(w12)
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0xf40e3585 &+ w14
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        w15 = w15 &+ σ0(w0) &+ w8 &+ σ1(w13)
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0x106aa070 &+ w15
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        w0 = w0 &+ σ0(w1) &+ w9 &+ σ1(w14)
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0x19a4c116 &+ w0
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        w1 = w1 &+ σ0(w2) &+ w10 &+ σ1(w15)
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0x1e376c08 &+ w1
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        w2 = w2 &+ σ0(w3) &+ w11 &+ σ1(w0)
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0x2748774c &+ w2
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        w3 = w3 &+ σ0(w4) &+ w12 &+ σ1(w1)
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0x34b0bcb5 &+ w3
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        w4 = w4 &+ σ0(w5) &+ w13 &+ σ1(w2)
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0x391c0cb3 &+ w4
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        w5 = w5 &+ σ0(w6) &+ w14 &+ σ1(w3)
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0x4ed8aa4a &+ w5
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        w6 = w6 &+ σ0(w7) &+ w15 &+ σ1(w4)
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0x5b9cca4f &+ w6
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        w7 = w7 &+ σ0(w8) &+ w0 &+ σ1(w5)
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0x682e6ff3 &+ w7
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        w8 = w8 &+ σ0(w9) &+ w1 &+ σ1(w6)
        h = h &+ Σ1(e) &+ ((e & f) ^ (~e & g)) &+ 0x748f82ee &+ w8
        d = d &+ h
        h = h &+ Σ0(a) &+ ((a & b) ^ (a & c) ^ (b & c))
        w9 = w9 &+ σ0(w10) &+ w2 &+ σ1(w7)
        g = g &+ Σ1(d) &+ ((d & e) ^ (~d & f)) &+ 0x78a5636f &+ w9
        c = c &+ g
        g = g &+ Σ0(h) &+ ((h & a) ^ (h & b) ^ (a & b))
        w10 = w10 &+ σ0(w11) &+ w3 &+ σ1(w8)
        f = f &+ Σ1(c) &+ ((c & d) ^ (~c & e)) &+ 0x84c87814 &+ w10
        b = b &+ f
        f = f &+ Σ0(g) &+ ((g & h) ^ (g & a) ^ (h & a))
        w11 = w11 &+ σ0(w12) &+ w4 &+ σ1(w9)
        e = e &+ Σ1(b) &+ ((b & c) ^ (~b & d)) &+ 0x8cc70208 &+ w11
        a = a &+ e
        e = e &+ Σ0(f) &+ ((f & g) ^ (f & h) ^ (g & h))
        w12 = w12 &+ σ0(w13) &+ w5 &+ σ1(w10)
        d = d &+ Σ1(a) &+ ((a & b) ^ (~a & c)) &+ 0x90befffa &+ w12
        h = h &+ d
        d = d &+ Σ0(e) &+ ((e & f) ^ (e & g) ^ (f & g))
        w13 = w13 &+ σ0(w14) &+ w6 &+ σ1(w11)
        c = c &+ Σ1(h) &+ ((h & a) ^ (~h & b)) &+ 0xa4506ceb &+ w13
        g = g &+ c
        c = c &+ Σ0(d) &+ ((d & e) ^ (d & f) ^ (e & f))
        w14 = w14 &+ σ0(w15) &+ w7 &+ σ1(w12)
        b = b &+ Σ1(g) &+ ((g & h) ^ (~g & a)) &+ 0xbef9a3f7 &+ w14
        f = f &+ b
        b = b &+ Σ0(c) &+ ((c & d) ^ (c & e) ^ (d & e))
        w15 = w15 &+ σ0(w0) &+ w8 &+ σ1(w13)
        a = a &+ Σ1(f) &+ ((f & g) ^ (~f & h)) &+ 0xc67178f2 &+ w15
        e = e &+ a
        a = a &+ Σ0(b) &+ ((b & c) ^ (b & d) ^ (c & d))
        h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d; h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
      }
      h = (h0, h1, h2, h3, h4, h5, h6, h7)
    }
  }

}

@inline(__always) private func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x >> n) | (x << (32 &- n)) }
@inline(__always) private func Σ0(_ x: UInt32) -> UInt32 { rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22) }
@inline(__always) private func Σ1(_ x: UInt32) -> UInt32 { rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25) }
@inline(__always) private func σ0(_ x: UInt32) -> UInt32 { rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3) }
@inline(__always) private func σ1(_ x: UInt32) -> UInt32 { rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10) }
