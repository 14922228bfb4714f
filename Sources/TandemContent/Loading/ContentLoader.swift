import Crypto
import Foundation
import TandemBase
import TandemTherapy

/// A module ready to run: it loaded and validated without errors.
public struct LoadedModule: Hashable, Sendable {
  /// The module.
  public var module: Module
  /// SHA-256 over the module file's bytes and the content hashes of the snippets it includes.
  ///
  /// Worked out the first time it is read (a session start needs it; listing and validating
  /// do not), then kept.
  public var contentHash: String {
    get { hash.value }
    set { hash = ContentHash(value: newValue) }
  }
  /// The file it came from.
  public var path: String
  private var hash: ContentHash

  init(module: Module, contentHash: String, path: String) {
    self.init(module: module, hash: ContentHash(value: contentHash), path: path)
  }

  init(module: Module, hash: ContentHash, path: String) {
    self.module = module
    self.hash = hash
    self.path = path
  }

  public static func == (a: LoadedModule, b: LoadedModule) -> Bool {
    a.module == b.module && a.path == b.path && a.contentHash == b.contentHash
  }

  public func hash(into hasher: inout Hasher) {
    hasher.combine(module)
    hasher.combine(contentHash)
    hasher.combine(path)
  }
}

/// A module's content hash, computed from its bytes when first asked for.
final class ContentHash: @unchecked Sendable {
  private let lock = NSLock()
  /// The module file's bytes and the included snippets' hashes, until the hash is computed.
  private var parts: [[UInt8]]
  private var computed: String?

  init(value: String) {
    parts = []
    computed = value
  }

  /// The hash of `bytes` followed by the UTF-8 of each of `suffixes`.
  init(bytes: [UInt8], suffixes: [String]) {
    parts = [bytes] + suffixes.map { Array($0.utf8) }
  }

  var value: String {
    lock.lock()
    defer { lock.unlock() }
    if let computed { return computed }
    var hasher = SHA256()
    for part in parts { hasher.update(data: part) }
    let value = hasher.finalize().hex
    computed = value
    parts = []
    return value
  }
}

/// Everything found under some paths: the modules without errors, and every diagnostic.
public struct LoadedContent: Sendable {
  /// Modules that loaded without errors; a module with any error is left out entirely.
  public var modules: [LoadedModule]
  /// Snippets that loaded without errors.
  public var snippets: [Snippet]
  /// Measures (`Content/measures/`) that loaded without errors.
  public var measures: [LoadedMeasure] = []
  /// Programs (`Content/programs/`) that loaded without errors.
  public var programs: [LoadedProgram] = []
  /// The suggestion rules (`Content/suggestions.yaml`), in file order; a rule with an error is left out.
  public var suggestionRules: [SuggestionRule] = []
  /// Module files with errors, as far as they decoded: lint still looks at them, so that an
  /// error hides no warning that can be known.
  public var partialModules: [PartialModule] = []
  /// Every diagnostic, sorted by file and position, with source lines for caret snippets.
  public var diagnostics: [Diagnostic]
  /// How many files were read.
  public var fileCount: Int

  /// The module with this id.
  public func module(_ id: String) -> LoadedModule? { modules.first { $0.module.id == id } }
}

/// Reads module and snippet files from disk and validates them.
public enum ContentLoader {
  /// Loads every `.yaml`/`.yml` file under `paths` (files or folders). Files in a folder named
  /// `snippets` are snippets; others are modules. `snippetPaths` are extra places to find
  /// snippets that modules include (the shipped `Content/`).
  ///
  /// Module files are read, decoded and validated on `workers` threads (by default one per core;
  /// `tandem` passes `Environment.workers`); the result does not depend on how many.
  ///
  /// `overlay` holds contents to read instead of the disk, by path (an editor's unsaved text);
  /// a path in `paths` that the overlay holds is taken as a file even if the disk has none.
  ///
  /// `moduleContext` names folders of modules that programs among `paths` may name (the shipped
  /// `Modules/`): they are read only when such a program is checked, and neither their modules nor
  /// their findings are part of the result.
  public static func load(
    paths: [String], snippetPaths: [String] = [], workers: Int = ParallelWork.workerCount,
    overlay: [String: [UInt8]] = [:], moduleContext: [String] = []
  ) -> LoadedContent {
    var diagnostics: [Diagnostic] = []
    var files = paths.flatMap { overlay[$0] == nil ? collectFiles([$0], diagnostics: &diagnostics) : [$0] }
    // Programs and rules found only beside the modules (the shipped Content/) are loaded when they
    // check out, without their diagnostics: validating a draft folder is about the draft.
    let requested = Set(files.map(canonical))
    // Only snippet files can repeat between the two lists; the rest need no canonical path.
    var seen = Set(files.filter { isSnippet($0) || isMeasure($0) || isProgram($0) || isRules($0) }.map(canonical))
    // A module file checked on its own still sees the snippets in a `snippets/` folder beside it,
    // as checking its whole folder does.
    var isFolder: ObjCBool = false
    let besideFiles = paths.compactMap { path -> String? in
      guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), !isFolder.boolValue else {
        return nil
      }
      let folder = (path as NSString).deletingLastPathComponent
      let snippets = (folder.isEmpty ? "." : folder) + "/snippets"
      guard FileManager.default.fileExists(atPath: snippets, isDirectory: &isFolder), isFolder.boolValue else {
        return nil
      }
      return snippets
    }
    var ignored: [Diagnostic] = []
    let beside = collectFiles(Array(Set(besideFiles)).sorted(), diagnostics: &ignored)
    for file in collectFiles(snippetPaths, diagnostics: &diagnostics) + beside
    where (isSnippet(file) || isMeasure(file) || isProgram(file) || isRules(file)) && !isTranslation(file) {
      if seen.insert(canonical(file)).inserted { files.append(file) }
    }
    var sources: [String: SourceLines] = [:]

    var snippets: [String: Snippet] = [:]
    for file in files where isSnippet(file) && !isTranslation(file) {
      guard let (root, bytes) = read(file, overlay: overlay, sources: &sources, diagnostics: &diagnostics) else {
        continue
      }
      guard
        let snippet = SnippetDecoder.decode(
          root, path: file, hash: SHA256.hash(data: bytes).hex, diagnostics: &diagnostics)
      else { continue }
      if let first = snippets[snippet.id] {
        diagnostics.append(
          .error(.duplicateSnippetID(snippet.id), at: snippet.source, notes: [.firstDefinition(at: first.source)]))
      } else {
        snippets[snippet.id] = snippet
      }
    }

    var measures: [String: LoadedMeasure] = [:]
    for file in files where isMeasure(file) && !isSnippet(file) && !isTranslation(file) {
      guard let (root, bytes) = read(file, overlay: overlay, sources: &sources, diagnostics: &diagnostics) else {
        continue
      }
      guard
        let measure = MeasureDecoder.decode(
          root, path: file, hash: SHA256.hash(data: bytes).hex, diagnostics: &diagnostics)
      else { continue }
      if let first = measures[measure.measure.id] {
        diagnostics.append(
          .error(
            .duplicateMeasureID(measure.measure.id), at: measure.source, notes: [.firstDefinition(at: first.source)]))
      } else {
        measures[measure.measure.id] = measure
      }
    }

    // Module files are independent of each other once the snippets are known: they are read,
    // composed, decoded and validated on every core.
    let moduleFiles = files.filter {
      !isSnippet($0) && !isMeasure($0) && !isProgram($0) && !isRules($0) && !isCatalogue($0) && !isTranslation($0)
    }
    let knownSnippets = snippets
    let knownMeasures = measures
    let loads = moduleFiles.parallelMap(workers: workers) { file in
      loadModule(file, snippets: knownSnippets, measures: knownMeasures, overlay: overlay)
    }
    var modules: [LoadedModule] = []
    var partialModules: [PartialModule] = []
    for (file, load) in zip(moduleFiles, loads) {
      diagnostics += load.diagnostics
      if let partial = load.partial { partialModules.append(partial) }
      if let lines = load.lines { sources[file] = lines }
      if let module = load.module { modules.append(module) }
    }
    let duplicates = ModuleValidator.checkUniqueIDs(modules.map(\.module))
    if !duplicates.isEmpty {
      diagnostics += duplicates
      let bad = Set(duplicates.compactMap(\.location))
      modules.removeAll { $0.module.source.map(bad.contains) ?? false }
    }
    // Programs name modules: they are checked against the modules that loaded.
    var byID = Dictionary(modules.map { ($0.module.id, $0.module) }, uniquingKeysWith: { first, _ in first })
    if !moduleContext.isEmpty, files.contains(where: { isProgram($0) && requested.contains(canonical($0)) }) {
      var ignored: [Diagnostic] = []
      let known = Set(moduleFiles.map(canonical))
      let context = collectFiles(moduleContext, diagnostics: &ignored).filter { file in
        !known.contains(canonical(file)) && !isSnippet(file) && !isMeasure(file) && !isProgram(file)
          && !isRules(file) && !isCatalogue(file) && !isTranslation(file)
      }
      for load in context.parallelMap(
        workers: workers, { loadModule($0, snippets: knownSnippets, measures: knownMeasures) })
      {
        if let module = load.module?.module, byID[module.id] == nil { byID[module.id] = module }
      }
    }
    var programs: [String: LoadedProgram] = [:]
    for file in files where isProgram(file) && !isSnippet(file) && !isMeasure(file) && !isTranslation(file) {
      var found: [Diagnostic] = []
      let decoded = read(file, overlay: overlay, sources: &sources, diagnostics: &found).flatMap { root, bytes in
        ProgramDecoder.decode(root, path: file, hash: SHA256.hash(data: bytes).hex, modules: byID, diagnostics: &found)
      }
      let asked = requested.contains(canonical(file))
      if asked { diagnostics += found }
      guard let program = decoded, asked || !found.hasErrors else { continue }
      if let first = programs[program.program.id] {
        // A draft of a shipped program takes its place.
        guard asked else { continue }
        diagnostics.append(
          .error(
            .duplicateProgramID(program.program.id), at: program.source, notes: [.firstDefinition(at: first.source)]))
      } else {
        programs[program.program.id] = program
      }
    }
    var rules: [SuggestionRule] = []
    for file in files where isRules(file) && !isSnippet(file) {
      var found: [Diagnostic] = []
      guard let (root, _) = read(file, overlay: overlay, sources: &sources, diagnostics: &found) else {
        if requested.contains(canonical(file)) { diagnostics += found }
        continue
      }
      let decoded = SuggestionRulesDecoder.decode(
        root, lines: sources[file] ?? SourceLines(""), modules: Set(byID.keys), measures: Set(measures.keys),
        diagnostics: &found)
      // A rule with an error is left out; the others still run.
      if requested.contains(canonical(file)) { diagnostics += found }
      rules += decoded
    }
    let sorted = diagnostics.sortedByLocation().map { diagnostic -> Diagnostic in
      var diagnostic = diagnostic
      if let location = diagnostic.location {
        diagnostic.sourceLine = sources[location.file]?.line(location.line)
      }
      return diagnostic
    }
    return LoadedContent(
      modules: modules, snippets: snippets.values.sorted { $0.id < $1.id },
      measures: measures.values.sorted { $0.measure.id < $1.measure.id },
      programs: programs.values.sorted { $0.program.id < $1.program.id }, suggestionRules: rules,
      partialModules: partialModules, diagnostics: sorted, fileCount: sources.count)
  }

  /// One module file, read, decoded and validated: the module when it has no errors, every
  /// diagnostic, and the file's lines when it was read.
  private struct ModuleLoad: Sendable {
    var module: LoadedModule?
    var partial: PartialModule?
    var diagnostics: [Diagnostic] = []
    var lines: SourceLines?
  }

  private static func loadModule(
    _ file: String, snippets: [String: Snippet], measures: [String: LoadedMeasure] = [:],
    overlay: [String: [UInt8]] = [:], clock: PhaseClock? = nil
  ) -> ModuleLoad {
    var sources: [String: SourceLines] = [:]
    var load = ModuleLoad()
    let read = read(file, overlay: overlay, sources: &sources, diagnostics: &load.diagnostics, clock: clock)
    load.lines = sources[file]
    guard let (root, bytes) = read else { return load }
    var decoder = ModuleDecoder(
      path: file, lines: sources[file] ?? SourceLines(""), snippets: snippets, measures: measures)
    let decoded = decoder.decode(root, diagnostics: &load.diagnostics)
    clock?.lap(\.decode)
    guard let module = decoded else {
      // What the field errors left is still checked, so that they hide no other problem.
      if let partial = decoder.partialModule {
        load.diagnostics += ModuleValidator.validate(
          partial, brokenSteps: decoder.brokenSteps, opaqueSteps: decoder.opaqueSteps,
          flowIsKnown: !decoder.flowIsIncomplete)
        load.partial = PartialModule(
          module: partial, brokenSteps: decoder.brokenSteps, flowIsKnown: !decoder.flowIsIncomplete)
      }
      return load
    }
    load.diagnostics += ModuleValidator.validate(module)
    clock?.lap(\.validate)
    if load.diagnostics.hasErrors {
      load.partial = PartialModule(module: module, brokenSteps: [], flowIsKnown: true)
      return load
    }
    // A module asking no measure hashes as it always has.
    let hash = ContentHash(
      bytes: bytes,
      suffixes: decoder.includedSnippets.sorted().map { snippets[$0]?.contentHash ?? "" }
        + decoder.includedMeasures.sorted().map { "measure:" + (measures[$0]?.contentHash ?? "") })
    load.module = LoadedModule(module: module, hash: hash, path: file)
    return load
  }

  /// Where one thread's load of module files spends its time, phase by phase (for the
  /// benchmark): reading, composing (libyaml's parse included), line index, decoding, validating.
  public struct PhaseTimes: Sendable {
    public var read = 0.0, compose = 0.0, lines = 0.0, decode = 0.0, validate = 0.0
    public var total: Double { read + compose + lines + decode + validate }
  }

  /// Adds the time since its last lap to a phase.
  final class PhaseClock {
    private(set) var times = PhaseTimes()
    private var last = PhaseClock.now()

    func start() { last = Self.now() }

    func lap(_ phase: WritableKeyPath<PhaseTimes, Double>) {
      let now = Self.now()
      times[keyPath: phase] += now - last
      last = now
    }

    private static func now() -> Double {
      var spec = timespec()
      clock_gettime(CLOCK_MONOTONIC, &spec)
      return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
  }

  /// Loads `files` as modules on this thread, as `load` does, timing each phase; the snippets
  /// under `snippetPaths` are loaded first, untimed. Returns the phase times and how many
  /// modules loaded without errors.
  public static func timePhases(files: [String], snippetPaths: [String]) -> (PhaseTimes, modules: Int) {
    let snippetContent = load(paths: snippetPaths, workers: 1)
    let snippets = Dictionary(snippetContent.snippets.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    let clock = PhaseClock()
    let modules = files.filter { loadModule($0, snippets: snippets, clock: clock).module != nil }.count
    return (clock.times, modules)
  }

  /// Composes one file's single document, recording why it could not be read.
  private static func read(
    _ file: String, overlay: [String: [UInt8]] = [:], sources: inout [String: SourceLines],
    diagnostics: inout [Diagnostic], clock: PhaseClock? = nil
  ) -> (YAMLNode, [UInt8])? {
    let start = SourceLocation(file: file, line: 1, column: 1)
    clock?.start()
    let bytes: [UInt8]
    switch overlay[file].map(readOverlay) ?? readFile(file) {
    case .bytes(let read):
      bytes = read
    case .failed(let message):
      diagnostics.append(.error(message, at: start))
      return nil
    }
    clock?.lap(\.read)
    let (root, found) = YAMLComposer(path: file).compose(bytes)
    diagnostics += found
    clock?.lap(\.compose)
    sources[file] = SourceLines(bytes: bytes)
    clock?.lap(\.lines)
    guard let root else {
      if !found.hasErrors { diagnostics.append(.error(.emptyFile, at: start)) }
      return nil
    }
    return (root, bytes)
  }

  private enum FileRead {
    case bytes([UInt8])
    case failed(Diagnostic.Message)
  }

  /// A file's bytes (at most one more than `YAMLComposer.maxFileSize`), or why it cannot be read.
  ///
  /// Opens the file itself (not a symbolic link, without blocking on a FIFO) and checks it with
  /// `fstat`; when the open fails, `lstat` says why, as the messages always have.
  private static func readFile(_ file: String) -> FileRead {
    let descriptor = open(file, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else {
      var info = stat()
      guard lstat(file, &info) == 0 else { return .failed(.unreadableFile) }
      if info.st_mode & S_IFMT != S_IFREG { return .failed(.notRegularFile) }
      if Int(info.st_size) > YAMLComposer.maxFileSize { return .failed(.fileTooLarge(Int(info.st_size))) }
      return .failed(.unreadableFile)
    }
    defer { close(descriptor) }
    var info = stat()
    guard fstat(descriptor, &info) == 0 else { return .failed(.unreadableFile) }
    if info.st_mode & S_IFMT != S_IFREG { return .failed(.notRegularFile) }
    let size = Int(info.st_size)
    if size > YAMLComposer.maxFileSize { return .failed(.fileTooLarge(size)) }
    // The file may grow after fstat: read up to one byte over the limit, as the composer checks.
    let limit = YAMLComposer.maxFileSize + 1
    var bytes = [UInt8](repeating: 0, count: min(size + 1, limit))
    var count = 0
    while true {
      if count == bytes.count {
        guard bytes.count < limit else { break }
        bytes += [UInt8](repeating: 0, count: min(bytes.count, limit - bytes.count))
      }
      let got = bytes.withUnsafeMutableBytes { buffer in
        systemRead(descriptor, buffer.baseAddress! + count, buffer.count - count)
      }
      if got < 0 {
        if errno == EINTR { continue }
        // As before: a read error leaves no bytes (and the file is then reported empty).
        count = 0
        break
      }
      if got == 0 { break }
      count += got
    }
    bytes.removeSubrange(count...)
    return .bytes(bytes)
  }

  /// Contents held in memory, checked against the same size limit as a file on disk.
  private static func readOverlay(_ bytes: [UInt8]) -> FileRead {
    bytes.count > YAMLComposer.maxFileSize ? .failed(.fileTooLarge(bytes.count)) : .bytes(bytes)
  }

  static func isSnippet(_ path: String) -> Bool {
    // A folder named `snippets` anywhere above the file (the last component is the file).
    let bytes = Array(path.utf8)
    let name = Array("snippets".utf8)
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == UInt8(ascii: "/") {
      if bytes[start..<index].elementsEqual(name) { return true }
      start = index + 1
    }
    return false
  }

  /// Whether a file is a measure: in a folder named `measures` (`Content/measures/phq-9.yaml`).
  static func isMeasure(_ path: String) -> Bool {
    let parts = path.split(separator: "/")
    return parts.count >= 2 && parts[parts.count - 2] == "measures"
  }

  /// Whether a file is a program: in a folder named `programs` (`Content/programs/teen-cbt.yaml`).
  static func isProgram(_ path: String) -> Bool {
    let parts = path.split(separator: "/")
    return parts.count >= 2 && parts[parts.count - 2] == "programs"
  }

  /// Whether a file is the suggestion rules (`Content/suggestions.yaml`).
  static func isRules(_ path: String) -> Bool {
    path == "suggestions.yaml" || path.hasSuffix("/suggestions.yaml")
  }

  static func isCatalogue(_ path: String) -> Bool {
    path == "medications.yaml" || path.hasSuffix("/medications.yaml")
  }

  private static func canonical(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
  }

  /// Whether a file found in a folder is module or content YAML (module tests are not); the
  /// extension in any case, as when the file is named directly (`worry-time.YAML`).
  public static func isContentFile(_ relative: String) -> Bool {
    let name = relative.lowercased()
    return (name.hasSuffix(".yaml") || name.hasSuffix(".yml"))
      && !(name.hasSuffix(".test.yaml") || name.hasSuffix(".test.yml"))
  }

  /// Every file under the paths that `matching` accepts (by default module and content YAML),
  /// sorted within each folder, hidden folders skipped; a path given as a file is taken as it
  /// is, and a missing path is an error.
  public static func collectFiles(
    _ paths: [String], matching: (String) -> Bool = isContentFile, diagnostics: inout [Diagnostic]
  ) -> [String] {
    var files: [String] = []
    let fm = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
        diagnostics.append(.error(.noSuchPath(path), at: nil))
        continue
      }
      guard isDirectory.boolValue else {
        files.append(path)
        continue
      }
      let base = path.hasSuffix("/") ? String(path.dropLast()) : path
      guard let enumerator = fm.enumerator(atPath: base) else { continue }
      var found: [String] = []
      while let relative = enumerator.nextObject() as? String {
        if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
        if matching(relative) { found.append(base + "/" + relative) }
      }
      files += found.sorted()
    }
    return files
  }
}

/// `read(2)`, named apart from `ContentLoader.read`.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  read(descriptor, buffer, count)
}

extension Diagnostic.Message {
  /// Two snippet files give the same id; `include:` could not tell which one a module means.
  static func duplicateSnippetID(_ id: String) -> Self {
    Self("duplicate snippet id '\(id)'", category: "duplicate-snippet-id")
  }

  /// A measure id two files give.
  static func duplicateMeasureID(_ id: String) -> Self {
    Self("duplicate measure id '\(id)'", category: "duplicate-measure-id")
  }

  /// A program id two files give.
  static func duplicateProgramID(_ id: String) -> Self {
    Self("duplicate program id '\(id)'", category: "duplicate-program-id")
  }

  /// A file with no YAML document in it.
  static let emptyFile = Self("file is empty", category: "empty-file")

  /// A file that exists but cannot be read.
  static let unreadableFile = Self("cannot read file", category: "unreadable-file")

  /// A path given on the command line that does not exist.
  static func noSuchPath(_ path: String) -> Self {
    Self("no such file or folder '\(TerminalText.sanitized(path))'", category: "no-such-file")
  }

  /// A path that is a folder, link or device where a file belongs.
  static let notRegularFile = Self("not a regular file", category: "unreadable-file")
}
