import ArgumentParser
import Foundation
import TandemBase
import TandemCare

extension Tandem {
  /// What is due now, overdue, and next.
  struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What is due now, overdue, and next.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @Flag(
      help:
        "One short line for a shell prompt, or nothing when nothing is due; exit status 0 when a dose is due or overdue, 1 when not, 2 on an error."
    )
    var quiet = false
    @OptionGroup var options: CommonOptions

    func run() throws {
      if quiet { return try runQuiet() }
      let context = try DiaryContext.open(options, reading: true)
      let record = try context.dueRecord()
      let active = record.regimens.filter { $0.isActive(on: record.today) || $0.start > record.today }
      let list = DueList.compute(ledger: record.doseLedger, regimens: active, catalogue: context.catalogue)
      if format == .json {
        print(try JSONOutput.encode(list))
        return
      }
      if list.entries.isEmpty { print("Nothing scheduled. Add a regimen with 'tandem meds add'.") }
      let style = options.style()
      for entry in list.entries {
        let name = context.catalogue.medication(id: entry.medicationID)?.listedName ?? entry.medicationID
        var lines: [String] = []
        if let since = entry.overdueSince {
          let days = LocalDate(since.due, in: context.timeZone).days(to: record.today)
          var text =
            style.red("overdue") + "  since " + (entry.overdueSinceAtLeast ? "at least " : "")
            + "\(context.format(since.due)) (\(days) day\(days == 1 ? "" : "s"))"
          // A dose that still counts late is overdue, not missed (as 'tandem today' says).
          if entry.missed > 1 { text += ", \(entry.missed) doses missed in a row" }
          lines.append(text)
        }
        for item in entry.overdue {
          lines.append(
            "  \(Self.dose(item.occurrence)) due \(context.format(item.occurrence.due)) — "
              + "a dose now still counts (late) until \(context.format(item.lateUntil)); take it if your plan allows")
        }
        for item in entry.dueNow {
          let when =
            LocalDate(item.occurrence.due, in: context.timeZone) == record.today
            ? "at \(item.occurrence.time)" : "due \(context.format(item.occurrence.due))"
          lines.append(style.bold("due now") + "  \(Self.dose(item.occurrence)) \(when)")
        }
        if let next = entry.next {
          lines.append("next     \(Self.dose(next)) on \(context.format(next.due))")
        }
        if let prn = entry.asNeeded {
          var text =
            "as needed: \(prn.dosesInLast24Hours) dose\(prn.dosesInLast24Hours == 1 ? "" : "s") in the last 24 h"
          if let remaining = prn.remaining { text += ", up to \(remaining) more allowed" }
          if let nextAllowed = prn.nextAllowed, nextAllowed > context.now {
            text += ", next not before \(context.format(nextAllowed))"
          }
          lines.append(text)
        }
        print(style.bold(name))
        for line in lines { print("  " + line) }
      }
    }

    /// `--quiet`: the reminder line, read without ever writing to the store.
    func runQuiet() throws {
      let items: [String]
      do {
        items = try ReminderSystem.dueItems(options)
      } catch {
        printError("Error: \(error)")
        throw ExitCode(2)
      }
      guard let line = DueReminder.line(items) else { throw ExitCode(1) }
      print(line)
    }

    /// An occurrence's amount, labelled when it is the loading dose.
    static func dose(_ occurrence: ScheduledOccurrence) -> String {
      "\(occurrence.dose)" + (occurrence.isLoadingDose ? " (loading dose)" : "")
    }
  }
}
