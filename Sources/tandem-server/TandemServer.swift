import ArgumentParser
import Foundation
import TandemClinic

/// The clinic service: patients' terminals sync with it; therapists and prescribers see their
/// care-team patients, assign modules and change regimens through it (docs/sync.md).
@main
struct TandemServer: AsyncParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tandem-server",
    abstract: "The Tandem clinic service on PostgreSQL: sync for patients' terminals, access for their care team.",
    discussion: """
      The database is --database URL or $TANDEM_DATABASE_URL, e.g. postgres://tandem@127.0.0.1:5432/tandem or \
      postgres://tandem@/tandem?host=/var/run/postgresql. See docs/sync.md and the README's clinic section.
      """,
    subcommands: [Migrate.self, Serve.self, Invite.self, PatientCommand.self, Team.self, Revoke.self])
}

struct DatabaseOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The PostgreSQL URL (default: $TANDEM_DATABASE_URL).", valueName: "url"))
  var database: String?

  func url() throws -> DatabaseURL {
    guard let text = database ?? ProcessInfo.processInfo.environment["TANDEM_DATABASE_URL"], !text.isEmpty else {
      throw ValidationError("give --database URL or set TANDEM_DATABASE_URL")
    }
    do {
      return try DatabaseURL(text)
    } catch {
      throw ValidationError("\(error)")
    }
  }
}

/// Runs `body` against the database and turns the service's refusals into one clear line.
func withClinic<Result: Sendable>(
  _ options: DatabaseOptions, migrated: Bool = true, _ body: @Sendable @escaping (ClinicDatabase) async throws -> Result
) async throws -> Result {
  let url = try options.url()
  do {
    return try await ClinicDatabase.with(url) { database in
      if migrated { try await database.checkMigrated() }
      return try await body(database)
    }
  } catch let error as ClinicError {
    throw ServerCommandError("\(error)")
  } catch let error as ServerCommandError {
    throw error
  } catch {
    let detail = String(reflecting: error)
    if detail.contains("Address already in use") {
      throw ServerCommandError("cannot listen there: the address is already in use (is another server running?)")
    }
    if detail.contains("bind(") || detail.contains("Permission denied") {
      throw ServerCommandError("cannot listen there: the address cannot be used (a port below 1024 needs privileges)")
    }
    throw ServerCommandError(
      "cannot use the database at \(url): check that PostgreSQL is running there and the URL's user and database exist")
  }
}

struct ServerCommandError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = "tandem-server: " + description }
}

extension TandemServer {
  struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Create or update the database schema (named migrations, each applied once).")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      let applied = try await withClinic(database, migrated: false) { try await $0.migrate() }
      print(applied.isEmpty ? "the database is up to date" : "applied: " + applied.joined(separator: ", "))
    }
  }

  struct Invite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Invite a clinician and print their one-time sign-in code (24 hours, single use).")
    @Option(help: "therapist, prescriber, researcher or admin.") var role: String
    @Option(help: "Their name, as their care teams will see it.") var name: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      guard let role = Principal.Role(rawValue: role), role != .patient else {
        throw ValidationError("--role must be therapist, prescriber, researcher or admin")
      }
      let invitation = try await withClinic(database) { database in
        try await Clinic.open(database).invite(role: role, name: name, now: Date())
      }
      printCode(invitation, for: "\(invitation.name) (\(role.rawValue))", command: "tandem clinic login URL CODE")
    }
  }

  struct PatientCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "patient", abstract: "Add a patient, or enrol another of their devices.",
      subcommands: [Add.self, Code.self])

    struct Add: AsyncParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Add a patient with a pseudonymous label and their care team; print the code for their terminal.")
      @Option(help: "A pseudonymous label (no names): how clinicians will see this patient.") var label: String
      @Option(parsing: .upToNextOption, help: "The therapists and prescribers on their care team, by name.")
      var team: [String] = []
      @OptionGroup var database: DatabaseOptions

      func run() async throws {
        let invitation = try await withClinic(database) { database in
          try await Clinic.open(database).addPatient(label: label, team: team, now: Date())
        }
        printCode(invitation, for: invitation.name, command: "tandem link URL CODE")
      }
    }

    struct Code: AsyncParsableCommand {
      static let configuration = CommandConfiguration(abstract: "A new code to enrol another terminal of a patient.")
      @Option(help: "The patient's label.") var label: String
      @OptionGroup var database: DatabaseOptions

      func run() async throws {
        let invitation = try await withClinic(database) { database in
          try await Clinic.open(database).patientCode(label: label, now: Date())
        }
        printCode(invitation, for: invitation.name, command: "tandem link URL CODE")
      }
    }
  }

  struct Team: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Add a clinician to a patient's care team, or remove them (from now on; the team's history stays).")
    @Argument(help: "add or remove.") var action: String
    @Option(help: "The patient's label.") var label: String
    @Option(help: "The clinician's name.") var name: String
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      guard action == "add" || action == "remove" else { throw ValidationError("the action is add or remove") }
      try await withClinic(database) { database in
        try await Clinic.open(database).changeTeam(label: label, clinician: name, joining: action == "add", at: Date())
      }
      print(action == "add" ? "\(name) is now on \(label)'s care team" : "\(name) has left \(label)'s care team")
    }
  }

  struct Revoke: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revoke a clinician's or a device's access at once.")
    @Option(help: "The clinician's name.") var name: String?
    @Option(help: "The device's id (from the audit log or 'tandem sync --status').") var device: String?
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
      guard (name == nil) != (device == nil) else { throw ValidationError("give --name or --device") }
      let deviceID = try device.map { text -> UUID in
        guard let id = UUID(uuidString: text) else { throw ValidationError("--device is not a device id") }
        return id
      }
      try await withClinic(database) { database in
        try await Clinic.open(database).revoke(clinician: name, device: deviceID, now: Date())
      }
      print("revoked")
    }
  }
}

private func printCode(_ invitation: Clinic.Invitation, for whom: String, command: String) {
  let formatter = ISO8601DateFormatter()
  print("enrolment code for \(whom): \(invitation.code)")
  print("it works once, until \(formatter.string(from: invitation.expiresAt)); hand it over in person or by phone")
  print("they run: \(command)")
}
