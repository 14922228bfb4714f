import Foundation
import TandemBase
import TandemCare
import Testing

@testable import TandemEvents

/// A `dose-taken` line as Tandem writes it is read without JSONDecoder; whatever the line, the
/// answer (or the refusal, in the same words) is the decoder's.
@Suite("Event lines read without the decoder agree with it")
struct CanonicalLineTests {
  /// What the decoder alone makes of `line`: the envelope and event, or the problem.
  func decoded(_ line: String) -> String {
    do {
      let read = try EventPayload.decode(ImportedLine.self, kind: "line", from: line)
      return describe(read)
    } catch let error as EventPayloadError {
      return "refused: \(error.problem)"
    } catch let error as LineProblem {
      return "refused: \(error.problem)"
    } catch {
      return "refused: \(error)"
    }
  }

  /// What `JournalExport.read` (which tries the canonical form first) makes of `line`.
  func read(_ line: String) -> String {
    do {
      return describe(try JournalExport.read(line, number: 1))
    } catch let error as ImportError {
      return "refused: \(error.problem)"
    } catch {
      return "refused: \(error)"
    }
  }

  func describe(_ line: ImportedLine) -> String {
    guard case .diaryEvent(let envelope, let pending) = line else { return "\(line)" }
    return "\(envelope) \(String(describing: try? pending.event { _ in 1 }))"
  }

  static func line(_ dose: TakenDose, recordedAt: String = "2026-10-06T18:02:11.512Z") throws -> String {
    let envelope = ExportedEvent(
      eventID: "01a23884-70a2-7e51-8d8f-2f0f4d2c1b10", deviceID: "01a2388a-8097-7c11-bee3-0baa0a3fb3a9",
      streamType: "diary", stream: "diary", kind: "dose-taken", recordedAt: recordedAt)
    return try JournalExport.event(envelope, payload: try EventPayload.encode(.doseTaken(dose)) { _ in nil })
  }

  @Test("every dose line Tandem writes takes the canonical reading and reads as the decoder reads it")
  func written() throws {
    var random = SystemRandomNumberGenerator()
    let units = Quantity.Unit.allCases
    for _ in 0..<1000 {
      let amount: Quantity? =
        Bool.random(using: &random)
        ? Quantity(
          value: [0.001, 1, 25, 62.5, 400][Int.random(in: 0..<5, using: &random)],
          unit: units[Int.random(in: 0..<units.count, using: &random)]) : nil
      let dose = TakenDose(
        medicationID: ["sumatriptan", "ibuprofène", "med with spaces", "😀"][Int.random(in: 0..<4, using: &random)],
        instant: Date(timeIntervalSince1970: Double.random(in: -2e9...7e9, using: &random)), amount: amount,
        regimenID: Bool.random(using: &random) ? UUID().uuidString.lowercased() : nil)
      let line = try Self.line(dose)
      #expect(CanonicalLine.doseTaken(line) != nil, "not canonical: \(line)")
      #expect(read(line) == decoded(line), "\(line)")
    }
  }

  @Test("a written dose line with bytes changed, inserted or removed at random gets the decoder's answer")
  func mutated() throws {
    let dose = try Self.line(
      TakenDose(
        medicationID: "ibuprofen", instant: Date(timeIntervalSince1970: 1_790_000_000),
        amount: Quantity(value: 62.5, unit: .mg), regimenID: "01a2388a-8097-7c11-bee3-0baa0a3fb3a9"))
    let alphabet = Array(#"{}[]":,.-+0123456789eE\ aAzu/"#.utf8) + [0x7F, 0x09, 0x0A]
    var random = SystemRandomNumberGenerator()
    var canonical = 0
    for _ in 0..<3000 {
      var bytes = Array(dose.utf8)
      for _ in 0..<Int.random(in: 1...3, using: &random) {
        let at = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<3, using: &random) {
        case 0: bytes[at] = alphabet.randomElement(using: &random)!
        case 1: bytes.insert(alphabet.randomElement(using: &random)!, at: at)
        default: bytes.remove(at: at)
        }
      }
      let variant = String(decoding: bytes, as: UTF8.self)
      if CanonicalLine.doseTaken(variant) != nil { canonical += 1 }
      // Read the same, or refused by both. (Which words the decoder picks for a line that is not
      // JSON can vary: while other threads decode, it may name a missing field before the bad byte.)
      let (fast, slow) = (read(variant), decoded(variant))
      #expect(fast == slow || (fast.hasPrefix("refused:") && slow.hasPrefix("refused:")), "\(variant.debugDescription)")
    }
    // Some changes (inside a string, a digit for a digit) leave a line the byte scan still reads.
    #expect(canonical > 0)
  }

  @Test("a line in any other form, or with a problem, gets the decoder's answer")
  func otherForms() throws {
    let good = try Self.line(
      TakenDose(medicationID: "sumatriptan", instant: Date(timeIntervalSince1970: 1_790_000_000), amount: nil))
    #expect(CanonicalLine.doseTaken(good) != nil)
    let variants = [
      good.replacingOccurrences(of: "{\"device_id\"", with: "{ \"device_id\""),
      good.replacingOccurrences(of: "\"kind\":\"dose-taken\"", with: "\"kind\":\"dose-skipped\""),
      good.replacingOccurrences(of: "\"stream_type\":\"diary\"", with: "\"stream_type\":\"session\""),
      good.replacingOccurrences(of: "\"type\":\"event\"", with: "\"type\":\"header\""),
      good.replacingOccurrences(of: "\"stream\":\"diary\"", with: "\"stream\":\"di\\u0061ry\""),
      good.replacingOccurrences(of: "\"event_id\":\"", with: "\"event_id\":\"\\\""),
      good.replacingOccurrences(of: "2026-10-06T18:02:11.512Z", with: "9999-10-06T18:02:11.512Z"),
      good.replacingOccurrences(of: "2026-10-06T18:02:11.512Z", with: "yesterday"),
      good.replacingOccurrences(of: "\"taken_at\":\"2026", with: "\"taken_at\":\"1800"),
      good.replacingOccurrences(of: "\"schema\":1", with: "\"schema\":2"),
      good + " ",
      good + "}",
      String(good.dropLast()),
      good.replacingOccurrences(of: ",\"payload\":", with: ",\"extra\":1,\"payload\":"),
      good.replacingOccurrences(of: "\"device_id\"", with: "\"device_id\":\"x\",\"device_id\""),
    ]
    for variant in variants where variant != good {
      #expect(read(variant) == decoded(variant), "\(variant)")
    }
    // The canonical reading takes none of these but the date problems (which the decoder then refuses alike).
    #expect(read(variants[6]).hasPrefix("refused: a date outside the years"), "\(read(variants[6]))")
    #expect(read(variants[8]).hasPrefix("refused: a date outside the years"), "\(read(variants[8]))")
    #expect(read(variants[7]).hasPrefix("refused:"))

    // Inside the payload: a value the reader could not read whole, a key given twice, a number
    // that rounds to nothing. Each is the decoder's to answer, as the decoder answers it.
    let dose = try Self.line(
      TakenDose(
        medicationID: "sumatriptan", instant: Date(timeIntervalSince1970: 1_790_000_000),
        amount: Quantity(value: 25, unit: .mg)))
    #expect(dose.contains(#""amount":{"unit":"mg","value":25}"#) && CanonicalLine.doseTaken(dose) != nil)
    let amounts = [
      #""value":-,"value":25"#, #""value":01,"value":25"#, #""value":1.,"value":25"#, #""value":1e999,"value":25"#,
      #""value":1e-400"#, #""value":2.5e-330"#, #""value":0e5"#, #""value":9e-320"#, #""value":0.0e1"#,
      #""value":25,"value":25"#,
    ]
    for amount in amounts {
      let variant = dose.replacingOccurrences(of: #""value":25"#, with: amount)
      #expect(read(variant) == decoded(variant), "\(variant)")
    }
    for unit in [#""unit":"bogus","unit":"mg""#, #""unit":"mg","unit":"mg""#, #""unit":7"#] {
      let variant = dose.replacingOccurrences(of: #""unit":"mg""#, with: unit)
      #expect(read(variant) == decoded(variant), "\(variant)")
    }
    #expect(read(dose.replacingOccurrences(of: #""value":25"#, with: #""value":-,"value":25"#)).hasPrefix("refused:"))
  }
}
