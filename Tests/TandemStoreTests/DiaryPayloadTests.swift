import Foundation
import Testing

@testable import TandemBase
@testable import TandemCare
@testable import TandemStore

/// The diary is read with a fast reader for doses taken and `JSONDecoder` for the rest; both
/// must give exactly what `JSONDecoder` gives for every payload the store has ever written.
@Suite("Diary payloads: the fast reader agrees with JSONDecoder")
struct DiaryPayloadTests {
  static func decoded(_ text: String) -> DiaryEvent? {
    try? JSONDecoder().decode(DiaryEvent.self, from: Data(text.utf8))
  }

  static let regimen = Regimen(
    id: "r1", medicationID: "topiramate", dose: Quantity(value: 25, unit: .mg),
    schedule: .daily(times: [LocalTime(hour: 8, minute: 0)!, LocalTime(hour: 20, minute: 30)!]),
    start: LocalDate(iso: "2024-01-01")!, timeZoneIdentifier: "Europe/Berlin")

  static let every: [DiaryEvent] = {
    let at = Date(timeIntervalSince1970: 1_750_000_123.456)
    let attack = Attack(
      id: "a1", start: at, end: at.addingTimeInterval(3_600), severity: 7, aura: true, auraMinutes: 20,
      nauseaOrVomiting: true, photophobia: true,
      acute: [
        AcuteIntake(
          medicationID: "sumatriptan", overuseClass: .triptan, medicationClass: .triptan, at: at,
          amount: Quantity(value: 50, unit: .mg))
      ],
      disability: 2, note: "after \"wine\" — é")
    let dose = TakenDose(
      medicationID: "topiramate", instant: at, amount: Quantity(value: 25, unit: .mg), regimenID: "r1",
      journalSequence: 7)
    let skip = SkippedDose(
      medicationID: "topiramate", instant: at, reason: "felt sick", occurrenceDate: LocalDate(iso: "2025-06-15"),
      regimenID: "r1", journalSequence: 8)
    return [
      .regimenPrescribed(regimen),
      .regimenEnded(regimenID: "r1", lastDay: LocalDate(iso: "2025-07-01")!, reason: "side effects"),
      .regimenEnded(regimenID: "r1", lastDay: LocalDate(iso: "2025-07-01")!, reason: nil),
      .doseTaken(dose),
      .doseTaken(TakenDose(medicationID: "ibuprofen", instant: at)),
      .doseTaken(
        TakenDose(
          medicationID: "ibuprofen", instant: Date(timeIntervalSinceReferenceDate: 0),
          amount: Quantity(value: 0.5, unit: .ml))),
      .doseTaken(TakenDose(medicationID: "näproxen \"x\"\\y", instant: at, regimenID: "r 2")),
      .doseSkipped(skip),
      .doseSkipped(SkippedDose(medicationID: "topiramate", instant: at, reason: "")),
      .attackLogged(attack),
      .attackLogged(Attack(id: "a2", start: at, severity: 3)),
      .corrected(sequence: 4, replacement: .doseTaken(dose), reason: "wrong time"),
      .corrected(sequence: 5, replacement: nil, reason: nil),
    ]
  }()

  @Test("every kind of event round-trips through the store's encoder and the diary reader")
  func roundTrip() throws {
    let stamp = try Timestamp.text(from: Date(timeIntervalSince1970: 1_750_000_000))
    let rows = try Self.every.enumerated().map { index, event in
      DiaryRow(sequence: Int64(index + 1), kind: event.kind, payload: try JSONColumn.encode(event), recordedAt: stamp)
    }
    let entries = try JournalRecord.diaryEntries(rows)
    #expect(entries.map(\.event) == Self.every)
    #expect(entries.map(\.sequence) == Array(1...Int64(Self.every.count)))
    for row in rows {
      #expect(try row.diaryEntry() == entries[Int(row.sequence!) - 1])
    }
  }

  @Test("doses taken as the synthesized encoder writes them read the same, for many instants, amounts and units")
  func encodedDoses() throws {
    var generator = SystemRandomNumberGenerator()
    for index in 0..<3_000 {
      let instant = Date(timeIntervalSinceReferenceDate: Double.random(in: -4e9...4e9, using: &generator))
      let unit = Quantity.Unit.allCases[index % Quantity.Unit.allCases.count]
      let value = index % 3 == 0 ? Double(index) : Double.random(in: 0...1_000, using: &generator)
      let dose = TakenDose(
        medicationID: "med\(index % 7)",
        instant: index % 11 == 0 ? Date(timeIntervalSinceReferenceDate: Double(index)) : instant,
        amount: index % 5 == 0 ? nil : Quantity(value: value, unit: unit),
        regimenID: index % 4 == 0 ? nil : "r\(index % 5)",
        journalSequence: index % 6 == 0 ? nil : Int64(index) * 1_000_003)
      let text = try JSONColumn.encode(DiaryEvent.doseTaken(dose))
      let fast = DiaryPayload.doseTaken(text)
      #expect(fast != nil, "\(text)")
      #expect(fast == Self.decoded(text), "\(text)")
      #expect(fast == .doseTaken(dose), "\(text)")
      if case .doseTaken(let read) = fast {
        #expect(
          read.instant.timeIntervalSinceReferenceDate.bitPattern
            == dose.instant.timeIntervalSinceReferenceDate.bitPattern)
      }
    }
  }

  @Test("older and unusual payloads read as JSONDecoder reads them, or go to it")
  func otherForms() throws {
    let payloads = [
      // Keys unsorted, nulls for optionals, integers and exponents for numbers.
      #"{"doseTaken":{"_0":{"medicationID":"m","instant":1,"amount":null,"regimenID":null,"journalSequence":null}}}"#,
      #"{"doseTaken":{"_0":{"instant":-12.5e3,"medicationID":"m","amount":{"value":1E2,"unit":"tablet"}}}}"#,
      #"{"doseTaken":{"_0":{"instant":0.1,"medicationID":"m","amount":{"value":-0,"unit":"puff"},"journalSequence":-3}}}"#,
      #"{"doseTaken":{"_0":{"instant":123456789.123456789123,"medicationID":"","regimenID":"é ✓"}}}"#,
      // Forms the fast reader leaves to JSONDecoder.
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"a\/b\u00e9\n"}}}"#,
      #"{ "doseTaken" : { "_0" : { "instant" : 1 , "medicationID" : "m" } } }"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","note":"extra key"}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","amount":{"unit":"mg","value":5,"x":1}}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","journalSequence":2.0}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","journalSequence":1e1}}}"#,
      // Payloads that do not decode at all.
      #"{"doseTaken":{"_0":{"instant":1}}}"#,
      #"{"doseTaken":{"_0":{"medicationID":"m"}}}"#,
      #"{"doseTaken":{"_0":{"instant":"yesterday","medicationID":"m"}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","amount":{"unit":"bucket","value":1}}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","amount":{"unit":"mg"}}}}"#,
      #"{"doseTaken":{"_0":{"instant":01,"medicationID":"m"}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m","journalSequence":99999999999999999999}}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m"}},"doseSkipped":{}}"#,
      #"{"doseTaken":{"_0":{}}}"#,
      #"{"doseTaken":{}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m"}}"#,
      #"{"doseTaken":{"_0":{"instant":1,"medicationID":"m"}}}x"#,
      #"{"doseTaken":{"_0":{"instant":1.,"medicationID":"m"}}}"#,
    ]
    for text in payloads {
      let fast = DiaryPayload.doseTaken(text)
      if let fast { #expect(fast == Self.decoded(text), "\(text)") }
      let rows = [DiaryRow(sequence: 1, kind: "dose-taken", payload: text, recordedAt: "2025-06-15T08:00:00.000Z")]
      let viaReader = Result { try JournalRecord.diaryEntries(rows) }
      let oneByOne = Result { try rows.map { try $0.diaryEntry() } }
      switch (viaReader, oneByOne) {
      case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
      case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(text)")
      default: Issue.record("reader and one-by-one decoding disagree on \(text)")
      }
    }
    // The first four are read by the fast reader.
    for text in payloads.prefix(4) { #expect(DiaryPayload.doseTaken(text) != nil, "\(text)") }
  }
}

extension DiaryPayloadTests {
  @Test("attacks as the synthesized encoder writes them read the same, with every optional set or not")
  func encodedAttacks() throws {
    var generator = SystemRandomNumberGenerator()
    func maybe<Value>(_ index: Int, _ modulus: Int, _ value: Value) -> Value? { index % modulus == 0 ? nil : value }
    for index in 0..<2_000 {
      let start = Date(timeIntervalSinceReferenceDate: Double.random(in: -4e9...4e9, using: &generator))
      let intakes = (0..<(index % 4)).map { number in
        AcuteIntake(
          medicationID: "med\(number)",
          overuseClass: OveruseClass.allCases[(index + number) % OveruseClass.allCases.count],
          medicationClass: MedicationClass.allCases[(index * 3 + number) % MedicationClass.allCases.count],
          at: start.addingTimeInterval(Double(number) * 1_234.5),
          amount: maybe(index + number, 3, Quantity(value: Double(index % 9) + 0.25, unit: .mg)))
      }
      let attack = Attack(
        id: "a\(index)", start: start, end: maybe(index, 5, start.addingTimeInterval(Double(index) * 61.7)),
        severity: index % 11, aura: index % 2 == 0, auraMinutes: maybe(index, 3, index % 90),
        nauseaOrVomiting: index % 3 == 0, photophobia: index % 5 == 0, phonophobia: index % 7 == 0,
        painFeatures: PainFeatures(
          unilateral: maybe(index, 2, index % 4 == 1), pulsating: maybe(index, 3, true),
          aggravatedByActivity: maybe(index, 4, false)),
        acute: intakes, relief: maybe(index, 4, Relief.allCases[index % Relief.allCases.count]),
        disability: maybe(index, 6, index % 4), note: maybe(index, 2, "note \(index) é ✓"))
      let text = try JSONColumn.encode(DiaryEvent.attackLogged(attack))
      let fast = DiaryPayload.attackLogged(text)
      #expect(fast != nil, "\(text)")
      #expect(fast == Self.decoded(text), "\(text)")
      #expect(fast == .attackLogged(attack), "\(text)")
    }
  }

  @Test("unusual attack payloads read as JSONDecoder reads them, or go to it")
  func otherAttackForms() throws {
    let payloads = [
      // Read by the fast reader: keys unsorted, nulls, empty lists and objects.
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[],"end":null,"note":null,"relief":null,"disability":null,"auraMinutes":null}}}"#,
      #"{"attackLogged":{"_0":{"acute":[{"at":2.5,"medicationClass":"triptan","medicationID":"s","overuseClass":"triptan","amount":null}],"aura":true,"id":"b","nauseaOrVomiting":true,"painFeatures":{"unilateral":null,"pulsating":true},"phonophobia":true,"photophobia":false,"relief":"partial","severity":10,"start":-5e2}}}"#,
      // Left to JSONDecoder.
      #"{"attackLogged":{"_0":{"start":1,"id":"a\u00e9","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[]}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3.0,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[]}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[],"mood":"low"}}}"#,
      // Not attacks at all.
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"acute":[]}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":"no","nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[]}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[],"relief":"total"}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[{"at":1,"medicationID":"x","overuseClass":"triptan","medicationClass":"potion"}]}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":99999999999999999999,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[]}}}"#,
      #"{"attackLogged":{"_0":{"start":1,"id":"a","severity":3,"aura":false,"nauseaOrVomiting":false,"photophobia":true,"phonophobia":false,"painFeatures":{},"acute":[]}}}x"#,
    ]
    for text in payloads {
      let fast = DiaryPayload.attackLogged(text)
      if let fast { #expect(fast == Self.decoded(text), "\(text)") }
      let rows = [DiaryRow(sequence: 1, kind: "attack-logged", payload: text, recordedAt: "2025-06-15T08:00:00.000Z")]
      let viaReader = Result { try JournalRecord.diaryEntries(rows) }
      let oneByOne = Result { try rows.map { try $0.diaryEntry() } }
      switch (viaReader, oneByOne) {
      case (.success(let a), .success(let b)): #expect(a == b, "\(text)")
      case (.failure(let a), .failure(let b)): #expect("\(a)" == "\(b)", "\(text)")
      default: Issue.record("reader and one-by-one decoding disagree on \(text)")
      }
    }
    for text in payloads.prefix(2) { #expect(DiaryPayload.attackLogged(text) != nil, "\(text)") }
    for text in payloads.dropFirst(2) { #expect(DiaryPayload.attackLogged(text) == nil, "\(text)") }
  }
}
