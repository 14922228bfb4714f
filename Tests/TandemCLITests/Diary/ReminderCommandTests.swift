import Foundation
import Testing

/// `tandem remind on|off|status|check` and `tandem due --quiet`, with a fake clock, a sandboxed
/// HOME and XDG_CONFIG_HOME, and fake `systemctl`, `crontab` and `notify-send` on PATH that record
/// how they were called.
@Suite("Reminders")
struct ReminderCommandTests {
  /// Saturday 21 March 2026, 08:30 UTC: atogepant's 08:00 dose is due.
  static let now = ["TANDEM_NOW": "2026-03-21T08:30:00Z", "TZ": "UTC"]

  /// A sandbox with fake tools; `tools` names the ones on PATH.
  struct World {
    let sandbox: Sandbox
    let bin: String
    let log: String
    var environment: [String: String]

    init(tools: [String]) throws {
      sandbox = try Sandbox()
      bin = sandbox.root + "/fakebin"
      log = sandbox.root + "/calls.log"
      try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
      let scripts = [
        "systemctl": """
        #!/bin/sh
        PATH=/usr/bin:/bin
        echo "systemctl $*" >> "$FAKE_LOG"
        state="$FAKE_STATE"
        case "$*" in
          *"enable --now"*) echo enabled > "$state" ;;
          *"disable --now"*) echo disabled > "$state" ;;
          *is-enabled*) cat "$state" 2>/dev/null || echo disabled ;;
          *is-active*) if grep -q enabled "$state" 2>/dev/null; then echo active; else echo inactive; fi ;;
        esac
        exit 0
        """,
        "crontab": """
        #!/bin/sh
        PATH=/usr/bin:/bin
        echo "crontab $*" >> "$FAKE_LOG"
        case "$1" in
          -l) if [ -f "$FAKE_CRONTAB" ]; then cat "$FAKE_CRONTAB"; else echo "no crontab for you" >&2; exit 1; fi ;;
          -r) rm -f "$FAKE_CRONTAB" ;;
          *) cat "$1" > "$FAKE_CRONTAB" ;;
        esac
        """,
        "notify-send": """
        #!/bin/sh
        PATH=/usr/bin:/bin
        echo "notify-send $*" >> "$FAKE_LOG"
        """,
      ]
      for tool in tools {
        let path = bin + "/" + tool
        try Data((scripts[tool] ?? "").utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o755)
      }
      let root: String = sandbox.root
      var settings: [String: String] = ReminderCommandTests.now
      settings["PATH"] = bin
      settings["HOME"] = root + "/home"
      settings["XDG_CONFIG_HOME"] = root + "/config"
      settings["FAKE_LOG"] = log
      settings["FAKE_STATE"] = root + "/timer-state"
      settings["FAKE_CRONTAB"] = root + "/crontab"
      settings["DISPLAY"] = ""
      settings["WAYLAND_DISPLAY"] = ""
      environment = settings
    }

    var units: String { sandbox.root + "/config/systemd/user" }

    func tandem(_ arguments: [String], extra: [String: String] = [:]) throws -> CommandResult {
      try sandbox.run(arguments + ["--store", sandbox.store], environment: environment.merging(extra) { $1 })
    }

    func remind(_ verb: String) throws -> CommandResult {
      // on and check name the store; off and status do not read it.
      try sandbox.run(
        ["remind", verb] + (["on", "check"].contains(verb) ? ["--store", sandbox.store] : []),
        environment: environment)
    }

    func calls() -> [String] {
      ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    func addRegimen() throws {
      let result = try tandem(
        ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-21"])
      #expect(result.status == 0, "\(result.errors)")
    }

    func journal() throws -> String {
      try sandbox.runShell("sqlite3 '\(sandbox.store)' 'SELECT count(*), max(sequence) FROM journal'").output
    }
  }

  @Test("with systemd: on writes a user timer and enables it, status tells the truth, off removes it all")
  func systemd() throws {
    let world = try World(tools: ["systemctl", "crontab"])
    var result = try world.remind("status")
    #expect(result.output.contains("Reminders are off."), "\(result.output)")
    result = try world.remind("on")
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Reminders are on: a systemd user timer (tandem-remind.timer)"))
    let service = try String(contentsOfFile: world.units + "/tandem-remind.service", encoding: .utf8)
    let timer = try String(contentsOfFile: world.units + "/tandem-remind.timer", encoding: .utf8)
    #expect(
      service.contains(
        "ExecStart=\"\(try Sandbox.binary())\" \"remind\" \"check\" \"--store\" \"\(world.sandbox.store)\""),
      "\(service)")
    #expect(timer.contains("OnCalendar=*:0/15"))
    #expect(
      world.calls().filter { $0.hasPrefix("systemctl") } == [
        "systemctl --user daemon-reload", "systemctl --user enable --now tandem-remind.timer",
      ])
    result = try world.remind("status")
    #expect(result.output.contains("Reminders are on: the systemd user timer tandem-remind.timer is enabled (active)."))
    // A timer someone disabled by hand is reported as such.
    try Data("disabled\n".utf8).write(to: URL(fileURLWithPath: world.sandbox.root + "/timer-state"))
    #expect(try world.remind("status").output.contains("installed but not enabled (systemctl says 'disabled')"))
    result = try world.remind("off")
    #expect(result.output.contains("Reminders are off: removed the systemd user timer."), "\(result.output)")
    #expect(!FileManager.default.fileExists(atPath: world.units + "/tandem-remind.timer"))
    #expect(!FileManager.default.fileExists(atPath: world.units + "/tandem-remind.service"))
    #expect(world.calls().contains("systemctl --user disable --now tandem-remind.timer"))
    #expect(world.calls().last == "crontab -l")
    #expect(try world.remind("status").output.contains("Reminders are off."))
    #expect(try world.remind("off").output.contains("Reminders were not on; nothing to remove."))
  }

  @Test("without systemd: a crontab line, the user's other lines kept; off removes only Tandem's")
  func cron() throws {
    let world = try World(tools: ["crontab"])
    try Data("MAILTO=me\n0 3 * * * backup\n".utf8).write(to: URL(fileURLWithPath: world.sandbox.root + "/crontab"))
    var result = try world.remind("on")
    #expect(result.output.contains("Reminders are on: a crontab line"), "\(result.output)\(result.errors)")
    var crontab = try String(contentsOfFile: world.sandbox.root + "/crontab", encoding: .utf8)
    #expect(crontab.hasPrefix("MAILTO=me\n0 3 * * * backup\n*/15 * * * * '"), "\(crontab)")
    #expect(crontab.contains("'remind' 'check' '--store' '\(world.sandbox.store)' # tandem-remind\n"), "\(crontab)")
    // Turning it on again replaces the line rather than adding a second one.
    _ = try world.remind("on")
    crontab = try String(contentsOfFile: world.sandbox.root + "/crontab", encoding: .utf8)
    #expect(crontab.components(separatedBy: "# tandem-remind").count == 2)
    #expect(try world.remind("status").output.contains("Reminders are on: a crontab line"))
    #expect(!FileManager.default.fileExists(atPath: world.units))
    result = try world.remind("off")
    #expect(result.output.contains("removed the crontab line"))
    crontab = try String(contentsOfFile: world.sandbox.root + "/crontab", encoding: .utf8)
    #expect(crontab == "MAILTO=me\n0 3 * * * backup\n")
    #expect(try world.remind("status").output.contains("Reminders are off."))
  }

  @Test("with neither systemd nor cron, on says so and installs nothing")
  func neither() throws {
    let world = try World(tools: [])
    let result = try world.remind("on")
    #expect(result.status != 0)
    #expect(result.errors.contains("neither systemd ('systemctl --user') nor cron ('crontab') is available"))
    #expect(!FileManager.default.fileExists(atPath: world.units))
  }

  @Test("check prints what is due on a desktop-less run, notifies on a desktop, and never writes to the store")
  func check() throws {
    let world = try World(tools: ["notify-send"])
    // No store yet: nothing to say, and no store is created.
    #expect(try world.remind("check").output.isEmpty)
    #expect(!FileManager.default.fileExists(atPath: world.sandbox.store))
    try world.addRegimen()
    let before = try world.journal()
    chmod(world.sandbox.store, 0o400)
    // Output to a pipe (a timer or cron): no medication names.
    var result = try world.remind("check")
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output == "Tandem: a dose is due; run 'tandem due' to see it.\n")
    result = try world.tandem(["remind", "check"], extra: ["DISPLAY": ":0"])
    #expect(result.output.isEmpty)
    #expect(world.calls() == ["notify-send --app-name=Tandem Tandem: medication due atogepant 60 mg due now (08:00)"])
    // Once taken, nothing is due.
    chmod(world.sandbox.store, 0o600)
    #expect(try world.tandem(["dose", "take", "atogepant", "--at", "08:10"]).status == 0)
    #expect(try world.remind("check").output.isEmpty)
    let after = try world.journal()
    #expect(before != after)
    chmod(world.sandbox.store, 0o400)
    _ = try world.remind("check")
    #expect(try world.journal() == after)
  }

  @Test("due --quiet: one line and exit 0 when a dose is due or overdue, nothing and exit 1 when not")
  func quiet() throws {
    let world = try World(tools: [])
    try world.addRegimen()
    var result = try world.tandem(["due", "--quiet"])
    #expect(result.status == 0)
    #expect(result.output == "Tandem: atogepant 60 mg due now (08:00)\n")
    // A day later with nothing taken: yesterday's and today's doses are missed.
    result = try world.tandem(["due", "--quiet"], extra: ["TANDEM_NOW": "2026-03-22T12:00:00Z"])
    #expect(result.status == 0)
    #expect(result.output == "Tandem: atogepant 60 mg overdue since 2026-03-21\n", "\(result.output)")
    #expect(try world.tandem(["dose", "take", "atogepant", "--at", "08:10"]).status == 0)
    result = try world.tandem(["due", "--quiet"])
    #expect(result.status == 1)
    #expect(result.output.isEmpty)
    result = try world.tandem(["due", "--quiet"], extra: ["TANDEM_NOW": "yesterday 25pm"])
    #expect(result.status == 2)
    #expect(result.errors.contains("TANDEM_NOW"), "\(result.errors)")
  }
}
