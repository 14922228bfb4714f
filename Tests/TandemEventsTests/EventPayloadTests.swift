import Foundation
import TandemBase
import TandemCare
import TandemTestFixtures
import TandemTherapy
import Testing

@testable import TandemEvents

@Suite("Event payloads: the documented format")
struct EventPayloadTests {
  static let sessionEvents: [SessionEvent] = [
    .started(moduleID: "paced-breathing", version: 3, contentHash: "sha256:abc"),
    .answered(step: "pain", answer: .number(7)), .answered(step: "note", answer: .text("tight \"shoulders\" \\ 💡\n")),
    .answered(step: "feeling", answer: .options(["calm", "tired"])),
    .answered(step: "flags", answer: .safety(flagged: true)),
    .continued(step: "intro"), .continued(step: "breathe", ranSeconds: 42),
    .timerFinished(step: "breathe", seconds: 60), .skipped(step: "note"),
    .wentBack(to: "intro"), .paused, .resumed, .abandoned, .completed, .safetyStopped(step: "flags"),
    .migrated(module: sampleModule, contentHash: "sha256:def", steps: ["old": "new"]),
  ]

  @Test("every session event kind comes back exactly as written")
  func sessionRoundTrip() throws {
    for event in Self.sessionEvents {
      let text = try EventPayload.encode(event)
      #expect(try EventPayload.sessionEvent(kind: event.kind, payload: text) == event, "\(text)")
      #expect(text.contains("\"schema\":1"))
      #expect(!text.contains("\"_0\""), "Swift's enum encoding in \(event.kind)")
    }
  }

  @Test("a timer ended early writes how long it ran as continued's optional 'seconds'; one written without it reads")
  func continuedSeconds() throws {
    #expect(
      try EventPayload.encode(.continued(step: "breathe", ranSeconds: 42))
        == #"{"schema":1,"seconds":42,"step":"breathe"}"#)
    #expect(try EventPayload.encode(.continued(step: "intro")) == #"{"schema":1,"step":"intro"}"#)
    #expect(
      try EventPayload.sessionEvent(kind: "continued", payload: #"{"schema":1,"step":"breathe"}"#)
        == .continued(step: "breathe", ranSeconds: nil))
  }

  @Test("an answer is written with plain field names")
  func answerShape() throws {
    #expect(
      try EventPayload.encode(.answered(step: "pain", answer: .number(5)))
        == #"{"answer":{"type":"number","value":5},"schema":1,"step":"pain"}"#)
  }

  static let regimens: [Regimen] = [
    regimen(.daily(times: [clock("08:00"), clock("20:00")]), start: "2026-01-01", zone: "Europe/Berlin"),
    regimen(.everyNWeeks(interval: 4, at: clock("09:00")), start: "2026-01-01", end: "2026-12-31"),
    regimen(.weekly(weekdays: [.monday, .thursday], at: clock("07:30")), start: "2026-01-01"),
    regimen(.monthly(day: 31, at: clock("09:00")), start: "2026-01-01", lateWindowHours: 12),
    regimen(.loading(dose: qty("240 mg"), then: .everyNMonths(interval: 1, at: clock("09:00"))), start: "2026-01-01"),
    regimen(.asNeeded(maxPer24Hours: qty("200 mg"), minimumHoursBetweenDoses: 2), start: "2026-01-01"),
    regimen(.everyNDays(interval: 3, at: clock("21:00")), start: "2026-01-01"),
  ]

  static func regimen(
    _ schedule: Schedule, start: String, end: String? = nil, zone: String = "UTC", lateWindowHours: Double? = nil
  ) -> Regimen {
    Regimen(
      id: "r-\(schedule.kindName)", medicationID: "med", dose: qty("120 mg"), schedule: schedule, start: day(start),
      end: end.map(day), timeZoneIdentifier: zone, lateWindowHours: lateWindowHours)
  }

  static let attack = Attack(
    id: "a1", start: instant("2026-03-01T08:00:00Z"), end: instant("2026-03-01T14:30:00Z"), severity: 7, aura: true,
    auraMinutes: 20, nauseaOrVomiting: true, photophobia: true, phonophobia: false,
    painFeatures: PainFeatures(unilateral: true, pulsating: nil, aggravatedByActivity: false),
    acute: [
      AcuteIntake(
        medicationID: "sumatriptan", overuseClass: .triptan, medicationClass: .triptan,
        at: instant("2026-03-01T08:30:00Z"), amount: qty("50 mg"))
    ], relief: .partial, disability: 2, note: "weather")

  static var diaryEvents: [DiaryEvent] {
    regimens.map { .regimenPrescribed($0) } + [
      .regimenEnded(regimenID: "r-daily", lastDay: day("2026-06-30"), reason: "side effects"),
      .regimenEnded(regimenID: "r-weekly", lastDay: day("2026-06-30"), reason: nil),
      .doseTaken(TakenDose(medicationID: "med", instant: instant("2026-03-02T08:05:00Z"))),
      .doseTaken(
        TakenDose(
          medicationID: "med", instant: instant("2026-03-02T08:05:00Z"), amount: qty("2 tablet"), regimenID: "r")),
      .doseSkipped(SkippedDose(medicationID: "med", instant: instant("2026-03-02T21:00:00Z"), reason: "dizzy")),
      .doseSkipped(
        SkippedDose(
          medicationID: "med", instant: instant("2026-03-02T21:00:00Z"), reason: "away",
          occurrenceDate: day("2026-03-02"),
          regimenID: "r-daily", occurrenceTime: clock("20:00"))),
      .medicationAdded(PatientMedication(id: "own-feverfew", name: "Feverfew", medicationClass: .other)),
      .attackLogged(attack),
      .attackLogged(Attack(id: "open", start: instant("2026-03-05T10:00:00Z"), severity: 4)),
      .corrected(
        sequence: 9, replacement: .doseTaken(TakenDose(medicationID: "med", instant: instant("2026-03-02T09:00:00Z"))),
        reason: "later"),
      .corrected(sequence: 9, replacement: nil, reason: nil),
    ]
  }

  @Test("every diary event kind comes back exactly as written; a correction names its entry by event id")
  func diaryRoundTrip() throws {
    let ids: [Int64: String] = [9: "01a0f60c-5b00-7aa6-9e18-52243ec0459a"]
    for event in Self.diaryEvents {
      let text = try EventPayload.encode(event) { ids[$0] }
      let back = try EventPayload.diaryEvent(kind: event.kind, payload: text) { id in ids.first { $0.value == id }?.key
      }
      #expect(back == event, "\(text)")
      #expect(!text.contains("\"_0\""))
      if case .corrected = event { #expect(text.contains(#""corrects":"01a0f60c-5b00-7aa6-9e18-52243ec0459a""#)) }
    }
    #expect(
      try EventPayload.encode(.doseTaken(TakenDose(medicationID: "med", instant: instant("2026-03-02T08:05:00Z")))) {
        _ in nil
      } == #"{"medication":"med","schema":1,"taken_at":"2026-03-02T08:05:00.000Z"}"#)
  }

  @Test("a correction of an entry without an event id, or naming an event not in the journal, is refused")
  func unknownCorrectionTarget() throws {
    #expect(throws: EventPayloadError.self) {
      try EventPayload.encode(.corrected(sequence: 3, replacement: nil, reason: nil)) { _ in nil }
    }
    let text = #"{"corrects":"01a0f60c-5b00-7aa6-9e18-52243ec0459a","schema":1}"#
    let error = try #require(throws: EventPayloadError.self) {
      try EventPayload.diaryEvent(kind: "corrected", payload: text) { _ in nil }
    }
    #expect(error.problem.contains("not in the journal"))
  }

  @Test(
    "a payload from a newer schema, of an unknown kind, or missing a field is refused by name, never by value",
    arguments: [
      ("dose-taken", #"{"medication":"med","schema":2,"taken_at":"2026-03-02T08:05:00Z"}"#, "schema 2"),
      ("dose-eaten", #"{"schema":1}"#, "unknown event kind"),
      ("dose-taken", #"{"medication":"secret-med","schema":1}"#, "missing field 'taken_at'"),
      ("dose-taken", #"{"medication":"secret-med","schema":1,"taken_at":"yesterday"}"#, "not an RFC 3339"),
      ("attack-logged", #"{"schema":1,"attack":{"id":"secret"}}"#, "missing field"),
      (
        "regimen-prescribed",
        #"{"schema":1,"regimen":{"id":"r","medication":"m","dose":{"value":1,"unit":"mg"},"schedule":{"kind":"fortnightly"},"start":"2026-01-01","time_zone":"UTC","late_window_hours":2}}"#,
        "unknown schedule kind"
      ),
    ])
  func refusals(_ kind: String, _ payload: String, _ message: String) throws {
    let error = try #require(throws: EventPayloadError.self) {
      try EventPayload.diaryEvent(kind: kind, payload: payload) { _ in nil }
    }
    #expect(error.problem.contains(message), "\(error)")
    #expect(!error.description.contains("secret"))
  }
}

@Suite("RFC 3339 and event ids")
struct RFC3339Tests {
  @Test("instants are written in UTC with milliseconds and read back from any RFC 3339 form")
  func instants() throws {
    let date = Date(timeIntervalSince1970: 1_790_000_000.123)
    #expect(RFC3339.text(from: date) == "2026-09-21T14:13:20.123Z")
    #expect(RFC3339.date(from: "2026-09-21T14:13:20.123Z") == date)
    #expect(RFC3339.date(from: "2026-09-21T16:13:20.123+02:00") == date)
    #expect(RFC3339.date(from: "2026-09-21t14:13:20.123z") == date)
    #expect(RFC3339.date(from: "2026-09-21T14:13:20Z") == Date(timeIntervalSince1970: 1_790_000_000))
    for bad in [
      "2026-02-30T00:00:00Z", "2026-09-21T14:13:20", "2026-09-21", "2026-13-01T00:00:00Z", "2026-09-21T24:00:00Z",
      "2026-09-21T14:13:20.Z", "2026-09-21T14:13:20+2:00", "2026-09-21T14:13:20.1234567890Z", "",
    ] {
      #expect(RFC3339.date(from: bad) == nil, "\(bad)")
    }
  }

  @Test("event ids are version-7 UUIDs whose first 48 bits are the time, so later ids sort later")
  func eventIDs() throws {
    var random = SystemRandomNumberGenerator()
    let early = EventID.make(at: Date(timeIntervalSince1970: 1_790_000_000), using: &random)
    let late = EventID.make(at: Date(timeIntervalSince1970: 1_790_000_000.002), using: &random)
    #expect(EventID.isValid(early) && EventID.isValid(late))
    #expect(Array(early)[14] == "7")
    #expect(["8", "9", "a", "b"].contains(Array(early)[19]))
    #expect(early < late)
    #expect(early.hasPrefix("01a0"))
    #expect(Set((0..<1000).map { _ in EventID.make(at: Date(timeIntervalSince1970: 0), using: &random) }).count == 1000)
    #expect(!EventID.isValid("01A0F60C-5B00-7AA6-9E18-52243EC0459A"))
  }
}
