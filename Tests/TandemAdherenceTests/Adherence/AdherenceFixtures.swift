import Foundation
import TandemAdherence
import TandemBase

/// The hand-worked patient of docs/adherence-cma.md: day 0 is 2024-01-01.
enum WorkedPatient {
  static let dayZero = LocalDate(year: 2024, month: 1, day: 1) ?? LocalDate(dayNumber: 0)

  static func event(_ day: Int, _ duration: Int, _ category: String, dose: Double = 1, patient: String = "A")
    -> SupplyEvent
  {
    SupplyEvent(
      patientID: patient, date: dayZero.adding(days: day), perDay: dose, category: category, duration: duration)
  }

  /// E1…E7 in the documentation.
  static let events: [SupplyEvent] = [
    event(0, 40, "medA"),
    event(35, 30, "medA"),
    event(100, 30, "medA"),
    event(120, 60, "medA", dose: 2),
    event(170, 30, "medB", dose: 2),
    event(250, 30, "medB", dose: 2),
    event(340, 30, "medB", dose: 2),
  ]

  /// Follow-up days 0–365, observation days 30–330.
  static let window = AdherenceWindow(
    followUpStart: 0, followUpDuration: 365, observationStart: 30, observationDuration: 300)
}

/// AdhereR's example data set, read from the shared folder at test time (GPL data: never copied
/// into this repository).
enum MedEvents {
  static var url: URL {
    URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
      .deletingLastPathComponent()  // Adherence
      .deletingLastPathComponent()  // TandemAdherenceTests
      .deletingLastPathComponent()  // Tests
      .deletingLastPathComponent()  // repository root
      .deletingLastPathComponent()  // its parent
      .appendingPathComponent("shared/data/adherer/med.events.csv")
  }

  static var isAvailable: Bool { FileManager.default.fileExists(atPath: url.path) }

  static func load() throws -> [SupplyEvent] {
    let text = try String(contentsOf: url, encoding: .utf8)
    return try FillsCSV.parse(text, dateFormat: "%m/%d/%Y")
  }
}

func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-6) -> Bool {
  guard let a else { return false }
  return abs(a - b) <= tolerance
}
