import Foundation

/// Where the built `tandem` executable and the repository it was built from are.
enum TandemBinary {
  /// The repository root: the nearest folder above this file that holds `Package.swift`.
  static let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
      url.deleteLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
  }()

  /// The `tandem` executable built next to the running test bundle.
  ///
  /// `swift test` and `swift test --scratch-path X` both put the test runner and the product in
  /// the same `…/debug/` folder; the candidates cover the runner's path as the process and as
  /// a bundle, and fall back to the newest `.build*/debug/tandem` under the repository.
  static let path: String? = {
    let fm = FileManager.default
    if let explicit = ProcessInfo.processInfo.environment["TANDEM_E2E_BINARY"], fm.isExecutableFile(atPath: explicit) {
      return explicit
    }
    var folders: [URL] = []
    if let exe = try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
      folders.append(URL(fileURLWithPath: exe).deletingLastPathComponent())
    }
    folders.append(URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent())
    folders.append(Bundle.main.bundleURL)
    folders.append(Bundle.main.bundleURL.deletingLastPathComponent())
    for folder in folders {
      // Walk up a little: on macOS the runner sits inside `X.xctest/Contents/MacOS`.
      var url = folder
      for _ in 0..<4 {
        let candidate = url.appendingPathComponent("tandem").path
        if fm.isExecutableFile(atPath: candidate), !isDirectory(candidate) { return candidate }
        url.deleteLastPathComponent()
      }
    }
    let root = URL(fileURLWithPath: repositoryRoot)
    let builds = ((try? fm.contentsOfDirectory(atPath: root.path)) ?? []).filter { $0.hasPrefix(".build") }
    let candidates = builds.map { root.appendingPathComponent($0).appendingPathComponent("debug/tandem").path }
      .filter { fm.isExecutableFile(atPath: $0) }
    return candidates.max { modified($0) < modified($1) }
  }()

  private static func isDirectory(_ path: String) -> Bool {
    var flag: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &flag) && flag.boolValue
  }

  private static func modified(_ path: String) -> Date {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date) ?? .distantPast
  }
}
