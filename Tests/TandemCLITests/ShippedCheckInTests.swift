import Foundation
import Testing

/// The shipped modules' check-ins log what they ask about: a dose taken against the patient's
/// real regimen, a headache now as an attack, committed before the session moves on.
@Suite("Shipped check-ins log doses and headaches")
struct ShippedCheckInTests {
  /// 21 March 2026, 08:30 UTC: today's 08:00 atogepant dose is due.
  static let now = ["TANDEM_NOW": "2026-03-21T08:30:00Z", "TZ": "UTC"]

  func tandem(_ sandbox: Sandbox, _ arguments: [String], input: String = "") throws -> CommandResult {
    try sandbox.run(arguments + ["--store", sandbox.store], input: input, environment: Self.now)
  }

  func list(_ sandbox: Sandbox, _ arguments: [String]) throws -> [[String: Any]] {
    let result = try tandem(sandbox, arguments + ["--format", "json"])
    guard result.status == 0, let array = try JSONSerialization.jsonObject(with: result.stdout) as? [[String: Any]]
    else { throw SandboxError("tandem \(arguments): \(result.errors) \(result.output)") }
    return array
  }

  /// The journal's events (kind and payload) in commit order, from `tandem export`.
  func journal(_ sandbox: Sandbox) throws -> [(kind: String, payload: [String: Any])] {
    let export = try tandem(sandbox, ["export"])
    return export.output.split(separator: "\n").compactMap { line in
      guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
        object["type"] as? String == "event", let kind = object["kind"] as? String,
        let payload = object["payload"] as? [String: Any]
      else { return nil }
      return (kind, payload)
    }
  }

  @Test(
    "pain 4 opens a headache and 'taken' logs today's due atogepant against its regimen, both committed before the next step",
    arguments: ["paced-breathing", "what-matters", "your-migraine-plan"])
  func logsAgainstTheRegimen(module: String) throws {
    let sandbox = try Sandbox()
    let added = try tandem(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"])
    #expect(added.status == 0, "\(added.errors)")
    let regimenID = try #require(try list(sandbox, ["meds", "list"]).first?["id"] as? String)

    // The pages and safety screen before the check-in, then pain 4, acute: no, preventive:
    // taken; the input ends there, which pauses the session at the next step.
    let leading = ["paced-breathing": "\nno\n", "what-matters": "\n", "your-migraine-plan": "\n\nno\n"][module] ?? ""
    let run = try tandem(sandbox, ["session", "start", module], input: leading + "4\nnone-taken\ntaken\n")
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.contains("Due now:"), "\(run.output)")
    #expect(run.output.contains("atogepant 60 mg, due 08:00"))
    #expect(run.output.contains("Logged: a headache starting now, severity 4/10."))
    #expect(run.output.contains("Logged: atogepant 60 mg taken."))
    #expect(!run.output.contains("Have you had a headache earlier today?"), "pain now means a headache now")

    let doses = try list(sandbox, ["dose", "list", "--from", "2026-03-21"])
    #expect(doses.count == 1)
    #expect(doses.first?["medication"] as? String == "atogepant")
    let attacks = try list(sandbox, ["attack", "list"])
    #expect(attacks.count == 1)
    #expect((attacks.first?["attack"] as? [String: Any])?["severity"] as? Int == 4)

    // Each diary write is committed with the answer that made it, before the next step's events.
    let events = try journal(sandbox)
    let kinds = events.map(\.kind)
    #expect(events.first { $0.kind == "dose-taken" }?.payload["regimen_id"] as? String == regimenID)
    let painAnswer = try #require(kinds.firstIndex(of: "attack-logged"))
    let dose = try #require(kinds.firstIndex(of: "dose-taken"))
    #expect(kinds[painAnswer - 1] == "answered")
    #expect(kinds[dose - 1] == "answered")
    #expect(kinds.last == "paused")
    let session = try sandbox.onlySession()
    #expect(session.status == "paused")
    #expect(session.step == "preventive-reminder" || session.step == "distress", "\(session)")
  }

  @Test("with no regimen, the dose check says nothing will be logged, and a 'taken' logs nothing")
  func noRegimen() throws {
    let sandbox = try Sandbox()
    let run = try tandem(
      sandbox, ["session", "start", "paced-breathing"], input: "\nno\n0\nnone-today\nnone-taken\ntaken\n")
    #expect(run.status == 0, "\(run.errors)")
    let flat = run.output.replacingOccurrences(of: "\n", with: " ")
    #expect(
      flat.contains("Tandem has no regular medicine on your plan, so nothing will be logged here."), "\(run.output)")
    #expect(flat.contains("Nothing logged: Tandem has no regular medicine on your plan."))
    #expect(!run.output.contains("Logged:"))
    #expect(try list(sandbox, ["dose", "list"]).isEmpty)
    #expect(try list(sandbox, ["attack", "list"]).isEmpty, "pain 0 opens no headache")
    let detail = try sandbox.detail(try sandbox.onlySession().id)
    #expect(detail.answers.contains(Pair("preventive-due", "Yes, I've taken it (log it now)")), "\(detail.answers)")
  }

  @Test("a dose already logged today leaves nothing due; 'none-due' and 'not-yet' log nothing")
  func nothingDue() throws {
    let sandbox = try Sandbox()
    _ = try tandem(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"])
    let taken = try tandem(sandbox, ["dose", "take", "atogepant", "--at", "08:05"])
    #expect(taken.status == 0, "\(taken.errors)")
    let run = try tandem(
      sandbox, ["session", "start", "paced-breathing"], input: "\nno\n0\nnone-today\nnone-taken\nnone-due\n")
    #expect(run.output.replacingOccurrences(of: "\n", with: " ").contains("No dose is due right now"), "\(run.output)")
    #expect(try list(sandbox, ["dose", "list"]).count == 1)
    let again = try tandem(
      sandbox, ["session", "start", "paced-breathing"], input: "\nno\n0\nnone-today\nnone-taken\nnot-yet\n")
    #expect(again.output.contains("A quick reminder"), "not-yet still shows the reminder")
    #expect(try list(sandbox, ["dose", "list"]).count == 1)
  }

  @Test("a headache in progress is ended by a later check-in's 0, and raised by a higher rating")
  func attackInProgress() throws {
    let sandbox = try Sandbox()
    _ = try tandem(sandbox, ["session", "start", "paced-breathing"], input: "\nno\n3\n")
    let raised = try tandem(sandbox, ["session", "start", "paced-breathing"], input: "\nno\n6\n")
    #expect(raised.output.contains("Updated the headache in progress (severity 6/10)."), "\(raised.output)")
    let ended = try tandem(sandbox, ["session", "start", "paced-breathing"], input: "\nno\n0\n")
    #expect(ended.output.contains("Logged: the headache in progress has ended."), "\(ended.output)")
    let attacks = try list(sandbox, ["attack", "list"])
    #expect(attacks.count == 1)
    #expect((attacks.first?["attack"] as? [String: Any])?["severity"] as? Int == 6)
  }
}

extension ShippedCheckInTests {
  @Test("an answer changed after :back takes back what the first one logged; the same answer again logs nothing more")
  func changedAnswerWithdraws() throws {
    let sandbox = try Sandbox()
    let added = try tandem(
      sandbox, ["meds", "add", "atogepant", "--dose", "60 mg", "--daily", "--at", "08:00", "--start", "2026-03-01"])
    #expect(added.status == 0, "\(added.errors)")

    // Pain 6 opens a headache and 'taken' logs the dose; then back to the dose check: 'taken'
    // again (nothing more), back again: 'not-yet' (the dose is withdrawn); back to the pain
    // question: 0 (the headache it opened is removed).
    let input =
      "\nno\n6\nnone-taken\ntaken\n:back\ntaken\n:back\nnot-yet\n:back\n:back\n:back\n0\nnone-today\nnone-taken\nnot-yet\n"
    let run = try tandem(sandbox, ["session", "start", "paced-breathing"], input: input)
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.components(separatedBy: "Logged: atogepant 60 mg taken.").count == 2, "logged once")
    #expect(run.output.components(separatedBy: "Taken back from your diary").count == 3, "\(run.output)")
    #expect(try list(sandbox, ["dose", "list", "--from", "2026-03-21"]).isEmpty)
    #expect(try list(sandbox, ["attack", "list"]).isEmpty)
    let today = try tandem(sandbox, ["today"])
    #expect(
      today.output.contains("overdue  atogepant 60 mg, 08:00 due now; 20 missed since Sun 1 Mar"),
      "\(today.output)")
    #expect(!today.output.contains("Headache in progress"))
    // Nothing is erased: the first answers' entries stay in the journal with their withdrawals.
    let kinds = try journal(sandbox).map(\.kind)
    #expect(kinds.filter { $0 == "dose-taken" }.count == 1)
    #expect(kinds.filter { $0 == "attack-logged" }.count == 1)
    #expect(kinds.filter { $0 == "corrected" }.count == 2)
  }
}

extension ShippedCheckInTests {
  @Test("a headache's pain raised by a check-in is put back when the answer is changed after :back")
  func raisedPainPutBack() throws {
    let sandbox = try Sandbox()
    #expect(try tandem(sandbox, ["attack", "start", "--at", "07:00", "--severity", "4"]).status == 0)
    let run = try tandem(
      sandbox, ["session", "start", "paced-breathing"], input: "\nno\n9\nnone-taken\n:back\n:back\n2\nnone-taken\n")
    #expect(run.status == 0, "\(run.errors)")
    #expect(run.output.contains("Updated the headache in progress (severity 9/10)."), "\(run.output)")
    let attacks = try list(sandbox, ["attack", "list"])
    #expect(attacks.count == 1)
    #expect((attacks.first?["attack"] as? [String: Any])?["severity"] as? Int == 4, "\(attacks)")
  }
}

extension ShippedCheckInTests {
  @Test("a headache left open for days is neither raised nor ended by a check-in, which says how to end it")
  func staleHeadacheLeftAlone() throws {
    let sandbox = try Sandbox()
    #expect(try tandem(sandbox, ["attack", "start", "--at", "2026-03-10T09:00", "--severity", "3"]).status == 0)
    let diaryKinds: Set<String> = ["attack-logged", "corrected", "dose-taken", "dose-skipped"]
    let before = try journal(sandbox).filter { diaryKinds.contains($0.kind) }.count
    let run = try tandem(sandbox, ["session", "start", "paced-breathing"], input: "\nno\n6\nnone-taken\n")
    #expect(run.status == 0, "\(run.errors)")
    #expect(
      run.output.contains("Not logged: your diary still has a headache open since 2026-03-10 09:00."), "\(run.output)")
    #expect(
      try journal(sandbox).filter { diaryKinds.contains($0.kind) }.count == before, "nothing written to the diary")
    let attacks = try list(sandbox, ["attack", "list"])
    #expect((attacks.first?["attack"] as? [String: Any])?["severity"] as? Int == 3)
    let today = try tandem(sandbox, ["today"])
    #expect(today.output.contains("Still open after 10 days:"), "\(today.output)")
  }
}
