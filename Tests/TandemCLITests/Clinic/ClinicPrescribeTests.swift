import Foundation
import TandemPostgresFixture
import Testing

/// `tandem clinic prescribe` against a real `tandem-server`.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicPrescribeTests {
  @Test("a prescription the clinic refuses is not reported as added; one it accepts is, after it is sent")
  func successOnlyOnceAccepted() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let code = try server.code(["invite", "--role", "prescriber", "--name", "Dr Rx"])
    _ = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Rx"])
    let environment = ["TANDEM_CLINIC_CREDENTIALS": sandbox.root + "/rx.json", "TANDEM_BACKGROUND_SYNC": "0"]
    let login = try sandbox.run(
      ["clinic", "login", server.url, code, "--insecure-loopback"], environment: environment)
    try #require(login.status == 0, "\(login.errors)")
    // A medication only this computer's catalogue knows: the clinic refuses it (422).
    let catalogue = sandbox.root + "/local.yaml"
    try """
    medications:
      - id: zz-localmab
        generic: zz-localmab
        class: cgrp-antibody
        use: preventive
        routes: [subcutaneous]
        strengths: [70 mg]
        overuse: none

    """.write(toFile: catalogue, atomically: true, encoding: .utf8)
    let refused = try sandbox.run(
      ["clinic", "prescribe", "P-001", "zz-localmab", "--dose", "70 mg", "--monthly", "--catalogue", catalogue],
      environment: environment)
    #expect(refused.status != 0)
    #expect(refused.errors.contains("422"), "\(refused.errors)")
    #expect(!refused.output.contains("Added"), "success was printed before the clinic answered: \(refused.output)")
    #expect(!refused.output.contains("Sent to"))

    let accepted = try sandbox.run(
      ["clinic", "prescribe", "P-001", "propranolol", "--dose", "40 mg", "--daily"], environment: environment)
    #expect(accepted.status == 0, "\(accepted.errors)")
    #expect(accepted.output.contains("Added propranolol 40 mg daily"), "\(accepted.output)")
    #expect(accepted.output.contains("Sent to P-001's record"))
  }
}
