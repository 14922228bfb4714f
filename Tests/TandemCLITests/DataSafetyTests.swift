import Foundation
import Testing

/// No command loses or exposes the patient's data: output files never replace the store or
/// content, two windows never mix one session, and a read-only store can still be read.
@Suite("Data safety")
struct DataSafetyTests {
  @Test("report --out naming the store, its companions, a link to it or a module is refused; the store survives")
  func reportOutCannotReplaceTheStore() throws {
    let sandbox = try Sandbox()
    let module = try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let logged = try sandbox.run(["dose", "take", "ibuprofen", "--amount", "400mg", "--store", sandbox.store])
    #expect(logged.status == 0, "\(logged.errors)")
    let storeFolder = (sandbox.store as NSString).deletingLastPathComponent
    try FileManager.default.createSymbolicLink(atPath: sandbox.root + "/link.txt", withDestinationPath: sandbox.store)
    #expect(link(sandbox.store, sandbox.root + "/hard.txt") == 0)
    let moduleBytes = try Data(contentsOf: URL(fileURLWithPath: module))
    let targets = [
      sandbox.store, sandbox.store + "-wal", sandbox.store + "-shm", storeFolder + "/../store//tandem.sqlite",
      sandbox.root + "/link.txt", sandbox.root + "/hard.txt", module, sandbox.root + "/other.sqlite",
    ]
    for target in targets {
      let result = try sandbox.run(["report", "--out", target] + sandbox.storeAndModules)
      #expect(result.status != 0, "\(target) was accepted")
      #expect(result.errors.contains("will not write to"), "\(target): \(result.errors)")
      #expect(!crashMarkers.contains(where: result.errors.contains))
    }
    let list = try sandbox.run(["dose", "list", "--store", sandbox.store])
    #expect(list.status == 0, "\(list.errors)")
    #expect(list.output.contains("ibuprofen"))
    #expect(try Data(contentsOf: URL(fileURLWithPath: module)) == moduleBytes)
    #expect(!FileManager.default.fileExists(atPath: sandbox.root + "/other.sqlite"))

    let fine = try sandbox.run(["report", "--out", sandbox.root + "/report.txt", "--store", sandbox.store])
    #expect(fine.status == 0, "\(fine.errors)")
    #expect(permissions(sandbox.root + "/report.txt") == 0o600)
  }

  @Test("a second window resuming a session that is open is told so; the session's answers are never mixed")
  func secondWindowOnOneSession() throws {
    let sandbox = try Sandbox()
    try sandbox.writeModule(TestModules.flow, id: "e2e-flow")
    let started = try sandbox.run(["session", "start", "e2e-flow"] + sandbox.storeAndModules, input: "\n")
    #expect(started.status == 0, "\(started.errors)")
    let id = try sandbox.onlySession().id

    // The first window resumes and waits at a prompt.
    let first = try LiveTandem(sandbox: sandbox, arguments: ["session", "resume", id] + sandbox.storeAndModules)
    defer { first.kill() }
    #expect(eventually(timeout: 20) { first.output.contains("How do you feel?") }, "\(first.output)")

    // The second window tries to run the whole session to its end.
    let second = try sandbox.run(
      ["session", "resume", id] + sandbox.storeAndModules, input: "calm\n\n5\nwork\n\n2\nmorning\n\n")
    #expect(second.status != 0)
    #expect(second.errors.contains("this session is open in another window"), "\(second.errors)")
    #expect(!crashMarkers.contains(where: second.errors.contains))

    // The first window finishes it on its own answers.
    for line in ["tense", "", "8", "first window", "", "2", "morning", ""] { first.send(line) }
    #expect(try eventually(timeout: 30) { try sandbox.onlySession().status == "completed" })
    let detail = try sandbox.detail(id)
    let answers = detail.events.compactMap(\.answer)
    #expect(answers.contains("first window"))
    #expect(!answers.contains("work"))
    #expect(detail.events.filter { $0.kind == "completed" }.count == 1)
    #expect(detail.events.last?.kind == "completed")
    #expect(permissions(sandbox.store + "-lock") == 0o600)
  }

  @Test("reading commands work on a store that may only be read, and writing commands say it is read-only")
  func readOnlyStore() throws {
    let sandbox = try Sandbox()
    let folder = sandbox.root + "/readonly"
    let store = folder + "/tandem.sqlite"
    for arguments in [
      ["meds", "add", "propranolol", "--dose", "40mg", "--daily", "--at", "08:00"], ["dose", "take", "ibuprofen"],
    ] {
      let result = try sandbox.run(arguments + ["--store", store])
      #expect(result.status == 0, "\(result.errors)")
    }
    let session = try sandbox.run(["session", "start", "paced-breathing", "--store", store], input: "\n")
    #expect(session.status == 0, "\(session.errors)")

    // As root, modes do not stop anything: hand the folder to an unprivileged user and run as them.
    let asRoot = geteuid() == 0
    if asRoot {
      for path in [folder]
        + ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map({ folder + "/" + $0 })
      {
        #expect(chown(path, 65534, 65534) == 0)
      }
      chmod(sandbox.root, 0o711)
    }
    chmod(store, 0o400)
    chmod(folder, 0o500)
    defer { chmod(folder, 0o700) }
    func run(_ arguments: [String]) throws -> CommandResult {
      guard asRoot else { return try sandbox.run(arguments + ["--store", store]) }
      return try Subprocess.run(
        "/usr/bin/setpriv",
        ["--reuid=65534", "--regid=65534", "--clear-groups", try Sandbox.binary()] + arguments
          + ["--store", store], environment: sandbox.environment(["HOME": "/tmp"]), scratch: "/tmp")
    }
    let reading: [[String]] = [
      ["report"], ["report", "--format", "json"], ["dose", "list"], ["timeline"], ["due"], ["adherence"],
      ["session", "list"], ["progress"], ["validate"], ["meds", "list"], ["attack", "list"],
    ]
    for arguments in reading {
      let result = try run(arguments)
      #expect(result.status == 0, "\(arguments): \(result.errors)")
      #expect(!crashMarkers.contains(where: result.errors.contains))
    }
    #expect(try run(["dose", "list"]).output.contains("ibuprofen"))
    #expect(try run(["session", "list"]).output.contains("paced-breathing"))

    let write = try run(["dose", "take", "ibuprofen"])
    #expect(write.status != 0)
    #expect(write.errors.contains("is read-only"), "\(write.errors)")
    #expect(!crashMarkers.contains(where: write.errors.contains))
  }

  @Test("a read-only copy of the store file alone (no -wal or -shm) can be read")
  func readOnlyCopy() throws {
    let sandbox = try Sandbox()
    let logged = try sandbox.run(["dose", "take", "ibuprofen", "--store", sandbox.store])
    #expect(logged.status == 0, "\(logged.errors)")
    let folder = sandbox.root + "/copy"
    let copy = folder + "/tandem.sqlite"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
    try FileManager.default.copyItem(atPath: sandbox.store, toPath: copy)
    if geteuid() == 0 {
      #expect(chown(folder, 65534, 65534) == 0 && chown(copy, 65534, 65534) == 0)
      chmod(sandbox.root, 0o711)
    }
    chmod(copy, 0o400)
    let arguments = ["dose", "list", "--store", copy]
    let result =
      geteuid() == 0
      ? try Subprocess.run(
        "/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", try Sandbox.binary()] + arguments,
        environment: sandbox.environment(["HOME": "/tmp"]), scratch: "/tmp")
      : try sandbox.run(arguments)
    #expect(result.status == 0, "\(result.errors)")
    #expect(result.output.contains("ibuprofen"))
  }

  @Test("a store path that is a dangling symbolic link is refused; no world-readable file appears behind it")
  func danglingSymlinkStore() throws {
    let sandbox = try Sandbox()
    let target = sandbox.root + "/target.sqlite"
    let link = sandbox.root + "/link.sqlite"
    try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
    let result = try sandbox.run(["dose", "take", "ibuprofen", "--store", link])
    #expect(result.status != 0)
    #expect(result.errors.contains("symbolic link"), "\(result.errors)")
    #expect(!FileManager.default.fileExists(atPath: target))
  }
}
