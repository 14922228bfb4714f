import Foundation
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemContent

/// The shipped catalogue, found from this file's place in the repository.
let shippedCatalogue = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  .appendingPathComponent("Content/medications.yaml").path

/// Parses a marked catalogue and returns `«mark»: severity: message` for every diagnostic.
func diagnoseCatalogue(_ marked: String) -> [String] {
  let source = MarkedText(marked)
  return CatalogueLoader.parse(source.text, path: "meds.yaml").diagnostics.map { diagnostic in
    guard let location = diagnostic.location else { return "\(diagnostic.severity.rawValue): \(diagnostic.message)" }
    func place(_ location: TandemBase.SourceLocation) -> String {
      let mark = source.marks.first { $0.value.line == location.line && $0.value.column == location.column }?.key
      return mark.map { "«\($0)»" } ?? "\(location.line):\(location.column)"
    }
    let notes = diagnostic.notes.map { note in
      " | " + (note.location.map { place($0) + ": " } ?? "") + "note: \(note.message)"
    }
    return "\(place(location)): \(diagnostic.severity.rawValue): \(diagnostic.message)" + notes.joined()
  }
}

@Suite("Medication catalogue loading")
struct CatalogueLoaderTests {
  @Test("the shipped catalogue loads with no findings and holds the medications the issue lists")
  func shipped() throws {
    let loaded = CatalogueLoader.load(path: shippedCatalogue)
    #expect(loaded.diagnostics.map(\.description) == [])
    let catalogue = loaded.catalogue
    let required = [
      "erenumab", "fremanezumab", "galcanezumab", "eptinezumab", "atogepant", "rimegepant", "ubrogepant", "zavegepant",
      "sumatriptan", "rizatriptan", "zolmitriptan", "eletriptan", "naratriptan", "almotriptan", "frovatriptan",
      "dihydroergotamine", "ergotamine", "paracetamol", "aspirin", "ibuprofen", "naproxen", "diclofenac",
      "aspirin-paracetamol-caffeine", "codeine-paracetamol", "tramadol", "amitriptyline", "nortriptyline",
      "propranolol", "metoprolol", "topiramate", "valproate", "candesartan", "metoclopramide", "onabotulinumtoxina",
      "lasmiditan", "prochlorperazine", "magnesium", "riboflavin",
    ]
    #expect(required.filter { catalogue.medication(id: $0) == nil } == [])
    #expect(catalogue.medication(named: "Aimovig")?.restartsScheduleWhenLate == true)
    #expect(catalogue.medication(named: "acetaminophen")?.id == "paracetamol")
    #expect(catalogue.medication(named: "nurtec odt")?.id == "rimegepant")
    #expect(catalogue.medication(named: "Nurtec")?.id == "rimegepant")
    #expect(catalogue.medication(named: "Reyvow")?.overuseClass == .ditan)
    #expect(OveruseClass.ditan.monthlyThreshold == 10)
    #expect(catalogue.medication(named: "vitamin B2")?.use == .preventive)
    #expect(catalogue.medication(id: "prochlorperazine")?.medicationClass == .antiemetic)
    // CLINICAL.md: combination analgesics count toward overuse from 10 days a month.
    let combination = try #require(catalogue.medication(named: "Excedrin Migraine"))
    #expect(combination.overuseClass == .combinationAnalgesic)
    #expect(combination.overuseClass.monthlyThreshold == 10)
    #expect(catalogue.medication(named: "Botox")?.id == "onabotulinumtoxina")
    let ubrogepant = try #require(catalogue.medication(id: "ubrogepant"))
    #expect(ubrogepant.maxPer24Hours == Quantity(value: 200, unit: .mg))
    #expect(ubrogepant.minimumHoursBetweenDoses == 2)
    #expect(ubrogepant.overuseClass == .gepant)
    #expect(catalogue.medication(id: "codeine-paracetamol")?.overuseClass == .opioid)
    #expect(
      catalogue.medication(id: "aspirin-paracetamol-caffeine")?.maxPer24Hours == Quantity(value: 2, unit: .tablet))
    #expect(catalogue.suggestion(for: "sumatriptin") == "sumatriptan")
    // Every acute medication has an overuse class or is an antiemetic; no preventive is counted.
    #expect(catalogue.medications.filter { $0.use == .preventive && $0.overuseClass != .none }.map(\.id) == [])
    let text = try String(contentsOfFile: shippedCatalogue, encoding: .utf8)
    #expect(text.contains("CLINICIAN REVIEW REQUIRED"))
  }

  @Test("unknown fields, classes, routes and units, wrong types and missing fields, each at its position")
  func broken() {
    #expect(
      diagnoseCatalogue(
        """
        medications:
          - «root»id: sumatriptan
            generic: sumatriptan
            class: «cls»tripan
            use: acute
            routes: [oral, «rt»nasel]
            strengths: [50 mg, «kg»60 kg, «neg»mg]
            «mx»max-per-day: 200 mg
            min-hours-between-doses: «mh»[2]
            restarts-schedule-when-late: «rs»sometimes
        «top»medication: []
        """)
        == [
          "«root»: error: missing field 'overuse' in medication 'sumatriptan'",
          "«cls»: error: unknown class 'tripan' in medication 'sumatriptan'; did you mean 'triptan'? expected one of "
            + "cgrp-antibody, gepant, triptan, ditan, ergot, simple-analgesic, nsaid, combination-analgesic, opioid, tricyclic, "
            + "beta-blocker, anticonvulsant, antiemetic, other",
          "«rt»: error: unknown route 'nasel' in medication 'sumatriptan'; did you mean 'nasal'? expected one of "
            + "oral, sublingual, nasal, subcutaneous, intramuscular, intravenous, rectal, transdermal",
          "«kg»: error: unknown unit 'kg' in 'strengths' of medication 'sumatriptan'; did you mean 'mg'? expected one of "
            + "mg, mcg, g, ml, tablet, capsule, injection, puff, drop, spray, patch",
          "«neg»: error: 'mg' in 'strengths' of medication 'sumatriptan' needs a positive amount before the unit",
          "«mx»: error: unknown field 'max-per-day' in medication 'sumatriptan'; did you mean 'max-per-24h'?",
          "«mh»: error: expected a number of hours for 'min-hours-between-doses' in medication 'sumatriptan', found a list",
          "«rs»: error: expected true or false for 'restarts-schedule-when-late' in medication 'sumatriptan', found 'sometimes'",
          "«top»: error: unknown field 'medication' in medication catalogue; did you mean 'medications'?",
        ])
  }

  @Test("duplicate ids and names are errors that name the first definition")
  func duplicates() {
    #expect(
      diagnoseCatalogue(
        """
        medications:
          - {id: one, generic: one, brands: [Okay], class: triptan, use: acute, routes: [oral], overuse: triptan}
          - {id: «dup»one, generic: uno, class: triptan, use: acute, routes: [oral], overuse: triptan}
          - {id: three, generic: three, brands: [«okay»OKAY], class: triptan, use: acute, routes: [oral], overuse: triptan}
          - {id: four, generic: «gen»One, class: triptan, use: acute, routes: [oral], overuse: triptan}
        """)
        == [
          "«dup»: error: duplicate medication id 'one' | 2:10: note: first defined here",
          "«okay»: error: name 'OKAY' of medication 'three' is already used by medication 'one' | 2:38: note: medication 'one' gives it here",
          "«gen»: error: name 'One' of medication 'four' is already used by medication 'one' | 2:24: note: medication 'one' gives it here",
        ])
  }

  @Test("a local file adds medications to the shipped ones; reusing a shipped id is an error")
  func localAdditions() throws {
    let scratch = Scratch()
    let local = scratch.write(
      "local.yaml",
      """
      medications:
        - id: flunarizine
          generic: flunarizine
          brands: [Sibelium]
          class: other
          use: preventive
          routes: [oral]
          strengths: [5 mg, 10 mg]
          overuse: none
          max-per-24h: 10 mg
        - id: erenumab
          generic: erenumab-local
          class: cgrp-antibody
          use: preventive
          routes: [subcutaneous]
          overuse: none
      """)
    let loaded = CatalogueLoader.load(paths: [shippedCatalogue, local])
    #expect(loaded.catalogue.medication(named: "Sibelium")?.maxPer24Hours == Quantity(value: 10, unit: .mg))
    let errors = loaded.diagnostics.filter { $0.severity == .error }
    #expect(errors.count == 1)
    let error = try #require(errors.first)
    #expect(error.location?.file == local)
    #expect(error.location?.line == 11)
    #expect(error.message == "duplicate medication id 'erenumab'")
    #expect(error.notes.map(\.message) == ["first defined here"])
    #expect(error.notes.first?.location?.file == shippedCatalogue)
    #expect(error.sourceLine == "  - id: erenumab")
    #expect(loaded.catalogue.medication(named: "erenumab-local") == nil)
  }

  @Test("a file that is not a catalogue says so")
  func notACatalogue() {
    #expect(
      diagnoseCatalogue("«a»- just\n- a list\n") == [
        "«a»: error: expected a mapping for medication catalogue, found a list"
      ])
    #expect(
      diagnoseCatalogue("medications: «a»3\n") == [
        "«a»: error: expected a list for 'medications' in medication catalogue, found a scalar"
      ])
  }
}
