extension Condition {
  /// Whether the condition holds on `answers`. A comparison with a missing answer is false.
  public func holds(on answers: [String: Answer]) -> Bool {
    switch self {
    case .and(let a, let b): return a.holds(on: answers) && b.holds(on: answers)
    case .or(let a, let b): return a.holds(on: answers) || b.holds(on: answers)
    case .not(let a): return !a.holds(on: answers)
    case .answered(let step, _): return answers[step] != nil
    case .compare(let step, let op, let literal, _):
      guard let answer = answers[step] else { return false }
      return Self.compare(answer, op, literal)
    }
  }

  private static func compare(_ answer: Answer, _ op: Comparison, _ literal: Literal) -> Bool {
    switch (answer, literal) {
    case (.number(let a), .number(let b)):
      switch op {
      case .equal: return a == b
      case .notEqual: return a != b
      case .less: return a < b
      case .lessOrEqual: return a <= b
      case .greater: return a > b
      case .greaterOrEqual: return a >= b
      case .includes: return false
      }
    case (.options(let chosen), .word(let option)):
      switch op {
      case .equal: return chosen == [option]
      case .notEqual: return chosen != [option]
      case .includes: return chosen.contains(option)
      default: return false
      }
    case (.text(let a), .text(let b)):
      let left = a.lowercased().trimmingWhitespace(), right = b.lowercased().trimmingWhitespace()
      switch op {
      case .equal: return left == right
      case .notEqual: return left != right
      case .includes: return left.contains(right)
      default: return false
      }
    default:
      return false
    }
  }
}

/// Fills `{{step-id}}` placeholders with earlier answers; `{{step-id|fallback text}}` reads
/// "fallback text" when the step has no answer on the patient's path.
public enum Interpolation {
  /// One `{{name}}` or `{{name|fallback}}` placeholder and its character offset in the text.
  public struct Placeholder: Hashable, Sendable {
    /// The step id inside the braces, trimmed.
    public var name: String
    /// Character offset of the opening braces.
    public var offset: Int
    /// The text shown when the step has no answer, trimmed; `nil` without a `|`.
    public var fallback: String?

    /// A placeholder naming `name`, with `fallback` for when it has no answer.
    public init(name: String, offset: Int, fallback: String? = nil) {
      self.name = name
      self.offset = offset
      self.fallback = fallback
    }

    /// A placeholder from the text between its braces.
    init(inner: String, offset: Int) {
      if let bar = inner.firstIndex(of: "|") {
        name = String(inner[..<bar]).trimmingWhitespace()
        fallback = String(inner[inner.index(after: bar)...]).trimmingWhitespace()
      } else {
        name = inner.trimmingWhitespace()
        fallback = nil
      }
      self.offset = offset
    }
  }

  /// The placeholders in `text`, in order.
  public static func placeholders(in text: String) -> [Placeholder] {
    if let found = asciiPlaceholders(in: text) { return found }
    var found: [Placeholder] = []
    let chars = Array(text)
    var i = 0
    while i + 1 < chars.count {
      if chars[i] == "{" && chars[i + 1] == "{" {
        var j = i + 2
        while j + 1 < chars.count, !(chars[j] == "}" && chars[j + 1] == "}") { j += 1 }
        guard j + 1 < chars.count else { break }
        found.append(Placeholder(inner: String(chars[(i + 2)..<j]), offset: i))
        i = j + 2
      } else {
        i += 1
      }
    }
    return found
  }

  /// The character offset of a `{{` that no `}}` closes, if there is one: the patient would read it.
  public static func unclosedOffset(in text: String) -> Int? {
    // Braces are ASCII: scan the bytes, and count characters only when there is something to report.
    var text = text
    return text.withUTF8 { bytes in
      bracePairs(in: bytes) { _, _ in }.map {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[..<$0]), as: UTF8.self).count
      }
    }
  }

  /// Walks the `{{…}}` pairs of `bytes` in order, giving `pair` the byte offsets of each `{{` and of
  /// the `}}` that closes it; returns the offset of a `{{` that nothing closes (the walk ends there).
  private static func bracePairs(in bytes: UnsafeBufferPointer<UInt8>, _ pair: (Int, Int) -> Void) -> Int? {
    let open = UInt8(ascii: "{"), close = UInt8(ascii: "}")
    var i = 0
    while i + 1 < bytes.count {
      if bytes[i] == open && bytes[i + 1] == open {
        var j = i + 2
        while j + 1 < bytes.count, !(bytes[j] == close && bytes[j + 1] == close) { j += 1 }
        guard j + 1 < bytes.count else { return i }
        pair(i, j)
        i = j + 2
      } else {
        i += 1
      }
    }
    return nil
  }

  /// Whether `text` has `{{` anywhere; a quick test before looking for placeholders.
  public static func mayHavePlaceholders(_ text: String) -> Bool {
    func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
      let open = UInt8(ascii: "{")
      var index = 1
      while index < bytes.count {
        // Look at every other byte; on a brace, check its neighbours.
        if bytes[index] == open && (bytes[index - 1] == open || (index + 1 < bytes.count && bytes[index + 1] == open)) {
          return true
        }
        index += 2
      }
      return false
    }
    if let found = text.utf8.withContiguousStorageIfAvailable(scan) { return found }
    var copy = text
    return copy.withUTF8(scan)
  }

  /// `placeholders(in:)` on bytes, when every character of `text` is one ASCII byte (ASCII
  /// without CR, which joins LF into one `Character`); `nil` for other text.
  private static func asciiPlaceholders(in text: String) -> [Placeholder]? {
    var text = text
    return text.withUTF8 { bytes -> [Placeholder]? in
      for byte in bytes where byte >= 0x80 || byte == 0x0D { return nil }
      var found: [Placeholder] = []
      _ = bracePairs(in: bytes) { i, j in
        let inner = String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 2)..<j]), as: UTF8.self)
        found.append(Placeholder(inner: inner, offset: i))
      }
      return found
    }
  }

  /// `text` with every placeholder replaced by the answer it names, as the patient would read it.
  public static func render(_ text: String, module: Module, answers: [String: Answer]) -> String {
    guard text.contains("{{") else { return text }
    var out = ""
    let chars = Array(text)
    var i = 0
    while i < chars.count {
      if i + 1 < chars.count, chars[i] == "{", chars[i + 1] == "{" {
        var j = i + 2
        while j + 1 < chars.count, !(chars[j] == "}" && chars[j + 1] == "}") { j += 1 }
        if j + 1 < chars.count {
          let placeholder = Placeholder(inner: String(chars[(i + 2)..<j]), offset: i)
          let answer = answers[placeholder.name]
          if answer == nil, let fallback = placeholder.fallback {
            out += fallback
          } else {
            out += display(answer, step: module.step(placeholder.name))
          }
          i = j + 2
          continue
        }
        // No `}}` after this `{{`, so none after any later one: the rest is plain text. (Looking
        // again from each later brace made 200,000 `{` take minutes.)
        out.append(contentsOf: String(chars[i...]))
        break
      }
      out.append(chars[i])
      i += 1
    }
    return out
  }

  /// How an answer reads in running text.
  public static func display(_ answer: Answer?, step: Step?) -> String {
    switch answer {
    case nil: return "(no answer)"
    case .number(let n): return String(n)
    case .text(let text): return text
    case .safety(let flagged): return flagged ? "yes" : "no"
    case .options(let ids):
      guard case .choice(_, _, let options)? = step?.kind else { return ids.joined(separator: ", ") }
      return ids.map { id in options.first { $0.id == id }?.label ?? id }.joined(separator: ", ")
    }
  }
}
