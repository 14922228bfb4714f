import Foundation
import TandemBase

/// How much of the diary a command needs, so that logging a dose or a headache and asking what is
/// due read weeks of a ten-year diary, not all of it.
///
/// Each plan is one or more `DiaryWindow`s and the first day the record built from them holds in
/// full (`historyStart`, handed to `CareRecord`). Regimens, open headaches and the corrections of
/// anything held always come with a window.
public enum DiaryReach {
  /// What to read, and from which day the record is whole.
  public struct Plan: Hashable, Sendable {
    /// The windows to read; their union is the diary the command sees.
    public var windows: [DiaryWindow]
    /// The first day held in full, or `nil` for the whole history.
    public var historyStart: LocalDate?

    /// A plan; no windows means the whole diary.
    public init(windows: [DiaryWindow], historyStart: LocalDate?) {
      self.windows = windows
      self.historyStart = historyStart
    }

    /// The whole diary.
    public static let whole = Plan(windows: [], historyStart: nil)
  }

  /// Days of history a schedule needs around a day: the occurrence before it, its late window and
  /// a week for as-needed limits and retries.
  static func span(of regimens: [Regimen]) -> Int {
    regimens.filter(\.schedule.isScheduled).map { 2 * $0.schedule.lookaheadDays + 2 }.reduce(8, max)
  }

  /// Whether a regimen's schedule restarts after a late dose: its medication's whole history counts.
  static func restarts(_ regimen: Regimen, catalogue: MedicationCatalogue) -> Bool {
    regimen.schedule.canRestart && catalogue.medication(id: regimen.medicationID)?.restartsScheduleWhenLate == true
  }

  /// The window that starts a day before `day` in `zone` (doses just before midnight included).
  static func window(from day: LocalDate, zone: TimeZone, medicationID: String? = nil) -> DiaryWindow {
    DiaryWindow(since: day.adding(days: -1).instant(at: .midnight, in: zone), medicationID: medicationID)
  }

  /// `dose take` or `dose skip` of a medication at `instant`: that medication's doses from the
  /// occurrence before (the whole regimen for schedules that restart), and a week for limits.
  public static func dose(
    of medicationID: String, at instant: Date, regimens: [Regimen], catalogue: MedicationCatalogue, timeZone: TimeZone
  ) -> Plan {
    let mine = regimens.filter { $0.medicationID == medicationID }
    if let start = mine.filter({ restarts($0, catalogue: catalogue) }).map(\.start).min() {
      return Plan(windows: [window(from: start, zone: timeZone, medicationID: medicationID)], historyStart: nil)
    }
    let first = LocalDate(instant, in: timeZone).adding(days: -span(of: mine))
    return Plan(windows: [window(from: first, zone: timeZone, medicationID: medicationID)], historyStart: first)
  }

  /// `attack log`, `start` or `end` with an attack or intake as early as `earliest`: a week
  /// before it, for overlaps and for as-needed limits on the acute medication.
  public static func attack(from earliest: Date, timeZone: TimeZone) -> Plan {
    let first = LocalDate(earliest, in: timeZone).adding(days: -8)
    return Plan(windows: [window(from: first, zone: timeZone)], historyStart: first)
  }

  /// `due` at `now`: every medication from the occurrence before today's, plus the whole
  /// history of medications whose schedule restarts.
  public static func due(regimens: [Regimen], catalogue: MedicationCatalogue, now: Date, timeZone: TimeZone) -> Plan {
    since(LocalDate(now, in: timeZone), regimens: regimens, catalogue: catalogue, timeZone: timeZone)
  }

  /// Days from `day` through today (`due` from today, `progress` from its first week): every
  /// medication from the occurrence before `day`, plus the whole history of medications whose
  /// schedule restarts.
  public static func since(
    _ day: LocalDate, regimens: [Regimen], catalogue: MedicationCatalogue, timeZone: TimeZone
  ) -> Plan {
    let first = day.adding(days: -span(of: regimens))
    var windows = [window(from: first, zone: timeZone)]
    for regimen in regimens where regimen.schedule.isScheduled && restarts(regimen, catalogue: catalogue) {
      windows.append(window(from: regimen.start, zone: timeZone, medicationID: regimen.medicationID))
    }
    return Plan(windows: windows, historyStart: first)
  }

  /// The entries of several windows' reads, each once, oldest first.
  public static func union(_ reads: [[DiaryEntry]]) -> [DiaryEntry] {
    guard reads.count > 1 else { return reads.first ?? [] }
    var seen = Set<Int64>()
    return reads.joined().filter { seen.insert($0.sequence).inserted }.sorted { $0.sequence < $1.sequence }
  }
}
