import Testing

@testable import TandemContent

/// An editor's unsaved text is checked in place of the file on disk.
@Suite("ContentLoader: text held in memory")
struct ContentLoaderOverlayTests {
  @Test("text in the overlay is read instead of the disk, and a snippet held in memory resolves an include")
  func overlayReplacesDisk() {
    let scratch = Scratch()
    let file = scratch.write("drafts/m.yaml", module("  - id: intro\n    kind: text\n    include: greeting"))
    let snippet = scratch.path + "/snippets/greeting.yaml"
    let unsaved = module("  - id: intro\n    kind: text\n    include: greting")
    let overlay = [file: Array(unsaved.utf8), snippet: Array("id: greeting\nbody: Hello.\n".utf8)]
    let onDisk = ContentLoader.load(paths: [file], snippetPaths: [scratch.path + "/snippets"], workers: 1)
    #expect(onDisk.diagnostics.contains { $0.message.contains("'greeting'") })
    let edited = ContentLoader.load(paths: [file, snippet], workers: 1, overlay: overlay)
    #expect(edited.snippets.map(\.id) == ["greeting"])
    #expect(
      edited.diagnostics.map(\.message).contains { $0.contains("'greting'") && $0.contains("did you mean 'greeting'") })
  }

  @Test("text in the overlay over the size limit gets the loader's own diagnostic")
  func overlayTooLarge() {
    let path = "/nowhere/big.yaml"
    let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: YAMLComposer.maxFileSize + 1)
    let content = ContentLoader.load(paths: [path], workers: 1, overlay: [path: bytes])
    #expect(content.diagnostics.map(\.message) == ["file is larger than 1 MiB (\(bytes.count) bytes); split it"])
  }
}
