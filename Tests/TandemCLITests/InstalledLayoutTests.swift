import Foundation
import Testing

/// An installed `tandem`, copied out of the checkout, finds its modules and catalogue.
@Suite("Installed layout")
struct InstalledLayoutTests {
  /// Runs `tandem ARGUMENTS` from `/`, with no `TANDEM_HOME`, and `extra` shell assignments.
  func run(_ sandbox: Sandbox, _ binary: String, _ arguments: String, extra: String = "") throws -> CommandResult {
    // A freshly copied executable can be "busy" (126) for a moment while another test's child
    // process still holds the copy's write descriptor it inherited at fork: try again then.
    let script = "cd / && env -u TANDEM_HOME \(extra) TANDEM_STORE='\(sandbox.store)' '\(binary)' \(arguments)"
    var result = try sandbox.runShell(script)
    for _ in 0..<20 where result.status == 126 {
      usleep(100_000)
      result = try sandbox.runShell(script)
    }
    return result
  }

  /// Copies the built binary to `prefix/bin` and the shipped content to `content`.
  func install(prefix: String, content: String) throws -> String {
    let fm = FileManager.default
    try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
    try fm.createDirectory(atPath: content, withIntermediateDirectories: true)
    let binary = prefix + "/bin/tandem"
    // Copied by `cp`, not in this process: a copy this process held open for writing would be
    // inherited by every child another test starts meanwhile (a language server, a database),
    // and the copy could not be run ("text file busy") while any of them lives.
    let copy = Process()
    copy.executableURL = URL(fileURLWithPath: "/bin/cp")
    copy.arguments = [try Sandbox.binary(), binary]
    try copy.run()
    copy.waitUntilExit()
    #expect(copy.terminationStatus == 0)
    for folder in ["Modules", "Content"] {
      try fm.copyItem(atPath: TandemBinary.repositoryRoot + "/" + folder, toPath: content + "/" + folder)
    }
    return binary
  }

  @Test("PREFIX/bin/tandem reads PREFIX/share/tandem")
  func besideTheBinary() throws {
    let sandbox = try Sandbox()
    let binary = try install(prefix: sandbox.root + "/usr", content: sandbox.root + "/usr/share/tandem")
    let modules = try run(sandbox, binary, "modules")
    #expect(modules.status == 0, "\(modules.errors)")
    #expect(modules.output.contains("paced-breathing"), "\(modules.output)")
    let medication = try run(sandbox, binary, "meds add sumatriptan --dose '50 mg' --prn")
    #expect(medication.status == 0, "the catalogue is found: \(medication.errors)")
  }

  @Test("a binary on its own finds the content in XDG_DATA_DIRS")
  func dataDirectories() throws {
    let sandbox = try Sandbox()
    let binary = try install(prefix: sandbox.root + "/opt", content: sandbox.root + "/data/tandem")
    let found = try run(sandbox, binary, "modules", extra: "XDG_DATA_DIRS='/nonexistent:\(sandbox.root)/data'")
    #expect(found.status == 0, "\(found.errors)")
    #expect(found.output.contains("paced-breathing"), "\(found.output)")
  }

  @Test("a binary on its own finds the content in the user's own XDG_DATA_HOME/tandem, before XDG_DATA_DIRS")
  func dataHome() throws {
    let sandbox = try Sandbox()
    let binary = try install(prefix: sandbox.root + "/opt", content: sandbox.root + "/home-data/tandem")
    let found = try run(
      sandbox, binary, "modules", extra: "XDG_DATA_HOME='\(sandbox.root)/home-data' XDG_DATA_DIRS=/nonexistent")
    #expect(found.status == 0, "\(found.errors)")
    #expect(found.output.contains("paced-breathing"), "\(found.output)")
  }
}
