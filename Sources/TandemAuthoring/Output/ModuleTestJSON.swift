import TandemBase
import TandemTherapy

/// What `tandem test --format json` writes: per test file, each case with its failures, and
/// the module's branch coverage with the branches no case took; then the totals the text
/// summary line gives.
///
/// A file that could not run (its YAML has errors, or its module did not load) has `ran: false`,
/// a `reason`, its findings in `diagnostics`, no cases and `coverage: null`.
public struct ModuleTestJSON: Encodable, Hashable, Sendable {
  /// A branch of the module: a `when:` shown or passed over, or an option's own `next:` taken.
  public struct Branch: Encodable, Hashable, Sendable {
    /// `condition` or `option-jump`.
    public var kind: String
    /// The step the branch belongs to.
    public var step: String
    /// For a condition: `true` for the step shown (`when:` held), `false` for passed over.
    public var shown: Bool?
    /// For an option jump: the option chosen.
    public var option: String?
    /// The note the text output prints for it.
    public var message: String
    /// Where the `when:` or `next:` is written.
    public var file: String?
    /// Its 1-based line.
    public var line: Int?
    /// Its 1-based column.
    public var column: Int?

    /// `branch` of `module`, explained by `note` (from `BranchCoverage.note` or `.impossibleNote`).
    public init(_ branch: BranchCoverage.Branch, note: Diagnostic) {
      switch branch {
      case .condition(let step, let holds):
        kind = "condition"
        self.step = step
        shown = holds
        option = nil
      case .optionJump(let step, let option):
        kind = "option-jump"
        self.step = step
        shown = nil
        self.option = option
      }
      message = note.message
      file = note.location?.file
      line = note.location?.line
      column = note.location?.column
    }

    enum CodingKeys: String, CodingKey {
      case kind, step, shown, option, message, file, line, column
    }

    /// Writes every key, `null` where it does not apply.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(kind, forKey: .kind)
      try container.encode(step, forKey: .step)
      try container.encode(shown, forKey: .shown)
      try container.encode(option, forKey: .option)
      try container.encode(message, forKey: .message)
      try container.encode(file, forKey: .file)
      try container.encode(line, forKey: .line)
      try container.encode(column, forKey: .column)
    }
  }

  /// Which branches the cases of one file took.
  public struct Coverage: Encodable, Hashable, Sendable {
    /// Branches some case took.
    public var covered: Int
    /// Branches a test can take (impossible ones are not counted).
    public var total: Int
    /// Branches no case took, in file order.
    public var uncovered: [Branch]
    /// Branches no path can take at all; a hint that a `when:` may be unnecessary.
    public var impossible: [Branch]

    /// The coverage `coverage` of `module`.
    public init(_ coverage: BranchCoverage, module: Module) {
      total = coverage.reachableCount
      covered = coverage.reachableCount - coverage.missed.count
      uncovered = coverage.missed.map { Branch($0, note: BranchCoverage.note(for: $0, in: module)) }
      impossible = coverage.impossible.map { Branch($0, note: BranchCoverage.impossibleNote(for: $0, in: module)) }
    }
  }

  /// One test case.
  public struct Case: Encodable, Hashable, Sendable {
    /// The case's `name:`.
    public var name: String
    /// Whether every expectation held.
    public var passed: Bool
    /// Where the case is written (its `- name:` line).
    public var file: String?
    /// Its 1-based line.
    public var line: Int?
    /// Its 1-based column.
    public var column: Int?
    /// Errors at the expectations that failed, then notes on what was shown; empty when it passed.
    public var failures: [DiagnosticJSON]

    /// The result of one case; `failures` should carry source lines (see `AuthoringFiles`).
    public init(_ result: ModuleTestRunner.CaseResult, failures: [Diagnostic]) {
      name = result.testCase.name
      passed = result.passed
      file = result.testCase.mark?.file
      line = result.testCase.mark?.line
      column = result.testCase.mark?.column
      self.failures = failures.map { DiagnosticJSON($0) }
    }

    enum CodingKeys: String, CodingKey {
      case name, passed, file, line, column, failures
    }

    /// Writes every key, `null` for a case with no place.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(name, forKey: .name)
      try container.encode(passed, forKey: .passed)
      try container.encode(file, forKey: .file)
      try container.encode(line, forKey: .line)
      try container.encode(column, forKey: .column)
      try container.encode(failures, forKey: .failures)
    }
  }

  /// One test file.
  public struct File: Encodable, Hashable, Sendable {
    /// The test file, as given or found.
    public var path: String
    /// The id of the module it tests.
    public var module: String
    /// Whether its cases ran.
    public var ran: Bool
    /// Why they did not run, when they did not.
    public var reason: String?
    /// Findings about the test file or its module (errors stop it running).
    public var diagnostics: [DiagnosticJSON]
    /// The cases, in file order.
    public var cases: [Case]
    /// Cases that passed.
    public var passed: Int
    /// Cases that failed.
    public var failed: Int
    /// Branch coverage; `nil` when the cases did not run.
    public var coverage: Coverage?

    /// A file whose cases ran on `module`; `failures` gives each case's failures with source lines.
    public init(
      path: String, module: Module, report: ModuleTestRunner.Report, diagnostics: [Diagnostic] = [],
      failures: (ModuleTestRunner.CaseResult) -> [Diagnostic] = { $0.failures }
    ) {
      self.path = path
      self.module = module.id
      ran = true
      reason = nil
      self.diagnostics = diagnostics.map { DiagnosticJSON($0) }
      cases = report.results.map { Case($0, failures: failures($0)) }
      failed = report.failedCount
      passed = report.results.count - report.failedCount
      coverage = Coverage(report.coverage, module: module)
    }

    /// A file whose cases could not run, and why.
    public init(path: String, moduleID: String, notRunBecause reason: String, diagnostics: [Diagnostic]) {
      self.path = path
      module = moduleID
      ran = false
      self.reason = reason
      self.diagnostics = diagnostics.map { DiagnosticJSON($0) }
      cases = []
      passed = 0
      failed = 0
      coverage = nil
    }

    enum CodingKeys: String, CodingKey {
      case path, module, ran, reason, diagnostics, cases, passed, failed, coverage
    }

    /// Writes every key, `null` where it does not apply.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(path, forKey: .path)
      try container.encode(module, forKey: .module)
      try container.encode(ran, forKey: .ran)
      try container.encode(reason, forKey: .reason)
      try container.encode(diagnostics, forKey: .diagnostics)
      try container.encode(cases, forKey: .cases)
      try container.encode(passed, forKey: .passed)
      try container.encode(failed, forKey: .failed)
      try container.encode(coverage, forKey: .coverage)
    }
  }

  /// Every test file, in the order run.
  public var files: [File]
  /// Findings about the paths given (one that does not exist).
  public var diagnostics: [DiagnosticJSON]
  /// Cases run, in all files.
  public var cases: Int
  /// Cases that passed.
  public var passed: Int
  /// Cases that failed.
  public var failed: Int
  /// Branches covered, in all files.
  public var branchesCovered: Int
  /// Branches a test can take, in all files.
  public var branchesTotal: Int
  /// Whether a missed branch fails the run (`--require-full-coverage`).
  public var requireFullCoverage: Bool
  /// Whether the command exits 0: every case passed, every file ran and, when required, every
  /// branch was covered.
  public var success: Bool

  /// The document for `files`, with `diagnostics` about the paths.
  public init(files: [File], diagnostics: [Diagnostic], requireFullCoverage: Bool) {
    self.files = files
    self.diagnostics = diagnostics.map { DiagnosticJSON($0) }
    cases = files.map(\.cases.count).reduce(0, +)
    passed = files.map(\.passed).reduce(0, +)
    failed = files.map(\.failed).reduce(0, +)
    branchesCovered = files.compactMap(\.coverage?.covered).reduce(0, +)
    branchesTotal = files.compactMap(\.coverage?.total).reduce(0, +)
    self.requireFullCoverage = requireFullCoverage
    let incomplete = files.contains { !($0.coverage?.uncovered.isEmpty ?? true) }
    success =
      !files.isEmpty && diagnostics.isEmpty && failed == 0 && files.allSatisfy(\.ran)
      && !(requireFullCoverage && incomplete)
  }

  enum CodingKeys: String, CodingKey {
    case files, diagnostics, cases, passed, failed, success
    case branchesCovered = "branches_covered"
    case branchesTotal = "branches_total"
    case requireFullCoverage = "require_full_coverage"
  }
}
