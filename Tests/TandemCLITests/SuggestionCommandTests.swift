import Foundation
import Testing

/// The suggestion rules (`Content/suggestions.yaml`) as a patient and a clinician meet them: the
/// real binary on a real store, on a simulated calendar (TANDEM_NOW, TZ=UTC), `tandem today` and
/// `tandem report` saying which rule fired and on what data.
@Suite("Suggestions from the command line")
struct SuggestionCommandTests {
  typealias Patient = ProgramCommandTests.Patient

  /// Text with every run of whitespace (line wraps included) as one space.
  func flat(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
  }

  /// `ISO` for `hour`:00 UTC on the patient calendar's day `n`.
  func at(_ n: Int, _ hour: Int) -> String {
    Patient.date(n) + "T" + (hour < 10 ? "0" : "") + "\(hour):00:00Z"
  }

  /// A `--format json` command's output as an object.
  func object(_ patient: Patient, _ arguments: [String]) throws -> [String: Any] {
    let result = try patient.run(arguments + ["--format", "json"])
    guard result.status == 0, let object = try JSONSerialization.jsonObject(with: result.stdout) as? [String: Any]
    else { throw SandboxError("day \(patient.day): \(arguments): \(result.errors) \(result.output)") }
    return object
  }

  /// The `suggestions` of `today --format json` (always present there, empty when none fired).
  func todaySuggestions(_ patient: Patient) throws -> [[String: Any]] {
    try #require(try object(patient, ["today"])["suggestions"] as? [[String: Any]])
  }

  /// The answers of the named case in `Modules/<module>.test.yaml`, one input line each.
  func answers(_ module: String, case name: String) throws -> [String] {
    let path = TandemBinary.repositoryRoot + "/Modules/\(module).test.yaml"
    let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
    guard let start = lines.firstIndex(of: "- name: \"\(name)\""),
      let list = lines[start...].firstIndex(of: "  answers:")
    else { throw SandboxError("no case '\(name)' with answers in \(path)") }
    var answers: [String] = []
    for line in lines[(list + 1)...] {
      guard line.hasPrefix("    - ") else { break }
      var value = String(line.dropFirst(6))
      if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
      answers.append(value)
    }
    return answers
  }

  /// Runs `module` to its end with the answers of the named case.
  func complete(
    _ patient: Patient, _ module: String, case name: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let input = try answers(module, case: name).map { $0 + "\n" }.joined()
    let result = try patient.run(["session", "start", module], input: input)
    #expect(result.status == 0, "day \(patient.day): \(module): \(result.errors)", sourceLocation: sourceLocation)
    #expect(
      result.output.contains("Session complete."), "day \(patient.day): \(module) did not finish: \(result.output)",
      sourceLocation: sourceLocation)
  }

  /// The crisis-page case of the PHQ-9 mood check: item 9 "several days", a low total.
  static let crisisCase = "item 9 several days with a low total: the crisis page at once, acknowledged"

  static let overuseReason =
    "Triptans, ergots, opioids or combination painkillers on 9 of the last 28 days; the overuse line for these is "
    + "10 days a month."

  @Test(
    "a triptan on 9 of the last 28 days: today says 'Worth a look' with the count and the rule, the report gives the same reason and data"
  )
  func overuse() throws {
    let patient = try Patient()
    patient.day = 40
    // Attacks on days 20, 22, … 36, each treated with sumatriptan: 9 triptan days in the last 28.
    for n in stride(from: 20, through: 36, by: 2) {
      try patient.ok([
        "attack", "log", "--start", at(n, 8), "--end", at(n, 14), "--severity", "6", "--acute", "sumatriptan:50mg",
      ])
    }
    let today = try patient.ok(["today"])
    let practice = try #require(today.range(of: "\nPractice\n"), "\(today)")
    let line =
      "Worth a look: tandem session start medication-overuse. Why: \(Self.overuseReason) (rule overuse-specific-near)"
    #expect(flat(String(today[practice.upperBound...])).contains(line), "\(today)")
    #expect(!today.contains("First, the crisis options"))

    let suggestions = try todaySuggestions(patient)
    #expect(suggestions.count == 1, "\(suggestions)")
    #expect(suggestions.first?["rule"] as? String == "overuse-specific-near")
    #expect(suggestions.first?["suggest"] as? String == "medication-overuse")
    #expect(suggestions.first?["reason"] as? String == Self.overuseReason)
    #expect(suggestions.first?["data"] as? [String: Int] == ["triptan-days": 9])

    let report = try patient.ok(["report"])
    #expect(report.contains("\nSUGGESTIONS (DOCUMENTED RULES, NEVER ACTED ON BY TANDEM)\n"), "\(report)")
    #expect(
      flat(report).contains(
        "? module medication-overuse: \(Self.overuseReason) (rule overuse-specific-near; triptan-days 9)"),
      "\(report)")
    let json = try object(patient, ["report"])
    let listed = try #require(json["suggestions"] as? [[String: Any]], "\(json.keys.sorted())")
    #expect(listed.count == 1)
    #expect(listed.first?["rule"] as? String == "overuse-specific-near")
    #expect(listed.first?["suggest"] as? String == "medication-overuse")
    #expect(listed.first?["reason"] as? String == Self.overuseReason)
    #expect(listed.first?["data"] as? [String: Int] == ["triptan-days": 9])

    // The facts are the 90 days to the day the record was read, whatever the report's period.
    let week = try object(patient, ["report", "--last", "7d"])
    #expect((week["suggestions"] as? [[String: Any]])?.first?["rule"] as? String == "overuse-specific-near")
    let markdown = try patient.ok(["report", "--format", "markdown"])
    #expect(markdown.contains("## Suggestions"))
    #expect(flat(markdown).contains("(rule overuse-specific-near; triptan-days 9)"), "\(markdown)")

    // Four weeks on, the attacks have left the 28 days and the suggestion has gone.
    patient.day = 70
    #expect(try todaySuggestions(patient).isEmpty)
    #expect(!(try patient.ok(["today"])).contains("Worth a look"))
    #expect(try object(patient, ["report"])["suggestions"] == nil)
  }

  @Test(
    "a daily preventive mostly not taken over 46 days: the preventive-pdc-low rule suggests taking-medicine with the PDC"
  )
  func preventiveLow() throws {
    let patient = try Patient()
    try patient.ok([
      "meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", Patient.date(0),
    ])
    for n in [0, 4, 8, 12] {
      patient.day = n
      try patient.ok(["dose", "take", "atogepant"])
    }
    patient.day = 2
    try patient.ok(["dose", "skip", "atogepant", "--reason", "felt sick"])
    patient.day = 45

    let suggestions = try todaySuggestions(patient)
    #expect(suggestions.count == 1, "\(suggestions)")
    let fired = try #require(suggestions.first)
    #expect(fired["rule"] as? String == "preventive-pdc-low")
    #expect(fired["suggest"] as? String == "taking-medicine")
    // 4 days covered of the 46 from the start to today: 8%, rounded down.
    #expect(fired["data"] as? [String: Int] == ["preventive-pdc": 8])
    let reason =
      "Preventive doses covered 8% of days over the last 90 days; 80% is the usual line for a preventive to do its job."
    #expect(fired["reason"] as? String == reason)

    let today = try patient.ok(["today"])
    #expect(
      flat(today).contains(
        "Worth a look: tandem session start taking-medicine. Why: \(reason) (rule preventive-pdc-low)"),
      "\(today)")
    let report = try patient.ok(["report"])
    #expect(
      flat(report).contains("? module taking-medicine: \(reason) (rule preventive-pdc-low; preventive-pdc 8)"),
      "\(report)")
    let json = try object(patient, ["report"])
    #expect((json["suggestions"] as? [[String: Any]])?.first?["data"] as? [String: Int] == ["preventive-pdc": 8])
  }

  @Test("a preventive with only a few days measured suggests nothing, however low its PDC; at 28 days the rule fires")
  func preventiveTooNew() throws {
    let patient = try Patient()
    patient.day = 40
    try patient.ok([
      "meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", Patient.date(40),
    ])
    try patient.ok(["dose", "take", "atogepant"])
    patient.day = 45
    // One dose in six days (PDC 16%), but six days say little.
    #expect(try todaySuggestions(patient).isEmpty)
    #expect(!(try patient.ok(["today"])).contains("Worth a look"))
    let json = try object(patient, ["report"])
    #expect(json["suggestions"] == nil, "\(json["suggestions"] ?? "")")

    // 27 days measured is still too few; at 28 the rule fires (1 of 28 days: 3%).
    patient.day = 66
    #expect(try todaySuggestions(patient).isEmpty)
    patient.day = 67
    let fired = try todaySuggestions(patient)
    #expect(fired.first?["rule"] as? String == "preventive-pdc-low", "\(fired)")
    #expect(fired.first?["data"] as? [String: Int] == ["preventive-pdc": 3])
  }

  @Test("a preventive never taken over 28 days or more has covered 0% of days: the preventive-pdc-low rule fires")
  func preventiveNeverTaken() throws {
    let patient = try Patient()
    try patient.ok([
      "meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", Patient.date(0),
    ])
    patient.day = 40
    let fired = try todaySuggestions(patient)
    #expect(fired.first?["rule"] as? String == "preventive-pdc-low", "\(fired)")
    #expect(fired.first?["data"] as? [String: Int] == ["preventive-pdc": 0])
  }

  @Test("a PHQ-9 with item 9 above 'not at all': the crisis options come first in today, before the Medication section")
  func crisis() throws {
    let patient = try Patient()
    patient.day = 10
    try complete(patient, "mood-check", case: Self.crisisCase)
    patient.day = 11
    let today = try patient.ok(["today"])
    let crisis = try #require(today.range(of: "First, the crisis options"), "\(today)")
    let medication = try #require(today.range(of: "\nMedication"), "\(today)")
    #expect(crisis.lowerBound < medication.lowerBound)
    #expect(today.hasPrefix("Today, "), "the day's heading, then the crisis options")
    #expect(
      flat(today).contains(
        "First, the crisis options: call or text 988 (US) or your local emergency number, or type :crisis in any "
          + "session. Why: A recent answer about distress or thoughts of self-harm was high, so the crisis options "
          + "come first. Please also tell your clinician how you are. (rule crisis-first)"),
      "\(today)")
    #expect(!today.contains("Worth a look: tandem session start crisis"), "crisis is not a module to start")

    let suggestions = try todaySuggestions(patient)
    #expect(suggestions.first?["rule"] as? String == "crisis-first", "\(suggestions)")
    #expect(suggestions.first?["suggest"] as? String == "crisis")
    #expect(suggestions.first?["data"] as? [String: Int] == ["crisis-item": 1])
    let report = try patient.ok(["report"])
    #expect(flat(report).contains("? the crisis options first: A recent answer"), "\(report)")
    #expect(flat(report).contains("(rule crisis-first; crisis-item 1)"), "\(report)")

    // The crisis item counts for 14 days (today and the 13 before it).
    patient.day = 23
    #expect(try todaySuggestions(patient).first?["rule"] as? String == "crisis-first")
    patient.day = 24
    #expect(try todaySuggestions(patient).isEmpty)
    #expect(!(try patient.ok(["today"])).contains("First, the crisis options"))
  }

  @Test(
    "a GAD-7 (no crisis item) completed after a PHQ-9 that fired its crisis item does not clear crisis-item within the 14 days"
  )
  func crisisKeptAfterAnotherQuestionnaire() throws {
    let patient = try Patient()
    patient.day = 10
    try complete(patient, "mood-check", case: Self.crisisCase)
    patient.day = 11
    try complete(patient, "anxiety-check", case: "every item answered by option id")
    // SuggestionRule.facts: "1 when the latest score of a questionnaire with a crisis item fired it
    // in the last 14 days". The GAD-7 has no crisis item, so the PHQ-9's answer still stands.
    let suggestions = try todaySuggestions(patient)
    #expect(suggestions.first?["rule"] as? String == "crisis-first", "\(suggestions)")
    #expect(try patient.ok(["today"]).contains("First, the crisis options"))
  }

  @Test("a fresh store shows no suggestions, and the report has no 'suggestions' key")
  func fresh() throws {
    let patient = try Patient()
    patient.day = 5
    let today = try patient.ok(["today"])
    #expect(!today.contains("Worth a look"), "\(today)")
    #expect(!today.contains("First, the crisis options"))
    #expect(!today.contains("Why:"))
    #expect(try todaySuggestions(patient).isEmpty)
    let report = try patient.ok(["report"])
    #expect(!report.contains("SUGGESTIONS"), "\(report)")
    let json = try object(patient, ["report"])
    #expect(json["suggestions"] == nil)
    #expect(!(try patient.ok(["report", "--format", "json"])).contains("\"suggestions\""))
  }
}
