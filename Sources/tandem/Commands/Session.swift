import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemStore
import TandemTherapy

extension Tandem {
  /// Start, resume, list and show therapy sessions.
  struct Session: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Start, resume, list and show sessions.",
      subcommands: [Start.self, Resume.self, List.self, Show.self])
  }
}

extension Tandem.Session {
  /// Starts a new session of a module.
  struct Start: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Start a module.")

    @Argument(help: ArgumentHelp("The module id (see 'tandem modules').", valueName: "module-id"))
    var moduleID: String

    @Option(help: ArgumentHelp("Run a translation, e.g. es (see 'tandem modules').", valueName: "language"))
    var lang: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
      let content = options.loadContent()
      var loaded = try SessionLauncher.module(moduleID, in: content)
      if let lang, lang != "en" {
        let translations = options.loadTranslations(for: content).modules[loaded.module.id] ?? [:]
        guard let translated = translations[lang] else {
          let available = (["en"] + translations.keys.sorted()).joined(separator: ", ")
          throw CLIError(
            "no '\(TerminalText.sanitized(lang))' translation of '\(loaded.module.id)' is ready; available: \(available)"
          )
        }
        loaded = translated
      }
      let store = try options.openStore()
      try SessionLauncher(options: options, store: store, content: content).start(loaded)
    }
  }

  /// Resumes a paused session.
  struct Resume: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Resume a session (default: the latest unfinished).")

    @Argument(help: ArgumentHelp("The session id or its first characters.", valueName: "session-id"))
    var sessionID: String?

    @OptionGroup var options: CommonOptions

    func run() throws {
      let store = try options.openStore()
      let session: StoredSession
      if let sessionID {
        guard let found = try store.session(matching: sessionID) else {
          throw CLIError("no session '\(TerminalText.sanitized(sessionID))'; see 'tandem session list'")
        }
        session = found
      } else {
        guard let found = try store.latestOpenSession() else {
          throw CLIError("no unfinished session; start one with 'tandem session start MODULE-ID'")
        }
        session = found
      }
      try SessionLauncher(options: options, store: store, content: options.loadContent()).resume(session)
    }
  }

  /// Lists sessions.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List sessions, newest last.")

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      let sessions = try options.openStoreForReading().allSessions()
      switch format {
      case .json:
        print(try JSONOutput.encode(sessions.map(SessionListing.init)))
      case .text:
        if sessions.isEmpty { print("No sessions yet. Start one with 'tandem session start MODULE-ID'.") }
        for session in sessions {
          let listing = SessionListing(session)
          let step = listing.step.map { "  at \($0)" } ?? ""
          print(
            "\(listing.id.prefix(8))  \(DateText.short(session.startedAt))  \(listing.status.padding(toLength: 14, withPad: " ", startingAt: 0))"
              + "\(TerminalText.sanitized(listing.moduleID)) v\(listing.moduleVersion)\(step)")
        }
      }
    }
  }

  /// Shows every answer of a session.
  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show a session's events and answers.")

    @Argument(help: ArgumentHelp("The session id or its first characters.", valueName: "session-id"))
    var sessionID: String

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      guard let session = try options.openStoreForReading().session(matching: sessionID) else {
        throw CLIError("no session '\(TerminalText.sanitized(sessionID))'; see 'tandem session list'")
      }
      let detail = SessionDetail(session)
      switch format {
      case .json:
        print(try JSONOutput.encode(detail))
      case .text:
        print("Session \(detail.id)")
        print(
          "Module: \(TerminalText.sanitized(detail.moduleTitle)) (\(TerminalText.sanitized(detail.moduleID)) v\(detail.moduleVersion))"
        )
        print("Started: \(DateText.short(session.startedAt))   Status: \(detail.status)")
        for event in detail.events {
          var line = "  \(DateText.short(event.at))  \(event.kind.padding(toLength: 15, withPad: " ", startingAt: 0))"
          if let step = event.step { line += TerminalText.sanitized(step, keepNewlines: false) }
          if let answer = event.answer { line += ": " + TerminalText.sanitized(answer, keepNewlines: false) }
          print(line)
        }
      }
    }
  }
}

/// Starts and resumes sessions in the terminal.
struct SessionLauncher {
  let options: CommonOptions
  let store: SQLiteStore
  let content: LoadedContent

  /// The loaded module with this id, or a clear error (with a suggestion, or the reason it is not loaded).
  static func module(_ id: String, in content: LoadedContent) throws -> LoadedModule {
    if let loaded = content.module(id) { return loaded }
    let broken = content.diagnostics.contains {
      $0.severity == .error && ($0.location?.file.hasSuffix("/\(id).yaml") ?? false)
    }
    if broken {
      throw CLIError("module '\(TerminalText.sanitized(id))' has errors and cannot run; see 'tandem validate'")
    }
    throw CLIError(
      "no module '\(TerminalText.sanitized(id))'" + Suggestion.hint(for: id, in: content.modules.map(\.module.id))
        + "; see 'tandem modules'")
  }

  var crisisText: String { crisisText(language: nil) }

  /// The crisis snippet in the session's language when it is translated.
  func crisisText(language: String?) -> String {
    if let language {
      let path = ContentHome.locate().content + "/snippets/crisis-resources.\(language).yaml"
      if let body = TranslationLoader.snippetTranslation(path: path)?.body { return body }
    }
    return content.snippets.first { $0.id == "crisis-resources" }?.body
      ?? "If you are thinking about harming yourself, call or text 988 (US) or your local emergency number now."
  }

  func console(style: TerminalStyle) -> any Console {
    isatty(STDIN_FILENO) == 1 && style.isTerminal ? InteractiveConsole(style: style) : ScriptedConsole()
  }

  func resumeHint(_ id: String) -> String {
    var hint = "tandem session resume \(id.prefix(8))"
    if let store = options.store { hint += " --store '\(TerminalText.sanitized(store, keepNewlines: false))'" }
    return hint
  }

  func start(_ loaded: LoadedModule, console existing: (any Console)? = nil) throws {
    let style = options.style()
    let environment = try LiveEnvironment.current()
    let id = environment.makeID()
    let machine = SessionMachine(module: loaded.module)
    let (state, effects) = machine.start(moduleHash: loaded.contentHash)
    guard case .record(let events)? = effects.first else { return }
    let lock = try store.lockSession(id)
    defer { withExtendedLifetime(lock) {} }
    let last = try store.startSession(
      id: id, module: loaded.module, contentHash: loaded.contentHash, events: events, at: environment.now())
    let console = existing ?? console(style: style)
    console.write(
      style.bold(TextLayout.block("\(loaded.module.title)  (about \(loaded.module.minutes) min)", width: style.width))
        + "\n")
    try run(
      id: id, lastSequence: last, module: loaded.module, state: state, effects: Array(effects.dropFirst()),
      console: console, style: style)
  }

  func resume(_ found: StoredSession, console existing: (any Console)? = nil) throws {
    let lock = try Self.inThisWindowOnly(found.id) { try store.lockSession(found.id) }
    defer { withExtendedLifetime(lock) {} }
    // Read again under the lock: another window may have written since `found` was read.
    let session = try store.session(id: found.id) ?? found
    let style = options.style()
    let environment = try LiveEnvironment.current()
    var state = session.state
    guard state.status.isOpen else {
      throw CLIError("session \(session.id.prefix(8)) is \(state.status.rawValue) and cannot be resumed")
    }
    let console = existing ?? console(style: style)
    var module = session.currentModule
    var last = session.entries.last?.sequence ?? 0
    console.write(style.bold(TextLayout.block("Welcome back to \(module.title).", width: style.width)) + "\n")
    let latest: LoadedModule? =
      module.language.map { options.loadTranslations(for: content).modules[module.id]?[$0] }
      ?? content.module(module.id)
    var decision = ResumeDecision.decide(
      module: module, contentHash: session.currentContentHash,
      latest: latest.map { ($0.module, $0.contentHash) })
    // A version the therapist sent through the clinic is for the next session: this one finishes
    // on the version it started (docs/sync.md).
    if let latest, latest.contentHash != session.currentContentHash,
      ReceivedModules.latest(storePath: options.storePath).contains(where: { $0.contentHash == latest.contentHash })
    {
      decision = .pinned(module)
    }
    switch decision {
    case .unchanged:
      break
    case .migrate(let event, let newer):
      last = try Self.inThisWindowOnly(session.id) {
        try store.append([event], toSession: session.id, expectingLast: last, at: environment.now())
      }
      SessionMachine(module: module).apply(event, to: &state)
      module = newer
      console.write(
        style.dim(
          TextLayout.block(
            "This module has a new version (v\(module.version)); you continue on it with your answers kept.",
            width: style.width)) + "\n")
    case .pinned:
      console.write(
        style.dim(
          TextLayout.block(
            "This module has changed since you started; you will finish on the version you began (v\(module.version)).",
            width: style.width)) + "\n")
    }
    let machine = SessionMachine(module: module)
    let effects = machine.reduce(&state, .resumeRequested)
    try run(
      id: session.id, lastSequence: last, module: module, state: state, effects: effects, console: console,
      style: style)
  }

  /// Runs `body`, telling the patient plainly when another window wrote to the session first.
  static func inThisWindowOnly<Result>(_ id: String, _ body: () throws -> Result) throws -> Result {
    do {
      return try body()
    } catch StoreError.sessionChanged {
      throw CLIError(
        "this session is open in another window; continue it there, or close it there and run"
          + " 'tandem session resume \(id.prefix(8))' (nothing from this window was mixed into it)")
    }
  }

  private func run(
    id: String, lastSequence: Int64, module: Module, state: SessionState, effects: [SessionEffect],
    console: any Console, style: TerminalStyle
  )
    throws
  {
    // The catalogue with the patient's own medications, as every diary command sees it, so a
    // dose check logs a dose of an own entry too.
    let own = try? DiaryLedger(store.diaryEntries(window: DiaryWindow(since: .distantFuture))).patientMedications
    let catalogue = try? DiaryContext.loadCatalogue(options).adding((own ?? []).map(\.value))
    let environment = try LiveEnvironment.current()
    let runner = SessionRunner(
      store: store, console: console, style: style, sessionID: id, lastSequence: lastSequence, module: module,
      crisisText: crisisText(language: module.language),
      resumeHint: resumeHint(id), environment: environment,
      diary: catalogue.map { catalogue in { SessionDiaryBridge(catalogue: catalogue, environment: environment) } })
    _ = try Self.inThisWindowOnly(id) { try runner.run(state: state, effects: effects) }
  }
}

/// A session in `session list`.
struct SessionListing: Codable {
  let id: String
  let moduleID: String
  let moduleVersion: Int
  let startedAt: Date
  let lastActivity: Date
  let status: String
  let step: String?

  init(_ session: StoredSession) {
    let state = session.state
    id = session.id
    moduleID = session.module.id
    moduleVersion = session.module.version
    startedAt = session.startedAt
    lastActivity = session.lastActivity
    status = state.status.rawValue
    step = state.status.isOpen ? state.current : nil
  }
}

/// A session in `session show`: every event, with answers as the patient gave them.
struct SessionDetail: Codable {
  struct Event: Codable {
    let at: Date
    let kind: String
    let step: String?
    let answer: String?
    let value: Answer?
  }

  let id: String
  let moduleID: String
  let moduleTitle: String
  let moduleVersion: Int
  let contentHash: String
  let startedAt: Date
  let status: String
  let events: [Event]

  init(_ session: StoredSession) {
    id = session.id
    moduleID = session.module.id
    moduleTitle = session.module.title
    moduleVersion = session.module.version
    contentHash = session.contentHash
    startedAt = session.startedAt
    status = session.state.status.rawValue
    events = session.entries.map { entry in
      let step: String?
      var answer: String?
      var value: Answer?
      switch entry.event {
      case .answered(let id, let given):
        step = id
        answer = Interpolation.display(given, step: session.module.step(id))
        value = given
      case .continued(let id, let ranSeconds):
        step = id
        answer = ranSeconds.map { "ended early after \($0) s" }
      case .skipped(let id), .safetyStopped(let id), .wentBack(let id): step = id
      case .timerFinished(let id, let seconds):
        step = id
        answer = "\(seconds) s"
      default: step = nil
      }
      return Event(at: entry.recordedAt, kind: entry.event.kind, step: step, answer: answer, value: value)
    }
  }
}

enum DateText {
  static func short(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    return formatter.string(from: date)
  }
}
