import ArgumentParser
import Foundation
import TandemBase
import TandemContent
import TandemReports

extension Tandem {
  /// Lists the modules a patient can start.
  struct Modules: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the therapy modules.")

    @Option(name: .long, help: "text or json.")
    var format: OutputFormat = .text

    @OptionGroup var options: CommonOptions

    func run() throws {
      let content = options.loadContent()
      let translations = options.loadTranslations(for: content).modules
      let modules = content.modules.map(\.module).sorted { $0.id < $1.id }
      func languages(_ id: String) -> [String] { ["en"] + (translations[id]?.keys.sorted() ?? []) }
      switch format {
      case .json:
        let rows = modules.map { module in
          ModuleListing(
            id: module.id, version: module.version, title: module.title, approach: module.approach.rawValue,
            process: module.process?.rawValue, audience: module.audience.map(\.rawValue), minutes: module.minutes,
            summary: module.summary, steps: module.steps.count, languages: languages(module.id))
        }
        print(try JSONOutput.encode(rows))
      case .text:
        let style = options.style()
        for module in modules {
          let kind = [module.approach.rawValue, module.process?.rawValue].compactMap { $0 }.joined(separator: "/")
          print(style.bold(TerminalText.sanitized(module.id)) + "  " + TerminalText.sanitized(module.title))
          print(
            style.dim(
              "  \(kind) · about \(module.minutes) min · \(module.audience.map(\.rawValue).joined(separator: ", "))"))
        }
        if modules.isEmpty { print("No modules found.") }
      }
      if content.diagnostics.hasErrors {
        printError("note: some module files have errors and are not listed; run 'tandem validate'")
      }
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
}

enum JSONOutput {
  static func encode<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return JSONText.escapingControls(String(decoding: try encoder.encode(value), as: UTF8.self))
  }
}
