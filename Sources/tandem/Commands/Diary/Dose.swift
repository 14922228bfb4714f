import ArgumentParser
import Foundation
import TandemBase
import TandemCare

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
    static let configuration = CommandConfiguration(
      abstract: "Log a dose taken (default: now).",
      discussion: """
        Without a medication, on a terminal, Tandem asks which one, when and how much, suggesting the dose \
        due now (or your only regimen) and its amount; Enter takes the default in brackets, and q or Ctrl-D \
        cancels without logging anything.
        """)

    @Argument(help: "The medication (asked for on a terminal when left out).") var medication: String?
    @Option(help: "When: 9pm, 21:30, '2 hours ago', 'yesterday 9pm', 'monday 08:00' or ISO 8601 (default: now).")
    var at: String?
    @Option(
      help:
        "How much: '50 mg', '1 tablet', 'half a tablet', '2 puffs' (default: the dose due then, or the regimen's dose)."
    )
    var amount: String?
    @Flag(help: "Log it even though the same medication is already logged in the same minute.") var again = false
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      var (name, at, amount) = (self.medication, self.at, self.amount)
      if name == nil {
        guard Prompter.isAvailable else {
          throw CLIError("say which medication, e.g. 'tandem dose take sumatriptan' (on a terminal, Tandem asks)")
        }
        do {
          (name, at, amount) = try Tandem.Dose.askForDose(context)
        } catch is Prompter.Cancelled {
          print("Nothing logged.")
          return
        }
      }
      let medication = try context.medication(name ?? "")
      let instant = try context.pastTime(at, what: "--at")
      let quantity = try amount.map { try DiaryContext.amount($0) }
      // A repeat of a dose already logged (a retried command, a double tap) is confirmed on a
      // terminal and refused in scripts; the check runs again inside the write.
      var again = self.again
      // Only the weeks around the dose are read (the whole regimen for schedules that restart).
      let plan = DiaryReach.dose(
        of: medication.id, at: instant, regimens: try context.regimens(), catalogue: context.catalogue,
        timeZone: context.timeZone)
      if !again,
        let earlier = DoseLogging.duplicate(
          of: medication.id, at: instant, timeGiven: at != nil, in: try context.record(plan))
      {
        let question =
          "\(medication.genericName) is already logged at \(context.format(earlier.instant))"
          + (earlier.dose.journalSequence.map { " (entry \($0))" } ?? "") + ". Log another dose now? [y/N] "
        guard let confirmed = Confirmation.ask(question) else {
          throw CLIError(
            "\(medication.genericName) is already logged at \(context.format(earlier.instant))"
              + (earlier.dose.journalSequence.map { " (entry \($0))" } ?? "")
              + "; if this is another dose, give --again")
        }
        guard confirmed else {
          print("Nothing logged.")
          return
        }
        again = true
      }
      var decided: DoseLogging.Take?
      let entries = try context.append(plan) { record in
        do {
          let take = try DoseLogging.take(
            medication, at: instant, amount: quantity, again: again, timeGiven: at != nil, record: record)
          decided = take
          return [.doseTaken(take.dose)]
        } catch let problem as DoseLogging.Problem {
          throw CLIError(problem.description)
        }
      }
      guard let take = decided else { return }
      var line = "Logged \(medication.genericName)"
      if let amount = take.dose.amount { line += " \(amount)" }
      if take.occurrence?.isLoadingDose == true { line += " (loading dose)" }
      line += " at \(context.format(take.dose.instant)) (entry \(entries.first?.sequence ?? 0))"
      switch take.status {
      case .onTime: line += ": on time for the \(take.occurrence.map { context.format($0.due) } ?? "") dose"
      case .late:
        let delay =
          take.occurrence.map { CareRecord.describe(delay: take.dose.instant.timeIntervalSince($0.due)) } ?? ""
        line += ": late for the \(take.occurrence.map { context.format($0.due) } ?? "") dose (\(delay) late)"
      case .extra: line += ": no scheduled dose was open then (counted as an extra dose)"
      case .asNeeded:
        if let start = take.regimenStartsLater {
          line += ": before the regimen starts on \(start), so not counted toward it"
        }
      }
      print(line + ".")
      if let skip = take.supersededSkip {
        print(
          "It replaces the skip logged for that dose" + (skip.journalSequence.map { " (entry \($0))" } ?? "")
            + ", which stays in the record.")
      }
      for warning in take.warnings { printError("warning: " + warning.message) }
      // An amount far above the prescribed dose is logged (the patient knows what they took) but
      // questioned: a slip of the keyboard should not stand unremarked in the record.
      if let amount = take.dose.amount, let usual = take.occurrence?.dose ?? take.regimen?.dose,
        amount.unit == usual.unit, usual.value > 0, amount.value >= 3 * usual.value
      {
        let times = amount.value / usual.value
        printError(
          "warning: \(amount) is \(times < 10 ? String(format: "%.1f", times) : String(Int(times))) times the prescribed \(usual);"
            + " if that is a typo, correct it with 'tandem dose correct \(entries.first?.sequence ?? 0) --amount AMOUNT'"
        )
      }
    }
  }

  /// Asks on a terminal which medication, when and how much: the medication due now (or the only
  /// one, or the one last taken) and its regimen's dose are the defaults.
  static func askForDose(_ context: DiaryContext) throws -> (medication: String, at: String?, amount: String?) {
    let prompter = Prompter()
    let plan = DiaryReach.due(
      regimens: try context.regimens(), catalogue: context.catalogue, now: context.now, timeZone: context.timeZone)
    let record = try context.record(plan)
    let suggested = DoseSuggestion.medication(in: record).flatMap { context.catalogue.medication(id: $0) }
    let medication = try prompter.ask("Which medication", default: suggested?.genericName) { answer in
      guard let answer else {
        guard let suggested else { throw CLIError("type its name, e.g. sumatriptan") }
        return suggested
      }
      return try context.medication(answer)
    }
    var typedTime: String?
    let instant = try prompter.ask("When did you take it", default: "now") { answer in
      typedTime = answer
      return try context.pastTime(answer, what: "the time")
    }
    let usual = DoseSuggestion.amount(of: medication, at: instant, in: record)
    let fromRegimen = record.regimens.contains {
      $0.medicationID == medication.id && $0.isActive(on: LocalDate(instant, in: context.timeZone))
    }
    let amount = try prompter.ask("How much, e.g. 50 mg or 1 tablet", default: usual?.description ?? "not sure") {
      answer -> String? in
      // The regimen's dose is left to the log, which knows a loading dose from the usual one.
      guard let answer else { return fromRegimen ? nil : usual?.description }
      let quantity = try DiaryContext.amount(answer, what: nil)
      do {
        _ = try DoseAmount.resolve(quantity, of: medication, usualDose: usual)
      } catch {
        throw CLIError("\(error)")
      }
      return answer
    }
    return (medication.id, typedTime, amount)
  }
}

extension Tandem.Dose {
  /// Logs a skipped dose.
  struct Skip: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log a due dose deliberately not taken.")

    @Argument(help: "The medication.") var medication: String
    @Option(help: "Why (kept in the record).") var reason: String
    @Option(help: "When you decided: 9pm, '2 hours ago', 'yesterday 9pm', ISO 8601 (default: now).") var at: String?
    @Option(
      name: .customLong("for"),
      help: "The day of the dose skipped: YYYY-MM-DD, today, yesterday or a weekday (default: the nearest due dose).")
    var day: String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let medication = try context.medication(self.medication)
      let instant = try context.pastTime(at, what: "--at")
      let occurrenceDate = try day.map { try context.date($0, near: instant, what: "--for") }
      let reason = try DiaryContext.freeText(reason, what: "--reason") ?? ""  // required by ArgumentParser
      var decided: DoseLogging.Skip?
      let plan = DiaryReach.dose(
        of: medication.id, at: min(instant, occurrenceDate?.instant(at: .midnight, in: context.timeZone) ?? instant),
        regimens: try context.regimens(), catalogue: context.catalogue, timeZone: context.timeZone)
      let entries = try context.append(plan) { record in
        do {
          let skip = try DoseLogging.skip(
            medication, at: instant, day: occurrenceDate, reason: reason, record: record)
          decided = skip
          return [.doseSkipped(skip.skip)]
        } catch let problem as DoseLogging.Problem {
          throw CLIError(problem.description)
        }
      }
      let due = decided.map { " due \(context.format($0.occurrence.due))" } ?? ""
      print("Logged the \(medication.genericName) dose\(due) as skipped (entry \(entries.first?.sequence ?? 0)).")
      // A skip reaches ahead to a later day only when nothing is open now; say so, since a
      // repeated command would otherwise look as if it skipped today's dose again.
      if let decided, occurrenceDate == nil,
        LocalDate(decided.occurrence.due, in: context.timeZone) > LocalDate(instant, in: context.timeZone)
      {
        print(
          "Today's dose is already logged, so this skips the next one; 'tandem dose correct \(entries.first?.sequence ?? 0) --delete' takes it back."
        )
      }
    }
  }

  /// Lists logged doses with their entry numbers.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "List logged doses and skips, and acute medicine logged with a headache, with entry numbers for corrections.")

    @Option(help: "First day (default: 30 days ago).") var from: String?
    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let today = LocalDate(context.now, in: context.timeZone)
      let start = try context.date(from, default: today.adding(days: -30), what: "--from")
      let since = start.instant(at: .midnight, in: context.timeZone)
      // Only the entries from that day on are read.
      let record = try context.record(DiaryReach.Plan(windows: [DiaryWindow(since: since)], historyStart: start))
      struct Row: Encodable {
        let entry: Int64
        let at: Date
        let medication: String
        let kind: String
        let amount: String?
        let reason: String?
      }
      var rows = record.ledger.doses.filter { $0.value.instant >= since }.map {
        Row(
          entry: $0.sequence, at: $0.value.instant, medication: $0.value.medicationID, kind: "taken",
          amount: $0.value.amount?.description, reason: nil)
      }
      rows += record.ledger.skips.filter { $0.value.instant >= since }.map {
        Row(
          entry: $0.sequence, at: $0.value.instant, medication: $0.value.medicationID, kind: "skipped", amount: nil,
          reason: $0.value.reason)
      }
      // Acute medicine logged with a headache is a dose too; its entry is the headache's.
      rows += record.ledger.attacks.flatMap { attack in
        attack.value.acute.filter { $0.at >= since }.map {
          Row(
            entry: attack.sequence, at: $0.at, medication: $0.medicationID, kind: "acute",
            amount: $0.amount?.description, reason: "with headache #\(attack.sequence)")
        }
      }
      rows.sort { $0.at < $1.at }
      switch format {
      case .json: print(try JSONOutput.encode(rows))
      case .text:
        if rows.isEmpty { print("No doses logged since \(start).") }
        for row in rows {
          let reason = row.reason.map { "(\(TerminalText.sanitized($0, keepNewlines: false)))" }
          let detail = [row.amount, reason].compactMap { $0 }.joined(separator: " ")
          print(
            "#\(row.entry)  \(context.format(row.at))  \(row.kind.padding(toLength: 8, withPad: " ", startingAt: 0)) \(Self.name(row.medication, context)) \(detail)"
          )
        }
      }
    }

    /// The medication as the list names it: its id, or the name of a patient's own entry.
    static func name(_ id: String, _ context: DiaryContext) -> String {
      guard let medication = context.catalogue.medication(id: id), medication.isPatientEntry else { return id }
      return medication.listedName
    }
  }

  /// Corrects a dose or skip entry by adding a correcting entry; the original stays in the record.
  struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Correct a dose or skip entry (the original is kept; a correcting entry is added).")

    @Argument(help: "The entry number (see 'tandem dose list').") var entry: Int64
    @Option(help: "The right time: 9pm, 'yesterday 21:30', '2 hours ago', ISO 8601.") var at: String?
    @Option(help: "The right amount: '50 mg', '1 tablet', 'half a tablet'.") var amount: String?
    @Flag(help: "The entry should not be there at all.") var delete = false
    @Flag(help: "Move the dose even though the same medication is already logged in that minute.") var again = false
    @Option(help: "Why (kept in the record).") var reason: String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      guard delete || at != nil || amount != nil else {
        throw CLIError("say what to correct: --at, --amount or --delete")
      }
      guard !(delete && (at != nil || amount != nil)) else {
        throw CLIError("--delete cannot be combined with --at or --amount")
      }
      let instant = try at.map { try context.pastTime($0, what: "--at") }
      let quantity = try amount.map { try DiaryContext.amount($0) }
      _ = try context.store.appendDiary(at: context.now) { entries in
        let ledger = DiaryLedger(entries)
        let replacement: DiaryEvent?
        if let dose = ledger.doses.first(where: { $0.sequence == entry })?.value {
          var fixed = dose
          fixed.journalSequence = nil
          if let instant {
            fixed.instant = instant
            let record = context.record(entries)
            if !again, let other = DoseLogging.duplicate(of: dose.medicationID, at: instant, in: record),
              other.dose.journalSequence != entry
            {
              throw CLIError(
                "\(dose.medicationID) is already logged at \(context.format(other.instant))"
                  + (other.dose.journalSequence.map { " (entry \($0))" } ?? "")
                  + "; give --again to move this dose there too")
            }
          }
          if var quantity {
            if let medication = context.catalogue.medication(id: dose.medicationID) {
              let day = LocalDate(fixed.instant, in: context.timeZone)
              let usual = ledger.regimens.map(\.value).last {
                $0.medicationID == dose.medicationID && $0.isActive(on: day)
              }
              do {
                quantity = try DoseAmount.resolve(quantity, of: medication, usualDose: usual?.dose)
              } catch {
                throw CLIError("--amount: \(error)")
              }
            }
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
      guard !delete else {
        print("Entry #\(entry) removed (the original stays in the journal).")
        return
      }
      // Say how the corrected dose now counts.
      let intake = try context.record().doseLedger.intakes.first { $0.dose.journalSequence == entry }
      let counts: String =
        switch intake?.status {
        case .onTime?: intake?.occurrence.map { ": now on time for the \(context.format($0.due)) dose" } ?? ""
        case .late?: intake?.occurrence.map { ": now late for the \(context.format($0.due)) dose" } ?? ""
        case .extra?: ": it now fulfils no scheduled dose (counted as an extra dose)"
        default: ""
        }
      print("Entry #\(entry) corrected\(counts).")
    }
  }
}
