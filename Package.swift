// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "Tandem",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "tandem", targets: ["tandem"]),
    .executable(name: "tandem-bench", targets: ["tandem-bench"]),
    .executable(name: "tandem-server", targets: ["tandem-server"]),
    // For the fuzzing package in Fuzz/, which depends on this one by path.
    .library(name: "TandemBase", targets: ["TandemBase"]),
    .library(name: "TandemTherapy", targets: ["TandemTherapy"]),
    .library(name: "TandemCare", targets: ["TandemCare"]),
    .library(name: "TandemContent", targets: ["TandemContent"]),
  ],
  dependencies: [
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    // The clinic service: HTTP server, PostgreSQL client, signed access tokens.
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
    .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
    .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    // Tests only: readable diffs when the session reducer's exhaustive harness fails.
    .package(url: "https://github.com/pointfreeco/swift-custom-dump", from: "1.7.3"),
  ],
  targets: [
    // The pure core, split by domain; dependencies run one way, down this list. No I/O, no Yams, no GRDB.
    // Dates, times, quantities, checked input parsers, diagnostics and terminal-safe text.
    .target(name: "TandemBase"),
    // Guided sessions: the module model, conditions, validation, the session reducer and its journal,
    // translation.
    .target(name: "TandemTherapy", dependencies: ["TandemBase"]),
    // Adherence research: the CMA kernel, PDC, supply coverage, batch runs over fills.
    .target(name: "TandemAdherence", dependencies: ["TandemBase"]),
    // The patient's care: medication and the dose ledger, headaches and migraine measures, the diary,
    // and the care record every view reads.
    .target(name: "TandemCare", dependencies: ["TandemBase", "TandemTherapy", "TandemAdherence"]),
    // The journal's documented event format (docs/events.md): payloads, ids, RFC 3339 instants,
    // the export envelope.
    .target(name: "TandemEvents", dependencies: ["TandemBase", "TandemTherapy", "TandemCare"]),
    // Module authoring: preview, lint, flow graph, paths and module tests.
    .target(name: "TandemAuthoring", dependencies: ["TandemBase", "TandemTherapy"]),
    // YAML files → content model + diagnostics.
    .target(
      name: "TandemContent",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemCare", "TandemAuthoring", .product(name: "Yams", package: "Yams"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // Prescriber reports: one model, rendered as text, Markdown, HTML, JSON, CSV and FHIR. No I/O.
    .target(
      name: "TandemReports",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemAdherence", "TandemCare",
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // The language server for module and content files (`tandem lsp`): JSON-RPC framing, open
    // documents, and the validate checks on unsaved text. No I/O of its own.
    .target(
      name: "TandemLanguageServer", dependencies: ["TandemBase", "TandemTherapy", "TandemAuthoring", "TandemContent"]),
    // The journal store on SQLite.
    .target(
      name: "TandemStore",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemCare", "TandemEvents", .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]),
    .executableTarget(
      name: "tandem",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemAdherence", "TandemCare", "TandemAuthoring", "TandemEvents",
        "TandemContent", "TandemStore", "TandemReports", "TandemLanguageServer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "SystemPackage", package: "swift-system"),
      ]
    ),
    // The clinic service without HTTP: its PostgreSQL store and migrations, enrolment, tokens, care teams,
    // sync, the panel, publishing and the audit log (docs/sync.md).
    .target(
      name: "TandemClinic",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemCare", "TandemEvents", "TandemContent", "TandemStore",
        "TandemReports",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "JWTKit", package: "jwt-kit"),
        .product(name: "Crypto", package: "swift-crypto"),
      ]),
    // The clinic's HTTP server (docs/openapi.yaml) and its administration commands.
    .executableTarget(
      name: "tandem-server",
      dependencies: [
        "TandemBase", "TandemEvents", "TandemClinic",
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "HummingbirdCore", package: "hummingbird"),
        .product(name: "HummingbirdTLS", package: "hummingbird"),
        .product(name: "NIOSSL", package: "swift-nio-ssl"),
        .product(name: "HummingbirdAuth", package: "hummingbird-auth"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),
    .executableTarget(
      name: "tandem-bench",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemAdherence", "TandemCare",
        "TandemContent", "TandemStore", "TandemReports", "TandemEvents", "TandemClinic",
        .product(name: "PostgresNIO", package: "postgres-nio"),
        .product(name: "Yams", package: "Yams"),
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // Content shared by the core's test targets.
    .target(
      name: "TandemTestFixtures", dependencies: ["TandemBase", "TandemTherapy"], path: "Tests/TandemTestFixtures"),
    .testTarget(
      name: "TandemBaseTests",
      dependencies: ["TandemBase", "TandemTherapy", "TandemAdherence", "TandemCare", "TandemTestFixtures"]),
    .testTarget(
      name: "TandemEventsTests",
      dependencies: ["TandemBase", "TandemTherapy", "TandemCare", "TandemEvents", "TandemTestFixtures"]),
    .testTarget(
      name: "TandemTherapyTests",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemTestFixtures",
        .product(name: "CustomDump", package: "swift-custom-dump"),
      ]),
    .testTarget(name: "TandemAdherenceTests", dependencies: ["TandemBase", "TandemAdherence"]),
    .testTarget(
      name: "TandemCareTests",
      dependencies: ["TandemBase", "TandemTherapy", "TandemAdherence", "TandemCare", "TandemTestFixtures"]),
    .testTarget(
      name: "TandemAuthoringTests",
      dependencies: ["TandemBase", "TandemTherapy", "TandemAuthoring", "TandemTestFixtures"]),
    .testTarget(
      name: "TandemContentTests",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemCare", "TandemContent", .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["YAMLTestSuite"],
      resources: [.copy("Fixtures")]),
    .testTarget(
      name: "TandemStoreTests",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemCare", "TandemStore", .product(name: "GRDB", package: "GRDB.swift"),
      ], exclude: ["Fixtures"]),
    .testTarget(
      name: "TandemReportsTests",
      dependencies: [
        "TandemBase", "TandemTherapy", "TandemAdherence", "TandemCare", "TandemReports",
        .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
      ],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "TandemLanguageServerTests", dependencies: ["TandemBase", "TandemContent", "TandemLanguageServer"]),
    // A throwaway PostgreSQL cluster for the test targets that need one.
    .target(
      name: "TandemPostgresFixture", dependencies: [.product(name: "PostgresNIO", package: "postgres-nio")],
      path: "Tests/TandemPostgresFixture"),
    .testTarget(
      name: "TandemClinicTests",
      dependencies: [
        "TandemBase", "TandemEvents", "TandemContent", "TandemTherapy", "TandemStore", "TandemClinic",
        "TandemPostgresFixture", .product(name: "PostgresNIO", package: "postgres-nio"),
      ]),
    .testTarget(
      name: "TandemCLITests",
      dependencies: ["tandem", "tandem-server", "TandemEvents", "TandemClinic", "TandemPostgresFixture"],
      exclude: ["Fixtures", "LanguageServer/test_language_server.py"]),
  ]
)
