import Foundation
import Testing

/// Questionnaires as a patient meets them: the shipped check-in modules ask PHQ-9 and PedMIDAS
/// item by item; PHQ-9 item 9 above "not at all" brings the crisis page at once and must be
/// acknowledged; scores reach progress and the report.
@Suite("Questionnaires in sessions")
struct MeasureCommandTests {
  struct Progress: Decodable {
    struct Measure: Decodable {
      let measure: String
      let total: Int?
      let band: String?
      let prorated: Bool
      let crisis: Bool
      let change: Int?
    }
    let measures: [Measure]
  }

  struct ReportFlags: Decodable {
    struct Flag: Decodable {
      let kind: String
      let message: String
    }
    let flags: [Flag]
  }

  @Test(
    "PHQ-9 item 9 above 'not at all': the crisis page comes next, cannot be skipped or passed without acknowledging")
  func crisisItem() throws {
    let sandbox = try Sandbox()
    // Welcome, items 1-8 (several days on item 2), item 9 "more than half the days".
    let items = ["1", "2", "1", "1", "1", "1", "1", "1", "3"]
    let input = "\n" + items.joined(separator: "\n") + "\n\n:skip\nok\n1\n\n"
    let run = try sandbox.run(["session", "start", "mood-check", "--store", sandbox.store], input: input)
    #expect(run.status == 0, "\(run.errors)")
    let output = run.output
    let item9 = try #require(output.range(of: "better off dead"))
    let crisis = try #require(output.range(of: "call or text 988"))
    #expect(item9.upperBound < crisis.lowerBound)
    // Nothing else is asked between item 9 and the crisis page.
    let between = output[item9.upperBound..<crisis.lowerBound]
    #expect(!between.contains("Your choice:\n") || between.components(separatedBy: "Your choice:").count == 2)
    #expect(output.contains("please contact your clinician") || output.contains("let your clinician know"))
    #expect(output.contains("I have read this. I will contact my clinician"))
    #expect(output.contains("Nobody reads your answers as you"), "never implies anyone is watching")
    #expect(output.contains("This step can't be skipped") || output.contains("can't be skipped"), "\(output)")
    #expect(output.contains("Please choose an option") || output.contains("not an option"), "\(output)")
    let thanks = try #require(output.range(of: "That is the mood check done"))
    #expect(crisis.upperBound < thanks.lowerBound)
    #expect(try sandbox.onlySession().status == "completed")

    let progress = try sandbox.json(Progress.self, ["progress", "--store", sandbox.store])
    let score = try #require(progress.measures.first)
    #expect(progress.measures.count == 1)
    #expect(score.measure == "phq-9" && score.total == 3 && score.band == "minimal" && score.crisis && !score.prorated)

    let report = try sandbox.json(ReportFlags.self, ["report", "--store", sandbox.store])
    let flag = try #require(report.flags.first { $0.kind == "crisis-item" })
    #expect(flag.message.contains("PHQ-9") && flag.message.contains("crisis item"))
    let text = try sandbox.run(["report", "--store", sandbox.store])
    #expect(text.output.contains("PHQ-9 3 of 27, minimal; crisis item answered"), "\(text.output)")
  }

  @Test("'not at all' on item 9 shows no crisis page; a skipped item is prorated and the change from the last shows")
  func noCrisisAndProrating() throws {
    let sandbox = try Sandbox()
    let first = ["3", "3", "2", "2", "1", "1", "1", "1", "1"]  // 2+2+1+1+0+0+0+0+0 = 6
    var run = try sandbox.run(
      ["session", "start", "mood-check", "--store", sandbox.store],
      input: "\n" + first.joined(separator: "\n") + "\n\n")
    #expect(run.status == 0)
    #expect(!run.output.contains("988"))
    // Item 3 skipped: 8 items answered, 2+2+0+1+0+0+0+0 = 5, prorated 5 × 9 / 8 = 5.625 → 6.
    let second = ["3", "3", ":skip", "1", "2", "1", "1", "1", "1"]
    run = try sandbox.run(
      ["session", "start", "mood-check", "--store", sandbox.store],
      input: "\n" + second.joined(separator: "\n") + "\n\n")
    #expect(run.status == 0, "\(run.errors)")
    let progress = try sandbox.json(Progress.self, ["progress", "--store", sandbox.store])
    #expect(progress.measures.map(\.total) == [6, 6])
    #expect(progress.measures.map(\.band) == ["mild", "mild"])
    #expect(progress.measures.map(\.prorated) == [false, true])
    #expect(progress.measures.map(\.change) == [nil, 0])
    #expect(progress.measures.allSatisfy { !$0.crisis })
    let text = try sandbox.run(["progress", "--store", sandbox.store])
    #expect(text.output.contains("PHQ-9: 6 mild"), "\(text.output)")
  }

  @Test("PedMIDAS: a count out of range or not a number is refused and asked again; the total is banded")
  func countItems() throws {
    let sandbox = try Sandbox()
    let input = "\n93\n-1\nlots\n5\n3\n2\n0\n1\n0\n\n"
    let run = try sandbox.run(["session", "start", "headache-impact", "--store", sandbox.store], input: input)
    #expect(run.status == 0, "\(run.errors)")
    #expect(
      run.output.components(separatedBy: "Please enter a whole number from 0 to 92").count - 1 == 3, "\(run.output)")
    let progress = try sandbox.json(Progress.self, ["progress", "--store", sandbox.store])
    #expect(progress.measures.map(\.total) == [11])
    #expect(progress.measures.map(\.band) == ["mild"])
  }
}
