import Foundation
import TandemClinic
import TandemEvents
import TandemPostgresFixture
import Testing

@Suite("Clinic: push and pull", .serialized, .enabled(if: PostgresCluster.shouldRun))
struct SyncTests {
  @Test("a push stores each event exactly once; a retry adds nothing; a gap is refused")
  func exactlyOnce() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-100")
      let lines = Fixture.doses(5, device: device.id)
      let first = try await clinic.push(Fixture.batch(lines, from: 1), by: device.principal, now: Date())
      #expect(first.added == 5)
      #expect(first.ackedDeviceSeq == 5)
      #expect(first.streamHead == 5)

      let retry = try await clinic.push(Fixture.batch(lines, from: 1), by: device.principal, now: Date())
      #expect(retry.added == 0)
      #expect(retry.ackedDeviceSeq == 5)
      #expect(retry.streamHead == 5)
      // A retry of the tail with one new event after it.
      let more = Fixture.doses(1, device: device.id, offset: 100)
      let overlap = try await clinic.push(
        Fixture.batch(Array(lines[3...]) + more, from: 4), by: device.principal, now: Date())
      #expect(overlap.added == 1)
      #expect(overlap.ackedDeviceSeq == 6)
      #expect(overlap.streamHead == 6)

      await expectClinicError({ $0.isConflict && $0.detail.contains("gap") }, "a push starting at acked + 2") {
        try await clinic.push(
          Fixture.batch(Fixture.doses(1, device: device.id, offset: 200), from: 8), by: device.principal, now: Date())
      }
      await expectClinicError(
        { $0.isConflict && $0.detail.contains("sequence number") }, "a new event reusing a stored device_seq"
      ) {
        try await clinic.push(
          Fixture.batch(Fixture.doses(1, device: device.id, offset: 300), from: 6), by: device.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 6)
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == Array(1...6))
      #expect(try await test.count("SELECT acked_seq FROM device") == 6)
      let stored = try await test.count(
        "SELECT count(*) FROM event WHERE line = ANY(ARRAY[\(lines.map { "'\($0)'" }.joined(separator: ","))])")
      #expect(stored == 5, "the server keeps the bytes the device sent")
    }
  }

  @Test("the same event id with other content is refused and changes nothing")
  func sameIDOtherContent() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-101")
      let lines = Fixture.doses(3, device: device.id)
      _ = try await clinic.push(Fixture.batch(lines, from: 1), by: device.principal, now: Date())
      let id = try #require(lines[0].firstMatch(of: /"event_id":"([0-9a-f-]{36})"/)?.1)
      let changed = Fixture.dose(device: device.id, id: String(id), milligrams: 999)

      await expectClinicError({ $0.isConflict }, "a changed event as a new device_seq") {
        try await clinic.push(
          Fixture.batch([changed] + Fixture.doses(1, device: device.id, offset: 50), from: 4), by: device.principal,
          now: Date())
      }
      await expectClinicError({ $0.isConflict }, "a changed event in place of the stored one") {
        try await clinic.push(
          Fixture.batch([changed] + Array(lines[1...]), from: 1), by: device.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 3)
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == [1, 2, 3])
      #expect(try await test.count("SELECT count(*) FROM event WHERE line LIKE '%\"value\":999}%'") == 0)
      // The device's sequence is where it was: the next push at 4 is accepted.
      let next = try await clinic.push(
        Fixture.batch(Fixture.doses(1, device: device.id, offset: 60), from: 4), by: device.principal, now: Date())
      #expect(next.added == 1 && next.ackedDeviceSeq == 4 && next.streamHead == 4)
    }
  }

  @Test(
    "a line sent twice in one batch is stored once, in its first place; twice with other content, nothing is stored")
  func repeatedInOneBatch() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-110")
      let lines = Fixture.doses(2, device: device.id)
      let pushed = try await clinic.push(
        Fixture.batch([lines[0], lines[1], lines[0]], from: 1), by: device.principal, now: Date())
      #expect(pushed.added == 2 && pushed.ackedDeviceSeq == 3 && pushed.streamHead == 2, "\(pushed)")
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == [1, 2])
      let fresh = Fixture.doses(1, device: device.id, offset: 40)[0]
      let changed = fresh.replacingOccurrences(of: "\"value\":41", with: "\"value\":42")
      try #require(changed != fresh)
      await expectClinicError({ $0.isConflict }, "one id, two contents, one batch") {
        try await clinic.push(Fixture.batch([fresh, changed], from: 4), by: device.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 2)
      // Two spellings of one accented letter (one code point, or a letter and a combining accent)
      // are other bytes: the server keeps bytes, so they are other content.
      let target = try #require(lines[0].firstMatch(of: /"event_id":"([0-9a-f-]{36})"/)?.1)
      let composed = Fixture.withdrawal(device: device.id, corrects: String(target))
        .replacingOccurrences(of: "mistake", with: "mistak\u{E9}")
      let decomposed = composed.replacingOccurrences(of: "\u{E9}", with: "e\u{301}")
      try #require(composed == decomposed && !composed.utf8.elementsEqual(decomposed.utf8))
      await expectClinicError({ $0.isConflict }, "one id, two spellings, one batch") {
        try await clinic.push(Fixture.batch([composed, decomposed], from: 4), by: device.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 2)
    }
  }

  @Test("a push with no events still records the patient's time zone, for the panel's day and the report")
  func emptyPushTimeZone() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-111")
      let batch = PushBatch(timeZone: "America/New_York", sessions: [], events: [])
      let result = try await clinic.push(batch, by: device.principal, now: Date())
      #expect(result.added == 0 && result.ackedDeviceSeq == 0)
      #expect(
        try await test.count("SELECT count(*) FROM patient WHERE label = 'P-111' AND time_zone = 'America/New_York'")
          == 1)
    }
  }

  @Test("a batch with one invalid line stores nothing")
  func invalidLine() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-102")
      var lines = Fixture.doses(3, device: device.id)
      // A dose without its medication.
      lines[1] = lines[1].replacingOccurrences(of: #""medication":"propranolol","#, with: "")
      await expectClinicError({ $0.isInvalid }, "a dose-taken without medication") {
        try await clinic.push(Fixture.batch(lines, from: 1), by: device.principal, now: Date())
      }
      await expectClinicError({ $0.isInvalid }, "a line that is not JSON") {
        try await clinic.push(
          Fixture.batch([Fixture.dose(device: device.id), "{not json"], from: 1), by: device.principal, now: Date())
      }
      await expectClinicError({ $0.isInvalid }, "an upper-case event id") {
        try await clinic.push(
          Fixture.batch([Fixture.dose(device: device.id).uppercased()], from: 1), by: device.principal, now: Date())
      }
      for milligrams in [-5, 0, 1_000_000] {
        await expectClinicError({ $0.isInvalid && $0.detail.contains("amount is out of range") }, "\(milligrams) mg") {
          try await clinic.push(
            Fixture.batch([Fixture.dose(device: device.id, milligrams: milligrams)], from: 1), by: device.principal,
            now: Date())
        }
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
      #expect(try await test.count("SELECT acked_seq FROM device") == 0)
    }
  }

  @Test("an event recorded an hour in the future is refused; a few minutes of clock skew is not")
  func futureEvent() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-103")
      let now = Date()
      await expectClinicError({ $0.isInvalid && $0.detail.contains("future") }, "recorded_at an hour ahead") {
        try await clinic.push(
          Fixture.batch([Fixture.dose(device: device.id, at: now.addingTimeInterval(3600))], from: 1),
          by: device.principal, now: now)
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
      let skewed = try await clinic.push(
        Fixture.batch([Fixture.dose(device: device.id, at: now.addingTimeInterval(5 * 60))], from: 1),
        by: device.principal, now: now)
      #expect(skewed.added == 1)
    }
  }

  @Test("two devices and a prescriber writing at once: every event stored, stream positions 1...420 without a gap")
  func concurrentDevices() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let a = try await Fixture.patient(clinic, "P-104")
      let b = try await Fixture.device(clinic, of: "P-104")
      let reader = try await Fixture.device(clinic, of: "P-104")
      @Sendable func pushAll(_ device: Fixture.Device) async throws -> Int {
        let lines = Fixture.doses(200, device: device.id)
        var added = 0
        for start in stride(from: 0, to: 200, by: 10) {
          let result = try await clinic.push(
            Fixture.batch(Array(lines[start..<start + 10]), from: Int64(start + 1)), by: device.principal, now: Date())
          added += result.added
        }
        return added
      }
      // A prescriber on the team writes into the same stream meanwhile.
      @Sendable func prescribe(_ prescriber: Principal) async throws -> Int {
        var written = 0
        for _ in 0..<20 {
          written += try await clinic.write(
            label: "P-104", lines: [Fixture.regimen(device: prescriber.id.uuidString.lowercased())], by: prescriber,
            now: Date())
        }
        return written
      }
      let prescriber = try await Fixture.clinician(clinic, .prescriber, "Dr Rx")
      try await clinic.changeTeam(label: "P-104", clinician: "Dr Rx", joining: true, at: Date())
      async let addedA = pushAll(a)
      async let addedB = pushAll(b)
      async let written = prescribe(prescriber)
      let (fromA, fromB, fromRx) = try await (addedA, addedB, written)
      #expect(fromA == 200 && fromB == 200 && fromRx == 20)
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == Array(1...420))
      #expect(try await test.count("SELECT next_stream_seq FROM patient") == 421)
      // Each device's events keep its order in the stream.
      for device in [a, b] {
        let seqs = try await test.integers(
          """
          SELECT e.device_seq FROM event e
          WHERE e.uploaded_by_device = '\(device.id)' ORDER BY e.stream_seq
          """)
        #expect(seqs == Array(1...200))
      }
      let page = try await clinic.pull(after: 0, limit: 5000, by: reader.principal)
      #expect(page.cursor == 420)
      #expect(page.events.count == 420)
      #expect(page.events.map(\.streamSeq) == Array(1...420))
      #expect(!page.more)
    }
  }

  @Test("pull: a device sees the others' events in stream order, never its own, a page at a time")
  func pull() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let a = try await Fixture.patient(clinic, "P-105")
      let b = try await Fixture.device(clinic, of: "P-105")
      let firstA = Fixture.doses(5, device: a.id)
      let fromB = Fixture.doses(2, device: b.id, offset: 10)
      let secondA = Fixture.doses(3, device: a.id, offset: 20)
      _ = try await clinic.push(Fixture.batch(firstA, from: 1), by: a.principal, now: Date())
      _ = try await clinic.push(Fixture.batch(fromB, from: 1), by: b.principal, now: Date())
      _ = try await clinic.push(Fixture.batch(secondA, from: 6), by: a.principal, now: Date())

      let all = try await clinic.pull(after: 0, limit: 100, by: b.principal)
      #expect(all.events.map(\.line) == firstA + secondA)
      #expect(all.events.map(\.streamSeq) == [1, 2, 3, 4, 5, 8, 9, 10])
      #expect(all.cursor == 10 && !all.more)
      let seenByA = try await clinic.pull(after: 0, limit: 100, by: a.principal)
      #expect(seenByA.events.map(\.line) == fromB)

      var cursor: Int64 = 0
      var lines: [String] = []
      var pages: [(cursor: Int64, more: Bool)] = []
      repeat {
        let page = try await clinic.pull(after: cursor, limit: 3, by: b.principal)
        lines += page.events.map(\.line)
        #expect(page.events.allSatisfy { $0.streamSeq > cursor && $0.streamSeq <= page.cursor })
        cursor = page.cursor
        pages.append((page.cursor, page.more))
      } while pages.last!.more && pages.count < 10
      #expect(lines == firstA + secondA)
      #expect(pages.map(\.cursor) == [3, 6, 9, 10])
      #expect(pages.map(\.more) == [true, true, true, false])
      let after = try await clinic.pull(after: 10, limit: 3, by: b.principal)
      #expect(after.events.isEmpty && after.cursor == 10 && !after.more)
    }
  }

  @Test("clinicians neither push nor pull")
  func onlyDevicesSync() async throws {
    try await TestDatabase.withClinic { clinic, _ in
      let therapist = try await Fixture.clinician(clinic, .therapist, "Dr Sync")
      _ = try await Fixture.patient(clinic, "P-106", team: ["Dr Sync"])
      await expectClinicError({ $0.isForbidden }, "a clinician's push") {
        try await clinic.push(
          Fixture.batch([Fixture.dose(device: therapist.id.uuidString.lowercased())], from: 1), by: therapist,
          now: Date())
      }
      await expectClinicError({ $0.isForbidden }, "a clinician's pull") {
        try await clinic.pull(after: 0, limit: 10, by: therapist)
      }
    }
  }

  @Test("an event another device of the patient already pushed is acknowledged, not stored twice")
  func relayedEvent() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let a = try await Fixture.patient(clinic, "P-107")
      let b = try await Fixture.device(clinic, of: "P-107")
      let lines = Fixture.doses(2, device: a.id)
      _ = try await clinic.push(Fixture.batch(lines, from: 1), by: a.principal, now: Date())
      let relayed = try await clinic.push(
        Fixture.batch([lines[1]] + Fixture.doses(1, device: b.id), from: 1), by: b.principal, now: Date())
      #expect(relayed.added == 1 && relayed.ackedDeviceSeq == 2 && relayed.streamHead == 3)
      #expect(try await test.count("SELECT count(*) FROM event") == 3)
      // A relayed event between two new ones: the new ones take the next positions, no gap.
      let around = Fixture.doses(2, device: b.id, offset: 20)
      let middle = try await clinic.push(
        Fixture.batch([around[0], lines[0], around[1]], from: 3), by: b.principal, now: Date())
      #expect(middle.added == 2 && middle.ackedDeviceSeq == 5 && middle.streamHead == 5, "\(middle)")
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == [1, 2, 3, 4, 5])
      let stored = try await test.count(
        "SELECT count(*) FROM event WHERE stream_seq IN (4, 5) AND uploaded_by_device = '\(b.id)'")
      #expect(stored == 2, "the two new events hold positions 4 and 5")
      // Another patient's device cannot claim the event id.
      let other = try await Fixture.patient(clinic, "P-108")
      await expectClinicError({ $0.isConflict }, "another patient's event id") {
        try await clinic.push(Fixture.batch([lines[0]], from: 1), by: other.principal, now: Date())
      }
    }
  }

  @Test(
    "a large push with a bad line near its end keeps nothing; with a relayed event and a repeated line deep inside, it leaves no gap"
  )
  func largePush() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let a = try await Fixture.patient(clinic, "P-112")
      let b = try await Fixture.device(clinic, of: "P-112")
      let relayed = Fixture.doses(1, device: a.id)
      _ = try await clinic.push(Fixture.batch(relayed, from: 1), by: a.principal, now: Date())
      var lines = Fixture.doses(600, device: b.id)
      lines[300] = relayed[0]
      lines[450] = lines[10]
      var bad = lines
      bad[590] = "{}"
      await expectClinicError({ $0.isInvalid }, "a bad line near the end") {
        try await clinic.push(Fixture.batch(bad, from: 1), by: b.principal, now: Date())
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 1, "nothing of the lines before it is kept")
      #expect(try await test.count("SELECT acked_seq FROM device WHERE id = '\(b.id)'") == 0)
      let pushed = try await clinic.push(Fixture.batch(lines, from: 1), by: b.principal, now: Date())
      #expect(pushed.added == 598 && pushed.ackedDeviceSeq == 600 && pushed.streamHead == 599, "\(pushed)")
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == Array(1...599))
      let order = try await test.integers(
        "SELECT device_seq FROM event WHERE uploaded_by_device = '\(b.id)' ORDER BY stream_seq")
      #expect(order == (1...600).filter { $0 != 301 && $0 != 451 }.map(Int64.init), "the device's order")
      let retry = try await clinic.push(Fixture.batch(lines, from: 1), by: b.principal, now: Date())
      #expect(retry.added == 0 && retry.ackedDeviceSeq == 600 && retry.streamHead == 599)
    }
  }

  @Test("a retry racing the original push stores each event once")
  func racingRetry() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-109")
      let batch = Fixture.batch(Fixture.doses(50, device: device.id), from: 1)
      async let first = clinic.push(batch, by: device.principal, now: Date())
      async let second = clinic.push(batch, by: device.principal, now: Date())
      let results = try await [first, second]
      #expect(results.map(\.added).sorted() == [0, 50])
      #expect(results.allSatisfy { $0.ackedDeviceSeq == 50 && $0.streamHead == 50 })
      #expect(try await test.integers("SELECT stream_seq FROM event ORDER BY stream_seq") == Array(1...50))
    }
  }

  @Test("malformed pushes are refused: a device_seq that skips, a seq of 0, an unknown time zone, a negative cursor")
  func malformed() async throws {
    try await TestDatabase.withClinic { clinic, test in
      let device = try await Fixture.patient(clinic, "P-110")
      let lines = Fixture.doses(2, device: device.id)
      func isBadRequest(_ error: ClinicError) -> Bool { if case .badRequest = error { true } else { false } }
      await expectClinicError(isBadRequest, "seq 1 then 3") {
        try await clinic.push(
          PushBatch(
            timeZone: nil, sessions: [],
            events: [PushedEvent(deviceSeq: 1, line: lines[0]), PushedEvent(deviceSeq: 3, line: lines[1])]),
          by: device.principal, now: Date())
      }
      await expectClinicError(isBadRequest, "seq 0") {
        try await clinic.push(Fixture.batch([lines[0]], from: 0), by: device.principal, now: Date())
      }
      var zoned = Fixture.batch(lines, from: 1)
      zoned.timeZone = "Mars/Olympus_Mons"
      await expectClinicError(isBadRequest, "an unknown time zone") {
        try await clinic.push(zoned, by: device.principal, now: Date())
      }
      await expectClinicError(isBadRequest, "pull after -1") {
        try await clinic.pull(after: -1, limit: 10, by: device.principal)
      }
      #expect(try await test.count("SELECT count(*) FROM event") == 0)
    }
  }
}
