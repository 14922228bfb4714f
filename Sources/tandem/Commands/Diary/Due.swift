import ArgumentParser
import Foundation
import TandemCore

extension Tandem {
  /// What is due now, overdue, and next.
  struct Due: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "What is due now, overdue, and next.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let record = try context.record()
      let active = record.regimens.filter { $0.isActive(on: record.today) || $0.start > record.today }
      let list = DueList.compute(
        regimens: active, doses: record.doses, skips: record.skips, now: context.now, catalogue: context.catalogue)
      if format == .json {
        print(try JSONOutput.encode(list))
        return
      }
      if list.entries.isEmpty { print("Nothing scheduled. Add a regimen with 'tandem meds add'.") }
      let style = options.style()
      for entry in list.entries {
        let name = context.catalogue.medication(id: entry.medicationID)?.genericName ?? entry.medicationID
        var lines: [String] = []
        for item in entry.overdue {
          lines.append(style.red("overdue") + "  \(entry.dose) due \(context.format(item.occurrence.due)) — take it now if your plan allows")
        }
        for item in entry.dueNow {
          lines.append(style.bold("due now") + "  \(item.occurrence.dose) at \(item.occurrence.time)")
        }
        if let next = entry.next {
          lines.append("next     \(next.dose) on \(context.format(next.due))")
        }
        if let prn = entry.asNeeded {
          var text = "as needed: \(prn.dosesInLast24Hours) dose\(prn.dosesInLast24Hours == 1 ? "" : "s") in the last 24 h"
          if let remaining = prn.remaining { text += ", up to \(remaining) more allowed" }
          if let nextAllowed = prn.nextAllowed, nextAllowed > context.now { text += ", next not before \(context.format(nextAllowed))" }
          lines.append(text)
        }
        print(style.bold(name))
        for line in lines { print("  " + line) }
      }
    }
  }
}
