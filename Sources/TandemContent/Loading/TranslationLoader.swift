import Crypto
import Foundation
import TandemBase
import TandemTherapy

/// Module and snippet translations: sibling files named `ID.LANG.yaml` (for example
/// `paced-breathing.es.yaml`, `red-flags.es.yaml`).
public enum TranslationLoader {
  static let moduleFields = ["translation-of", "language", "title", "summary", "steps"]
  static let stepFields = ["title", "body", "question", "guidance", "items", "options", "anchors", "phases"]
  static let snippetFields = ["translation-of", "language", "title", "body", "question", "items", "guidance"]

  /// The language tag of a translation file name (`x.es.yaml` → `es`), or `nil` for other files.
  public static func language(ofFile path: String) -> String? {
    // Most files are plain `ID.yaml`: a translation's name has at least two dots.
    let name = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[path.index(after: $0)...]) } ?? path
    guard name.utf8.lazy.filter({ $0 == UInt8(ascii: ".") }).count >= 2 else { return nil }
    let parts = name.split(separator: ".")
    guard parts.count >= 3, parts.last == "yaml" || parts.last == "yml" else { return nil }
    let tag = parts[parts.count - 2]
    guard (2...3).contains(tag.count), tag.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return nil }
    return String(tag)
  }

  /// Translated modules by module id and language, with their content hashes, and every problem.
  public static func load(files: [String], content: LoadedContent) -> (
    modules: [String: [String: LoadedModule]], diagnostics: [Diagnostic]
  ) {
    var diagnostics: [Diagnostic] = []
    var snippetTranslations: [String: [String: (SnippetTranslation, [UInt8])]] = [:]
    var moduleTranslations: [(ModuleTranslation, [UInt8])] = []
    for file in files {
      guard let language = language(ofFile: file) else { continue }
      guard let bytes = FileManager.default.contents(atPath: file).map({ [UInt8]($0) }) else {
        diagnostics.append(.error(.unreadableFile, at: SourceLocation(file: file, line: 1, column: 1)))
        continue
      }
      var (root, found) = YAMLComposer(path: file).compose(bytes)
      let lines = SourceLines(String(decoding: bytes, as: UTF8.self))
      if let root {
        let isSnippet = ContentLoader.isSnippet(file)
        if isSnippet, let translation = decodeSnippet(root, language: language, diagnostics: &found) {
          snippetTranslations[translation.snippetID, default: [:]][language] = (translation, bytes)
        } else if !isSnippet,
          let translation = decodeModule(root, language: language, lines: lines, diagnostics: &found)
        {
          moduleTranslations.append((translation, bytes))
        }
      }
      diagnostics += found.map { diagnostic in
        var diagnostic = diagnostic
        if let line = diagnostic.location?.line, diagnostic.location?.file == file {
          diagnostic.sourceLine = lines.line(line)
        }
        return diagnostic
      }
    }
    var result: [String: [String: LoadedModule]] = [:]
    for (translation, bytes) in moduleTranslations {
      guard let base = content.module(translation.moduleID) else {
        diagnostics.append(
          .error(
            .translationOfUnknownModule(translation.moduleID, known: content.modules.map(\.module.id)),
            at: translation.source))
        continue
      }
      let snippets = (snippetTranslations.mapValues { $0[translation.language]?.0 }).compactMapValues { $0 }
      let findings = translation.check(against: base.module, snippets: snippets)
      diagnostics += findings
      guard !findings.hasErrors else { continue }
      var hashed = Array(base.contentHash.utf8) + bytes
      for id in Set(base.module.steps.compactMap(\.include)).sorted() {
        if let snippetBytes = snippetTranslations[id]?[translation.language]?.1 { hashed += snippetBytes }
      }
      var loaded = base
      loaded.module = translation.apply(to: base.module, snippets: snippets)
      loaded.contentHash = SHA256.hash(data: hashed).hex
      result[translation.moduleID, default: [:]][translation.language] = loaded
    }
    return (result, diagnostics)
  }

  private static func header(_ map: MappingReader, language: String, diagnostics: inout [Diagnostic]) -> String? {
    let id = map.string("translation-of", required: true, diagnostics: &diagnostics)
    if let stated = map.string("language", required: true, diagnostics: &diagnostics), stated != language {
      diagnostics.append(
        .error(.languageDiffersFromFileName(stated, fileName: language), at: map.value("language")?.mark))
    }
    return id
  }

  static func decodeModule(_ root: YAMLNode, language: String, lines: SourceLines, diagnostics: inout [Diagnostic])
    -> ModuleTranslation?
  {
    guard let map = MappingReader(root, context: "translation", diagnostics: &diagnostics) else { return nil }
    map.reportUnknownKeys(allowed: moduleFields, diagnostics: &diagnostics)
    guard let id = header(map, language: language, diagnostics: &diagnostics) else { return nil }
    var translation = ModuleTranslation(
      moduleID: id, language: language, title: map.string("title", diagnostics: &diagnostics),
      summary: map.string("summary", diagnostics: &diagnostics), source: root.mark)
    if let stepsNode = map.value("steps") {
      guard case .mapping(let pairs) = stepsNode.value else {
        diagnostics.append(.error(.translatedStepsNotMapping, at: stepsNode.mark))
        return nil
      }
      for (key, value) in pairs {
        guard let stepID = key.scalar else { continue }
        translation.stepMarks[stepID] = key.mark
        guard let step = MappingReader(value, context: "the translation of step '\(stepID)'", diagnostics: &diagnostics)
        else {
          continue
        }
        step.reportUnknownKeys(allowed: stepFields, diagnostics: &diagnostics)
        var text = ModuleTranslation.StepText(mark: key.mark)
        text.title = step.string("title", diagnostics: &diagnostics)
        text.body = step.string("body", diagnostics: &diagnostics)
        text.question = step.string("question", diagnostics: &diagnostics)
        text.guidance = step.string("guidance", diagnostics: &diagnostics)
        text.items = strings(step, "items", diagnostics: &diagnostics)
        text.phases = strings(step, "phases", diagnostics: &diagnostics)
        if let options = step.value("options") {
          if case .mapping(let entries) = options.value {
            for (option, label) in entries {
              if let id = option.scalar, let text2 = label.scalar { text.options[id] = text2 }
            }
          } else {
            diagnostics.append(.error(.translatedOptionsNotMapping, at: options.mark))
          }
        }
        if let anchors = step.value("anchors") {
          if case .mapping(let entries) = anchors.value {
            for (value, label) in entries {
              if let number = value.scalar.flatMap(YAMLScalar.int), let text2 = label.scalar {
                text.anchors[number] = text2
              } else {
                diagnostics.append(.error(.translatedAnchorKeyNotNumber, at: value.mark))
              }
            }
          } else {
            diagnostics.append(.error(.translatedAnchorsNotMapping, at: anchors.mark))
          }
        }
        translation.steps[stepID] = text
      }
    }
    return translation
  }

  static func decodeSnippet(_ root: YAMLNode, language: String, diagnostics: inout [Diagnostic]) -> SnippetTranslation?
  {
    guard let map = MappingReader(root, context: "snippet translation", diagnostics: &diagnostics) else { return nil }
    map.reportUnknownKeys(allowed: snippetFields, diagnostics: &diagnostics)
    guard let id = header(map, language: language, diagnostics: &diagnostics) else { return nil }
    return SnippetTranslation(
      snippetID: id, language: language, body: map.string("body", diagnostics: &diagnostics),
      question: map.string("question", diagnostics: &diagnostics),
      items: strings(map, "items", diagnostics: &diagnostics),
      guidance: map.string("guidance", diagnostics: &diagnostics))
  }

  private static func strings(_ map: MappingReader, _ key: String, diagnostics: inout [Diagnostic]) -> [String]? {
    guard let nodes = map.list(key, diagnostics: &diagnostics) else { return nil }
    return nodes.compactMap { node in
      guard let text = node.scalar else {
        diagnostics.append(.error(.textExpected(in: key, found: node.kindDescription), at: node.mark))
        return nil
      }
      return text
    }
  }
}

extension ContentLoader {
  /// Whether a file is a translation (`ID.LANG.yaml`), which the module and snippet loaders pass over.
  static func isTranslation(_ path: String) -> Bool {
    TranslationLoader.language(ofFile: path) != nil
  }
}

extension TranslationLoader {
  /// One snippet translation file, or `nil` when it is missing or has errors.
  public static func snippetTranslation(path: String) -> SnippetTranslation? {
    guard let language = language(ofFile: path), let data = FileManager.default.contents(atPath: path) else {
      return nil
    }
    var diagnostics: [Diagnostic] = []
    let (root, found) = YAMLComposer(path: path).compose([UInt8](data))
    guard let root, !found.hasErrors,
      let translation = decodeSnippet(root, language: language, diagnostics: &diagnostics), !diagnostics.hasErrors
    else { return nil }
    return translation
  }
}

extension Diagnostic.Message {
  /// A translation file for a module that is not loaded.
  static func translationOfUnknownModule(_ id: String, known: [String]) -> Self {
    Self(
      "translation of unknown module '\(id)'" + Suggestion.hint(for: id, in: known), category: "translation",
      fixIt: Suggestion.fixIt(for: id, in: known))
  }

  /// A `language:` other than the one the file name gives.
  static func languageDiffersFromFileName(_ stated: String, fileName language: String) -> Self {
    Self("language '\(stated)' does not match the file name's '.\(language).yaml'", category: "translation")
  }

  /// A translation's `steps:` that is not a mapping.
  static let translatedStepsNotMapping = Self(
    "expected a mapping of step id to text for 'steps'", category: "field-type")

  /// A translated step's `options:` that is not a mapping.
  static let translatedOptionsNotMapping = Self(
    "expected a mapping of option id to label for 'options'", category: "field-type")

  /// A translated anchor whose key is not a whole number.
  static let translatedAnchorKeyNotNumber = Self("anchor keys must be whole numbers", category: "field-type")

  /// A translated step's `anchors:` that is not a mapping.
  static let translatedAnchorsNotMapping = Self(
    "expected a mapping of value to label for 'anchors'", category: "field-type")

  /// An entry of a list of texts that is not text.
  static func textExpected(in key: String, found: String) -> Self {
    Self("expected text in '\(key)', found \(found)", category: "field-type")
  }
}
