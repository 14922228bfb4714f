import TandemBase

/// What adding regimens means for the ones already in the diary: an earlier regimen of the same
/// medication that would overlap the new one ends the day before the new one starts.
///
/// Pure: `meds add` and `meds import` call `add` inside the write transaction, commit the events
/// it returns and print a line for each regimen it ended.
public enum RegimenReplacement {
  /// Why the regimens cannot be added.
  public enum Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// An earlier regimen of the medication starts on or after the new one's first day, so
    /// ending it the day before would leave it no days at all.
    case startsTooLate(medication: String, start: LocalDate)

    /// A lowercase sentence that says what to do instead.
    public var description: String {
      switch self {
      case .startsTooLate(let medication, let start):
        "a regimen of \(medication) already starts on \(start); stop it first or start the new one later"
      }
    }
  }

  /// The events that add `regimens`, in order, and the earlier regimens they end.
  public struct Outcome: Hashable, Sendable {
    /// `regimenEnded` for each replaced regimen, then `regimenPrescribed`, per new regimen.
    public var events: [DiaryEvent]
    /// Each replaced regimen as it was, with its new last day.
    public var ended: [Ended]
  }

  /// A replaced regimen.
  public struct Ended: Hashable, Sendable {
    /// The regimen as it stood before.
    public var regimen: Regimen
    /// The day before its replacement starts.
    public var lastDay: LocalDate
  }

  /// Adds `regimens` to `current` (the diary's regimens), ending each overlapping earlier
  /// regimen of the same medication the day before the new one starts.
  public static func add(_ regimens: [Regimen], to current: [Regimen]) throws(Problem) -> Outcome {
    var current = current
    var outcome = Outcome(events: [], ended: [])
    for regimen in regimens {
      for old in current where old.medicationID == regimen.medicationID && old.id != regimen.id {
        let oldEnd = old.end ?? LocalDate(dayNumber: Int.max / 4)
        guard oldEnd >= regimen.start else { continue }
        let last = regimen.start.adding(days: -1)
        if last < old.start { throw .startsTooLate(medication: old.medicationID, start: old.start) }
        outcome.events.append(.regimenEnded(regimenID: old.id, lastDay: last, reason: "replaced by a new regimen"))
        outcome.ended.append(Ended(regimen: old, lastDay: last))
        if let index = current.firstIndex(where: { $0.id == old.id }) { current[index].end = last }
      }
      outcome.events.append(.regimenPrescribed(regimen))
      current.append(regimen)
    }
    return outcome
  }
}
