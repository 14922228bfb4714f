import Foundation
import Testing

/// `tandem preview`, `graph`, `rehearse` and `test`, run as the real binary on real files.
@Suite("authoring commands")
struct AuthoringCommandTests {
  /// A draft with a condition, an option jump to the end and interpolation.
  static let draft = """
    id: draft
    version: 1
    title: Draft
    approach: act
    minutes: 5
    summary: A draft for the authoring tools.
    steps:
      - id: distress
        kind: scale
        question: How stressed, low or worried do you feel?
        anchors: {0: not at all, 10: as bad as it gets}
      - id: crisis
        kind: text
        when: "distress >= 8"
        include: crisis-resources
      - id: go-on
        kind: choice
        question: Carry on?
        options:
          - id: yes-please
            label: Yes
          - id: stop
            label: Stop for now
            next: end
      - id: closing
        kind: text
        body: You rated {{distress}} out of 10.

    """

  static let tests = """
    - name: low distress carries on
      answers: [3, yes-please, ""]
      path: [distress, go-on, closing]
      text:
        closing: "You rated 3 out of 10"
      status: completed
    - name: high distress, wrong expectation
      answers: [9, "", stop]
      path: [distress, go-on]
      status: completed

    """

  func sandboxWithDraft() throws -> (Sandbox, String) {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule(Self.draft, id: "draft")
    return (sandbox, file)
  }

  @Test("preview prints every step with its condition and jumps in words")
  func preview() throws {
    let (sandbox, _) = try sandboxWithDraft()
    let result = try sandbox.run(["preview", "draft", "--modules", sandbox.modules])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("2. crisis [text]\n   shown only when distress is 8 or more"))
    #expect(result.output.contains("if stop is chosen, then → end"))
    #expect(result.output.contains("4. closing [text]"))
    #expect(result.output.contains("call or text 988"))
  }

  @Test("preview --paths and graph --paths list the distinct paths with the shortest and longest")
  func paths() throws {
    let (sandbox, file) = try sandboxWithDraft()
    let result = try sandbox.run(["graph", file, "--paths"])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Paths through draft: 4 distinct paths"), "\(result.output)")
    #expect(result.output.contains("shortest: 2 steps"))
    #expect(result.output.contains("longest:  4 steps"))
    #expect(result.output.contains("steps no path reaches: none"))
    let preview = try sandbox.run(["preview", file, "--paths"])
    #expect(preview.output.contains("distress 8–10, go-on = stop"))
  }

  @Test("graph writes DOT that Graphviz renders, and Mermaid")
  func graph() throws {
    let (sandbox, file) = try sandboxWithDraft()
    let dot = try sandbox.run(["graph", file])
    #expect(dot.status == 0, "\(dot.errors)")
    #expect(dot.output.hasPrefix("digraph \"draft\" {"))
    #expect(dot.output.contains("\"distress\" -> \"crisis\" [label=\"if distress >= 8\"];"))
    #expect(dot.output.contains("\"go-on\" -> __end [label=\"chose stop\", style=bold];"))
    let mermaid = try sandbox.run(["graph", file, "--format", "mermaid"])
    #expect(mermaid.output.hasPrefix("flowchart TD\n"))
    #expect(mermaid.output.contains("s0 -->|\"if distress #gt;= 8\"| s1"))
    guard let graphviz = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: FileManager.default.isExecutableFile)
    else { return }
    for module in ["draft", "paced-breathing", "committed-action"] {
      let source = module == "draft" ? dot.output : try sandbox.run(["graph", module]).output
      let dotFile = sandbox.root + "/\(module).dot"
      try Data(source.utf8).write(to: URL(fileURLWithPath: dotFile))
      let svg = try sandbox.runShell("\(graphviz) -Tsvg '\(dotFile)'")
      #expect(svg.status == 0, "\(module): \(svg.errors)")
      #expect(svg.output.contains("<svg"))
    }
  }

  @Test("rehearse prints what was shown with answers filled in, where it went, and touches no store")
  func rehearse() throws {
    let (sandbox, file) = try sandboxWithDraft()
    let answers = sandbox.root + "/answers.yaml"
    try Data("- 11\n- 9\n- \"\"\n- yes-please\n- \"\"\n".utf8).write(to: URL(fileURLWithPath: answers))
    let result = try sandbox.run(["rehearse", file, "--answers", answers, "--store", sandbox.store])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("    < 11\n    ! refused: Please enter a whole number from 0 to 10."))
    #expect(result.output.contains("[2] crisis (text)"))
    #expect(result.output.contains("    body: You rated 9 out of 10."))
    #expect(result.output.contains("Status: completed after 4 steps shown"))
    #expect(result.output.contains("Path: distress → crisis → go-on → closing"))
    #expect(!FileManager.default.fileExists(atPath: sandbox.store))
    let asCase = try sandbox.run(["rehearse", file, "--answers", answers, "--as-test-case", "high"])
    #expect(asCase.output.hasPrefix("- name: \"high\"\n  answers:\n    - \"11\"\n"))
    #expect(asCase.output.hasSuffix("  status: completed\n"))
  }

  @Test("test reports a failing case at its file:line:col, prints coverage and exits 1")
  func failingTest() throws {
    let (sandbox, _) = try sandboxWithDraft()
    let testFile = sandbox.modules + "/draft.test.yaml"
    try Data(Self.tests.utf8).write(to: URL(fileURLWithPath: testFile))
    let result = try sandbox.run(["test", sandbox.modules])
    #expect(result.status == 1)
    #expect(
      result.errors.contains(
        "\(testFile):9:9: error: case 'high distress, wrong expectation': path differs: step 2 is 'crisis', expected 'go-on'"
      ),
      "\(result.errors)")
    #expect(result.output.contains("\(testFile): 1 of 2 cases passed; branches 3 of 3 covered"), "\(result.output)")
    #expect(result.output.contains("2 cases: 1 passed, 1 failed"))
  }

  @Test("test reports branches no case takes; --require-full-coverage makes them fail")
  func coverage() throws {
    let (sandbox, _) = try sandboxWithDraft()
    let testFile = sandbox.modules + "/draft.test.yaml"
    try Data(Self.tests.components(separatedBy: "- name: high")[0].utf8).write(to: URL(fileURLWithPath: testFile))
    let result = try sandbox.run(["test", testFile])
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("branches 1 of 3 covered"))
    #expect(result.output.contains("note: no test case shows step 'crisis' ('when: distress >= 8' never holds)"))
    #expect(result.output.contains("note: no test case chooses option 'stop' of step 'go-on'"))
    #expect(try sandbox.run(["test", testFile, "--require-full-coverage"]).status == 1)
  }

  @Test("the shipped modules' tests pass with every reachable branch covered")
  func shippedTests() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["test", "--require-full-coverage"])
    #expect(result.status == 0, "\(result.errors)\n\(result.output)")
    #expect(result.output.contains(" 0 failed; "))
    #expect(result.output.contains("(100%)"))
  }
}
