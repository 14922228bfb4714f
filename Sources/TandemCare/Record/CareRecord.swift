import Foundation
import TandemAdherence
import TandemBase
import TandemTherapy

/// One patient's whole record — regimens, doses, headaches and therapy sessions — read as of
/// `now`: the single source that the timeline, adherence and reports draw their figures from.
public struct CareRecord: Sendable {
  /// The diary after corrections.
  public let ledger: DiaryLedger
  /// Therapy sessions, oldest first.
  public let sessions: [StoredSession]
  /// The medication catalogue (shipped plus local additions).
  public let catalogue: MedicationCatalogue
  /// The moment the record is read at.
  public let now: Date
  /// The patient's time zone, for calendar days.
  public let timeZone: TimeZone
  /// Regimens in the order they were entered.
  public let regimens: [Regimen]
  /// Doses taken, in time order.
  public let doses: [TakenDose]
  /// Doses skipped, in time order.
  public let skips: [SkippedDose]
  /// Headache attacks, in time order.
  public let attacks: [Attack]
  /// Every scheduled occurrence and every intake, resolved once as of `now`.
  public let doseLedger: DoseLedger

  /// Creates a record.
  ///
  /// `historyStart` is the first day the diary holds in full when it was read from a window
  /// (`DiaryWindow`); scheduled doses before it are not resolved (see `DoseLedger`).
  public init(
    ledger: DiaryLedger, sessions: [StoredSession], catalogue: MedicationCatalogue, now: Date, timeZone: TimeZone,
    historyStart: LocalDate? = nil
  ) {
    self.ledger = ledger
    self.sessions = sessions
    self.catalogue = catalogue
    self.now = now
    self.timeZone = timeZone
    regimens = ledger.regimens.map(\.value)
    doses = ledger.doses.map(\.value)
    skips = ledger.skips.map(\.value)
    attacks = ledger.attacks.map(\.value)
    doseLedger = DoseLedger(
      regimens: regimens, doses: doses, skips: skips, attacks: attacks, catalogue: catalogue, now: now,
      historyStart: historyStart)
  }

  /// Today in the patient's time zone.
  public var today: LocalDate { LocalDate(now, in: timeZone) }

  /// Every scheduled occurrence of `regimen` up to today (or `through`), as the dose ledger
  /// resolved it.
  public func resolution(of regimen: Regimen, through: LocalDate? = nil) -> DoseResolution {
    var resolution = doseLedger.resolution(of: regimen)
    let last = through ?? LocalDate(now, in: regimen.timeZone)
    resolution.occurrences.removeAll { $0.occurrence.date > last }
    return resolution
  }

  /// Acute medication taken: doses of acute medications outside scheduled regimens, and the
  /// medication logged with attacks. Preventive doses never count as acute.
  public var acuteIntakes: [AcuteIntake] {
    var intakes: [AcuteIntake] = []
    for intake in doseLedger.intakes where intake.status == .asNeeded {
      if let logged = intake.acute {
        intakes.append(logged)
        continue
      }
      guard let medication = catalogue.medication(id: intake.medicationID), medication.use != .preventive else {
        continue
      }
      intakes.append(
        AcuteIntake(
          medicationID: medication.id, overuseClass: medication.overuseClass,
          medicationClass: medication.medicationClass, at: intake.instant, amount: intake.dose.amount))
    }
    return intakes
  }

  /// The first day anything was recorded, in the patient's time zone.
  public var recordStart: LocalDate? {
    var days: [LocalDate] = regimens.map(\.start)
    days += doses.map { LocalDate($0.instant, in: timeZone) }
    days += attacks.map { LocalDate($0.start, in: timeZone) }
    days += sessions.map { LocalDate($0.startedAt, in: timeZone) }
    return days.min()
  }

  /// Supply events for adherence measures: each day with a scheduled dose taken (on time or
  /// late) is supplied from the day the dose was taken until the next day a dose is due, so a
  /// day is covered when any of its doses was taken, and a late dose covers only the days it
  /// could. Doses that match no occurrence supply nothing.
  /// For each day from `from` through `through`: whether a scheduled regimen of the medication
  /// was prescribed that day. Adherence counts only these days (a break between a regimen
  /// stopped and the next one started is not missing supply).
  public func prescribedDays(medicationID: String, from: LocalDate, through: LocalDate) -> [Bool] {
    guard from <= through else { return [] }
    var days = [Bool](repeating: false, count: from.days(to: through) + 1)
    for regimen in regimens where regimen.medicationID == medicationID && regimen.schedule.isScheduled {
      let first = max(regimen.start, from)
      let last = min(regimen.end ?? through, through)
      guard first <= last else { continue }
      for offset in from.days(to: first)...from.days(to: last) { days[offset] = true }
    }
    return days
  }

  public func supplyEvents(medicationID: String? = nil, through: LocalDate? = nil) -> [SupplyEvent] {
    var events: [SupplyEvent] = []
    for regimen in regimens where regimen.schedule.isScheduled {
      if let medicationID, regimen.medicationID != medicationID { continue }
      let occurrences = resolution(of: regimen, through: through).occurrences
      var supplied = Set<LocalDate>()
      for (index, resolved) in occurrences.enumerated() {
        guard let dose = resolved.dose, resolved.status == .onTime || resolved.status == .late else { continue }
        let occurrence = resolved.occurrence
        guard supplied.insert(occurrence.date).inserted else { continue }
        // The next day with a due dose: a later occurrence on another day, or where the schedule continues.
        let nextDay =
          occurrences[(index + 1)...].first { $0.occurrence.date > occurrence.date }?.occurrence.date
          ?? occurrences.last.flatMap { $0.occurrence.nextDue.map { LocalDate($0, in: regimen.timeZone) } }
          ?? occurrence.date.adding(days: 1)
        let taken = LocalDate(dose.instant, in: timeZone)
        let days = max(1, taken.days(to: max(nextDay, taken)))
        events.append(
          SupplyEvent(patientID: "patient", date: taken, perDay: 1, category: regimen.medicationID, duration: days))
      }
    }
    return events.sorted { ($0.date, $0.category) < ($1.date, $1.category) }
  }
}
