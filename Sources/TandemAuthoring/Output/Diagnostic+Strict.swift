import TandemBase

extension Diagnostic {
  /// Whether the finding fails a check: an error, or a warning when `strict`.
  public func countsAsError(strict: Bool) -> Bool {
    severity == .error || (strict && severity == .warning)
  }
}
