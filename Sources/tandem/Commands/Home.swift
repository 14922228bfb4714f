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
        // Read only: looking at the day (or quitting at once) never creates or changes a store;
        // logging and sessions open it for writing when they need it.
        let context = try DiaryContext.open(options, reading: true)
        let program = DayScreen.program(context: context, content: content)
        let day = try DayScreen.compute(context: context, content: content, program: program)
        let suggestions = (try? DayScreen.suggestions(context: context, content: content)) ?? []
        let offer = ProgramView.offer(context: context, content: content)
        let sessions = try context.store.allSessions()
        let path = ModulePath.entries(content.modules.map(\.module), sessions: sessions)
        let open = sessions.first { $0.id == day.pausedSession?.sessionID }
        if showDay {
          console.write(
            Self.screen(
              day: day, path: path, open: open, context: context, style: style, program: program,
              suggestions: suggestions, programOffer: offer))
        }
        showDay = true
        let prompt = "Choose a letter, a module (number or id), or q to quit: "
        guard case .line(let raw) = console.readLine(prompt: prompt, prefill: "") else {
          // Ctrl-D or the end of input: leave the shell's prompt on a line of its own.
          if interactive { console.write("\n") }
          return
        }
        let choice = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if choice.isEmpty {
          showDay = false
          continue
        }
        func launcher() throws -> SessionLauncher {
          SessionLauncher(options: options, store: try options.openStore(), content: content)
        }
        switch choice {
        case "q", "quit": return
        case "m", "modules":
          console.write(Self.moduleList(path, day: day, context: context, style: style))
          showDay = false
          continue
        case "r", "resume":
          if let open { return try launcher().resume(open, console: console) }
        case "s", "start":
          if let next = day.nextSession, let loaded = content.module(next.moduleID) {
            return try launcher().start(loaded, console: console)
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
          let picked =
            OptionNumber.index(choice, count: path.count).flatMap { content.module(path[$0].moduleID) }
            ?? content.module(choice)
          if let loaded = picked {
            // The module paused part-way is resumed, not started a second time.
            if let open, open.module.id == loaded.module.id {
              console.write(style.dim("You paused this one part-way; picking it up where you left off.") + "\n")
              return try launcher().resume(open, console: console)
            }
            return try launcher().start(loaded, console: console)
          }
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

    /// The day, then the menu and the modules in suggested order. On a terminal too short for
    /// all of it, the day stays whole and the rest gives way: the modules wait behind m), and
    /// then the menu takes one line and empty sections share their heading's line.
    static func screen(
      day: PatientDay, path: [ModulePath.Entry], open: StoredSession?, context: DiaryContext, style: TerminalStyle,
      program: ProgramView? = nil, suggestions: [FiredSuggestion] = [], programOffer: String? = nil
    ) -> String {
      var menu: [(key: String, label: String)] = [("d", "log a dose")]
      menu.append(("h", day.attack == nil ? "log a headache" : "the headache has ended"))
      if let open { menu.append(("r", "resume it (\(TerminalText.sanitized(open.module.title)))")) }
      if let next = day.nextSession { menu.append(("s", "start \(TerminalText.sanitized(next.title))")) }
      let crisis = style.dim("\nIn crisis? Call or text 988 (US) or your local emergency number.") + "\n"
      let modules = moduleList(path, day: day, context: context, style: style)
      func lines(_ text: String) -> Int {
        text.reduce(into: 1) { count, character in if character == "\n" { count += 1 } }
      }

      let title = "\n" + style.bold("Tandem") + " — migraine care, one step at a time.\n\n"
      let dayText = DayScreen.render(
        day, context: context, style: style, program: program, suggestions: suggestions, programOffer: programOffer)
      let listed = "\n" + menu.map { "  " + style.cyan("\($0.key))") + " \($0.label)\n" }.joined()
      let full = title + dayText + listed + modules + crisis
      guard let height = style.height, lines(full) > height else { return full }
      let behind = path.isEmpty ? "" : "  " + style.cyan("m)") + " all modules, in the suggested order\n"
      let shorter = title + dayText + listed + behind + crisis
      if lines(shorter) <= height { return shorter }
      // The shortest: the day compact, the menu on one line (wrapped only if it must be).
      let items = (menu + (path.isEmpty ? [] : [("m", "modules")])).map { style.cyan("\($0.key))") + " \($0.label)" }
      let plain = (menu + (path.isEmpty ? [] : [("m", "modules")])).map { "\($0.key)) \($0.label)" }
      var row = "  ", rows: [String] = [], visible = 2
      for (painted, text) in zip(items, plain) {
        if visible + text.count + 3 > style.width, visible > 2 {
          rows.append(row)
          row = "  "
          visible = 2
        }
        row += (visible > 2 ? "   " : "") + painted
        visible += (visible > 2 ? 3 : 0) + text.count
      }
      rows.append(row)
      let footer =
        "\n" + rows.joined(separator: "\n") + "\n"
        + style.dim("In crisis? Call or text 988 (US) or your local emergency number.") + "\n"
      var compact =
        DayScreen.render(
          day, context: context, style: style, compact: true, program: program, suggestions: suggestions,
          programOffer: programOffer)
        + footer
      // Still too tall: the most urgent medicines first, the rest counted in one line.
      var limit = Set(day.due.map(\.regimenID)).count
      while lines(compact) > height, limit > 1 {
        limit -= 1
        compact =
          DayScreen.render(
            day, context: context, style: style, compact: true, medicationLines: limit, program: program,
            suggestions: suggestions, programOffer: programOffer) + footer
      }
      return compact
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
