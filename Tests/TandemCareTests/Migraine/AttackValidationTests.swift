import Foundation
import TandemTestFixtures
import Testing

@testable import TandemCare

@Suite("Attack validation")
struct AttackValidationTests {
  let now = Fixture.at("2026-03-31", "12:00")
  let existing = Fixture.exampleAAttacks

  @Test("a valid attack passes, and several attacks a day are allowed")
  func valid() {
    let second = Attack(
      id: "b", start: Fixture.at("2026-03-02", "18:00"), end: Fixture.at("2026-03-02", "20:00"), severity: 4)
    #expect(AttackValidation.validate(second, now: now, existing: existing, timeZone: Fixture.berlin).isEmpty)
  }

  @Test("an overlapping attack is rejected, naming the other attack and its start")
  func overlap() {
    let attack = Attack(
      id: "b", start: Fixture.at("2026-03-02", "13:00"), end: Fixture.at("2026-03-02", "16:00"), severity: 4)
    let errors = AttackValidation.validate(attack, now: now, existing: existing, timeZone: Fixture.berlin)
    #expect(errors.map(\.kind) == [.overlap])
    #expect(errors.first?.otherAttackID == "a1")
    #expect(
      errors.first?.message
        == "overlaps attack 'a1' that started 2026-03-02 08:00 +01:00 until 2026-03-02 14:00 +01:00")
  }

  @Test("back-to-back attacks do not overlap; an attack inside another does; the same id is a correction")
  func overlapEdges() {
    let after = Attack(
      id: "b", start: Fixture.at("2026-03-02", "14:00"), end: Fixture.at("2026-03-02", "15:00"), severity: 4)
    #expect(AttackValidation.validate(after, now: now, existing: existing).isEmpty)
    // A headache with no end is still going on: it lasts until now, so it overlaps the one it
    // starts inside and every closed one logged after it.
    let inside = Attack(id: "b", start: Fixture.at("2026-03-02", "09:00"), severity: 4)
    let insideErrors = AttackValidation.validate(inside, now: now, existing: existing)
    #expect(insideErrors.first?.otherAttackID == "a1")
    #expect(insideErrors.allSatisfy { $0.kind == .overlap })
    let sameStart = Attack(id: "b", start: Fixture.at("2026-03-02", "08:00"), severity: 4)
    #expect(AttackValidation.validate(sameStart, now: now, existing: existing).first?.otherAttackID == "a1")
    var corrected = existing[0]
    corrected.severity = 9
    #expect(AttackValidation.validate(corrected, now: now, existing: existing).isEmpty)
    // An existing attack with no end is in progress until now: a later one that day overlaps it,
    // one that ended before it began does not.
    let open = Attack(id: "o", start: Fixture.at("2026-03-30", "08:00"), severity: 4)
    let later = Attack(id: "p", start: Fixture.at("2026-03-30", "09:00"), severity: 4)
    #expect(AttackValidation.validate(later, now: now, existing: [open]).map(\.otherAttackID) == ["o"])
    let before = Attack(
      id: "p", start: Fixture.at("2026-03-30", "06:00"), end: Fixture.at("2026-03-30", "07:00"), severity: 4)
    #expect(AttackValidation.validate(before, now: now, existing: [open]).isEmpty)
    let covering = Attack(
      id: "p", start: Fixture.at("2026-03-30", "07:00"), end: Fixture.at("2026-03-30", "09:00"), severity: 4)
    #expect(AttackValidation.validate(covering, now: now, existing: [open]).map(\.otherAttackID) == ["o"])
  }

  @Test("times in the future are rejected")
  func future() {
    let attack = Attack(
      id: "f", start: Fixture.at("2026-03-31", "13:00"), end: Fixture.at("2026-03-31", "14:00"), severity: 4,
      acute: [Fixture.sumatriptan(Fixture.at("2026-03-31", "13:30"))])
    let errors = AttackValidation.validate(attack, now: now, existing: [], timeZone: Fixture.berlin)
    #expect(errors.map(\.kind) == [.startInFuture, .endInFuture, .intakeInFuture])
    #expect(errors.first?.message == "start 2026-03-31 13:00 +02:00 is in the future (now 2026-03-31 12:00 +02:00)")
    let endOnly = Attack(
      id: "g", start: Fixture.at("2026-03-31", "11:00"), end: Fixture.at("2026-03-31", "12:30"), severity: 4)
    #expect(AttackValidation.validate(endOnly, now: now, existing: []).map(\.kind) == [.endInFuture])
  }

  @Test("end before start, severity and disability out of range, aura length")
  func ranges() {
    let attack = Attack(
      id: "x", start: Fixture.at("2026-03-30", "10:00"), end: Fixture.at("2026-03-30", "09:00"), severity: 11,
      auraMinutes: 20, disability: 4)
    let errors = AttackValidation.validate(attack, now: now, existing: [], timeZone: Fixture.berlin)
    #expect(
      errors.map(\.message) == [
        "end 2026-03-30 09:00 +02:00 is not after start 2026-03-30 10:00 +02:00",
        "severity 11 is out of range 0–10",
        "disability 4 is out of range 0–3",
        "aura duration 20 min is given but aura is not marked",
      ])
    let negative = Attack(id: "y", start: Fixture.at("2026-03-30", "10:00"), severity: -1)
    #expect(AttackValidation.validate(negative, now: now, existing: []).map(\.kind) == [.severityOutOfRange])
    let zeroLength = Attack(
      id: "z", start: Fixture.at("2026-03-30", "10:00"), end: Fixture.at("2026-03-30", "10:00"), severity: 2)
    #expect(AttackValidation.validate(zeroLength, now: now, existing: []).map(\.kind) == [.endNotAfterStart])
  }

  @Test("acute intakes must fall between 24 h before the start and the end")
  func intakeRange() {
    let start = Fixture.at("2026-03-20", "10:00")
    func attack(_ intakeAt: Date, end: Date? = Fixture.at("2026-03-20", "16:00")) -> Attack {
      Attack(id: "i", start: start, end: end, severity: 5, acute: [Fixture.sumatriptan(intakeAt)])
    }
    let ok = AttackValidation.validate(attack(start.addingTimeInterval(-24 * 3600)), now: now, existing: [])
    #expect(ok.isEmpty)
    let early = AttackValidation.validate(
      attack(start.addingTimeInterval(-25 * 3600)), now: now, existing: [], timeZone: Fixture.berlin)
    #expect(early.map(\.kind) == [.intakeOutsideAttack])
    #expect(
      early.first?.message
        == "'sumatriptan' at 2026-03-19 09:00 +01:00 is more than 24 h before the attack's start "
        + "2026-03-20 10:00 +01:00; log it as a separate intake")
    let late = AttackValidation.validate(attack(Fixture.at("2026-03-20", "17:00")), now: now, existing: [])
    #expect(late.map(\.kind) == [.intakeOutsideAttack])
    // No end: up to 72 h after the start.
    #expect(
      AttackValidation.validate(attack(Fixture.at("2026-03-22", "10:00"), end: nil), now: now, existing: []).isEmpty)
    #expect(
      AttackValidation.validate(attack(Fixture.at("2026-03-23", "11:00"), end: nil), now: now, existing: [])
        .map(\.kind) == [.intakeOutsideAttack])
  }

  @Test("attacks round-trip through JSON")
  func codable() throws {
    let data = try JSONEncoder().encode(Fixture.exampleAAttacks)
    #expect(try JSONDecoder().decode([Attack].self, from: data) == Fixture.exampleAAttacks)
  }
}
