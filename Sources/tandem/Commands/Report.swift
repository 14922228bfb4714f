import ArgumentParser
import Foundation
import SystemPackage
import TandemBase
import TandemReports
import TandemTherapy

extension ReportFormat: ExpressibleByArgument {}

extension Tandem {
  /// One picture of medication, migraine and behavioural therapy for the prescriber.
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract:
        "A prescriber report: the bottom line, flags, adherence, migraine days, medication, attacks and therapy.",
      discussion: """
        The same store, period and --generated-at always give byte-identical output. Files written with --out are \
        private (0600) and replace an existing file atomically. See docs/report-format.md for every figure.
        """)

    @Option(help: "First day (with --to).") var from: String?
    @Option(help: "Last day, today at the latest (default: today).") var to: String?
    @Option(help: ArgumentHelp("The period ending on --to (or today), e.g. 90d, 12w, 6m.", valueName: "length"))
    var last: String?
    @Option(
      help: ArgumentHelp(
        "The baseline, FROM..TO, ending today at the latest (default: the first 28 days of the diary).",
        valueName: "from..to"))
    var baseline: String?
    @Option(help: "text, markdown, html, json, csv or fhir.") var format: ReportFormat = .text
    @Option(
      help: ArgumentHelp(
        "Write to this file (0600, replaced atomically) instead of standard output.", valueName: "file"),
      completion: .file())
    var out: String?
    @Option(help: ArgumentHelp("A pseudonymous label for the header.", valueName: "text")) var patientLabel: String?
    @Option(help: ArgumentHelp("The generation time to print (default: now).", valueName: "time")) var generatedAt:
      String?
    @OptionGroup var options: CommonOptions

    func run() throws {
      if let out { try ProtectedFiles(options: options).check(out) }
      let context = try DiaryContext.open(options, reading: true)
      let record = try context.record()
      let (start, end) = try period(context: context, today: record.today)
      var baselineDays: ClosedRange<LocalDate>?
      if let baseline {
        let parts = baseline.components(separatedBy: "..")
        guard parts.count == 2 else {
          throw CLIError("--baseline '\(baseline)' must be FROM..TO, e.g. 2026-01-01..2026-01-28")
        }
        let first = try context.date(parts[0], default: start, what: "--baseline")
        let last = try context.date(parts[1], default: start, what: "--baseline")
        guard first <= last else { throw CLIError("--baseline starts \(first), after its end \(last)") }
        guard last <= record.today else {
          throw CLIError(
            "--baseline ends \(last), after today (\(record.today)); a baseline must be days already in the diary")
        }
        baselineDays = first...last
      }
      var generated = context.now
      if let generatedAt {
        do {
          generated = try TimeExpression.parse(generatedAt, now: context.now, timeZone: context.timeZone)
        } catch {
          throw CLIError("--generated-at: \(error)")
        }
      }
      var request = ReportRequest(
        from: start, through: end, baseline: baselineDays, patientLabel: patientLabel, generatedAt: generated)
      // The suggestion rules run on the same record, so a clinician sees the reasons the patient sees.
      let content = options.loadContent()
      request.suggestionRules = SuggestionRule.withBuiltIns(content.suggestionRules)
      request.program = ProgramView.reportContext(context: context, content: content)
      let report = TandemReports.Report.build(record: record, request: request)
      if let out {
        try ReportFile.write(format.render(report), to: out)
      } else {
        let colour = format == .text && options.style().colour
        TerminalOutput.write(format.render(report, colour: colour))
      }
    }

    func period(context: DiaryContext, today: LocalDate) throws -> (LocalDate, LocalDate) {
      if last != nil, from != nil { throw CLIError("give either --from/--to or --last, not both") }
      let end = try context.date(to, default: today, what: "--to")
      // A period running past today would count days not lived yet as days without doses or
      // headaches.
      guard end <= today else { throw CLIError("--to \(end) is after today (\(today)); a report ends by today") }
      if let from {
        let start = try context.date(from, default: end, what: "--from")
        guard start <= end else { throw CLIError("--from \(start) is after --to \(end)") }
        return (start, end)
      }
      let days = try Self.days(last ?? "90d")
      guard end.adding(days: -(days - 1)).year >= InputBounds.years.lowerBound else {
        throw CLIError("--last \(last ?? "") reaches back before \(InputBounds.years.lowerBound)")
      }
      return (end.adding(days: -(days - 1)), end)
    }

    /// `90d`, `12w`, `6m` (30 days each), or a plain number of days; at most ten years.
    static func days(_ text: String) throws -> Int {
      do {
        return try DayCount.parse(text, what: "--last", maximum: 3660)
      } catch {
        throw CLIError("\(error)")
      }
    }
  }
}

/// Writes report files: private (0600) and atomic — a temporary file in the same folder, flushed to disk, then
/// renamed over the target, so a reader sees the old file or the new one, never half of one.
enum ReportFile {
  static func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let folder = url.deletingLastPathComponent().path
    var template = Array((folder + "/." + url.lastPathComponent + ".XXXXXX").utf8CString)
    // mkstemp creates the file 0600 with O_EXCL and a name no one can guess; swift-system has no
    // equivalent, so the descriptor it returns is wrapped.
    let raw = mkstemp(&template)
    guard raw >= 0 else { throw CLIError("cannot write '\(path)': \(String(cString: strerror(errno)))") }
    let file = FileDescriptor(rawValue: raw)
    let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var finished = false
    defer {
      if !finished { unlink(temporary) }
    }
    do {
      try file.closeAfter {
        fchmod(file.rawValue, FilePermissions.ownerReadWrite.rawValue)
        _ = try file.writeAll(text.utf8)
        guard fsync(file.rawValue) == 0 else { throw Errno(rawValue: errno) }
      }
    } catch let error as Errno {
      throw CLIError("cannot write '\(path)': \(String(cString: strerror(error.rawValue)))")
    }
    guard rename(temporary, path) == 0 else {
      throw CLIError("cannot replace '\(path)': \(String(cString: strerror(errno)))")
    }
    finished = true
    // The rename is durable only once the folder is flushed too.
    if let folder = try? FileDescriptor.open(folder, .readOnly, options: [.directory, .closeOnExec]) {
      _ = try? folder.closeAfter { fsync(folder.rawValue) }
    }
  }
}
