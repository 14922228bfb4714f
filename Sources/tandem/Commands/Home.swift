import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemTherapy

extension Tandem {
  /// The home screen: the patient's day, then log a dose or a headache, or start or resume a session.
  struct Home: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Your day at a glance, then log a dose or a headache, or start or resume a session.")

    @OptionGroup var options: CommonOptions

    func run() throws {
      let style = options.style()
      let content = options.loadContent()
      let interactive = isatty(STDIN_FILENO) == 1 && style.isTerminal
      let console: any Console = interactive ? InteractiveConsole(style: style) : ScriptedConsole()
      var showDay = true
      while true {
        // Read afresh each time round: a dose or headache logged from the menu shows at once.
        let context = try DiaryContext.open(options)
        let day = try DayScreen.compute(context: context, content: content)
        let sessions = try context.store.allSessions()
        let path = ModulePath.entries(content.modules.map(\.module), sessions: sessions)
        let open = sessions.first { $0.id == day.pausedSession?.sessionID }
        if showDay {
          console.write(Self.screen(day: day, path: path, open: open, context: context, style: style))
        }
        showDay = true
        let prompt = "Choose a letter, a module (number or id), or q to quit: "
        guard case .line(let raw) = console.readLine(prompt: prompt, prefill: "") else { return }
        let choice = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if choice.isEmpty {
          showDay = false
          continue
        }
        let launcher = SessionLauncher(options: options, store: context.store, content: content)
        switch choice {
        case "q", "quit": return
        case "m", "modules":
          console.write(Self.moduleList(path, day: day, context: context, style: style))
          showDay = false
          continue
        case "r", "resume":
          if let open { return try launcher.resume(open, console: console) }
        case "s", "start":
          if let next = day.nextSession, let loaded = content.module(next.moduleID) {
            return try launcher.start(loaded, console: console)
          }
        case "d", "dose":
          run(["dose", "take"], instead: "tandem dose take MEDICATION [--at TIME] [--amount AMOUNT]", interactive)
          continue
        case "h", "headache":
          if day.attack == nil {
            run(["attack", "log"], instead: "tandem attack log --start TIME [--end TIME] --severity N", interactive)
          } else {
            run(["attack", "end"], instead: "tandem attack end [--at TIME]", interactive)
          }
          continue
        default:
          if let index = OptionNumber.index(choice, count: path.count),
            let loaded = content.module(path[index].moduleID)
          {
            return try launcher.start(loaded, console: console)
          }
          if let loaded = content.module(choice) { return try launcher.start(loaded, console: console) }
        }
        console.write(style.red("'\(TerminalText.sanitized(choice))' is not on the list.") + "\n")
        showDay = false
      }
    }

    /// Runs a diary command as if typed (it asks for what it needs on a terminal); elsewhere says
    /// the command to type, since a script gives its answers as options.
    private func run(_ command: [String], instead usage: String, _ interactive: Bool) {
      guard interactive else {
        print("To log it from a script: \(usage)")
        return
      }
      do {
        var parsed = try Tandem.parseAsRoot(command + options.arguments)
        try parsed.run()
      } catch {
        let message = Tandem.fullMessage(for: error)
        if !message.isEmpty { TerminalOutput.write(message + "\n", to: STDERR_FILENO) }
      }
      print("")
    }

    /// The day, then the menu and the modules in suggested order.
    static func screen(
      day: PatientDay, path: [ModulePath.Entry], open: StoredSession?, context: DiaryContext, style: TerminalStyle
    ) -> String {
      var text = "\n" + style.bold("Tandem") + " — migraine care, one step at a time.\n\n"
      text += DayScreen.render(day, context: context, style: style)
      text += "\n"
      text += "  " + style.cyan("d)") + " log a dose\n"
      if day.attack == nil {
        text += "  " + style.cyan("h)") + " log a headache\n"
      } else {
        text += "  " + style.cyan("h)") + " the headache has ended\n"
      }
      if let open {
        text += "  " + style.cyan("r)") + " resume it (\(TerminalText.sanitized(open.module.title)))\n"
      }
      if let next = day.nextSession {
        text += "  " + style.cyan("s)") + " start \(TerminalText.sanitized(next.title))\n"
      }
      let modules = moduleList(path, day: day, context: context, style: style)
      let crisis = style.dim("\nIn crisis? Call or text 988 (US) or your local emergency number.") + "\n"
      // The day comes first: on a terminal too short for it and the module list, the list waits
      // behind m) rather than pushing the day off the top of the screen.
      let lines = (text + modules + crisis).reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
      if let height = style.height, lines > height, !path.isEmpty {
        text += "  " + style.cyan("m)") + " all modules, in the suggested order\n"
      } else {
        text += modules
      }
      return text + crisis
    }

    /// The modules in suggested order, numbered, with when each was last completed.
    static func moduleList(
      _ path: [ModulePath.Entry], day: PatientDay, context: DiaryContext, style: TerminalStyle
    ) -> String {
      var text = "\nModules, in the suggested order:\n"
      let clock = ClockText(timeZone: context.timeZone, today: day.date)
      for (index, entry) in path.enumerated() {
        var line =
          "  " + style.cyan("\(index + 1))") + " \(TerminalText.sanitized(entry.title))"
          + style.dim(" — \(entry.minutes) min [\(entry.moduleID)]")
        if let last = entry.lastCompleted {
          let times = entry.timesCompleted == 1 ? "" : " (\(entry.timesCompleted) times)"
          line += style.green("  ✓ done \(clock.when(last))\(times)")
        }
        text += line + "\n"
      }
      if path.isEmpty { text += "  No modules found.\n" }
      return text
    }
  }
}
