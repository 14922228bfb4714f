import Foundation
import TandemAuthoring
import TandemBase
import TandemTherapy

/// A `MODULE-ID.test.yaml` file: a list of test cases for the module with that id.
public struct ModuleTestFile: Sendable {
  /// Keys a case may have.
  static let caseFields = ["name", "answers", "path", "text", "status"]
  /// The statuses a case may expect.
  static let statuses: [SessionState.Status] = [.completed, .safetyStopped, .paused, .abandoned]

  /// The file.
  public var path: String
  /// The module id, from the file name.
  public var moduleID: String
  /// The cases, in file order.
  public var cases: [ModuleTestCase]

  /// The module id a test file is for: its name without `.test.yaml`.
  public static func moduleID(of path: String) -> String {
    let name = String(path.split(separator: "/").last ?? "")
    for suffix in [".test.yaml", ".test.yml"] where name.hasSuffix(suffix) {
      return String(name.dropLast(suffix.count))
    }
    return name
  }

  /// Whether a path names a module test file.
  public static func isTestFile(_ path: String) -> Bool { path.hasSuffix(".test.yaml") || path.hasSuffix(".test.yml") }

  /// Every test file under `paths` (files or folders, searched recursively, hidden folders skipped).
  public static func find(_ paths: [String]) -> ([String], [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    let files = ContentLoader.collectFiles(paths, matching: isTestFile, diagnostics: &diagnostics)
    return (files, diagnostics)
  }

  /// Reads a test file, reporting every problem with its position.
  public static func load(_ path: String) -> (ModuleTestFile?, [Diagnostic]) {
    guard let (root, composed) = AuthoringFiles.compose(path) else {
      return (nil, [.error(.unreadableFile, at: SourceLocation(file: path, line: 1, column: 1))])
    }
    var diagnostics = composed
    guard let root else { return (nil, AuthoringFiles.withSourceLines(diagnostics)) }
    guard case .sequence(let items) = root.value else {
      diagnostics.append(
        .error(.testCasesNotList(found: root.kindDescription), at: root.mark))
      return (nil, AuthoringFiles.withSourceLines(diagnostics))
    }
    var cases: [ModuleTestCase] = []
    var names: [String: SourceLocation] = [:]
    for item in items {
      guard let testCase = decodeCase(item, diagnostics: &diagnostics) else { continue }
      if let first = names[testCase.name] {
        diagnostics.append(
          .error(.duplicateCaseName(testCase.name), at: testCase.mark, notes: [.firstUse(at: first)]))
      } else if let mark = testCase.mark {
        names[testCase.name] = mark
      }
      cases.append(testCase)
    }
    if items.isEmpty { diagnostics.append(.error(.noTestCases, at: root.mark)) }
    let file = ModuleTestFile(path: path, moduleID: moduleID(of: path), cases: cases)
    return (diagnostics.hasErrors ? nil : file, AuthoringFiles.withSourceLines(diagnostics))
  }

  private static func decodeCase(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> ModuleTestCase? {
    var ignored: [Diagnostic] = []
    let rawName = MappingReader(node, context: "a test case", diagnostics: &ignored)?.value("name")?.scalar
    let context = rawName.map { "case '\(TerminalText.sanitized($0))'" } ?? "a test case"
    guard let map = MappingReader(node, context: context, diagnostics: &diagnostics) else { return nil }
    let before = diagnostics.count
    map.reportUnknownKeys(allowed: caseFields, diagnostics: &diagnostics)
    let name = map.string("name", required: true, diagnostics: &diagnostics)
    var answers: [String]?
    if let node = map.value("answers") {
      answers = AuthoringFiles.answerList(node, diagnostics: &diagnostics)
    } else {
      diagnostics.append(.error(.missingField("answers", in: context), at: node.mark))
    }
    var path: [String]?
    if let nodes = map.list("path", diagnostics: &diagnostics) {
      path = nodes.compactMap { item in
        guard let id = item.scalar else {
          diagnostics.append(.error(.pathStepNotText(found: item.kindDescription), at: item.mark))
          return nil
        }
        return id
      }
    }
    var texts: [ModuleTestCase.TextExpectation] = []
    if let textNode = map.value("text") {
      if case .mapping(let pairs) = textNode.value {
        for (key, value) in pairs {
          guard let step = key.scalar, let fragment = value.scalar else {
            diagnostics.append(
              .error(.textExpectationNotText(found: value.kindDescription), at: value.mark))
            continue
          }
          texts.append(.init(step: step, fragment: fragment, mark: key.mark))
        }
      } else {
        diagnostics.append(
          .error(.textExpectationsNotMapping(in: context, found: textNode.kindDescription), at: textNode.mark))
      }
    }
    var status: SessionState.Status?
    if let text = map.string("status", diagnostics: &diagnostics) {
      let names = statuses.map(\.rawValue)
      if let parsed = SessionState.Status(rawValue: text), statuses.contains(parsed) {
        status = parsed
      } else {
        diagnostics.append(
          .error(.unknownStatus(text, in: context, expected: names), at: map.value("status")?.mark))
      }
    }
    guard !diagnostics[before...].hasErrors, let name, let answers else { return nil }
    return ModuleTestCase(
      name: name, answers: answers, path: path, texts: texts, status: status,
      mark: map.value("name")?.mark ?? node.mark,
      pathMark: map.value("path")?.mark, statusMark: map.value("status")?.mark, answersMark: map.value("answers")?.mark)
  }
}

extension Diagnostic.Message {
  /// Two test cases share a name, so a failure report could not say which one failed.
  static func duplicateCaseName(_ name: String) -> Self {
    Self("duplicate case name '\(name)'", category: "duplicate-case-name")
  }

  /// A test file that is not a list of cases.
  static func testCasesNotList(found: String) -> Self {
    Self("expected a list of test cases (each '- name: …'), found \(found)", category: "test-case")
  }

  /// A test file with no cases.
  static let noTestCases = Self("a test file needs at least one case", category: "empty-list")

  /// A `path:` entry that is not a step id.
  static func pathStepNotText(found: String) -> Self {
    Self("expected a step id in 'path', found \(found)", category: "field-type")
  }

  /// A `text:` entry whose fragment is not text.
  static func textExpectationNotText(found: String) -> Self {
    Self("expected 'step-id: text fragment' in 'text', found \(found)", category: "field-type")
  }

  /// A `text:` that is not a mapping.
  static func textExpectationsNotMapping(in context: String, found: String) -> Self {
    Self(
      "expected a mapping of step-id: \"expected text\" for 'text' in \(context), found \(found)",
      category: "field-type")
  }

  /// A `status:` that is not a session status.
  static func unknownStatus(_ text: String, in context: String, expected names: [String]) -> Self {
    Self(
      "unknown status '\(TerminalText.sanitized(text))' in \(context)" + Suggestion.hint(for: text, in: names)
        + "; expected one of \(names.joined(separator: ", "))",
      category: "unknown-value")
  }
}
