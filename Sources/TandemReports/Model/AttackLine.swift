import TandemBase

/// One headache that started in the period, as the patient logged it.
public struct AttackLine: Hashable, Sendable, Codable {
  /// Acute medication taken for it.
  public struct Medication: Hashable, Sendable, Codable {
    /// The catalogue id.
    public var medicationID: String
    /// The generic name.
    public var name: String
    /// When, ISO 8601 with offset.
    public var at: String
    /// How much, when recorded.
    public var amount: Quantity?
  }

  /// The attack's id.
  public var id: String
  /// The day it started.
  public var date: LocalDate
  /// When it started, ISO 8601 with offset.
  public var start: String
  /// When it ended, ISO 8601 with offset; `nil` while in progress or when not recorded.
  public var end: String?
  /// Whole minutes from start to end, when it has an end.
  public var durationMinutes: Int?
  /// Worst pain 0–10.
  public var severity: Int
  /// Whether there was an aura.
  public var aura: Bool
  /// Aura minutes, when recorded.
  public var auraMinutes: Int?
  /// The features recorded as present, in a fixed order: `nausea or vomiting`, `light sensitivity`,
  /// `sound sensitivity`, `one-sided`, `throbbing`, `worse with activity`.
  public var symptoms: [String]
  /// Acute medication, in time order.
  public var acute: [Medication]
  /// none, partial or complete, when recorded.
  public var relief: String?
  /// Disability 0–3, when recorded.
  public var disability: Int?
  /// The patient's note, with control and bidirectional characters made visible.
  public var note: String?
}
