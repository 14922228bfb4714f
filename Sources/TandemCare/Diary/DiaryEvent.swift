import Foundation
import TandemBase
import TandemTherapy

/// What the patient's medication and headache diary records. Entries are never changed:
/// a mistake is put right by a `corrected` entry that names the one it replaces.
public indirect enum DiaryEvent: Hashable, Sendable, Codable {
  /// The patient added a medication the catalogue does not know.
  case medicationAdded(PatientMedication)
  /// A prescriber's regimen began (or was entered).
  case regimenPrescribed(Regimen)
  /// A regimen stopped: its last day is `lastDay`.
  case regimenEnded(regimenID: String, lastDay: LocalDate, reason: String?)
  /// A dose was taken.
  case doseTaken(TakenDose)
  /// A due dose was deliberately not taken.
  case doseSkipped(SkippedDose)
  /// A headache attack (with `end == nil` while it is still going on).
  case attackLogged(Attack)
  /// Entry `sequence` was wrong: `replacement` stands in its place, or nothing when `nil`.
  case corrected(sequence: Int64, replacement: DiaryEvent?, reason: String?)

  /// The short name the journal stores in its `kind` column.
  public var kind: String {
    switch self {
    case .medicationAdded: "medication-added"
    case .regimenPrescribed: "regimen-prescribed"
    case .regimenEnded: "regimen-ended"
    case .doseTaken: "dose-taken"
    case .doseSkipped: "dose-skipped"
    case .attackLogged: "attack-logged"
    case .corrected: "corrected"
    }
  }
}

/// One committed diary event with its position and commit time.
public struct DiaryEntry: Hashable, Sendable {
  /// Position in the whole journal; what corrections refer to.
  public var sequence: Int64
  /// When it was committed.
  public var recordedAt: Date
  /// What was recorded.
  public var event: DiaryEvent
  /// The event's id, the same in every copy of the record (a row number is not: it depends on the
  /// order a store received the events); `nil` for an entry not read from a store.
  public var eventID: String?

  /// Creates an entry.
  public init(sequence: Int64, recordedAt: Date, event: DiaryEvent, eventID: String? = nil) {
    self.sequence = sequence
    self.recordedAt = recordedAt
    self.event = event
    self.eventID = eventID
  }
}

/// Where the diary is kept. `appendDiary` runs `build` inside one write transaction with the
/// entries committed so far, so checks (an overlapping attack, a 24-hour maximum) see every
/// other process's writes and nothing can slip in between check and write.
///
/// The `window:` variants show `build` only the entries a `DiaryWindow` holds (every regimen,
/// recent doses, skips and attacks, open attacks, and the corrections of each), so a command
/// on a ten-year diary reads weeks, not years, while it holds the write lock.
public protocol DiaryStore: Sendable {
  /// Commits the events `build` returns, durably and atomically; returns them as entries.
  func appendDiary(at date: Date, _ build: ([DiaryEntry]) throws -> [DiaryEvent]) throws -> [DiaryEntry]
  /// Commits the events `build` returns after showing it the entries in `window` (every entry
  /// when `nil`), durably and atomically; returns them as entries.
  func appendDiary(at date: Date, window: DiaryWindow?, _ build: ([DiaryEntry]) throws -> [DiaryEvent]) throws
    -> [DiaryEntry]
  /// Every diary entry, oldest first.
  func diaryEntries() throws -> [DiaryEntry]
  /// The entries in `window`, oldest first (`window.entries(of: diaryEntries())`).
  func diaryEntries(window: DiaryWindow) throws -> [DiaryEntry]
}

extension DiaryStore {
  /// Reads the whole diary and keeps the window: right for any store, fast for none.
  public func diaryEntries(window: DiaryWindow) throws -> [DiaryEntry] {
    window.entries(of: try diaryEntries())
  }

  /// Shows `build` the window of the whole diary: right for any store, fast for none.
  public func appendDiary(at date: Date, window: DiaryWindow?, _ build: ([DiaryEntry]) throws -> [DiaryEvent]) throws
    -> [DiaryEntry]
  {
    try appendDiary(at: date) { entries in try build(window.map { $0.entries(of: entries) } ?? entries) }
  }
}

/// A store that keeps sessions and the diary in one journal, so a session step that logs a
/// dose or a headache commits the answer and the diary entry together.
public protocol CareStore: SessionStore, DiaryStore {
  /// Appends session events and the diary events `build` returns, in one transaction.
  func append(
    _ events: [SessionEvent], toSession id: String, at date: Date, diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry]
  /// The same, only if the session's last event is still at sequence `expected`; returns the
  /// session's new last sequence and the diary entries written.
  func append(
    _ events: [SessionEvent], toSession id: String, expectingLast expected: Int64, at date: Date,
    diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> (lastSequence: Int64, diary: [DiaryEntry])
  /// Appends session events and the diary events `build` returns after it has seen the entries
  /// in `window` (every entry when `nil`), in one transaction.
  func append(
    _ events: [SessionEvent], toSession id: String, at date: Date, window: DiaryWindow?,
    diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry]
}

extension CareStore {
  /// Shows `build` the window of the whole diary: right for any store, fast for none.
  public func append(
    _ events: [SessionEvent], toSession id: String, at date: Date, window: DiaryWindow?,
    diary build: ([DiaryEntry]) throws -> [DiaryEvent]
  ) throws -> [DiaryEntry] {
    try append(events, toSession: id, at: date) { entries in
      try build(window.map { $0.entries(of: entries) } ?? entries)
    }
  }
}
