import TandemBase
import TandemTherapy

/// One test case a therapist writes next to a module: scripted answers and what should happen.
public struct ModuleTestCase: Hashable, Sendable {
  /// An expected fragment of a step's interpolated text.
  public struct TextExpectation: Hashable, Sendable {
    /// The step whose text is checked (the last time it was shown).
    public var step: String
    /// Text that must appear, compared with runs of whitespace collapsed to one space.
    public var fragment: String
    /// Where the expectation is written.
    public var mark: SourceLocation?

    /// Creates an expectation.
    public init(step: String, fragment: String, mark: SourceLocation? = nil) {
      self.step = step
      self.fragment = fragment
      self.mark = mark
    }
  }

  /// What the case is called in reports.
  public var name: String
  /// Scripted answers, one per shown step.
  public var answers: [String]
  /// Every step expected to be shown, in order; `nil` leaves the path unchecked.
  public var path: [String]?
  /// Text expected on shown steps.
  public var texts: [TextExpectation]
  /// The expected final status; `nil` leaves it unchecked.
  public var status: SessionState.Status?
  /// Where the case starts (its `- name:` line).
  public var mark: SourceLocation?
  /// Where `path:` is written.
  public var pathMark: SourceLocation?
  /// Where `status:` is written.
  public var statusMark: SourceLocation?
  /// Where `answers:` is written.
  public var answersMark: SourceLocation?

  /// Creates a case.
  public init(
    name: String, answers: [String], path: [String]? = nil, texts: [TextExpectation] = [],
    status: SessionState.Status? = nil, mark: SourceLocation? = nil, pathMark: SourceLocation? = nil,
    statusMark: SourceLocation? = nil, answersMark: SourceLocation? = nil
  ) {
    self.name = name
    self.answers = answers
    self.path = path
    self.texts = texts
    self.status = status
    self.mark = mark
    self.pathMark = pathMark
    self.statusMark = statusMark
    self.answersMark = answersMark
  }
}
