import Foundation

/// The part of the diary a command needs, so that it reads a few weeks instead of ten years.
///
/// A window holds:
/// - every regimen entry (`regimenPrescribed`, `regimenEnded`) and every medication the patient
///   added (`medicationAdded`), whatever its date;
/// - every dose, skip and attack entry that has a version (the original or a correction) whose
///   time reaches `since`: a dose or skip at or after `since`, an attack that starts or ends at or
///   after it; with a `medicationID`, doses and skips of other medications are left out;
/// - every attack whose latest version has no end (still going on), however long ago it began;
/// - with each entry it holds, every correction of it (a chain of corrections included).
///
/// Folding the window with `DiaryLedger` gives the same records as folding the whole diary, for
/// every record the window holds; a record moved out of the window by a later correction may
/// still appear, as it now stands. Callers that need an exact range filter the ledger by time.
public struct DiaryWindow: Hashable, Sendable {
  /// Doses, skips and attacks from this instant on.
  public var since: Date
  /// Only doses and skips of this medication (attacks and regimens are always held).
  public var medicationID: String?

  /// A window from `since` on, for every medication or one.
  public init(since: Date, medicationID: String? = nil) {
    self.since = since
    self.medicationID = medicationID
  }

  /// The entries of `diary` (a whole diary, oldest first) that this window holds, oldest first:
  /// what a store's windowed read returns, computed in memory.
  public func entries(of diary: [DiaryEntry]) -> [DiaryEntry] {
    var root: [Int64: Int64] = [:]
    var latest: [Int64: DiaryEvent?] = [:]
    var held = Set<Int64>()
    for entry in diary {
      let event = entry.event
      if case .corrected(let target, let replacement, _) = event {
        let original = root[target] ?? target
        root[entry.sequence] = original
        latest[original] = .some(replacement)
        if let replacement, reaches(replacement) { held.insert(original) }
      } else {
        latest[entry.sequence] = .some(event)
        switch event {
        case .regimenPrescribed, .regimenEnded, .medicationAdded: held.insert(entry.sequence)
        default: if reaches(event) { held.insert(entry.sequence) }
        }
      }
    }
    for (original, event) in latest {
      if case .attackLogged(let attack)?? = event, attack.end == nil { held.insert(original) }
    }
    return diary.filter { entry in
      if case .corrected = entry.event { return held.contains(root[entry.sequence] ?? entry.sequence) }
      return held.contains(entry.sequence)
    }
  }

  /// Whether one version of a dose, skip or attack reaches into the window.
  func reaches(_ event: DiaryEvent) -> Bool {
    let keys = event.windowKeys
    if let medicationID, let other = keys.medicationID, other != medicationID { return false }
    if let occurred = keys.occurredAt, occurred >= since { return true }
    if let ends = keys.endsAt, ends >= since { return true }
    return false
  }
}

/// What a store indexes an event by, so it can read a window without decoding every entry.
public struct DiaryWindowKeys: Hashable, Sendable {
  /// When it happened: a dose's or skip's instant, an attack's start, a regimen's first day or
  /// an ended regimen's last day (midnight UTC: a day, not an instant); `nil` for a correction
  /// that deletes.
  public var occurredAt: Date?
  /// When it stopped: an attack's end (`nil` while it goes on); the same as `occurredAt` for
  /// every other event.
  public var endsAt: Date?
  /// The medication, for doses, skips and regimens.
  public var medicationID: String?
}

extension DiaryEvent {
  /// The keys of this event, or of its replacement for a correction.
  public var windowKeys: DiaryWindowKeys {
    switch self {
    case .medicationAdded:
      // Held by every window: its time is the end of time, and it names no medication to filter on.
      return DiaryWindowKeys(occurredAt: .distantFuture, endsAt: .distantFuture, medicationID: nil)
    case .regimenPrescribed(let regimen):
      let day = Date(timeIntervalSince1970: Double(regimen.start.dayNumber) * 86_400)
      return DiaryWindowKeys(occurredAt: day, endsAt: day, medicationID: regimen.medicationID)
    case .regimenEnded(_, let lastDay, _):
      let day = Date(timeIntervalSince1970: Double(lastDay.dayNumber) * 86_400)
      return DiaryWindowKeys(occurredAt: day, endsAt: day, medicationID: nil)
    case .doseTaken(let dose):
      return DiaryWindowKeys(occurredAt: dose.instant, endsAt: dose.instant, medicationID: dose.medicationID)
    case .doseSkipped(let skip):
      return DiaryWindowKeys(occurredAt: skip.instant, endsAt: skip.instant, medicationID: skip.medicationID)
    case .attackLogged(let attack):
      return DiaryWindowKeys(occurredAt: attack.start, endsAt: attack.end, medicationID: nil)
    case .corrected(_, let replacement, _):
      return replacement?.windowKeys ?? DiaryWindowKeys(occurredAt: nil, endsAt: nil, medicationID: nil)
    }
  }
}
