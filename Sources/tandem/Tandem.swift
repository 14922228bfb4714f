import ArgumentParser
import Foundation

/// Tandem: behavioural therapy and medication for migraine, in one terminal program.
@main
struct Tandem: ParsableCommand {
  /// The version `--version` prints and machine-readable output names.
  static let version = "0.1.0"

  static let configuration = CommandConfiguration(
    commandName: "tandem",
    abstract: "Guided ACT/CBT sessions for migraine, next to your medication.",
    discussion: """
      With no command, Tandem shows your day (doses due, what you logged, a headache in progress, \
      the session to do next) and a menu to log a dose or a headache, or start or resume a session.
      If you are in crisis, call or text 988 (US) or your local emergency number now.

      Environment:
        TANDEM_STORE   the store file (default: $XDG_DATA_HOME/tandem/tandem.sqlite)
        TANDEM_HOME    the folder holding Modules/ and Content/ (default: the
                       checkout, then PREFIX/share/tandem beside the binary,
                       then $XDG_DATA_HOME/tandem, $XDG_DATA_DIRS/tandem)
        TANDEM_NOW     a fixed "now" (ISO 8601) for every command, sessions
                       included; for demos and tests
        TANDEM_WORKERS how many cores load modules (1 turns parallel loading off)
        TZ             the patient's time zone; NO_COLOR turns colour off
      """,
    version: version,
    subcommands: [
      Home.self, Today.self, Modules.self, Session.self, ProgramCommand.self, Consent.self, Progress.self,
      Validate.self,
      Meds.self, Dose.self, Due.self, Remind.self, AttackCommand.self, Adherence.self, Timeline.self, Report.self,
      Export.self, Import.self, Link.self, Sync.self, Clinic.self,
      Preview.self, Graph.self, Rehearse.self, ModuleTest.self, LanguageServerCommand.self,
    ],
    defaultSubcommand: Home.self
  )

  /// Parses and runs the command, printing help, usage errors and Tandem's own errors through
  /// `TerminalOutput`: they often quote what the user typed (an option value, a medication or
  /// module name), which must not reach the terminal with its control characters.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
      BackgroundSync.start(after: command)
    } catch {
      let code = exitCode(for: error)
      let message = fullMessage(for: error)
      if !message.isEmpty {
        TerminalOutput.write(message + "\n", to: code == .success ? STDOUT_FILENO : STDERR_FILENO)
      }
      Foundation.exit(code.rawValue)
    }
  }
}
