import TandemAuthoring
import TandemBase
import TandemTherapy

/// A module file with errors, as far as it could be decoded: the steps that decoded, and stand-ins
/// for the ones that did not. It never reaches a patient; checks that can still be made on it are.
public struct PartialModule: Sendable {
  /// The module as far as it goes.
  public var module: Module
  /// Steps with errors of their own, standing in for what the author meant.
  public var brokenSteps: Set<String>
  /// Whether every step kept where it leads, so that paths through the module mean something.
  public var flowIsKnown: Bool

  /// Creates a partial module.
  public init(module: Module, brokenSteps: Set<String>, flowIsKnown: Bool) {
    self.module = module
    self.brokenSteps = brokenSteps
    self.flowIsKnown = flowIsKnown
  }
}

extension LoadedContent {
  /// Lint's warnings for every module file: the ones that loaded, and as much of the ones with
  /// errors as can be known (an error hides no warning elsewhere in the file).
  public func lintFindings(workers: Int = ParallelWork.workerCount) -> [Diagnostic] {
    let crisis = snippets.first { $0.id == "crisis-resources" }?.body
    let loaded = modules.parallelMap(workers: workers) { ModuleLinter.lint($0.module, crisisText: crisis) }
    let partial = partialModules.map { partial in
      ModuleLinter.lint(
        partial.module, crisisText: crisis, brokenSteps: partial.brokenSteps, flowIsKnown: partial.flowIsKnown)
    }
    return (loaded + partial).flatMap { $0 }
  }
}
