import Foundation
import TandemBase
import TandemTherapy

/// A module opened for an authoring tool (preview, graph): it may have validation errors (an
/// unreachable step, a loop) that keep it from patients but not from being drawn.
public struct DraftModule: Sendable {
  /// The module, when its fields decoded; `nil` when it could not be read at all.
  public var module: Module?
  /// The module's file.
  public var path: String?
  /// Every diagnostic about the file, with source lines.
  public var diagnostics: [Diagnostic]
  /// Lint's warnings about the file (what `tandem validate` adds to `diagnostics`).
  public var lint: [Diagnostic] = []
  /// Whether patients could run it (no errors).
  public var isRunnable: Bool { module != nil && !diagnostics.hasErrors }
}

/// File access for the authoring tools: finding a module by id or path, reading answer scripts,
/// and giving diagnostics their source lines.
public enum AuthoringFiles {
  /// Opens `reference`, a path to a module file or a module id looked up in `moduleFolders`,
  /// with snippets from `snippetFolders`.
  public static func draft(_ reference: String, moduleFolders: [String], snippetFolders: [String]) -> DraftModule {
    let isPath =
      reference.hasSuffix(".yaml") || reference.hasSuffix(".yml") || reference.contains("/")
    let file: String
    if isPath {
      file = reference
    } else {
      let content = ContentLoader.load(paths: moduleFolders, snippetPaths: snippetFolders)
      if let loaded = content.module(reference) {
        return DraftModule(
          module: loaded.module, path: loaded.path,
          diagnostics: content.diagnostics.filter { $0.location?.file == loaded.path },
          lint: withSourceLines(content.lintFindings().filter { $0.location?.file == loaded.path }))
      }
      var found: String?
      var diagnostics: [Diagnostic] = []
      for folder in moduleFolders {
        for candidate in ContentLoader.collectFiles([folder], diagnostics: &diagnostics)
        where candidate.split(separator: "/").last == "\(reference).yaml" {
          found = candidate
        }
      }
      guard let found else {
        let known = content.modules.map(\.module.id).sorted()
        return DraftModule(
          module: nil, path: nil,
          diagnostics: [
            .error(.noModule(reference, known: known), at: nil)
          ])
      }
      file = found
    }
    let content = ContentLoader.load(paths: [file], snippetPaths: snippetFolders)
    let own = content.diagnostics.filter { $0.location?.file == file || $0.location == nil }
    let lint = withSourceLines(content.lintFindings().filter { $0.location?.file == file })
    if let loaded = content.modules.first {
      return DraftModule(module: loaded.module, path: file, diagnostics: own, lint: lint)
    }
    return DraftModule(
      module: decodeIgnoringValidation(file, snippets: content.snippets), path: file, diagnostics: own, lint: lint)
  }

  /// The module in `file` as decoded, before meaning-level validation; `nil` on field errors.
  private static func decodeIgnoringValidation(_ file: String, snippets: [Snippet]) -> Module? {
    guard let data = FileManager.default.contents(atPath: file), data.count <= YAMLComposer.maxFileSize else {
      return nil
    }
    let bytes = [UInt8](data)
    let (root, found) = YAMLComposer(path: file).compose(bytes)
    guard let root, !found.hasErrors else { return nil }
    var decoder = ModuleDecoder(
      path: file, lines: SourceLines(String(decoding: bytes, as: UTF8.self)),
      snippets: Dictionary(snippets.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }))
    var diagnostics: [Diagnostic] = []
    return decoder.decode(root, diagnostics: &diagnostics)
  }

  /// Reads an answer script: a YAML list with one answer per shown step. Scalars are taken as
  /// typed (`yes`, `07`, `""` for Enter, `~` or nothing for Enter too); a list such as
  /// `[jaw, neck]` answers a multiple choice.
  public static func answers(at path: String) -> ([String], [Diagnostic]) {
    guard let (root, diagnostics) = compose(path) else {
      return ([], [.error(.unreadableFile, at: SourceLocation(file: path, line: 1, column: 1))])
    }
    guard let root else { return ([], diagnostics) }
    var all = diagnostics
    let answers = answerList(root, diagnostics: &all)
    return (answers ?? [], withSourceLines(all))
  }

  /// The answers in a YAML list node, or `nil` (with a diagnostic) when it is not a list.
  static func answerList(_ node: YAMLNode, diagnostics: inout [Diagnostic]) -> [String]? {
    guard case .sequence(let items) = node.value else {
      diagnostics.append(
        .error(.answersNotList(found: node.kindDescription), at: node.mark))
      return nil
    }
    var answers: [String] = []
    for item in items {
      switch item.value {
      case .scalar(let text, let plain):
        answers.append(plain && YAMLScalar.isNull(text) ? "" : text)
      case .sequence(let parts):
        let texts = parts.compactMap(\.scalar)
        if texts.count != parts.count {
          diagnostics.append(.error(.answerOptionsNotText, at: item.mark))
        }
        answers.append(texts.joined(separator: ","))
      case .mapping:
        diagnostics.append(
          .error(.answerIsMapping, at: item.mark))
        answers.append("")
      }
    }
    return answers
  }

  /// Composes one YAML file: `nil` when it cannot be read; otherwise the root (if any) and diagnostics.
  static func compose(_ path: String) -> (YAMLNode?, [Diagnostic])? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let (root, diagnostics) = YAMLComposer(path: path).compose([UInt8](data))
    if root == nil && !diagnostics.hasErrors {
      return (nil, [.error(.emptyFile, at: SourceLocation(file: path, line: 1, column: 1))])
    }
    return (root, diagnostics)
  }

  /// `diagnostics` with the text of the line each points at, read from its file, for caret snippets.
  public static func withSourceLines(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
    var files: [String: SourceLines] = [:]
    return diagnostics.map { diagnostic in
      guard let location = diagnostic.location, diagnostic.sourceLine == nil else { return diagnostic }
      if files[location.file] == nil {
        let text = FileManager.default.contents(atPath: location.file).map { String(decoding: $0, as: UTF8.self) }
        files[location.file] = SourceLines(text ?? "")
      }
      var copy = diagnostic
      copy.sourceLine = files[location.file]?.line(location.line)
      return copy
    }
  }
}

extension Diagnostic.Message {
  /// A module reference that is neither a loaded module's id nor a file.
  static func noModule(_ reference: String, known: [String]) -> Self {
    Self(
      "no module '\(TerminalText.sanitized(reference))'" + Suggestion.hint(for: reference, in: known)
        + "; give a module id or a path to a .yaml file",
      category: "unknown-module")
  }

  /// An answers file that is not a list.
  static func answersNotList(found: String) -> Self {
    Self("expected a list of answers (one per shown step), found \(found)", category: "answers")
  }

  /// A list answer with something other than option ids in it.
  static let answerOptionsNotText = Self("expected option ids in this list", category: "answers")

  /// An answer YAML read as a mapping because it contains ': '.
  static let answerIsMapping = Self(
    "expected an answer, found a mapping; quote answers that contain ': '", category: "answers")
}
