import Testing

@testable import TandemAuthoring

@Suite("Readability: the byte-level count agrees with the character-level definition")
struct ReadabilityTests {
  /// What `counts` must equal: the definitions written over `Character`s.
  func reference(_ text: String) -> (words: Int, sentences: Int, syllables: Int) {
    let words = Readability.words(in: text)
    return (words.count, Readability.sentenceCount(text), words.reduce(0) { $0 + Readability.syllableCount($1) })
  }

  static let samples = [
    "", "'", "''", "a", "Cake. Table! Relaxation?", "It's the patients' plan: rest, then walk.",
    "- First item\n- Second item.\n\nA heading\nThen: \"quoted.\" text", "Tabs\tand\u{0B}vertical\u{0C}feeds.",
    "THE LOUD WORDS ARE HERE.", "e ee eee le ble able tle the", "Ends with colon:", "trailing spaces   \n   \n",
    "One.Two. Three .  Four!?", "x'y 'tis rock'n'roll",
    // Not plain ASCII: these go the Character way, and must still count the same.
    "Café au lait. Naïve résumé!", "Line one\r\nLine two.",
  ]

  @Test("fixed samples, ASCII and not", arguments: samples)
  func samplesAgree(text: String) {
    let counts = Readability.counts(text)
    let expected = reference(text)
    #expect(counts.words == expected.words)
    #expect(counts.sentences == expected.sentences)
    #expect(counts.syllables == expected.syllables)
  }

  @Test("thousands of random ASCII texts of letters, apostrophes, punctuation and white space")
  func randomTextsAgree() {
    var seed: UInt64 = 0x5EED
    func next() -> UInt64 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return seed >> 33
    }
    let alphabet = Array("aeiouyAEIOUY bcdlmnrstLTE'.!?:\"\n\t ,-".utf8)
    for _ in 0..<3_000 {
      let length = Int(next() % 80)
      let text = String(
        decoding: (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }, as: UTF8.self)
      let counts = Readability.counts(text)
      let expected = reference(text)
      #expect(counts == expected, "\(text.debugDescription)")
      if counts != expected { return }
    }
  }
}
