import Foundation
import TandemPostgresFixture
import Testing

/// schemathesis (PyPI), an independent tool, fuzzes the running server from docs/openapi.yaml for a
/// bounded time, as a clinician and as a patient's device: no request may get a server error, and
/// every answer must have a status, content type and body the document declares.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun && Schemathesis.shouldRun))
struct ClinicAPIFuzzTests {
  @Test("fuzzing every route from the OpenAPI document finds no server error and no undocumented answer")
  func fuzz() async throws {
    let tool = try #require(Schemathesis.path, "schemathesis is not installed (pip install schemathesis)")
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let therapistCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let patientCode = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Ada"])
    var tokens: [String] = []
    for code in [therapistCode, patientCode] {
      let enrolled = try sandbox.runShell(
        "curl -s -X POST -H 'Content-Type: application/json' -d '{\"code\":\"\(code)\"}' \(server.url)/v1/enrol")
      struct Reply: Decodable { var access_token: String }
      tokens.append(try JSONDecoder().decode(Reply.self, from: enrolled.stdout).access_token)
    }
    for token in tokens {
      let result = try sandbox.runShell(
        """
        cd '\(sandbox.root)' && '\(tool)' run '\(TandemBinary.repositoryRoot)/docs/openapi.yaml' -u '\(server.url)' \
          -H 'Authorization: Bearer \(token)' --max-time 15 --seed 7243 --no-color \
          -c not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
          2>&1 | tail -40
        """, timeout: 120)
      #expect(result.output.contains(" passed") || result.output.contains("No issues found"), "\(result.output)")
      #expect(!result.output.contains("failures"), "\(result.output)")
    }
    #expect(!server.log.contains("Fatal error"))
  }
}

/// schemathesis, found on PATH. Required (a missing tool fails) when TANDEM_REQUIRE_TOOLS=1.
enum Schemathesis {
  static let path: String? = {
    for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
      let candidate = "\(folder)/schemathesis"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }()

  static var shouldRun: Bool { path != nil || ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1" }
}
