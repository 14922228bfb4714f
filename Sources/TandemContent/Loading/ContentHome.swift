import Foundation

/// Where the shipped `Modules/` and `Content/` are.
public struct ContentHome: Sendable {
  public let root: String
  public var modules: String { root + "/Modules" }
  public var content: String { root + "/Content" }

  public init(root: String) { self.root = root }

  /// Where the content is, first found of:
  /// 1. `$TANDEM_HOME`;
  /// 2. the nearest folder above the executable that holds `Modules/` (a checkout: `swift run`);
  /// 3. `share/tandem` beside the executable's `bin/` (an install: `PREFIX/bin/tandem` reads
  ///    `PREFIX/share/tandem`);
  /// 4. `tandem/` in `$XDG_DATA_HOME` (default `~/.local/share`), then in each folder of
  ///    `$XDG_DATA_DIRS` (default `/usr/local/share:/usr/share`);
  /// 5. the working folder.
  public static func locate() -> ContentHome {
    let fm = FileManager.default
    let environment = ProcessInfo.processInfo.environment
    if let home = environment["TANDEM_HOME"], !home.isEmpty { return ContentHome(root: home) }
    func holdsContent(_ path: String) -> Bool {
      fm.fileExists(atPath: path + "/Modules") && fm.fileExists(atPath: path + "/Content")
    }
    let executable = (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    let binary = URL(fileURLWithPath: executable).deletingLastPathComponent()
    var url = binary
    for _ in 0..<8 {
      if fm.fileExists(atPath: url.appendingPathComponent("Modules").path),
        fm.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
          || fm.fileExists(atPath: url.appendingPathComponent("Content").path)
      {
        return ContentHome(root: url.path)
      }
      url.deleteLastPathComponent()
    }
    let installed = binary.deletingLastPathComponent().appendingPathComponent("share/tandem").path
    if holdsContent(installed) { return ContentHome(root: installed) }
    let dataHome =
      environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 }
      ?? environment["HOME"].map { $0 + "/.local/share" }
    let dataDirs = (environment["XDG_DATA_DIRS"].flatMap { $0.isEmpty ? nil : $0 } ?? "/usr/local/share:/usr/share")
      .split(separator: ":").map(String.init)
    for folder in (dataHome.map { [$0] } ?? []) + dataDirs where holdsContent(folder + "/tandem") {
      return ContentHome(root: folder + "/tandem")
    }
    return ContentHome(root: fm.currentDirectoryPath)
  }
}
