import ArgumentParser
import Foundation
import TandemAdherence
import TandemBase
import TandemCare
import TandemReports

extension Tandem {
  /// Adherence measures from the store or from a research fills file.
  struct Adherence: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Adherence: doses on time, late, skipped and missed; PDC, MPR and CMA1–CMA9.",
      discussion: """
        From the store (per scheduled medication), or from a fills CSV with columns \
        PATIENT_ID, DATE, PERDAY, CATEGORY, DURATION (one value per patient; windows \
        count from each patient's first event, as AdhereR does). Definitions: docs/adherence.md.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, csv }

    @Option(help: "Only this medication (store mode).") var med: String?
    @Option(help: "First day (store mode; default: 90 days ago).") var from: String?
    @Option(help: "Last day (store mode; default: today).") var to: String?
    @Option(help: "pdc, mpr or cma1…cma9 (default: cma7; store mode shows PDC and MPR too).") var method: String =
      "cma7"
    @Option(help: "A fills CSV to compute from instead of the store.") var fills: String?
    @Option(name: .customLong("date-format"), help: "Date format of --fills, e.g. %m/%d/%Y.") var dateFormat: String =
      "%Y-%m-%d"
    @Option(name: .customLong("followup-start"), help: "Days after each patient's first event.") var followUpStart:
      Int = 0
    @Option(name: .customLong("followup-days"), help: "Follow-up window length.") var followUpDays: Int = 730
    @Option(name: .customLong("observation-start"), help: "Days after the follow-up start.") var observationStart: Int =
      0
    @Option(name: .customLong("observation-days"), help: "Observation window length.") var observationDays: Int = 730
    @Flag(name: .customLong("carry-only-same-medication"), help: "Carry surplus only within one medication.")
    var carryOnlySame = false
    @Flag(name: .customLong("consider-dosage-change"), help: "Rescale carried supply when the dose changes.")
    var dosageChange = false
    @Option(help: "text, json or csv.") var format: Format = .text
    @OptionGroup var options: CommonOptions

    func validate() throws {
      guard method == "pdc" || method == "mpr" || CMAMethod(name: method) != nil else {
        throw ValidationError("unknown --method '\(method)'; use pdc, mpr or cma1…cma9")
      }
      // Windows of up to 100 years: larger ones are typos and would overflow the day arithmetic.
      let longest = InputBounds.maximumDays
      do {
        for (name, value) in [("--followup-days", followUpDays), ("--observation-days", observationDays)] {
          try DayCount.check(value, in: 1...longest, what: name)
        }
        for (name, value) in [("--followup-start", followUpStart), ("--observation-start", observationStart)] {
          try DayCount.check(value, in: 0...longest, what: name)
        }
      } catch {
        throw ValidationError(error.description)
      }
    }

    var window: AdherenceWindow {
      AdherenceWindow(
        followUpStart: followUpStart, followUpDuration: followUpDays, observationStart: observationStart,
        observationDuration: observationDays, carryOnlyForSameMedication: carryOnlySame,
        considerDosageChange: dosageChange)
    }

    func run() throws {
      if let fills { return try runFills(fills) }
      let context = try DiaryContext.open(options, reading: true)
      let record = try context.record()
      let end = try context.date(to, default: record.today, what: "--to")
      let start = try context.date(from, default: end.adding(days: -89), what: "--from")
      guard start <= end else { throw CLIError("--from \(start) is after --to \(end)") }
      var medications = Array(Set(record.regimens.filter(\.schedule.isScheduled).map(\.medicationID))).sorted()
      if let med {
        let medication = try context.medication(med)
        guard medications.contains(medication.id) else {
          throw CLIError("\(medication.genericName) has no scheduled regimen")
        }
        medications = [medication.id]
      }
      let results = medications.map {
        MedicationAdherence.compute(
          record: record, medicationID: $0, from: start, through: end, method: CMAMethod(name: method) ?? .cma7)
      }
      switch format {
      case .json: print(try JSONOutput.encode(results))
      case .csv:
        print(
          "medication,from,to,expected,on_time,late,skipped,missed,pdc,mpr,\(results.first?.cmaMethod ?? "cma"),longest_gap_days"
        )
        for r in results {
          let c = r.counts
          print(
            CSVText.row([
              r.medicationID, "\(r.from)", "\(r.through)", "\(c.expected)", "\(c.onTime)", "\(c.late)", "\(c.skipped)",
              "\(c.missed)",
              number(r.pdc), number(r.mpr), number(r.cma), r.longestGapDays.map(String.init) ?? "",
            ]))
        }
      case .text:
        if results.isEmpty { print("No scheduled medication in the record.") }
        for r in results {
          let name = context.catalogue.medication(id: r.medicationID)?.genericName ?? r.medicationID
          let c = r.counts
          guard r.from <= r.through else {
            print("\(name): starts \(r.from), after the period; nothing was due yet")
            continue
          }
          print("\(name), \(r.from) to \(r.through)")
          print(
            "  doses expected \(c.expected): on time \(c.onTime), late \(c.late), skipped \(c.skipped), missed \(c.missed)"
              + (c.overdue > 0 ? " (\(c.overdue) of them still overdue)" : "")
              + (c.pending > 0 ? "; \(c.pending) due now or upcoming" : ""))
          print(
            "  PDC \(percent(r.pdc))\(r.pdc.map { $0 < AdherenceSummary.pdcThreshold ? " (below 80%)" : "" } ?? "")  MPR \(percent(r.mpr))  \(r.cmaMethod.uppercased()) \(percent(r.cma))  longest gap \(r.longestGapDays.map { "\($0) day\($0 == 1 ? "" : "s")" } ?? "—")"
          )
          if !r.missedDates.isEmpty {
            // A day with several missed doses is named once, with how many.
            var counts: [LocalDate: Int] = [:]
            for day in r.missedDates { counts[day, default: 0] += 1 }
            let days = r.missedDates.reduce(into: [LocalDate]()) { if $0.last != $1 { $0.append($1) } }
            print(
              "  missed: "
                + days.map { counts[$0, default: 1] > 1 ? "\($0) (×\(counts[$0, default: 1]))" : "\($0)" }.joined(
                  separator: ", "))
          }
        }
      }
    }

    /// The file's supply events; the file's bytes are released before this returns.
    private func readFills(_ path: String) throws -> [SupplyEvent] {
      guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read '\(path)'") }
      do {
        return try data.withUnsafeBytes { buffer in
          try FillsCSV.parse(bytes: [UInt8](buffer.bindMemory(to: UInt8.self)), dateFormat: dateFormat)
        }
      } catch {
        throw CLIError("\(path): \(error)")
      }
    }

    private func runFills(_ path: String) throws {
      let rows: [(String, Double?)]
      if let cma = CMAMethod(name: method) {
        // Keep only the compact per-patient table in memory while computing (a 100,000-patient
        // file would otherwise hold its text, its events and the table at once).
        let table = PatientSupplyTable(try readFills(path))
        rows = table.compute(method: cma, window: window).map { ($0.patientID, $0.value) }
      } else {
        let events = try readFills(path)
        var byPatient: [String: [SupplyEvent]] = [:]
        var order: [String] = []
        for event in events {
          if byPatient[event.patientID] == nil { order.append(event.patientID) }
          byPatient[event.patientID, default: []].append(event)
        }
        rows = order.map { id in
          let patientEvents = byPatient[id] ?? []
          guard let first = patientEvents.map(\.date).min() else { return (id, nil) }
          let start = first.adding(days: followUpStart + observationStart)
          let end = start.adding(days: observationDays - 1)
          let inWindow = patientEvents.filter { $0.date >= start && $0.date <= end }
          let value =
            method == "pdc"
            ? PDC.compute(events: inWindow, from: nil, through: end)
            : MPR.compute(events: inWindow, from: nil, through: end)
          return (id, value)
        }
      }
      switch format {
      case .json:
        struct Row: Encodable { let patient: String; let value: Double? }
        print(try JSONOutput.encode(rows.map { Row(patient: $0.0, value: $0.1) }))
      case .csv, .text:
        var out = "PATIENT_ID,\(method.uppercased())\n"
        out.reserveCapacity(rows.count * 24)
        for (id, value) in rows { out += CSVText.row([id, number(value)]) + "\n" }
        TerminalOutput.write(out)
      }
    }

    private func number(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "NA" }
      return String(format: "%.6f", value)
    }

    /// The report's rule (`ReportNumber.percentFloor`): whole percents rounded down, so the two never disagree.
    private func percent(_ value: Double?) -> String {
      guard let value, value.isFinite else { return "—" }
      return ReportNumber.percentFloor(value)
    }
  }
}
