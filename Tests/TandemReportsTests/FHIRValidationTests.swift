import Foundation
import Testing

@testable import TandemReports

/// The FHIR output against PyPI's `fhir.resources` (R4B models), an independent validator.
@Suite("FHIR bundle")
struct FHIRValidationTests {
  static let validator = """
    import json, sys
    from fhir.resources.R4B.bundle import Bundle
    text = sys.stdin.read()
    try:
        bundle = Bundle.model_validate_json(text)
    except AttributeError:
        bundle = Bundle.parse_raw(text)
    counts = {}
    for entry in bundle.entry or []:
        name = entry.resource.__class__.__name__
        counts[name] = counts.get(name, 0) + 1
    print(json.dumps(counts, sort_keys=True))
    """

  @Test(
    "the March bundle validates as FHIR R4B and holds each resource type",
    .enabled(
      if: ExternalTool.hasFHIRValidator || ExternalTool.required,
      "needs python3 with fhir.resources (pip install 'fhir.resources>=8,<9'); CI installs it"))
  func validates() throws {
    let report = Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest)
    let result = try #require(
      ExternalTool.run("python3", ["-c", Self.validator], input: FHIRReport.render(report)),
      "python3 is missing; install fhir.resources with: pip install 'fhir.resources>=8,<9'")
    try #require(result.status == 0, "fhir.resources rejected the bundle:\n\(result.output)")
    let counts = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Int]
    #expect(counts?["Patient"] == 1)
    #expect(counts?["MedicationRequest"] == 3)
    // 32 doses and skips, and the missed 5 March dose as not-done.
    #expect(counts?["MedicationAdministration"] == 34)
    // Three daily severities, one month of migraine days and the three attacks.
    #expect(counts?["Observation"] == 7)
    #expect(counts?["QuestionnaireResponse"] == 2)
    #expect(counts?["Composition"] == 1)
    #expect(counts?["Device"] == 1)
  }

  @Test(
    "four busier months (an overdue preventive, overuse, notes with markup) validate as FHIR R4B",
    .enabled(
      if: ExternalTool.hasFHIRValidator || ExternalTool.required,
      "needs python3 with fhir.resources (pip install 'fhir.resources>=8,<9'); CI installs it"))
  func autumnValidates() throws {
    let report = Report.build(record: ReportFixtures.autumn(), request: ReportFixtures.autumnRequest)
    let result = try #require(ExternalTool.run("python3", ["-c", Self.validator], input: FHIRReport.render(report)))
    try #require(result.status == 0, "fhir.resources rejected the bundle:\n\(result.output)")
    let counts = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Int]
    #expect(counts?["Composition"] == 1)
  }

  @Test(
    "questionnaire totals are Observations (LOINC where there is a code, the band, proration and the crisis item noted) and validate",
    .enabled(
      if: ExternalTool.hasFHIRValidator || ExternalTool.required,
      "needs python3 with fhir.resources (pip install 'fhir.resources>=8,<9'); CI installs it"))
  func questionnaireScores() throws {
    var report = Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest)
    func line(_ measure: String, _ title: String, total: Int?, crisis: Bool) -> TherapySummary.MeasureLine {
      TherapySummary.MeasureLine(
        date: report.header.through, at: "2026-03-20T09:00:00+00:00", sessionID: "s-\(measure)", moduleID: "check",
        measure: measure, measureVersion: 1, title: title, total: total, maximum: 27, band: total.map { _ in "mild" },
        prorated: total == 6, missing: total == nil ? 2 : total == 6 ? 1 : 0, change: nil, crisis: crisis,
        subscales: [])
    }
    report.therapy.measures = [
      line("phq-9", "PHQ-9", total: 6, crisis: true), line("gad-7", "GAD-7", total: 4, crisis: false),
      line("pedmidas", "PedMIDAS", total: 12, crisis: false), line("phq-9", "PHQ-9", total: nil, crisis: true),
    ]
    let text = FHIRReport.render(report)
    let result = try #require(ExternalTool.run("python3", ["-c", Self.validator], input: text))
    try #require(result.status == 0, "fhir.resources rejected the bundle:\n\(result.output)")
    let counts = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Int]
    #expect(counts?["Observation"] == 7 + 4)
    #expect(text.contains("44261-6") && text.contains("70274-6") && text.contains("questionnaire-total-pedmidas"))
    #expect(
      text.contains("prorated over 1 skipped item") && text.contains("the crisis item was answered above its threshold")
    )
    #expect(text.contains("not scored: 2 items skipped"))
  }

  @Test("attacks are Observations with their features as components; the bottom line is the Composition's narrative")
  func attacksAndComposition() throws {
    let report = Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest)
    let json = try #require(
      JSONSerialization.jsonObject(with: Data(FHIRReport.render(report).utf8)) as? [String: Any])
    let resources = (json["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
    let attack = try #require(resources.first { ($0["id"] as? String) == StableID.uuid("attack", "a1") })
    #expect(attack["resourceType"] as? String == "Observation")
    #expect(attack["valueInteger"] as? Int == 7)
    #expect((attack["effectivePeriod"] as? [String: Any])?["end"] as? String == "2026-03-03T16:00:00+00:00")
    let components = attack["component"] as? [[String: Any]] ?? []
    func component(_ code: String) -> [String: Any]? {
      components.first {
        (($0["code"] as? [String: Any])?["coding"] as? [[String: Any]])?.first?["code"] as? String == code
      }
    }
    #expect(component("nausea-or-vomiting")?["valueBoolean"] as? Bool == true)
    #expect(component("aura")?["valueBoolean"] as? Bool == false)
    #expect((component("duration")?["valueQuantity"] as? [String: Any])?["value"] as? Int == 360)
    #expect((component("acute-medication")?["valueString"] as? String)?.hasPrefix("sumatriptan 50 mg at ") == true)
    let composition = try #require(resources.first { $0["resourceType"] as? String == "Composition" })
    let div = try #require((composition["text"] as? [String: Any])?["div"] as? String)
    for sentence in report.bottomLine { #expect(div.contains(HTMLText.escape(sentence))) }
    let author = (composition["author"] as? [[String: Any]])?.first?["reference"] as? String
    #expect(
      resources.contains {
        $0["resourceType"] as? String == "Device" && "urn:uuid:\($0["id"] as? String ?? "")" == author
      })
    let missed = try #require(
      resources.first {
        $0["status"] as? String == "not-done"
          && (($0["extension"] as? [[String: Any]])?.first?["valueCode"] as? String) == "missed"
      })
    let reason = (missed["statusReason"] as? [[String: Any]])?.first
    #expect(((reason?["coding"] as? [[String: Any]])?.first?["code"] as? String) == "missed")
  }

  @Test(
    "an empty record still gives a valid bundle",
    .enabled(
      if: ExternalTool.hasFHIRValidator || ExternalTool.required,
      "needs python3 with fhir.resources (pip install 'fhir.resources>=8,<9'); CI installs it"))
  func emptyValidates() throws {
    let report = Report.build(record: ReportFixtures.empty(), request: ReportFixtures.marchRequest)
    let result = try #require(ExternalTool.run("python3", ["-c", Self.validator], input: FHIRReport.render(report)))
    #expect(result.status == 0, "\(result.output)")
  }

  @Test("structure: collection bundle, PRN dosage, not-done with a reason, stable urn:uuid ids")
  func structure() throws {
    let report = Report.build(record: ReportFixtures.march(), request: ReportFixtures.marchRequest)
    let json = try #require(
      JSONSerialization.jsonObject(with: Data(FHIRReport.render(report).utf8)) as? [String: Any])
    #expect(json["resourceType"] as? String == "Bundle")
    #expect(json["type"] as? String == "collection")
    let resources = (json["entry"] as? [[String: Any]] ?? []).compactMap { $0["resource"] as? [String: Any] }
    let prn = resources.first { ($0["id"] as? String) == StableID.uuid("regimen", "r-sumatriptan") }
    let dosage = (prn?["dosageInstruction"] as? [[String: Any]])?.first
    #expect(dosage?["asNeededBoolean"] as? Bool == true)
    #expect(((dosage?["maxDosePerPeriod"] as? [String: Any])?["numerator"] as? [String: Any])?["value"] as? Int == 200)
    let daily = resources.first { ($0["id"] as? String) == StableID.uuid("regimen", "r-atogepant-60") }
    let repeat_ =
      (((daily?["dosageInstruction"] as? [[String: Any]])?.first?["timing"] as? [String: Any])?["repeat"])
      as? [String: Any]
    #expect(repeat_?["frequency"] as? Int == 1)
    #expect(repeat_?["period"] as? Int == 1)
    #expect(repeat_?["periodUnit"] as? String == "d")
    func doseStatus(_ resource: [String: Any]) -> String? {
      (resource["extension"] as? [[String: Any]])?.first?["valueCode"] as? String
    }
    let skipped = resources.first { $0["status"] as? String == "not-done" && doseStatus($0) == "skipped" }
    let missed = resources.first { $0["status"] as? String == "not-done" && doseStatus($0) == "missed" }
    #expect((missed?["effectiveDateTime"] as? String)?.hasPrefix("2026-03-05T08:00") == true)
    #expect((skipped?["statusReason"] as? [[String: Any]])?.first?["text"] as? String == "stomach upset")
    let ids = (json["entry"] as? [[String: Any]] ?? []).compactMap { $0["fullUrl"] as? String }
    #expect(Set(ids).count == ids.count)
    #expect(
      ids.allSatisfy {
        $0.range(
          of: "^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
          options: .regularExpression) != nil
      })
  }
}
