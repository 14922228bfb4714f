import Foundation
import PostgresNIO
import TandemBase
import TandemEvents

/// The clinicians' panel. Each patient's row is worked out from the whole record with the report's
/// rules (`PanelSummary`) and kept in the database (`panel_row`) under the key it was worked out
/// for: the stream's head, the patient's own day, and the rules' basis. A listing reads the kept
/// rows in one query and works out only the ones whose key has moved, several at once; a push
/// queues its patient for the warmer, which works rows out one at a time, when pushes pause, so
/// neither sync nor the listing waits for it; `refreshPanel` renews the rows a new day made stale.
/// Rows live in PostgreSQL, not in a server's memory, so any server behind a load balancer (or one
/// just restarted) lists the panel without working it out again.
extension Clinic {
  /// The clinician's panel: every patient on their care team now, most in need of attention first,
  /// each with its reasons (the report's flags over the last 90 days, and no diary for 7 days).
  public func panel(by principal: Principal, now: Date, budget: Duration = panelBudget) async throws -> [PanelRow] {
    guard principal.isCareTeamRole else {
      throw ClinicError.forbidden("the panel lists a therapist's or prescriber's care-team patients")
    }
    let kept = try await reader.client.withConnection { connection in
      try await self.keptRows(connection, teamOf: principal.id, at: now)
    }
    let panel = try await rows(
      for: kept, now: now, width: ProcessInfo.processInfo.activeProcessorCount, budget: budget)
    try await client.withConnection { connection in
      try await self.audit(
        connection, principal, label: nil, action: "listed the panel (\(panel.count) patients)", outcome: "allowed")
    }
    return panel.sorted { ($1.priority, $0.label) < ($0.priority, $1.label) }
  }

  /// Works out again, one at a time, every patient's row that is stale (a new day where the patient
  /// lives, rules of another basis, or a stream that grew while no warmer ran). The server calls it
  /// now and then; one server at a time does the work. Returns how many rows it renewed.
  @discardableResult
  public func refreshPanel(now: Date) async throws -> Int {
    try await client.withConnection { lock in
      var got = false
      for try await value in try await lock.query("SELECT pg_try_advisory_lock(7245)", logger: logger).decode(
        Bool.self)
      {
        got = value
      }
      guard got else { return 0 }
      do {
        let kept = try await reader.client.withConnection { connection in
          try await self.keptRows(connection, at: now)
        }
        let stale = kept.filter { $0.row(now: now, basis: panelBasis) == nil }
        _ = try await rows(for: stale, now: now, width: 1)
        try await lock.query("SELECT pg_advisory_unlock(7245)", logger: logger)
        return stale.count
      } catch {
        try? await lock.query("SELECT pg_advisory_unlock(7245)", logger: logger)
        throw error
      }
    }
  }

  /// A patient as the panel query found them, with the row kept for them, if any.
  struct KeptRow: Sendable {
    var patient: UUID
    var label: String
    var head: Int64
    var timeZone: String?
    var keptHead: Int64?
    var keptDay: String?
    var keptBasis: String?
    var keptRow: String?
    var computedAt: Date?

    /// The patient's own day now and the zone it is in (their device's last, UTC before any): a
    /// row is worked out again when either changes.
    func day(now: Date) -> String {
      let zone = timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
      return LocalDate(now, in: zone).description + " " + zone.identifier
    }

    /// The kept row, when it was worked out for this stream head, this day and these rules.
    func row(now: Date, basis: String) -> PanelRow? {
      guard keptHead == head, keptDay == day(now: now), keptBasis == basis else { return nil }
      return keptAsItWas()
    }

    /// The kept row whatever its key, marked with when it was worked out.
    func keptAsItWas() -> PanelRow? {
      guard let keptRow, var row = try? JSONDecoder().decode(PanelRow.self, from: Data(keptRow.utf8)) else {
        return nil
      }
      row.label = label
      return row
    }
  }

  /// Patients with their kept rows: those on `teamOf`'s care team at `now`, or `patient`, or every one.
  func keptRows(_ connection: PostgresConnection, teamOf clinician: UUID? = nil, patient: UUID? = nil, at now: Date)
    async throws -> [KeptRow]
  {
    let rows = try await connection.query(
      """
      SELECT p.id, p.label, p.next_stream_seq - 1, p.time_zone, r.stream_head, r.local_day, r.basis, r.row, r.computed_at
      FROM patient p LEFT JOIN panel_row r ON r.patient_id = p.id
      WHERE (\(patient)::uuid IS NULL OR p.id = \(patient))
        AND (\(clinician)::uuid IS NULL OR (SELECT action FROM care_team_event t
               WHERE t.patient_id = p.id AND t.clinician_id = \(clinician) AND t.at <= \(now)
               ORDER BY t.at DESC, t.id DESC LIMIT 1) = 'joined')
      """, logger: logger)
    var kept: [KeptRow] = []
    for try await (id, label, head, zone, keptHead, keptDay, basis, row, computed) in rows.decode(
      (UUID, String, Int64, String?, Int64?, String?, String?, String?, Date?).self)
    {
      kept.append(
        KeptRow(
          patient: id, label: label, head: head, timeZone: zone, keptHead: keptHead, keptDay: keptDay, keptBasis: basis,
          keptRow: row, computedAt: computed))
    }
    return kept
  }

  /// How long a listing spends working stale rows out before it shows the rest as they were.
  public static let panelBudget: Duration = .milliseconds(500)

  /// The rows of `patients`: kept ones as they are, stale ones worked out (`width` at once) and kept.
  /// With a `budget`, once it is spent the stale rows not started yet are shown as they were kept
  /// (marked `as_of`) and queued for the warmer; a patient with no kept row is always worked out.
  func rows(for patients: [KeptRow], now: Date, width: Int, budget: Duration? = nil) async throws -> [PanelRow] {
    var rows: [PanelRow] = []
    var stale: [KeptRow] = []
    for patient in patients {
      if let row = patient.row(now: now, basis: panelBasis) { rows.append(row) } else { stale.append(patient) }
    }
    // Patients with nothing to show go first; then those whose record grew the most since.
    func behind(_ patient: KeptRow) -> Int64 { patient.head - (patient.keptHead ?? 0) }
    stale.sort { ($0.keptRow == nil ? 0 : 1, behind($1)) < ($1.keptRow == nil ? 0 : 1, behind($0)) }
    let deadline = budget.map { ContinuousClock.now + $0 }
    var postponed: [KeptRow] = []
    try await withThrowingTaskGroup(of: PanelRow.self) { group in
      var next = stale.makeIterator()
      func startNext() {
        while let patient = next.next() {
          if let deadline, ContinuousClock.now >= deadline, patient.keptRow != nil,
            var row = patient.keptAsItWas()
          {
            row.asOf = patient.computedAt.flatMap(RFC3339.text(from:))
            rows.append(row)
            postponed.append(patient)
            continue
          }
          group.addTask { try await self.workOut(patient, now: now) }
          return
        }
      }
      for _ in 0..<max(1, width) { startNext() }
      while let row = try await group.next() {
        rows.append(row)
        startNext()
      }
    }
    for patient in postponed { warmPanel(patient: patient.patient, pushed: false) }
    return rows
  }

  /// Works out a patient's row from the record (read where clinicians' reads go) and keeps it, under
  /// the stream head of the record it was worked out from (a replica may be behind the primary). A
  /// row already kept for a longer stream, or worked out later for the same one with the same
  /// rules, is not replaced. A row that cannot be kept is still shown.
  func workOut(_ patient: KeptRow, now: Date) async throws -> PanelRow {
    let (record, head) = try await reader.client.withConnection { connection in
      try await self.recordAndHead(connection, patient: patient.patient, label: patient.label, now: now)
    }
    let row = PanelSummary.rowOrProblem(record, catalogue: catalogue, now: now)
    let text = String(decoding: try JSONEncoder().encode(row), as: UTF8.self)
    let day = patient.day(now: now)
    try? await client.query(
      """
      INSERT INTO panel_row (patient_id, stream_head, local_day, basis, row, computed_at)
      VALUES (\(patient.patient), \(head), \(day), \(panelBasis), \(text), \(now))
      ON CONFLICT (patient_id) DO UPDATE SET stream_head = EXCLUDED.stream_head, local_day = EXCLUDED.local_day,
        basis = EXCLUDED.basis, row = EXCLUDED.row, computed_at = EXCLUDED.computed_at
      WHERE panel_row.stream_head < EXCLUDED.stream_head OR panel_row.basis <> EXCLUDED.basis
        OR (panel_row.stream_head = EXCLUDED.stream_head AND panel_row.computed_at <= EXCLUDED.computed_at)
      """, logger: logger)
    return row
  }

  /// Queues `patient`'s row to be worked out again: after their stream grew (`pushed`), or because a
  /// listing showed it as it was.
  func warmPanel(patient: UUID, pushed: Bool = true) {
    Task { await panelWarmer.enqueue(patient, pushed: pushed, clinic: self) }
  }

  /// Works out one queued patient's row now (the warmer's step).
  func warm(_ patient: UUID) async throws {
    let kept = try await reader.client.withConnection { connection in
      try await self.keptRows(connection, patient: patient, at: Date())
    }
    _ = try await rows(for: kept, now: Date(), width: 1)
  }
}

/// Patients whose panel rows a push made stale, worked out one at a time by a single task: at most
/// one core goes to it, and it waits while pushes keep arriving (a burst of syncs is served first),
/// though never more than `longestWait` behind the oldest queued patient.
actor PanelWarmer {
  /// How long after a patient's last push their row waits (a month offline arrives in several batches).
  let settle: Duration
  /// How long without a push counts as a pause.
  let pause: Duration
  let longestWait: Duration
  private var queued: [UUID: ContinuousClock.Instant] = [:]
  private var lastPush = ContinuousClock.now
  private var running = false

  init(settle: Duration = .seconds(2), pause: Duration = .milliseconds(300), longestWait: Duration = .seconds(30)) {
    self.settle = settle
    self.pause = pause
    self.longestWait = longestWait
  }

  func enqueue(_ patient: UUID, pushed: Bool, clinic: Clinic) {
    let now = ContinuousClock.now
    if pushed { lastPush = now }
    // A row a listing already showed stale is due now, not after the settling time.
    if queued[patient] == nil { queued[patient] = pushed ? now : now - settle }
    guard !running else { return }
    running = true
    Task.detached(priority: .background) { await self.drain(clinic) }
  }

  private func drain(_ clinic: Clinic) async {
    while let (patient, since) = queued.min(by: { $0.value < $1.value }) {
      let now = ContinuousClock.now
      let due = since + settle
      let overdue = now - since >= longestWait
      if now < due || (!overdue && now - lastPush < pause) {
        try? await Task.sleep(for: max(.milliseconds(50), min(due - now, pause)))
        continue
      }
      queued[patient] = nil
      // A row that cannot be worked out now is worked out by the next listing.
      try? await clinic.warm(patient)
    }
    running = false
  }
}
