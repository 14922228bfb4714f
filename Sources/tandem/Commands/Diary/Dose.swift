import ArgumentParser
import Foundation
import TandemCore

extension Tandem {
  /// The dose log.
  struct Dose: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Log doses taken or skipped, list them, and correct a mistaken entry.",
      subcommands: [Take.self, Skip.self, List.self, Correct.self])
  }
}

extension Tandem.Dose {
  /// Logs a dose taken.
  struct Take: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log a dose taken (default: now).")

    @Argument(help: "The medication.") var medication: String
    @Option(help: "When: 21:00, 'yesterday 21:00', or ISO 8601 (default: now).") var at: String?
    @Option(help: "How much, e.g. '50 mg' (default: the regimen's dose).") var amount: String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let medication = try context.medication(self.medication)
      let instant = try context.pastTime(at, what: "--at")
      let quantity = try amount.map(DiaryContext.amount)
      var warnings: [String] = []
      let entries = try context.store.appendDiary(at: context.now) { entries in
        let ledger = DiaryLedger(entries)
        let day = LocalDate(instant, in: context.timeZone)
        let regimen = ledger.regimens.map(\.value).last { $0.medicationID == medication.id && $0.isActive(on: day) }
        if let quantity {
          let reference = regimen?.dose ?? medication.strengths.first
          if let reference, !quantity.isCommensurable(with: reference) {
            throw CLIError("'\(quantity)' does not match \(medication.genericName), which is dosed in \(reference.unit.rawValue)")
          }
        }
        let dose = TakenDose(medicationID: medication.id, instant: instant, amount: quantity ?? regimen?.dose, regimenID: regimen?.id)
        if medication.use != .preventive || regimen.map({ !$0.schedule.isScheduled }) == true {
          let history = ledger.doses.map(\.value).filter { $0.medicationID == medication.id }
          let limits = regimen ?? Regimen(
            id: "-", medicationID: medication.id, dose: quantity ?? medication.strengths.first ?? Quantity(value: 1, unit: .tablet),
            schedule: .asNeeded(maxPer24Hours: nil, minimumHoursBetweenDoses: nil), start: day,
            timeZoneIdentifier: context.timeZone.identifier, medication: medication)
          warnings = AsNeededCheck.warnings(for: dose, after: history, regimen: limits, medication: medication)
            .filter { $0.dose == dose }.map(\.message)
        }
        return [.doseTaken(dose)]
      }
      let record = try context.record()
      let sequence = entries.first?.sequence ?? 0
      var line = "Logged \(medication.genericName)"
      if let dose = record.ledger.doses.first(where: { $0.sequence == sequence })?.value {
        if let amount = dose.amount { line += " \(amount)" }
        line += " at \(context.format(dose.instant)) (entry \(sequence))"
        if let id = dose.regimenID, let regimen = record.regimens.first(where: { $0.id == id }), regimen.schedule.isScheduled {
          let resolved = record.resolution(of: regimen).occurrences.first { $0.dose?.journalSequence == sequence }
          switch resolved?.status {
          case .onTime?: line += ": on time for the \(resolved?.occurrence.time.description ?? "") dose"
          case .late?: line += ": late for the \(resolved?.occurrence.date.description ?? "") \(resolved?.occurrence.time.description ?? "") dose"
          default: line += ": no scheduled dose was due then (counted as extra)"
          }
        }
      }
      print(line + ".")
      for warning in warnings { printError("warning: " + warning) }
    }
  }

  /// Logs a skipped dose.
  struct Skip: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log a due dose deliberately not taken.")

    @Argument(help: "The medication.") var medication: String
    @Option(help: "Why (kept in the record).") var reason: String
    @Option(help: "When you decided (default: now).") var at: String?
    @Option(name: .customLong("for"), help: "The day of the dose skipped, YYYY-MM-DD (default: the nearest due dose).") var day: String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let medication = try context.medication(self.medication)
      let instant = try context.pastTime(at, what: "--at")
      let occurrenceDate = try day.map { try context.date($0, near: instant, what: "--for") }
      guard !reason.trimmingCharacters(in: .whitespaces).isEmpty else { throw CLIError("--reason may not be empty") }
      let entries = try context.store.appendDiary(at: context.now) { entries in
        let ledger = DiaryLedger(entries)
        let dayOf = occurrenceDate ?? LocalDate(instant, in: context.timeZone)
        guard let regimen = ledger.regimens.map(\.value).last(where: { $0.medicationID == medication.id && $0.isActive(on: dayOf) }) else {
          throw CLIError("\(medication.genericName) has no active regimen on \(dayOf); nothing was due to skip")
        }
        return [
          .doseSkipped(
            SkippedDose(medicationID: medication.id, instant: instant, reason: reason, occurrenceDate: occurrenceDate, regimenID: regimen.id))
        ]
      }
      print("Logged a skipped \(medication.genericName) dose (entry \(entries.first?.sequence ?? 0)).")
    }
  }

  /// Lists logged doses with their entry numbers.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List logged doses and skips, with entry numbers for corrections.")

    @Option(help: "First day (default: 30 days ago).") var from: String?
    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let record = try context.record()
      let start = try context.date(from, default: record.today.adding(days: -30), what: "--from")
      let since = start.instant(at: .midnight, in: context.timeZone)
      struct Row: Encodable {
        let entry: Int64
        let at: Date
        let medication: String
        let kind: String
        let amount: String?
        let reason: String?
      }
      var rows = record.ledger.doses.filter { $0.value.instant >= since }.map {
        Row(entry: $0.sequence, at: $0.value.instant, medication: $0.value.medicationID, kind: "taken", amount: $0.value.amount?.description, reason: nil)
      }
      rows += record.ledger.skips.filter { $0.value.instant >= since }.map {
        Row(entry: $0.sequence, at: $0.value.instant, medication: $0.value.medicationID, kind: "skipped", amount: nil, reason: $0.value.reason)
      }
      rows.sort { $0.at < $1.at }
      switch format {
      case .json: print(try JSONOutput.encode(rows))
      case .text:
        if rows.isEmpty { print("No doses logged since \(start).") }
        for row in rows {
          let detail = row.amount ?? row.reason.map { "(\(TerminalText.sanitized($0, keepNewlines: false)))" } ?? ""
          print("#\(row.entry)  \(context.format(row.at))  \(row.kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(row.medication) \(detail)")
        }
      }
    }
  }

  /// Corrects a dose or skip entry by adding a correcting entry; the original stays in the record.
  struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a dose or skip entry (the original is kept; a correcting entry is added).")

    @Argument(help: "The entry number (see 'tandem dose list').") var entry: Int64
    @Option(help: "The right time.") var at: String?
    @Option(help: "The right amount.") var amount: String?
    @Flag(help: "The entry should not be there at all.") var delete = false
    @Option(help: "Why (kept in the record).") var reason: String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      guard delete || at != nil || amount != nil else { throw CLIError("say what to correct: --at, --amount or --delete") }
      guard !(delete && (at != nil || amount != nil)) else { throw CLIError("--delete cannot be combined with --at or --amount") }
      let instant = try at.map { try context.pastTime($0, what: "--at") }
      let quantity = try amount.map(DiaryContext.amount)
      _ = try context.store.appendDiary(at: context.now) { entries in
        let ledger = DiaryLedger(entries)
        let replacement: DiaryEvent?
        if let dose = ledger.doses.first(where: { $0.sequence == entry })?.value {
          var fixed = dose
          fixed.journalSequence = nil
          if let instant { fixed.instant = instant }
          if let quantity {
            if let old = dose.amount, !quantity.isCommensurable(with: old) {
              throw CLIError("'\(quantity)' does not match the entry's unit (\(old.unit.rawValue))")
            }
            fixed.amount = quantity
          }
          replacement = delete ? nil : .doseTaken(fixed)
        } else if let skip = ledger.skips.first(where: { $0.sequence == entry })?.value {
          guard quantity == nil else { throw CLIError("a skipped dose has no amount") }
          var fixed = skip
          fixed.journalSequence = nil
          if let instant { fixed.instant = instant }
          replacement = delete ? nil : .doseSkipped(fixed)
        } else {
          throw CLIError("no dose or skip entry #\(entry) (it may have been deleted already); see 'tandem dose list'")
        }
        return [.corrected(sequence: entry, replacement: replacement, reason: reason)]
      }
      print(delete ? "Entry #\(entry) removed (the original stays in the journal)." : "Entry #\(entry) corrected.")
    }
  }
}
