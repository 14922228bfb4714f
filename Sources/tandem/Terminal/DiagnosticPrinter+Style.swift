import TandemBase

extension DiagnosticPrinter {
  /// A printer for `style`: the severity word in colour only when the stream is a terminal that wants it.
  init(style: TerminalStyle) {
    guard style.colour else {
      self.init()
      return
    }
    self.init { severity, word in
      severity == .error ? style.red(word) : style.bold(word)
    }
  }
}
