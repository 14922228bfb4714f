import Foundation
import TandemPostgresFixture
import Testing

/// A clinician's command interrupted while it holds a patient's record in a private temporary store.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicInterruptTests {
  @Test(
    "Ctrl-C or SIGTERM in the middle of 'tandem clinic report' removes the temporary copy of the record (exit 130, 143)"
  )
  func interruptedReportLeavesNothing() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    let therapistCode = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    let linkCode = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Ada"])
    let store = ["--store", sandbox.store]
    let quiet = ["TANDEM_BACKGROUND_SYNC": "0"]
    for arguments in [
      ["meds", "add", "erenumab", "--dose", "70 mg", "--monthly", "--start", "2026-01-05"],
      ["dose", "take", "erenumab", "--at", "2026-01-05 09:00"],
      ["link", server.url, linkCode, "--insecure-loopback"],
    ] {
      let result = try sandbox.run(arguments + store, environment: quiet)
      try #require(result.status == 0, "\(result.errors)")
    }
    let credentials = sandbox.root + "/ada.json"
    let login = try sandbox.run(
      ["clinic", "login", server.url, therapistCode, "--insecure-loopback"],
      environment: ["TANDEM_CLINIC_CREDENTIALS": credentials])
    try #require(login.status == 0, "\(login.errors)")

    let temporary = sandbox.root + "/tmp"
    try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    for (signal, status) in [(SIGINT, Int32(130)), (SIGTERM, Int32(143))] {
      // The report goes to a small pipe nobody reads: the command stops mid-report, the record still on disk.
      let pipe = try Subprocess.Pipe.make()
      _ = fcntl(pipe.write, 1031 /* F_SETPIPE_SZ */, 4096)
      let errors = try Subprocess.openForWriting(sandbox.root + "/interrupted.err")
      let null = open("/dev/null", O_RDONLY | O_CLOEXEC)
      let child = try Subprocess(
        try Sandbox.binary(), ["clinic", "report", "P-001", "--format", "html"],
        environment: sandbox.environment(
          ["TANDEM_CLINIC_CREDENTIALS": credentials, "TMPDIR": temporary, "TANDEM_BACKGROUND_SYNC": "0"]),
        stdin: null, stdout: pipe.write, stderr: errors)
      [pipe.write, errors, null].forEach { close($0) }
      defer {
        close(pipe.read)
        child.kill()
      }
      try eventually(timeout: 30) {
        let names = try FileManager.default.contentsOfDirectory(atPath: temporary)
        return !child.isRunning || names.contains { $0.hasPrefix("tandem-clinic-") }
      }
      // Long enough to have filled the pipe and to be waiting on it.
      try await Task.sleep(for: .seconds(1))
      try #require(child.isRunning, "the report ended before it could be interrupted")
      #expect(!(try FileManager.default.contentsOfDirectory(atPath: temporary)).isEmpty)
      _ = kill(child.pid, signal)
      #expect(child.wait(timeout: 30) == status)
      #expect(
        try FileManager.default.contentsOfDirectory(atPath: temporary) == [],
        "the patient's record was left behind")
    }
  }
}
