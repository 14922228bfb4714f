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
    let words = words(in: text)
    guard !words.isEmpty else { return nil }
    let sentences = max(1, sentenceCount(text))
    let syllables = words.reduce(0) { $0 + syllableCount($1) }
    return 0.39 * Double(words.count) / Double(sentences) + 11.8 * Double(syllables) / Double(words.count) - 15.59
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
