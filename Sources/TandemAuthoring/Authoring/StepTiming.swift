import TandemTherapy

/// Estimated seconds a patient spends on a step: reading at 200 words a minute, plus the timer's
/// length, plus a few seconds to answer (5 s for a scale, choice or safety screen, 30 s to type
/// a free-text answer).
public enum StepTiming {
  /// Words read per minute.
  public static let wordsPerMinute = 200
  /// Seconds to pick an answer on a scale, choice or safety screen.
  public static let pickSeconds = 5
  /// Seconds to type a free-text answer.
  public static let typeSeconds = 30

  /// The estimate for one step, in seconds.
  public static func seconds(_ step: Step) -> Int {
    let words = step.interpolatedTexts.reduce(0) { $0 + wordCount($1.text) }
    let reading = (words * 60 + wordsPerMinute - 1) / wordsPerMinute
    switch step.kind {
    case .text: return reading
    case .timer(_, let seconds, _): return reading + seconds
    case .prompt: return reading + typeSeconds
    case .scale, .choice, .safety: return reading + pickSeconds
    }
  }

  /// Words in a text: runs of letters or digits.
  public static func wordCount(_ text: String) -> Int {
    text.split { !($0.isLetter || $0.isNumber || $0 == "'") }.count
  }

  /// "about 4 min" / "under 1 min", for summaries.
  public static func minutesText(_ seconds: Int) -> String {
    seconds < 60 ? "under 1 min" : "about \((seconds + 30) / 60) min"
  }
}
