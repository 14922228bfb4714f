import ArgumentParser
import Foundation
import TandemBase
import TandemCare

extension Tandem {
  /// The headache diary.
  struct AttackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "attack", abstract: "Log headache attacks: a whole one, or start and end one in progress.",
      subcommands: [Log.self, Start.self, End.self, List.self, Correct.self])
  }
}

/// Flags shared by the attack commands.
struct AttackDetails: ParsableArguments {
  @Option(help: "Worst pain, 0–10.") var severity: Int?
  @Flag(help: "There was an aura.") var aura = false
  @Option(name: .customLong("aura-minutes"), help: "How long the aura lasted.") var auraMinutes: Int?
  @Flag(help: "Nausea or vomiting.") var nausea = false
  @Flag(help: "Light hurt.") var photophobia = false
  @Flag(help: "Sound hurt.") var phonophobia = false
  @Flag(help: "Pain on one side.") var unilateral = false
  @Flag(help: "Throbbing pain.") var pulsating = false
  @Flag(name: .customLong("worse-with-activity"), help: "Worse with routine activity.") var worseWithActivity = false
  @Option(
    name: .customLong("acute"),
    help:
      "Acute medication taken: MED[:AMOUNT][@TIME] (e.g. sumatriptan:50 mg@14:30; default amount: the as-needed regimen's dose; a bare time is on the headache's day); may be repeated."
  )
  var acute: [String] = []
  @Option(help: "A note, e.g. a possible trigger.") var note: String?

  /// The flags as answers.
  var answers: AttackAnswers {
    AttackAnswers(
      severity: severity, aura: aura, auraMinutes: auraMinutes, nausea: nausea, photophobia: photophobia,
      phonophobia: phonophobia, unilateral: unilateral, pulsating: pulsating, worseWithActivity: worseWithActivity,
      acute: acute, note: note)
  }

  /// Whether no detail was given at all.
  var isEmpty: Bool {
    severity == nil && !aura && auraMinutes == nil && !nausea && !photophobia && !phonophobia && !unilateral
      && !pulsating && !worseWithActivity && acute.isEmpty && note == nil
  }

  /// Applies the flags to an attack (flags only ever add; severity replaces).
  /// `intakesAt` is when acute medication given without a time was taken (default: the start).
  func apply(to attack: inout Attack, context: DiaryContext, intakesAt: Date? = nil) throws {
    try answers.apply(to: &attack, context: context, intakesAt: intakesAt)
  }
}

/// A headache's details, given as flags or answered at prompts.
struct AttackAnswers {
  var severity: Int?
  var aura = false
  var auraMinutes: Int?
  var nausea = false
  var photophobia = false
  var phonophobia = false
  var unilateral = false
  var pulsating = false
  var worseWithActivity = false
  var acute: [String] = []
  var note: String?

  /// Applies the details to an attack (they only ever add; severity replaces).
  /// `intakesAt` is when acute medication given without a time was taken (default: the start).
  func apply(to attack: inout Attack, context: DiaryContext, intakesAt: Date? = nil) throws {
    if let severity {
      guard (0...10).contains(severity) else { throw CLIError("severity \(severity) is out of range; use 0–10") }
      attack.severity = severity
    }
    attack.aura = attack.aura || aura || auraMinutes != nil
    if let auraMinutes { attack.auraMinutes = auraMinutes }
    attack.nauseaOrVomiting = attack.nauseaOrVomiting || nausea
    attack.photophobia = attack.photophobia || photophobia
    attack.phonophobia = attack.phonophobia || phonophobia
    if unilateral || pulsating || worseWithActivity {
      attack.painFeatures = PainFeatures(
        unilateral: unilateral || attack.painFeatures.unilateral == true,
        pulsating: pulsating || attack.painFeatures.pulsating == true,
        aggravatedByActivity: worseWithActivity || attack.painFeatures.aggravatedByActivity == true)
    }
    for item in acute {
      let spec: AcuteIntakeSpec
      do { spec = try AcuteIntakeSpec(parsing: item) } catch { throw CLIError(error.description) }
      let medication = try context.medication(spec.medication)
      guard medication.use != .preventive else {
        throw CLIError(
          "\(medication.genericName) is a preventive, not an acute medication; log it with 'tandem dose take'")
      }
      var at = intakesAt ?? attack.start
      if let time = spec.time {
        do {
          at = try AcuteIntakeSpec.instant(
            time, attackStart: attack.start, now: context.now, timeZone: context.timeZone)
        } catch {
          throw CLIError("--acute \(TerminalText.sanitized(item, keepNewlines: false)): \(error)")
        }
        if at > context.now.addingTimeInterval(60) {
          throw CLIError(
            "--acute \(TerminalText.sanitized(item, keepNewlines: false)) is in the future; log things once they have happened"
          )
        }
      }
      // Counted amounts (`1 tablet`) are worked out inside the write, with the as-needed regimen.
      if let amount = spec.amount, !DoseAmount.countUnits.contains(amount.unit),
        let reference = medication.strengths.first, !amount.isCommensurable(with: reference)
      {
        throw CLIError(
          "'\(amount)' does not match \(medication.genericName), which is dosed in \(reference.unit.rawValue)")
      }
      attack.acute.append(
        AcuteIntake(
          medicationID: medication.id, overuseClass: medication.overuseClass,
          medicationClass: medication.medicationClass,
          at: at, amount: spec.amount))
    }
    if let note = try DiaryContext.freeText(note, what: "--note") { attack.note = note }
  }
}

extension Tandem.AttackCommand {
  /// Logs a whole attack.
  struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Log an attack that has ended (or give no --end if it goes on).",
      discussion: """
        On a terminal, what is not given is asked for, one question at a time: with no flags at all, the \
        start, the end, how bad it was, aura, symptoms, medication taken and a note; Enter takes the default \
        in brackets, and q or Ctrl-D cancels without logging anything.
        """)

    @Option(help: "When it began: 9pm, '2 hours ago', 'yesterday 21:30', 'monday 08:00' or ISO 8601.") var start:
      String?
    @Option(help: "When it ended (same forms).") var end: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      var answers = details.answers
      var start = self.start, end = self.end
      if start == nil || answers.severity == nil {
        guard Prompter.isAvailable else {
          throw CLIError(
            start == nil
              ? "--start is required: when it began, e.g. 9pm, '2 hours ago' or 2026-03-01T21:00"
              : "--severity is required (0–10)")
        }
        do {
          try AttackInterview(context: context).ask(
            &answers, start: &start, end: &end, everything: start == nil && end == nil && details.isEmpty)
        } catch is Prompter.Cancelled {
          print("Nothing logged.")
          return
        }
      }
      var attack = Attack(
        id: context.environment.makeID(), start: try context.pastTime(start, what: "--start"), severity: 0)
      attack.end = try end.map { try context.pastTime($0, what: "--end") }
      try answers.apply(to: &attack, context: context)
      let entries = try AttackWriter(context: context).write(attack, replacing: nil)
      print(
        "Logged a headache from \(context.format(attack.start))\(attack.end.map { " to \(context.format($0))" } ?? " (in progress)") (entry \(entries.first?.sequence ?? 0))."
      )
    }
  }

  /// Starts an attack in progress.
  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "A headache has started (end it with 'tandem attack end').")

    @Option(help: "When it began: 9pm, '2 hours ago', 'yesterday 21:30' or ISO 8601 (default: now).") var at: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      var attack = Attack(
        id: context.environment.makeID(), start: try context.pastTime(at, what: "--at"), severity: 0)
      try details.apply(to: &attack, context: context)
      _ = try AttackWriter(context: context).write(attack, replacing: nil)
      print("Headache started at \(context.format(attack.start)). When it is over: tandem attack end")
    }
  }

  /// Ends the attack in progress.
  struct End: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "The headache in progress has ended.",
      discussion: """
        On a terminal with no flags, asks when it ended, how bad it was at its worst and what was taken \
        for it; Enter takes the default in brackets, and q or Ctrl-D cancels without changing anything.
        """)

    @Option(help: "When it ended: 9pm, '30 min ago' or ISO 8601 (default: now).") var at: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      // The headache in progress is read first, so the write reads only the days since it began.
      let inProgress = DiaryLedger(try context.store.diaryEntries(window: DiaryWindow(since: .distantFuture)))
        .attackInProgress?.value
      var at = self.at
      var answers = details.answers
      if at == nil, details.isEmpty, Prompter.isAvailable, let inProgress {
        do {
          try Self.ask(&answers, at: &at, about: inProgress, context: context)
        } catch is Prompter.Cancelled {
          print("Nothing changed; the headache is still in progress.")
          return
        }
      }
      let endTime = try context.pastTime(at, what: "--at")
      let plan = DiaryReach.attack(from: min(inProgress?.start ?? endTime, endTime), timeZone: context.timeZone)
      let (_, ended) = try AttackWriter(context: context).write(reason: "ended", reading: plan) { ledger in
        guard let open = ledger.attackInProgress else {
          throw CLIError("no headache in progress; log a whole one with 'tandem attack log --start … --end …'")
        }
        var attack = open.value
        attack.end = endTime
        try answers.apply(to: &attack, context: context, intakesAt: endTime)
        return (attack, open.sequence)
      }
      if let minutes = ended.durationMinutes {
        print("Headache ended at \(context.format(endTime)), after \(CareRecord.describe(delay: minutes * 60)).")
      }
    }

    /// Asks when the headache ended, its worst pain (the one logged so far by default) and what
    /// was taken for it since.
    static func ask(_ answers: inout AttackAnswers, at: inout String?, about attack: Attack, context: DiaryContext)
      throws
    {
      let prompter = Prompter()
      let ended = try prompter.ask("When did it end", default: "now") { answer -> Date in
        let ended = try context.pastTime(answer, what: "the end")
        guard ended > attack.start else {
          throw CLIError("the end \(context.format(ended)) is not after the start \(context.format(attack.start))")
        }
        at = answer
        return ended
      }
      // A headache started without a rating (0) has no default to offer.
      let rated = attack.severity > 0
      answers.severity = try prompter.ask(
        "How bad was the pain at its worst, from 0 (none) to 10 (the worst)",
        default: rated ? "\(attack.severity)" : nil
      ) { answer in
        guard let answer else {
          if rated { return attack.severity }
          throw CLIError("type a number from 0 to 10")
        }
        return try CheckedNumber.integer(answer, in: 0...10, what: "pain")
      }
      answers.acute = try prompter.ask(
        "Medication taken for it and not logged yet, e.g. sumatriptan or ibuprofen:400 mg@14:30", default: "none"
      ) { answer in
        guard let answer, answer.lowercased() != "none" else { return [] }
        let items = answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        var trial = attack
        try AttackAnswers(acute: items).apply(to: &trial, context: context, intakesAt: ended)
        return items
      }
    }
  }

  /// Lists attacks.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List logged attacks with entry numbers.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      let record = try context.record()
      switch format {
      case .json:
        struct Row: Encodable { let entry: Int64; let attack: Attack }
        print(try JSONOutput.encode(record.ledger.attacks.map { Row(entry: $0.sequence, attack: $0.value) }))
      case .text:
        if record.attacks.isEmpty { print("No headaches logged.") }
        for item in record.ledger.attacks {
          print(Self.line(item.sequence, item.value, context: context))
        }
      }
    }

    /// One attack as a patient reads it back: when, how bad, what came with it, what was taken.
    static func line(_ entry: Int64, _ attack: Attack, context: DiaryContext) -> String {
      let end = attack.end.map { context.format($0) } ?? "in progress"
      var text = "#\(entry)  \(context.format(attack.start)) – \(end)  severity \(attack.severity)/10"
      var symptoms: [String] = []
      if attack.aura { symptoms.append("aura" + (attack.auraMinutes.map { " \($0) min" } ?? "")) }
      if attack.nauseaOrVomiting { symptoms.append("nausea") }
      if attack.photophobia { symptoms.append("light-sensitive") }
      if attack.phonophobia { symptoms.append("sound-sensitive") }
      if attack.painFeatures.unilateral == true { symptoms.append("one-sided") }
      if attack.painFeatures.pulsating == true { symptoms.append("throbbing") }
      if attack.painFeatures.aggravatedByActivity == true { symptoms.append("worse with activity") }
      if !symptoms.isEmpty { text += "\n      symptoms: " + symptoms.joined(separator: ", ") }
      if !attack.acute.isEmpty {
        let taken = attack.acute.sorted { $0.at < $1.at }.map { intake in
          let name = context.catalogue.medication(id: intake.medicationID)?.listedName ?? intake.medicationID
          return name + (intake.amount.map { " \($0)" } ?? "") + " at " + context.format(intake.at)
        }
        text += "\n      acute: " + taken.joined(separator: "; ")
      }
      if let relief = attack.relief { text += "\n      relief: \(relief.rawValue)" }
      if let note = attack.note { text += "\n      note: " + TerminalText.sanitized(note, keepNewlines: false) }
      return text
    }
  }

  /// Corrects or removes a mistaken attack with a correcting entry; the original stays in the journal.
  struct Correct: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "Correct a headache entry, or remove it with --delete (the original is kept; a correcting entry is added).")

    @Argument(help: "The entry number (see 'tandem attack list').") var entry: Int64
    @Option(help: "The right start time.") var start: String?
    @Option(help: "The right end time.") var end: String?
    @Flag(help: "The entry should not be there at all.") var delete = false
    @Flag(
      name: .customLong("clear-symptoms"),
      help: "Forget the recorded aura, symptoms and pain features first (then give the right ones).")
    var clearSymptoms = false
    @Flag(
      name: .customLong("clear-acute"),
      help: "Forget the acute medication recorded with this headache first (then give the right --acute ones).")
    var clearAcute = false
    @Option(help: "Why (kept in the record).") var reason: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let changesDetails =
        details.severity != nil || details.aura || details.auraMinutes != nil || details.nausea || details.photophobia
        || details.phonophobia || details.unilateral || details.pulsating || details.worseWithActivity
        || !details.acute.isEmpty || details.note != nil || clearSymptoms || clearAcute
      guard delete || start != nil || end != nil || changesDetails else {
        throw CLIError("say what to correct: --start, --end, the headache's details, or --delete")
      }
      guard !(delete && (start != nil || end != nil || changesDetails)) else {
        throw CLIError("--delete cannot be combined with other corrections")
      }
      let reason = try DiaryContext.freeText(reason, what: "--reason")
      let newStart = try start.map { try context.pastTime($0, what: "--start") }
      let newEnd = try end.map { try context.pastTime($0, what: "--end") }
      if delete {
        _ = try context.store.appendDiary(at: context.now) { entries in
          guard DiaryLedger(entries).attacks.contains(where: { $0.sequence == entry }) else {
            throw CLIError("no headache entry #\(entry) (it may have been removed already); see 'tandem attack list'")
          }
          return [.corrected(sequence: entry, replacement: nil, reason: reason)]
        }
        print("Headache entry #\(entry) removed (the original stays in the journal).")
        return
      }
      let (_, fixed) = try AttackWriter(context: context).write(reason: reason, reading: nil) { ledger in
        guard let record = ledger.attacks.first(where: { $0.sequence == entry }) else {
          throw CLIError("no headache entry #\(entry) (it may have been removed already); see 'tandem attack list'")
        }
        var attack = record.value
        if let newStart { attack.start = newStart }
        if let newEnd { attack.end = newEnd }
        if clearSymptoms {
          attack.aura = false
          attack.auraMinutes = nil
          attack.nauseaOrVomiting = false
          attack.photophobia = false
          attack.phonophobia = false
          attack.painFeatures = PainFeatures()
        }
        if clearAcute { attack.acute = [] }
        try details.apply(to: &attack, context: context)
        return (attack, entry)
      }
      print("Headache entry #\(entry) corrected:")
      print(List.line(entry, fixed, context: context))
    }
  }
}

/// Validates and commits an attack in one transaction.
struct AttackWriter {
  let context: DiaryContext

  /// Commits a new attack; returns its entries. Warnings its acute medication raises are printed.
  func write(_ attack: Attack, replacing sequence: Int64?) throws -> [DiaryEntry] {
    let earliest = ([attack.start] + attack.acute.map(\.at)).min() ?? attack.start
    return try write(reason: nil, reading: DiaryReach.attack(from: earliest, timeZone: context.timeZone)) { ledger in
      if sequence == nil, attack.end == nil, let open = ledger.attackInProgress {
        throw CLIError(
          "a headache is already in progress since \(context.format(open.value.start)); end it first with 'tandem attack end'"
        )
      }
      return (attack, sequence)
    }.entries
  }

  /// Commits the attack `make` builds from the diary as it stands inside the write: a new one, or
  /// the replacement of entry `replacing` (a correcting entry; the original stays in the journal).
  /// `plan` says how much of the diary to read (`nil`: all of it).
  func write(
    reason: String?, reading plan: DiaryReach.Plan?, _ make: (DiaryLedger) throws -> (attack: Attack, replacing: Int64?)
  ) throws -> (entries: [DiaryEntry], attack: Attack) {
    var warnings: [String] = []
    var written: Attack?
    let entries = try context.append(plan ?? .whole) { record in
      let ledger = record.ledger
      let (attack, sequence) = try make(ledger)
      try Self.check(attack, ledger: ledger, replacing: sequence, context: context)
      let filled = try Self.fillingAmounts(attack, record: record, context: context)
      // A correction warns only about the intakes it adds.
      let before = Set(ledger.attacks.first { $0.sequence == sequence }?.value.acute ?? [])
      try Self.refuseDuplicates(filled, known: before, record: record, context: context)
      warnings = Self.warnings(for: filled, record: record, context: context, skipping: before)
      written = filled
      return [
        sequence.map { .corrected(sequence: $0, replacement: .attackLogged(filled), reason: reason) }
          ?? .attackLogged(filled)
      ]
    }
    for warning in warnings { printError("warning: " + warning) }
    guard let written else { throw CLIError("nothing was written") }
    return (entries, written)
  }

  /// Refuses acute medication logged twice: the same medication in the same minute as an intake
  /// already in the diary (a dose, another headache) or twice in this headache.
  static func refuseDuplicates(_ attack: Attack, known: Set<AcuteIntake>, record: CareRecord, context: DiaryContext)
    throws
  {
    func minute(_ instant: Date) -> Double { (instant.timeIntervalSince1970 / 60).rounded(.down) }
    var seen = Set<String>()
    for intake in attack.acute {
      let key = "\(intake.medicationID)@\(minute(intake.at))"
      let name = context.catalogue.medication(id: intake.medicationID)?.genericName ?? intake.medicationID
      guard seen.insert(key).inserted else {
        throw CLIError("--acute lists \(name) at \(context.format(intake.at)) twice; give each intake once")
      }
      if known.contains(intake) { continue }
      let existing = record.doseLedger.intakes.first {
        if case .attack(let id, _) = $0.source, id == attack.id { return false }
        return $0.medicationID == intake.medicationID && minute($0.instant) == minute(intake.at)
      }
      if let existing {
        let entry = existing.dose.journalSequence.map { " (dose entry \($0))" } ?? " (with another headache)"
        throw CLIError(
          "\(name) is already logged at \(context.format(existing.instant))\(entry); leave it out of --acute, "
            + "or remove the dose first with 'tandem dose correct ENTRY --delete'")
      }
    }
  }

  /// The attack with each acute intake's amount filled in from the as-needed regimen active then,
  /// when the patient gave none, so reports can sum what was taken; a counted amount (`1 tablet`)
  /// becomes the quantity it holds.
  static func fillingAmounts(_ attack: Attack, record: CareRecord, context: DiaryContext) throws -> Attack {
    var filled = attack
    for index in filled.acute.indices {
      let intake = filled.acute[index]
      let usual = record.doseLedger.asNeededRegimen(intake.medicationID, at: intake.at)?.dose
      guard let amount = intake.amount else {
        filled.acute[index].amount = usual
        continue
      }
      guard let medication = context.catalogue.medication(id: intake.medicationID) else { continue }
      do {
        filled.acute[index].amount = try DoseAmount.resolve(amount, of: medication, usualDose: usual)
      } catch {
        throw CLIError("--acute \(medication.genericName): \(error)")
      }
    }
    return filled
  }

  /// As-needed warnings for an attack's acute intakes, counted with every other intake of the
  /// same medication: doses logged on their own, with other headaches, and earlier in this one.
  static func warnings(
    for attack: Attack, record: CareRecord, context: DiaryContext, skipping known: Set<AcuteIntake> = []
  ) -> [String] {
    var messages: [String] = []
    var earlier: [TakenDose] = []
    for intake in attack.acute.sorted(by: { $0.at < $1.at }) {
      guard let medication = context.catalogue.medication(id: intake.medicationID) else { continue }
      let day = LocalDate(intake.at, in: context.timeZone)
      let limits = AsNeededCheck.limitsRegimen(
        record.doseLedger.asNeededRegimen(medication.id, at: intake.at),
        for: medication, on: day, usual: intake.amount, timeZone: context.timeZone)
      // This attack's own intakes as stored before (when it is being ended or corrected) are replaced.
      let history = record.doseLedger.intakes.filter {
        if case .attack(let id, _) = $0.source, id == attack.id { return false }
        return $0.medicationID == medication.id && ($0.dose.regimenID ?? limits.id) == limits.id
      }.map(\.dose)
      let dose = TakenDose(medicationID: medication.id, instant: intake.at, amount: intake.amount)
      defer { earlier.append(dose) }
      let earlier = earlier.filter { $0.medicationID == medication.id }
      if known.contains(intake) { continue }
      messages += AsNeededCheck.warnings(for: dose, after: history + earlier, regimen: limits, medication: medication)
        .map {
          "\(medication.genericName) at \(context.format(intake.at)): \($0.message)"
        }
    }
    return messages
  }

  static func check(_ attack: Attack, ledger: DiaryLedger, replacing sequence: Int64?, context: DiaryContext) throws {
    let others = ledger.attacks.filter { $0.sequence != sequence }.map(\.value)
    let problems = AttackValidation.validate(
      attack, now: context.now.addingTimeInterval(60), existing: others, timeZone: context.timeZone)
    if !problems.isEmpty {
      // Patients know attacks by their entry number, not by internal ids.
      var messages = problems.map(\.description)
      for record in ledger.attacks {
        messages = messages.map {
          $0.replacingOccurrences(of: "attack '\(record.value.id)'", with: "attack #\(record.sequence)")
        }
      }
      throw CLIError(messages.joined(separator: "\n"))
    }
  }
}

/// The questions `tandem attack log` asks on a terminal for what its flags left out.
struct AttackInterview {
  let context: DiaryContext
  var prompter = Prompter()

  /// The symptoms a patient can name at the prompt, with the words each may be written as.
  static var symptoms: [(name: String, words: Set<String>, set: (inout AttackAnswers) -> Void)] {
    [
      ("nausea", ["nausea", "nauseous", "sick", "vomiting", "vomit"], { $0.nausea = true }),
      ("light", ["light", "lights", "photophobia"], { $0.photophobia = true }),
      ("sound", ["sound", "sounds", "noise", "phonophobia"], { $0.phonophobia = true }),
      ("one-sided", ["one-sided", "one sided", "one side", "unilateral"], { $0.unilateral = true }),
      ("throbbing", ["throbbing", "pulsating", "pounding"], { $0.pulsating = true }),
      ("activity", ["activity", "worse with activity", "movement"], { $0.worseWithActivity = true }),
    ]
  }

  /// Asks for the start (when not given) and the severity (when not given); with `everything`, also
  /// the end, aura, symptoms, acute medication and a note.
  func ask(_ answers: inout AttackAnswers, start: inout String?, end: inout String?, everything: Bool) throws {
    var began = try context.pastTime(start, what: "--start")
    if start == nil {
      var typed: String?
      began = try prompter.ask("When did it start", default: "now") { answer in
        typed = answer
        return try context.pastTime(answer, what: "the start")
      }
      start = typed
    }
    if everything {
      end = try prompter.ask("When did it end (Enter if it is still going on)", default: "still going on") {
        answer -> String? in
        guard let answer else { return nil }
        let ended = try context.pastTime(answer, what: "the end")
        guard ended > began else {
          throw CLIError("the end \(context.format(ended)) is not after the start \(context.format(began))")
        }
        return answer
      }
    }
    if answers.severity == nil {
      answers.severity = try prompter.ask("How bad was the pain at its worst, from 0 (none) to 10 (the worst)") {
        answer in
        guard let answer else { throw CLIError("type a number from 0 to 10") }
        return try CheckedNumber.integer(answer, in: 0...10, what: "pain")
      }
    }
    guard everything else { return }
    answers.aura = try prompter.confirm(
      "Was there an aura (flashing lights, zigzags or tingling before the pain)", default: false)
    if answers.aura {
      answers.auraMinutes = try prompter.ask("About how many minutes did the aura last", default: "not sure") {
        answer -> Int? in
        guard let answer, answer.lowercased() != "not sure" else { return nil }
        return try CheckedNumber.integer(answer, in: 1...1440, what: "aura minutes")
      }
    }
    let named = Self.symptoms.map(\.name).joined(separator: ", ")
    let marks = try prompter.ask("Symptoms (\(named))", default: "none") { answer in
      try Self.symptoms(answer)
    }
    for mark in marks { mark(&answers) }
    answers.acute = try prompter.ask(
      "Medication taken, e.g. sumatriptan or ibuprofen:400 mg@14:30", default: "none"
    ) { answer in
      guard let answer, answer.lowercased() != "none" else { return [] }
      let items = answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
      // The same checks as --acute, on a copy of the headache.
      var trial = Attack(id: "trial", start: began, severity: 0)
      try AttackAnswers(acute: items).apply(to: &trial, context: context)
      return items
    }
    answers.note = try prompter.ask("A note, e.g. a possible trigger", default: "none") { answer in
      try DiaryContext.freeText(answer, what: "the note")
    }
  }

  /// The symptoms named in `answer` (comma-separated), or a problem naming the ones understood.
  static func symptoms(_ answer: String?) throws -> [(inout AttackAnswers) -> Void] {
    guard let answer, answer.lowercased() != "none" else { return [] }
    // Commas, spaces or both separate symptoms; a phrase of up to three words ("one sided",
    // "worse with activity") is tried before its words one by one.
    let words = answer.lowercased().split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    var found: [(inout AttackAnswers) -> Void] = []
    var index = 0
    while index < words.count {
      let match = (1...3).reversed().lazy.compactMap { length -> (Int, (inout AttackAnswers) -> Void)? in
        guard index + length <= words.count else { return nil }
        let phrase = words[index..<(index + length)].joined(separator: " ")
        return symptoms.first { $0.words.contains(phrase) }.map { (length, $0.set) }
      }.first
      guard let (length, set) = match else {
        throw CLIError(
          "'\(TerminalText.sanitized(words[index], keepNewlines: false))' is not one of "
            + symptoms.map(\.name).joined(separator: ", ") + " (separate them with commas or spaces)")
      }
      found.append(set)
      index += length
    }
    return found
  }
}
