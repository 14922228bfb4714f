// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Tandem",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "tandem", targets: ["tandem"]),
    .executable(name: "tandem-bench", targets: ["tandem-bench"]),
    // For the fuzzing package in Fuzz/, which depends on this one by path.
    .library(name: "TandemCore", targets: ["TandemCore"]),
    .library(name: "TandemContent", targets: ["TandemContent"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    // Tests only: readable diffs when the session reducer's exhaustive harness fails.
    .package(url: "https://github.com/pointfreeco/swift-custom-dump", from: "1.7.3"),
  ],
  targets: [
    // Pure core: content model, validation, session reducer, progress. No I/O, no Yams, no GRDB.
    .target(name: "TandemCore"),
    // YAML files → content model + diagnostics.
    .target(name: "TandemContent", dependencies: ["TandemCore", .product(name: "Yams", package: "Yams")]),
    // Prescriber reports: one model, rendered as text, Markdown, HTML, JSON, CSV and FHIR. No I/O.
    .target(name: "TandemReports", dependencies: ["TandemCore"]),
    // The journal store on SQLite.
    .target(name: "TandemStore", dependencies: ["TandemCore", .product(name: "GRDB", package: "GRDB.swift")]),
    .executableTarget(
      name: "tandem",
      dependencies: [
        "TandemCore", "TandemContent", "TandemStore", "TandemReports",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "tandem-bench",
      dependencies: [
        "TandemCore", "TandemContent", "TandemStore", "TandemReports",
        .product(name: "Yams", package: "Yams"),
        .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "TandemCoreTests",
      dependencies: ["TandemCore", .product(name: "CustomDump", package: "swift-custom-dump")]),
    .testTarget(
      name: "TandemContentTests", dependencies: ["TandemContent"], exclude: ["YAMLTestSuite"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "TandemStoreTests", dependencies: ["TandemStore", .product(name: "GRDB", package: "GRDB.swift")]),
    .testTarget(name: "TandemReportsTests", dependencies: ["TandemReports"], resources: [.copy("Snapshots")]),
    .testTarget(name: "TandemCLITests", dependencies: ["TandemCore", "tandem"]),
  ]
)
