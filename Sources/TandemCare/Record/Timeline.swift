import Foundation
import TandemBase

/// One thing that happened, for the timeline.
public struct TimelineItem: Hashable, Sendable, Codable {
  /// What kind of thing.
  public enum Kind: String, Hashable, Sendable, Codable {
    case regimenStarted = "regimen-started"
    case regimenEnded = "regimen-ended"
    case doseOnTime = "dose-on-time"
    case doseLate = "dose-late"
    case doseAsNeeded = "dose-as-needed"
    case doseExtra = "dose-extra"
    case doseSkipped = "dose-skipped"
    /// A skip that matched no open scheduled dose (its dose was taken, or none was due).
    case doseSkipUnmatched = "dose-skip-unmatched"
    case doseMissed = "dose-missed"
    case attack
    case acuteMedication = "acute-medication"
    case sessionStarted = "session-started"
    case sessionCompleted = "session-completed"
    case sessionSafetyStop = "session-safety-stop"
    case sessionAbandoned = "session-abandoned"
  }

  /// When it happened (a missed dose: when it was due).
  public var at: Date
  /// What kind of thing.
  public var kind: Kind
  /// One line a person reads.
  public var summary: String
  /// The diary entry it comes from, for corrections.
  public var entry: Int64?
}

extension CareRecord {
  /// Everything from `from` through `through` (local days), in time order.
  public func timeline(from: LocalDate, through: LocalDate) -> [TimelineItem] {
    let start = from.instant(at: .midnight, in: timeZone)
    let end = through.adding(days: 1).instant(at: .midnight, in: timeZone)
    var items: [TimelineItem] = []
    // Names by id: the catalogue looks ids up one by one, and a long diary names few medications.
    var names: [String: String] = [:]
    func name(_ id: String) -> String {
      if let known = names[id] { return known }
      let found = catalogue.medication(id: id)?.listedName ?? id
      names[id] = found
      return found
    }

    for record in ledger.regimens {
      let regimen = record.value
      items.append(
        TimelineItem(
          at: regimen.start.instant(at: .midnight, in: timeZone), kind: .regimenStarted,
          summary: "\(name(regimen.medicationID)) \(regimen.dose) \(regimen.schedule.kindName) started",
          entry: record.sequence))
      if let last = regimen.end {
        items.append(
          TimelineItem(
            at: last.adding(days: 1).instant(at: .midnight, in: timeZone).addingTimeInterval(-1), kind: .regimenEnded,
            summary: "\(name(regimen.medicationID)) \(regimen.dose) ended", entry: record.sequence))
      }
    }
    var matchedSkips = Set<Int64>()
    for regimen in regimens where regimen.schedule.isScheduled {
      // The ledger's own resolution: a dose taken early for tomorrow's occurrence reads as on time
      // here, as it did when it was logged.
      let resolution = doseLedger.resolution(of: regimen)
      // The due time as the patient's clock reads it (a DST shift or another time zone included),
      // with the day when the item is shown on another day.
      func label(_ occurrence: ScheduledOccurrence, shownAt instant: Date) -> String {
        let loading = occurrence.isLoadingDose ? " loading dose" : ""
        let dueDay = LocalDate(occurrence.due, in: timeZone)
        let day = dueDay == LocalDate(instant, in: timeZone) ? "" : "\(dueDay) "
        let local =
          Int(saturating: floor(occurrence.due.timeIntervalSince1970)) + timeZone.secondsFromGMT(for: occurrence.due)
        let minutes = ((local % 86_400) + 86_400) % 86_400 / 60
        let clock = LocalTime(hour: minutes / 60, minute: minutes % 60).map(\.description) ?? "\(occurrence.time)"
        return "\(name(regimen.medicationID)) \(occurrence.dose)\(loading) due \(day)\(clock)"
      }
      for resolved in resolution.occurrences {
        let occurrence = resolved.occurrence
        switch resolved.status {
        case .onTime, .late:
          guard let dose = resolved.dose else { continue }
          let label = label(occurrence, shownAt: dose.instant)
          let late = resolved.status == .late
          let delay = resolved.delay.map { Self.describe(delay: $0) } ?? ""
          items.append(
            TimelineItem(
              at: dose.instant, kind: late ? .doseLate : .doseOnTime,
              summary: late ? "\(label): taken late (\(delay))" : label + ": taken", entry: dose.journalSequence))
        case .skipped:
          // Shown on the dose it skips, not when the skip was recorded.
          let label = label(occurrence, shownAt: occurrence.due)
          if let sequence = resolved.skip?.journalSequence { matchedSkips.insert(sequence) }
          items.append(
            TimelineItem(
              at: occurrence.due, kind: .doseSkipped,
              summary: "\(label): skipped (\(resolved.skip?.reason ?? "no reason given"))",
              entry: resolved.skip?.journalSequence))
        case .missed:
          let label = label(occurrence, shownAt: occurrence.due)
          items.append(TimelineItem(at: occurrence.due, kind: .doseMissed, summary: "\(label): missed", entry: nil))
        case .overdue:
          let label = label(occurrence, shownAt: occurrence.due)
          items.append(
            TimelineItem(
              at: occurrence.due, kind: .doseMissed, summary: "\(label): missed (overdue; a late dose still counts)",
              entry: nil))
        case .due, .upcoming:
          continue
        }
      }
    }
    // Doses that fulfilled an occurrence are shown with it above; the rest stand alone.
    for intake in doseLedger.intakes where intake.source == .doseLog {
      guard intake.status == .extra || intake.status == .asNeeded, let sequence = intake.dose.journalSequence else {
        continue
      }
      let extra = intake.status == .extra
      let amount = intake.dose.amount.map { " \($0)" } ?? ""
      items.append(
        TimelineItem(
          at: intake.instant, kind: extra ? .doseExtra : .doseAsNeeded,
          summary: "\(name(intake.medicationID))\(amount) taken" + (extra ? " (extra dose)" : ""), entry: sequence))
    }
    for record in ledger.skips where !matchedSkips.contains(record.sequence) {
      items.append(
        TimelineItem(
          at: record.value.instant, kind: .doseSkipUnmatched,
          summary:
            "\(name(record.value.medicationID)) skip recorded, but no scheduled dose was open to skip (\(record.value.reason))",
          entry: record.sequence))
    }
    for record in ledger.attacks {
      let attack = record.value
      var summary = "headache, severity \(attack.severity)/10"
      if let minutes = attack.durationMinutes {
        summary += ", \(Self.describe(delay: minutes * 60))"
      } else {
        summary += ", in progress"
      }
      let symptoms = [
        attack.aura ? "aura" : nil, attack.nauseaOrVomiting ? "nausea" : nil,
        attack.photophobia ? "light-sensitive" : nil,
        attack.phonophobia ? "sound-sensitive" : nil, attack.painFeatures.unilateral == true ? "one-sided" : nil,
        attack.painFeatures.pulsating == true ? "throbbing" : nil,
        attack.painFeatures.aggravatedByActivity == true ? "worse with activity" : nil,
      ].compactMap { $0 }
      if !symptoms.isEmpty { summary += " (" + symptoms.joined(separator: ", ") + ")" }
      items.append(TimelineItem(at: attack.start, kind: .attack, summary: summary, entry: record.sequence))
    }
    let attackEntries = Dictionary(
      ledger.attacks.map { ($0.value.id, $0.sequence) }, uniquingKeysWith: { first, _ in first })
    for intake in doseLedger.intakes {
      guard case .attack(let id, _) = intake.source, let logged = intake.acute else { continue }
      let amount = intake.dose.amount.map { " \($0)" } ?? ""
      items.append(
        TimelineItem(
          at: intake.instant, kind: .acuteMedication,
          summary: "\(name(intake.medicationID))\(amount) for the headache (\(logged.medicationClass.rawValue))",
          entry: attackEntries[id]))
    }
    for session in sessions {
      items.append(
        TimelineItem(
          at: session.startedAt, kind: .sessionStarted, summary: "session started: \(session.module.title)", entry: nil)
      )
      let state = session.state
      let kind: TimelineItem.Kind? =
        switch state.status {
        case .completed: .sessionCompleted
        case .safetyStopped: .sessionSafetyStop
        case .abandoned: .sessionAbandoned
        case .active, .paused: nil
        }
      if let kind {
        var summary =
          "\(kind == .sessionCompleted ? "session completed" : kind == .sessionSafetyStop ? "session stopped by the safety check" : "session abandoned"): \(session.module.title)"
        if state.practisedSeconds > 0 { summary += " (\(state.practisedSeconds / 60) min practice)" }
        items.append(TimelineItem(at: session.lastActivity, kind: kind, summary: summary, entry: nil))
      }
    }
    // In time order, then by kind name; items equal in both keep the order they were made in.
    let kept = items.filter { $0.at >= start && $0.at < end }
    var keys = kept.indices.map {
      (at: kept[$0].at.timeIntervalSince1970, kind: TimelineItem.kindRank[kept[$0].kind] ?? 0, index: $0)
    }
    keys.sort { ($0.at, $0.kind, $0.index) < ($1.at, $1.kind, $1.index) }
    return keys.map { kept[$0.index] }
  }

  /// "2 h 15 min", "40 min", "3 days".
  public static func describe(delay seconds: TimeInterval) -> String {
    let minutes = Int(saturating: (seconds / 60).rounded())
    if minutes < 60 { return "\(minutes) min" }
    if minutes < 48 * 60 { return minutes % 60 == 0 ? "\(minutes / 60) h" : "\(minutes / 60) h \(minutes % 60) min" }
    return "\(minutes / 1440) days"
  }

  /// Per day: migraine, headache, missed preventive doses and practice, for the calendar.
  public func calendarDays(from: LocalDate, through: LocalDate) -> [CalendarDay] {
    let diary = MigraineMeasures.diaryDays(
      attacks: attacks, intakes: acuteIntakes, from: from, through: through, timeZone: timeZone)
    var byDate: [LocalDate: CalendarDay] = [:]
    for day in diary {
      byDate[day.date] = CalendarDay(date: day.date, headache: day.headache, migraine: day.migraine)
    }
    for regimen in regimens where regimen.schedule.isScheduled {
      for resolved in resolution(of: regimen, through: min(through, today)).occurrences
      where resolved.status.countsAsMissed {
        byDate[resolved.occurrence.date, default: CalendarDay(date: resolved.occurrence.date)].missedDoses += 1
      }
    }
    for session in sessions where session.state.status == .completed {
      let day = LocalDate(session.lastActivity, in: timeZone)
      byDate[day, default: CalendarDay(date: day)].practice = true
    }
    var days: [CalendarDay] = []
    var day = from
    while day <= through {
      days.append(byDate[day] ?? CalendarDay(date: day))
      day = day.adding(days: 1)
    }
    return days
  }
}

extension TimelineItem {
  /// Each kind's place when kinds are ordered by their names.
  fileprivate static let kindRank: [Kind: Int] = {
    let kinds: [Kind] = [
      .regimenStarted, .regimenEnded, .doseOnTime, .doseLate, .doseAsNeeded, .doseExtra, .doseSkipped,
      .doseSkipUnmatched, .doseMissed, .attack,
      .acuteMedication, .sessionStarted, .sessionCompleted, .sessionSafetyStop, .sessionAbandoned,
    ]
    let sorted = kinds.sorted { $0.rawValue < $1.rawValue }
    return Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, $0) })
  }()
}

/// One day of the calendar view.
public struct CalendarDay: Hashable, Sendable, Codable {
  /// The day.
  public var date: LocalDate
  /// Any headache.
  public var headache = false
  /// A migraine day by Tandem's rule.
  public var migraine = false
  /// Scheduled doses missed that day.
  public var missedDoses = 0
  /// A therapy session was completed.
  public var practice = false

  /// Creates a day.
  public init(
    date: LocalDate, headache: Bool = false, migraine: Bool = false, missedDoses: Int = 0, practice: Bool = false
  ) {
    self.date = date
    self.headache = headache
    self.migraine = migraine
    self.missedDoses = missedDoses
    self.practice = practice
  }
}
