import Foundation
import TandemAuthoring
import TandemBase
import TandemContent

/// Checks one document as `tandem validate <file>` does (the same loader, linter, catalogue and
/// translation checks), reading the editor's unsaved text for every open document instead of
/// the disk.
public struct ContentChecker: Sendable {
  /// Where modules find the snippets, measures and programs they name (the shipped `Content/`).
  public var snippetPaths: [String]
  /// The modules a program names (the shipped `Modules/`).
  public var modulePaths: [String]

  /// Creates a checker that looks for shared content in `snippetPaths`, and for the modules
  /// programs name in `modulePaths`.
  public init(snippetPaths: [String], modulePaths: [String] = []) {
    self.snippetPaths = snippetPaths
    self.modulePaths = modulePaths
  }

  /// What a check found.
  public struct Result: Sendable {
    /// The findings in the checked file, as `validate` reports them.
    public var diagnostics: [Diagnostic]
    /// Where each snippet a module may include is defined.
    public var snippets: [String: SourceLocation]
  }

  /// The findings for the file at `path`; `overlay` holds the open documents' text by path.
  ///
  /// Checked as `tandem validate FILE` checks it: a program against the modules in `modulePaths`,
  /// which the loader reads only for a program and reports nothing about.
  public func check(path: String, overlay: [String: [UInt8]]) -> Result {
    let content = ContentLoader.load(
      paths: [path], snippetPaths: snippetPaths, workers: 1, overlay: overlay, moduleContext: modulePaths)
    var found = content.diagnostics
    let name = (path as NSString).lastPathComponent
    if name.hasPrefix("medications") {
      let catalogue =
        overlay[path].map { CatalogueLoader.parse(String(decoding: $0, as: UTF8.self), path: path) }
        ?? CatalogueLoader.load(paths: [path])
      found += catalogue.diagnostics
    }
    found += content.lintFindings()
    found += translationFindings(path: path, content: content, overlay: overlay)
    var snippets: [String: SourceLocation] = [:]
    for snippet in content.snippets { snippets[snippet.id] = snippet.source }
    // Snippets kept beside a draft (`drafts/snippets/`) can be included once the folder is validated with it.
    let local = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("snippets")
    var isFolder: ObjCBool = false
    if FileManager.default.fileExists(atPath: local, isDirectory: &isFolder), isFolder.boolValue {
      for snippet in ContentLoader.load(paths: [local], workers: 1, overlay: overlay).snippets
      where snippets[snippet.id] == nil {
        snippets[snippet.id] = snippet.source
      }
    }
    let mine = found.filter { $0.location?.file == path }.sortedByLocation()
    return Result(diagnostics: mine, snippets: snippets)
  }

  /// A translation's findings, as `validate` gives them; read from the disk, so only when the
  /// editor's text is what is saved.
  private func translationFindings(path: String, content: LoadedContent, overlay: [String: [UInt8]]) -> [Diagnostic] {
    guard TranslationLoader.language(ofFile: path) != nil else { return [] }
    if let text = overlay[path], FileManager.default.contents(atPath: path).map([UInt8].init) != text { return [] }
    var ignored: [Diagnostic] = []
    var seen = Set<String>()
    let files = ContentLoader.collectFiles([path] + snippetPaths, diagnostics: &ignored).filter {
      TranslationLoader.language(ofFile: $0) != nil
        && seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted
    }
    return TranslationLoader.load(files: files, content: content).diagnostics
  }
}
