import Foundation
import TandemTestFixtures
import Testing

@testable import TandemBase
@testable import TandemCare

/// Amounts patients count (`1 tablet`, `2 puffs`, `half a tablet`) become the quantity stored.
@Suite("Counted amounts")
struct DoseAmountTests {
  let atogepant = Medication(
    id: "atogepant", genericName: "atogepant", medicationClass: .gepant, use: .preventive, routes: [.oral],
    strengths: [qty("10 mg"), qty("30 mg"), qty("60 mg")])
  let rimegepant = Medication(
    id: "rimegepant", genericName: "rimegepant", medicationClass: .gepant, use: .both, routes: [.oral],
    strengths: [qty("75 mg")], overuseClass: .gepant)
  let sumatriptan = Medication(
    id: "sumatriptan", genericName: "sumatriptan", medicationClass: .triptan, use: .acute,
    routes: [.oral, .subcutaneous, .nasal], strengths: [qty("50 mg"), qty("100 mg"), qty("6 mg"), qty("20 mg")],
    overuseClass: .triptan)
  let zavegepant = Medication(
    id: "zavegepant", genericName: "zavegepant", medicationClass: .gepant, use: .acute, routes: [.nasal],
    strengths: [qty("10 mg")], overuseClass: .gepant)
  let combination = Medication(
    id: "apc", genericName: "aspirin + paracetamol + caffeine", medicationClass: .combinationAnalgesic, use: .acute,
    routes: [.oral], strengths: [qty("1 tablet")], overuseClass: .combinationAnalgesic)

  let galcanezumab = Medication(
    id: "galcanezumab", genericName: "galcanezumab", medicationClass: .cgrpAntibody, use: .preventive,
    routes: [.subcutaneous], strengths: [qty("120 mg")])
  let eptinezumab = Medication(
    id: "eptinezumab", genericName: "eptinezumab", medicationClass: .cgrpAntibody, use: .preventive,
    routes: [.intravenous], strengths: [qty("100 mg"), qty("300 mg")])

  func resolve(_ text: String, _ medication: Medication, usual: String? = nil) throws -> Quantity {
    try DoseAmount.resolve(try Quantity.parse(text), of: medication, usualDose: usual.map(qty))
  }

  @Test("a count becomes the strength it holds")
  func counts() throws {
    #expect(try resolve("1 tablet", rimegepant) == qty("75 mg"))
    #expect(try resolve("half a tablet", rimegepant) == qty("37.5 mg"))
    #expect(try resolve("0.5 tablet", rimegepant) == qty("37.5 mg"))
    #expect(try resolve("a tablet", rimegepant) == qty("75 mg"))
    #expect(try resolve("1 spray", zavegepant) == qty("10 mg"))
    #expect(try resolve("2 puffs", zavegepant) == qty("20 mg"))
    // Several strengths: the regimen's dose says which tablet the patient has.
    #expect(try resolve("1 tablet", atogepant, usual: "60 mg") == qty("60 mg"))
    #expect(try resolve("half a tablet", atogepant, usual: "60 mg") == qty("30 mg"))
    // Injections: the loading dose of two, and an infusion whose strength the regimen names.
    #expect(try resolve("2 injections", galcanezumab) == qty("240 mg"))
    #expect(try resolve("one injection", eptinezumab, usual: "300 mg") == qty("300 mg"))
  }

  @Test("measured amounts and medications counted in tablets stay as they are")
  func unchanged() throws {
    #expect(try resolve("50 mg", sumatriptan) == qty("50 mg"))
    #expect(try resolve("2 tablets", combination) == qty("2 tablets"))
  }

  @Test(
    "a count that cannot be told apart or does not fit the medication is refused, naming what works",
    arguments: [
      ("1 tablet", "atogepant", nil, "atogepant comes in more than one strength or form (10 mg, 30 mg, 60 mg)"),
      ("1 tablet", "sumatriptan", "50 mg", "write how much you took in mg"),
      ("2 puffs", "atogepant", "60 mg", "atogepant is not taken as puffs; write it as tablets or capsules, or in mg"),
      ("1 injection", "rimegepant", nil, "not taken as injections"),
      ("1 spray", "apc", nil, "not taken as sprays; write it as tablets or capsules"),
    ] as [(String, String, String?, String)])
  func refused(_ text: String, _ id: String, _ usual: String?, _ message: String) {
    let medication = [atogepant, sumatriptan, rimegepant, combination].first { $0.id == id }!
    do {
      let quantity = try resolve(text, medication, usual: usual)
      Issue.record("\(text) of \(id) read as \(quantity)")
    } catch {
      #expect("\(error)".contains(message), "\(error)")
    }
  }
}
