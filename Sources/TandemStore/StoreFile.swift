import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where the store lives on disk and how its file comes into being: private to the user,
/// because it holds health data.
enum StoreFile {
  /// Creates the missing directories of `path` (mode 0700) and the empty database file (mode
  /// 0600). Existing directories and files are left as they are.
  ///
  /// SQLite gives the `-wal` and `-shm` files the mode of the database file, so they are 0600 too.
  ///
  /// A symbolic link whose target does not exist is refused: SQLite would follow it and create
  /// the target with the umask's mode (usually 0644), readable by everyone.
  static func prepare(path: String) throws {
    let directory = (path as NSString).deletingLastPathComponent
    if !directory.isEmpty { try makeDirectories(directory) }
    if isDanglingSymbolicLink(path) { throw StoreError.danglingSymbolicLink(path: path) }
    let descriptor: FileDescriptor
    do {
      descriptor = try FileDescriptor.open(
        path, .writeOnly, options: [.create, .exclusiveCreate, .closeOnExec], permissions: .ownerReadWrite)
    } catch Errno.fileExists {
      return
    } catch let error as Errno {
      throw StoreError.cannotCreateFile(path: path, reason: reason(error.rawValue))
    }
    try descriptor.closeAfter {
      // The umask may have taken bits away; the mode is exact whatever it is.
      if fchmod(descriptor.rawValue, FilePermissions.ownerReadWrite.rawValue) != 0 {
        throw StoreError.cannotCreateFile(path: path, reason: reason(errno))
      }
    }
  }

  /// Creates `directory` and its missing ancestors, each with mode 0700, as the XDG base
  /// directory specification asks.
  private static func makeDirectories(_ directory: String) throws {
    var missing: [String] = []
    var current = directory
    while !current.isEmpty, current != "/", !FileManager.default.fileExists(atPath: current) {
      missing.append(current)
      current = (current as NSString).deletingLastPathComponent
    }
    for path in missing.reversed() {
      if mkdir(path, 0o700) != 0 {
        let code = errno
        // Another process may have created it in the meantime.
        if code == EEXIST, isDirectory(path) { continue }
        throw StoreError.cannotCreateDirectory(path: path, reason: reason(code))
      }
      if chmod(path, 0o700) != 0 {
        throw StoreError.cannotCreateDirectory(path: path, reason: reason(errno))
      }
    }
  }

  /// Whether `path` is a symbolic link that leads nowhere (directly or through other links).
  static func isDanglingSymbolicLink(_ path: String) -> Bool {
    var status = stat()
    guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK else { return false }
    return stat(path, &status) != 0 && errno == ENOENT
  }

  private static func isDirectory(_ path: String) -> Bool {
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
  }

  private static func reason(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
  }
}
