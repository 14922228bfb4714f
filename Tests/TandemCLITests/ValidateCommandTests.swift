import Foundation
import Testing

/// `tandem validate` reports problems the way a compiler does, and the shipped content is clean.
@Suite("validate and --version")
struct ValidateCommandTests {
  /// Two steps with a structural error each, so both must be reported.
  static let brokenModule = """
    id: broken
    version: 1
    title: Broken
    approach: cbt
    minutes: 5
    summary: A module with mistakes.
    steps:
      - id: first
        kind: text
        tittle: Hello
        body: Hi
      - id: second
        kind: scale
        question: How much?
        minn: 0
        max: 10

    """

  @Test("a broken module: exit 1, every error as path:line:col with the source line and a caret")
  func brokenModule() throws {
    let sandbox = try Sandbox()
    let folder = sandbox.root + "/drafts"
    let file = try sandbox.writeModule(Self.brokenModule, id: "broken", folder: folder)
    let result = try sandbox.run(["validate", folder])
    #expect(result.status == 1)
    let lines = result.errors.components(separatedBy: "\n")
    let source = Self.brokenModule.components(separatedBy: "\n")
    let headers = lines.indices.filter {
      lines[$0].range(of: #"^.+:\d+:\d+: error: "#, options: .regularExpression) != nil
    }
    #expect(headers.count == 2, "\(result.errors)")
    #expect(
      lines.contains("\(file):10:5: error: unknown field 'tittle' in step 'first'; did you mean 'title'?"),
      "\(result.errors)")
    #expect(lines.contains { $0.hasPrefix("\(file):15:5: error: unknown field 'minn'") }, "\(result.errors)")
    for index in headers {
      // path:LINE:COL, then that line of the file, then a caret under COL.
      let parts = lines[index].components(separatedBy: ": error: ")[0].components(separatedBy: ":")
      let line = try #require(Int(parts[parts.count - 2])), column = try #require(Int(parts[parts.count - 1]))
      #expect(parts.dropLast(2).joined(separator: ":") == file)
      try #require(index + 2 < lines.count)
      #expect(lines[index + 1] == source[line - 1])
      #expect(lines[index + 2] == String(repeating: " ", count: column - 1) + "^")
    }
    #expect(result.errors.contains("2 errors"))
    #expect(!crashMarkers.contains { result.errors.contains($0) })
  }

  @Test("a YAML syntax error is a diagnostic with a position, not a crash")
  func syntaxError() throws {
    let sandbox = try Sandbox()
    let file = try sandbox.writeModule("id: bad\nsteps: [\n  - oops: {\n", id: "bad", folder: sandbox.root + "/drafts")
    let result = try sandbox.run(["validate", file])
    #expect(result.status == 1)
    #expect(
      result.errors.range(
        of: "^\(NSRegularExpression.escapedPattern(for: file)):\\d+:\\d+: error: ", options: .regularExpression) != nil,
      "\(result.errors)")
    #expect(!crashMarkers.contains { result.errors.contains($0) })
  }

  @Test("the shipped modules and content validate cleanly")
  func shippedContent() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["validate"])
    #expect(result.status == 0, "\(result.errors)")
    #expect(!result.errors.contains(": error: "))
    #expect(result.errors.contains(" 0 errors"))
  }

  @Test("--version prints the version and exits 0")
  func version() throws {
    let sandbox = try Sandbox()
    let result = try sandbox.run(["--version"])
    #expect(result.status == 0)
    #expect(result.output.range(of: #"^\d+\.\d+\.\d+\n$"#, options: .regularExpression) != nil, "\(result.output)")
  }

  @Test(
    "a program checked on its own is checked against the shipped modules, and a draft copy replaces the shipped one")
  func programOnItsOwn() throws {
    let sandbox = try Sandbox()
    let shipped = try String(
      contentsOfFile: TandemBinary.repositoryRoot + "/Content/programs/act-for-migraine.yaml", encoding: .utf8)
    let folder = sandbox.root + "/drafts/programs"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let file = folder + "/act-for-migraine.yaml"
    try Data(shipped.utf8).write(to: URL(fileURLWithPath: file))
    let clean = try sandbox.run(["validate", file])
    #expect(clean.status == 0, "\(clean.errors)")
    #expect(clean.errors.contains("0 errors, 0 warnings"), "\(clean.errors)")
    let misspelt = shipped.replacingOccurrences(of: "module: what-matters", with: "module: what-matter")
    #expect(misspelt != shipped)
    try Data(misspelt.utf8).write(to: URL(fileURLWithPath: file))
    let broken = try sandbox.run(["validate", file])
    #expect(broken.status == 1)
    #expect(broken.errors.contains("error: module 'what-matter' is not a loaded module; did you mean 'what-matters'?"))
    #expect(broken.errors.contains("1 error, 0 warnings"), "\(broken.errors)")
  }
}
