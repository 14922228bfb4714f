import Foundation
import TandemCare
import TandemTherapy

/// JSON Schemas (draft 2020-12) for the files authors edit, generated from the same field tables
/// the loader checks keys against (`ModuleDecoder.moduleFields`, `commonStepFields`, `kindFields`,
/// `SnippetDecoder.fields`, the catalogue's fields), so an editor offers exactly what Tandem accepts.
public enum ContentSchema {
  /// The schema files, by the name they are kept under in `docs/schema/`.
  public static func all() -> [(file: String, json: String)] {
    [
      ("module.schema.json", json(module())),
      ("snippet.schema.json", json(snippet())),
      ("module-test.schema.json", json(moduleTest())),
      ("medications.schema.json", json(catalogue())),
      ("measure.schema.json", json(measure())),
      ("program.schema.json", json(program())),
    ]
  }

  // MARK: - Field types, keyed by the loader's field names

  /// Any scalar: Tandem reads every scalar (`3`, `yes`) as text where text is expected.
  static var text: [String: Any] { ["type": ["string", "number", "boolean"]] }
  static let identifier = "^[a-z0-9_][a-z0-9_-]{0,63}$"

  static func described(_ schema: [String: Any], _ description: String) -> [String: Any] {
    var copy = schema
    copy["description"] = description
    return copy
  }

  static func integer(_ range: ClosedRange<Int>, _ description: String) -> [String: Any] {
    ["type": "integer", "minimum": range.lowerBound, "maximum": range.upperBound, "description": description]
  }

  /// Schemas for the module's top-level fields.
  static var moduleFieldTypes: [String: [String: Any]] {
    let audience = Audience.allCases.map(\.rawValue)
    return [
      "id": ["type": "string", "pattern": identifier, "description": "Unique module id; equal to the file name."],
      "version": integer(1...1_000_000, "Raise it whenever the content changes."),
      "title": described(text, "Title shown to patients."),
      "approach": ["enum": Approach.allCases.map(\.rawValue), "description": "The therapeutic approach."],
      "process": ["enum": ACTProcess.allCases.map(\.rawValue), "description": "The ACT process the module works on."],
      "audience": [
        "description": "Who the module is for: adult, teen, or a list of both. Default [adult].",
        "oneOf": [["enum": audience], ["type": "array", "items": ["enum": audience], "minItems": 1]],
      ],
      "minutes": integer(1...240, "Estimated minutes to complete."),
      "summary": described(text, "One paragraph for the module list."),
      "steps": [
        "type": "array", "minItems": 1, "items": ["$ref": "#/$defs/step"], "description": "The steps, in order.",
      ],
      "migrations": [
        "type": "object", "additionalProperties": ["type": "string", "pattern": identifier],
        "description": "How sessions on an older version move to this one: old step id → new step id.",
      ],
    ]
  }

  /// Schemas for step fields (common and per kind; a field means the same in every kind).
  static var stepFieldTypes: [String: [String: Any]] {
    [
      "id": [
        "type": "string", "pattern": identifier, "not": ["const": "end"],
        "description": "Unique within the module; later steps use it in conditions and {{…}}.",
      ],
      "kind": ["enum": ModuleDecoder.kindFields.keys.sorted(), "description": "What the step shows or asks."],
      "title": described(text, "A heading for the screen."),
      "when": [
        "type": "string", "description": "Show the step only when this condition on earlier answers holds.",
      ],
      "next": ["type": "string", "description": "Where to go afterwards: a step id or end."],
      "optional": ["type": "boolean", "description": "Let the patient skip the step with :skip."],
      "body": described(text, "The page of text (or the timer's guidance)."),
      "include": ["type": "string", "pattern": identifier, "description": "A snippet id from Content/snippets/."],
      "question": described(text, "What to ask."),
      "min-length": integer(0...100_000, "Fewest characters accepted (default 1)."),
      "max-length": integer(1...100_000, "Most characters accepted (default 1000)."),
      "min": integer(-1000...1000, "Lowest value (default 0)."),
      "max": integer(-1000...1000, "Highest value (default 10)."),
      "anchors": [
        "type": "object", "description": "Labels for some values: value: label.",
        "propertyNames": ["pattern": "^-?[0-9]+$"], "additionalProperties": text,
      ],
      "rating": ["type": "string", "description": "Name of a before/after rating pair, such as tension."],
      "phase": ["enum": ["before", "after"], "description": "Which half of the rating pair."],
      "multiple": ["type": "boolean", "description": "Let the patient choose several options."],
      "options": ["type": "array", "minItems": 1, "items": ["$ref": "#/$defs/option"]],
      "seconds": integer(1...3600, "Total length of the exercise in seconds."),
      "phases": ["type": "array", "items": ["$ref": "#/$defs/phase"]],
      "items": ["type": "array", "items": text, "description": "Warning signs, one short line each."],
      "guidance": described(text, "What to do now if the answer is yes."),
      "measure": [
        "type": "string", "pattern": identifier, "description": "A measure id from Content/measures/ (questionnaire).",
      ],
    ]
  }

  /// Which fields each kind needs; any one of the alternatives will do.
  static let kindRequirements: [String: [[String]]] = [
    "text": [["body"], ["include"]],
    "prompt": [["question"]],
    "scale": [["question"]],
    "choice": [["question", "options"]],
    "timer": [["seconds", "body"], ["seconds", "include"]],
    "safety": [["items", "guidance"], ["include"]],
    "dose-check": [],
    "attack-check": [],
    "questionnaire": [["measure"]],
  ]

  static var snippetFieldTypes: [String: [String: Any]] {
    [
      "id": ["type": "string", "pattern": identifier, "description": "The snippet id; equal to the file name."],
      "title": described(text, "A label for authors."),
      "body": described(text, "Text for text and timer steps."),
      "question": described(text, "The question of a safety screen."),
      "items": ["type": "array", "items": text, "description": "Warning signs of a safety screen."],
      "guidance": described(text, "Urgent-care guidance of a safety screen."),
    ]
  }

  static var measureFieldTypes: [String: [String: Any]] {
    let id: [String: Any] = ["type": "string", "pattern": "^[a-z0-9][a-z0-9-]{0,31}$"]
    let whole: [String: Any] = ["type": "integer"]
    return [
      "id": described(id, "The measure id; equal to the file name."),
      "version": integer(1...1_000_000, "Raise it whenever items, options or scoring change."),
      "title": described(text, "Short name shown to patients and clinicians, such as PHQ-9."),
      "instructions": described(text, "Shown once, before the first item."),
      "stem": described(text, "Shown above every item."),
      "licence": described(text, "The measure's licence, as found."),
      "options": [
        "type": "array", "minItems": 1, "description": "Response options shared by every item answered by choice.",
        "items": [
          "type": "object", "required": MeasureDecoder.optionFields, "additionalProperties": false,
          "properties": properties(MeasureDecoder.optionFields, ["id": id, "label": text, "score": whole]),
        ],
      ],
      "items": [
        "type": "array", "minItems": 1, "maxItems": 100, "description": "The questions, in the order asked.",
        "items": [
          "type": "object", "required": ["id", "text"], "additionalProperties": false,
          "properties": properties(
            MeasureDecoder.itemFields,
            [
              "id": id, "text": text, "reverse": ["type": "boolean"],
              "count": [
                "type": "object", "required": MeasureDecoder.countFields, "additionalProperties": false,
                "description": "Answered by a whole number (days), which is the item's score.",
                "properties": properties(
                  MeasureDecoder.countFields,
                  ["min": integer(0...10_000, "Lowest"), "max": integer(0...10_000, "Highest"), "unit": text]),
              ],
            ]),
        ],
      ],
      "subscales": [
        "type": "array",
        "items": [
          "type": "object", "required": ["id", "title", "items"], "additionalProperties": false,
          "properties": properties(
            MeasureDecoder.subscaleFields,
            ["id": id, "title": text, "items": ["type": "array", "minItems": 1, "items": id], "positive-at": whole]),
        ],
      ],
      "bands": [
        "type": "array", "minItems": 1, "description": "Every possible total in exactly one band, in order.",
        "items": [
          "type": "object", "required": MeasureDecoder.bandFields, "additionalProperties": false,
          "properties": properties(MeasureDecoder.bandFields, ["min": whole, "max": whole, "label": text]),
        ],
      ],
      "missing": [
        "description": "none (any missing item leaves the total out) or {prorate-up-to: N}.",
        "oneOf": [
          ["const": "none"],
          [
            "type": "object", "required": MeasureDecoder.missingFields, "additionalProperties": false,
            "properties": ["prorate-up-to": integer(0...100, "Most items that may be missing.")],
          ],
        ],
      ],
      "crisis": [
        "type": "object", "required": MeasureDecoder.crisisFields, "additionalProperties": false,
        "description": "The item whose score above 'above' shows the crisis page at once.",
        "properties": properties(MeasureDecoder.crisisFields, ["item": id, "above": whole, "message": text]),
      ],
    ]
  }

  static var testCaseFieldTypes: [String: [String: Any]] {
    [
      "name": described(text, "What the case checks, shown in reports."),
      "answers": [
        "type": "array", "description": "One answer per shown step, as typed; \"\" continues; :back, :skip, :pause.",
        "items": ["anyOf": [text, ["type": "null"], ["type": "array", "items": text]]],
      ],
      "path": [
        "type": "array", "items": ["type": "string"], "description": "Every step id expected to be shown, in order.",
      ],
      "text": [
        "type": "object", "additionalProperties": text,
        "description": "step-id: a fragment of the step's interpolated text that must appear.",
      ],
      "status": [
        "enum": ModuleTestFile.statuses.map(\.rawValue), "description": "How the session should end.",
      ],
    ]
  }

  static var medicationFieldTypes: [String: [String: Any]] {
    let names: [String: Any] = ["type": "array", "items": ["type": "string"]]
    let quantity: [String: Any] = ["type": "string", "description": "An amount with its unit, such as 70 mg."]
    return [
      "id": ["type": "string", "pattern": identifier],
      "generic": ["type": "string"],
      "other-names": names,
      "brands": names,
      "class": ["enum": MedicationClass.allCases.map(\.rawValue)],
      "use": ["enum": MedicationUse.allCases.map(\.rawValue)],
      "routes": ["type": "array", "minItems": 1, "items": ["enum": Medication.Route.allCases.map(\.rawValue)]],
      "strengths": ["type": "array", "items": quantity],
      "overuse": ["enum": OveruseClass.allCases.map(\.rawValue)],
      "max-per-24h": quantity,
      "min-hours-between-doses": ["type": "number", "minimum": 0.25, "maximum": 168],
      "restarts-schedule-when-late": ["type": "boolean"],
      "late-window-hours": ["type": "number", "minimum": 0, "maximum": 744],
      "notes": text,
    ]
  }

  // MARK: - Schemas

  /// `fields` as properties, in the loader's order; a field with no known type allows anything.
  static func properties(_ fields: [String], _ types: [String: [String: Any]]) -> [String: Any] {
    Dictionary(fields.map { ($0, types[$0] ?? [:]) }, uniquingKeysWith: { a, _ in a })
  }

  static func module() -> [String: Any] {
    var branches: [[String: Any]] = []
    for kind in ModuleDecoder.kindFields.keys.sorted() {
      let fields = ModuleDecoder.commonStepFields + (ModuleDecoder.kindFields[kind] ?? [])
      var then: [String: Any] = [
        "properties": properties(fields, stepFieldTypes), "additionalProperties": false,
      ]
      let requirements = kindRequirements[kind] ?? []
      if requirements.count == 1, let only = requirements.first {
        then["required"] = only
      } else if requirements.count > 1 {
        then["anyOf"] = requirements.map { ["required": $0] }
      }
      branches.append([
        "if": ["properties": ["kind": ["const": kind]], "required": ["kind"]],
        "then": then,
      ])
    }
    return [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://tandem.invalid/schema/module.schema.json",
      "title": "Tandem module",
      "description": "A therapy module: see docs/authoring.md. Generated from the loader's field tables.",
      "type": "object",
      "required": ["id", "version", "title", "approach", "minutes", "summary", "steps"],
      "properties": properties(ModuleDecoder.moduleFields, moduleFieldTypes),
      "additionalProperties": false,
      "$defs": [
        "step": [
          "type": "object", "required": ["id", "kind"],
          "properties": ["kind": stepFieldTypes["kind"] ?? [:]],
          "allOf": branches,
        ],
        "option": [
          "type": "object", "required": ["id", "label"], "additionalProperties": false,
          "properties": [
            "id": ["type": "string", "pattern": identifier],
            "label": described(text, "What the patient reads."),
            "next": ["type": "string", "description": "Where this option leads (single choice only)."],
            "exclusive": [
              "type": "boolean",
              "description": "On a multiple choice, the option can only be chosen on its own (\"None of these\").",
            ],
          ],
        ],
        "phase": [
          "type": "object", "required": ["label", "seconds"], "additionalProperties": false,
          "properties": ["label": text, "seconds": integer(1...600, "How long the phase lasts.")],
        ],
      ],
    ]
  }

  static func snippet() -> [String: Any] {
    [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://tandem.invalid/schema/snippet.schema.json",
      "title": "Tandem snippet",
      "description": "Reusable text in Content/snippets/: a body, or a safety screen's items and guidance.",
      "type": "object",
      "required": ["id"],
      "anyOf": [["required": ["body"]], ["required": ["items"]]],
      "properties": properties(SnippetDecoder.fields, snippetFieldTypes),
      "additionalProperties": false,
    ]
  }

  static func measure() -> [String: Any] {
    [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://tandem.invalid/schema/measure.schema.json",
      "title": "Tandem measure",
      "description": "A scored questionnaire in Content/measures/: see docs/measures.md.",
      "type": "object",
      "required": ["id", "version", "title", "instructions", "items", "bands"],
      "properties": properties(MeasureDecoder.fields, measureFieldTypes),
      "additionalProperties": false,
    ]
  }

  static var programFieldTypes: [String: [String: Any]] {
    let id: [String: Any] = ["type": "string", "pattern": identifier]
    let week: [String: Any] = ["type": "integer", "minimum": 1, "maximum": 52]
    return [
      "id": described(id, "The program id; equal to the file name."),
      "version": integer(1...1_000_000, "Raise it whenever the program changes."),
      "title": described(text, "Shown to patients."),
      "audience": ["enum": Audience.allCases.map(\.rawValue), "description": "adult or teen."],
      "weeks": integer(1...52, "How many weeks the program runs."),
      "summary": described(text, "One paragraph for 'tandem program list'."),
      "medication": [
        "type": "object", "required": ProgramDecoder.medicationFields, "additionalProperties": false,
        "description": "The medication context the program expects: stated, never prescribing.",
        "properties": properties(
          ProgramDecoder.medicationFields,
          [
            "expects": ["type": "array", "items": ["enum": Program.Expectation.allCases.map(\.rawValue)]],
            "note": text,
          ]),
      ],
      "sessions": [
        "type": "array", "minItems": 1, "description": "In week order; each opens in its week.",
        "items": [
          "type": "object", "required": ["week", "module"], "additionalProperties": false,
          "properties": properties(
            ProgramDecoder.sessionFields,
            [
              "week": week, "module": id, "parent": described(text, "A page for a parent or carer (teen programs)."),
              "practice": [
                "type": "object", "required": ProgramDecoder.practiceFields, "additionalProperties": false,
                "properties": properties(
                  ProgramDecoder.practiceFields,
                  ["module": id, "days": integer(1...7, "Days of practice a week."), "text": text]),
              ],
            ]),
        ],
      ],
      "measures": [
        "type": "array",
        "items": [
          "type": "object", "required": ProgramDecoder.measureFields, "additionalProperties": false,
          "properties": properties(
            ProgramDecoder.measureFields,
            [
              "module": id,
              "weeks": [
                "type": "array", "minItems": 1, "uniqueItems": true,
                "items": ["type": "integer", "minimum": 0, "maximum": 52],
              ],
            ]),
        ],
      ],
    ]
  }

  static func program() -> [String: Any] {
    [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://tandem.invalid/schema/program.schema.json",
      "title": "Tandem program",
      "description": "A multi-week care program in Content/programs/: see docs/programs.md.",
      "type": "object",
      "required": ["id", "version", "title", "audience", "weeks", "summary", "medication", "sessions"],
      "properties": properties(ProgramDecoder.fields, programFieldTypes),
      "additionalProperties": false,
    ]
  }

  static func moduleTest() -> [String: Any] {
    [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://tandem.invalid/schema/module-test.schema.json",
      "title": "Tandem module tests",
      "description": "MODULE-ID.test.yaml: a list of test cases run by 'tandem test'.",
      "type": "array",
      "minItems": 1,
      "items": [
        "type": "object", "required": ["name", "answers"],
        "properties": properties(ModuleTestFile.caseFields, testCaseFieldTypes),
        "additionalProperties": false,
      ],
    ]
  }

  static func catalogue() -> [String: Any] {
    [
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://tandem.invalid/schema/medications.schema.json",
      "title": "Tandem medication catalogue (placeholder)",
      "description": "Content/medications.yaml. Field names follow the catalogue loader; value checks are loose.",
      "type": "object",
      "required": ["medications"],
      "properties": properties(
        CatalogueLoader.fileFields,
        [
          "medications": [
            "type": "array",
            "items": [
              "type": "object", "required": ["id", "generic", "class", "use", "routes", "overuse"],
              "properties": properties(MedicationDecoder.fields, medicationFieldTypes),
              "additionalProperties": false,
            ],
          ]
        ]),
      "additionalProperties": false,
    ]
  }

  /// Pretty, key-sorted JSON with a final newline.
  static func json(_ object: [String: Any]) -> String {
    guard
      let data = try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return "{}\n" }
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
