/// What resuming a session does when the module may have changed since it started: carry on,
/// move to the new version (a `migrated` event, answers kept), or finish on the pinned version.
///
/// Pure: the command line finds the module as loaded now, calls `decide`, commits the event it
/// returns and prints what happened.
public enum ResumeDecision: Hashable, Sendable {
  /// The module is the one the session runs on (or is no longer loaded): nothing to do.
  case unchanged
  /// A newer version with a migration map: the session continues on it after `event`.
  case migrate(event: SessionEvent, to: Module)
  /// The module changed without a newer version and migration map: the session finishes on
  /// the version it began.
  case pinned(Module)

  /// Decides for a session on `module` (content hash `contentHash`), given the module as
  /// loaded now (`nil` when it no longer loads).
  public static func decide(
    module: Module, contentHash: String, latest: (module: Module, contentHash: String)?
  ) -> ResumeDecision {
    guard let latest, latest.contentHash != contentHash else { return .unchanged }
    guard latest.module.version > module.version, let map = latest.module.migrations else { return .pinned(module) }
    return .migrate(
      event: .migrated(module: latest.module, contentHash: latest.contentHash, steps: map), to: latest.module)
  }

  /// The module the session continues on.
  public func module(continuing current: Module) -> Module {
    switch self {
    case .unchanged: current
    case .migrate(_, let module): module
    case .pinned(let module): module
    }
  }
}
