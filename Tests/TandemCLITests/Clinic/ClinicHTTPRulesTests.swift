import Foundation
import TandemPostgresFixture
import Testing

/// How the running server reads requests' headers and paths (curl against a real `tandem-server`).
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicHTTPRulesTests {
  struct Answer {
    var status: Int
    var contentType: String
    var body: String
  }

  /// One request with curl; `headers` as curl's -H arguments.
  func curl(_ sandbox: Sandbox, _ method: String, _ url: String, headers: [String] = [], body: String? = nil) throws
    -> Answer
  {
    let quoted = headers.map { "-H '\($0)'" }.joined(separator: " ")
    let data = body.map { "--data-binary '\($0)'" } ?? ""
    let result = try sandbox.runShell(
      "curl -s -X \(method) \(quoted) \(data) -w '\\n%{http_code} %{content_type}' '\(url)'")
    var lines = result.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let last = lines.removeLast().split(separator: " ", maxSplits: 1).map(String.init)
    return Answer(
      status: Int(last.first ?? "") ?? 0, contentType: last.count > 1 ? last[1] : "",
      body: lines.joined(separator: "\n"))
  }

  func token(_ sandbox: Sandbox, _ server: ClinicServer, code: String) throws -> String {
    let answer = try curl(
      sandbox, "POST", server.url + "/v1/enrol", headers: ["Content-Type: application/json"],
      body: #"{"code":"\#(code)"}"#)
    struct Reply: Decodable { var access_token: String }
    return try JSONDecoder().decode(Reply.self, from: Data(answer.body.utf8)).access_token
  }

  @Test(
    "the Bearer scheme is read in any case; a body not sent as JSON gets 415; an over-long label in a path is refused before it is audited"
  )
  func requestRules() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let therapistCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let patientCode = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Ada"])
    let therapist = try token(sandbox, server, code: therapistCode)
    let device = try token(sandbox, server, code: patientCode)

    for scheme in ["Bearer", "bearer", "BEARER"] {
      let answer = try curl(
        sandbox, "GET", server.url + "/v1/patients", headers: ["Authorization: \(scheme) \(therapist)"])
      #expect(answer.status == 200, "\(scheme): \(answer.body)")
    }
    #expect(try curl(sandbox, "GET", server.url + "/v1/patients", headers: ["Authorization: Basic x"]).status == 401)

    let push = #"{"device_id":"00000000-0000-0000-0000-000000000000","lines":[]}"#
    for contentType in ["Content-Type: text/plain", "Content-Type:", "Content-Type: application/x-www-form-urlencoded"]
    {
      let answer = try curl(
        sandbox, "POST", server.url + "/v1/sync/push", headers: [contentType, "Authorization: Bearer \(device)"],
        body: push)
      #expect(answer.status == 415, "\(contentType): \(answer.status) \(answer.body)")
      #expect(answer.contentType.hasPrefix("application/problem+json"))
      #expect(answer.body.contains("must be sent as Content-Type"))
    }
    let json = try curl(
      sandbox, "POST", server.url + "/v1/sync/push",
      headers: ["Content-Type: Application/JSON; charset=utf-8", "Authorization: Bearer \(device)"], body: push)
    #expect(json.status != 415, "\(json.body)")

    let long = String(repeating: "P", count: 101)
    let refused = try curl(
      sandbox, "GET", server.url + "/v1/patients/\(long)/record", headers: ["Authorization: Bearer \(therapist)"])
    #expect(refused.status == 400, "\(refused.body)")
    #expect(!refused.body.contains(long))
    let audited = try await PostgresCluster.shared().count(
      "SELECT count(*) FROM audit WHERE patient_label = '\(long)'", database: server.databaseName)
    #expect(audited == 0, "the over-long label was written to the audit log")
    // A label of the largest length is still read (and refused as not on the team, audited as usual).
    let longest = String(repeating: "P", count: 100)
    let allowed = try curl(
      sandbox, "GET", server.url + "/v1/patients/\(longest)/record", headers: ["Authorization: Bearer \(therapist)"])
    #expect(allowed.status == 403, "\(allowed.body)")
  }
}
