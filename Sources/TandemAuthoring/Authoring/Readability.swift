/// Flesch–Kincaid grade level of English text:
/// `0.39 × (words ÷ sentences) + 11.8 × (syllables ÷ words) − 15.59`.
///
/// Words are runs of letters (with apostrophes); sentences end at `.`, `!`, `?` or `:` followed by
/// a space or the end, and every line that is a list item or ends without punctuation counts as
/// one too. Syllables are counted by a heuristic: groups of vowels (a, e, i, o, u, y), less a
/// silent final `e` (but not `-le`), with at least one per word.
public enum Readability {
  /// The grade, or `nil` for text with no words.
  public static func fleschKincaidGrade(_ text: String) -> Double? {
    let counts = counts(text)
    guard counts.words > 0 else { return nil }
    return 0.39 * Double(counts.words) / Double(max(1, counts.sentences)) + 11.8 * Double(counts.syllables)
      / Double(counts.words) - 15.59
  }

  /// How many words `words(in:)` finds.
  public static func wordCount(_ text: String) -> Int { counts(text).words }

  /// Words, sentences and syllables of a text, as `words(in:)`, `sentenceCount` and
  /// `syllableCount` count them. Plain ASCII text (most module text) is counted over its bytes
  /// in one pass; other text goes through the `Character` functions.
  static func counts(_ text: String) -> (words: Int, sentences: Int, syllables: Int) {
    if let counts = asciiCounts(text) { return counts }
    let words = words(in: text)
    return (words.count, sentenceCount(text), words.reduce(0) { $0 + syllableCount($1) })
  }

  /// `counts` over bytes, when every byte is ASCII other than CR (so bytes and `Character`s
  /// correspond one to one); `nil` otherwise.
  private static func asciiCounts(_ text: String) -> (words: Int, sentences: Int, syllables: Int)? {
    var text = text
    return text.withUTF8 { bytes -> (words: Int, sentences: Int, syllables: Int)? in
      for byte in bytes where byte >= 0x80 || byte == 0x0D { return nil }
      func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
      func isVowel(_ byte: UInt8) -> Bool {
        switch byte | 0x20 {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, 0x79: true
        default: false
        }
      }
      func isTerminal(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: ":")
      }
      // Whitespace as `Character.isWhitespace` sees it in ASCII: tab, LF, VT, FF, CR, space.
      func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

      var words = 0, syllables = 0
      var index = 0
      while index < bytes.count {
        guard isLetter(bytes[index]) || bytes[index] == UInt8(ascii: "'") else {
          index += 1
          continue
        }
        // One word: a run of letters and apostrophes; a lone apostrophe is not a word.
        let start = index
        var letters = 0, groups = 0, previousVowel = false
        var last: UInt8 = 0, secondLast: UInt8 = 0, thirdLast: UInt8 = 0
        while index < bytes.count, isLetter(bytes[index]) || bytes[index] == UInt8(ascii: "'") {
          let byte = bytes[index] | (isLetter(bytes[index]) ? 0x20 : 0)
          if isLetter(byte) {
            letters += 1
            let vowel = isVowel(byte)
            if vowel && !previousVowel { groups += 1 }
            previousVowel = vowel
            thirdLast = secondLast
            secondLast = last
            last = byte
          }
          index += 1
        }
        if index - start == 1 && bytes[start] == UInt8(ascii: "'") { continue }
        words += 1
        guard letters > 0 else { continue }
        if letters > 2, last == UInt8(ascii: "e"), !isVowel(secondLast),
          !(secondLast == UInt8(ascii: "l") && !isVowel(thirdLast))
        {
          groups -= 1
        }
        syllables += max(1, groups)
      }

      var sentences = 0
      var lineStart = 0
      while lineStart <= bytes.count {
        var lineEnd = lineStart
        while lineEnd < bytes.count && bytes[lineEnd] != 0x0A { lineEnd += 1 }
        var first = lineStart, end = lineEnd
        while first < end && isSpace(bytes[first]) { first += 1 }
        while end > first && isSpace(bytes[end - 1]) { end -= 1 }
        if (first..<end).contains(where: { isLetter(bytes[$0]) }) {
          var inLine = 0
          for position in first..<end where isTerminal(bytes[position]) {
            if position + 1 == end || bytes[position + 1] == 0x20 || bytes[position + 1] == UInt8(ascii: "\"") {
              inLine += 1
            }
          }
          if !isTerminal(bytes[end - 1]) { inLine += 1 }
          sentences += max(inLine, 1)
        }
        lineStart = lineEnd + 1
      }
      return (words, sentences, syllables)
    }
  }

  /// The words of a text, lowercased.
  public static func words(in text: String) -> [String] {
    text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init).filter { $0 != "'" }
  }

  /// Sentences: terminal punctuation, and lines (list items, headings) that end without it.
  public static func sentenceCount(_ text: String) -> Int {
    var count = 0
    for line in text.split(separator: "\n") {
      let trimmed = String(line).trimmingWhitespace()
      guard trimmed.contains(where: { $0.isLetter }) else { continue }
      let chars = Array(trimmed)
      var inLine = 0
      for (i, char) in chars.enumerated() where ".!?:".contains(char) {
        if i + 1 == chars.count || chars[i + 1] == " " || chars[i + 1] == "\"" { inLine += 1 }
      }
      if let last = chars.last, !".!?:".contains(last) { inLine += 1 }
      count += max(inLine, 1)
    }
    return count
  }

  /// The syllable heuristic for one lowercase word.
  public static func syllableCount(_ word: String) -> Int {
    let letters = Array(word.filter(\.isLetter))
    guard !letters.isEmpty else { return 0 }
    let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
    var count = 0
    var previousVowel = false
    for char in letters {
      let vowel = vowels.contains(char)
      if vowel && !previousVowel { count += 1 }
      previousVowel = vowel
    }
    if letters.count > 2, letters.last == "e", !vowels.contains(letters[letters.count - 2]),
      !(letters[letters.count - 2] == "l" && !vowels.contains(letters[letters.count - 3]))
    {
      count -= 1
    }
    return max(1, count)
  }
}
