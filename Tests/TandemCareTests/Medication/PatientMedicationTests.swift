import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

/// Medications the patient adds that the catalogue does not know.
@Suite("The patient's own medications")
struct PatientMedicationTests {
  let catalogue = MedicationCatalogue([
    Medication(
      id: "sumatriptan", genericName: "sumatriptan", brandNames: ["Imitrex"], medicationClass: .triptan, use: .acute,
      routes: [.oral], overuseClass: .triptan)
  ])

  func problem(_ name: String, _ classText: String, in catalogue: MedicationCatalogue? = nil) -> String? {
    do {
      _ = try PatientMedication.make(name: name, classText: classText, catalogue: catalogue ?? self.catalogue)
      return nil
    } catch {
      return error.description
    }
  }

  @Test("a name and a known class make an entry counted by its class and marked as the patient's own")
  func made() throws {
    let entry = try PatientMedication.make(name: "  Feverfew   Extract ", classText: "Other", catalogue: catalogue)
    #expect(entry == PatientMedication(id: "own-feverfew-extract", name: "Feverfew Extract", medicationClass: .other))
    let medication = entry.medication
    #expect(medication.isPatientEntry)
    #expect(medication.listedName == "Feverfew Extract (your own entry)")
    #expect(medication.use == .both)
    #expect(medication.overuseClass == .none)
    let nsaid = try PatientMedication.make(name: "Ketoprofen", classText: "nsaid", catalogue: catalogue).medication
    #expect(nsaid.use == .acute)
    #expect(nsaid.overuseClass == .simpleAnalgesic)
    let merged = catalogue.adding([entry])
    #expect(merged.medication(named: "feverfew extract")?.id == "own-feverfew-extract")
    #expect(merged.medication(named: "Imitrex")?.isPatientEntry == false)
  }

  @Test("unknown classes, catalogue names, repeats and empty names are refused with the reason")
  func refused() throws {
    #expect(problem("Feverfew", "tripan")?.contains("unknown class 'tripan'; did you mean 'triptan'?") == true)
    #expect(problem("Feverfew", "vitamin")?.contains("use one of cgrp-antibody, gepant, triptan, ditan") == true)
    #expect(problem("imitrex", "triptan")?.contains("'imitrex' is in the catalogue already (as sumatriptan)") == true)
    let own = catalogue.adding([
      try PatientMedication.make(name: "Feverfew", classText: "other", catalogue: catalogue)
    ])
    #expect(problem("feverfew", "other", in: own) == "'feverfew' is already one of your own entries")
    #expect(problem("   ", "other")?.contains("needs at least one letter") == true)
    #expect(problem("123", "other")?.contains("needs at least one letter") == true)
    #expect(problem(String(repeating: "a", count: 65), "other")?.contains("at most 64 characters") == true)
    #expect(problem("feverfew\u{1b}[31m", "other")?.contains("no control characters") == true)
  }
}
