import ArgumentParser
import Foundation
import TandemBase
import TandemContent
import TandemEvents
import TandemStore

extension Tandem {
  /// Enrols this terminal with a clinic.
  struct Link: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Link this terminal to your clinic with the one-time code it gave you; then your care team sees "
        + "your diary and sessions, and you receive what they assign or prescribe.",
      discussion: "Your record stays on this computer and works offline; 'tandem sync' (and each command, in the "
        + "background) sends new entries and fetches your care team's. See docs/sync.md.")

    @Argument(help: "The clinic's address, e.g. https://clinic.example.org.") var server: String
    @Argument(help: "The enrolment code, e.g. ABCD-EFGH-JKMN-PQRS.") var code: String
    @Flag(help: "Allow plain http:// to this machine (for trying a clinic out).") var insecureLoopback = false
    @OptionGroup var options: CommonOptions

    func run() throws {
      let http = try ClinicHTTP(server: server, insecureLoopback: insecureLoopback)
      let store = try options.openStore()
      // The store now holds a refresh token: only its owner may read it, whatever it was before.
      for suffix in ["", "-wal", "-shm"] { chmod(options.storePath + suffix, 0o600) }
      let earlier = try store.syncLink()
      if let earlier, earlier.server != http.base.absoluteString {
        throw CLIError(
          "this terminal is already linked to \(earlier.server) as \(earlier.label); a record syncs with one clinic")
      }
      let enrolment = try http.call(
        Enrolment.self, "POST", "v1/enrol", body: EnrolRequest(code: code, expecting: "patient"))
      let device = enrolment.deviceID
      guard enrolment.role == "patient" else {
        throw CLIError("that code is a clinician's: clinicians use 'tandem clinic login'")
      }
      if let earlier, earlier.label != enrolment.name {
        throw CLIError(
          "that code is for \(enrolment.name), but this terminal holds the record linked as \(earlier.label); "
            + "ask the clinic for a code for \(earlier.label)")
      }
      let environment = try LiveEnvironment.current()
      try store.link(
        server: http.base.absoluteString, label: enrolment.name, serverDeviceID: device.lowercased(),
        refreshToken: enrolment.refreshToken, insecureLoopback: insecureLoopback, at: environment.now())
      print("Linked to \(http.base.absoluteString). Syncing your record…")
      let outcome = try ClinicSync(store: store, http: http).run(now: environment.now)
      print(outcome.summary)
    }
  }

  /// Pushes and pulls now.
  struct Sync: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Send new entries to your clinic and fetch your care team's; --status says what is waiting.")

    @Flag(help: "Show the link, what waits to be sent and the last error, without syncing.") var status = false
    @Flag(help: .hidden) var background = false
    @OptionGroup var options: CommonOptions

    func run() throws {
      if status { return try showStatus() }
      let store = try options.openStore()
      guard let link = try store.syncLink() else {
        if background { return }
        throw CLIError("this terminal is not linked to a clinic; 'tandem link URL CODE' links it")
      }
      let environment = try LiveEnvironment.current()
      // One sync at a time per store: a background sync already running means this one has nothing to add.
      guard let lock = SyncLock(storePath: options.storePath, wait: !background) else {
        if background { return }
        throw CLIError("a sync is already running; try again in a moment")
      }
      defer { lock.release() }
      do {
        let http = try ClinicHTTP(server: link.server, insecureLoopback: link.insecureLoopback)
        let outcome = try ClinicSync(store: store, http: http).run(now: environment.now)
        if !background { print(outcome.summary) }
      } catch {
        let message = "\(error)"
        try? store.recordSyncAttempt(error: String(message.prefix(500)), at: environment.now())
        if background { return }
        // A device behind the clinic's record stays refused until it is re-linked: "sent next time" would not be true.
        guard !message.contains("re-link this device") else { throw CLIError("sync failed: \(message)") }
        throw CLIError("sync failed: \(message) (nothing is lost: your entries stay here and are sent next time)")
      }
    }

    func showStatus() throws {
      let store = try options.openStoreForReading()
      guard let link = try store.syncLink() else {
        print("Not linked to a clinic. 'tandem link URL CODE' links this terminal.")
        return
      }
      print("Linked to \(link.server) as \(link.label) since \(link.linkedAt).")
      let waiting = try store.unsyncedCount()
      print(
        waiting == 0
          ? "Nothing waits to be sent." : "\(waiting) \(waiting == 1 ? "entry waits" : "entries wait") to be sent.")
      print("Last successful sync: \(link.lastSuccessAt ?? "never").")
      if let error = link.lastError {
        print(
          "Last attempt (\(link.lastAttemptAt ?? "?")) failed: \(TerminalText.sanitized(error, keepNewlines: false))")
      }
    }
  }
}

/// One sync: push everything waiting (in batches), then pull everything new.
struct ClinicSync {
  let store: SQLiteStore
  let http: ClinicHTTP

  struct Outcome {
    var sent: Int
    var received: Int
    var summary: String {
      "Sync done: \(sent) sent, \(received) received."
    }
  }

  /// The most events one push carries (the server takes up to 5,000 and 1 MiB).
  static let batch = 500

  func run(now: () -> Date) throws -> Outcome {
    guard let link = try store.syncLink() else { throw CLIError("not linked") }
    let token = try http.call(
      TokenResponse.self, "POST", "v1/token", body: RefreshRequest(refreshToken: link.refreshToken)
    ).accessToken
    var sent = 0
    var first = true
    while true {
      let pending = try store.pendingUpload(limit: Self.batch)
      // With nothing to send, one empty push still tells the clinic the patient's time zone, so the
      // clinician's report counts the same days.
      guard !pending.events.isEmpty || first else { break }
      first = false
      let body = PushBatch(
        timeZone: PatientTimeZone.current.identifier, sessions: pending.sessions,
        events: pending.events.map { PushedEvent(deviceSeq: $0.deviceSeq, line: $0.line) })
      let result = try http.call(PushResult.self, "POST", "v1/sync/push", body: body, token: token)
      try store.acknowledge(deviceSeq: result.ackedDeviceSeq, at: now())
      sent += result.added
      guard result.ackedDeviceSeq >= pending.events.last?.deviceSeq ?? 0 else {
        throw CLIError("the clinic acknowledged less than was sent")
      }
      if pending.events.isEmpty { break }
    }
    var received = 0
    var cursor = link.pullCursor
    while true {
      let page = try http.call(
        PullResult.self, "GET", "v1/sync/pull",
        query: [URLQueryItem(name: "after", value: String(cursor)), URLQueryItem(name: "limit", value: "1000")],
        token: token)
      var modules: [(hash: String, id: String, version: Int, files: String)] = []
      for module in page.modules {
        try ReceivedModules.verify(module)
        let files = String(decoding: try JSONEncoder().encode(module.files), as: UTF8.self)
        modules.append((module.contentHash, module.module, module.version, files))
      }
      received += try store.applyPull(
        sessions: page.sessions, events: page.events.map { ($0.streamSeq, $0.line) }, modules: modules,
        cursor: page.cursor, at: now())
      cursor = page.cursor
      if !page.more { break }
    }
    return Outcome(sent: sent, received: received)
  }
}

/// Module versions from the clinic: loaded with the same loader as the shipped ones, and refused
/// unless their content hash is the one the clinic published.
enum ReceivedModules {
  static func verify(_ module: PublishedModule) throws {
    let loaded = try load(module.files)
    guard let found = loaded.module(module.module), found.contentHash == module.contentHash else {
      throw CLIError(
        "the clinic sent module \(module.module) version \(module.version) whose content does not match its hash; "
          + "it was not kept")
    }
  }

  /// The latest version of each module the store received, each loaded again and kept only when it
  /// still loads to its content hash. Nothing (and no store is created) when the store has none.
  static func latest(storePath: String) -> [LoadedModule] {
    guard FileManager.default.fileExists(atPath: storePath), let store = try? SQLiteStore(readingAt: storePath),
      let received = try? store.receivedModules(), !received.isEmpty
    else { return [] }
    var latest: [String: (version: Int, hash: String, files: String)] = [:]
    for module in received where (latest[module.id]?.version ?? 0) < module.version {
      latest[module.id] = (module.version, module.hash, module.files)
    }
    var modules: [LoadedModule] = []
    for (id, module) in latest.sorted(by: { $0.key < $1.key }) {
      guard let files = try? JSONDecoder().decode([PublishedModule.File].self, from: Data(module.files.utf8)),
        let loaded = try? load(files).module(id), loaded.contentHash == module.hash
      else { continue }
      modules.append(loaded)
    }
    return modules
  }

  static func load(_ files: [PublishedModule.File]) throws -> LoadedContent {
    let fm = FileManager.default
    var template = Array((fm.temporaryDirectory.path + "/tandem-module-XXXXXX").utf8CString)
    guard let made = mkdtemp(&template) else { throw CLIError("cannot make a private folder for a module") }
    let folder = String(cString: made)
    defer { try? fm.removeItem(atPath: folder) }
    for file in files {
      let base = (file.name as NSString).lastPathComponent
      guard !base.isEmpty, !base.hasPrefix("."), base.hasSuffix(".yaml") || base.hasSuffix(".yml") else {
        throw CLIError("the clinic sent a module file with an unusable name")
      }
      let dir = file.name.contains("snippets/") ? folder + "/snippets" : folder
      try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
      guard
        fm.createFile(atPath: dir + "/" + base, contents: Data(file.text.utf8), attributes: [.posixPermissions: 0o600])
      else { throw CLIError("cannot write a received module file") }
    }
    return ContentLoader.load(paths: [folder], snippetPaths: [ContentHome.locate().content], workers: 1)
  }
}

/// An exclusive lock on `STORE.sync-lock` (flock), so two syncs of one store never overlap.
struct SyncLock {
  let descriptor: Int32

  /// `wait`: wait for a running sync to finish (a foreground `tandem sync`) instead of giving up.
  init?(storePath: String, wait: Bool = false) {
    let path = storePath + ".sync-lock"
    let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return nil }
    guard flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) == 0 else {
      close(fd)
      return nil
    }
    descriptor = fd
  }

  func release() {
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}

/// After a command, a linked terminal syncs in the background: a detached `tandem sync --background`
/// that never delays the patient and never prints (its error, if any, waits for `sync --status`).
enum BackgroundSync {
  static func start(after command: ParsableCommand) {
    if command is Tandem.Sync || command is Tandem.Link || command is Export || command is Tandem.Remind
      || String(describing: type(of: command)).hasPrefix("Clinic")
    {
      return
    }
    let environment = ProcessInfo.processInfo.environment
    guard environment["TANDEM_BACKGROUND_SYNC"] != "0" else { return }
    let path = storePath(environment)
    guard FileManager.default.fileExists(atPath: path),
      let store = try? SQLiteStore(readingAt: path), (try? store.syncLink()) ?? nil != nil
    else { return }
    var arguments = ["tandem", "sync", "--background", "--store", path]
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    for fd in [STDIN_FILENO, STDOUT_FILENO, STDERR_FILENO] {
      posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY, 0)
    }
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    posix_spawnattr_setflags(&attributes, Int16(0x80))  // POSIX_SPAWN_SETSID (glibc): a session of its own
    let executable =
      (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    arguments[0] = executable
    var argv = arguments.map { strdup($0) } + [nil]
    defer { for pointer in argv { free(pointer) } }
    var pid: pid_t = 0
    _ = posix_spawn(&pid, executable, &actions, &attributes, &argv, environ)
  }

  /// The store the command used: `--store` as typed, else `$TANDEM_STORE` or the default.
  static func storePath(_ environment: [String: String]) -> String {
    let arguments = CommandLine.arguments
    for (index, argument) in arguments.enumerated() {
      if argument == "--store", index + 1 < arguments.count { return arguments[index + 1] }
      if argument.hasPrefix("--store=") { return String(argument.dropFirst("--store=".count)) }
    }
    return SQLiteStore.defaultPath(environment: environment)
  }
}
