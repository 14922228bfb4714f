import Crypto
import Testing

@testable import TandemContent

@Suite("Content hashes")
struct ContentHashTests {
  /// Sessions pin the content they started on by this text, so its form must never change.
  @Test("content hashes are SHA-256 as 64 lowercase hex digits (FIPS 180-4 vectors)")
  func fipsVectors() {
    #expect(SHA256.hash(data: [UInt8]()).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(
      SHA256.hash(data: Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(
      SHA256.hash(data: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)).hex
        == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(
      SHA256.hash(data: [UInt8](repeating: 0x61, count: 1_000)).hex
        == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
  }
}
