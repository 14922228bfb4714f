import Foundation
import Testing

/// Module versions with sessions in progress, and translated modules.
@Suite("Versions and languages")
struct VersionsAndLanguagesTests {
  static func module(version: Int, migrations: String = "", secondID: String = "b", question: String = "Old question")
    -> String
  {
    """
    id: versioned
    version: \(version)
    title: Versioned
    approach: act
    minutes: 3
    summary: A module that changes.
    \(migrations)
    steps:
      - id: a
        kind: scale
        question: Rate it
      - id: \(secondID)
        kind: prompt
        question: "\(question) after {{a}}"
      - id: c
        kind: text
        body: "End of {{\(secondID)}}"
    """
  }

  @Test("with migrations:, validate says so and a resumed session moves to the new version with its answers")
  func migrate() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module(version: 1), id: "versioned")
    _ = try sandbox.run(["session", "start", "versioned"] + sandbox.storeAndModules, input: "7\n")
    try sandbox.writeModule(
      Self.module(version: 2, migrations: "migrations:\n  b: b-new", secondID: "b-new", question: "New question"),
      id: "versioned")
    let validate = try sandbox.run(["validate", sandbox.modules, "--store", sandbox.store])
    #expect(validate.status == 0, "\(validate.errors)")
    #expect(
      validate.errors.contains("note: 1 session is in progress on v1 of 'versioned'; they move to v2 when resumed"))
    let resumed = try sandbox.run(["session", "resume"] + sandbox.storeAndModules, input: "calm words\n\n")
    #expect(resumed.output.contains("This module has a new version (v2)"))
    #expect(resumed.output.contains("New question after 7"))
    #expect(resumed.output.contains("End of calm words"))
    let session = try sandbox.onlySession()
    #expect(session.status == "completed")
    #expect(try sandbox.detail(session.id).kinds.contains("migrated"))
  }

  @Test("without migrations:, validate says the session finishes on its pinned version, and it does")
  func finishPinned() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(Self.module(version: 1), id: "versioned")
    _ = try sandbox.run(["session", "start", "versioned"] + sandbox.storeAndModules, input: "7\n")
    try sandbox.writeModule(Self.module(version: 2, question: "New question"), id: "versioned")
    let validate = try sandbox.run(["validate", sandbox.modules, "--store", sandbox.store])
    #expect(validate.errors.contains("without 'migrations:' they finish on the version they started (this file is v2)"))
    let resumed = try sandbox.run(["session", "resume"] + sandbox.storeAndModules, input: "x\n\n")
    #expect(resumed.output.contains("Old question after 7"))
  }

  @Test("a migration to a step that does not exist is an error at its position")
  func badMigration() throws {
    let sandbox = try Sandbox()
    let path = try sandbox.writeModule(
      Self.module(version: 2, migrations: "migrations:\n  b: b-nwe", secondID: "b-new"), id: "versioned")
    let validate = try sandbox.run(["validate", path])
    #expect(validate.status == 1)
    #expect(
      validate.errors.contains(
        "\(path):8:6: error: migration target 'b-nwe' is not a step of this version; did you mean 'b-new'?"))
  }

  @Test("session start --lang runs the shipped Spanish translation; a missing language is refused")
  func spanish() throws {
    let sandbox = try Sandbox()
    let modules = try sandbox.run(["modules", "--format", "json", "--store", sandbox.store])
    #expect(modules.output.contains("\"es\""))
    let session = try sandbox.run(
      ["session", "start", "paced-breathing", "--lang", "es", "--store", sandbox.store], input: "\nyes\n")
    #expect(session.output.contains("Respiración pausada"))
    #expect(session.status == 0)
    // Answers that do not fit are refused in Spanish too.
    let refused = try sandbox.run(
      ["session", "start", "paced-breathing", "--lang", "es", "--store", sandbox.store], input: "\nquizá\nno\n12\n")
    #expect(refused.output.contains("Responde sí o no."))
    #expect(refused.output.contains("Escribe un número entero del 0 al 10."))
    #expect(!refused.output.contains("Please"))
    let missing = try sandbox.run(["session", "start", "paced-breathing", "--lang", "fr", "--store", sandbox.store])
    #expect(missing.status != 0)
    #expect(missing.errors.contains("no 'fr' translation of 'paced-breathing' is ready; available: en, es"))
  }

  @Test("validate reports untranslated text and mismatched placeholders per language, with positions")
  func incompleteTranslation() throws {
    let sandbox = try Sandbox()
    let modulePath = try sandbox.writeModule(Self.module(version: 1), id: "versioned")
    try Data(
      """
      translation-of: versioned
      language: de
      title: Versioniert
      summary: Ein Modul.
      steps:
        a:
          question: Bewerte es
        b:
          question: Alte Frage
        zz:
          body: nichts

      """.utf8
    ).write(to: URL(fileURLWithPath: sandbox.modules + "/versioned.de.yaml"))
    let validate = try sandbox.run(["validate", sandbox.modules])
    #expect(validate.status == 1)
    #expect(
      validate.errors.contains(
        "versioned.de.yaml:8:3: error: the 'de' question of step 'b' must show the same answers as the original: {{a}}")
    )
    #expect(validate.errors.contains("versioned.de.yaml:10:3: error: translation names unknown step 'zz'"))
    #expect(validate.errors.contains("\(modulePath):17:12: warning: no 'de' translation of the body of step 'c'"))
  }
}
