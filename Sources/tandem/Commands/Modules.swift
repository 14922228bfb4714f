import ArgumentParser
import Foundation
import TandemBase
import TandemCare
import TandemContent
import TandemReports
import TandemTherapy

extension Tandem {
  /// Lists the modules a patient can start.
  struct Modules: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the therapy modules in the suggested order, with what you have completed and when.",
      discussion: """
        The order starts with how migraine and the plan work, then the relaxation skills (shorter \
        first), then the ACT processes in the order they build on each other. 'tandem' and \
        'tandem today' suggest the first one not yet completed.
        """)

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      let content = options.loadContent()
      let translations = options.loadTranslations(for: content).modules
      let modules = ModulePath.ordered(content.modules.map(\.module))
      let sessions = try completedSessions()
      let path = Dictionary(
        ModulePath.entries(modules, sessions: sessions).map { ($0.moduleID, $0) }, uniquingKeysWith: { a, _ in a })
      func languages(_ id: String) -> [String] { ["en"] + (translations[id]?.keys.sorted() ?? []) }
      switch format {
      case .json:
        let rows = modules.map { module in
          ModuleListing(
            id: module.id, version: module.version, title: module.title, approach: module.approach.rawValue,
            process: module.process?.rawValue, audience: module.audience.map(\.rawValue), minutes: module.minutes,
            summary: module.summary, steps: module.steps.count, languages: languages(module.id),
            position: path[module.id]?.position ?? 0, timesCompleted: path[module.id]?.timesCompleted ?? 0,
            lastCompleted: path[module.id]?.lastCompleted)
        }
        print(try JSONOutput.encode(rows))
      case .text:
        let style = options.style()
        let environment = try LiveEnvironment.current()
        let clock = ClockText(
          timeZone: environment.timeZone, today: LocalDate(environment.now(), in: environment.timeZone))
        for module in modules {
          let kind = [module.approach.rawValue, module.process?.rawValue].compactMap { $0 }.joined(separator: "/")
          let entry = path[module.id]
          print(
            "\(entry?.position ?? 0). " + style.bold(TerminalText.sanitized(module.id)) + "  "
              + TerminalText.sanitized(module.title))
          var detail =
            "   \(kind) · about \(module.minutes) min · \(module.audience.map(\.rawValue).joined(separator: ", "))"
          if let entry, let last = entry.lastCompleted {
            detail += " · done \(clock.when(last))"
            if entry.timesCompleted > 1 { detail += " (\(entry.timesCompleted) times)" }
          }
          print(style.dim(detail))
        }
        if modules.isEmpty { print("No modules found.") }
      }
      if content.diagnostics.hasErrors {
        printError("note: some module files have errors and are not listed; run 'tandem validate'")
      }
    }

    /// The patient's sessions, or none when there is no store yet (the list is still worth seeing
    /// before the first session).
    private func completedSessions() throws -> [StoredSession] {
      guard FileManager.default.fileExists(atPath: options.storePath) else { return [] }
      return try options.openStoreForReading().allSessions()
    }
  }
}

struct ModuleListing: Codable {
  let id: String
  let version: Int
  let title: String
  let approach: String
  let process: String?
  let audience: [String]
  let minutes: Int
  let summary: String
  let steps: Int
  let languages: [String]
  let position: Int
  let timesCompleted: Int
  let lastCompleted: Date?

  enum CodingKeys: String, CodingKey {
    case id, version, title, approach, process, audience, minutes, summary, steps, languages, position
    case timesCompleted = "times_completed"
    case lastCompleted = "last_completed"
  }
}

enum JSONOutput {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return JSONText.escapingControls(String(decoding: try encoder.encode(value), as: UTF8.self))
  }
}
