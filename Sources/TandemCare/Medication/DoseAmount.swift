import TandemBase

/// Amounts as patients count them: `1 tablet`, `2 puffs`, `half a tablet`, `2 injections`. The
/// diary stores the real quantity (mg, ml), worked out from the strength of one tablet, puff or
/// injection, so every total and every report reads the same number.
public enum DoseAmount {
  /// Why a counted amount cannot be turned into a quantity.
  public struct Problem: Error, Hashable, Sendable, CustomStringConvertible {
    /// A lowercase sentence naming the units that work for the medication.
    public var description: String
  }

  /// Units that count things taken rather than measure the medication.
  public static let countUnits: Set<Quantity.Unit> = [.tablet, .capsule, .injection, .puff, .drop, .spray, .patch]

  /// The counted units a medication is taken in, from its routes and its catalogue strengths.
  public static func acceptedCounts(for medication: Medication) -> [Quantity.Unit] {
    var units: [Quantity.Unit] = []
    for route in medication.routes {
      switch route {
      case .oral, .sublingual: units += [.tablet, .capsule]
      case .nasal: units += [.spray, .puff]
      case .subcutaneous, .intramuscular, .intravenous: units += [.injection]
      case .transdermal: units += [.patch]
      case .rectal: break
      }
    }
    units += medication.strengths.map(\.unit).filter { countUnits.contains($0) }
    var seen = Set<Quantity.Unit>()
    return units.filter { seen.insert($0).inserted }
  }

  /// The quantity to store for `amount` of `medication`. A measured amount (`50 mg`) is returned as
  /// it is. A counted one is kept as a count when the catalogue or the patient's usual dose counts
  /// the medication that way (`2 tablets` of a combination tablet); otherwise it is multiplied by
  /// the strength of one: the medication's only strength, or the usual dose (the regimen's) when
  /// the medication comes in one form and that dose is one of its strengths. Several strengths or
  /// forms and no way to tell which one was taken is a problem, never a guess.
  public static func resolve(_ amount: Quantity, of medication: Medication, usualDose: Quantity?) throws(Problem)
    -> Quantity
  {
    guard countUnits.contains(amount.unit) else { return amount }
    let accepted = acceptedCounts(for: medication)
    let measured = medication.strengths.filter { !countUnits.contains($0.unit) }
    let name = medication.genericName
    guard accepted.contains(amount.unit) else {
      if medication.strengths.isEmpty && medication.routes.isEmpty {
        throw Problem(
          description: "Tandem does not know how strong one \(amount.unit.rawValue) of \(name) is; "
            + "write the amount with its unit, e.g. '50 mg'")
      }
      let counts = accepted.map(plural)
      let listed =
        counts.count > 1 ? counts.dropLast().joined(separator: ", ") + " or " + (counts.last ?? "") : counts.first
      let ways = [listed.map { "as \($0)" }, measured.first.map { "in \($0.unit.rawValue)" }].compactMap { $0 }
      throw Problem(
        description: "\(name) is not taken as \(plural(amount.unit)); write it "
          + (ways.isEmpty ? "with its unit, e.g. '50 mg'" : ways.joined(separator: ", or ")))
    }
    if medication.strengths.contains(where: { $0.unit == amount.unit }) || usualDose?.unit == amount.unit {
      return amount
    }
    let strength: Quantity
    if measured.count == 1 {
      strength = measured[0]
    } else if let usualDose, Set(accepted.map(form)).count == 1, measured.contains(usualDose) {
      strength = usualDose
    } else if measured.isEmpty {
      throw Problem(
        description: "the catalogue does not say how much one \(amount.unit.rawValue) of \(name) holds; "
          + "write the amount with its unit, e.g. '50 mg'")
    } else {
      let listed = measured.map(\.description).joined(separator: ", ")
      throw Problem(
        description: "\(name) comes in more than one strength or form (\(listed)); write how much you took in "
          + "\(measured[0].unit.rawValue), e.g. '\(measured[0])'")
    }
    let total = Quantity(value: amount.value * strength.value, unit: strength.unit)
    guard total.value <= Quantity.maximum(for: strength.unit) else {
      throw Problem(
        description:
          "\(amount) of \(name) would be \(total); at most \(Quantity.maximum(for: strength.unit).plainText) \(strength.unit.rawValue) is accepted"
      )
    }
    return total
  }

  /// Tablets and capsules are one form; sprays and puffs another.
  private static func form(_ unit: Quantity.Unit) -> String {
    switch unit {
    case .tablet, .capsule: "oral"
    case .spray, .puff: "nasal"
    default: unit.rawValue
    }
  }

  private static func plural(_ unit: Quantity.Unit) -> String {
    unit == .patch ? "patches" : unit.rawValue + "s"
  }
}
