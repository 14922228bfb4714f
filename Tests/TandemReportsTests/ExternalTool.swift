import Foundation

/// Runs external validators (Python, Chromium). A missing tool skips its test, unless `TANDEM_REQUIRE_TOOLS=1`
/// (set by CI), where the test runs and fails.
enum ExternalTool {
  static var required: Bool { ProcessInfo.processInfo.environment["TANDEM_REQUIRE_TOOLS"] == "1" }

  struct Result {
    var status: Int32
    var output: String
  }

  /// Runs `executable` (looked up on PATH) with `arguments`, feeding `input`.
  static func run(_ executable: String, _ arguments: [String], input: String = "", timeout: TimeInterval = 120)
    -> Result?
  {
    guard let path = find(executable) else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let stdin = Pipe()
    let stdout = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stdout
    do { try process.run() } catch { return nil }
    let writer = Thread {
      stdin.fileHandleForWriting.write(Data(input.utf8))
      try? stdin.fileHandleForWriting.close()
    }
    writer.start()
    let data = stdout.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
  }

  static func find(_ name: String) -> String? {
    if name.hasPrefix("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    for folder in path.split(separator: ":") {
      let candidate = "\(folder)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
  }

  /// Whether Python can import `fhir.resources` (R4B models).
  static let hasFHIRValidator: Bool =
    run("python3", ["-c", "import fhir.resources.R4B.bundle"])?.status == 0

  /// Debian's `chromium`, or another Chromium on PATH.
  static let chromium: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap(find).first
}
