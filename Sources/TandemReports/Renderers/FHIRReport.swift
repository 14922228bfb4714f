import TandemBase
import TandemCare

/// The report as an HL7 FHIR R4 `Bundle` of type `collection`.
///
/// A pseudonymous `Patient`; a `MedicationRequest` per regimen with `Dosage.timing`; a `MedicationAdministration`
/// per logged dose (`completed`, or `not-done` with the skip reason, and a scheduled dose missed as `not-done` with
/// the reason "missed"); an `Observation` per attack with its features as components, for each day's highest
/// headache severity and for each month's migraine days; a `QuestionnaireResponse` per completed session; and a
/// `Composition` (authored by a `Device`, Tandem) whose narrative is the bottom line. Ids are deterministic hashes
/// of the source records, so the same report gives the same bytes.
public enum FHIRReport {
  /// The local code system for Tandem's own concepts.
  public static let codeSystem = "urn:tandem:fhir:CodeSystem"
  /// The extension that says how a dose counts: on-time, late, extra, as-needed, missed or overdue.
  public static let doseStatusExtension = "urn:tandem:fhir:StructureDefinition/dose-status"
  static let ucum = "http://unitsofmeasure.org"
  static let loinc = "http://loinc.org"
  static let observationCategory = "http://terminology.hl7.org/CodeSystem/observation-category"

  /// Renders the bundle.
  public static func render(_ r: Report) -> String {
    FHIRBuilder(report: r).bundle().rendered()
  }
}

struct FHIRBuilder {
  typealias J = JSONValue
  let report: Report
  let patientID: String

  init(report: Report) {
    self.report = report
    patientID = StableID.uuid("patient", report.header.patientLabel ?? "")
  }

  var patientRef: J { .object([("reference", .string("urn:uuid:\(patientID)"))]) }

  func entry(_ id: String, _ resource: [(String, J)]) -> J {
    .object([("fullUrl", .string("urn:uuid:\(id)")), ("resource", .object(resource))])
  }

  func quantity(_ q: Quantity) -> J {
    var pairs: [(String, J)] = [("value", .double(q.value)), ("unit", .string(q.unit.rawValue))]
    let ucum: [Quantity.Unit: String] = [.mg: "mg", .mcg: "ug", .g: "g", .ml: "mL"]
    if let code = ucum[q.unit] {
      pairs += [("system", .string(FHIRReport.ucum)), ("code", .string(code))]
    }
    return .object(pairs)
  }

  func medication(_ id: String, _ name: String) -> J {
    .object([
      (
        "coding",
        .array([
          .object([
            ("system", .string(FHIRReport.codeSystem + "/medication")), ("code", .string(id)),
            ("display", .string(name)),
          ])
        ])
      ), ("text", .string(name)),
    ])
  }

  func local(_ code: String, _ display: String) -> J {
    .object([
      ("system", .string(FHIRReport.codeSystem + "/observation")), ("code", .string(code)),
      ("display", .string(display)),
    ])
  }

  func bundle() -> J {
    var entries: [J] = []
    var patient: [(String, J)] = [("resourceType", .string("Patient")), ("id", .string(patientID))]
    if let label = report.header.patientLabel {
      patient.append(
        ("identifier", .array([.object([("system", .string("urn:tandem:patient-label")), ("value", .string(label))])])))
    }
    entries.append(entry(patientID, patient))
    var requestIDs: [String: String] = [:]
    for regimen in report.regimens {
      let id = StableID.uuid("regimen", regimen.id)
      requestIDs[regimen.id] = id
      entries.append(entry(id, medicationRequest(regimen, id: id)))
    }
    for dose in report.doseLog {
      entries.append(entry(dose.id, administration(dose, requestID: dose.regimenID.flatMap { requestIDs[$0] })))
    }
    for day in report.days where day.observed {
      guard let severity = day.maxSeverity else { continue }
      let id = StableID.uuid("severity", day.date.description)
      entries.append(
        entry(
          id,
          observation(
            id: id,
            code: [
              .object([
                ("system", .string(FHIRReport.loinc)), ("code", .string("72514-3")),
                ("display", .string("Pain severity - 0-10 verbal numeric rating [Score] - Reported")),
              ]),
              local("daily-max-headache-severity", "Highest headache severity of the day (0-10)"),
            ], text: "Highest headache severity of the day (0-10)",
            effective: ("effectiveDateTime", .string(day.date.description)),
            value: ("valueInteger", .int(severity)))))
    }
    for month in report.months where month.observedDays > 0 {
      let id = StableID.uuid("migraine-days", month.month)
      var resource = observation(
        id: id, code: [local("monthly-migraine-days", "Migraine days in the calendar month (Tandem rule)")],
        text: "Migraine days in the calendar month",
        effective: (
          "effectivePeriod",
          .object([("start", .string(month.from.description)), ("end", .string(month.through.description))])
        ),
        value: (
          "valueQuantity",
          .object([
            ("value", .int(month.migraineDays)), ("unit", .string("days")), ("system", .string(FHIRReport.ucum)),
            ("code", .string("d")),
          ])
        ))
      resource.append(
        (
          "note",
          .array([.object([("text", .string("\(month.observedDays) diary days in the month within the period"))])])
        ))
      entries.append(entry(id, resource))
    }
    for attack in report.attacks {
      let id = StableID.uuid("attack", attack.id)
      entries.append(entry(id, attackObservation(attack, id: id)))
    }
    // Questionnaire totals: LOINC where the measure has a total score code, Tandem's own code always.
    let loincTotals = [
      "phq-9": ("44261-6", "Patient Health Questionnaire 9 item (PHQ-9) total score [Reported]"),
      "gad-7": ("70274-6", "Generalized anxiety disorder 7 item (GAD-7) total score [Reported.PHQ]"),
    ]
    for line in report.therapy.measures ?? [] {
      guard line.total != nil || line.crisis else { continue }
      let id = StableID.uuid("measure", line.sessionID, line.measure, line.at)
      var code = [local("questionnaire-total-\(line.measure)", "\(line.title) total score")]
      if let (loinc, display) = loincTotals[line.measure] {
        code.insert(
          .object([("system", .string(FHIRReport.loinc)), ("code", .string(loinc)), ("display", .string(display))]),
          at: 0)
      }
      var resource = observation(
        id: id, code: code, text: "\(line.title) total score", effective: ("effectiveDateTime", .string(line.at)),
        value: line.total.map { ("valueInteger", .int($0)) }
          ?? ("dataAbsentReason", .object([("text", .string("not scored: \(line.missing) items skipped"))])))
      if let band = line.band { resource.append(("interpretation", .array([.object([("text", .string(band))])]))) }
      var notes: [String] = []
      if line.prorated { notes.append("prorated over \(line.missing) skipped item\(line.missing == 1 ? "" : "s")") }
      if line.crisis {
        notes.append("the crisis item was answered above its threshold; Tandem showed the crisis page at once")
      }
      if !notes.isEmpty {
        resource.append(("note", .array(notes.map { .object([("text", .string($0))]) })))
      }
      entries.append(entry(id, resource))
    }
    for session in report.therapy.sessionLines where session.status == "completed" {
      let id = StableID.uuid("session", session.id)
      entries.append(entry(id, questionnaireResponse(session, id: id)))
    }
    let deviceID = StableID.uuid("device", "tandem")
    entries.append(
      entry(
        deviceID,
        [
          ("resourceType", .string("Device")), ("id", .string(deviceID)),
          ("deviceName", .array([.object([("name", .string("Tandem")), ("type", .string("user-friendly-name"))])])),
        ]))
    let compositionID = StableID.uuid(
      "composition", report.header.patientLabel ?? "", report.header.from.description,
      report.header.through.description, report.header.generatedAt)
    entries.append(entry(compositionID, composition(id: compositionID, deviceID: deviceID)))
    let bundleID = StableID.uuid(
      "bundle", report.header.patientLabel ?? "", report.header.from.description, report.header.through.description,
      report.header.generatedAt)
    return .object([
      ("resourceType", .string("Bundle")), ("id", .string(bundleID)),
      ("meta", .object([("lastUpdated", .string(report.header.generatedAt))])), ("type", .string("collection")),
      ("timestamp", .string(report.header.generatedAt)), ("entry", .array(entries)),
    ])
  }

  /// The bottom line as a narrative, for systems that show a document's summary first.
  func composition(id: String, deviceID: String) -> [(String, J)] {
    let items = report.bottomLine.map { "<li>\(HTMLText.escape($0))</li>" }.joined()
    let div = "<div xmlns=\"http://www.w3.org/1999/xhtml\"><ul>\(items)</ul></div>"
    let h = report.header
    let title = "Tandem prescriber report, \(h.from) to \(h.through): bottom line"
    return [
      ("resourceType", .string("Composition")), ("id", .string(id)),
      ("text", .object([("status", .string("generated")), ("div", .string(div))])), ("status", .string("final")),
      (
        "type",
        .object([
          ("coding", .array([local("prescriber-report-summary", "Prescriber report summary")])),
          ("text", .string("Prescriber report summary")),
        ])
      ),
      ("subject", patientRef), ("date", .string(h.generatedAt)),
      ("author", .array([.object([("reference", .string("urn:uuid:\(deviceID)"))])])), ("title", .string(title)),
      (
        "section",
        .array([
          .object([
            ("title", .string("Bottom line")),
            ("text", .object([("status", .string("generated")), ("div", .string(div))])),
          ])
        ])
      ),
    ]
  }

  /// One attack: severity as the value, its start and end as the period, each feature as a component.
  func attackObservation(_ attack: AttackLine, id: String) -> [(String, J)] {
    var components: [J] = []
    func component(_ code: String, _ display: String, _ value: (String, J)) {
      components.append(
        .object([("code", .object([("coding", .array([local(code, display)])), ("text", .string(display))])), value]))
    }
    component("aura", "Aura", ("valueBoolean", .bool(attack.aura)))
    if let minutes = attack.auraMinutes {
      component("aura-duration", "Aura duration", ("valueQuantity", minutesQuantity(minutes)))
    }
    for (code, display, symptom) in [
      ("nausea-or-vomiting", "Nausea or vomiting", "nausea or vomiting"),
      ("photophobia", "Photophobia", "light sensitivity"),
      ("phonophobia", "Phonophobia", "sound sensitivity"),
    ] {
      component(code, display, ("valueBoolean", .bool(attack.symptoms.contains(symptom))))
    }
    for (code, display, symptom) in [
      ("unilateral", "Unilateral pain", "one-sided"), ("pulsating", "Pulsating pain", "throbbing"),
      ("aggravated-by-activity", "Aggravated by routine activity", "worse with activity"),
    ] where attack.symptoms.contains(symptom) {
      component(code, display, ("valueBoolean", .bool(true)))
    }
    if let minutes = attack.durationMinutes {
      component("duration", "Duration", ("valueQuantity", minutesQuantity(minutes)))
    }
    for intake in attack.acute {
      component(
        "acute-medication", "Acute medication taken",
        ("valueString", .string("\(intake.name)\(intake.amount.map { " \($0)" } ?? "") at \(intake.at)")))
    }
    if let relief = attack.relief {
      component(
        "relief", "Relief from acute medication",
        (
          "valueCodeableConcept",
          .object([("coding", .array([local("relief-\(relief)", relief)])), ("text", .string(relief))])
        ))
    }
    if let disability = attack.disability {
      component("disability", "Disability (0-3)", ("valueInteger", .int(disability)))
    }
    var period: [(String, J)] = [("start", .string(attack.start))]
    if let end = attack.end { period.append(("end", .string(end))) }
    var resource = observation(
      id: id,
      code: [
        local("headache-attack", "Headache attack (patient diary)")
      ], text: "Headache attack, worst severity 0-10",
      effective: ("effectivePeriod", .object(period)), value: ("valueInteger", .int(attack.severity)))
    resource.append(("component", .array(components)))
    if let note = attack.note { resource.append(("note", .array([.object([("text", .string(note))])]))) }
    return resource
  }

  func minutesQuantity(_ minutes: Int) -> J {
    .object([
      ("value", .int(minutes)), ("unit", .string("min")), ("system", .string(FHIRReport.ucum)),
      ("code", .string("min")),
    ])
  }

  func observation(id: String, code: [J], text: String, effective: (String, J), value: (String, J)) -> [(String, J)] {
    [
      ("resourceType", .string("Observation")), ("id", .string(id)), ("status", .string("final")),
      (
        "category",
        .array([
          .object([
            (
              "coding",
              .array([.object([("system", .string(FHIRReport.observationCategory)), ("code", .string("survey"))])])
            )
          ])
        ])
      ),
      ("code", .object([("coding", .array(code)), ("text", .string(text))])), ("subject", patientRef), effective, value,
    ]
  }

  func medicationRequest(_ regimen: Report.RegimenLine, id: String) -> [(String, J)] {
    let status = regimen.status == "ended" ? "completed" : "active"
    var bounds: [(String, J)] = [("start", .string(regimen.start.description))]
    if let end = regimen.end { bounds.append(("end", .string(end.description))) }
    var dosages: [J] = []
    switch regimen.schedule {
    case .loading(let loadingDose, let maintenance):
      dosages.append(
        .object([
          ("sequence", .int(1)), ("text", .string("\(loadingDose) loading dose on \(regimen.start)")),
          (
            "timing",
            .object([("repeat", .object([("boundsPeriod", .object(bounds)), ("count", .int(1))]))])
          ),
          ("doseAndRate", .array([.object([("doseQuantity", quantity(loadingDose))])])),
        ]))
      dosages.append(dosage(maintenance, text: regimen.scheduleText, dose: regimen.dose, bounds: bounds, sequence: 2))
    default:
      dosages.append(
        dosage(regimen.schedule, text: regimen.scheduleText, dose: regimen.dose, bounds: bounds, sequence: nil))
    }
    return [
      ("resourceType", .string("MedicationRequest")), ("id", .string(id)), ("status", .string(status)),
      ("intent", .string("order")), ("medicationCodeableConcept", medication(regimen.medicationID, regimen.name)),
      ("subject", patientRef), ("authoredOn", .string(regimen.start.description)),
      ("dosageInstruction", .array(dosages)),
    ]
  }

  func dosage(_ schedule: Schedule, text: String, dose: Quantity, bounds: [(String, J)], sequence: Int?) -> J {
    var pairs: [(String, J)] = []
    if let sequence { pairs.append(("sequence", .int(sequence))) }
    pairs.append(("text", .string(text)))
    var repeatPairs: [(String, J)] = [("boundsPeriod", .object(bounds))]
    func every(_ frequency: Int, _ period: Int, _ unit: String) {
      repeatPairs += [("frequency", .int(frequency)), ("period", .int(period)), ("periodUnit", .string(unit))]
    }
    func times(_ list: [LocalTime]) {
      repeatPairs.append(("timeOfDay", .array(list.map { .string("\($0):00") })))
    }
    switch schedule {
    case .daily(let list):
      every(list.count, 1, "d")
      times(list.sorted())
    case .everyNDays(let interval, let at):
      every(1, interval, "d")
      times([at])
    case .weekly(let weekdays, let at):
      every(weekdays.count, 1, "wk")
      repeatPairs.append(("dayOfWeek", .array(weekdays.map { .string(String($0.rawValue.prefix(3))) })))
      times([at])
    case .everyNWeeks(let interval, let at):
      every(1, interval, "wk")
      times([at])
    case .monthly(_, let at):
      every(1, 1, "mo")
      times([at])
    case .everyNMonths(let interval, let at):
      every(1, interval, "mo")
      times([at])
    case .loading(_, let maintenance):
      return dosage(maintenance, text: text, dose: dose, bounds: bounds, sequence: sequence)
    case .asNeeded:
      break
    }
    pairs.append(("timing", .object([("repeat", .object(repeatPairs))])))
    if case .asNeeded(let maximum, _) = schedule {
      pairs.append(("asNeededBoolean", .bool(true)))
      pairs.append(("doseAndRate", .array([.object([("doseQuantity", quantity(dose))])])))
      if let maximum {
        pairs.append(
          (
            "maxDosePerPeriod",
            .object([
              ("numerator", quantity(maximum)),
              (
                "denominator",
                .object([
                  ("value", .int(1)), ("unit", .string("d")), ("system", .string(FHIRReport.ucum)),
                  ("code", .string("d")),
                ])
              ),
            ])
          ))
      }
    } else {
      pairs.append(("doseAndRate", .array([.object([("doseQuantity", quantity(dose))])])))
    }
    return .object(pairs)
  }

  func administration(_ dose: DoseLogEntry, requestID: String?) -> [(String, J)] {
    let notDone = dose.kind == "skipped" || dose.kind == "missed"
    var pairs: [(String, J)] = [
      ("resourceType", .string("MedicationAdministration")), ("id", .string(dose.id)),
    ]
    // How the dose counts (on-time, late, extra, as-needed, missed, overdue), as the report's other formats count it.
    if let status = dose.status {
      pairs.append(
        (
          "extension",
          .array([
            .object([
              ("url", .string(FHIRReport.doseStatusExtension)), ("valueCode", .string(status)),
            ])
          ])
        ))
    }
    pairs.append(("status", .string(notDone ? "not-done" : "completed")))
    if let reason = dose.reason {
      pairs.append(("statusReason", .array([.object([("text", .string(reason))])])))
    } else if dose.kind == "missed" {
      pairs.append(
        (
          "statusReason",
          .array([
            .object([
              (
                "coding",
                .array([
                  .object([
                    ("system", .string(FHIRReport.codeSystem + "/dose-status")), ("code", .string("missed")),
                    ("display", .string("Missed")),
                  ])
                ])
              ), ("text", .string("missed: no dose recorded by the end of its on-time window")),
            ])
          ])
        ))
    }
    pairs += [
      ("medicationCodeableConcept", medication(dose.medicationID, dose.name)), ("subject", patientRef),
      ("effectiveDateTime", .string(dose.at)),
    ]
    if let requestID { pairs.append(("request", .object([("reference", .string("urn:uuid:\(requestID)"))]))) }
    if !notDone, let amount = dose.amount { pairs.append(("dosage", .object([("dose", quantity(amount))]))) }
    return pairs
  }

  func questionnaireResponse(_ session: TherapySummary.SessionLine, id: String) -> [(String, J)] {
    let items: [J] = session.answers.compactMap { answer in
      let value: (String, J)
      switch answer.type {
      case "number": value = ("valueInteger", .int(answer.number ?? 0))
      case "safety": value = ("valueBoolean", .bool(answer.number == 1))
      case "options":
        let options = answer.options ?? []
        guard !options.isEmpty else { return nil }
        return .object([
          ("linkId", .string(answer.stepID)), ("text", .string(answer.question)),
          (
            "answer",
            .array(
              options.map {
                .object([
                  (
                    "valueCoding",
                    .object([
                      ("system", .string("urn:tandem:module:\(session.moduleID):\(answer.stepID)")),
                      ("code", .string($0.id)),
                      ("display", .string($0.label)),
                    ])
                  )
                ])
              })
          ),
        ])
      default:
        guard let text = answer.text, !text.isEmpty else { return nil }
        value = ("valueString", .string(text))
      }
      return .object([
        ("linkId", .string(answer.stepID)), ("text", .string(answer.question)), ("answer", .array([.object([value])])),
      ])
    }
    var pairs: [(String, J)] = [
      ("resourceType", .string("QuestionnaireResponse")), ("id", .string(id)),
      ("questionnaire", .string("urn:tandem:module:\(session.moduleID)|\(session.moduleVersion)")),
      ("status", .string("completed")), ("subject", patientRef), ("authored", .string(session.lastActivity)),
    ]
    if !items.isEmpty { pairs.append(("item", .array(items))) }
    return pairs
  }
}
