import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemTherapy

extension Tandem {
  /// The patient's day: what is due, what was logged, the headache in progress and the session
  /// to do next.
  struct Today: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Your day: doses due and overdue, what you logged, a headache in progress, the session to do next.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let day = try DayScreen.compute(context: context, content: options.loadContent())
      switch format {
      case .json: print(try JSONOutput.encode(day))
      case .text: print(DayScreen.render(day, context: context, style: options.style()), terminator: "")
      }
    }
  }
}

/// The day as the home screen and `tandem today` show it.
enum DayScreen {
  /// The day as of the context's now, reading the diary a few weeks back and every session.
  static func compute(context: DiaryContext, content: LoadedContent) throws -> PatientDay {
    let plan = DiaryReach.due(
      regimens: try context.regimens(), catalogue: context.catalogue, now: context.now, timeZone: context.timeZone)
    // The due plan reads from before today, so today's doses and headaches are all in it, and
    // a window always holds the headache still in progress.
    let record = try context.record(plan)
    let sessions = try context.store.allSessions()
    let open = sessions.filter { $0.state.status.isOpen }.max { $0.lastActivity < $1.lastActivity }
    return PatientDay.compute(
      record: record, modules: content.modules.map(\.module), sessions: sessions, open: open)
  }

  /// The day as text for a terminal, each line ending in a newline.
  static func render(_ day: PatientDay, context: DiaryContext, style: TerminalStyle) -> String {
    let clock = ClockText(timeZone: context.timeZone, today: day.date)
    var text = style.bold("Today, \(clock.weekday(day.now))") + "\n"

    text += "\n" + style.bold("Medication") + "\n"
    if day.due.isEmpty && day.upcoming.isEmpty {
      text += "  Nothing scheduled. Add a medicine with 'tandem meds add'.\n"
    }
    if day.due.isEmpty && !day.upcoming.isEmpty { text += "  Nothing due now.\n" }
    for item in day.due {
      let name = TerminalText.sanitized(item.medication)
      let dose = "\(item.dose)" + (item.isLoadingDose ? " (loading dose)" : "")
      // A regimen with a missed run says it once; its dose still in the late window is part of
      // that line rather than a second "overdue".
      let takeable = day.due.first { $0.regimenID == item.regimenID && $0.status == .overdue }
      switch item.status {
      case .missed:
        let days = LocalDate(item.due, in: context.timeZone).days(to: day.date)
        let missed =
          item.missedInARow - day.due.filter { $0.regimenID == item.regimenID && $0.status == .overdue }.count
        let atLeast = item.sinceAtLeast ? "at least " : ""
        var line = style.red("overdue") + "  \(name) \(dose), since \(atLeast)\(clock.when(item.due))"
        line += " (\(atLeast)\(days) day\(days == 1 ? "" : "s")"
        if missed > 1 { line += ", \(atLeast)\(missed) doses missed in a row" }
        line += ")"
        if let takeable, let until = takeable.lateUntil {
          line +=
            "\n           a dose now counts for the one due \(clock.when(takeable.due)), until \(clock.when(until))"
        }
        text += "  " + line + "\n"
      case .overdue:
        if day.due.contains(where: { $0.regimenID == item.regimenID && $0.status == .missed }) { continue }
        text +=
          "  " + style.red("overdue") + "  \(name) \(dose), due \(clock.when(item.due))"
          + (item.lateUntil.map { "; a dose now still counts until \(clock.when($0))" } ?? "") + "\n"
      case .dueNow:
        text += "  " + style.bold("due now") + "  \(name) \(dose), \(clock.when(item.due))\n"
      }
    }
    for next in day.upcoming.prefix(3) {
      text +=
        "  " + style.dim("next")
        + "     \(TerminalText.sanitized(next.medication)) \(next.dose), \(clock.when(next.due))\n"
    }

    text += "\n" + style.bold("Logged today") + "\n"
    if day.logged.isEmpty { text += "  Nothing yet.\n" }
    for item in day.logged {
      // A headache begun before today says which day.
      let at = LocalDate(item.at, in: context.timeZone) == day.date ? clock.time(item.at) : clock.when(item.at)
      switch item.kind {
      case .doseTaken:
        let amount = item.amount.map { " \($0)" } ?? ""
        text +=
          "  \(at)  \(TerminalText.sanitized(item.medication ?? ""))\(amount) taken  \(style.dim("#\(item.entry)"))\n"
      case .acuteTaken:
        let amount = item.amount.map { " \($0)" } ?? ""
        text +=
          "  \(at)  \(TerminalText.sanitized(item.medication ?? ""))\(amount) taken for the headache  \(style.dim("#\(item.entry)"))\n"
      case .doseSkipped:
        text += "  \(at)  \(TerminalText.sanitized(item.medication ?? "")) skipped  \(style.dim("#\(item.entry)"))\n"
      case .attack:
        let end = item.end.map { "until \(clock.when($0))" } ?? "still going on"
        text +=
          "  \(at)  headache, worst \(item.severity ?? 0)/10, \(end)  \(style.dim("#\(item.entry)"))\n"
      }
    }

    if let attack = day.attack {
      text += "\n" + style.bold("Headache in progress") + "\n"
      var line =
        "  Since \(clock.when(attack.start)) (\(CareRecord.describe(delay: Double(attack.minutesSoFar) * 60)))"
      line += ", worst \(attack.severity)/10 so far"
      if !attack.acute.isEmpty {
        line += "; taken: " + attack.acute.map { TerminalText.sanitized($0) }.joined(separator: ", ")
      }
      text += line + ".\n"
    }

    text += "\n" + style.bold("Practice") + "\n"
    if let paused = day.pausedSession {
      text +=
        "  In progress: \(TerminalText.sanitized(paused.title)), step \(paused.step) of about \(paused.ofAbout)"
        + " (\(paused.status.rawValue) since \(clock.when(paused.since)))\n"
    }
    if let next = day.nextSession {
      let why = next.reason == .nextInOrder ? "next in order" : "practised least recently"
      text +=
        "  Suggested: \(TerminalText.sanitized(next.title)), about \(next.minutes) min"
        + style.dim(" (\(why))") + "\n"
    }
    let sessions = day.practice.completedThisWeek
    text +=
      "  This week: \(sessions) session\(sessions == 1 ? "" : "s") completed"
      + (day.practice.weekStreak > 1 ? "; \(day.practice.weekStreak) weeks in a row with practice" : "") + ".\n"
    return text
  }
}

/// Times on the day screen: "08:00" today, "yesterday 21:00", "Mon 30 Nov 08:00" further off.
struct ClockText {
  let timeZone: TimeZone
  let today: LocalDate

  func time(_ instant: Date) -> String { format("HH:mm", instant) }

  func when(_ instant: Date) -> String {
    let day = LocalDate(instant, in: timeZone)
    switch today.days(to: day) {
    case 0: return time(instant)
    case -1: return "yesterday " + time(instant)
    case 1: return "tomorrow " + time(instant)
    default: return format("EEE d MMM", instant) + " " + time(instant)
    }
  }

  func weekday(_ instant: Date) -> String { format("EEEE d MMMM", instant) }

  private func format(_ pattern: String, _ instant: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_GB")
    formatter.timeZone = timeZone
    formatter.dateFormat = pattern
    return formatter.string(from: instant)
  }
}
