import ArgumentParser
import Foundation
import TandemBase
import TandemContent
import TandemStore

/// Options every command accepts after its name.
struct CommonOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The store file (default: $TANDEM_STORE, else under $XDG_DATA_HOME/tandem/).", valueName: "path"),
    completion: .file()
  )
  var store: String?

  @Option(
    name: .long, help: ArgumentHelp("An extra folder of modules (drafts, tests); may be repeated.", valueName: "dir"),
    completion: .directory)
  var modules: [String] = []

  @Flag(name: .long, help: "No colour and no redraws (for screen readers and logs).")
  var plain = false

  @Option(
    name: .long, help: ArgumentHelp("An extra medication catalogue file; may be repeated.", valueName: "file"),
    completion: .file(extensions: ["yaml", "yml"]))
  var catalogue: [String] = []

  /// These options as they would be typed, to run another command with the same ones.
  var arguments: [String] {
    var arguments: [String] = []
    if let store { arguments += ["--store", store] }
    for folder in modules { arguments += ["--modules", folder] }
    if plain { arguments.append("--plain") }
    for file in catalogue { arguments += ["--catalogue", file] }
    return arguments
  }

  /// The store file to use.
  var storePath: String {
    store ?? SQLiteStore.defaultPath(environment: ProcessInfo.processInfo.environment)
  }

  /// Opens the store, turning failures into a clean message.
  func openStore() throws -> SQLiteStore {
    do {
      return try SQLiteStore(path: storePath)
    } catch let error as StoreError {
      if case .readOnly = error { throw CLIError("\(error)") }
      throw CLIError("cannot open the store at \(storePath): \(error)")
    }
  }

  /// Opens the store for a command that only reads it: nothing is created or written, so it
  /// works on a store the user may only read.
  /// `migrating: false` never writes, not even to bring an older store's schema up to date.
  func openStoreForReading(migrating: Bool = true) throws -> SQLiteStore {
    // A store named on purpose (--store) that does not exist is most likely a typo: say so.
    if store != nil, !FileManager.default.fileExists(atPath: storePath) {
      printError("note: there is no store at \(storePath) yet; nothing is recorded there")
    }
    do {
      return try SQLiteStore(readingAt: storePath)
    } catch StoreError.olderSchema where migrating && access(storePath, W_OK) == 0 {
      // A store this user may write, last written by an older version (or one whose first open was
      // cut short): open it as writing commands do, which brings its schema up to date.
      return try openStore()
    } catch {
      throw CLIError("cannot open the store at \(storePath): \(error)")
    }
  }

  /// Loads the shipped modules and any `--modules` folders, then the module versions the patient's
  /// care team sent through the clinic (the latest received version of a module replaces the shipped one).
  func loadContent() -> LoadedContent {
    let home = ContentHome.locate()
    var content = ContentLoader.load(paths: [home.modules] + modules, snippetPaths: [home.content], workers: workers)
    for received in ReceivedModules.latest(storePath: storePath) {
      content.modules.removeAll { $0.module.id == received.module.id }
      content.modules.append(received)
    }
    return content
  }

  /// How many threads may load and check modules: the environment's (`TANDEM_WORKERS`). A
  /// `TANDEM_NOW` that cannot be read does not stop content from loading; it is reported where
  /// "now" is needed.
  var workers: Int { (try? LiveEnvironment.current().workers) ?? ParallelWork.workerCount }

  /// Translations (`ID.LANG.yaml`) of the loaded modules, by module id and language, and their
  /// problems. Module translations come from `paths` (default: the shipped and `--modules`
  /// folders); snippet translations also from the shipped `Content/`.
  func loadTranslations(for content: LoadedContent, paths: [String]? = nil) -> (
    modules: [String: [String: LoadedModule]], diagnostics: [Diagnostic]
  ) {
    let home = ContentHome.locate()
    var ignored: [Diagnostic] = []
    var seen = Set<String>()
    let files = ContentLoader.collectFiles((paths ?? [home.modules] + modules) + [home.content], diagnostics: &ignored)
      .filter {
        TranslationLoader.language(ofFile: $0) != nil
          && seen.insert(URL(fileURLWithPath: $0).standardizedFileURL.path).inserted
      }
    return TranslationLoader.load(files: files, content: content)
  }

  /// Whether output may use colour and redraws.
  func style(for output: Int32 = STDOUT_FILENO) -> TerminalStyle {
    TerminalStyle(plain: plain, fileDescriptor: output)
  }
}

/// A failure the user can act on, printed without a stack trace.
struct CLIError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// Output format for listing commands.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case text, json
}
