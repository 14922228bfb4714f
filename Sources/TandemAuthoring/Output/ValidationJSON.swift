import TandemBase

/// What `tandem validate --format json` writes: every finding, in the order the text output
/// prints them, and the counts its summary line gives.
///
/// `errors` counts the findings that fail the run (warnings too under `--strict`, as the text
/// summary counts them), `warnings` the warnings that do not, and `passed` is whether the
/// command exits 0.
public struct ValidationJSON: Encodable, Hashable, Sendable {
  /// Every finding, sorted by file, line and column.
  public var findings: [DiagnosticJSON]
  /// Findings that fail the run.
  public var errors: Int
  /// Warnings that do not fail it (none under `--strict`).
  public var warnings: Int
  /// Notes.
  public var notes: Int
  /// Whether warnings counted as errors.
  public var strict: Bool
  /// Modules that loaded without errors.
  public var modulesReady: Int
  /// Files read.
  public var files: Int
  /// Whether the run found no errors (the command exits 0).
  public var passed: Bool

  /// The document for `diagnostics` (already in the order to report them).
  public init(diagnostics: [Diagnostic], strict: Bool, modulesReady: Int, files: Int) {
    findings = diagnostics.map { DiagnosticJSON($0, strict: strict) }
    errors = diagnostics.filter { $0.countsAsError(strict: strict) }.count
    warnings = diagnostics.filter { $0.severity == .warning && !$0.countsAsError(strict: strict) }.count
    notes = diagnostics.filter { $0.severity == .note }.count
    self.strict = strict
    self.modulesReady = modulesReady
    self.files = files
    passed = errors == 0
  }

  enum CodingKeys: String, CodingKey {
    case findings, errors, warnings, notes, strict, files, passed
    case modulesReady = "modules_ready"
  }
}
