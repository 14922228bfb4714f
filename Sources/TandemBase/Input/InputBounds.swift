/// The bounds every value given to Tandem is checked against, in one place (docs/input-bounds.md
/// lists them for users). A value outside them is refused with a message naming the bound.
public enum InputBounds {
  /// Calendar years a date may fall in: a wider span is a typo (0026 for 2026) or nonsense.
  public static let years = 1900...2200
  /// UTC offsets, in seconds: real zones span −12:00 to +14:00; ISO 8601 allows ±18:00.
  public static let utcOffsetSeconds = -18 * 3600...18 * 3600
  /// The longest duration or window, in days: 100 years.
  public static let maximumDays = 36_525
  /// Aura minutes: an aura lasting more than a day is not a migraine aura (ICHD-3 allows up to 60).
  public static let auraMinutes = 1...1440
  /// Scheduled times of day in one regimen (one an hour at most).
  public static let maximumTimesPerDay = 24
  /// How far a skipped dose's day may be from today, in days.
  public static let skipDistanceDays = 366
  /// Hours either side of the due time that count as on time (a month).
  public static let lateWindowHours = 0.0...744.0
  /// Hours between as-needed doses (a week).
  public static let minimumHoursBetweenDoses = 0.0...168.0
  /// The longest attack, in days (status migrainosus lasts more than 3 days; months are a typo).
  public static let maximumAttackDays = 31
  /// Whole numbers typed as answers or given in files, before any step-specific range.
  public static let wholeNumbers = -1_000_000...1_000_000
  /// The longest note or reason a diary entry keeps, in characters.
  public static let freeTextCharacters = 2_000
}
