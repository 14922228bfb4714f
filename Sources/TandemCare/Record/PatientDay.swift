import Foundation
import TandemBase
import TandemTherapy

/// The patient's day on one screen: what is due and overdue now, what was logged today, the
/// headache in progress, the session to do next and the one paused, and the week's practice.
///
/// Computed from a record holding at least the diary since the start of the due plan's window
/// (see `DiaryReach.due`), so a ten-year diary is read a few weeks at a time.
public struct PatientDay: Hashable, Sendable, Codable {
  /// A dose the patient should see now.
  public struct DueItem: Hashable, Sendable, Codable {
    /// Where the dose stands.
    public enum Status: String, Hashable, Sendable, Codable {
      /// Inside its on-time window.
      case dueNow = "due-now"
      /// Its on-time window has passed; a dose now still counts, late.
      case overdue
      /// Doses were missed in a row up to now and no late dose can make up the first of them.
      case missed
    }

    /// The regimen.
    public var regimenID: String
    /// The medication's catalogue id.
    public var medicationID: String
    /// The medication's name.
    public var medication: String
    /// The amount due.
    public var dose: Quantity
    /// Where it stands.
    public var status: Status
    /// When it was due (for `missed`, the first dose of the run).
    public var due: Date
    /// Until when a dose now still counts (late), for `dueNow` and `overdue`.
    public var lateUntil: Date?
    /// How many doses in a row have been missed or are overdue, up to now.
    public var missedInARow: Int
    /// How many of them are missed (not counting doses that still count late).
    public var missed: Int = 0
    /// Whether it is the loading dose.
    public var isLoadingDose: Bool

    enum CodingKeys: String, CodingKey {
      case regimenID = "regimen_id"
      case medicationID = "medication_id"
      case medication, dose, status, due
      case lateUntil = "late_until"
      case missedInARow = "missed_in_a_row"
      case missed
      case isLoadingDose = "loading_dose"
    }
  }

  /// A regimen's next dose.
  public struct Upcoming: Hashable, Sendable, Codable {
    /// The regimen.
    public var regimenID: String
    /// The medication's catalogue id.
    public var medicationID: String
    /// The medication's name.
    public var medication: String
    /// The amount due.
    public var dose: Quantity
    /// When it is due.
    public var due: Date
    /// Whether it is the loading dose.
    public var isLoadingDose: Bool

    enum CodingKeys: String, CodingKey {
      case regimenID = "regimen_id"
      case medicationID = "medication_id"
      case medication, dose, due
      case isLoadingDose = "loading_dose"
    }
  }

  /// Something logged today.
  public struct LoggedItem: Hashable, Sendable, Codable {
    /// What was logged.
    public enum Kind: String, Hashable, Sendable, Codable {
      case doseTaken = "dose-taken"
      case doseSkipped = "dose-skipped"
      case attack
      /// Acute medication taken for a headache, logged with the headache (`entry` is the headache's).
      case acuteTaken = "acute-taken"
    }

    /// What was logged.
    public var kind: Kind
    /// The diary entry that first recorded it (what `correct` takes).
    public var entry: Int64
    /// When it happened (a headache's start).
    public var at: Date
    /// The medication's catalogue id, for doses.
    public var medicationID: String?
    /// The medication's name, for doses.
    public var medication: String?
    /// The amount taken, when recorded.
    public var amount: Quantity?
    /// A headache's end, when it has one.
    public var end: Date?
    /// A headache's worst pain, 0–10.
    public var severity: Int?

    enum CodingKeys: String, CodingKey {
      case kind, entry, at
      case medicationID = "medication_id"
      case medication, amount, end, severity
    }
  }

  /// The headache still going on.
  public struct AttackNow: Hashable, Sendable, Codable {
    /// The diary entry that first recorded it.
    public var entry: Int64
    /// When it began.
    public var start: Date
    /// How long it has lasted so far, in minutes.
    public var minutesSoFar: Int
    /// Worst pain so far, 0–10.
    public var severity: Int
    /// Names of the acute medication taken for it.
    public var acute: [String]

    enum CodingKeys: String, CodingKey {
      case entry, start
      case minutesSoFar = "minutes_so_far"
      case severity, acute
    }
  }

  /// A session the patient left open.
  public struct PausedSession: Hashable, Sendable, Codable {
    /// The session's id.
    public var sessionID: String
    /// The module's id.
    public var moduleID: String
    /// The module's title.
    public var title: String
    /// The step the patient is on, from 1.
    public var step: Int
    /// About how many steps in all.
    public var ofAbout: Int
    /// Active (closed without pausing, e.g. a crash) or paused.
    public var status: SessionState.Status
    /// The last thing the patient did in it.
    public var since: Date

    enum CodingKeys: String, CodingKey {
      case sessionID = "session_id"
      case moduleID = "module_id"
      case title, step
      case ofAbout = "of_about"
      case status, since
    }
  }

  /// The week's practice.
  public struct Practice: Hashable, Sendable, Codable {
    /// Sessions completed this week (Monday to Sunday).
    public var completedThisWeek: Int
    /// Weeks in a row with a completed session, up to this one (or last week, if none yet).
    public var weekStreak: Int

    enum CodingKeys: String, CodingKey {
      case completedThisWeek = "completed_this_week"
      case weekStreak = "week_streak"
    }
  }

  /// The day, in the patient's time zone.
  public var date: LocalDate
  /// The moment the day was computed for.
  public var now: Date
  /// Doses due now, overdue or missed in a row, most urgent first.
  public var due: [DueItem]
  /// The next scheduled dose of each regimen with nothing due now, soonest first.
  public var upcoming: [Upcoming]
  /// Doses and headaches logged today, in time order.
  public var logged: [LoggedItem]
  /// The headache in progress.
  public var attack: AttackNow?
  /// The module to do next.
  public var nextSession: ModulePath.Suggestion?
  /// The session left open.
  public var pausedSession: PausedSession?
  /// The week's practice.
  public var practice: Practice

  enum CodingKeys: String, CodingKey {
    case date, now, due, upcoming, logged, attack
    case nextSession = "next_session"
    case pausedSession = "paused_session"
    case practice
  }

  /// Encodes every key, an absent headache or paused session as `null`, so a script can rely
  /// on the keys being there.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(date, forKey: .date)
    try container.encode(now, forKey: .now)
    try container.encode(due, forKey: .due)
    try container.encode(upcoming, forKey: .upcoming)
    try container.encode(logged, forKey: .logged)
    try container.encode(attack, forKey: .attack)
    try container.encode(nextSession, forKey: .nextSession)
    try container.encode(pausedSession, forKey: .pausedSession)
    try container.encode(practice, forKey: .practice)
  }

  /// Computes the day from the diary `record` (see the type's note on how much it must hold),
  /// the modules on offer, every stored session and the session left open.
  public static func compute(
    record: CareRecord, modules: [Module], sessions: [StoredSession], open: StoredSession?,
    assignments: [ModulePath.Assignment] = []
  ) -> PatientDay {
    let now = record.now
    let today = record.today
    let catalogue = record.catalogue
    func name(_ id: String) -> String { catalogue.medication(id: id)?.listedName ?? id }

    let active = record.regimens.filter { $0.isActive(on: today) || $0.start > today }
    let list = DueList.compute(ledger: record.doseLedger, regimens: active, catalogue: catalogue)
    var due: [DueItem] = []
    var upcoming: [Upcoming] = []
    for entry in list.entries {
      func item(_ resolved: ResolvedOccurrence, _ status: DueItem.Status) -> DueItem {
        DueItem(
          regimenID: entry.regimenID, medicationID: entry.medicationID, medication: name(entry.medicationID),
          dose: resolved.occurrence.dose, status: status, due: resolved.occurrence.due, lateUntil: resolved.lateUntil,
          missedInARow: entry.missedInARow, missed: entry.missed, isLoadingDose: resolved.occurrence.isLoadingDose)
      }
      let overdue = entry.overdue.map { item($0, .overdue) }
      let dueNow = entry.dueNow.map { item($0, .dueNow) }
      // A run of missed doses is said once, from its first dose, unless a late dose can still
      // make up every dose of it (then the overdue lines say it all).
      if let since = entry.overdueSince, entry.missed > 0 {
        due.append(
          DueItem(
            regimenID: entry.regimenID, medicationID: entry.medicationID, medication: name(entry.medicationID),
            dose: since.dose, status: .missed, due: since.due, lateUntil: nil, missedInARow: entry.missedInARow,
            missed: entry.missed, isLoadingDose: since.isLoadingDose))
      }
      due += overdue + dueNow
      if overdue.isEmpty, dueNow.isEmpty, let next = entry.next {
        upcoming.append(
          Upcoming(
            regimenID: entry.regimenID, medicationID: entry.medicationID, medication: name(entry.medicationID),
            dose: next.dose, due: next.due, isLoadingDose: next.isLoadingDose))
      }
    }
    let urgency: [DueItem.Status: Int] = [.missed: 0, .overdue: 1, .dueNow: 2]
    due.sort { (urgency[$0.status]!, $0.due, $0.medication) < (urgency[$1.status]!, $1.due, $1.medication) }
    upcoming.sort { ($0.due, $0.medication) < ($1.due, $1.medication) }

    var logged: [LoggedItem] = []
    for dose in record.ledger.doses where LocalDate(dose.value.instant, in: record.timeZone) == today {
      logged.append(
        LoggedItem(
          kind: .doseTaken, entry: dose.sequence, at: dose.value.instant, medicationID: dose.value.medicationID,
          medication: name(dose.value.medicationID), amount: dose.value.amount))
    }
    for skip in record.ledger.skips where LocalDate(skip.value.instant, in: record.timeZone) == today {
      logged.append(
        LoggedItem(
          kind: .doseSkipped, entry: skip.sequence, at: skip.value.instant, medicationID: skip.value.medicationID,
          medication: name(skip.value.medicationID)))
    }
    var attackNow: AttackNow?
    for attack in record.ledger.attacks {
      let value = attack.value
      // Any part of it today: begun today, ended today, or going on across midnight.
      let touchesToday =
        LocalDate(value.start, in: record.timeZone) <= today
        && LocalDate(value.end ?? now, in: record.timeZone) >= today
      if touchesToday {
        logged.append(
          LoggedItem(
            kind: .attack, entry: attack.sequence, at: value.start, end: value.end, severity: value.severity))
      }
      for intake in value.acute where LocalDate(intake.at, in: record.timeZone) == today {
        logged.append(
          LoggedItem(
            kind: .acuteTaken, entry: attack.sequence, at: intake.at, medicationID: intake.medicationID,
            medication: name(intake.medicationID), amount: intake.amount))
      }
      // The latest headache without an end is the one in progress (as `attack end` sees it).
      if value.end == nil, value.start <= now, attackNow.map({ value.start >= $0.start }) ?? true {
        attackNow = AttackNow(
          entry: attack.sequence, start: value.start, minutesSoFar: Int(now.timeIntervalSince(value.start) / 60),
          severity: value.severity, acute: value.acute.map { name($0.medicationID) })
      }
    }
    logged.sort { ($0.at, $0.entry) < ($1.at, $1.entry) }

    var paused: PausedSession?
    if let open, open.state.status.isOpen {
      let progress = SessionMachine(module: open.module).progress(of: open.state)
      paused = PausedSession(
        sessionID: open.id, moduleID: open.module.id, title: open.module.title, step: progress.position,
        ofAbout: progress.estimatedTotal, status: open.state.status, since: open.lastActivity)
    }
    let path = ModulePath.entries(modules, sessions: sessions)
    let next = ModulePath.next(path, excluding: paused?.moduleID, assignments: assignments)

    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = record.timeZone
    let progress = PracticeProgress.compute(sessions, now: now, calendar: calendar)
    calendar.firstWeekday = 2
    let week = calendar.dateInterval(of: .weekOfYear, for: now)
    let thisWeek = sessions.filter {
      $0.state.status == .completed && week?.contains($0.lastActivity) == true
    }.count

    return PatientDay(
      date: today, now: now, due: due, upcoming: upcoming, logged: logged, attack: attackNow, nextSession: next,
      pausedSession: paused, practice: Practice(completedThisWeek: thisWeek, weekStreak: progress.weekStreak))
  }
}
