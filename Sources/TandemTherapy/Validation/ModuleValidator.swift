import TandemBase

/// Meaning-level checks on a loaded module: references, types, ranges and flow.
/// Syntax and field-level problems are the loader's; everything here needs the whole module.
public enum ModuleValidator {
  /// Every problem in `module`, errors and warnings, in no particular order.
  ///
  /// A module whose file had field errors is checked as far as it goes: `brokenSteps` stand in
  /// for steps with errors (nothing is checked against them, their own errors being reported
  /// already; their own ranges are checked unless they are `opaqueSteps`, whose kind is unknown,
  /// or choices, whose options may be partial), and reachability is checked only when
  /// `flowIsKnown` (no broken step may have lost where it leads).
  public static func validate(
    _ module: Module, brokenSteps: Set<String> = [], opaqueSteps: Set<String> = [], flowIsKnown: Bool = true
  ) -> [Diagnostic] {
    var findings: [Diagnostic] = []
    let indexByID = firstIndexByID(module, findings: &findings)
    // Reachability means something only when every step has one id.
    let graphIsSound = !findings.hasErrors
    for (index, step) in module.steps.enumerated() {
      if !brokenSteps.contains(step.id) || !(opaqueSteps.contains(step.id) || step.kind.name == "choice") {
        checkRanges(step, findings: &findings)
      }
      checkNext(step, module: module, indexByID: indexByID, findings: &findings)
      if let condition = step.when {
        checkCondition(
          condition, of: step, at: index, module: module, indexByID: indexByID, broken: brokenSteps,
          findings: &findings)
      }
      checkInterpolation(
        step, at: index, module: module, indexByID: indexByID, broken: brokenSteps, findings: &findings)
    }
    // Other errors (a wrong option, a bad range) leave the flow as it is: it is still checked.
    if graphIsSound && flowIsKnown {
      checkFlow(module, indexByID: indexByID, findings: &findings)
    }
    if !findings.hasErrors && brokenSteps.isEmpty {
      checkRatings(module, findings: &findings)
    }
    return findings
  }

  /// Two modules with the same id.
  public static func checkUniqueIDs(_ modules: [Module]) -> [Diagnostic] {
    var seen: [String: Module] = [:]
    var findings: [Diagnostic] = []
    for module in modules {
      if let first = seen[module.id] {
        findings.append(
          .error(
            .duplicateModuleID(module.id), at: module.source,
            notes: first.source.map { [.firstDefinition(at: $0)] } ?? []))
      } else {
        seen[module.id] = module
      }
    }
    return findings
  }

  // MARK: - Ids

  private static func firstIndexByID(_ module: Module, findings: inout [Diagnostic]) -> [String: Int] {
    var indexByID = [String: Int](minimumCapacity: module.steps.count)
    for (index, step) in module.steps.enumerated() {
      if step.id == "end" {
        findings.append(.error(.reservedStepID, at: step.marks.id))
      }
      if let first = indexByID[step.id] {
        findings.append(
          .error(
            .duplicateStepID(step.id), at: step.marks.id,
            notes: module.steps[first].marks.id.map { [.firstUse(at: $0)] } ?? []))
      } else {
        indexByID[step.id] = index
      }
    }
    return indexByID
  }

  // MARK: - Ranges

  private static func checkRanges(_ step: Step, findings: inout [Diagnostic]) {
    switch step.kind {
    case .scale(_, let min, let max, let anchors):
      if min >= max {
        findings.append(.error(.emptyScale(step.id, min: min, max: max), at: step.marks.id))
      }
      for anchor in anchors where !(min...Swift.max(min, max)).contains(anchor.value) {
        findings.append(
          .error(
            .anchorOutOfRange(anchor.value, min: min, max: max),
            at: step.marks.texts[.anchors, anchor.value] ?? step.marks.id))
      }
    case .prompt(_, let minLength, let maxLength):
      if minLength > maxLength {
        findings.append(
          .error(.promptLengths(step.id, min: minLength, max: maxLength), at: step.marks.id))
      }
    case .choice(_, let multiple, let options):
      if options.isEmpty {
        findings.append(.error(.noOptions(step.id), at: step.marks.id))
      }
      // Options are usually few: a scan of the earlier ones costs less than a dictionary per
      // step; long lists get one, so that checking stays linear.
      var seen: [String: Int] = [:]
      if options.count > 16 {
        for (position, option) in options.enumerated().reversed() { seen[option.id] = position }
      }
      for (position, option) in options.enumerated() {
        let firstPosition =
          options.count > 16
          ? seen[option.id].flatMap { $0 < position ? $0 : nil }
          : options[..<position].firstIndex { $0.id == option.id }
        if let firstPosition {
          let first = options[firstPosition]
          findings.append(
            .error(
              .duplicateOptionID(option.id, step: step.id), at: option.mark ?? step.marks.id,
              notes: first.mark.map { [.firstUse(at: $0)] } ?? []))
        }
        if multiple, option.next != nil {
          findings.append(
            .error(.nextOnMultipleChoiceOption(option.id, step: step.id), at: option.nextMark ?? option.mark))
        }
        if !multiple, option.exclusive {
          findings.append(.warning(.exclusiveOnSingleChoice(option.id, step: step.id), at: option.mark))
        }
      }
    case .timer(_, let seconds, let phases):
      if seconds <= 0 {
        findings.append(.error(.timerTooShort(step.id), at: step.marks.id))
      }
      if phases.contains(where: { $0.seconds <= 0 }) {
        findings.append(.error(.timerPhaseTooShort(step.id), at: step.marks.id))
      }
    case .safety(_, let items, _):
      if items.isEmpty {
        findings.append(.error(.safetyWithoutItems(step.id), at: step.marks.id))
      }
      if step.optional {
        findings.append(.error(.optionalSafety(step.id), at: step.marks.id))
      }
    case .text:
      break
    }
  }

  // MARK: - References

  private static func checkNext(_ step: Step, module: Module, indexByID: [String: Int], findings: inout [Diagnostic]) {
    var targets: [(String, SourceLocation?)] = []
    if let next = step.next { targets.append((next, step.marks.next)) }
    if case .choice(_, _, let options) = step.kind {
      targets += options.compactMap { option in option.next.map { ($0, option.nextMark) } }
    }
    for (target, mark) in targets where target != "end" && indexByID[target] == nil {
      findings.append(
        .error(.unknownNextStep(target, known: module.steps.map(\.id) + ["end"]), at: mark ?? step.marks.id))
    }
  }

  private static func checkCondition(
    _ condition: Condition, of step: Step, at index: Int, module: Module, indexByID: [String: Int],
    broken: Set<String>, findings: inout [Diagnostic]
  ) {
    func at(_ offset: Int) -> SourceLocation? {
      guard let text = step.marks.whenText else { return step.marks.when?.advanced(by: offset) }
      return step.marks.whenPlace?.location(of: offset, in: text)
    }
    func walk(_ condition: Condition) {
      switch condition {
      case .and(let a, let b), .or(let a, let b):
        walk(a)
        walk(b)
      case .not(let a):
        walk(a)
      case .answered(let name, let offset):
        _ = referencedStep(
          name, from: step, at: index, module: module, indexByID: indexByID, broken: broken, mark: at(offset),
          findings: &findings)
      case .compare(let name, let op, let literal, let offset):
        guard
          let target = referencedStep(
            name, from: step, at: index, module: module, indexByID: indexByID, broken: broken, mark: at(offset),
            findings: &findings)
        else { return }
        if let problem = typeProblem(target, op, literal) {
          // A finding about the value points at the value; one about the comparison, at the step.
          let value = problem.aboutValue ? step.marks.whenText.flatMap { Condition.valueOffsets(in: $0)[offset] } : nil
          findings.append(.error(problem.message, at: at(value ?? offset)))
        }
      }
    }
    walk(condition)
  }

  /// The step a condition or placeholder names, after checking it exists, comes earlier and has an answer.
  private static func referencedStep(
    _ name: String, from step: Step, at index: Int, module: Module, indexByID: [String: Int], broken: Set<String>,
    mark: @autoclosure () -> SourceLocation?, findings: inout [Diagnostic]
  ) -> Step? {
    // A step with field errors is not what its author meant yet: nothing is checked against it
    // (nor against the items a broken questionnaire would have had, `<step>-<item>`).
    if broken.contains(name) || broken.contains(where: { name.hasPrefix($0 + "-") && indexByID[name] == nil }) {
      return nil
    }
    guard let targetIndex = indexByID[name] else {
      findings.append(
        .error(.unknownStep(name, known: module.steps.map(\.id)), at: mark()))
      return nil
    }
    let target = module.steps[targetIndex]
    if targetIndex == index {
      findings.append(.error(.ownAnswer(name), at: mark()))
      return nil
    }
    if targetIndex > index {
      findings.append(
        .error(.laterAnswer(name), at: mark(), notes: target.marks.id.map { [.stepDefinition(name, at: $0)] } ?? []))
      return nil
    }
    if !target.kind.takesAnswer {
      findings.append(.error(.noAnswer(name, kind: target.kind.name), at: mark()))
      return nil
    }
    if case .safety = target.kind {
      findings.append(
        .error(.safetyAnswer(name), at: mark()))
      return nil
    }
    return target
  }

  /// What is wrong with comparing `target`'s answer with `literal`, and whether the fault is the
  /// value's (then the finding points at it, with the closest option as a fix).
  private static func typeProblem(_ target: Step, _ op: Condition.Comparison, _ literal: Condition.Literal)
    -> (message: Diagnostic.Message, aboutValue: Bool)?
  {
    guard let message = typeProblemMessage(target, op, literal) else { return nil }
    switch (target.kind, literal) {
    case (.choice(_, _, let options), .word(let word)) where !options.contains(where: { $0.id == word }):
      return (message, true)
    case (.scale(_, let min, let max, _), .number(let value)) where op != .includes && (value < min || value > max):
      return (message, true)
    case (.scale, .word), (.scale, .text), (.choice, .number), (.choice, .text), (.prompt, .number), (.prompt, .word):
      return (message, true)
    default:
      return (message, false)
    }
  }

  private static func typeProblemMessage(_ target: Step, _ op: Condition.Comparison, _ literal: Condition.Literal)
    -> Diagnostic.Message?
  {
    switch (target.kind, literal) {
    case (.scale(_, let min, let max, _), .number(let value)):
      if op == .includes { return .includesOnScale(target.id) }
      if value < min || value > max { return .comparisonOutsideScale(value, min: min, max: max, step: target.id) }
      return nil
    case (.scale, .word(let word)), (.scale, .text(let word)):
      return .scaleComparedWithWord(word, step: target.id)
    case (.choice(_, let multiple, let options), .word(let word)):
      if !options.contains(where: { $0.id == word }) {
        return .unknownComparedOption(word, step: target.id, options: options.map(\.id))
      }
      switch op {
      case .equal, .notEqual:
        return multiple ? .severalChoicesNeedIncludes(target.id) : nil
      case .includes: return nil
      default: return .choiceOperator(target.id)
      }
    case (.choice, .number(let value)):
      return .choiceComparedWithNumber(value, step: target.id)
    case (.choice, .text(let text)):
      return .choiceComparedWithText(text, step: target.id)
    case (.prompt, .number(let value)):
      return .promptComparedWithNumber(value, step: target.id)
    case (.prompt, .word(let word)):
      return .promptComparedWithWord(word, step: target.id)
    case (.prompt, .text):
      switch op {
      case .equal, .notEqual, .includes: return nil
      default: return .promptOperator(target.id)
      }
    default:
      return .incomparable(target.id)
    }
  }

  private static func checkInterpolation(
    _ step: Step, at index: Int, module: Module, indexByID: [String: Int], broken: Set<String>,
    findings: inout [Diagnostic]
  ) {
    for (field, text) in step.interpolatedTexts(where: Interpolation.mayHavePlaceholders) {
      if let offset = Interpolation.unclosedOffset(in: text) {
        findings.append(
          .error(
            .unclosedPlaceholder,
            at: step.marks.texts[place: field]?.location(of: offset, in: text) ?? step.marks.id))
      }
      for placeholder in Interpolation.placeholders(in: text) {
        if let fallback = placeholder.fallback, fallback.contains(where: { "{}".contains($0) }) {
          findings.append(
            .error(
              .bracedFallback(placeholder.name),
              at: step.marks.texts[place: field]?.location(of: placeholder.offset, in: text)
                ?? step.marks.id))
        }
        // The position is worked out only when there is something to report.
        _ = referencedStep(
          placeholder.name, from: step, at: index, module: module, indexByID: indexByID, broken: broken,
          mark: step.marks.texts[place: field]?.location(of: placeholder.offset, in: text)
            ?? step.marks.id,
          findings: &findings)
      }
    }
  }

  // MARK: - Flow

  /// Steps no path reaches, and steps from which the end can never be reached.
  /// Conditions are treated as able to go either way.
  private static func checkFlow(_ module: Module, indexByID: [String: Int], findings: inout [Diagnostic]) {
    // A misspelt `next:` is taken to mean the step it most resembles (the one its error suggests),
    // so that step is not also called unreachable; one with no likely target ends the module.
    var targets = indexByID
    func guess(_ name: String?) {
      guard let name, name != "end", targets[name] == nil else { return }
      if let likely = Suggestion.closest(to: name, in: module.steps.map(\.id)), let index = indexByID[likely] {
        targets[name] = index
      }
    }
    for step in module.steps {
      guess(step.next)
      if case .choice(_, _, let options) = step.kind { for option in options { guess(option.next) } }
    }
    let graph = FlowGraph(module: module, indexByID: targets)
    let reachable = graph.reachableFlags()
    // The steps a questionnaire makes (its items and crisis page) are named once, as the step
    // the author wrote.
    let questionnaires = Set((module.measures ?? [:]).keys)
    func authored(_ step: Step) -> String {
      if let tag = step.measureItem { return tag.questionnaire }
      if step.id.hasSuffix("-crisis"), case let id = String(step.id.dropLast("-crisis".count)),
        questionnaires.contains(id)
      {
        return id
      }
      return step.id
    }
    var named: Set<String> = []
    for (index, step) in module.steps.enumerated() where !reachable[index] {
      let id = authored(step)
      if named.insert(id).inserted { findings.append(.error(.unreachable(id), at: step.marks.id)) }
    }
    let ending = graph.endingFlags()
    named = []
    for (index, step) in module.steps.enumerated() where reachable[index] && !ending[index] {
      let id = authored(step)
      if named.insert(id).inserted { findings.append(.error(.noWayOut(id), at: step.marks.id)) }
    }
  }

  private static func checkRatings(_ module: Module, findings: inout [Diagnostic]) {
    var before: [String: Int] = [:]
    for (index, step) in module.steps.enumerated() {
      guard let rating = step.rating else { continue }
      if case .scale = step.kind {
      } else {
        findings.append(
          .error(.ratingOffScale(step.id, kind: step.kind.name), at: step.marks.id))
        continue
      }
      switch rating.phase {
      case .before:
        before[rating.name] = index
      case .after:
        if before[rating.name] == nil {
          findings.append(
            .warning(.afterWithoutBefore(rating.name, step: step.id), at: step.marks.id))
        }
      }
    }
  }
}

/// The module's steps as a graph, for reachability and loop checks.
///
/// Successors are kept in one flat array (`successorStarts[i]..<successorStarts[i + 1]`), so a
/// module's graph is a few allocations however many steps it has.
public struct FlowGraph: Sendable {
  /// The module.
  public let module: Module
  private let indexByID: [String: Int]
  private var successorStarts: [Int] = [0]
  private var successorList: [Int] = []

  /// Creates the graph of a module.
  public init(module: Module) {
    var indexByID = [String: Int](minimumCapacity: module.steps.count)
    for (index, step) in module.steps.enumerated() where indexByID[step.id] == nil { indexByID[step.id] = index }
    self.init(module: module, indexByID: indexByID)
  }

  /// Creates the graph of a module whose first step index by id is already known.
  init(module: Module, indexByID: [String: Int]) {
    self.module = module
    self.indexByID = indexByID
    // shownFrom(arrival: a) is always a...lastShown[a]: the steps from `a` up to the first
    // one without a condition (or the end).
    let steps = module.steps
    let count = steps.count
    var lastShown = [Int](repeating: count, count: count + 1)
    var unconditional = count
    for index in stride(from: count - 1, through: 0, by: -1) {
      if steps[index].when == nil { unconditional = index }
      lastShown[index] = unconditional
    }
    successorStarts.reserveCapacity(count + 1)
    successorList.reserveCapacity(count + count / 2)
    var arrivals: [Int] = []
    var all: [Int] = []
    for index in 0..<count {
      arrivals.removeAll(keepingCapacity: true)
      addArrivals(after: index, to: &arrivals)
      if arrivals.count == 1 {
        successorList += arrivals[0]...lastShown[arrivals[0]]
      } else {
        all.removeAll(keepingCapacity: true)
        for arrival in arrivals { all += arrival...lastShown[arrival] }
        all.sort()
        var last = -1
        for value in all where value != last {
          successorList.append(value)
          last = value
        }
      }
      successorStarts.append(successorList.count)
    }
  }

  /// "Arriving" at position `i` (== steps.count means the end): the step is shown, or passed
  /// over when it has a condition. Returns the step indexes that may be shown from there.
  func shownFrom(arrival: Int) -> [Int] {
    var shown: [Int] = []
    var i = arrival
    while i < module.steps.count {
      shown.append(i)
      if module.steps[i].when == nil { return shown }
      i += 1
    }
    shown.append(module.steps.count)
    return shown
  }

  /// Where a shown step can lead: arrival positions (steps.count is the end).
  func arrivals(after index: Int) -> [Int] {
    var arrivals: [Int] = []
    addArrivals(after: index, to: &arrivals)
    return arrivals
  }

  private func addArrivals(after index: Int, to arrivals: inout [Int]) {
    for exit in StepFlow.exits(of: module.steps[index]) {
      arrivals.append(StepFlow.arrival(exit.target, after: index, count: module.steps.count) { indexByID[$0] })
    }
  }

  /// Successor step indexes (steps.count stands for the end).
  public func successors(of index: Int) -> [Int] {
    Array(successorList[successorStarts[index]..<successorStarts[index + 1]])
  }

  /// Indexes of the steps some path shows.
  public func reachableSteps() -> Set<Int> {
    let flags = reachableFlags()
    return Set(flags.indices.filter { flags[$0] })
  }

  /// Indexes of the steps from which some path reaches the end.
  public func stepsThatCanEnd() -> Set<Int> {
    let flags = endingFlags()
    return Set(flags.indices.filter { flags[$0] })
  }

  /// For each step, whether some path shows it.
  func reachableFlags() -> [Bool] {
    let count = module.steps.count
    var seen = [Bool](repeating: false, count: count)
    var queue = shownFrom(arrival: 0).filter { $0 < count }
    while let next = queue.popLast() {
      guard !seen[next] else { continue }
      seen[next] = true
      for position in successorStarts[next]..<successorStarts[next + 1] {
        let successor = successorList[position]
        if successor < count && !seen[successor] { queue.append(successor) }
      }
    }
    return seen
  }

  /// For each step, whether some path from it reaches the end.
  func endingFlags() -> [Bool] {
    let end = module.steps.count
    // Predecessors in the same flat form: counted, then placed.
    var starts = [Int](repeating: 0, count: end + 2)
    for successor in successorList { starts[successor + 1] += 1 }
    for index in 0...end { starts[index + 1] += starts[index] }
    var fill = starts
    var predecessors = [Int](repeating: 0, count: successorList.count)
    for index in 0..<end {
      for position in successorStarts[index]..<successorStarts[index + 1] {
        let successor = successorList[position]
        predecessors[fill[successor]] = index
        fill[successor] += 1
      }
    }
    var seen = [Bool](repeating: false, count: end)
    var queue = Array(predecessors[starts[end]..<starts[end + 1]])
    while let next = queue.popLast() {
      guard !seen[next] else { continue }
      seen[next] = true
      for position in starts[next]..<starts[next + 1] where !seen[predecessors[position]] {
        queue.append(predecessors[position])
      }
    }
    return seen
  }
}

extension Diagnostic.Message {
  /// Two modules share an id; sessions and pins name modules by id.
  static func duplicateModuleID(_ id: String) -> Self {
    Self("duplicate module id '\(id)'", category: "duplicate-module-id")
  }

  /// Two steps share an id, so 'next:' and conditions could not tell which one they mean.
  static func duplicateStepID(_ id: String) -> Self {
    Self("duplicate step id '\(id)'", category: "duplicate-step-id")
  }

  /// Two options of one choice share an id, so answers and conditions could not tell them apart.
  static func duplicateOptionID(_ id: String, step: String) -> Self {
    Self("duplicate option id '\(id)' in step '\(step)'", category: "duplicate-option-id")
  }

  /// 'end' names the end of a module in 'next:', so no step may be called that.
  static var reservedStepID: Self {
    Self("'end' is reserved for 'next: end'; choose another step id", category: "reserved-step-id")
  }

  /// A scale whose range holds one value or none.
  static func emptyScale(_ step: String, min: Int, max: Int) -> Self {
    Self("scale '\(step)' has min \(min) not below max \(max)", category: "scale-range")
  }

  /// An anchor label for a value the scale cannot take.
  static func anchorOutOfRange(_ value: Int, min: Int, max: Int) -> Self {
    Self("anchor \(value) is outside the scale's range \(min)–\(max)", category: "scale-range")
  }

  /// A prompt no answer could satisfy.
  static func promptLengths(_ step: String, min: Int, max: Int) -> Self {
    Self("prompt '\(step)' has min-length \(min) above max-length \(max)", category: "prompt-length")
  }

  /// A choice with nothing to choose.
  static func noOptions(_ step: String) -> Self {
    Self("choice '\(step)' has no options", category: "empty-choice")
  }

  /// With several answers allowed, an option's 'next:' could not decide where to go.
  static func nextOnMultipleChoiceOption(_ option: String, step: String) -> Self {
    Self(
      "option '\(option)' has 'next:' but step '\(step)' allows several choices; put 'next:' on the step",
      category: "option-next")
  }

  /// Only one option can be chosen anyway, so 'exclusive' changes nothing.
  static func exclusiveOnSingleChoice(_ option: String, step: String) -> Self {
    Self(
      "option '\(option)' is 'exclusive' but step '\(step)' allows one choice only; 'exclusive' has no effect",
      category: "option-exclusive")
  }

  /// A timer that would end before it starts.
  static func timerTooShort(_ step: String) -> Self {
    Self("timer '\(step)' must last at least 1 second", category: "timer-length")
  }

  /// A timer phase that would end before it starts.
  static func timerPhaseTooShort(_ step: String) -> Self {
    Self("every phase of timer '\(step)' must last at least 1 second", category: "timer-length")
  }

  /// A safety check that asks nothing.
  static func safetyWithoutItems(_ step: String) -> Self {
    Self("safety step '\(step)' has no items to ask about", category: "safety-step")
  }

  /// Safety checks may never be skipped.
  static func optionalSafety(_ step: String) -> Self {
    Self("safety step '\(step)' cannot be optional", category: "safety-step")
  }

  /// A condition or interpolation names a step the module does not have.
  static func unknownStep(_ name: String, known: [String]) -> Self {
    Self(
      "unknown step '\(name)'" + Suggestion.hint(for: name, in: known), category: "unknown-step",
      fixIt: Suggestion.fixIt(for: name, in: known))
  }

  /// A step's condition or text uses its own answer, which does not exist yet.
  static func ownAnswer(_ name: String) -> Self {
    Self("step '\(name)' refers to its own answer", category: "answer-order")
  }

  /// A condition or text uses an answer given only later in the session.
  static func laterAnswer(_ name: String) -> Self {
    Self("step '\(name)' comes later; only earlier answers can be used", category: "answer-order")
  }

  /// A condition or text uses a step that asks nothing.
  static func noAnswer(_ name: String, kind: String) -> Self {
    Self("step '\(name)' is a \(kind) step and has no answer", category: "answer-kind")
  }

  /// A safety answer of 'yes' ends the session, so nothing can branch on it.
  static func safetyAnswer(_ name: String) -> Self {
    Self("the answer to safety step '\(name)' cannot be used; a 'yes' ends the session", category: "answer-kind")
  }

  /// No path from the first step reaches this one.
  static func unreachable(_ step: String) -> Self {
    Self("step '\(step)' can never be reached", category: "unreachable-step")
  }

  /// A patient who reaches this step could never finish the session.
  static func noWayOut(_ step: String) -> Self {
    Self("no path from step '\(step)' reaches the end; it leads into a loop with no way out", category: "endless-loop")
  }

  /// Ratings measure change on a scale, so they belong on scale steps only.
  static func ratingOffScale(_ step: String, kind: String) -> Self {
    Self("'rating:' belongs on a scale step; '\(step)' is a \(kind) step", category: "rating")
  }

  /// An after-rating with nothing to compare against.
  static func afterWithoutBefore(_ rating: String, step: String) -> Self {
    Self("after-rating '\(rating)' in step '\(step)' has no earlier before-rating", category: "rating")
  }

  /// `{{` with no `}}` after it.
  static var unclosedPlaceholder: Self {
    Self("'{{' is never closed with '}}', so the patient would read the braces", category: "placeholder")
  }

  /// A fallback holding braces: placeholders do not nest, so the patient would read them.
  static func bracedFallback(_ name: String) -> Self {
    Self(
      "the fallback of '{{\(name)|…}}' holds '{' or '}'; placeholders do not nest, so the patient would read "
        + "the braces; write plain text after the '|'",
      category: "placeholder")
  }

  /// 'next:' names a step the module does not have.
  static func unknownNextStep(_ target: String, known: [String]) -> Self {
    Self(
      "unknown step '\(target)' in 'next:'" + Suggestion.hint(for: target, in: known), category: "unknown-step",
      fixIt: Suggestion.fixIt(for: target, in: known))
  }
}

extension Diagnostic.Note {
  /// Where a step referred to is defined.
  static func stepDefinition(_ step: String, at location: SourceLocation) -> Self {
    Self("step '\(step)' is defined here", at: location)
  }
}

extension Diagnostic.Message {
  /// `includes` on a scale's answer.
  static func includesOnScale(_ step: String) -> Self {
    Self("'includes' needs a choice or free-text answer; '\(step)' is a scale", category: "comparison")
  }

  /// A number outside the scale it is compared with.
  static func comparisonOutsideScale(_ value: Int, min: Int, max: Int, step: String) -> Self {
    Self(
      "\(value) is outside the range \(min)–\(max) of scale '\(step)', so this comparison never changes",
      category: "comparison")
  }

  /// A scale compared with a word.
  static func scaleComparedWithWord(_ word: String, step: String) -> Self {
    Self("scale '\(step)' has a number answer; compare it with a number, not '\(word)'", category: "comparison")
  }

  /// A choice compared with a word that is not one of its options.
  static func unknownComparedOption(_ word: String, step: String, options: [String]) -> Self {
    Self(
      "'\(word)' is not an option of '\(step)'" + Suggestion.hint(for: word, in: options), category: "comparison",
      fixIt: Suggestion.fixIt(for: word, in: options))
  }

  /// `==` or `!=` on a choice that allows several answers.
  static func severalChoicesNeedIncludes(_ step: String) -> Self {
    Self("'\(step)' allows several choices; use 'includes'", category: "comparison")
  }

  /// A choice compared with an operator other than `==`, `!=` or `includes`.
  static func choiceOperator(_ step: String) -> Self {
    Self("choice '\(step)' can only be compared with '==', '!=' or 'includes'", category: "comparison")
  }

  /// A choice compared with a number.
  static func choiceComparedWithNumber(_ value: Int, step: String) -> Self {
    Self(
      "choice '\(step)' is answered with option ids; compare it with an option id, not \(value)",
      category: "comparison")
  }

  /// A choice compared with quoted text.
  static func choiceComparedWithText(_ text: String, step: String) -> Self {
    Self(
      "choice '\(step)' is answered with option ids; write the option id without quotes, not '\(text)'",
      category: "comparison")
  }

  /// A free-text answer compared with a number.
  static func promptComparedWithNumber(_ value: Int, step: String) -> Self {
    Self("'\(step)' is a free-text answer and cannot be compared with the number \(value)", category: "comparison")
  }

  /// A free-text answer compared with a bare word.
  static func promptComparedWithWord(_ word: String, step: String) -> Self {
    Self("'\(step)' is a free-text answer; quote the text to compare with: '\(word)'", category: "comparison")
  }

  /// A free-text answer compared with an operator other than `==`, `!=` or `includes`.
  static func promptOperator(_ step: String) -> Self {
    Self("free-text answer '\(step)' can only be compared with '==', '!=' or 'includes'", category: "comparison")
  }

  /// A step whose answer cannot be compared at all.
  static func incomparable(_ step: String) -> Self {
    Self("'\(step)' cannot be compared this way", category: "comparison")
  }
}
