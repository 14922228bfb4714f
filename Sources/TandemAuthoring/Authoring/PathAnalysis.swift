import TandemTherapy

/// Every distinct way through a module, found by running the session machine's own flow rules
/// on one representative answer per `AnswerClass`.
public struct PathAnalysis: Sendable {
  /// How a path finishes.
  public enum Ending: Hashable, Sendable {
    /// The module ran to `end` (or past its last step).
    case completed
    /// A safety screen was answered "yes".
    case safetyStopped
    /// The path came back to a step it had already shown; it may go round forever.
    case loops(to: String)
  }

  /// One distinct path: the steps shown, in order, and how it ends.
  public struct Path: Hashable, Sendable {
    /// Step ids in the order shown.
    public var steps: [String]
    /// How it ends.
    public var ending: Ending
    /// The answers that lead here, for steps where the answer mattered: `distress 8–10`.
    public var choices: [String]
    /// Estimated seconds (see `StepTiming`).
    public var seconds: Int
  }

  /// The paths found, in the order found (depth first, file order of answers).
  public let paths: [Path]
  /// Whether there were more paths than `maxPaths` (or than the exploration budget could try):
  /// `paths` is not all of them.
  public let isCapped: Bool
  /// Whether the exploration budget ran out before every way through was followed: only then
  /// may a placeholder some path leaves unanswered have gone unseen. Past `maxPaths` the search
  /// goes on without listing paths, skipping a step it already entered in the same state for what
  /// follows: the same answers to the steps later conditions compare, the same steps answered of
  /// those later placeholders show, and the same of the steps it can reach already on the path.
  public let isExhausted: Bool
  /// The cap that was applied.
  public let maxPaths: Int
  /// Steps no path shows (only meaningful when not capped).
  public let unreachedSteps: [String]
  /// Steps from which no route reaches the end, whatever the answers.
  public let stepsThatNeverEnd: [String]
  /// Every `when:` outcome and option jump some explored path takes.
  public let branches: Set<BranchCoverage.Branch>
  /// Placeholders without a fallback that some path shows before their step is answered (the
  /// patient would read "(no answer)"), each with the first such path found.
  public let unansweredPlaceholders: [UnansweredPlaceholder]

  /// A `{{step}}` that a path reaches with the step unanswered: not shown on it, or skipped.
  public struct UnansweredPlaceholder: Hashable, Sendable {
    /// The step whose text holds the placeholder.
    public var step: String
    /// The text field it is in (`body`, `question`, `options.0`, …), keyed like `Step.Marks.texts`.
    public var field: String
    /// The placeholder.
    public var placeholder: Interpolation.Placeholder
    /// The answers that lead there, as in `Path.choices` (empty when every path does).
    public var choices: [String]
    /// The steps shown before it on that path.
    public var steps: [String]
  }

  /// Explores `module`, keeping at most `maxPaths` distinct paths and trying at most
  /// `budget` answer sequences, of which at most a fifth once the paths are no longer listed (a
  /// module whose later conditions compare many answers would otherwise keep an editor busy).
  public init(module: Module, maxPaths: Int = 500, budget: Int = 50_000) {
    var budget = budget
    let machine = SessionMachine(module: module)
    let classes = AnswerClass.classesByStep(in: module)
    var positions: [String: Int] = [:]
    for (index, step) in module.steps.enumerated() where positions[step.id] == nil { positions[step.id] = index }
    let seconds = Dictionary(module.steps.map { ($0.id, StepTiming.seconds($0)) }, uniquingKeysWith: { a, _ in a })

    var found: [Path] = []
    var seen = Set<[String]>()
    var explored = 0
    var capped = false
    var exhausted = false
    // The steps whose answers decide what follows: those conditions and placeholders name.
    var decisive = Set<String>()
    let compared: [[String]] = module.steps.map { step in (step.when?.references ?? []).map(\.step) }
    var shownAnswers: [[String]] = Array(repeating: [], count: module.steps.count)
    for names in compared { decisive.formUnion(names) }
    var branches = Set(BranchCoverage.branches(leaving: nil, module: module, answers: [:]))
    // The placeholders without a fallback, by step; most steps have none.
    var placeholders: [String: [(field: String, placeholder: Interpolation.Placeholder)]] = [:]
    for step in module.steps where placeholders[step.id] == nil {
      let found = step.interpolatedTexts(where: Interpolation.mayHavePlaceholders).flatMap { field, text in
        Interpolation.placeholders(in: text).filter { $0.fallback == nil }.map { (field, $0) }
      }
      if !found.isEmpty { placeholders[step.id] = found }
      for (_, placeholder) in found { decisive.insert(placeholder.name) }
    }
    for (index, step) in module.steps.enumerated() {
      shownAnswers[index] = (placeholders[step.id] ?? []).map(\.placeholder.name)
    }
    let decisiveSteps = module.steps.map(\.id).filter { decisive.contains($0) }
    let graph = FlowGraph(module: module)
    /// What can still change what follows a step: the answers that conditions of the steps it can
    /// lead to compare, whether the answers their placeholders show were given at all, and which of
    /// those steps are already on the path (coming back to one ends the path as a loop).
    struct Relevance {
      var compared: [String]
      var shown: [String]
      var loops: [String]
    }
    var relevance: [String: Relevance] = [:]
    func stillMatters(_ step: String) -> Relevance {
      if let known = relevance[step] { return known }
      // A module too large for a search per step keeps every answer's value, and every step.
      guard module.steps.count <= 2_000, let start = positions[step] else {
        return Relevance(compared: decisiveSteps, shown: [], loops: module.steps.map(\.id))
      }
      var seen: Set<Int> = [start]
      var queue = [start]
      var comparedNames = Set<String>()
      var shownNames = Set<String>()
      while let index = queue.popLast() {
        comparedNames.formUnion(compared[index])
        shownNames.formUnion(shownAnswers[index])
        for next in graph.successors(of: index) where next < module.steps.count && seen.insert(next).inserted {
          queue.append(next)
        }
      }
      let result = Relevance(
        compared: decisiveSteps.filter { comparedNames.contains($0) },
        shown: decisiveSteps.filter { shownNames.contains($0) && !comparedNames.contains($0) },
        loops: seen.sorted().map { module.steps[$0].id })
      relevance[step] = result
      return result
    }
    struct Entry: Hashable {
      var step: String
      var answers: [Answer?]
      var answered: [Bool]
      var onPath: [Bool]
    }
    var entered = Set<Entry>()
    var unanswered: [UnansweredPlaceholder] = []
    var reported = Set<String>()

    func record(_ steps: [String], _ ending: Ending, _ choices: [String]) {
      explored += 1
      var key = steps
      switch ending {
      case .completed: key.append("|end")
      case .safetyStopped: key.append("|safety")
      case .loops(let to): key.append("|loop:\(to)")
      }
      guard !capped, seen.insert(key).inserted else { return }
      if found.count >= maxPaths {
        capped = true
        budget = min(budget, explored + budget / 5)
        return
      }
      found.append(
        Path(steps: steps, ending: ending, choices: choices, seconds: steps.reduce(0) { $0 + (seconds[$1] ?? 0) }))
    }

    // Depth first without recursion (a 28,000-step module must not exhaust the stack), with one
    // shared path, answer table and choice list that frames extend and undo: memory stays linear
    // in the path's length instead of copying the path at every level.
    struct Frame {
      var step: String
      var options: [AnswerClass]
      var next = 0
      var choiceCount: Int
    }
    var steps: [String] = []
    var onPath = Set<String>()
    var answers: [String: Answer] = [:]
    var choices: [String] = []
    var stack: [Frame] = []

    /// Whether `step` is entered for the first time with these answers, once the paths are no
    /// longer listed (until then each path counts).
    func firstEntry(_ step: String) -> Bool {
      guard capped else { return true }
      let matters = stillMatters(step)
      let entry = Entry(
        step: step, answers: matters.compared.map { answers[$0] }, answered: matters.shown.map { answers[$0] != nil },
        onPath: matters.loops.map(onPath.contains))
      return entered.insert(entry).inserted
    }

    func enter(_ step: String) {
      guard explored < budget else {
        capped = true
        exhausted = true
        return
      }
      guard firstEntry(step) else {
        explored += 1
        return
      }
      for (field, placeholder) in placeholders[step] ?? [] where answers[placeholder.name] == nil {
        // A step that names itself or a later one is the validator's error, not this warning.
        guard let target = positions[placeholder.name], let own = positions[step], target < own else { continue }
        if reported.insert("\(step)\u{0}\(field)\u{0}\(placeholder.offset)").inserted {
          unanswered.append(
            UnansweredPlaceholder(
              step: step, field: field, placeholder: placeholder, choices: choices, steps: steps))
        }
      }
      steps.append(step)
      onPath.insert(step)
      stack.append(Frame(step: step, options: classes[step] ?? [], choiceCount: choices.count))
    }

    if let first = machine.firstStep(answers: [:]) {
      enter(first)
    } else {
      record([], .completed, [])
    }
    while !exhausted, var frame = stack.last {
      guard frame.next < frame.options.count else {
        stack.removeLast()
        steps.removeLast()
        onPath.remove(frame.step)
        answers[frame.step] = nil
        choices.removeSubrange(frame.choiceCount...)
        continue
      }
      guard explored < budget else {
        capped = true
        exhausted = true
        break
      }
      let current = frame.step
      let answerClass = frame.options[frame.next]
      frame.next += 1
      stack[stack.count - 1] = frame
      answers[current] = answerClass.answer
      choices.removeSubrange(frame.choiceCount...)
      if frame.options.count > 1 { choices.append("\(current) \(answerClass.summary)") }
      if case .safety(flagged: true)? = answerClass.answer {
        record(steps, .safetyStopped, choices)
        continue
      }
      // Branches count only when every path is listed (`BranchCoverage` ignores a capped analysis).
      if !capped, let index = positions[current] {
        branches.formUnion(BranchCoverage.branches(leaving: index, module: module, answers: answers))
      }
      guard let next = machine.successor(of: current, answers: answers) else {
        record(steps, .completed, choices)
        continue
      }
      if onPath.contains(next) {
        record(steps, .loops(to: next), choices)
        continue
      }
      enter(next)
    }
    let shown = Set(found.flatMap(\.steps))
    let ending = graph.stepsThatCanEnd()
    let reachable = graph.reachableSteps()
    self.paths = found
    self.branches = branches
    self.unansweredPlaceholders = unanswered
    self.isCapped = capped
    self.isExhausted = exhausted
    self.maxPaths = maxPaths
    self.unreachedSteps = module.steps.map(\.id).filter { !shown.contains($0) }
    self.stepsThatNeverEnd = module.steps.indices.filter { reachable.contains($0) && !ending.contains($0) }
      .map { module.steps[$0].id }
  }

  /// The path with the fewest steps (the first found among equals).
  public var shortest: Path? { paths.min { $0.steps.count < $1.steps.count } }
  /// The path with the most steps.
  public var longest: Path? { paths.max { $0.steps.count < $1.steps.count } }
  /// The quickest path by estimated time.
  public var quickest: Path? { paths.min { $0.seconds < $1.seconds } }
  /// The slowest path by estimated time.
  public var slowest: Path? { paths.max { $0.seconds < $1.seconds } }
  /// Paths that come back to a step already shown.
  public var loopingPaths: [Path] { paths.filter { if case .loops = $0.ending { true } else { false } } }
}
