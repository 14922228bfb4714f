import ArgumentParser
import Foundation
import TandemBase
import TandemTherapy

extension Tandem {
  /// Shows what the patient has done so far.
  struct Progress: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Modules completed, time spent, weekly streak and before/after rating changes.")

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      let sessions = try options.openStoreForReading().allSessions()
      let environment = try LiveEnvironment.current()
      var calendar = Calendar.current
      calendar.timeZone = environment.timeZone
      let progress = PracticeProgress.compute(
        sessions, now: environment.now(), calendar: calendar)
      switch format {
      case .json:
        print(try JSONOutput.encode(progress))
      case .text:
        let style = options.style()
        print(style.bold("Your progress"))
        print(
          "  Sessions completed: \(progress.sessionsCompleted)  (open: \(progress.sessionsOpen), ended early: \(progress.sessionsAbandoned))"
        )
        if progress.safetyStops > 0 { print("  Stopped by a safety check: \(progress.safetyStops)") }
        print(
          "  Modules completed: \(progress.modulesCompleted.isEmpty ? "none yet" : progress.modulesCompleted.joined(separator: ", "))"
        )
        print(
          "  Time in sessions: \(minutes(progress.secondsInSessions)); timed practice: \(minutes(progress.secondsPractised))"
        )
        print("  Weeks in a row with practice: \(progress.weekStreak)")
        let byRating = Dictionary(grouping: progress.ratingChanges, by: \.rating)
        if !byRating.isEmpty { print(style.bold("Before and after")) }
        for (rating, changes) in byRating.sorted(by: { $0.key < $1.key }) {
          let average = Double(changes.map(\.change).reduce(0, +)) / Double(changes.count)
          let last = changes[changes.count - 1]
          print(
            "  \(TerminalText.sanitized(rating)): \(changes.count) session\(changes.count == 1 ? "" : "s"), "
              + "average change \(String(format: "%+.1f", average)); last \(last.before) → \(last.after)")
        }
      }
    }

    private func minutes(_ seconds: Int) -> String {
      seconds < 60 ? "\(seconds) s" : "\(seconds / 60) min"
    }
  }
}
