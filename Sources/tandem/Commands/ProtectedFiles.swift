import Foundation
import TandemBase
import TandemContent

/// The files an output option (`report --out`) must never replace: the store with its `-wal`,
/// `-shm` and `-journal` companions, any other SQLite database, and the modules, snippets and
/// catalogues Tandem reads.
///
/// Files are compared by what they are, not by how they are spelled: by device and inode when
/// the target exists (which sees through symbolic links, hard links, `..` and `//`), and by
/// resolved path for companions that do not exist yet.
struct ProtectedFiles {
  /// The store file as given.
  let store: String
  /// Content files (modules, snippets, translations, catalogues).
  let content: [String]

  /// The files `options` names or implies.
  init(options: CommonOptions) {
    let home = ContentHome.locate()
    var ignored: [Diagnostic] = []
    store = options.storePath
    content =
      ContentLoader.collectFiles([home.modules] + options.modules + [home.content], diagnostics: &ignored)
      + options.catalogue + [home.content + "/medications.yaml"]
  }

  /// Throws when writing to `target` would replace one of the protected files.
  func check(_ target: String) throws {
    let resolved = Self.resolved(target)
    let storeFiles = ["", "-wal", "-shm", "-journal", "-lock"].map { store + $0 }
    let identity = Self.identity(of: target)
    if storeFiles.contains(where: { Self.resolved($0) == resolved })
      || (identity != nil && storeFiles.contains { Self.identity(of: $0) == identity })
    {
      throw refusal(target, "it is Tandem's store, which holds your diary and sessions")
    }
    let name = (resolved as NSString).lastPathComponent.lowercased()
    if Self.databaseSuffixes.contains(where: name.hasSuffix) || Self.isSQLiteFile(target) {
      throw refusal(target, "it is a database file or one of its -wal/-shm companions")
    }
    if let identity, content.contains(where: { Self.identity(of: $0) == identity }) {
      throw refusal(target, "it is one of the modules or content files Tandem reads")
    }
  }

  private static let databaseSuffixes = [".sqlite", ".sqlite3", ".db", "-wal", "-shm", "-journal", ".sqlite-lock"]

  private func refusal(_ target: String, _ reason: String) -> CLIError {
    CLIError("will not write to '\(target)': \(reason); choose another file")
  }

  /// Device and inode of the file `path` leads to, following symbolic links; `nil` if there is none.
  static func identity(of path: String) -> [UInt64]? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return [UInt64(status.st_dev), UInt64(status.st_ino)]
  }

  /// `path` with its folder (and itself, when it exists) resolved through symbolic links.
  static func resolved(_ path: String) -> String {
    if let full = realPath(path) { return full }
    let url = URL(fileURLWithPath: path)
    let folder = realPath(url.deletingLastPathComponent().path) ?? url.deletingLastPathComponent().standardized.path
    return folder + "/" + url.lastPathComponent
  }

  private static func realPath(_ path: String) -> String? {
    guard let pointer = realpath(path, nil) else { return nil }
    defer { free(pointer) }
    return String(cString: pointer)
  }

  /// Whether the file at `path` is a regular file that starts with SQLite's header (a pipe or
  /// device is never opened: reading one could block).
  private static func isSQLiteFile(_ path: String) -> Bool {
    var status = stat()
    guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG,
      let handle = FileHandle(forReadingAtPath: path)
    else { return false }
    defer { try? handle.close() }
    let header = (try? handle.read(upToCount: 16)) ?? Data()
    return header == Data("SQLite format 3\u{0}".utf8)
  }
}
