import Crypto
import Foundation
import JWTKit
import PostgresNIO
import TandemCare
import TandemContent
import TandemEvents

/// The clinic service without HTTP: enrolment, tokens, care teams and the audit log here; sync,
/// the clinicians' reads and writes, the panel and publishing in the other files of this target.
/// Every method takes the caller's `Principal` and checks it; the server only maps HTTP to calls.
public final class Clinic: Sendable {
  public let database: ClinicDatabase
  /// Where clinicians' reads (records, the panel) go: a streaming replica, or the primary.
  let reader: ClinicDatabase
  let keys: JWTKeyCollection
  /// How long an access token lasts.
  public static let accessLifetime: TimeInterval = 15 * 60
  /// How long a refresh token lasts unless revoked.
  public static let refreshLifetime: TimeInterval = 180 * 24 * 3600
  /// How long an enrolment code works.
  public static let codeLifetime: TimeInterval = 24 * 3600
  /// How far ahead of the server's clock an event's `recorded_at` may be.
  public static let clockTolerance: TimeInterval = 10 * 60

  var logger: Logger { database.logger }
  var client: PostgresClient { database.client }

  /// The shipped modules, snippets and medication catalogue (the same files the terminal reads).
  public let content: ContentHome
  let catalogue: MedicationCatalogue
  /// What a kept panel row was worked out with: the panel's rules (`PanelSummary.revision`) and
  /// the catalogue's bytes. A row of another basis is worked out again.
  let panelBasis: String
  let panelWarmer = PanelWarmer()

  init(
    database: ClinicDatabase, reader: ClinicDatabase, keys: JWTKeyCollection, content: ContentHome,
    catalogue: MedicationCatalogue, panelBasis: String
  ) {
    self.database = database
    self.reader = reader
    self.keys = keys
    self.content = content
    self.catalogue = catalogue
    self.panelBasis = panelBasis
  }

  /// The service on a migrated database, with the shipped content at `content`.
  /// `reader`, when given, is a streaming replica of `database` for clinicians' reads; every write,
  /// sync included, goes to `database`.
  public static func open(
    _ database: ClinicDatabase, reader: ClinicDatabase? = nil, content: ContentHome = .locate()
  ) async throws -> Clinic {
    try await database.checkMigrated()
    let secret = try await database.signingSecret()
    let keys = await JWTKeyCollection().add(hmac: HMACKey(key: SymmetricKey(data: secret)), digestAlgorithm: .sha256)
    let path = content.content + "/medications.yaml"
    let loaded = CatalogueLoader.load(paths: [path])
    guard !loaded.diagnostics.hasErrors, let bytes = FileManager.default.contents(atPath: path) else {
      throw ClinicError.configuration(
        "the medication catalogue in \(content.content) has errors; run 'tandem validate'")
    }
    let basis = "panel \(PanelSummary.revision), catalogue " + Secrets.hexDigest(String(decoding: bytes, as: UTF8.self))
    return Clinic(
      database: database, reader: reader ?? database, keys: keys, content: content, catalogue: loaded.catalogue,
      panelBasis: basis)
  }

  // MARK: Enrolment

  /// What an administrator's command made: whom, and the code to hand over (shown once).
  public struct Invitation: Sendable {
    public var name: String
    public var code: String
    public var expiresAt: Date
  }

  /// Invites a clinician (or issues a new code to one already invited, e.g. for a second computer).
  public func invite(role: Principal.Role, name: String, now: Date) async throws -> Invitation {
    guard role != .patient else { throw ClinicError.badRequest("patients are added with 'patient add'") }
    let name = try Self.checkedName(name, what: "--name")
    let code = Secrets.enrolmentCode()
    let expires = now.addingTimeInterval(Self.codeLifetime)
    try await database.transaction { connection in
      let rows = try await connection.query(
        """
        INSERT INTO clinician (id, name, role, created_at) VALUES (\(UUID()), \(name), \(role.rawValue), \(now))
        ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name
        RETURNING id, role, revoked_at
        """, logger: logger)
      for try await (id, existingRole, revoked) in rows.decode((UUID, String, Date?).self) {
        guard existingRole == role.rawValue else {
          throw ClinicError.conflict("\(name) already has the role \(existingRole); a clinician has one role")
        }
        guard revoked == nil else { throw ClinicError.conflict("\(name)'s access was revoked") }
        try await connection.query(
          """
          INSERT INTO enrolment_code (code_hash, clinician_id, created_at, expires_at)
          VALUES (\(Secrets.digest(Secrets.normalisedCode(code))), \(id), \(now), \(expires))
          """, logger: logger)
      }
    }
    return Invitation(name: name, code: code, expiresAt: expires)
  }

  /// Adds a patient with a pseudonymous label and their care team, and returns the code that
  /// enrols their terminal.
  public func addPatient(label: String, team: [String], now: Date) async throws -> Invitation {
    let label = try Self.checkedLabel(label)
    let code = Secrets.enrolmentCode()
    let expires = now.addingTimeInterval(Self.codeLifetime)
    try await database.transaction { connection in
      let patient = UUID()
      do {
        try await connection.query(
          "INSERT INTO patient (id, label, created_at) VALUES (\(patient), \(label), \(now))", logger: logger)
      } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
        throw ClinicError.conflict("a patient labelled \(label) already exists; 'patient code' enrols another device")
      }
      for member in team {
        try await self.changeTeam(
          connection, patient: patient, clinician: member, action: "joined", at: now, by: "admin")
      }
      try await connection.query(
        """
        INSERT INTO enrolment_code (code_hash, patient_id, created_at, expires_at)
        VALUES (\(Secrets.digest(Secrets.normalisedCode(code))), \(patient), \(now), \(expires))
        """, logger: logger)
    }
    return Invitation(name: label, code: code, expiresAt: expires)
  }

  /// A new code that enrols another terminal of an existing patient.
  public func patientCode(label: String, now: Date) async throws -> Invitation {
    let code = Secrets.enrolmentCode()
    let expires = now.addingTimeInterval(Self.codeLifetime)
    try await database.transaction { connection in
      let patient = try await self.patientID(connection, label: label)
      try await connection.query(
        """
        INSERT INTO enrolment_code (code_hash, patient_id, created_at, expires_at)
        VALUES (\(Secrets.digest(Secrets.normalisedCode(code))), \(patient), \(now), \(expires))
        """, logger: logger)
    }
    return Invitation(name: label, code: code, expiresAt: expires)
  }

  /// A clinician joins or leaves a patient's care team from `at` on.
  public func changeTeam(label: String, clinician: String, joining: Bool, at: Date) async throws {
    try await database.transaction { connection in
      let patient = try await self.patientID(connection, label: label)
      try await self.changeTeam(
        connection, patient: patient, clinician: clinician, action: joining ? "joined" : "left", at: at, by: "admin")
    }
  }

  /// Records a join or a leave. Joining someone already on the team, or removing someone not on it, is refused
  /// and records nothing: the team's history holds only real changes. "On the team" is what its latest event
  /// says, whatever its date.
  private func changeTeam(
    _ connection: PostgresConnection, patient: UUID, clinician: String, action: String, at: Date, by: String
  ) async throws {
    let rows = try await connection.query(
      "SELECT id, role FROM clinician WHERE name = \(clinician) AND revoked_at IS NULL", logger: logger)
    var found: (id: UUID, role: String)?
    for try await (id, role) in rows.decode((UUID, String).self) where found == nil { found = (id, role) }
    guard let (id, role) = found else {
      throw ClinicError.notFound("no clinician named \(clinician): invite them first")
    }
    guard role == "therapist" || role == "prescriber" else {
      throw ClinicError.badRequest("\(clinician) has the role \(role); a care team has therapists and prescribers")
    }
    // One team change for a patient at a time, so two cannot both see the same latest event.
    let locked = try await connection.query(
      "SELECT label FROM patient WHERE id = \(patient) FOR UPDATE", logger: logger)
    var label = ""
    for try await text in locked.decode(String.self) { label = text }
    let latest = try await connection.query(
      """
      SELECT action FROM care_team_event WHERE patient_id = \(patient) AND clinician_id = \(id)
      ORDER BY at DESC, id DESC LIMIT 1
      """, logger: logger)
    var member = false
    for try await last in latest.decode(String.self) { member = last == "joined" }
    if action == "joined" && member {
      throw ClinicError.conflict("\(clinician) is already on \(label)'s care team; nothing changed")
    }
    if action == "left" && !member {
      throw ClinicError.conflict("\(clinician) is not on \(label)'s care team; nothing changed")
    }
    try await connection.query(
      """
      INSERT INTO care_team_event (patient_id, clinician_id, action, at, recorded_by)
      VALUES (\(patient), \(id), \(action), \(at), \(by))
      """, logger: logger)
  }

  /// Revokes a clinician's access, or a device's: their refresh tokens stop working at once and
  /// their access tokens are refused on the next request.
  public func revoke(clinician name: String? = nil, device: UUID? = nil, now: Date) async throws {
    try await database.transaction { connection in
      var found = false
      if let name {
        let rows = try await connection.query(
          "UPDATE clinician SET revoked_at = \(now) WHERE name = \(name) AND revoked_at IS NULL RETURNING id",
          logger: logger)
        for try await id in rows.decode(UUID.self) {
          found = true
          try await connection.query(
            "UPDATE refresh_token SET revoked_at = \(now) WHERE clinician_id = \(id) AND revoked_at IS NULL",
            logger: logger)
        }
      }
      if let device {
        let rows = try await connection.query(
          "UPDATE device SET revoked_at = \(now) WHERE id = \(device) AND revoked_at IS NULL RETURNING id",
          logger: logger)
        for try await _ in rows.decode(UUID.self) { found = true }
        try await connection.query(
          "UPDATE refresh_token SET revoked_at = \(now) WHERE device_id = \(device) AND revoked_at IS NULL",
          logger: logger)
      }
      guard found else {
        throw ClinicError.notFound("nothing to revoke: no such clinician or device, or already revoked")
      }
    }
  }

  /// Redeems a one-time code: once, before it expires.
  ///
  /// `expecting` (`patient` or `clinician`), when given, refuses a code of the other kind without
  /// using it up, so typing a code into the wrong command loses nothing.
  public func redeem(code: String, expecting: String? = nil, now: Date) async throws -> Enrolment {
    let digest = Secrets.digest(Secrets.normalisedCode(code))
    let kind = expecting ?? ""
    guard ["", "patient", "clinician"].contains(kind) else {
      throw ClinicError.badRequest("'expecting' is patient or clinician")
    }
    return try await database.transaction { connection in
      let rows = try await connection.query(
        """
        UPDATE enrolment_code SET used_at = \(now)
        WHERE code_hash = \(digest) AND used_at IS NULL AND expires_at > \(now)
          AND (\(kind) = '' OR (\(kind) = 'patient') = (patient_id IS NOT NULL))
        RETURNING clinician_id, patient_id
        """, logger: logger)
      var redeemed: (UUID?, UUID?)?
      for try await row in rows.decode((UUID?, UUID?).self) { redeemed = row }
      if redeemed == nil, !kind.isEmpty {
        let other = try await connection.query(
          """
          SELECT patient_id IS NOT NULL FROM enrolment_code
          WHERE code_hash = \(digest) AND used_at IS NULL AND expires_at > \(now)
          """, logger: logger)
        for try await forPatient in other.decode(Bool.self) {
          throw ClinicError.badRequest(
            forPatient
              ? "this code enrols a patient's terminal: run 'tandem link URL CODE' there (the code still works)"
              : "this code signs in a clinician: run 'tandem clinic login URL CODE' (the code still works)")
        }
      }
      guard let (clinicianID, patientID) = redeemed else {
        throw ClinicError.unauthorized("the code is not valid: it may be mistyped, used already or expired (24 hours)")
      }
      let refresh = Secrets.refreshToken()
      let refreshExpires = now.addingTimeInterval(Self.refreshLifetime)
      let principal: Principal
      if let clinicianID {
        principal = try await self.clinician(connection, id: clinicianID)
        try await connection.query(
          """
          INSERT INTO refresh_token (token_hash, clinician_id, issued_at, expires_at)
          VALUES (\(Secrets.digest(refresh)), \(clinicianID), \(now), \(refreshExpires))
          """, logger: logger)
      } else if let patientID {
        let device = UUID()
        try await connection.query(
          "INSERT INTO device (id, patient_id, enrolled_at) VALUES (\(device), \(patientID), \(now))", logger: logger)
        try await connection.query(
          """
          INSERT INTO refresh_token (token_hash, device_id, issued_at, expires_at)
          VALUES (\(Secrets.digest(refresh)), \(device), \(now), \(refreshExpires))
          """, logger: logger)
        principal = Principal(role: .patient, id: device, name: "patient device", patientID: patientID)
      } else {
        throw ClinicError.unauthorized("the code is not valid")
      }
      let label = try await principal.patientID.asyncMap { try await self.label(connection, patient: $0) }
      return Enrolment(
        role: principal.role.rawValue, name: label ?? principal.name, deviceID: principal.id.uuidString.lowercased(),
        accessToken: try await self.accessToken(for: principal, now: now), refreshToken: refresh,
        expiresIn: Int(Self.accessLifetime))
    }
  }

  /// A new access token for a refresh token that is neither expired nor revoked.
  public func refresh(token: String, now: Date) async throws -> String {
    let rows = try await client.query(
      """
      SELECT clinician_id, device_id FROM refresh_token
      WHERE token_hash = \(Secrets.digest(token)) AND revoked_at IS NULL AND expires_at > \(now)
      """, logger: logger)
    var subject: (UUID?, UUID?)?
    for try await row in rows.decode((UUID?, UUID?).self) { subject = row }
    guard let (clinicianID, deviceID) = subject else {
      throw ClinicError.unauthorized("the sign-in has expired or was revoked: enrol again with a new code")
    }
    let principal = try await client.withConnection { connection in
      if let clinicianID { return try await self.clinician(connection, id: clinicianID) }
      guard let deviceID else { throw ClinicError.unauthorized("the sign-in is not valid") }
      return try await self.device(connection, id: deviceID)
    }
    return try await accessToken(for: principal, now: now)
  }

  // MARK: Access tokens

  struct AccessClaims: JWTPayload {
    var sub: SubjectClaim
    var role: String
    var name: String
    var pid: String?
    var iat: IssuedAtClaim
    var exp: ExpirationClaim

    func verify(using algorithm: some JWTAlgorithm) async throws {
      try exp.verifyNotExpired()
    }
  }

  func accessToken(for principal: Principal, now: Date) async throws -> String {
    try await keys.sign(
      AccessClaims(
        sub: SubjectClaim(value: principal.id.uuidString.lowercased()), role: principal.role.rawValue,
        name: principal.name, pid: principal.patientID?.uuidString.lowercased(), iat: IssuedAtClaim(value: now),
        exp: ExpirationClaim(value: now.addingTimeInterval(Self.accessLifetime))))
  }

  /// The principal a bearer token names: signed by this server, not expired, and its holder not
  /// revoked since.
  public func authenticate(bearer token: String?) async throws -> Principal {
    guard let token, !token.isEmpty else {
      throw ClinicError.unauthorized("sign in first: this request needs an access token")
    }
    let claims: AccessClaims
    do {
      claims = try await keys.verify(token, as: AccessClaims.self)
    } catch {
      throw ClinicError.unauthorized("the access token is expired or not valid; refresh it")
    }
    guard let id = UUID(uuidString: claims.sub.value), let role = Principal.Role(rawValue: claims.role) else {
      throw ClinicError.unauthorized("the access token is not valid")
    }
    return try await client.withConnection { connection in
      let current =
        role == .patient ? try await self.device(connection, id: id) : try await self.clinician(connection, id: id)
      guard current.role == role else { throw ClinicError.unauthorized("the access token is not valid") }
      return current
    }
  }

  private func clinician(_ connection: PostgresConnection, id: UUID) async throws -> Principal {
    let rows = try await connection.query(
      "SELECT name, role FROM clinician WHERE id = \(id) AND revoked_at IS NULL", logger: logger)
    for try await (name, role) in rows.decode((String, String).self) {
      if let role = Principal.Role(rawValue: role) { return Principal(role: role, id: id, name: name) }
    }
    throw ClinicError.unauthorized("this clinician's access was revoked")
  }

  private func device(_ connection: PostgresConnection, id: UUID) async throws -> Principal {
    let rows = try await connection.query(
      "SELECT patient_id FROM device WHERE id = \(id) AND revoked_at IS NULL", logger: logger)
    for try await patient in rows.decode(UUID.self) {
      return Principal(role: .patient, id: id, name: "patient device", patientID: patient)
    }
    throw ClinicError.unauthorized("this device's access was revoked: enrol it again")
  }

  // MARK: Patients, teams, audit

  func patientID(_ connection: PostgresConnection, label: String) async throws -> UUID {
    let rows = try await connection.query("SELECT id FROM patient WHERE label = \(label)", logger: logger)
    for try await id in rows.decode(UUID.self) { return id }
    throw ClinicError.notFound("no patient labelled \(label)")
  }

  func label(_ connection: PostgresConnection, patient: UUID) async throws -> String {
    let rows = try await connection.query("SELECT label FROM patient WHERE id = \(patient)", logger: logger)
    for try await label in rows.decode(String.self) { return label }
    throw ClinicError.notFound("no such patient")
  }

  /// Whether `clinician` is on `patient`'s care team at `at`: the latest team event for the two
  /// up to then is a join.
  func isOnTeam(_ connection: PostgresConnection, patient: UUID, clinician: UUID, at: Date) async throws -> Bool {
    let rows = try await connection.query(
      """
      SELECT action FROM care_team_event
      WHERE patient_id = \(patient) AND clinician_id = \(clinician) AND at <= \(at)
      ORDER BY at DESC, id DESC LIMIT 1
      """, logger: logger)
    for try await action in rows.decode(String.self) { return action == "joined" }
    return false
  }

  /// The patient `label` names, if `principal` may act on them for `action`: a therapist or
  /// prescriber on their care team now. An unknown label is refused like a patient off the team,
  /// so no one can probe which labels exist. A refusal is thrown as `Refusal`: the caller audits it
  /// (`audited`) once its connection is back in the pool, so it stays recorded when a transaction
  /// rolls back and a burst of refusals cannot exhaust the pool.
  func authorise(
    _ connection: PostgresConnection, _ principal: Principal, label: String, action: String,
    roles: Set<Principal.Role>, now: Date
  ) async throws -> UUID {
    guard roles.contains(principal.role) else {
      let names = roles.map(\.rawValue).sorted().joined(separator: " or ")
      throw Refusal(
        label: label, action: action, outcome: "refused: role", error: .forbidden("only a \(names) may do this"))
    }
    let rows = try await connection.query("SELECT id FROM patient WHERE label = \(label)", logger: logger)
    var patient: UUID?
    for try await id in rows.decode(UUID.self) { patient = id }
    guard let patient, try await isOnTeam(connection, patient: patient, clinician: principal.id, at: now) else {
      throw Refusal(
        label: label, action: action, outcome: "refused: not on the care team",
        error: .forbidden("you are not on the care team of a patient labelled \(label)"))
    }
    return patient
  }

  /// A refusal waiting to be audited.
  struct Refusal: Error {
    var label: String?
    var action: String
    var outcome: String
    var error: ClinicError
  }

  /// Runs `body`; a `Refusal` it throws is audited on a fresh connection, then thrown as its error.
  func audited<Result: Sendable>(_ principal: Principal, _ body: () async throws -> Result) async throws -> Result {
    do {
      return try await body()
    } catch let refusal as Refusal {
      try await auditRefusal(principal, label: refusal.label, action: refusal.action, outcome: refusal.outcome)
      throw refusal.error
    }
  }

  /// Records a refusal outside any transaction.
  func auditRefusal(_ principal: Principal, label: String?, action: String, outcome: String) async throws {
    try await client.withConnection { connection in
      try await self.audit(connection, principal, label: label, action: action, outcome: outcome)
    }
  }

  /// Appends an audit entry: who, in what role, about which patient, did what, with what outcome.
  func audit(
    _ connection: PostgresConnection, _ principal: Principal, label: String?, action: String, outcome: String
  ) async throws {
    try await connection.query(
      """
      INSERT INTO audit (actor_id, actor_name, role, patient_label, action, outcome)
      VALUES (\(principal.id), \(principal.name), \(principal.role.rawValue), \(label), \(action), \(outcome))
      """, logger: logger)
  }

  /// The audit log: all of it for an administrator, one's own entries for anyone else. Reading it
  /// is itself audited.
  public func auditLog(_ principal: Principal, limit: Int = 1000) async throws -> [AuditEntry] {
    guard principal.role != .patient else { throw ClinicError.forbidden("patients have no audit log to read") }
    let limit = max(1, min(limit, 10_000))
    return try await client.withConnection { connection in
      try await self.audit(connection, principal, label: nil, action: "read the audit log", outcome: "allowed")
      let all = principal.role == .admin
      let rows = try await connection.query(
        """
        SELECT id, at, actor_name, role, patient_label, action, outcome FROM audit
        WHERE \(all) OR actor_id = \(principal.id) ORDER BY id DESC LIMIT \(limit)
        """, logger: logger)
      var entries: [AuditEntry] = []
      for try await (id, at, actor, role, patient, action, outcome) in rows.decode(
        (Int64, Date, String, String, String?, String, String).self)
      {
        entries.append(
          AuditEntry(
            id: id, at: RFC3339.text(from: at) ?? "", actor: actor, role: role, patient: patient, action: action,
            outcome: outcome))
      }
      return entries.reversed()
    }
  }

  /// A patient label: 1 to 100 of A–Z, a–z, 0–9, '.', '_' and '-', so it travels in a URL path as it is
  /// and can never be a name.
  static func checkedLabel(_ text: String) throws(ClinicError) -> String {
    guard (1...100).contains(text.count),
      text.unicodeScalars.allSatisfy({
        $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-".unicodeScalars.contains($0))
      })
    else {
      throw .badRequest(
        "--label must be 1 to 100 letters, digits, '.', '_' or '-' (a pseudonym such as P-001, never a name)")
    }
    return text
  }

  static func checkedName(_ text: String, what: String, limit: Int = 200) throws(ClinicError) -> String {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard !trimmed.isEmpty, trimmed.count <= limit else {
      throw .badRequest("\(what) must be 1 to \(limit) characters")
    }
    guard trimmed.unicodeScalars.allSatisfy({ !CharacterSet.controlCharacters.contains($0) }) else {
      throw .badRequest("\(what) must not contain control characters")
    }
    return trimmed
  }
}

extension Optional {
  func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
    guard let value = self else { return nil }
    return try await transform(value)
  }
}
