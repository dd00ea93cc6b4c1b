// swift-tools-version:6.0
// Placement: China–ASEAN internship placement optimiser on GLPK.
// Licensed GPL-3.0-or-later (GLPK, which we link, is GPL-3.0-or-later).
import PackageDescription

let package = Package(
    name: "placement",
    products: [
        .executable(name: "placement", targets: ["placement"]),
        .library(name: "PlacementEngine", targets: ["PlacementEngine"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19")
    ],
    targets: [
        // MARK: - Command-line tool (thin: parses options, prints)
        .executableTarget(
            name: "placement",
            dependencies: [
                "PlacementEngine",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]
        ),

        // MARK: - Engine facade (load, formulate, choose methods, build the outcome, write reports)
        .target(
            name: "PlacementEngine",
            dependencies: [
                "PlacementDomain", "PlacementScenarioIO", "PlacementModel",
                "PlacementFormulation", "PlacementSolving", "PlacementReports", "PlacementVerifier",
                "PlacementConcurrency"
            ]
        ),

        // MARK: - Solving layer: every method behind one protocol, one budget, one outcome type.
        // The only target besides the GLPK backend that imports PlacementGLPK.
        .target(
            name: "PlacementSolving",
            dependencies: ["PlacementDomain", "PlacementModel", "PlacementFormulation", "PlacementGLPK", "PlacementNetwork", "PlacementConcurrency"]
        ),

        // MARK: - Layers
        // Threads: results in index order, a locked shared value, a value computed in the background.
        .target(name: "PlacementConcurrency"),
        .target(name: "PlacementDomain"),
        .target(
            name: "PlacementScenarioIO",
            dependencies: [
                "PlacementDomain", "PlacementConcurrency",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ]
        ),
        .target(name: "PlacementModel"),
        .target(name: "PlacementNetwork"),
        .target(name: "PlacementFormulation", dependencies: ["PlacementDomain", "PlacementModel", "PlacementConcurrency"]),
        .target(name: "PlacementGLPK", dependencies: ["PlacementModel", "GLPKShim", "CGLPK"]),
        .target(
            name: "PlacementReports",
            dependencies: [
                "PlacementDomain", "PlacementConcurrency",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ]
        ),
        // Independent report checker: shares no code with the formulation, the solvers or the engine.
        .target(
            name: "PlacementVerifier",
            dependencies: ["PlacementDomain", "PlacementScenarioIO", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // MARK: - GLPK (system library + setjmp/longjmp guard written in C)
        .systemLibrary(name: "CGLPK", providers: [.apt(["libglpk-dev"])]),
        .target(name: "GLPKShim", dependencies: ["CGLPK"]),

        // MARK: - Fuzzing (Scripts/fuzz.sh builds it with libFuzzer; otherwise a corpus replayer)
        .executableTarget(name: "PlacementFuzz", dependencies: ["PlacementScenarioIO"]),

        // MARK: - Benchmarks (benchmarks/side_model.sh; not a product)
        .executableTarget(name: "SideFlowBench", dependencies: ["PlacementNetwork"], path: "benchmarks/SideFlowBench"),

        // MARK: - Tests
        .testTarget(
            name: "PlacementTests",
            dependencies: [
                "PlacementEngine", "PlacementDomain", "PlacementScenarioIO", "PlacementModel",
                "PlacementFormulation", "PlacementSolving", "PlacementGLPK", "PlacementReports", "PlacementNetwork",
                "PlacementVerifier", "PlacementConcurrency"
            ]
        )
    ]
)
