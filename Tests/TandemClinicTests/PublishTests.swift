import Foundation
import TandemClinic
import TandemEvents
import TandemPostgresFixture
import Testing

@Suite("Clinic: publishing and assigning modules", .serialized, .enabled(if: PostgresCluster.shouldRun))
struct PublishTests {
  static func shipped(_ name: String) throws -> String {
    try String(contentsOfFile: TestDatabase.content.modules + "/" + name, encoding: .utf8)
  }

  @Test(
    "a module publishes under its own 'version:'; the same content again is that version; other content needs a higher one"
  )
  func versions() async throws {
    let text = try Self.shipped("present-moment.yaml")
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Author")
      let first = try await clinic.publish(
        files: [.init(name: "present-moment.yaml", text: text)], by: therapist, now: Date())
      #expect(first.module == "present-moment")
      #expect(first.version == 2, "the file says version: 2")
      #expect(first.files == [.init(name: "present-moment.yaml", text: text)])
      #expect(!first.contentHash.isEmpty)

      let again = try await clinic.publish(
        files: [.init(name: "drafts/present-moment.yaml", text: text)], by: therapist, now: Date())
      #expect(again.version == 2)
      #expect(again.contentHash == first.contentHash)

      let changed = text.replacingOccurrences(
        of: "title: Present moment and the observer self", with: "title: The present moment")
      #expect(changed != text)
      await expectClinicError({ if case .conflict = $0 { true } else { false } }, "same version, other content") {
        try await clinic.publish(files: [.init(name: "present-moment.yaml", text: changed)], by: therapist, now: Date())
      }
      let bumped = changed.replacingOccurrences(of: "\nversion: 2\n", with: "\nversion: 3\n")
      let second = try await clinic.publish(
        files: [.init(name: "present-moment.yaml", text: bumped)], by: therapist, now: Date())
      #expect(second.version == 3)
      #expect(second.contentHash != first.contentHash)

      let listed = try await clinic.publishedModules(module: "present-moment", by: therapist)
      #expect(listed.map(\.version) == [2, 3])
      #expect(try await test.count("SELECT count(*) FROM module_version") == 2)
    }
  }

  @Test("a module with an error is refused with file:line:col diagnostics naming the caller's file")
  func refusedWithDiagnostics() async throws {
    let text = try Self.shipped("present-moment.yaml")
    let broken = text.replacingOccurrences(of: "    kind: attack-check\n", with: "    kind: no-such-kind\n")
    #expect(broken != text)
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Author")
      do {
        let published = try await clinic.publish(
          files: [.init(name: "my-draft.yaml", text: broken)], by: therapist, now: Date())
        Issue.record("a broken module was published: \(published.module) v\(published.version)")
      } catch ClinicError.invalid(_, let diagnostics) {
        #expect(!diagnostics.isEmpty)
        #expect(
          diagnostics.contains { $0.contains(/my-draft\.yaml:\d+:\d+/) }, "diagnostics: \(diagnostics)")
        #expect(diagnostics.allSatisfy { !$0.contains("tandem-publish-") }, "the staging folder leaked: \(diagnostics)")
      }
      #expect(try await test.count("SELECT count(*) FROM module_version") == 0)
    }
  }

  @Test("a file whose name holds a control character, with invalid YAML, is named as sent, never by the staging folder")
  func oddNameNamedAsSent() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Author")
      do {
        _ = try await clinic.publish(
          files: [.init(name: "a\u{1b}b.yaml", text: "id: x\n: : [\n")], by: therapist, now: Date())
        Issue.record("invalid YAML was published")
      } catch ClinicError.invalid(_, let diagnostics) {
        #expect(!diagnostics.isEmpty)
        #expect(diagnostics.allSatisfy { !$0.contains("tandem-publish-") }, "the staging folder leaked: \(diagnostics)")
        let temporary = FileManager.default.temporaryDirectory.path
        #expect(diagnostics.allSatisfy { !$0.contains(temporary) }, "a server path leaked: \(diagnostics)")
        #expect(diagnostics.contains { $0.hasPrefix("a") && $0.contains(/b\.yaml:\d+:\d+/) }, "\(diagnostics)")
      }
    }
  }

  @Test("only a therapist publishes")
  func onlyTherapists() async throws {
    let text = try Self.shipped("present-moment.yaml")
    try await TestDatabase.withClinic { clinic, _ in
      let prescriber = try await Fixture.clinician(clinic, .prescriber, "Dr Rx")
      let admin = try await Fixture.clinician(clinic, .admin, "Admin")
      let device = try await Fixture.patient(clinic, "P-300")
      for principal in [prescriber, admin, device.principal] {
        await expectClinicError({ $0.isForbidden }, "\(principal.role) publishing") {
          try await clinic.publish(
            files: [.init(name: "present-moment.yaml", text: text)], by: principal, now: Date())
        }
      }
    }
  }

  @Test("a therapist on the team assigns a published version; the device's pull brings its files")
  func assignPublished() async throws {
    let text = try Self.shipped("present-moment.yaml")
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Author")
      let prescriber = try await Fixture.clinician(clinic, .prescriber, "Dr Rx")
      let device = try await Fixture.patient(clinic, "P-301", team: ["Dr Author", "Dr Rx"])
      let published = try await clinic.publish(
        files: [.init(name: "present-moment.yaml", text: text)], by: therapist, now: Date())
      let me = therapist.id.uuidString.lowercased()
      let line = Fixture.assignment(
        device: me, by: "Dr Author", module: "present-moment", version: published.version,
        hash: published.contentHash)
      #expect(try await clinic.write(label: "P-301", lines: [line], by: therapist, now: Date()) == 1)

      let page = try await clinic.pull(after: 0, limit: 10, by: device.principal)
      #expect(page.events.map(\.line) == [line])
      #expect(page.modules.map(\.module) == ["present-moment"])
      #expect(page.modules.first?.files == [.init(name: "present-moment.yaml", text: text)])
      #expect(page.modules.first?.contentHash == published.contentHash)

      await expectClinicError({ if case .badRequest = $0 { true } else { false } }, "assigned_by someone else") {
        try await clinic.write(
          label: "P-301",
          lines: [
            Fixture.assignment(
              device: me, by: "Dr Other", module: "present-moment", version: 1, hash: published.contentHash)
          ], by: therapist, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a prescriber assigning") {
        try await clinic.write(
          label: "P-301",
          lines: [
            Fixture.assignment(
              device: prescriber.id.uuidString.lowercased(), by: "Dr Rx", module: "present-moment", version: 1,
              hash: published.contentHash)
          ], by: prescriber, now: Date())
      }
      await expectClinicError({ if case .notFound = $0 { true } else { false } }, "a content hash never published") {
        try await clinic.write(
          label: "P-301",
          lines: [
            Fixture.assignment(
              device: me, by: "Dr Author", module: "present-moment", version: 1,
              hash: String(repeating: "0", count: 64))
          ], by: therapist, now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a patient's device pushing an assignment") {
        try await clinic.push(Fixture.batch([line], from: 1), by: device.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 1)
    }
  }

  @Test(
    "an assignment naming a version that was never published is refused")
  func assignUnpublishedVersion() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Author")
      _ = try await Fixture.patient(clinic, "P-302", team: ["Dr Author"])
      let line = Fixture.assignment(
        device: therapist.id.uuidString.lowercased(), by: "Dr Author", module: "present-moment", version: 7,
        hash: nil)
      await expectClinicError({ _ in true }, "version 7 of a module with no published version, without a hash") {
        try await clinic.write(label: "P-302", lines: [line], by: therapist, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
    }
  }
}
