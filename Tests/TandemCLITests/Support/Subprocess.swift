import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A child process started with `posix_spawn` and reaped with `waitpid`.
///
/// Not Foundation's `Process`: on Linux its exit monitoring can miss children when many are
/// started from test threads at once (a `waitUntilExit` that never returns), and it cannot
/// promise that a pipe's write end is not inherited by an unrelated child — a tmux server
/// keeping another test's stdin open would stop that `tandem` from ever seeing end of input.
/// Every descriptor here is close-on-exec except the three handed to the child.
final class Subprocess {
  /// The child's process id.
  let pid: pid_t
  private var exitStatus: Int32?

  /// Starts `executable` with `arguments`, `environment`, and the given descriptors as its
  /// standard input, output and error (the caller keeps and closes its own copies).
  init(
    _ executable: String, _ arguments: [String], environment: [String: String], stdin: Int32, stdout: Int32,
    stderr: Int32
  )
    throws
  {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, stdin, 0)
    posix_spawn_file_actions_adddup2(&actions, stdout, 1)
    posix_spawn_file_actions_adddup2(&actions, stderr, 2)
    // Children start as from a shell: no blocked signals (test-runner threads block some, and a
    // mask survives exec — SIGINT would never reach `tandem --plain`) and default handlers (the
    // runner ignores SIGPIPE, which would also be inherited).
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var noSignals = sigset_t(), allSignals = sigset_t()
    sigemptyset(&noSignals)
    sigfillset(&allSignals)
    posix_spawnattr_setsigmask(&attributes, &noSignals)
    posix_spawnattr_setsigdefault(&attributes, &allSignals)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    let argv = ([executable] + arguments).map { strdup($0) } + [nil]
    let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
      argv.forEach { free($0) }
      envp.forEach { free($0) }
    }
    var child: pid_t = 0
    spawnLock.lock()
    defer { spawnLock.unlock() }
    let code = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
    guard code == 0 else { throw SandboxError("cannot start \(executable): \(String(cString: strerror(code)))") }
    pid = child
  }

  /// The exit status (128 + signal number when killed by a signal), or `nil` if it is still
  /// running after `timeout` seconds.
  func wait(timeout: TimeInterval) -> Int32? {
    let deadline = Date().addingTimeInterval(timeout)
    while exitStatus == nil {
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid {
        exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
      } else if result < 0 && errno != EINTR {
        exitStatus = -1
      } else {
        if Date() >= deadline { return nil }
        usleep(2_000)
      }
    }
    return exitStatus
  }

  /// Whether it has not ended yet.
  var isRunning: Bool { wait(timeout: 0) == nil }

  /// Sends SIGKILL if it is still running, and reaps it.
  @discardableResult
  func kill() -> Int32 {
    if isRunning { sendSignal(SIGKILL, to: pid) }
    return wait(timeout: 30) ?? -1
  }

  /// Runs to completion with `input` on a pipe as standard input, output and error captured
  /// through files in `scratch`; fails after `timeout` seconds (the child is killed).
  static func run(
    _ executable: String, _ arguments: [String], environment: [String: String], input: String = "", scratch: String,
    timeout: TimeInterval = 30
  ) throws -> CommandResult {
    let outPath = scratch + "/.out-\(UUID().uuidString)", errPath = scratch + "/.err-\(UUID().uuidString)"
    defer {
      unlink(outPath)
      unlink(errPath)
    }
    let out = try openForWriting(outPath), err = try openForWriting(errPath)
    let pipe = try Pipe.make()
    let child: Subprocess
    do {
      child = try Subprocess(
        executable, arguments, environment: environment, stdin: pipe.read, stdout: out, stderr: err)
    } catch {
      [out, err, pipe.read, pipe.write].forEach { close($0) }
      throw error
    }
    [out, err, pipe.read].forEach { close($0) }
    writeAll(Data(input.utf8), to: pipe.write)
    close(pipe.write)
    guard let status = child.wait(timeout: timeout) else {
      child.kill()
      throw SandboxError("'\(executable) \(arguments.joined(separator: " "))' did not finish within \(Int(timeout)) s")
    }
    return CommandResult(
      status: status,
      stdout: FileManager.default.contents(atPath: outPath) ?? Data(),
      stderr: FileManager.default.contents(atPath: errPath) ?? Data())
  }

  /// A new file for the child's output, close-on-exec in this process.
  static func openForWriting(_ path: String) throws -> Int32 {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw SandboxError("cannot create \(path): \(String(cString: strerror(errno)))") }
    return fd
  }

  /// Writes all of `data`, ignoring a reader that has gone away.
  static func writeAll(_ data: Data, to fd: Int32) {
    data.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
        if written < 0 {
          if errno == EINTR { continue }
          return
        }
        offset += written
      }
    }
  }

  /// A pipe whose two ends are close-on-exec.
  enum Pipe {
    static func make() throws -> (read: Int32, write: Int32) {
      // pipe() then FD_CLOEXEC is not atomic; the lock keeps spawns out of the gap.
      spawnLock.lock()
      defer { spawnLock.unlock() }
      var fds: [Int32] = [0, 0]
      guard pipe(&fds) == 0 else { throw SandboxError("cannot create a pipe") }
      _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
      _ = fcntl(fds[1], F_SETFD, FD_CLOEXEC)
      return (fds[0], fds[1])
    }
  }
}

/// `kill(2)`, out of the way of `Subprocess.kill()`.
private func sendSignal(_ signal: Int32, to pid: pid_t) {
  _ = kill(pid, signal)
}

/// Held while a pipe is made close-on-exec and while a child is spawned.
private let spawnLock = NSLock()
