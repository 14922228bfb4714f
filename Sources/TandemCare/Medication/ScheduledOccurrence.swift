import Foundation
import TandemBase

/// One time a scheduled dose is due.
public struct ScheduledOccurrence: Hashable, Sendable, Codable {
  /// The regimen it belongs to.
  public var regimenID: String
  /// The medication's catalogue id.
  public var medicationID: String
  /// The local calendar day it is due.
  public var date: LocalDate
  /// The local wall-clock time it is due.
  public var time: LocalTime
  /// The instant it is due: `time` on `date` in the regimen's time zone.
  public var due: Date
  /// The dose due.
  public var dose: Quantity
  /// Whether this is a loading dose.
  public var isLoadingDose: Bool
  /// When the following occurrence would be due, ignoring the regimen's end date, so that the
  /// last occurrence of an ended regimen still has a limit for late doses. `nil` only for
  /// schedules that never repeat.
  public var nextDue: Date?

  /// Creates an occurrence.
  public init(
    regimenID: String, medicationID: String, date: LocalDate, time: LocalTime, due: Date, dose: Quantity,
    isLoadingDose: Bool = false, nextDue: Date? = nil
  ) {
    self.regimenID = regimenID
    self.medicationID = medicationID
    self.date = date
    self.time = time
    self.due = due
    self.dose = dose
    self.isLoadingDose = isLoadingDose
    self.nextDue = nextDue
  }
}
