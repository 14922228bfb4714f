import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent

extension Tandem {
  /// The regimens a prescriber set.
  struct Meds: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "meds", abstract: "Add, import, stop and list medication regimens.",
      subcommands: [Add.self, Import.self, Stop.self, List.self])
  }
}

extension Tandem.Meds {
  /// Adds a regimen from command-line words.
  struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a regimen, e.g. atogepant --dose '60 mg' --daily --at 08:00 --start 2026-01-01.",
      discussion: """
        A new regimen for a medication that already has an active one replaces it: the old one ends the day \
        before, and stays in the record with its dates (a dose change or switch keeps its history).

        A medication the catalogue does not know can be added as your own entry with --custom --class CLASS \
        (with or without a regimen). Tandem counts it by its class and shows it as your own entry everywhere, \
        prescriber reports included. Classes: \(MedicationClass.allCases.map(\.rawValue).joined(separator: ", ")).
        """)

    @Argument(help: "The medication (generic or brand name).") var medication: String
    @Option(help: "The dose, e.g. '60 mg'.") var dose: String?
    @Flag(help: "Every day (at each --at time).") var daily = false
    @Option(
      name: .customLong("at"),
      help: "Time of day, HH:MM (default 08:00); repeat it for several times a day with --daily.") var times: [String] =
        []
    @Option(help: "Every N days, weeks or months: 2d, 4w, 3mo.") var every: String?
    @Flag(help: "Every week on the --on days.") var weekly = false
    @Option(name: .customLong("on"), help: "Weekdays for --weekly, e.g. mon,thu.") var weekdays: [String] = []
    @Flag(help: "Every month on --day.") var monthly = false
    @Option(help: "Day of the month for --monthly (29–31 fall on a short month's last day).") var day: Int?
    @Option(help: "A loading dose on the first day, e.g. '240 mg'.") var loading: String?
    @Flag(name: .customLong("prn"), help: "As needed.") var asNeeded = false
    @Option(name: .customLong("max-per-day"), help: "For --prn: the most in 24 hours, e.g. '200 mg'.") var maxPerDay:
      String?
    @Option(name: .customLong("min-hours"), help: "For --prn: hours between doses.") var minimumHours: Double?
    @Option(help: "First day, YYYY-MM-DD (default: today).") var start: String?
    @Option(help: "Last day, YYYY-MM-DD.") var end: String?
    @Option(name: .customLong("late-window"), help: "Hours either side of the due time that count as on time.")
    var lateWindow: Double?
    @Option(name: .customLong("time-zone"), help: "IANA time zone (default: this computer's).") var timeZone: String?
    @Flag(help: "A medication the catalogue does not know, kept as your own entry (give --class).") var custom = false
    @Option(
      name: .customLong("class"),
      help: ArgumentHelp(
        "With --custom: its class, e.g. triptan, nsaid, other (see 'tandem meds add --help').", valueName: "class"))
    var medicationClass: String?
    @OptionGroup var options: CommonOptions

    var spec: RegimenSpec {
      var spec = RegimenSpec(medication: medication)
      spec.dose = dose
      spec.daily = daily
      spec.times = times
      spec.every = every
      spec.weekly = weekly
      spec.weekdays = weekdays
      spec.monthly = monthly
      spec.day = day
      spec.loading = loading
      spec.asNeeded = asNeeded
      spec.maxPerDay = maxPerDay
      spec.minimumHours = minimumHours
      spec.start = start
      spec.end = end
      spec.lateWindowHours = lateWindow
      spec.timeZone = timeZone
      return spec
    }

    func run() throws {
      for line in try perform() { print(line) }
    }

    /// Writes the regimen and returns what to tell the user, without printing it (`tandem clinic prescribe`
    /// says it only once the clinic has accepted it).
    func perform() throws -> [String] {
      let context = try DiaryContext.open(options)
      if custom || medicationClass != nil { return try addOwn(context) }
      let regimen = try self.regimen(catalogue: context.catalogue, context: context)
      let ended = try RegimenWriter(context: context).add([regimen])
      return ended + ["Added \(RegimenText.describe(regimen, catalogue: context.catalogue))."]
    }

    func regimen(catalogue: MedicationCatalogue, context: DiaryContext) throws -> Regimen {
      switch spec.regimen(
        id: context.environment.makeID(), catalogue: catalogue, now: context.now, timeZone: context.timeZone)
      {
      case .success(let built): return built
      case .failure(let problems):
        throw CLIError(problems.list.map(\.description).joined(separator: "\n"))
      }
    }

    /// Adds a medication of the patient's own, and its regimen when a dose or schedule is given.
    func addOwn(_ context: DiaryContext) throws -> [String] {
      let classes = MedicationClass.allCases.map(\.rawValue).joined(separator: ", ")
      guard custom else { throw CLIError("--class is for a medication of your own; add --custom") }
      guard let medicationClass else { throw CLIError("--custom needs --class, one of \(classes)") }
      let entry: PatientMedication
      do {
        entry = try PatientMedication.make(name: medication, classText: medicationClass, catalogue: context.catalogue)
      } catch {
        throw CLIError(error.description)
      }
      let catalogue = context.catalogue.adding([entry])
      let wantsRegimen = dose != nil || daily || every != nil || weekly || monthly || asNeeded || !times.isEmpty
      let regimens = wantsRegimen ? [try regimen(catalogue: catalogue, context: context)] : []
      var lines = try RegimenWriter(context: context).add(regimens, adding: entry)
      lines.append(
        "Added \(entry.name) as your own entry (class \(entry.medicationClass.rawValue)). Tandem's catalogue does not "
          + "know it, so it has no strengths or daily limits; it counts by its class, and your prescriber sees it "
          + "marked as your own entry.")
      for regimen in regimens { lines.append("Added \(RegimenText.describe(regimen, catalogue: catalogue)).") }
      return lines
    }
  }

  /// Imports regimens from a YAML file.
  struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Import regimens from a YAML file (see docs/adherence.md).")

    @Argument(help: "The regimen file.", completion: .file(extensions: ["yaml", "yml"])) var file: String
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options)
      let loaded = RegimenFileLoader.load(
        path: file, catalogue: context.catalogue, environment: context.environment)
      let style = options.style(for: STDERR_FILENO)
      for diagnostic in loaded.diagnostics { printError(DiagnosticPrinter(style: style).render(diagnostic)) }
      guard !loaded.diagnostics.hasErrors else {
        throw CLIError("nothing imported: \(file) has errors")
      }
      for line in try RegimenWriter(context: context).add(loaded.regimens) { print(line) }
      for regimen in loaded.regimens { print("Added \(RegimenText.describe(regimen, catalogue: context.catalogue)).") }
    }
  }

  /// Ends a regimen.
  struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Stop a medication's active regimen.")

    @Argument(help: "The medication.") var medication: String
    @Option(name: .customLong("last-day"), help: "Its last day, YYYY-MM-DD (default: today).") var lastDay: String?
    @Option(help: "Why it stopped.") var reason: String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      print(try perform())
    }

    /// Ends the regimen and returns what to tell the user, without printing it.
    func perform() throws -> String {
      let context = try DiaryContext.open(options)
      let medication = try context.medication(self.medication)
      let last = try context.date(lastDay, default: LocalDate(context.now, in: context.timeZone), what: "--last-day")
      _ = try context.store.appendDiary(at: context.now) { entries in
        let ledger = DiaryLedger(entries)
        guard
          let active = ledger.regimens.map(\.value).last(where: {
            $0.medicationID == medication.id && ($0.end.map { $0 >= last } ?? true)
          })
        else {
          throw CLIError("no active regimen of \(medication.genericName) to stop")
        }
        guard last >= active.start else {
          throw CLIError("--last-day \(last) is before the regimen's start \(active.start)")
        }
        return [.regimenEnded(regimenID: active.id, lastDay: last, reason: reason)]
      }
      return "Stopped \(medication.genericName); last day \(last)."
    }
  }

  /// Lists regimens, past and present.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List regimens, including ended ones.")

    @Option(help: "text or json.") var format: OutputFormat = .text
    @OptionGroup var options: CommonOptions

    func run() throws {
      let context = try DiaryContext.open(options, reading: true)
      // The regimens alone: no dose or headache is read.
      let today = LocalDate(context.now, in: context.timeZone)
      let record = try context.record(
        DiaryReach.Plan(windows: [DiaryWindow(since: .distantFuture)], historyStart: today))
      switch format {
      case .json:
        print(
          try JSONOutput.encode(record.regimens.map { RegimenListing($0, today: today, catalogue: context.catalogue) }))
      case .text:
        if record.regimens.isEmpty { print("No regimens yet. Add one with 'tandem meds add'.") }
        for regimen in record.regimens {
          let listing = RegimenListing(regimen, today: today, catalogue: context.catalogue)
          print(
            "\(listing.status.padding(toLength: 8, withPad: " ", startingAt: 0)) \(RegimenText.describe(regimen, catalogue: context.catalogue))"
          )
        }
      }
    }
  }
}

/// Commits new regimens, ending any active regimen of the same medication the day before.
struct RegimenWriter {
  let context: DiaryContext

  /// Returns lines saying which earlier regimens were ended. `own`, when given, is a medication of
  /// the patient's own, added in the same write (and refused if another process added it first).
  func add(_ regimens: [Regimen], adding own: PatientMedication? = nil) throws -> [String] {
    var messages: [String] = []
    _ = try context.store.appendDiary(at: context.now) { entries in
      let ledger = DiaryLedger(entries)
      if let own {
        let name = MedicationCatalogue.normalizedName(own.name)
        if ledger.patientMedications.contains(where: {
          $0.value.id == own.id || MedicationCatalogue.normalizedName($0.value.name) == name
        }) {
          throw CLIError(
            "'\(TerminalText.sanitized(own.name, keepNewlines: false))' is already one of your own entries")
        }
      }
      let outcome: RegimenReplacement.Outcome
      do {
        outcome = try RegimenReplacement.add(regimens, to: ledger.regimens.map(\.value))
      } catch let problem as RegimenReplacement.Problem {
        throw CLIError(problem.description)
      }
      messages = outcome.ended.map {
        "Ended the earlier \(RegimenText.describe($0.regimen, catalogue: context.catalogue)) on \($0.lastDay)."
      }
      return (own.map { [DiaryEvent.medicationAdded($0)] } ?? []) + outcome.events
    }
    return messages
  }
}

/// Regimens in words.
enum RegimenText {
  static func describe(_ regimen: Regimen, catalogue: MedicationCatalogue) -> String {
    let name = catalogue.medication(id: regimen.medicationID)?.listedName ?? regimen.medicationID
    var text = "\(name) \(regimen.dose) \(regimen.schedule.wording) from \(regimen.start)"
    if let end = regimen.end { text += " to \(end)" }
    return text
  }
}

/// A regimen in `meds list --format json`.
struct RegimenListing: Encodable {
  let id: String
  let medication: String
  let name: String
  let dose: String
  let schedule: String
  let start: String
  let end: String?
  let status: String
  let lateWindowHours: Double
  /// The medication is the patient's own entry (`meds add NAME --custom`), not the catalogue's.
  let patientEntry: Bool

  init(_ regimen: Regimen, today: LocalDate, catalogue: MedicationCatalogue) {
    id = regimen.id
    medication = regimen.medicationID
    name = catalogue.medication(id: regimen.medicationID)?.genericName ?? regimen.medicationID
    dose = regimen.dose.description
    schedule = regimen.schedule.wording
    start = regimen.start.description
    end = regimen.end?.description
    status = regimen.start > today ? "future" : regimen.isActive(on: today) ? "active" : "ended"
    lateWindowHours = regimen.lateWindowHours
    patientEntry = catalogue.medication(id: regimen.medicationID)?.isPatientEntry ?? false
  }
}
