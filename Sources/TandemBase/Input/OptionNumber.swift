/// A choice typed as its number in a list ("2" for the second of five), read without arithmetic
/// that could overflow on text such as `-9223372036854775808`.
public enum OptionNumber {
  /// The zero-based index `text` names among `count` options, or nil when it is not 1…count.
  public static func index(_ text: some StringProtocol, count: Int) -> Int? {
    guard !text.isEmpty, text.count <= 6, text.allSatisfy({ $0.isASCII && $0.isNumber }),
      let number = Int(String(text)), number >= 1, number <= count
    else { return nil }
    return number - 1
  }
}
