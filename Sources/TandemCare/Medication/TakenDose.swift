import Foundation
import TandemBase

/// A dose the patient recorded taking.
public struct TakenDose: Hashable, Sendable, Codable {
  /// The medication's catalogue id.
  public var medicationID: String
  /// When it was taken.
  public var instant: Date
  /// How much, if recorded; otherwise the regimen's dose is assumed.
  public var amount: Quantity?
  /// The regimen it was taken for, if the patient or the log said so.
  public var regimenID: String?
  /// The journal entry that recorded it, for tracing a report back to the record.
  public var journalSequence: Int64?

  /// Creates a taken dose.
  public init(
    medicationID: String, instant: Date, amount: Quantity? = nil, regimenID: String? = nil,
    journalSequence: Int64? = nil
  ) {
    self.medicationID = medicationID
    self.instant = instant
    self.amount = amount
    self.regimenID = regimenID
    self.journalSequence = journalSequence
  }
}

/// A dose the patient recorded deciding not to take.
public struct SkippedDose: Hashable, Sendable, Codable {
  /// The medication's catalogue id.
  public var medicationID: String
  /// When the skip was recorded.
  public var instant: Date
  /// Why, in the patient's words.
  public var reason: String
  /// The local day of the occurrence skipped, if known; otherwise the skip applies to the
  /// occurrence whose window contains `instant` (see `DoseResolution`).
  public var occurrenceDate: LocalDate?
  /// The regimen it was skipped for, if known.
  public var regimenID: String?
  /// The wall-clock time of the occurrence skipped, when the day has several (with `occurrenceDate`).
  public var occurrenceTime: LocalTime?
  /// The journal entry that recorded it.
  public var journalSequence: Int64?

  /// Creates a skipped dose.
  public init(
    medicationID: String, instant: Date, reason: String, occurrenceDate: LocalDate? = nil, regimenID: String? = nil,
    occurrenceTime: LocalTime? = nil, journalSequence: Int64? = nil
  ) {
    self.medicationID = medicationID
    self.instant = instant
    self.reason = reason
    self.occurrenceDate = occurrenceDate
    self.regimenID = regimenID
    self.occurrenceTime = occurrenceTime
    self.journalSequence = journalSequence
  }
}
