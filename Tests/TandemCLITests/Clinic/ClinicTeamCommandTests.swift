import Foundation
import TandemPostgresFixture
import Testing

/// `tandem-server team add|remove` against a real database.
@Suite(.serialized, .enabled(if: PostgresCluster.shouldRun))
struct ClinicTeamCommandTests {
  @Test(
    "removing someone not on the care team, or adding someone already on it, is refused (non-zero exit) and records nothing"
  )
  func noChangeIsRefused() async throws {
    let sandbox = try Sandbox()
    let server = try await ClinicServer(sandbox: sandbox)
    defer { server.stop() }
    _ = try server.code(["invite", "--role", "therapist", "--name", "Dr Ada"])
    _ = try server.code(["invite", "--role", "therapist", "--name", "Dr Bo"])
    _ = try server.code(["patient", "add", "--label", "P-001", "--team", "Dr Ada"])
    func events() async throws -> Int64 {
      try await PostgresCluster.shared().count("SELECT count(*) FROM care_team_event", database: server.databaseName)
    }
    #expect(try await events() == 1)

    let notOn = try server.admin(["team", "remove", "--label", "P-001", "--name", "Dr Bo"])
    #expect(notOn.status != 0)
    #expect(notOn.errors.contains("Dr Bo is not on P-001's care team; nothing changed"), "\(notOn.errors)")
    #expect(!notOn.output.contains("has left"))
    let already = try server.admin(["team", "add", "--label", "P-001", "--name", "Dr Ada"])
    #expect(already.status != 0)
    #expect(already.errors.contains("Dr Ada is already on P-001's care team; nothing changed"), "\(already.errors)")
    #expect(!already.output.contains("is now on"))
    #expect(try await events() == 1, "a refused change wrote to the team's history")

    // Real changes still work, and each is recorded once.
    let left = try server.admin(["team", "remove", "--label", "P-001", "--name", "Dr Ada"])
    #expect(left.status == 0, "\(left.errors)")
    #expect(left.output.contains("Dr Ada has left P-001's care team"))
    let twice = try server.admin(["team", "remove", "--label", "P-001", "--name", "Dr Ada"])
    #expect(twice.status != 0)
    let joined = try server.admin(["team", "add", "--label", "P-001", "--name", "Dr Bo"])
    #expect(joined.status == 0, "\(joined.errors)")
    #expect(try await events() == 3)
  }
}
