import Crypto
import Foundation
import TandemBase
import TandemCare
import TandemTherapy

/// A de-identified export of one patient's record for a research study: tidy tables (CSV and
/// JSON Lines) and a data dictionary describing every column.
///
/// Pseudonymous ids are keyed hashes (HMAC-SHA256 with the study's key), never the label or any
/// stored id; every date is shifted by a per-patient number of days derived from the key, so only
/// someone holding the key can undo it; times of day are left out; free text is left out unless
/// asked for. Each answer and score names the module version and content hash it came from.
public struct ResearchExport: Sendable {
  /// One column: its name, type and meaning.
  public struct Column: Hashable, Sendable, Codable {
    public var name: String
    public var type: String
    public var description: String
  }

  /// One table: its columns and rows (`nil` is an empty cell).
  public struct Table: Sendable {
    public var name: String
    public var description: String
    public var columns: [Column]
    public var rows: [[String?]]
  }

  /// What the export needs to know about the patient's record.
  public struct Input: Sendable {
    public var study: String
    /// The study's key (at least 32 bytes).
    public var key: [UInt8]
    /// A stable identity for the patient that never leaves the machine (the clinic label, or the
    /// store's device id): the pseudonym and the date shift are keyed hashes of it.
    public var identity: String
    public var includeFreeText: Bool
    public var report: Report
    public var sessions: [StoredSession]
    public var programEvents: [(event: ProgramEvent, at: Date)]
    public var timeZone: TimeZone

    public init(
      study: String, key: [UInt8], identity: String, includeFreeText: Bool, report: Report, sessions: [StoredSession],
      programEvents: [(event: ProgramEvent, at: Date)], timeZone: TimeZone
    ) {
      self.study = study
      self.key = key
      self.identity = identity
      self.includeFreeText = includeFreeText
      self.report = report
      self.sessions = sessions
      self.programEvents = programEvents
      self.timeZone = timeZone
    }
  }

  public var tables: [Table]
  /// The participant's pseudonym.
  public var participant: String

  /// The report a research export reads: every day from the first thing recorded (a diary entry
  /// or a session) to the day the record was read.
  public static func report(record: CareRecord, sessions: [StoredSession], generatedAt: Date) -> Report {
    let today = record.today
    let first =
      ([Report.diaryStart(of: record)] + sessions.map { LocalDate($0.startedAt, in: record.timeZone) })
      .compactMap { $0 }.min() ?? today
    return Report.build(
      record: record, request: ReportRequest(from: min(first, today), through: today, generatedAt: generatedAt))
  }

  /// The keyed hash of `text`, as lowercase hex.
  static func keyed(_ text: String, key: [UInt8]) -> String {
    let code = HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: SymmetricKey(data: key))
    return Data(code).map { String(format: "%02x", $0) }.joined()
  }

  /// The patient's date shift: between 30 and 365 days, back or forward, from the key.
  static func shift(identity: String, study: String, key: [UInt8]) -> Int {
    let hex = keyed("date-shift:\(study):\(identity)", key: key)
    let value = Int(hex.prefix(8), radix: 16) ?? 0
    let days = 30 + value % 336
    return (value / 336) % 2 == 0 ? days : -days
  }

  public init(_ input: Input) {
    let key = input.key
    participant = "P-" + Self.keyed("participant:\(input.study):\(input.identity)", key: key).prefix(16)
    let shift = Self.shift(identity: input.identity, study: input.study, key: key)
    let zone = input.timeZone
    let start = input.report.header.diaryStart ?? input.report.header.from
    func date(_ day: LocalDate) -> String { day.adding(days: shift).description }
    func studyDay(_ day: LocalDate) -> String { String(start.days(to: day)) }
    func session(_ id: String) -> String {
      "S-" + Self.keyed("session:\(input.study):\(input.identity):\(id)", key: key).prefix(16)
    }
    let p = participant

    var days: [[String?]] = []
    for day in input.report.days where day.observed {
      let acute = day.acute.map(\.intakes).reduce(0, +)
      let classes = Set(day.acute.map(\.medicationClass)).sorted().joined(separator: ";")
      days.append([
        p, date(day.date), studyDay(day.date), day.headache ? "1" : "0", day.migraine ? "1" : "0",
        day.maxSeverity.map(String.init), String(acute), classes.isEmpty ? nil : classes,
        String(day.doses.map(\.expected).reduce(0, +)), String(day.doses.map(\.taken).reduce(0, +)),
        String(day.doses.map(\.onTime).reduce(0, +)), String(day.sessionsCompleted),
      ])
    }

    var sessions: [[String?]] = []
    var answers: [[String?]] = []
    var scores: [[String?]] = []
    for stored in input.sessions.sorted(by: { ($0.startedAt, $0.id) < ($1.startedAt, $1.id) }) {
      let state = stored.state
      let module = stored.currentModule
      let hash = stored.currentContentHash
      let started = LocalDate(stored.startedAt, in: zone)
      let sid = session(stored.id)
      sessions.append([
        p, sid, module.id, String(module.version), hash, state.status.rawValue, date(started), studyDay(started),
        String(state.practisedSeconds / 60),
      ])
      let current = state.effectiveAnswers
      for step in module.steps {
        guard let answer = current[step.id] else { continue }
        let type: String
        var value: String?
        switch answer {
        case .number(let number):
          type = "number"
          value = String(number)
        case .options(let ids):
          type = "options"
          value = ids.joined(separator: ";")
        case .safety(let flagged):
          type = "safety"
          value = flagged ? "1" : "0"
        case .text(let text):
          type = "text"
          value = input.includeFreeText ? text : nil
        }
        answers.append([p, sid, module.id, String(module.version), hash, step.id, type, value])
      }
      for result in MeasureHistory.results([stored]) {
        let day = LocalDate(result.recordedAt, in: zone)
        let subscales = result.score.subscales.map { s in
          "\(s.id)=\(s.total.map(String.init) ?? "")" + (s.positive == true ? "+" : "")
        }.joined(separator: ";")
        scores.append([
          p, sid, date(day), studyDay(day), module.id, String(module.version), hash, result.score.measure,
          String(result.score.measureVersion), result.score.total.map(String.init), result.score.band,
          result.score.prorated ? "1" : "0", String(result.score.missing.count), result.score.crisis ? "1" : "0",
          subscales.isEmpty ? nil : subscales,
        ])
      }
    }

    var program: [[String?]] = []
    for (event, at) in input.programEvents {
      let day = LocalDate(at, in: zone)
      var version: String?
      var hash: String?
      var startDay: String?
      if case .started(_, let v, let h, let s) = event {
        version = String(v)
        hash = h
        startDay = date(s)
      }
      program.append([p, date(day), studyDay(day), event.kind, event.program, version, hash, startDay])
    }

    func column(_ name: String, _ type: String, _ description: String) -> Column {
      Column(name: name, type: type, description: description)
    }
    let participantColumn = column(
      "participant", "string", "pseudonymous participant id: a keyed hash, the same in every table of this study")
    let shiftedDate = column(
      "date", "date", "the day, shifted by this participant's secret offset (the same offset in every table)")
    let studyDayColumn = column("study_day", "integer", "days since the participant's diary began (day 0)")
    let sessionColumn = column("session", "string", "pseudonymous session id (keyed hash)")
    let moduleColumns = [
      column("module", "string", "the module's id"),
      column("module_version", "integer", "the module version the session ran on"),
      column("content_hash", "string", "SHA-256 of that module version's content (hex)"),
    ]
    tables = [
      Table(
        name: "days", description: "one row per day of the diary",
        columns: [
          participantColumn, shiftedDate, studyDayColumn,
          column("headache", "0/1", "a headache day"),
          column("migraine", "0/1", "a migraine day (docs/report-format.md gives the rule)"),
          column("max_severity", "integer 0-10", "the worst pain logged that day; empty when no headache"),
          column("acute_intakes", "integer", "acute (rescue) medicine intakes that day"),
          column("acute_classes", "string", "the classes of acute medicine taken, ';'-separated"),
          column("doses_expected", "integer", "scheduled preventive doses due that day"),
          column("doses_taken", "integer", "of those, taken (on time or late)"),
          column("doses_on_time", "integer", "of those, taken on time"),
          column("sessions_completed", "integer", "therapy sessions completed that day"),
        ], rows: days),
      Table(
        name: "sessions", description: "one row per therapy session",
        columns: [participantColumn, sessionColumn] + moduleColumns + [
          column("status", "string", "completed, abandoned, safety-stopped, active or paused"),
          column("start_date", "date", "the day it started, shifted"),
          column("study_day", "integer", "days since the diary began, on the day it started"),
          column("minutes_practised", "integer", "minutes of timed exercises run"),
        ], rows: sessions),
      Table(
        name: "answers", description: "one row per answered step on the session's path",
        columns: [participantColumn, sessionColumn] + moduleColumns + [
          column("step", "string", "the step's id in that module version"),
          column("answer_type", "string", "number, options, safety or text"),
          column(
            "value", "string",
            "the answer: a number, option ids ';'-separated, 1/0 for a safety screen; free text is empty unless "
              + "the export was made with --include-free-text"),
        ], rows: answers),
      Table(
        name: "scores", description: "one row per scored questionnaire (the latest score of each in a session)",
        columns: [participantColumn, sessionColumn, shiftedDate, studyDayColumn] + moduleColumns + [
          column("measure", "string", "the measure's id (docs/measures.md)"),
          column("measure_version", "integer", "the measure definition's version"),
          column("total", "integer", "the total; empty when too many items were skipped"),
          column("band", "string", "the band of the total"),
          column("prorated", "0/1", "whether the total was prorated over skipped items"),
          column("missing", "integer", "items skipped"),
          column("crisis", "0/1", "whether the crisis item fired (PHQ-9 item 9 above 'not at all')"),
          column("subscales", "string", "subscale=total, '+' after a positive screen, ';'-separated"),
        ], rows: scores),
      Table(
        name: "program", description: "one row per program event",
        columns: [
          participantColumn, shiftedDate, studyDayColumn,
          column("event", "string", "program-started, program-paused, program-resumed or program-left"),
          column("program", "string", "the program's id"),
          column("version", "integer", "the program file's version (started only)"),
          column("content_hash", "string", "SHA-256 of the program file (started only)"),
          column("start_date", "date", "the program's first day, shifted (started only)"),
        ], rows: program),
    ]
  }

  /// The files to write: each table as CSV and as JSON Lines, and the data dictionary as CSV and JSON.
  public func files(study: String) -> [(name: String, text: String)] {
    var files: [(String, String)] = []
    for table in tables {
      var csv = CSVText.row(table.columns.map(\.name)) + "\n"
      var jsonl = ""
      for row in table.rows {
        csv += CSVText.row(row.map { $0 ?? "" }) + "\n"
        var object: [String: Any] = [:]
        for (column, cell) in zip(table.columns, row) { object[column.name] = cell ?? NSNull() }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        jsonl += String(decoding: data, as: UTF8.self) + "\n"
      }
      files.append(("\(table.name).csv", csv))
      files.append(("\(table.name).jsonl", jsonl))
    }
    var dictionary = CSVText.row(["file", "column", "type", "description"]) + "\n"
    var entries: [[String: String]] = []
    for table in tables {
      for column in table.columns {
        for file in ["\(table.name).csv", "\(table.name).jsonl"] {
          dictionary += CSVText.row([file, column.name, column.type, column.description]) + "\n"
          entries.append(["file": file, "column": column.name, "type": column.type, "description": column.description])
        }
      }
    }
    files.append(("dictionary.csv", dictionary))
    let json: [String: Any] = [
      "study": study, "format": "tandem-research-export", "version": 1,
      "tables": tables.map { ["name": $0.name, "description": $0.description, "rows": $0.rows.count] },
      "columns": entries,
    ]
    let data =
      (try? JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
    files.append(("dictionary.json", String(decoding: data, as: UTF8.self) + "\n"))
    return files
  }
}
