import TandemBase
import TandemTherapy

/// Every distinct path through a module, as `tandem preview --paths --format json` writes it:
/// the steps shown, how the path ends and the answers that lead along it.
public struct ModulePathsJSON: Encodable, Hashable, Sendable {
  /// One path.
  public struct Path: Encodable, Hashable, Sendable {
    /// Step ids in the order shown.
    public var steps: [String]
    /// `completed`, `safety-stopped` or `loops`.
    public var ending: String
    /// For a loop: the step it comes back to.
    public var loopsTo: String?
    /// The answers that matter on the way (`distress 8–10`).
    public var choices: [String]
    /// Estimated seconds.
    public var seconds: Int

    enum CodingKeys: String, CodingKey {
      case steps, ending, choices, seconds
      case loopsTo = "loops_to"
    }

    /// Writes every key, `null` for a path that does not loop.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(steps, forKey: .steps)
      try container.encode(ending, forKey: .ending)
      try container.encode(loopsTo, forKey: .loopsTo)
      try container.encode(choices, forKey: .choices)
      try container.encode(seconds, forKey: .seconds)
    }
  }

  /// The paths, in the order found.
  public var paths: [Path]
  /// Whether the enumeration stopped early (`--max-paths`), so `paths` is not all of them.
  public var capped: Bool
  /// Steps no path shows.
  public var unreachable: [String]
  /// Steps from which no path reaches the end.
  public var neverEnd: [String]

  /// The paths `analysis` found.
  public init(_ analysis: PathAnalysis) {
    paths = analysis.paths.map { path in
      let ending: String
      var loopsTo: String?
      switch path.ending {
      case .completed: ending = "completed"
      case .safetyStopped: ending = "safety-stopped"
      case .loops(let to):
        ending = "loops"
        loopsTo = to
      }
      return Path(steps: path.steps, ending: ending, loopsTo: loopsTo, choices: path.choices, seconds: path.seconds)
    }
    capped = analysis.isCapped
    unreachable = analysis.unreachedSteps
    neverEnd = analysis.stepsThatNeverEnd
  }

  enum CodingKeys: String, CodingKey {
    case paths, capped, unreachable
    case neverEnd = "never_end"
  }
}
