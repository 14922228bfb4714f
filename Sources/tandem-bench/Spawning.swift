// Timing whole commands: spawn, wait, and (through a small Python parent) peak memory.

import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Wall time of spawning `path` with `arguments` and waiting for it; stdout/stderr to /dev/null.
func spawnTime(_ path: String, _ arguments: [String]) throws -> Double {
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  let argv = ([path] + arguments).map { strdup($0) }
  defer { argv.forEach { free($0) } }
  var cArgs = argv + [nil]
  var pid: pid_t = 0
  let start = now()
  let code = posix_spawn(&pid, path, &actions, nil, &cArgs, environ)
  guard code == 0 else { throw BenchError("cannot start \(path): \(String(cString: strerror(code)))") }
  var status: Int32 = 0
  while waitpid(pid, &status, 0) < 0 {
    guard errno == EINTR else { throw BenchError("waitpid failed for \(path)") }
  }
  let elapsed = Double(now() - start) / 1e9
  // WIFEXITED && WEXITSTATUS == 0
  guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
    throw BenchError("\(path) \(arguments.joined(separator: " ")) exited with status \(status)")
  }
  return elapsed
}

/// Wall time and peak memory (max RSS, bytes) of a child process. The peak is taken by a small
/// Python parent (`resource.RUSAGE_CHILDREN`): a child spawned straight from this benchmark would
/// inherit the benchmark's own high-water mark, which survives `exec`.
func spawnMeasured(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> (Double, Int)? {
  let report = NSTemporaryDirectory() + "/tandem-bench-rss-\(getpid())"
  let script = """
    import resource, subprocess, sys
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
    sys.exit(code)
    """
  if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")
    || FileManager.default.fileExists(atPath: "/usr/local/bin/python3")
  {
    let python =
      FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/local/bin/python3"
    guard let (seconds, _) = spawnDirect(python, ["-c", script, report, path] + arguments, environment: environment),
      let text = try? String(contentsOfFile: report, encoding: .utf8), let kilobytes = Int(text)
    else { return nil }
    unlink(report)
    return (seconds, kilobytes * 1024)
  }
  return spawnDirect(path, arguments, environment: environment)
}

func spawnDirect(_ path: String, _ arguments: [String], environment: [String: String] = [:]) -> (Double, Int)? {
  var pid: pid_t = 0
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  let argv = ([path] + arguments).map { strdup($0) } + [nil]
  let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    for pointer in argv { free(pointer) }
    for pointer in envp { free(pointer) }
  }
  let start = now()
  guard posix_spawn(&pid, path, &actions, nil, argv, envp) == 0 else { return nil }
  var status: Int32 = 0
  var usage = rusage()
  guard wait4(pid, &status, 0, &usage) == pid else { return nil }
  let elapsed = Double(now() - start) / 1e9
  return status == 0 ? (elapsed, usage.ru_maxrss * 1024) : nil
}

/// Spawns `argv` with extra environment variables, output to /dev/null; its pid.
func spawnProcess(_ argv: [String], environment: [String: String]) -> pid_t? {
  var pid: pid_t = 0
  var actions = posix_spawn_file_actions_t()
  posix_spawn_file_actions_init(&actions)
  defer { posix_spawn_file_actions_destroy(&actions) }
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
  var env = ProcessInfo.processInfo.environment
  for (key, value) in environment { env[key] = value }
  let cArguments = argv.map { strdup($0) } + [nil]
  let cEnvironment = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
  defer {
    for pointer in cArguments { free(pointer) }
    for pointer in cEnvironment { free(pointer) }
  }
  guard posix_spawn(&pid, argv[0], &actions, nil, cArguments, cEnvironment) == 0 else { return nil }
  return pid
}

/// Wall seconds of one run of `argv`, or nil when it fails.
func spawnWaiting(_ argv: [String], environment: [String: String]) -> Double? {
  let start = now()
  guard let pid = spawnProcess(argv, environment: environment) else { return nil }
  var status: Int32 = 0
  waitpid(pid, &status, 0)
  return status == 0 ? Double(now() - start) / 1e9 : nil
}
