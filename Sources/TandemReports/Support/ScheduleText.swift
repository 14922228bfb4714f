import TandemCare

/// A schedule in words, as `tandem meds list` shows it.
enum ScheduleText {
  static func describe(_ schedule: Schedule) -> String {
    switch schedule {
    case .daily(let times): return "daily at " + times.map(\.description).joined(separator: ", ")
    case .everyNDays(let n, let at): return "every \(n) days at \(at)"
    case .weekly(let days, let at):
      return "weekly on " + days.map { String($0.rawValue.prefix(3)) }.joined(separator: ", ") + " at \(at)"
    case .everyNWeeks(let n, let at): return "every \(n) weeks at \(at)"
    case .monthly(let day, let at): return "monthly on day \(day) at \(at)"
    case .everyNMonths(let n, let at): return "every \(n) months at \(at)"
    case .loading(let dose, let then): return "\(dose) loading dose, then " + describe(then)
    case .asNeeded(let maximum, let hours):
      var text = "as needed"
      if let maximum { text += ", at most \(maximum) in 24 h" }
      if let hours { text += ", \(ReportNumber.decimal(hours)) h apart" }
      return text
    }
  }
}
