import Foundation
import Testing

/// `tandem lsp` as an editor uses it, driven by an independent client from PyPI (pytest-lsp):
/// diagnostics with validate's messages and positions, completion, hover, go to definition and
/// a "did you mean" fix applied until the diagnostics clear (test_language_server.py).
@Suite("tandem lsp with an independent client")
struct LanguageServerClientTests {
  /// Whether Python can import pytest-lsp; required (a missing client fails) when
  /// TANDEM_REQUIRE_TOOLS=1.
  static let hasClient: Bool = {
    guard let sandbox = try? Sandbox(),
      let result = try? Subprocess.run(
        "/usr/bin/env", ["python3", "-c", "import pytest_lsp"], environment: sandbox.environment(),
        scratch: sandbox.root)
    else { return false }
    return result.status == 0
  }()
  static var clientShouldRun: Bool { hasClient || ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1" }

  @Test(
    "an editor opens a module with mistakes, sees validate's diagnostics, completes, hovers, jumps and applies the fix",
    .enabled(if: clientShouldRun, "needs pytest-lsp (pip install pytest-lsp)"))
  func independentClient() throws {
    #expect(Self.hasClient, "pytest-lsp is not installed: pip install pytest-lsp")
    let sandbox = try Sandbox()
    let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let drafts = sandbox.root + "/drafts"
    try FileManager.default.createDirectory(atPath: drafts, withIntermediateDirectories: true)
    let fixture = here.deletingLastPathComponent().appendingPathComponent("Fixtures/relax.yaml").path
    try FileManager.default.copyItem(atPath: fixture, toPath: drafts + "/relax.yaml")
    let script = here.appendingPathComponent("test_language_server.py").path
    let result = try Subprocess.run(
      "/usr/bin/env",
      [
        "python3", "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "asyncio_mode=auto", "--rootdir", sandbox.root,
        script,
      ],
      environment: sandbox.environment(["TANDEM_LSP_BINARY": try Sandbox.binary(), "TANDEM_LSP_DRAFTS": drafts]),
      scratch: sandbox.root, timeout: 180)
    #expect(result.status == 0, "\(result.output)\(result.errors)")
    #expect(result.output.contains("7 passed"), "\(result.output)")
  }
}
