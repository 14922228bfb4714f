import TandemBase

/// A medication the patient added that the catalogue does not know: a name and a class, nothing
/// more. Tandem counts it by its class (acute or preventive, and toward medication overuse) and
/// marks it everywhere as the patient's own entry, so a prescriber knows no catalogue checked it.
public struct PatientMedication: Hashable, Sendable, Codable {
  /// Why a name or class cannot be added.
  public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A lowercase sentence that quotes the value.
    public var description: String
  }

  /// `own-` and the name in lowercase letters, digits and dashes: never a catalogue id.
  public var id: String
  /// The name as the patient wrote it.
  public var name: String
  /// The class the patient gave.
  public var medicationClass: MedicationClass

  /// Creates an entry.
  public init(id: String, name: String, medicationClass: MedicationClass) {
    self.id = id
    self.name = name
    self.medicationClass = medicationClass
  }

  /// The longest name Tandem keeps.
  public static let maximumNameLength = 64

  /// Checks what a patient typed: a name the catalogue (and the patient's earlier entries) does not
  /// already know, and a class from the catalogue's list.
  public static func make(name: String, classText: String, catalogue: MedicationCatalogue) throws(Problem)
    -> PatientMedication
  {
    let trimmed = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    let shown = "'" + TerminalText.sanitized(String(trimmed.prefix(maximumNameLength)), keepNewlines: false) + "'"
    let classes = MedicationClass.allCases.map(\.rawValue)
    guard let medicationClass = MedicationClass(rawValue: classText.lowercased().trimmingWhitespace()) else {
      let hint = Suggestion.closest(to: classText.lowercased(), in: classes).map { "did you mean '\($0)'? " } ?? ""
      throw Problem(
        description:
          "unknown class '\(TerminalText.sanitized(String(classText.prefix(40)), keepNewlines: false))'; \(hint)"
          + "use one of \(classes.joined(separator: ", "))")
    }
    guard trimmed.contains(where: \.isLetter) else {
      throw Problem(description: "a medication's name needs at least one letter")
    }
    guard trimmed.count <= maximumNameLength, TerminalText.sanitized(trimmed, keepNewlines: false) == trimmed else {
      throw Problem(
        description: "a medication's name is at most \(maximumNameLength) characters, with no control characters")
    }
    if let known = catalogue.medication(named: trimmed) {
      throw Problem(
        description: known.isPatientEntry
          ? "\(shown) is already one of your own entries"
          : "\(shown) is in the catalogue already (as \(known.genericName)); add its regimen without --custom")
    }
    let slug = trimmed.lowercased().unicodeScalars.map {
      ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-"
    }
    let words = String(slug).split(separator: "-").joined(separator: "-")
    var id = "own-" + (words.isEmpty ? "medication" : words)
    var suffix = 2
    while catalogue.medication(id: id) != nil {
      id = "own-\(words)-\(suffix)"
      suffix += 1
    }
    return PatientMedication(id: id, name: trimmed, medicationClass: medicationClass)
  }

  /// The entry as a catalogue medication: its class decides whether it is acute or preventive and
  /// how it counts toward overuse; it has no strengths, limits or routes, and is marked as the
  /// patient's own.
  public var medication: Medication {
    let (use, overuse): (MedicationUse, OveruseClass) =
      switch medicationClass {
      case .cgrpAntibody, .tricyclic, .betaBlocker, .anticonvulsant: (.preventive, .none)
      case .gepant: (.both, .gepant)
      case .triptan: (.acute, .triptan)
      case .ditan: (.acute, .ditan)
      case .ergot: (.acute, .ergot)
      case .simpleAnalgesic, .nsaid: (.acute, .simpleAnalgesic)
      case .combinationAnalgesic: (.acute, .combinationAnalgesic)
      case .opioid: (.acute, .opioid)
      case .antiemetic: (.acute, .none)
      case .other: (.both, .none)
      }
    var medication = Medication(
      id: id, genericName: name, medicationClass: medicationClass, use: use, routes: [], overuseClass: overuse)
    medication.isPatientEntry = true
    return medication
  }
}

extension MedicationCatalogue {
  /// The catalogue with the patient's own entries after its medications (a catalogue name wins).
  public func adding(_ entries: [PatientMedication]) -> MedicationCatalogue {
    guard !entries.isEmpty else { return self }
    return MedicationCatalogue(medications + entries.map(\.medication))
  }
}
