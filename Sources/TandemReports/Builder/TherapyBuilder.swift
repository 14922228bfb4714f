import Foundation
import TandemBase
import TandemTherapy

/// The behavioural-therapy section.
struct TherapyBuilder {
  let facts: SessionFacts
  let zone: TimeZone
  let now: Date

  /// Whether an answered step is a home-practice commitment: its id contains `commit` or `practice`, or ends
  /// with `-action` or `-plan` (`home-practice`, `practice-adult`, `small-action`, `barrier-plan`, `pacing-plan`).
  /// Rating steps are never commitments.
  static func isCommitment(_ step: Step) -> Bool {
    guard step.rating == nil, step.kind.takesAnswer else { return false }
    let id = step.id.lowercased()
    if case .safety = step.kind { return false }
    return id.contains("commit") || id.contains("practice") || id.hasSuffix("-action") || id.hasSuffix("-plan")
  }

  /// A safety step about mood or self-harm is a crisis item; any other safety step is a red-flag screen.
  static func safetyKind(_ step: Step?) -> String {
    guard let step else { return "red-flag" }
    let id = step.id.lowercased()
    return ["crisis", "mood", "harm", "phq"].contains { id.contains($0) } ? "crisis" : "red-flag"
  }

  static func question(_ step: Step) -> String {
    switch step.kind {
    case .prompt(let question, _, _), .scale(let question, _, _, _), .choice(let question, _, _),
      .safety(let question, _, _):
      return question.trimmingCharacters(in: .whitespacesAndNewlines)
    case .text, .timer:
      return step.title ?? step.id
    }
  }

  func summary() -> TherapySummary {
    var completed = 0
    var abandoned = 0
    var stopped = 0
    var open = 0
    var seconds = 0
    var byApproach: [Approach: Int] = [:]
    var byProcess: [ACTProcess: Int] = [:]
    var modules: [String: TherapySummary.ModuleLine] = [:]
    var commitments: [TherapySummary.Commitment] = []
    var stops: [TherapySummary.SafetyStop] = []
    var lines: [TherapySummary.SessionLine] = []
    var practiceDays = Set<LocalDate>()
    for fact in facts.facts {
      let module = fact.session.module
      let state = fact.state
      var line =
        modules[module.id]
        ?? TherapySummary.ModuleLine(
          id: module.id, title: module.title, approach: module.approach.rawValue, process: module.process?.rawValue,
          completed: 0, notCompleted: 0)
      switch state.status {
      case .completed:
        completed += 1
        line.completed += 1
        byApproach[module.approach, default: 0] += 1
        if let process = module.process { byProcess[process, default: 0] += 1 }
        practiceDays.insert(fact.day)
      case .abandoned:
        abandoned += 1
        line.notCompleted += 1
      case .safetyStopped:
        stopped += 1
        line.notCompleted += 1
      case .active, .paused: open += 1
      }
      modules[module.id] = line
      seconds += state.practisedSeconds
      let answers = state.effectiveAnswers
      var answerLines: [TherapySummary.AnswerLine] = []
      for step in module.steps {
        guard let answer = answers[step.id] else { continue }
        let answerLine = Self.answerLine(step, answer)
        answerLines.append(answerLine)
        if state.status == .completed, Self.isCommitment(step) {
          commitments.append(
            TherapySummary.Commitment(
              date: fact.day, moduleID: module.id, stepID: step.id, question: step.title ?? Self.question(step),
              answer: Self.answerText(answerLine)))
        }
      }
      for entry in fact.session.entries {
        guard case .safetyStopped(let stepID) = entry.event else { continue }
        stops.append(
          TherapySummary.SafetyStop(
            date: LocalDate(entry.recordedAt, in: zone), at: ReportClock.iso(entry.recordedAt, in: zone),
            sessionID: fact.session.id, moduleID: module.id, stepID: stepID,
            kind: Self.safetyKind(module.step(stepID))))
      }
      lines.append(
        TherapySummary.SessionLine(
          id: fact.session.id, moduleID: module.id, moduleTitle: module.title, moduleVersion: module.version,
          status: state.status.rawValue, startedAt: ReportClock.iso(fact.session.startedAt, in: zone),
          lastActivity: ReportClock.iso(fact.session.lastActivity, in: zone), date: fact.day,
          minutesPractised: state.practisedSeconds / 60, answers: answerLines))
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let progress = PracticeProgress.compute(facts.facts.map(\.session), now: now, calendar: calendar)
    let measures = MeasureHistory.results(facts.facts.map(\.session)).map { result in
      TherapySummary.MeasureLine(
        date: LocalDate(result.recordedAt, in: zone), at: ReportClock.iso(result.recordedAt, in: zone),
        sessionID: result.sessionID, moduleID: result.moduleID, measure: result.score.measure,
        measureVersion: result.score.measureVersion, title: result.title, total: result.score.total,
        maximum: result.maximum, band: result.score.band, prorated: result.score.prorated,
        missing: result.score.missing.count, change: result.change, crisis: result.score.crisis,
        subscales: result.score.subscales.map {
          .init(id: $0.id, title: result.subscaleTitles[$0.id] ?? $0.id, total: $0.total, positive: $0.positive)
        })
    }
    return TherapySummary(
      measures: measures.isEmpty ? nil : measures,
      sessions: facts.facts.count, completed: completed, abandoned: abandoned, safetyStopped: stopped, open: open,
      minutesPractised: seconds / 60, minutesInSessions: progress.secondsInSessions / 60,
      practiceDays: practiceDays.count,
      byApproach: Approach.allCases.compactMap { a in byApproach[a].map { .init(name: a.rawValue, completed: $0) } },
      byProcess: ACTProcess.allCases.compactMap { p in byProcess[p].map { .init(name: p.rawValue, completed: $0) } },
      modules: modules.values.sorted { $0.id < $1.id }, commitments: commitments,
      ratingChanges: progress.ratingChanges.map {
        TherapySummary.RatingChange(
          date: LocalDate($0.date, in: zone), moduleID: $0.moduleID, rating: $0.rating, before: $0.before,
          after: $0.after, change: $0.change)
      },
      safetyStops: stops, sessionLines: lines)
  }

  static func answerLine(_ step: Step, _ answer: Answer) -> TherapySummary.AnswerLine {
    var line = TherapySummary.AnswerLine(
      stepID: step.id, question: question(step), type: "text", number: nil, text: nil, options: nil)
    switch answer {
    case .number(let n):
      line.type = "number"
      line.number = n
    case .text(let text):
      line.text = text
    case .options(let ids):
      line.type = "options"
      var labels: [String: String] = [:]
      if case .choice(_, _, let options) = step.kind { for option in options { labels[option.id] = option.label } }
      line.options = ids.map { .init(id: $0, label: labels[$0] ?? $0) }
    case .safety(let flagged):
      line.type = "safety"
      line.number = flagged ? 1 : 0
    }
    return line
  }

  static func answerText(_ line: TherapySummary.AnswerLine) -> String {
    switch line.type {
    case "number": return line.number.map(String.init) ?? ""
    case "options": return (line.options ?? []).map(\.label).joined(separator: "; ")
    case "safety": return line.number == 1 ? "yes" : "no"
    default: return line.text ?? ""
    }
  }
}
