import Foundation
import Testing

/// Text that reaches Tandem from files, the store or the command line must not reach the terminal
/// as control sequences: not in listings, messages, reports, CSV or error messages.
@Suite("Terminal and CSV injection")
struct TerminalInjectionTests {
  static let now = ["TANDEM_NOW": "2026-03-20T10:00:00Z", "TZ": "UTC"]
  /// Raw bytes none of which may appear in any output.
  static let forbidden: [[UInt8]] = [[0x1B], [0x07], Array("\u{202E}".utf8), Array("\u{9B}".utf8)]

  /// A catalogue whose one medication is named with ESC, BEL and a right-to-left override.
  static let catalogue = """
    medications:
      - id: evilol
        generic: "evil\\e[31mred\\a\\u202Eolol"
        class: triptan
        use: acute
        routes: [oral]
        overuse: triptan

    """

  static func expectClean(_ result: CommandResult, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
    for bytes in forbidden {
      #expect(!result.stdout.containsBytes(bytes), "\(what): stdout carries \(bytes)", sourceLocation: sourceLocation)
      #expect(!result.stderr.containsBytes(bytes), "\(what): stderr carries \(bytes)", sourceLocation: sourceLocation)
    }
  }

  @Test("a medication name with escapes is shown escaped by meds add/list, dose take/list, due, timeline and report")
  func medicationName() throws {
    let sandbox = try Sandbox()
    let catalogue = sandbox.root + "/catalogue.yaml"
    try Data(Self.catalogue.utf8).write(to: URL(fileURLWithPath: catalogue))
    let common = ["--store", sandbox.store, "--catalogue", catalogue]
    let commands: [[String]] = [
      ["meds", "add", "evilol", "--dose", "50mg", "--prn", "--max-per-day", "100mg"], ["dose", "take", "evilol"],
      ["meds", "list"], ["dose", "list"], ["due"], ["timeline"], ["report"], ["report", "--format", "markdown"],
      ["report", "--format", "html"], ["report", "--format", "json"], ["report", "--format", "fhir"],
      ["meds", "list", "--format", "json"],
    ]
    for arguments in commands {
      let result = try sandbox.run(arguments + common, environment: Self.now)
      #expect(result.status == 0, "\(arguments): \(result.errors)")
      Self.expectClean(result, arguments.joined(separator: " "))
    }
    let list = try sandbox.run(["meds", "list"] + common, environment: Self.now)
    #expect(list.output.contains("evil\\u{1b}[31mred\\u{7}\\u{202e}olol"), "\(list.output)")
  }

  @Test("values typed on the command line are escaped in error messages, ours and the argument parser's")
  func errorMessages() throws {
    let sandbox = try Sandbox()
    let hostile = "x\u{1B}]0;owned\u{07}\u{1B}[2J\u{202E}"
    for arguments in [
      ["dose", "take", hostile], ["report", "--format", hostile], ["session", "resume", hostile],
      ["report", "--last", hostile], ["preview", hostile],
    ] {
      let result = try sandbox.run(arguments + ["--store", sandbox.store], environment: Self.now)
      #expect(result.status != 0, "\(arguments)")
      #expect(result.errors.contains("\\u{1b}"), "\(arguments): \(result.errors)")
      Self.expectClean(result, arguments.joined(separator: " "))
    }
  }

  @Test("a module title with escapes is escaped by modules, preview and session start")
  func moduleTitle() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(
      TestModules.flow.replacingOccurrences(
        of: "title: End-to-end flow", with: "title: \"Flow \\e[31m\\a\\u202Eevil\""),
      id: "e2e-flow")
    for (arguments, input) in [
      (["modules"], ""), (["preview", "e2e-flow"], ""), (["session", "start", "e2e-flow"], "\n"),
      (["session", "list"], ""),
      (["progress"], ""),
    ] {
      let result = try sandbox.run(arguments + sandbox.storeAndModules, input: input, environment: Self.now)
      #expect(result.status == 0, "\(arguments): \(result.errors)")
      Self.expectClean(result, arguments.joined(separator: " "))
    }
  }

  @Test("adherence --fills --format csv: hostile patient ids stay one cell each, never a formula")
  func fillsCSV() throws {
    let sandbox = try Sandbox()
    let fills = sandbox.root + "/fills.csv"
    try Data(
      """
      PATIENT_ID,DATE,PERDAY,CATEGORY,DURATION
      "=HYPERLINK(""http://x"",""y"")",01/01/2030,1,medA,30
      "=HYPERLINK(""http://x"",""y"")",02/15/2030,1,medA,30
      "a,b",01/01/2030,1,medA,30
      "esc\u{1B}[31m\u{07}\u{202E}",01/01/2030,1,medA,30
      "two
      lines",01/01/2030,1,medA,30
      @cmd,01/01/2030,1,medA,30

      """.utf8
    ).write(to: URL(fileURLWithPath: fills))
    for method in ["cma1", "pdc"] {
      let result = try sandbox.run(
        [
          "adherence", "--fills", fills, "--date-format", "%m/%d/%Y", "--method", method, "--format", "csv", "--store",
          sandbox.store,
        ])
      #expect(result.status == 0, "\(result.errors)")
      Self.expectClean(result, "adherence --fills \(method)")
      let lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
      #expect(lines.count == 6, "\(result.output)")
      for line in lines.dropFirst() {
        let cells = CSVLine.cells(String(line))
        #expect(cells.count == 2, "\(line)")
        #expect(!(cells.first?.first.map { "=+-@".contains($0) } ?? false), "\(line)")
      }
      #expect(result.output.contains("\"a,b\","))
      #expect(result.output.contains("'=HYPERLINK("))
      #expect(result.output.contains("'@cmd,"))
    }
  }
}

extension Data {
  /// Whether `bytes` appear in this data as a run.
  func containsBytes(_ bytes: [UInt8]) -> Bool {
    guard !bytes.isEmpty, count >= bytes.count else { return false }
    return range(of: Data(bytes)) != nil
  }
}

/// Splits one CSV record (RFC 4180 quoting) into cells.
enum CSVLine {
  static func cells(_ line: String) -> [String] {
    var cells: [String] = []
    var cell = ""
    var quoted = false
    var previousQuote = false
    for c in line {
      if quoted {
        if c == "\"" {
          quoted = false
          previousQuote = true
        } else {
          cell.append(c)
        }
      } else if c == "\"" {
        if previousQuote { cell.append("\"") }
        quoted = true
        previousQuote = false
      } else if c == "," {
        cells.append(cell)
        cell = ""
        previousQuote = false
      } else {
        cell.append(c)
        previousQuote = false
      }
    }
    cells.append(cell)
    return cells
  }
}
