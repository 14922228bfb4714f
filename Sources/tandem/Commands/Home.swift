import ArgumentParser
import Foundation
import TandemBase
import TandemContent
import TandemTherapy

extension Tandem {
  /// The home screen: resume the session in progress, or pick a module.
  struct Home: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Resume the session in progress or pick a module.")

    @OptionGroup var options: CommonOptions

    func run() throws {
      let style = options.style()
      let content = options.loadContent()
      let store = try options.openStore()
      let open = try store.latestOpenSession()
      let modules = content.modules.sorted { $0.module.id < $1.module.id }
      let console: any Console =
        isatty(STDIN_FILENO) == 1 && style.isTerminal ? InteractiveConsole(style: style) : ScriptedConsole()
      var menu = "\n" + style.bold("Tandem") + " — migraine care, one step at a time.\n"
      if let open {
        let state = open.state
        let progress = SessionMachine(module: open.module).progress(of: state)
        menu +=
          "\nIn progress: \(TerminalText.sanitized(open.module.title)), step \(progress.position) of about \(progress.estimatedTotal)"
        menu += " (\(state.status.rawValue) since \(DateText.short(open.lastActivity)))\n"
        menu += "  " + style.cyan("r)") + " resume it\n"
      }
      menu += "\nModules:\n"
      for (index, loaded) in modules.enumerated() {
        menu +=
          "  " + style.cyan("\(index + 1))") + " \(TerminalText.sanitized(loaded.module.title))"
          + style.dim(" — \(loaded.module.minutes) min [\(loaded.module.id)]") + "\n"
      }
      menu += style.dim("\nIn crisis? Call or text 988 (US) or your local emergency number.") + "\n"
      console.write(menu)
      let launcher = SessionLauncher(options: options, store: store, content: content)
      while true {
        let prompt =
          open == nil ? "Choose a module (number or id), or q to quit: " : "Choose r, a module (number or id), or q: "
        guard case .line(let raw) = console.readLine(prompt: prompt, prefill: "") else { return }
        let choice = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if choice == "q" || choice == "quit" { return }
        if let open, choice == "r" || choice == "resume" { return try launcher.resume(open, console: console) }
        if let index = OptionNumber.index(choice, count: modules.count) {
          return try launcher.start(modules[index], console: console)
        }
        if let loaded = content.module(choice) { return try launcher.start(loaded, console: console) }
        console.write(style.red("'\(TerminalText.sanitized(choice))' is not on the list.") + "\n")
      }
    }
  }
}
