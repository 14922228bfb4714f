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
    #expect(counts?["Observation"] == 4)
    #expect(counts?["QuestionnaireResponse"] == 2)
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
