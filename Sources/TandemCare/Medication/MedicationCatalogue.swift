import TandemBase

/// The medications Tandem knows, looked up by id, generic name, other name or brand name.
public struct MedicationCatalogue: Hashable, Sendable {
  /// Every medication, in the order given.
  public let medications: [Medication]
  private let byName: [String: Int]

  /// Creates a catalogue. When two medications share a name, the first keeps it (the loader
  /// reports such clashes as errors before building a catalogue).
  public init(_ medications: [Medication]) {
    self.medications = medications
    var byName: [String: Int] = [:]
    for (index, medication) in medications.enumerated() {
      for name in medication.allNames where byName[Self.normalizedName(name)] == nil {
        byName[Self.normalizedName(name)] = index
      }
    }
    self.byName = byName
  }

  /// A catalogue with no medications.
  public static let empty = MedicationCatalogue([])

  /// The medication with exactly this id.
  public func medication(id: String) -> Medication? {
    medications.first { $0.id == id }
  }

  /// The medication with this id, generic, other or brand name, ignoring case and extra spaces.
  public func medication(named name: String) -> Medication? {
    byName[Self.normalizedName(name)].map { medications[$0] }
  }

  /// The known name closest to a misspelt one, for "did you mean" hints.
  public func suggestion(for name: String) -> String? {
    Suggestion.closest(to: Self.normalizedName(name), in: medications.flatMap(\.allNames))
  }

  /// The medication called `name`, or an error that suggests the closest known name.
  public func lookup(_ name: String) throws(UnknownMedication) -> Medication {
    guard let found = medication(named: name) else {
      throw UnknownMedication(name: name, suggestion: suggestion(for: name))
    }
    return found
  }

  /// Lowercased, with runs of spaces collapsed, so "Nurtec  ODT" finds "Nurtec ODT".
  public static func normalizedName(_ name: String) -> String {
    name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
  }
}

/// A medication name the catalogue does not know.
public struct UnknownMedication: Error, Hashable, Sendable, CustomStringConvertible {
  /// The name as given.
  public var name: String
  /// The closest known name, if one is close enough to be a likely typo.
  public var suggestion: String?

  /// Creates the error.
  public init(name: String, suggestion: String?) {
    self.name = name
    self.suggestion = suggestion
  }

  /// "unknown medication 'sumatriptin'; did you mean 'sumatriptan'?"
  public var description: String {
    "unknown medication '\(TerminalText.sanitized(name))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
  }
}
