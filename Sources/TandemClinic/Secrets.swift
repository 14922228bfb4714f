import Crypto
import Foundation
import TandemContent

/// Enrolment codes and refresh tokens: random, shown once, kept by the server only as SHA-256 digests.
enum Secrets {
  /// Crockford's base-32 alphabet: no I, L, O or U to misread.
  private static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")

  /// A one-time enrolment code, `XXXX-XXXX-XXXX-XXXX` (80 random bits).
  static func enrolmentCode() -> String {
    var random = SystemRandomNumberGenerator()
    let characters = (0..<16).map { _ in alphabet[Int(random.next(upperBound: UInt32(32)))] }
    return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
  }

  /// A code as people may type it back: case, spaces and dashes do not matter; O is 0, I and L are 1.
  static func normalisedCode(_ text: String) -> String {
    let cleaned = text.uppercased().filter { !" -".contains($0) }.map { character -> Character in
      switch character {
      case "O": "0"
      case "I", "L": "1"
      default: character
      }
    }
    return String(cleaned)
  }

  /// A refresh token: 256 random bits, base64url.
  static func refreshToken() -> String {
    var random = SystemRandomNumberGenerator()
    let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
    return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
      .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
  }

  /// The digest the database keeps.
  static func digest(_ text: String) -> Data { Data(SHA256.hash(data: Array(text.utf8))) }

  /// The digest as lowercase hex, for lines the server compares.
  static func hexDigest(_ text: String) -> String { SHA256.hash(data: Array(text.utf8)).hex }

}
