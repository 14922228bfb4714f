import Crypto
import Foundation
import TandemBase
import Testing

@testable import TandemContent
@testable import TandemTherapy

/// Loads `marked` as `programs/<name>` next to the shipped modules and content, as `tandem`
/// loads them, and returns the diagnostics about that file as `«mark»: severity: message`
/// (or `line:col` where no mark is), with whether the program was left out.
func diagnoseProgram(_ marked: String, name: String = "test-program.yaml") -> (diagnostics: [String], loaded: Bool) {
  let scratch = Scratch()
  let source = MarkedText(marked)
  let path = scratch.write("programs/" + name, source.text)
  let repository = ShippedContent.repository
  let content = ContentLoader.load(paths: [repository + "/Modules", path], snippetPaths: [repository + "/Content"])
  let mine = content.diagnostics.filter { $0.location?.file == path }
  let lines = mine.map { diagnostic -> String in
    let location = diagnostic.location!
    let mark = source.marks.first { $0.value.line == location.line && $0.value.column == location.column }?.key
    return (mark.map { "«\($0)»" } ?? "\(location.line):\(location.column)")
      + ": \(diagnostic.severity.rawValue): \(diagnostic.message)"
  }
  return (lines, content.programs.contains { $0.path == path })
}

/// A program file: the header, then `sessions` (and `measures` when given) as written.
func programText(
  id: String = "test-program", audience: String = "adult", weeks: String = "4", expects: String = "[preventive]",
  sessions: String, measures: String? = nil
) -> String {
  """
  id: \(id)
  version: 1
  title: Test program
  audience: \(audience)
  weeks: \(weeks)
  summary: A program for tests.
  medication:
    expects: \(expects)
    note: Ask your prescriber about your medicines.
  sessions:
  \(sessions)
  """ + (measures.map { "\nmeasures:\n" + $0 } ?? "")
}

@Suite("Programs: loading and checks")
struct ProgramLoadingTests {
  @Test("the shipped programs load with no diagnostics, as the course descriptions in docs/programs.md give them")
  func shipped() throws {
    let repository = ShippedContent.repository
    let content = ContentLoader.load(paths: [repository + "/Modules"], snippetPaths: [repository + "/Content"])
    #expect(content.diagnostics.map { "\($0.location.map { "\($0.file):\($0.line)" } ?? ""): \($0.message)" } == [])
    #expect(content.programs.map(\.program.id) == ["act-for-migraine", "teen-cbt"])

    let act = try #require(content.programs.first { $0.program.id == "act-for-migraine" })
    #expect(act.program.audience == .adult && act.program.weeks == 8 && act.program.version == 1)
    #expect(act.program.sessions.map(\.week) == Array(1...8))
    #expect(
      act.program.sessions.map(\.module) == [
        "your-migraine-plan", "medication-overuse", "struggle-with-control", "thoughts-are-thoughts",
        "present-moment", "what-matters", "committed-action", "relapse-prevention",
      ])
    #expect(act.program.sessions.map { $0.practice?.days } == [5, 5, 5, 3, 5, 4, 4, 4])
    #expect(act.program.sessions.allSatisfy { $0.parent == nil })
    #expect(act.program.medication.expects == [.preventive])
    #expect(
      act.program.measures == [
        .init(module: "mood-check", weeks: [0, 4, 8]), .init(module: "anxiety-check", weeks: [0, 4, 8]),
      ])
    let bytes = try Data(contentsOf: URL(fileURLWithPath: act.path))
    #expect(act.contentHash == SHA256.hash(data: bytes).hex)
    #expect(act.source.line == 1 && act.source.column == 5)

    let teen = try #require(content.programs.first { $0.program.id == "teen-cbt" })
    #expect(teen.program.audience == .teen && teen.program.weeks == 16)
    #expect(teen.program.sessions.map(\.week) == [1, 2, 3, 4, 5, 6, 7, 8, 12, 16])
    #expect(
      teen.program.sessions.map(\.module) == [
        "your-migraine-plan", "paced-breathing", "progressive-muscle-relaxation", "guided-imagery",
        "thoughts-are-thoughts", "coping-statements", "committed-action", "sleep-and-migraine", "medication-overuse",
        "relapse-prevention",
      ])
    #expect(teen.program.sessions.map { $0.practice?.days } == [nil, 6, 6, 6, 5, 5, 5, 5, 5, 5])
    #expect(teen.program.sessions.allSatisfy { !($0.parent ?? "").isEmpty }, "a parent page on every session")
    #expect(teen.program.medication.expects == [.amitriptyline])
    #expect(teen.program.measures == [.init(module: "headache-impact", weeks: [0, 8, 16])])
  }

  @Test("a valid program with two sessions in one week loads with no diagnostics")
  func valid() {
    let result = diagnoseProgram(
      programText(
        sessions: """
            - week: 1
              module: your-migraine-plan
              practice:
                module: paced-breathing
                days: 5
                text: Breathe slowly on five days.
            - week: 1
              module: medication-overuse
            - week: 4
              module: relapse-prevention
          """,
        measures: """
            - module: mood-check
              weeks: [0, 4]
          """))
    #expect(result.diagnostics == [])
    #expect(result.loaded)
  }

  @Test("a session or practice naming a module that is not loaded is an error at the name, with the closest module")
  func missingModule() {
    let result = diagnoseProgram(
      programText(
        sessions: """
            - week: 1
              module: «session»your-migrane-plan
              practice:
                module: «practice»nosuch
                days: 5
                text: Practise.
          """))
    #expect(
      result.diagnostics == [
        "«session»: error: module 'your-migrane-plan' is not a loaded module; did you mean 'your-migraine-plan'?",
        "«practice»: error: module 'nosuch' is not a loaded module",
      ])
    #expect(!result.loaded, "a program with an error is left out")
  }

  @Test("a session week after the program's last week, or earlier than the session before, is an error at the week")
  func weeks() {
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 1
                module: your-migraine-plan
              - week: «late»5
                module: relapse-prevention
            """)
      ).diagnostics == ["«late»: error: week 5 is after the program's last week (4)"])
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 2
                module: medication-overuse
              - week: «back»1
                module: your-migraine-plan
            """)
      ).diagnostics == [
        "«back»: error: week 1 comes after a session in week 2; sessions are listed in week order"
      ])
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: «zero»0
                module: your-migraine-plan
            """)
      ).diagnostics == ["«zero»: error: 'week' in a session must be from 1 to 52, found 0"])
  }

  @Test("a program with no sessions is an error at the empty list")
  func noSessions() {
    #expect(
      diagnoseProgram(programText(sessions: "").replacingOccurrences(of: "sessions:\n", with: "sessions: «empty»[]\n"))
        .diagnostics == ["«empty»: error: a program needs at least one session"])
  }

  @Test("a teen program session without 'parent' is an error at its module; an adult program's 'parent' is refused")
  func parentPages() {
    #expect(
      diagnoseProgram(
        programText(
          audience: "teen", expects: "[amitriptyline]",
          sessions: """
              - week: 1
                module: your-migraine-plan
                parent: This week your teen learns what migraine is.
              - week: 2
                module: «missing»paced-breathing
            """)
      ).diagnostics == [
        "«missing»: error: a teen program gives a 'parent' page for every session (what this week's skill is and how to help)"
      ])
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 1
                module: your-migraine-plan
                parent: «parent»Ask how it went.
            """)
      ).diagnostics == ["«parent»: error: 'parent' pages are for teen programs"])
  }

  @Test("a module whose audience does not fit the program is an error at the name")
  func audience() {
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 1
                module: «teen»coping-statements
            """)
      ).diagnostics == ["«teen»: error: module 'coping-statements' is written for teen, not for this adult program"])
    #expect(
      diagnoseProgram(
        programText(
          audience: "teen", expects: "[]",
          sessions: """
              - week: 1
                module: your-migraine-plan
                parent: This week your teen learns what migraine is.
            """,
          measures: """
              - module: «adult»mood-check
                weeks: [0]
            """)
      ).diagnostics == ["«adult»: error: module 'mood-check' is written for adult, not for this teen program"])
  }

  @Test("'measures' naming a module that asks no questionnaire is an error at the module")
  func measureWithoutQuestionnaire() {
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 1
                module: your-migraine-plan
            """,
          measures: """
              - module: «m»paced-breathing
                weeks: [0, 4]
            """)
      ).diagnostics == [
        "«m»: error: module 'paced-breathing' asks no questionnaire; 'measures' names modules with a questionnaire step"
      ])
  }

  @Test("a measure week listed twice, or after the last week, is an error at that week")
  func measureWeeks() {
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 1
                module: your-migraine-plan
            """,
          measures: """
              - module: mood-check
                weeks: [0, 4, «twice»4]
              - module: anxiety-check
                weeks: [0, «late»6]
            """)
      ).diagnostics == [
        "«twice»: error: week 4 is listed twice",
        "«late»: error: week 6 is after the program's last week (4)",
      ])
  }

  @Test("practice days 0 or 8 are errors at the number: practice is 1 to 7 days a week")
  func practiceDays() {
    #expect(
      diagnoseProgram(
        programText(
          sessions: """
              - week: 1
                module: your-migraine-plan
                practice:
                  module: paced-breathing
                  days: «zero»0
                  text: Breathe.
              - week: 2
                module: medication-overuse
                practice:
                  module: paced-breathing
                  days: «eight»8
                  text: Breathe.
            """)
      ).diagnostics == [
        "«zero»: error: 'days' in 'practice' must be from 1 to 7, found 0",
        "«eight»: error: 'days' in 'practice' must be from 1 to 7, found 8",
      ])
  }

  @Test("an unknown key is an error at the key, with the closest known one")
  func unknownKeys() {
    let marked =
      programText(
        sessions: """
            - week: 1
              module: your-migraine-plan
              «session»pratice:
                module: paced-breathing
                days: 5
                text: Breathe.
          """) + "\n«top»author: Someone\n"
    #expect(
      diagnoseProgram(marked).diagnostics == [
        "«session»: error: unknown field 'pratice' in a session; did you mean 'practice'?",
        "«top»: error: unknown field 'author' in program",
      ])
  }

  @Test("an id other than the file name is an error at the id: 'tandem program start' takes the file's name")
  func idIsFileName() {
    #expect(
      diagnoseProgram(
        programText(
          id: "«id»other-program",
          sessions: """
              - week: 1
                module: your-migraine-plan
            """)
      ).diagnostics == ["«id»: error: program id 'other-program' differs from its file name 'test-program'"])
  }

  @Test("an id the journal cannot record (capitals) is an error at the id, as for modules")
  func idCharacters() {
    let result = diagnoseProgram(
      programText(
        id: "«id»Sleep-Well",
        sessions: """
            - week: 1
              module: your-migraine-plan
          """), name: "Sleep-Well.yaml")
    // `program-started` payloads only hold lowercase letters, digits, '-' and '_'
    // (ProgramPayload.event); a program started with another id is lost from the journal.
    #expect(result.diagnostics.count == 1)
    #expect(
      result.diagnostics.first?.hasPrefix("«id»: error: program id 'Sleep-Well'") == true, "\(result.diagnostics)")
    #expect(!result.loaded)
  }

  @Test("an unknown medication 'expects' value is an error at the value, listing the known ones")
  func unknownExpectation() {
    #expect(
      diagnoseProgram(
        programText(
          expects: "[acute-plan, «bad»preventative]",
          sessions: """
              - week: 1
                module: your-migraine-plan
            """)
      ).diagnostics == [
        "«bad»: error: unknown medication context 'preventative'; expected one of preventive, amitriptyline, acute-plan; did you mean 'preventive'?"
      ])
  }
}
