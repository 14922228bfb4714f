import Foundation
import TandemBase
import TandemCare

extension ReportBuilder {
  /// Headaches that started in the period, in time order.
  func attackLines() -> [AttackLine] {
    let start = from.instant(at: .midnight, in: zone)
    let end = through.adding(days: 1).instant(at: .midnight, in: zone)
    return attacks.filter { $0.start >= start && $0.start < end }.sorted { ($0.start, $0.id) < ($1.start, $1.id) }.map {
      attack in
      var symptoms: [String] = []
      if attack.nauseaOrVomiting { symptoms.append("nausea or vomiting") }
      if attack.photophobia { symptoms.append("light sensitivity") }
      if attack.phonophobia { symptoms.append("sound sensitivity") }
      if attack.painFeatures.unilateral == true { symptoms.append("one-sided") }
      if attack.painFeatures.pulsating == true { symptoms.append("throbbing") }
      if attack.painFeatures.aggravatedByActivity == true { symptoms.append("worse with activity") }
      let note = attack.note.map { TerminalText.sanitized($0, keepNewlines: false) }
      return AttackLine(
        id: attack.id, date: LocalDate(attack.start, in: zone), start: ReportClock.iso(attack.start, in: zone),
        end: attack.end.map { ReportClock.iso($0, in: zone) },
        durationMinutes: attack.durationMinutes.map { Int(saturating: $0.rounded(.down)) }, severity: attack.severity,
        aura: attack.aura, auraMinutes: attack.auraMinutes, symptoms: symptoms,
        acute: attack.acute.sorted { $0.at < $1.at }.map {
          AttackLine.Medication(
            medicationID: $0.medicationID, name: name($0.medicationID), at: ReportClock.iso($0.at, in: zone),
            amount: $0.amount)
        }, relief: attack.relief?.rawValue, disability: attack.disability, note: note?.isEmpty == true ? nil : note)
    }
  }
}
