// Measures over ten years: adherence (PDC, CMA7, slices) for five daily medications, migraine
// measures and the medication-overuse assessment, on a synthetic record and on the realistic ten-year
// diary (40,000 doses, 4,000 attacks) read from its store.

import ArgumentParser
import Foundation
import TandemAdherence
import TandemBase
import TandemCare

/// Adherence, migraine measures and overuse risk over ten years of diary.
struct MeasuresBench: Benchmark {
  static let configuration = CommandConfiguration(
    commandName: "measures", abstract: "Adherence, migraine measures and overuse risk over ten years.")

  @OptionGroup var options: BenchOptions

  static func measure(in workspace: Workspace) -> [String] {
    let runs = workspace.options.quick ? 3 : 5
    print("== Measures over ten years: five daily medications and ~3 attacks a week ==")
    measure(syntheticRecord(years: 10, medications: 5, times: 1), runs: runs)
    print("== Measures over the ten-year diary: 40,000 doses, 4,000 attacks (read from its store) ==")
    measure(workspace.longDiary().record(), runs: runs)
    print("")
    return []
  }

  static func measure(_ record: CareRecord, runs: Int) {
    let medications = record.regimens.map(\.medicationID)
    let from = record.regimens.map(\.start).min() ?? record.today
    print("\(record.doses.count) doses, \(record.attacks.count) attacks, \(from) to \(record.today)")
    let adherence = median(runs) {
      for medicationID in medications {
        _ = MedicationAdherence.compute(record: record, medicationID: medicationID, from: from, through: record.today)
      }
    }
    print(describe("adherence, \(medications.count) medications (PDC, CMA7, slices)", adherence))
    let migraine = median(runs) {
      _ = MigraineMeasures.compute(
        attacks: record.attacks, intakes: record.acuteIntakes, from: from, through: record.today,
        timeZone: record.timeZone)
    }
    print(describe("migraine measures over ten years", migraine))
    let overuse = median(runs) {
      _ = OveruseRisk.assess(
        attacks: record.attacks, intakes: record.acuteIntakes, asOf: record.today, timeZone: record.timeZone)
    }
    print(describe("medication-overuse risk", overuse))
  }
}
