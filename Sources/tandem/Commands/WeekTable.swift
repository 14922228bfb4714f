import TandemBase
import TandemReports

/// The "Week by week" table of `tandem progress`: at most 60 columns, so it reads in a narrow terminal too.
enum WeekTable {
  /// Column headings, two rows, right-aligned over their figures.
  static let columns: [(top: String, bottom: String, width: Int)] = [
    ("Headache", "days", 8), ("Migraine", "days", 8), ("Acute", "days", 5), ("Doses", "taken/due", 9),
    ("Sessions", "", 8), ("Practice", "min", 8),
  ]
  /// The week column's width: `30 Nov*`.
  static let weekWidth = 7
  /// Shown instead of a figure that says nothing for the week.
  static let unknown = "–"

  /// The table's lines, a note on the current week and the comparison; or one helpful line when nothing at all
  /// has been recorded in the weeks shown or before them.
  static func lines(_ weekly: WeeklyProgress) -> [String] {
    let weeks = weekly.weeks
    guard weeks.contains(where: { $0.isObserved || $0.hasScheduledDoses || $0.sessionsCompleted > 0 }) else {
      return [
        "  Nothing logged yet. Your weeks show here once you log a",
        "  headache (tandem attack log) or a dose (tandem dose take),",
        "  or finish a session (tandem session start).",
      ]
    }
    var lines = [
      "  " + pad("Week", weekWidth) + columns.map { right($0.top, $0.width) }.joined(separator: " "),
      "  " + pad("", weekWidth) + columns.map { right($0.bottom, $0.width) }.joined(separator: " "),
    ]
    let years = Set(weeks.map(\.weekStart.year))
    var year: Int?
    for week in weeks {
      if years.count > 1, week.weekStart.year != year {
        year = week.weekStart.year
        lines.append("  \(week.weekStart.year)")
      }
      let label = label(week.weekStart) + (week.partial ? "*" : "")
      let figures = [
        week.isObserved ? "\(week.headacheDays)" : unknown,
        week.isObserved ? "\(week.migraineDays)" : unknown,
        week.isObserved ? "\(week.acuteMedicationDays)" : unknown,
        week.hasScheduledDoses ? "\(week.dosesTaken)/\(week.dosesDue)" : unknown,
        "\(week.sessionsCompleted)",
        "\(week.practiceMinutes)",
      ]
      lines.append(
        "  " + pad(label, weekWidth)
          + zip(columns, figures).map { right($1, $0.width) }.joined(separator: " "))
    }
    if weeks.last?.partial == true { lines.append("  * this week so far") }
    if let comparison = weekly.comparison { lines += wrap(sentence(comparison), width: 60, indent: "  ") }
    return lines
  }

  /// One plain sentence: the last four full weeks against the four before.
  static func sentence(_ comparison: ProgressComparison) -> String {
    let recent = comparison.recent
    let earlier = comparison.earlier
    let weeks = ProgressComparison.weeksPerSide
    let now = recent.headacheDays
    let then = earlier.headacheDays
    let change =
      now < then ? "down from \(then)" : now > then ? "up from \(then)" : "the same as the \(weeks) weeks before"
    var parts = ["\(plural(now, "headache day")), \(change)"]
    if recent.dosesDue > 0 { parts.append("preventive doses \(recent.dosesTaken) of \(recent.dosesDue) taken") }
    parts.append(plural(recent.sessionsCompleted, "session") + " completed")
    return "Last \(weeks) full weeks: " + parts.joined(separator: "; ") + "."
  }

  static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

  /// `23 Nov`.
  static func label(_ day: LocalDate) -> String {
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return "\(day.day) \(months[(day.month - 1) % 12])"
  }

  static func pad(_ text: String, _ width: Int) -> String {
    text + String(repeating: " ", count: max(0, width - text.count))
  }

  static func right(_ text: String, _ width: Int) -> String {
    String(repeating: " ", count: max(0, width - text.count)) + text
  }

  /// `text` in lines of at most `width` columns, each starting with `indent`.
  static func wrap(_ text: String, width: Int, indent: String) -> [String] {
    var lines: [String] = []
    var line = indent
    for word in text.split(separator: " ") {
      if line.count > indent.count, line.count + 1 + word.count > width {
        lines.append(line)
        line = indent
      }
      line += (line.count > indent.count ? " " : "") + word
    }
    if line.count > indent.count { lines.append(line) }
    return lines
  }
}
