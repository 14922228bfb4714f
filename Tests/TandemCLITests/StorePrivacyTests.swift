import Foundation
import Testing

/// The store holds health data: only its owner may read it.
@Suite("Store privacy")
struct StorePrivacyTests {
  @Test("--store: the file is 0600 inside 0700 folders that the command created", arguments: ["022", "000"])
  func explicitStorePath(umask: String) throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let store = sandbox.root + "/made-by-tandem/private/tandem.sqlite"
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/made-by-tandem"))
    // Through a shell so the umask can be loosened: the modes must not depend on it.
    let shell = try Sandbox.binary()
    let result = try sandbox.runShell(
      "umask \(umask); exec '\(shell)' session start e2e-flow --store '\(store)' --modules '\(sandbox.modules)'",
      input: "\n")
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("Paused and saved."))
    #expect(permissions(store) == 0o600)
    #expect(permissions(sandbox.root + "/made-by-tandem/private") == 0o700)
    #expect(permissions(sandbox.root + "/made-by-tandem") == 0o700)
    for sidecar in [store + "-wal", store + "-shm"] where FileManager.default.fileExists(atPath: sidecar) {
      #expect(permissions(sidecar) & 0o077 == 0, "\(sidecar) is readable by others")
    }
  }

  @Test("TANDEM_STORE and the XDG default are created private too")
  func environmentStorePaths() throws {
    let sandbox = try Sandbox()
    let viaEnvironment = sandbox.root + "/env-store/tandem.sqlite"
    let first = try sandbox.run(
      ["session", "start", "paced-breathing"], input: "\n", environment: ["TANDEM_STORE": viaEnvironment])
    #expect(first.status == 0, "\(first.errors)")
    #expect(permissions(viaEnvironment) == 0o600)
    #expect(permissions(sandbox.root + "/env-store") == 0o700)
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/xdg"), "TANDEM_STORE wins over XDG_DATA_HOME")

    let second = try sandbox.run(["session", "start", "paced-breathing"], input: "\n")
    #expect(second.status == 0, "\(second.errors)")
    let xdgStore = sandbox.root + "/xdg/tandem/tandem.sqlite"
    #expect(permissions(xdgStore) == 0o600)
    #expect(permissions(sandbox.root + "/xdg/tandem") == 0o700)
  }
}
