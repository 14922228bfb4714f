import ArgumentParser
import Foundation
import TandemBase
import TandemCare

extension Tandem {
  /// Reminders a patient opts into.
  struct Remind: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Reminders of doses due: a timer of your own that runs 'tandem remind check'.",
      discussion: """
        'tandem remind on' installs a per-user systemd timer (in $XDG_CONFIG_HOME/systemd/user, enabled with \
        'systemctl --user'), or a crontab line where systemd is not available, that runs 'tandem remind check' \
        every 15 minutes. It sends what is due as a desktop notification (notify-send) when a desktop session \
        is there; otherwise it prints only that something is due, so medication names stay out of system logs. \
        Reminders only ever read your diary. 'tandem remind off' removes everything 'on' installed.
        """,
      subcommands: [On.self, Off.self, Status.self, Check.self])
  }
}

extension Tandem.Remind {
  /// Installs the timer (or crontab line).
  struct On: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Turn reminders on (every 15 minutes).")
    @OptionGroup var options: CommonOptions

    func run() throws {
      let system = ReminderSystem(environment: ProcessInfo.processInfo.environment)
      let command = try system.checkCommand(storePath: options.storePath)
      var note: String?
      if let systemctl = system.find("systemctl") {
        try system.writeUnits(command)
        let reload = system.run(systemctl, ["--user", "daemon-reload"])
        let enable =
          reload.status == 0 ? system.run(systemctl, ["--user", "enable", "--now", ReminderSystem.timer]) : reload
        if enable.status == 0 {
          print(
            "Reminders are on: a systemd user timer (\(ReminderSystem.timer)) runs 'tandem remind check' every 15 "
              + "minutes. Turn them off with 'tandem remind off'.")
          return
        }
        system.removeUnits()
        note = "systemctl --user could not enable the timer (exit status \(enable.status))"
      }
      if let crontab = system.find("crontab") {
        try system.setCronLine(ReminderSystem.cronLine(command), crontab: crontab)
        if let note { printError("note: \(note); using cron instead") }
        print(
          "Reminders are on: a crontab line runs 'tandem remind check' every 15 minutes. "
            + "Turn them off with 'tandem remind off'.")
        return
      }
      throw CLIError(
        (note.map { $0 + ", and " } ?? "") + "neither systemd ('systemctl --user') nor cron ('crontab') is available; "
          + "run 'tandem remind check' from a scheduler of your own")
    }
  }

  /// Removes the timer and the crontab line.
  struct Off: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Turn reminders off and remove what 'on' installed.")

    func run() throws {
      let system = ReminderSystem(environment: ProcessInfo.processInfo.environment)
      var removed: [String] = []
      if system.unitsInstalled {
        if let systemctl = system.find("systemctl") {
          _ = system.run(systemctl, ["--user", "disable", "--now", ReminderSystem.timer])
        }
        system.removeUnits()
        if let systemctl = system.find("systemctl") { _ = system.run(systemctl, ["--user", "daemon-reload"]) }
        removed.append("the systemd user timer")
      }
      if let crontab = system.find("crontab"), ReminderSystem.hasCronLine(system.readCrontab(crontab)) {
        try system.setCronLine(nil, crontab: crontab)
        removed.append("the crontab line")
      }
      print(
        removed.isEmpty
          ? "Reminders were not on; nothing to remove."
          : "Reminders are off: removed \(removed.joined(separator: " and ")).")
    }
  }

  /// Says what is installed, as the system sees it.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Say whether reminders are on, and how.")

    func run() throws {
      let system = ReminderSystem(environment: ProcessInfo.processInfo.environment)
      var lines: [String] = []
      if system.unitsInstalled {
        if let systemctl = system.find("systemctl") {
          let enabled = system.run(systemctl, ["--user", "is-enabled", ReminderSystem.timer]).firstLine
          let active = system.run(systemctl, ["--user", "is-active", ReminderSystem.timer]).firstLine
          lines.append(
            enabled == "enabled"
              ? "Reminders are on: the systemd user timer \(ReminderSystem.timer) is enabled (\(active.isEmpty ? "state unknown" : active))."
              : "The systemd user timer \(ReminderSystem.timer) is installed but not enabled (systemctl says "
                + "'\(enabled.isEmpty ? "nothing" : enabled)'); run 'tandem remind on' again, or 'tandem remind off'.")
        } else {
          lines.append(
            "The systemd user timer \(ReminderSystem.timer) is installed, but systemctl is not available to run it.")
        }
      }
      if let crontab = system.find("crontab"), ReminderSystem.hasCronLine(system.readCrontab(crontab)) {
        lines.append("Reminders are on: a crontab line runs 'tandem remind check' every 15 minutes.")
      }
      if lines.isEmpty { lines.append("Reminders are off. Turn them on with 'tandem remind on'.") }
      for line in lines { print(line) }
    }
  }

  /// What the timer runs.
  struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Say what is due now (a desktop notification when a desktop session is there).")
    @OptionGroup var options: CommonOptions

    func run() throws {
      let items = try ReminderSystem.dueItems(options)
      guard !items.isEmpty else { return }
      let system = ReminderSystem(environment: ProcessInfo.processInfo.environment)
      if system.hasDesktop, let notify = system.find("notify-send"),
        system.run(notify, ["--app-name=Tandem", "Tandem: medication due", items.joined(separator: "\n")]).status == 0
      {
        return
      }
      if isatty(STDOUT_FILENO) == 1 {
        for item in items { print("Tandem: " + item) }
      } else {
        // Run by a timer or cron, whose output ends up in logs: no medication names.
        print("Tandem: a dose is due; run 'tandem due' to see it.")
      }
    }
  }
}

/// Where reminders are installed and how the system's tools are called: the environment's
/// `PATH`, `HOME` and `XDG_CONFIG_HOME`, so tests can point all of them at a sandbox.
struct ReminderSystem {
  static let timer = "tandem-remind.timer"
  static let service = "tandem-remind.service"
  /// Marks Tandem's crontab line, so 'off' removes that line and nothing else.
  static let cronMarker = "# tandem-remind"

  let environment: [String: String]

  /// `$XDG_CONFIG_HOME/systemd/user`, or `~/.config/systemd/user`.
  var unitDirectory: String {
    let configured = environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
    return (configured ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config") + "/systemd/user"
  }

  var unitsInstalled: Bool {
    [Self.timer, Self.service].contains { FileManager.default.fileExists(atPath: unitDirectory + "/" + $0) }
  }

  /// A desktop session to notify: an X or Wayland display.
  var hasDesktop: Bool { !(environment["DISPLAY"] ?? "").isEmpty || !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty }

  /// The executable `name` in `PATH`, if any.
  func find(_ name: String) -> String? {
    for folder in (environment["PATH"] ?? "").split(separator: ":") where folder.hasPrefix("/") {
      let path = folder + "/" + name
      if FileManager.default.isExecutableFile(atPath: path) { return path }
    }
    return nil
  }

  /// What a run of a tool returned.
  struct Outcome {
    var status: Int32
    var output: String
    var firstLine: String {
      output.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
    }
  }

  /// Runs `executable` with `arguments`, waiting for it; its output is read, its errors dropped.
  func run(_ executable: String, _ arguments: [String]) -> Outcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    let output = Pipe()
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      return Outcome(status: 127, output: "")
    }
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  /// The command the timer runs: this executable, `remind check`, and the store it reads.
  func checkCommand(storePath: String) throws -> [String] {
    let executable = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
    let binary =
      FileManager.default.isExecutableFile(atPath: executable)
      ? executable : URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
    let store = URL(fileURLWithPath: storePath).standardizedFileURL.path
    let command = [binary, "remind", "check", "--store", store]
    guard command.allSatisfy({ !$0.contains(where: { $0.isNewline || $0 == "\"" || $0 == "'" || $0 == "\\" }) }) else {
      throw CLIError("cannot install a reminder for a path with quotes, backslashes or line breaks in it")
    }
    return command
  }

  /// The service and timer units for `command`.
  static func units(_ command: [String], home: String?) -> (service: String, timer: String) {
    // systemd reads % as a specifier and splits on spaces outside quotes.
    let exec = command.map { "\"" + $0.replacingOccurrences(of: "%", with: "%%") + "\"" }.joined(separator: " ")
    let content = home.map { "Environment=\"TANDEM_HOME=\($0.replacingOccurrences(of: "%", with: "%%"))\"\n" } ?? ""
    let service = """
      [Unit]
      Description=Tandem: remind me of doses due

      [Service]
      Type=oneshot
      ExecStart=\(exec)
      \(content)
      """
    let timer = """
      [Unit]
      Description=Tandem: check for doses due every 15 minutes

      [Timer]
      OnCalendar=*:0/15
      Persistent=true

      [Install]
      WantedBy=timers.target

      """
    return (service, timer)
  }

  func writeUnits(_ command: [String]) throws {
    let units = Self.units(command, home: environment["TANDEM_HOME"])
    do {
      try FileManager.default.createDirectory(atPath: unitDirectory, withIntermediateDirectories: true)
      try Data(units.service.utf8).write(to: URL(fileURLWithPath: unitDirectory + "/" + Self.service))
      try Data(units.timer.utf8).write(to: URL(fileURLWithPath: unitDirectory + "/" + Self.timer))
    } catch {
      removeUnits()
      throw CLIError("cannot write the timer to \(unitDirectory): \(error.localizedDescription)")
    }
  }

  func removeUnits() {
    for name in [Self.timer, Self.service] { try? FileManager.default.removeItem(atPath: unitDirectory + "/" + name) }
  }

  /// The crontab line for `command`: every 15 minutes, marked as Tandem's.
  static func cronLine(_ command: [String]) -> String {
    // cron turns an unescaped % into a line break.
    let quoted = command.map { "'" + $0.replacingOccurrences(of: "%", with: "\\%") + "'" }.joined(separator: " ")
    return "*/15 * * * * \(quoted) \(cronMarker)"
  }

  static func hasCronLine(_ crontab: String) -> Bool {
    crontab.split(separator: "\n").contains { $0.hasSuffix(cronMarker) }
  }

  /// The user's crontab ("" when there is none).
  func readCrontab(_ crontab: String) -> String {
    let listed = run(crontab, ["-l"])
    return listed.status == 0 ? listed.output : ""
  }

  /// Replaces Tandem's line in the user's crontab with `line` (or removes it), keeping every other line.
  func setCronLine(_ line: String?, crontab: String) throws {
    var lines = readCrontab(crontab).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      .filter { !$0.hasSuffix(Self.cronMarker) }
    while lines.last == "" { lines.removeLast() }
    if let line { lines.append(line) }
    if lines.isEmpty {
      let outcome = run(crontab, ["-r"])
      guard outcome.status == 0 else { throw CLIError("crontab -r failed (exit status \(outcome.status))") }
      return
    }
    // crontab installs a file given by name: written privately, removed afterwards.
    let file = NSTemporaryDirectory() + "/tandem-crontab-\(getpid())"
    guard
      FileManager.default.createFile(
        atPath: file, contents: Data((lines.joined(separator: "\n") + "\n").utf8),
        attributes: [.posixPermissions: 0o600])
    else { throw CLIError("cannot write a temporary file for crontab") }
    defer { try? FileManager.default.removeItem(atPath: file) }
    let outcome = run(crontab, [file])
    guard outcome.status == 0 else { throw CLIError("crontab refused the change (exit status \(outcome.status))") }
  }

  /// What is due now, read from the store without ever writing to it; nothing when there is no store.
  static func dueItems(_ options: CommonOptions) throws -> [String] {
    guard FileManager.default.fileExists(atPath: options.storePath) else { return [] }
    let context = try DiaryContext.open(options, reading: true, migrating: false)
    let record = try context.dueRecord()
    let active = record.regimens.filter { $0.isActive(on: record.today) }
    let list = DueList.compute(ledger: record.doseLedger, regimens: active, catalogue: context.catalogue)
    return DueReminder.items(list, catalogue: context.catalogue)
  }
}
