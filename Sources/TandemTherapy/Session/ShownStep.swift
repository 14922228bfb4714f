extension Step {
  /// The step as the patient reads it: every text field that may interpolate earlier answers
  /// (those `interpolatedTexts` lists, timer phase labels included) with its `{{…}}` filled in.
  ///
  /// The session runner and `rehearse` both show this, so a placeholder can never reach the
  /// patient in one and not the other.
  public func shown(in module: Module, answers: [String: Answer]) -> Step {
    func fill(_ text: String) -> String { Interpolation.render(text, module: module, answers: answers) }
    var step = self
    if let title { step.title = fill(title) }
    switch kind {
    case .text(let body):
      step.kind = .text(body: fill(body))
    case .prompt(let question, let minLength, let maxLength):
      step.kind = .prompt(question: fill(question), minLength: minLength, maxLength: maxLength)
    case .scale(let question, let min, let max, let anchors):
      step.kind = .scale(
        question: fill(question), min: min, max: max,
        anchors: anchors.map { Anchor(value: $0.value, label: fill($0.label)) })
    case .choice(let question, let multiple, let options):
      step.kind = .choice(
        question: fill(question), multiple: multiple,
        options: options.map {
          var option = $0
          option.label = fill($0.label)
          return option
        })
    case .timer(let body, let seconds, let phases):
      step.kind = .timer(
        body: fill(body), seconds: seconds, phases: phases.map { Phase(label: fill($0.label), seconds: $0.seconds) })
    case .safety(let question, let items, let guidance):
      step.kind = .safety(question: fill(question), items: items.map(fill), guidance: fill(guidance))
    }
    return step
  }
}
