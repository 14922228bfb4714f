import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

func executableDirectory() -> String {
  if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
    return (resolved as NSString).deletingLastPathComponent
  }
  return ((CommandLine.arguments.first ?? ".") as NSString).deletingLastPathComponent
}

/// The package root: the first ancestor of the current folder or of the executable that holds
/// `Content/snippets`.
func packageRoot() -> String? {
  let fm = FileManager.default
  for start in [fm.currentDirectoryPath, executableDirectory()] {
    var directory = start
    while !directory.isEmpty {
      if fm.fileExists(atPath: directory + "/Content/snippets") && fm.fileExists(atPath: directory + "/Package.swift") {
        return directory
      }
      if directory == "/" { break }
      directory = (directory as NSString).deletingLastPathComponent
    }
  }
  return nil
}

/// The file system type of the mount that holds `path`, from /proc/mounts.
func fileSystemType(_ path: String) -> String {
  guard let text = try? String(contentsOfFile: "/proc/mounts", encoding: .utf8) else { return "unknown" }
  let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
  var best = (length: -1, type: "unknown")
  for line in text.split(separator: "\n") {
    let fields = line.split(separator: " ")
    guard fields.count >= 3 else { continue }
    let mount = String(fields[1])
    let matches = mount == "/" || resolved == mount || resolved.hasPrefix(mount + "/")
    if matches, mount.count > best.length { best = (mount.count, String(fields[2])) }
  }
  return best.type
}

func loadAverage() -> String {
  guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8) else { return "?" }
  return text.split(separator: " ").prefix(3).joined(separator: " ")
}
