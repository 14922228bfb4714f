import Foundation
import SystemPackage

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// A claim one process holds on a session while it runs it, so a second window that resumes the
/// same session is told at once instead of after the patient has typed an answer.
///
/// An advisory `fcntl` lock on one byte of the store's `-lock` file, chosen by the session id:
/// the system releases it when the process ends, however it ends, so a crash never leaves a
/// session locked. The store's own checks (`append(_:toSession:expectingLast:at:)`) still
/// guarantee that two writers can never interleave, with or without the lock.
public final class SessionLock: @unchecked Sendable {
  private let descriptor: Int32

  private init(descriptor: Int32) {
    self.descriptor = descriptor
  }

  deinit {
    if descriptor >= 0 { close(descriptor) }
  }

  /// Takes the lock on session `id` of the store at `storePath`, or throws
  /// `StoreError.sessionChanged` when another process holds it.
  static func acquire(session id: String, storePath: String) throws -> SessionLock {
    let path = lockPath(forStore: storePath)
    let descriptor: Int32
    do {
      descriptor =
        try FileDescriptor.open(path, .readWrite, options: [.create, .closeOnExec], permissions: .ownerReadWrite)
        .rawValue
    } catch let error as Errno {
      throw StoreError.cannotCreateFile(path: path, reason: String(cString: strerror(error.rawValue)).lowercased())
    }
    var region = flock()
    region.l_type = Int16(F_WRLCK)
    region.l_whence = Int16(SEEK_SET)
    region.l_start = off_t(offset(for: id))
    region.l_len = 1
    if fcntl(descriptor, F_SETLK, &region) != 0 {
      let code = errno
      close(descriptor)
      if code == EACCES || code == EAGAIN { throw StoreError.sessionChanged(id: id) }
      throw StoreError.cannotCreateFile(path: path, reason: String(cString: strerror(code)).lowercased())
    }
    return SessionLock(descriptor: descriptor)
  }

  /// A lock that guards nothing, for in-memory stores (only one process can see them).
  static var none: SessionLock { SessionLock(descriptor: -1) }

  /// The lock file of the store at `storePath`.
  public static func lockPath(forStore storePath: String) -> String { storePath + "-lock" }

  /// A byte offset that stands for the session (FNV-1a of its id, kept positive).
  private static func offset(for id: String) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in id.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return Int64(hash >> 2)
  }
}

extension SQLiteStore {
  /// Claims session `id` for this process until the returned lock is released; throws
  /// `StoreError.sessionChanged` when another process is running it.
  public func lockSession(_ id: String) throws -> SessionLock {
    if isReadOnly { throw StoreError.readOnly(path: path ?? ":memory:") }
    guard let path else { return .none }
    return try SessionLock.acquire(session: id, storePath: path)
  }
}
