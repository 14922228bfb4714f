import Foundation
import PostgresNIO
import TandemBase
import TandemCare
import TandemEvents
import TandemReports
import TandemStore

extension Clinic {
  /// A study's de-identified export over every patient whose consent to it is in force: each
  /// record read into a private in-memory store and exported as the patient's own terminal would
  /// (the same pseudonym and date shift, keyed on the clinic label), the tables joined. Researchers
  /// only; audited with the study and the number of patients, never their labels.
  public func researchExport(study: String, key: [UInt8], by principal: Principal, now: Date) async throws
    -> ResearchExportResponse
  {
    guard principal.role == .researcher else {
      try await auditRefusal(principal, label: nil, action: "export study \(study)", outcome: "refused: role")
      throw ClinicError.forbidden("only a researcher exports a study")
    }
    guard ConsentEvent.isStudyID(study) else {
      throw ClinicError.badRequest("'study' is 1 to 64 lowercase letters, digits, '-' and '_'")
    }
    guard (32...4096).contains(key.count) else {
      throw ClinicError.badRequest("the study key must be 32 to 4096 bytes")
    }
    let patients: [(UUID, String)] = try await reader.client.withConnection { connection in
      let rows = try await connection.query("SELECT id, label FROM patient ORDER BY label", logger: self.logger)
      var patients: [(UUID, String)] = []
      for try await row in rows.decode((UUID, String).self) { patients.append(row) }
      return patients
    }
    var combined: ResearchExport?
    var participants = 0
    for (id, label) in patients {
      let record = try await reader.client.withConnection { connection in
        try await self.record(connection, patient: id, label: label, now: now)
      }
      guard let export = try Self.export(record, study: study, key: key, catalogue: catalogue, now: now) else {
        continue
      }
      participants += 1
      if var joined = combined {
        for index in joined.tables.indices { joined.tables[index].rows += export.tables[index].rows }
        combined = joined
      } else {
        combined = export
      }
    }
    guard let combined else {
      throw ClinicError.notFound("no patient's consent to study \(study) is in force; nothing to export")
    }
    try await client.withConnection { connection in
      try await self.audit(
        connection, principal, label: nil, action: "exported study \(study) (\(participants) patients)",
        outcome: "allowed")
    }
    return ResearchExportResponse(
      participants: participants,
      files: combined.files(study: study).map { PublishedModule.File(name: $0.name, text: $0.text) })
  }

  /// One patient's part of the export, or nil when their consent to the study is not in force.
  static func export(
    _ record: PatientRecord, study: String, key: [UInt8], catalogue: MedicationCatalogue, now: Date
  ) throws -> ResearchExport? {
    let store = try SQLiteStore.inMemory()
    _ = try store.importJournal(lines: record.lines)
    guard ConsentEvent.inForce(try store.consentEvents().map(\.event)).contains(study) else { return nil }
    let zone = record.timeZone.flatMap(TimeZone.init(identifier:)) ?? TimeZone(identifier: "UTC")!
    let entries = try store.diaryEntries()
    let own = DiaryLedger(entries).patientMedications
    let sessions = try store.allSessions()
    let care = CareRecord(
      ledger: DiaryLedger(entries), sessions: sessions, catalogue: catalogue.adding(own.map(\.value)), now: now,
      timeZone: zone)
    let report = ResearchExport.report(record: care, sessions: sessions, generatedAt: now)
    return ResearchExport(
      ResearchExport.Input(
        study: study, key: key, identity: record.label, includeFreeText: false, report: report, sessions: sessions,
        programEvents: try store.programEvents(), timeZone: zone))
  }
}
