import Foundation
import TandemBase
import TandemCare
import Testing

@testable import TandemEvents

@Suite("The dose-taken reader agrees with JSONDecoder")
struct DoseTakenReaderTests {
  func decoded(_ text: String) -> DiaryEvent? {
    guard let payload = try? EventPayload.decode(DiaryPayload.self, kind: "dose-taken", from: text) else { return nil }
    return try? EventPayload.diaryEvent(kind: "dose-taken", payload: payload) { _ in nil }
  }

  func fast(_ text: String) -> DiaryEvent? {
    DoseTakenReader.payload(text).flatMap { try? EventPayload.diaryEvent(kind: "dose-taken", payload: $0) { _ in nil } }
  }

  @Test("every dose Tandem writes reads the same both ways")
  func written() throws {
    var random = SystemRandomNumberGenerator()
    let units = Quantity.Unit.allCases
    for _ in 0..<2000 {
      let amount: Quantity? =
        Bool.random(using: &random)
        ? Quantity(
          value: [0.001, 1, 25, 62.5, 1e23, 400][Int.random(in: 0..<6, using: &random)],
          unit: units[Int.random(in: 0..<units.count, using: &random)]) : nil
      let dose = TakenDose(
        medicationID: ["sumatriptan", "ibuprofène", "med with spaces", "😀"][Int.random(in: 0..<4, using: &random)],
        instant: Date(timeIntervalSince1970: Double.random(in: -2e9...7e9, using: &random)), amount: amount,
        regimenID: Bool.random(using: &random) ? UUID().uuidString.lowercased() : nil)
      let text = try EventPayload.encode(.doseTaken(dose)) { _ in nil }
      let viaReader = try #require(fast(text), "the reader refused what Tandem writes: \(text)")
      #expect(viaReader == decoded(text), "\(text)")
    }
  }

  @Test(
    "a payload in any other form is left to JSONDecoder, or read the same",
    arguments: [
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z"}"#,
      #"{ "medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z"}"#,
      #"{"medication":"m\u0041","schema":1,"taken_at":"2026-01-01T08:00:00.000Z"}"#,
      #"{"medication":"m","medication":"n","schema":1,"taken_at":"2026-01-01T08:00:00.000Z"}"#,
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z","extra":1}"#,
      #"{"medication":"m","schema":1.0,"taken_at":"2026-01-01T08:00:00.000Z"}"#,
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z","amount":{"unit":"mg","value":1e999}}"#,
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z","amount":{"unit":"kg","value":1}}"#,
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z","amount":{"value":01,"unit":"mg"}}"#,
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z","regimen_id":null}"#,
      #"{"medication":"m","schema":1,"taken_at":"2026-01-01T08:00:00.000Z"}x"#,
      #"{"medication":"m","schema":2,"taken_at":"2026-01-01T08:00:00.000Z"}"#,
    ])
  func otherForms(_ text: String) {
    if let viaReader = fast(text) {
      #expect(viaReader == decoded(text), "\(text)")
    }
  }
}
