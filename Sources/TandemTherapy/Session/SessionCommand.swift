import TandemBase

/// What a patient can type instead of an answer, the one list the terminal runner and
/// `rehearse` both read: a line that starts with `:` is a command, and one that is not in this
/// list is refused (it is never taken as an answer).
public enum SessionCommand: Hashable, Sendable {
  /// `:back` (`:b`): the previous step.
  case back
  /// `:skip` (`:s`): skip an optional step.
  case skip
  /// `:pause` (`:quit`, `:q`): pause and save.
  case pause
  /// `:abandon`: give up on the session (the runner asks to confirm).
  case abandon
  /// `:crisis` (`:help-now`): crisis resources, at any step.
  case crisis
  /// `:help` (`:?`): the list of commands.
  case help
  /// Starts with `:` but is none of the above (`:bakc`, `:foo`).
  case unknown(String)

  /// The command `line` gives, or `nil` when it is an answer (it does not start with `:`).
  public static func parse(_ line: String) -> SessionCommand? {
    let typed = line.trimmingWhitespace()
    guard typed.hasPrefix(":") else { return nil }
    switch typed.lowercased() {
    case ":back", ":b": return .back
    case ":skip", ":s": return .skip
    case ":pause", ":quit", ":q": return .pause
    case ":abandon": return .abandon
    case ":crisis", ":help-now": return .crisis
    case ":help", ":?": return .help
    default: return .unknown(typed)
    }
  }

  /// The command a line typed after an earlier answer shown ready to edit ends with: after
  /// `:back` the line holds the old answer, and a patient may type `:back` again without
  /// clearing it (`calm morning:back`), and a mistyped one (`calm morning:bakc`) is refused like
  /// any other. `nil` unless `line` is `prefill` followed by `:` and letters (or `:?`), so an
  /// edit such as `at 9` → `at 9:30` stays an answer.
  public static func typedAfter(prefill: String, in line: String) -> SessionCommand? {
    guard !prefill.isEmpty, line.hasPrefix(prefill) else { return nil }
    let rest = String(line.dropFirst(prefill.count)).trimmingWhitespace()
    let word = rest.dropFirst()
    guard rest.hasPrefix(":"), rest == ":?" || (!word.isEmpty && word.allSatisfy { $0.isLetter || $0 == "-" })
    else { return nil }
    return parse(rest)
  }

  /// The session action the command asks for; `nil` for those the runner answers itself
  /// (`:crisis`, `:help`) and for unknown ones.
  public var action: SessionAction? {
    switch self {
    case .back: .backRequested
    case .skip: .skipRequested
    case .pause: .pauseRequested
    case .abandon: .abandonRequested
    case .crisis, .help, .unknown: nil
    }
  }

  /// The commands in one line, in `language` (English unless Spanish).
  public static func list(language: String?) -> String {
    language == "es"
      ? "Órdenes: :back (paso anterior)  :skip (pasos opcionales)  :pause  :abandon  :crisis (ayuda ya)  :help"
      : "Commands: :back (previous step)  :skip (optional steps)  :pause  :abandon  :crisis (help now)  :help"
  }
}
