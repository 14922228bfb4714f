import Foundation
import Testing

@testable import TandemContent

/// The JSON Schemas in docs/schema/ match the loader's field tables, and an independent
/// validator (PyPI's check-jsonschema) accepts every shipped file and rejects a broken one.
@Suite("authoring: JSON Schema")
struct SchemaTests {
  static let repository: URL = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" && !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
      url.deleteLastPathComponent()
    }
    return url
  }()
  static let schemaFolder = repository.appendingPathComponent("docs/schema")

  static func decoded(_ name: String) throws -> [String: Any] {
    let data = try Data(contentsOf: schemaFolder.appendingPathComponent(name))
    return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
  }

  static func keys(_ object: Any?) -> Set<String> { Set(((object as? [String: Any]) ?? [:]).keys) }

  @Test("the checked-in schema files are what the generator writes (TANDEM_RECORD_SCHEMA=1 rewrites them)")
  func checkedInSchemasAreCurrent() throws {
    for (file, json) in ContentSchema.all() {
      let url = Self.schemaFolder.appendingPathComponent(file)
      if ProcessInfo.processInfo.environment["TANDEM_RECORD_SCHEMA"] == "1" {
        try FileManager.default.createDirectory(at: Self.schemaFolder, withIntermediateDirectories: true)
        try Data(json.utf8).write(to: url)
      }
      let onDisk = String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self)
      #expect(onDisk == json, "docs/schema/\(file) is stale; run the tests with TANDEM_RECORD_SCHEMA=1")
    }
  }

  @Test("every module, step and kind field the loader accepts is in the schema, and nothing else")
  func moduleFieldsMatchTheLoader() throws {
    let schema = try Self.decoded("module.schema.json")
    #expect(Self.keys(schema["properties"]) == Set(ModuleDecoder.moduleFields))
    #expect(Set(ContentSchema.moduleFieldTypes.keys) == Set(ModuleDecoder.moduleFields))
    let step = try #require((schema["$defs"] as? [String: Any])?["step"] as? [String: Any])
    let branches = try #require(step["allOf"] as? [[String: Any]])
    var kinds: Set<String> = []
    for branch in branches {
      let kind = try #require(
        ((branch["if"] as? [String: Any])?["properties"] as? [String: Any]).flatMap {
          ($0["kind"] as? [String: Any])?["const"] as? String
        })
      kinds.insert(kind)
      let fields = Self.keys((branch["then"] as? [String: Any])?["properties"])
      #expect(fields == Set(ModuleDecoder.commonStepFields + (ModuleDecoder.kindFields[kind] ?? [])), "kind \(kind)")
    }
    #expect(kinds == Set(ModuleDecoder.kindFields.keys))
    let typed = Set(ContentSchema.stepFieldTypes.keys)
    let loader = Set(ModuleDecoder.commonStepFields + ModuleDecoder.kindFields.values.flatMap { $0 })
    #expect(typed == loader, "step fields with a schema type but unknown to the loader, or the reverse")
    #expect(Set(ContentSchema.kindRequirements.keys) == Set(ModuleDecoder.kindFields.keys))
  }

  @Test("snippet, test-file and catalogue schemas list exactly the loaders' fields")
  func otherFieldsMatchTheirLoaders() throws {
    #expect(Self.keys(try Self.decoded("snippet.schema.json")["properties"]) == Set(SnippetDecoder.fields))
    #expect(Set(ContentSchema.snippetFieldTypes.keys) == Set(SnippetDecoder.fields))
    let test = try Self.decoded("module-test.schema.json")
    #expect(Self.keys((test["items"] as? [String: Any])?["properties"]) == Set(ModuleTestFile.caseFields))
    #expect(Set(ContentSchema.testCaseFieldTypes.keys) == Set(ModuleTestFile.caseFields))
    let catalogue = try Self.decoded("medications.schema.json")
    #expect(Self.keys(catalogue["properties"]) == Set(CatalogueLoader.fileFields))
    let medication = ((catalogue["properties"] as? [String: Any])?["medications"] as? [String: Any])?["items"]
    #expect(Self.keys((medication as? [String: Any])?["properties"]) == Set(MedicationDecoder.fields))
    #expect(Set(ContentSchema.medicationFieldTypes.keys) == Set(MedicationDecoder.fields))
    #expect(Self.keys(try Self.decoded("measure.schema.json")["properties"]) == Set(MeasureDecoder.fields))
    #expect(Set(ContentSchema.measureFieldTypes.keys) == Set(MeasureDecoder.fields))
    #expect(Self.keys(try Self.decoded("program.schema.json")["properties"]) == Set(ProgramDecoder.fields))
    #expect(Set(ContentSchema.programFieldTypes.keys) == Set(ProgramDecoder.fields))
  }
}

/// check-jsonschema, found on PATH. Required (a missing tool fails) when TANDEM_REQUIRE_TOOLS=1.
enum CheckJSONSchema {
  static let path: String? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    return folders.map { $0 + "/check-jsonschema" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()
  static var shouldRun: Bool { path != nil || ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1" }

  /// Runs the validator; its exit status and combined output.
  static func validate(schema: String, files: [String]) throws -> (Int32, String) {
    let tool = try #require(path, "check-jsonschema is not installed: pip install check-jsonschema")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = ["--schemafile", schema] + files
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: output, as: UTF8.self))
  }
}

@Suite(
  "authoring: schema against check-jsonschema",
  .enabled(if: CheckJSONSchema.shouldRun, "needs check-jsonschema (pip install check-jsonschema); CI installs it"))
struct SchemaValidatorTests {
  let root = SchemaTests.repository.path
  var schemas: String { root + "/docs/schema" }

  func files(in folder: String, where keep: (String) -> Bool) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root + "/" + folder).filter(keep).sorted()
      .map { root + "/" + folder + "/" + $0 }
  }

  @Test("every shipped module, snippet, test file and the catalogue pass the independent validator")
  func shippedFilesPass() throws {
    // Translations (ID.LANG.yaml) carry text only; the loader checks them against their module.
    let modules = try files(in: "Modules") {
      $0.hasSuffix(".yaml") && !$0.hasSuffix(".test.yaml") && TranslationLoader.language(ofFile: $0) == nil
    }
    let tests = try files(in: "Modules") { $0.hasSuffix(".test.yaml") }
    let snippets = try files(in: "Content/snippets") {
      $0.hasSuffix(".yaml") && TranslationLoader.language(ofFile: $0) == nil
    }
    #expect(modules.count >= 6)
    for (schema, group) in [("module", modules), ("module-test", tests), ("snippet", snippets)] {
      let (status, output) = try CheckJSONSchema.validate(schema: "\(schemas)/\(schema).schema.json", files: group)
      #expect(status == 0, Comment(rawValue: "\(schema): \(output)"))
    }
    let measures = try files(in: "Content/measures") { $0.hasSuffix(".yaml") }
    #expect(measures.count >= 4)
    let (measureStatus, measureOutput) = try CheckJSONSchema.validate(
      schema: "\(schemas)/measure.schema.json", files: measures)
    #expect(measureStatus == 0, Comment(rawValue: measureOutput))
    let programs = try files(in: "Content/programs") { $0.hasSuffix(".yaml") }
    #expect(programs.count >= 2)
    let (programStatus, programOutput) = try CheckJSONSchema.validate(
      schema: "\(schemas)/program.schema.json", files: programs)
    #expect(programStatus == 0, Comment(rawValue: programOutput))
    let catalogue = root + "/Content/medications.yaml"
    if FileManager.default.fileExists(atPath: catalogue) {
      let (status, output) = try CheckJSONSchema.validate(
        schema: "\(schemas)/medications.schema.json", files: [catalogue])
      #expect(status == 0, Comment(rawValue: output))
    }
  }

  @Test("a module with a misspelt field, a bad kind and a missing question fails, naming each problem")
  func brokenModuleFails() throws {
    let scratch = Scratch()
    let broken = scratch.write(
      "broken.yaml",
      """
      id: broken
      version: 1
      title: Broken
      approach: cbt
      minutes: 5
      summary: Mistakes.
      steps:
        - id: first
          kind: text
          tittle: Hello
          body: Hi
        - id: second
          kind: scale
        - id: third
          kind: txt
          body: Hi

      """)
    let (status, output) = try CheckJSONSchema.validate(schema: "\(schemas)/module.schema.json", files: [broken])
    #expect(status != 0)
    #expect(output.contains("tittle"), "\(output)")
    #expect(output.contains("question"), "\(output)")
    #expect(output.contains("txt"), "\(output)")
    // Tandem's own loader agrees that it is broken.
    #expect(ContentLoader.load(paths: [broken]).diagnostics.hasErrors)
  }
}
