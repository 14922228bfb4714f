extension Module {
  /// The module as a session pins it: the same content without where it was written (the
  /// author's file path and every line and column), which means nothing on another machine and
  /// is nobody's business in a patient's record.
  public var withoutSourcePositions: Module {
    var module = self
    module.source = nil
    module.migrationMarks = nil
    module.minutesMark = nil
    module.steps = steps.map { step in
      var step = step
      step.marks = Step.Marks()
      if case .choice(let question, let multiple, let options) = step.kind {
        step.kind = .choice(
          question: question, multiple: multiple,
          options: options.map { option in
            var option = option
            option.mark = nil
            option.nextMark = nil
            return option
          })
      }
      return step
    }
    return module
  }
}
