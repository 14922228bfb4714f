import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemStore
import TandemTherapy

/// What the medication and headache commands share: the store, the catalogue, "now" and the
/// patient's time zone.
struct DiaryContext {
  let store: SQLiteStore
  let catalogue: MedicationCatalogue
  /// The environment the command runs in; `now` is its moment, read once.
  let environment: Environment
  let now: Date
  var timeZone: TimeZone { environment.timeZone }
  /// Made once per command: making one per message was most of listing a long diary.
  private let timeFormatter: DateFormatter

  /// Opens the store (for reading only when `reading`) and loads the catalogue with the patient's
  /// own medications. `TANDEM_NOW`
  /// (ISO 8601) fixes "now" for demos and tests.
  /// `migrating: false` (with `reading`) never writes to the store at all.
  static func open(_ options: CommonOptions, reading: Bool = false, migrating: Bool = true) throws -> DiaryContext {
    let environment = try LiveEnvironment.current()
    let store = try reading ? options.openStoreForReading(migrating: migrating) : options.openStore()
    // The patient's own medications (`meds add NAME --custom`) join the catalogue for every command.
    let own = DiaryLedger(try store.diaryEntries(window: DiaryWindow(since: .distantFuture))).patientMedications
    let catalogue = try loadCatalogue(options).adding(own.map(\.value))
    return DiaryContext(
      store: store, catalogue: catalogue, environment: environment, now: environment.now(),
      timeFormatter: timeFormatter(in: environment.timeZone))
  }

  static func loadCatalogue(_ options: CommonOptions) throws -> MedicationCatalogue {
    let loaded = CatalogueLoader.load(paths: [ContentHome.locate().content + "/medications.yaml"] + options.catalogue)
    if loaded.diagnostics.hasErrors {
      for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
        printError(diagnostic.rendered())
      }
      throw CLIError("the medication catalogue has errors (see above)")
    }
    return loaded.catalogue
  }

  /// The whole record as of now.
  func record() throws -> CareRecord {
    CareRecord(
      ledger: DiaryLedger(try store.diaryEntries()), sessions: try store.allSessions(), catalogue: catalogue, now: now,
      timeZone: timeZone)
  }

  /// The diary part of the record from entries read inside a write, as of now; `historyStart`
  /// when the entries are a window's (see `DiaryReach`).
  func record(_ entries: [DiaryEntry], historyStart: LocalDate? = nil, sessions: [StoredSession] = []) -> CareRecord {
    CareRecord(
      ledger: DiaryLedger(entries), sessions: sessions, catalogue: catalogue, now: now, timeZone: timeZone,
      historyStart: historyStart)
  }

  /// Commits the diary events `build` returns from the record a one-window plan reads inside the
  /// write (a plan of several windows reads the whole diary there).
  func append(_ plan: DiaryReach.Plan, _ build: (CareRecord) throws -> [DiaryEvent]) throws -> [DiaryEntry] {
    let single = plan.windows.count == 1 ? plan.windows.first : nil
    return try store.appendDiary(at: now, window: single) { entries in
      try build(record(entries, historyStart: single == nil ? nil : plan.historyStart))
    }
  }

  /// Every regimen in the diary, read without the doses and headaches.
  func regimens() throws -> [Regimen] {
    DiaryLedger(try store.diaryEntries(window: DiaryWindow(since: .distantFuture))).regimens.map(\.value)
  }

  /// The diary part of the record a plan reads, as of now, with `sessions` when given.
  func record(_ plan: DiaryReach.Plan, sessions: [StoredSession] = []) throws -> CareRecord {
    guard !plan.windows.isEmpty else { return record(try store.diaryEntries(), sessions: sessions) }
    return record(
      DiaryReach.union(try plan.windows.map { try store.diaryEntries(window: $0) }), historyStart: plan.historyStart,
      sessions: sessions)
  }

  /// The record `due`, `today` and reminders read: the weeks the due plan needs, and when a run
  /// of missed doses reaches back past them, again from the earliest such regimen's start, so
  /// "overdue since" and the count missed are exact rather than "at least" (and agree with the
  /// report, which reads the whole diary).
  func dueRecord() throws -> CareRecord {
    let regimens = try self.regimens()
    let plan = DiaryReach.due(regimens: regimens, catalogue: catalogue, now: now, timeZone: timeZone)
    let record = try self.record(plan)
    let active = record.regimens.filter { $0.isActive(on: record.today) || $0.start > record.today }
    let reaching = DueList.compute(ledger: record.doseLedger, regimens: active, catalogue: catalogue).entries
      .filter(\.overdueSinceAtLeast)
      .compactMap { entry in regimens.first { $0.id == entry.regimenID }?.start }
    guard let earliest = reaching.min() else { return record }
    let start = min(earliest, plan.historyStart ?? earliest)
    let wider = DiaryReach.Plan(
      windows: plan.windows + [DiaryWindow(since: start.adding(days: -1).instant(at: .midnight, in: timeZone))],
      historyStart: start)
    return try self.record(wider)
  }

  /// A medication by any of its names, or an error with a suggestion.
  func medication(_ name: String) throws -> Medication {
    do {
      return try catalogue.lookup(name)
    } catch {
      throw CLIError(error.description)
    }
  }

  /// A time the patient typed, which must not be in the future (a minute's grace for clocks).
  func pastTime(_ text: String?, what: String) throws -> Date {
    guard let text else { return now }
    let instant: Date
    do {
      instant = try TimeExpression.parse(text, now: now, timeZone: timeZone)
    } catch {
      throw CLIError("\(what): \(error)")
    }
    if instant > now.addingTimeInterval(60) {
      throw CLIError("\(what) \(format(instant)) is in the future; log things once they have happened")
    }
    // A diary is kept day by day: a dose or headache years back is far more likely a typo (1970
    // for 2026) than a memory, and would move where the diary and the report's baseline begin.
    if instant < now.addingTimeInterval(-Self.longestLookBack) {
      throw CLIError(
        "\(what) \(format(instant)) is more than two years ago; an older record comes in with 'tandem import'")
    }
    return instant
  }

  /// How far back a typed time may reach: two years.
  static let longestLookBack: TimeInterval = 2 * 366 * 86_400

  /// A local date-time for messages.
  func format(_ instant: Date) -> String {
    let text = timeFormatter.string(from: instant)
    // An instant stored by an older version far outside the calendar's range still shows as something.
    return text.isEmpty ? "\(instant)" : text
  }

  /// An amount the patient typed (`--amount`), within the unit's plausible range.
  /// `what` names where it was typed: the option, or nothing at a prompt.
  static func amount(_ text: String, what: String? = "--amount") throws -> Quantity {
    do {
      return try Quantity.parse(text)
    } catch {
      throw CLIError((what.map { "\($0): " } ?? "") + "\(error)")
    }
  }

  /// The formatter behind `format`, in the patient's time zone.
  static func timeFormatter(in timeZone: TimeZone) -> DateFormatter {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = timeZone
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter
  }

  /// A note or reason the patient typed: not blank, at most `InputBounds.freeTextCharacters`.
  static func freeText(_ text: String?, what: String) throws -> String? {
    guard let text else { return nil }
    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty else { throw CLIError("\(what) may not be empty; leave it out instead") }
    let limit = InputBounds.freeTextCharacters
    guard trimmed.count <= limit else {
      throw CLIError("\(what) is \(trimmed.count) characters long; keep it to \(limit)")
    }
    return trimmed
  }

  /// A day close to `instant` (a dose day to skip): at most `InputBounds.skipDistanceDays` away.
  func date(_ text: String, near instant: Date, what: String) throws -> LocalDate {
    let around = LocalDate(instant, in: timeZone)
    let day = try date(text, default: around, what: what)
    let limit = InputBounds.skipDistanceDays
    guard abs(around.days(to: day)) <= limit else {
      throw CLIError("\(what) \(day) is more than \(limit) days from \(around); check the year")
    }
    return day
  }

  /// A date option, or a default.
  func date(_ text: String?, default value: LocalDate, what: String) throws -> LocalDate {
    guard let text else { return value }
    do {
      return try TimeExpression.date(text, now: now, timeZone: timeZone)
    } catch {
      throw CLIError("\(what): \(error)")
    }
  }
}

extension TimelineFormat {
  static let help = ArgumentHelp("text, json or calendar.")
}

/// Output format for the timeline.
enum TimelineFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json, calendar
}
