import TandemCare

/// One row per day of the period (RFC 4180, CRLF line ends): date, diary, headache, migraine, max severity,
/// acute intakes per class, scheduled doses taken and expected per medication, sessions and minutes practised.
/// Days outside the diary leave the diary-derived cells empty rather than writing a misleading 0.
public enum CSVReport {
  /// Renders the report.
  public static func render(_ report: Report) -> String {
    let classes = MedicationClass.allCases.map(\.rawValue).filter { c in
      report.days.contains { $0.acute.contains { $0.medicationClass == c } }
    }
    let meds = report.adherence.map(\.medicationID)
    var header = ["date", "in_diary", "headache", "migraine", "max_severity"]
    header += classes.map { "acute_\($0)" }
    for med in meds { header += ["\(med)_taken", "\(med)_expected"] }
    header += ["sessions_completed", "minutes_practised"]
    var rows = [header.map(field).joined(separator: ",")]
    rows.reserveCapacity(report.days.count + 1)
    for day in report.days {
      var cells = [day.date.description, day.observed ? "1" : "0"]
      if day.observed {
        cells += [day.headache ? "1" : "0", day.migraine ? "1" : "0", day.maxSeverity.map(String.init) ?? ""]
        cells += classes.map { c in String(day.acute.first { $0.medicationClass == c }?.intakes ?? 0) }
      } else {
        cells += ["", "", ""] + classes.map { _ in "" }
      }
      for med in meds {
        if let d = day.doses.first(where: { $0.medicationID == med }) {
          cells += [String(d.taken), String(d.expected)]
        } else {
          cells += ["", ""]
        }
      }
      cells += [String(day.sessionsCompleted), String(day.minutesPractised)]
      rows.append(cells.map(field).joined(separator: ","))
    }
    return rows.joined(separator: "\r\n") + "\r\n"
  }

  /// One cell; see `CSVText`.
  static func field(_ text: String) -> String { CSVText.field(text) }
}
