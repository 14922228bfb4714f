import TandemBase

/// One supply of medication: a pharmacy fill, a prescription, or a logged dose covering its
/// schedule interval. The layout of adherence research fill files (PATIENT_ID, DATE, PERDAY,
/// CATEGORY, DURATION).
public struct SupplyEvent: Hashable, Sendable {
  /// The patient the supply belongs to.
  public var patientID: String
  /// The day the supply starts (fill or dispensing date).
  public var date: LocalDate
  /// Doses to take per day; only used when dosage changes adjust carry-over.
  public var perDay: Double
  /// The medication or medication class, compared for "same medication" rules.
  public var category: String
  /// Days the supply lasts when taken as prescribed.
  public var duration: Int

  /// Creates a supply event.
  public init(patientID: String, date: LocalDate, perDay: Double, category: String, duration: Int) {
    self.patientID = patientID
    self.date = date
    self.perDay = perDay
    self.category = category
    self.duration = duration
  }
}
