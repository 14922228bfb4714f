import ArgumentParser
import Foundation
import TandemCore

extension Tandem {
  /// The headache diary.
  struct AttackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "attack", abstract: "Log headache attacks: a whole one, or start and end one in progress.",
      subcommands: [Log.self, Start.self, End.self, List.self])
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
  @Option(name: .customLong("acute"), help: "Acute medication taken: MED or MED@TIME (e.g. sumatriptan@14:30); may be repeated.")
  var acute: [String] = []
  @Option(help: "A note, e.g. a possible trigger.") var note: String?

  /// Applies the flags to an attack (flags only ever add; severity replaces).
  func apply(to attack: inout Attack, context: DiaryContext) throws {
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
      let option = try AcuteOption(item)
      let medication = try context.medication(option.medication)
      guard medication.use != .preventive else {
        throw CLIError("\(medication.genericName) is a preventive, not an acute medication; log it with 'tandem dose take'")
      }
      let at = try option.time.map { try context.pastTime($0, what: "--acute \(option.medication)@") } ?? attack.start
      attack.acute.append(
        AcuteIntake(medicationID: medication.id, overuseClass: medication.overuseClass, medicationClass: medication.medicationClass, at: at))
    }
    if let note { attack.note = note }
  }
}

extension Tandem.AttackCommand {
  /// Logs a whole attack.
  struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Log an attack that has ended (or give no --end if it goes on).")

    @Option(help: "When it began.") var start: String
    @Option(help: "When it ended.") var end: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      guard details.severity != nil else { throw CLIError("--severity is required (0–10)") }
      var attack = Attack(id: UUID().uuidString.lowercased(), start: try context.pastTime(start, what: "--start"), severity: 0)
      attack.end = try end.map { try context.pastTime($0, what: "--end") }
      try details.apply(to: &attack, context: context)
      let entries = try AttackWriter(context: context).write(attack, replacing: nil)
      print("Logged a headache from \(context.format(attack.start))\(attack.end.map { " to \(context.format($0))" } ?? " (in progress)") (entry \(entries.first?.sequence ?? 0)).")
    }
  }

  /// Starts an attack in progress.
  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "A headache has started (end it with 'tandem attack end').")

    @Option(help: "When it began (default: now).") var at: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      var attack = Attack(id: UUID().uuidString.lowercased(), start: try context.pastTime(at, what: "--at"), severity: 0)
      try details.apply(to: &attack, context: context)
      _ = try AttackWriter(context: context).write(attack, replacing: nil)
      print("Headache started at \(context.format(attack.start)). When it is over: tandem attack end")
    }
  }

  /// Ends the attack in progress.
  struct End: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "The headache in progress has ended.")

    @Option(help: "When it ended (default: now).") var at: String?
    @OptionGroup var details: AttackDetails
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let endTime = try context.pastTime(at, what: "--at")
      var ended: Attack?
      _ = try context.store.appendDiary(at: context.now) { entries in
        let ledger = DiaryLedger(entries)
        guard let open = ledger.attackInProgress else {
          throw CLIError("no headache in progress; log a whole one with 'tandem attack log --start … --end …'")
        }
        var attack = open.value
        attack.end = endTime
        try details.apply(to: &attack, context: context)
        try AttackWriter.check(attack, ledger: ledger, replacing: open.sequence, context: context)
        ended = attack
        return [.corrected(sequence: open.sequence, replacement: .attackLogged(attack), reason: "ended")]
      }
      if let ended, let minutes = ended.durationMinutes {
        print("Headache ended at \(context.format(endTime)), after \(CareRecord.describe(delay: minutes * 60)).")
      }
    }
  }

  /// Lists attacks.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List logged attacks with entry numbers.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let record = try context.record()
      switch format {
      case .json:
        struct Row: Encodable { let entry: Int64; let attack: Attack }
        print(try JSONOutput.encode(record.ledger.attacks.map { Row(entry: $0.sequence, attack: $0.value) }))
      case .text:
        if record.attacks.isEmpty { print("No headaches logged.") }
        for item in record.ledger.attacks {
          let attack = item.value
          let end = attack.end.map { context.format($0) } ?? "in progress"
          print("#\(item.sequence)  \(context.format(attack.start)) – \(end)  severity \(attack.severity)/10")
        }
      }
    }
  }
}

/// Validates and commits an attack in one transaction.
struct AttackWriter {
  let context: DiaryContext

  func write(_ attack: Attack, replacing sequence: Int64?) throws -> [DiaryEntry] {
    try context.store.appendDiary(at: context.now) { entries in
      let ledger = DiaryLedger(entries)
      if sequence == nil, attack.end == nil, let open = ledger.attackInProgress {
        throw CLIError("a headache is already in progress since \(context.format(open.value.start)); end it first with 'tandem attack end'")
      }
      try Self.check(attack, ledger: ledger, replacing: sequence, context: context)
      return [.attackLogged(attack)]
    }
  }

  static func check(_ attack: Attack, ledger: DiaryLedger, replacing sequence: Int64?, context: DiaryContext) throws {
    let others = ledger.attacks.filter { $0.sequence != sequence }.map(\.value)
    let problems = AttackValidation.validate(attack, now: context.now.addingTimeInterval(60), existing: others, timeZone: context.timeZone)
    if !problems.isEmpty {
      // Patients know attacks by their entry number, not by internal ids.
      var messages = problems.map(\.description)
      for record in ledger.attacks {
        messages = messages.map { $0.replacingOccurrences(of: "attack '\(record.value.id)'", with: "attack #\(record.sequence)") }
      }
      throw CLIError(messages.joined(separator: "\n"))
    }
  }
}
