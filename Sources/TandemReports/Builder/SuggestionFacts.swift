import Foundation
import TandemBase
import TandemTherapy

/// The facts suggestion rules read (`SuggestionRule.facts`), worked out from a built report as of
/// the day it was read: the last 28 days of the diary, preventive PDC, the latest questionnaire
/// totals and distress ratings.
enum SuggestionFacts {
  static func compute(_ report: Report) -> [String: Int] {
    var facts: [String: Int] = [:]
    let asOf = report.header.asOf
    let window = report.days.filter { $0.observed && $0.date > asOf.adding(days: -28) && $0.date <= asOf }
    if !window.isEmpty {
      let simple: Set<String> = ["simple-analgesic", "nsaid"]
      let specific: Set<String> = ["triptan", "ergot", "opioid", "combination-analgesic"]
      facts["acute-days"] = window.filter { !$0.acute.isEmpty }.count
      facts["simple-analgesic-days"] = window.filter { $0.acute.contains { simple.contains($0.medicationClass) } }.count
      facts["triptan-days"] = window.filter { $0.acute.contains { specific.contains($0.medicationClass) } }.count
      facts["migraine-days"] = window.filter(\.migraine).count
      facts["headache-days"] = window.filter(\.headache).count
    }
    // PDC over a few days says little: a preventive counts once it has 28 days measured. One
    // never taken in that time has no PDC in the report (no supply at all): it counts as 0%.
    let preventive = report.adherence.compactMap { item -> Double? in
      guard item.use != "acute", item.from.days(to: item.through) + 1 >= 28 else { return nil }
      return item.pdc ?? 0
    }
    if let lowest = preventive.min() { facts["preventive-pdc"] = Int((lowest * 100).rounded(.down)) }
    let recent = asOf.adding(days: -13)
    // The crisis item fired when the latest score of some measure in the last 14 days fired it (a
    // later score of the same measure that did not replaces it; other measures do not).
    var latestCrisis: [String: Bool] = [:]
    for line in report.therapy.measures ?? [] {
      if let total = line.total { facts[line.measure] = total }
      if line.date >= recent { latestCrisis[line.measure] = line.crisis }
    }
    if report.therapy.measures != nil { facts["crisis-item"] = latestCrisis.values.contains(true) ? 1 : 0 }
    let sessions = report.therapy.sessionLines.sorted { $0.lastActivity < $1.lastActivity }
    for session in sessions where session.date >= recent {
      for answer in session.answers where answer.stepID == "distress" {
        if let number = answer.number { facts["distress"] = number }
      }
    }
    if let last = sessions.last(where: { $0.status == "completed" }) {
      facts["days-since-session"] = last.date.days(to: asOf)
    }
    return facts
  }
}
