import ArgumentParser
import Foundation
import TandemContent
import TandemCore
import TandemStore

/// What the medication and headache commands share: the store, the catalogue, "now" and the
/// patient's time zone.
struct DiaryContext {
  let store: SQLiteStore
  let catalogue: MedicationCatalogue
  let now: Date
  let timeZone: TimeZone

  /// Opens the store and loads the catalogue. `TANDEM_NOW` (ISO 8601) fixes "now" for demos and tests.
  static func open(_ options: CommonOptions) throws -> DiaryContext {
    let timeZone = PatientTimeZone.current
    let now = try currentTime()
    let catalogue = try loadCatalogue(options)
    return DiaryContext(store: try options.openStore(), catalogue: catalogue, now: now, timeZone: timeZone)
  }

  /// Now, or the fixed time in `TANDEM_NOW`.
  static func currentTime() throws -> Date {
    guard let fixed = ProcessInfo.processInfo.environment["TANDEM_NOW"], !fixed.isEmpty else { return Date() }
    do {
      return try TimeExpression.parse(fixed, now: Date(), timeZone: PatientTimeZone.current)
    } catch {
      throw CLIError("TANDEM_NOW: \(error)")
    }
  }

  static func loadCatalogue(_ options: CommonOptions) throws -> MedicationCatalogue {
    let loaded = CatalogueLoader.load(paths: [ContentHome.locate().content + "/medications.yaml"] + options.catalogue)
    if loaded.diagnostics.hasErrors {
      for diagnostic in loaded.diagnostics where diagnostic.severity == .error {
        printError(TerminalText.sanitized(diagnostic.rendered()))
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
    return instant
  }

  /// A local date-time for messages.
  func format(_ instant: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = timeZone
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    let text = formatter.string(from: instant)
    // An instant stored by an older version far outside the calendar's range still shows as something.
    return text.isEmpty ? "\(instant)" : text
  }

  /// An amount the patient typed (`--amount`), within the unit's plausible range.
  static func amount(_ text: String) throws -> Quantity {
    do {
      return try Quantity.parse(text)
    } catch {
      throw CLIError("--amount: \(error)")
    }
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
