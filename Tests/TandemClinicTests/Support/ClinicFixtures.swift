import Foundation
import TandemClinic
import TandemEvents
import Testing

/// Export lines (`docs/events.md`) and enrolled principals for the clinic tests.
enum Fixture {

  /// A `dose-taken` diary line from `device`, recorded at `at`.
  static func dose(device: String, at: Date = Date(), id: String? = nil, milligrams: Int = 40) -> String {
    let time = RFC3339.text(from: at)!
    return #"{"type":"event","event_id":"\#(id ?? EventID.make(at: at))","device_id":"\#(device)","#
      + #""stream_type":"diary","stream":"patient","kind":"dose-taken","recorded_at":"\#(time)","#
      + #""payload":{"schema":1,"medication":"propranolol","amount":{"unit":"mg","value":\#(milligrams)},"#
      + #""taken_at":"\#(time)"}}"#
  }

  /// A `regimen-prescribed` diary line written by `device` (a prescriber's own id).
  static func regimen(device: String, at: Date = Date()) -> String {
    let time = RFC3339.text(from: at)!
    return #"{"type":"event","event_id":"\#(EventID.make(at: at))","device_id":"\#(device)","#
      + #""stream_type":"diary","stream":"patient","kind":"regimen-prescribed","recorded_at":"\#(time)","#
      + #""payload":{"schema":1,"regimen":{"id":"r1","medication":"propranolol","dose":{"unit":"mg","value":40},"#
      + #""schedule":{"kind":"daily","times":["08:00","20:00"]},"start":"2026-03-22","time_zone":"UTC","#
      + #""late_window_hours":2}}}"#
  }

  /// A `module-assigned` care line by therapist `by` (their name) with id `device`.
  static func assignment(
    device: String, by name: String, module: String, version: Int?, hash: String?, at: Date = Date()
  ) -> String {
    let time = RFC3339.text(from: at)!
    var payload = #"{"schema":1,"module":"\#(module)","assigned_by":"\#(name)""#
    if let version { payload += #","version":\#(version)"# }
    if let hash { payload += #","content_hash":"\#(hash)""# }
    return #"{"type":"event","event_id":"\#(EventID.make(at: at))","device_id":"\#(device)","#
      + #""stream_type":"care","stream":"care","kind":"module-assigned","recorded_at":"\#(time)","#
      + #""payload":\#(payload)}}"#
  }

  /// A `corrected` diary line withdrawing the entry `corrects` names.
  static func withdrawal(device: String, corrects: String, at: Date = Date()) -> String {
    let time = RFC3339.text(from: at)!
    return #"{"type":"event","event_id":"\#(EventID.make(at: at))","device_id":"\#(device)","#
      + #""stream_type":"diary","stream":"patient","kind":"corrected","recorded_at":"\#(time)","#
      + #""payload":{"schema":1,"corrects":"\#(corrects)","reason":"entered by mistake"}}"#
  }

  /// `count` dose lines from `device`, a second apart, ending a minute ago.
  static func doses(_ count: Int, device: String, offset: Int = 0) -> [String] {
    let start = Date().addingTimeInterval(-60 - Double(count))
    return (0..<count).map {
      dose(device: device, at: start.addingTimeInterval(Double($0)), milligrams: offset + $0 + 1)
    }
  }

  /// A push of `lines` numbered from `first`.
  static func batch(_ lines: [String], from first: Int64) -> PushBatch {
    PushBatch(
      timeZone: "Europe/Madrid", sessions: [],
      events: lines.enumerated().map { PushedEvent(deviceSeq: first + Int64($0.offset), line: $0.element) })
  }

  /// An enrolled patient device: its principal and enrolment.
  struct Device: Sendable {
    var principal: Principal
    var enrolment: Enrolment
    var id: String { principal.id.uuidString.lowercased() }
  }

  /// Adds patient `label` with `team` and enrols their first device.
  static func patient(_ clinic: Clinic, _ label: String, team: [String] = []) async throws -> Device {
    let invitation = try await clinic.addPatient(label: label, team: team, now: Date())
    return try await enrol(clinic, code: invitation.code)
  }

  /// Enrols another device of patient `label`.
  static func device(_ clinic: Clinic, of label: String) async throws -> Device {
    try await enrol(clinic, code: try await clinic.patientCode(label: label, now: Date()).code)
  }

  static func enrol(_ clinic: Clinic, code: String) async throws -> Device {
    let enrolment = try await clinic.redeem(code: code, now: Date())
    let principal = try await clinic.authenticate(bearer: enrolment.accessToken)
    return Device(principal: principal, enrolment: enrolment)
  }

  /// Invites and enrols a clinician; their principal, from their own access token.
  static func clinician(_ clinic: Clinic, _ role: Principal.Role, _ name: String) async throws -> Principal {
    let invitation = try await clinic.invite(role: role, name: name, now: Date())
    let enrolment = try await clinic.redeem(code: invitation.code, now: Date())
    return try await clinic.authenticate(bearer: enrolment.accessToken)
  }
}

/// Whether `body` throws a `ClinicError` that `matches`; records an issue naming what happened otherwise.
func expectClinicError(
  _ matches: (ClinicError) -> Bool, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
  _ body: () async throws -> some Any
) async {
  do {
    let result = try await body()
    Issue.record("expected a ClinicError, got \(result). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
  } catch let error as ClinicError {
    if !matches(error) {
      Issue.record(
        "unexpected ClinicError \(error.status) \(error.detail). \(comment?.rawValue ?? "")",
        sourceLocation: sourceLocation)
    }
  } catch {
    Issue.record("expected a ClinicError, got \(error). \(comment?.rawValue ?? "")", sourceLocation: sourceLocation)
  }
}

extension ClinicError {
  var isUnauthorized: Bool { if case .unauthorized = self { true } else { false } }
  var isForbidden: Bool { if case .forbidden = self { true } else { false } }
  var isConflict: Bool { if case .conflict = self { true } else { false } }
  var isInvalid: Bool { if case .invalid = self { true } else { false } }
  var isConfiguration: Bool { if case .configuration = self { true } else { false } }
}
