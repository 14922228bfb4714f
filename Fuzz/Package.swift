// swift-tools-version:6.0
import PackageDescription

// libFuzzer targets for Tandem's parsers and module loader. A separate package, so that the main
// `swift test` never builds with the fuzzing sanitizer. Build and run with `Fuzz/run`.
let package = Package(
  name: "TandemFuzz",
  dependencies: [.package(name: "Tandem", path: "..")],
  targets: [
    .executableTarget(
      name: "tandem-fuzz",
      dependencies: [
        .product(name: "TandemBase", package: "Tandem"),
        .product(name: "TandemTherapy", package: "Tandem"),
        .product(name: "TandemCare", package: "Tandem"),
        .product(name: "TandemContent", package: "Tandem"),
      ])
  ]
)
