import ArgumentParser
import Foundation
import TandemBase
import TandemCare

extension Tandem {
  /// Sessions, doses and headaches on one timeline.
  struct Timeline: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Sessions, doses (taken, late, skipped, missed) and headaches, in time order, or as a month calendar.")

    @Option(help: "First day (default: 30 days ago).") var from: String?
    @Option(help: "Last day (default: today).") var to: String?
    @Option(help: TimelineFormat.help) var format: TimelineFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let record = try context.record()
      let end = try context.date(to, default: record.today, what: "--to")
      let start = try context.date(from, default: end.adding(days: -29), what: "--from")
      guard start <= end else { throw CLIError("--from \(start) is after --to \(end)") }
      let style = options.style()
      switch format {
      case .json:
        print(try JSONOutput.encode(record.timeline(from: start, through: end)))
      case .text:
        print(TimelineText.render(record.timeline(from: start, through: end), context: context, style: style))
      case .calendar:
        print(CalendarText.render(record.calendarDays(from: start, through: end), style: style))
      }
    }
  }
}

/// The timeline as lines a person reads, grouped by day.
enum TimelineText {
  static func render(_ items: [TimelineItem], context: DiaryContext, style: TerminalStyle) -> String {
    guard !items.isEmpty else { return "Nothing recorded in this period." }
    var out: [String] = []
    var currentDay: LocalDate?
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = context.timeZone
    formatter.dateFormat = "HH:mm"
    for item in items {
      let day = LocalDate(item.at, in: context.timeZone)
      if day != currentDay {
        if currentDay != nil { out.append("") }
        let weekday = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][day.weekday - 1]
        out.append(style.bold("\(weekday) \(day)"))
        currentDay = day
      }
      let marker: String
      switch item.kind {
      case .doseMissed: marker = style.red("✗ missed ")
      case .doseLate: marker = style.cyan("◷ late   ")
      case .doseOnTime, .doseAsNeeded, .doseExtra: marker = style.green("✓ dose   ")
      case .doseSkipped, .doseSkipUnmatched: marker = "– skipped"
      case .attack: marker = style.red("● headache")
      case .acuteMedication: marker = "  acute  "
      case .sessionStarted, .sessionCompleted, .sessionAbandoned: marker = style.cyan("◆ session")
      case .sessionSafetyStop: marker = style.red("! safety ")
      case .regimenStarted, .regimenEnded: marker = "℞ regimen"
      }
      let entry = item.entry.map { style.dim(" #\($0)") } ?? ""
      out.append(
        "  \(formatter.string(from: item.at))  \(marker)  \(TerminalText.sanitized(item.summary, keepNewlines: false))\(entry)"
      )
    }
    return out.joined(separator: "\n")
  }
}

/// A month grid: migraine and headache days, missed preventive doses and practice days.
enum CalendarText {
  static func render(_ days: [CalendarDay], style: TerminalStyle) -> String {
    guard let first = days.first else { return "" }
    let byDate = Dictionary(uniqueKeysWithValues: days.map { ($0.date, $0) })
    var out: [String] = []
    var month = LocalDate(year: first.date.year, month: first.date.month, day: 1) ?? first.date
    let last = days[days.count - 1].date
    let names = [
      "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
      "December",
    ]
    while month <= last {
      let title = "\(names[month.month - 1]) \(month.year)"
      out.append(String(repeating: " ", count: max(0, (42 - title.count) / 2)) + style.bold(title))
      out.append(" Mo    Tu    We    Th    Fr    Sa    Su")
      var line = String(repeating: " ", count: (month.weekday - 1) * 6)
      let length = LocalDate.daysIn(month: month.month, year: month.year)
      for dayNumber in 1...length {
        guard let date = LocalDate(year: month.year, month: month.month, day: dayNumber) else { continue }
        var cell = String(format: "%3d", dayNumber)
        if let day = byDate[date] {
          cell += day.migraine ? style.red("M") : day.headache ? "h" : " "
          cell += day.missedDoses > 0 ? style.red("x") : " "
          cell += day.practice ? style.green("+") : " "
        } else {
          cell = style.dim(cell) + "   "
        }
        line += cell
        if date.weekday == 7 {
          out.append(line)
          line = ""
        }
      }
      if !line.isEmpty { out.append(line) }
      out.append("")
      month = month.adding(months: 1)
    }
    let migraine = days.filter(\.migraine).count
    let headache = days.filter(\.headache).count
    let missed = days.map(\.missedDoses).reduce(0, +)
    let practice = days.filter(\.practice).count
    out.append("M migraine day   h other headache day   x missed preventive dose   + practice day")
    out.append(
      "\(days.count) days: \(migraine) migraine, \(headache) with headache, \(missed) missed dose\(missed == 1 ? "" : "s"), \(practice) practice day\(practice == 1 ? "" : "s")"
    )
    return out.joined(separator: "\n")
  }
}
