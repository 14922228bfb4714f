import ArgumentParser

/// Tandem: behavioural therapy and medication for migraine, in one terminal program.
@main
struct Tandem: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tandem",
    abstract: "Guided ACT/CBT sessions for migraine, next to your medication.",
    discussion: """
      With no command, Tandem shows the home screen: resume the session in progress or pick a module.
      If you are in crisis, call or text 988 (US) or your local emergency number now.
      """,
    version: "0.1.0",
    subcommands: [
      Home.self, Modules.self, Session.self, Progress.self, Validate.self,
      Meds.self, Dose.self, Due.self, AttackCommand.self, Adherence.self, Timeline.self, Report.self,
      Preview.self, Graph.self, Rehearse.self, ModuleTest.self,
    ],
    defaultSubcommand: Home.self
  )
}
