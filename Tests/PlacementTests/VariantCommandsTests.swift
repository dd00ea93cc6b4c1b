import Foundation
import PlacementDomain
import PlacementEngine
import XCTest

/// A variant file is accepted wherever a scenario is: validate, solve, verify, explain, advise
/// (through the built command, as a coordinator runs them).
final class VariantCommandsTests: XCTestCase {
    func testEveryCommandTakesAVariant() throws {
        let work = try TempScenarioFolder.makeDirectory("variant-commands")
        defer { TempScenarioFolder.remove(work) }
        let variant = PackageLayout.scenarios.appendingPathComponent("small-alliance/variants/huawei-plus-2.yaml").path
        let validate = try PlacementCommand.run(["validate", variant], in: work)
        XCTAssertEqual(validate.status, 0, validate.output)
        XCTAssertTrue(validate.output.contains("40 students"), validate.output)

        let report = work.appendingPathComponent("report").path
        let solve = try PlacementCommand.run(["solve", variant, "--out", report, "--quiet"], in: work)
        XCTAssertEqual(solve.status, 0, solve.output)
        // The base scenario's files are named from the variant's folder, so the report verifies.
        let manifest = try String(contentsOf: URL(fileURLWithPath: report).appendingPathComponent("manifest.json"), encoding: .utf8)
        XCTAssertTrue(manifest.contains("\"../students.csv\""), manifest)
        let verify = try PlacementCommand.run(["verify", variant, report], in: work)
        XCTAssertEqual(verify.status, 0, verify.output)
        XCTAssertTrue(verify.output.contains("no violation"), verify.output)

        let explain = try PlacementCommand.run(["explain", variant, report, "--student", "S002"], in: work)
        XCTAssertEqual(explain.status, 0, explain.output)
        XCTAssertTrue(explain.output.contains("S002"), explain.output)
        let advise = try PlacementCommand.run(["advise", variant, "--seats", "1"], in: work)
        XCTAssertEqual(advise.status, 0, advise.output)
        XCTAssertTrue(advise.output.contains("Baseline"), advise.output)
    }

    func testABrokenVariantIsReportedByValidateWithItsLine() throws {
        let folder = try TempScenarioFolder.makeDirectory("variant-broken")
        defer { TempScenarioFolder.remove(folder) }
        let base = PackageLayout.scenarios.appendingPathComponent("small-alliance/scenario.yaml").path
        let variant = folder.appendingPathComponent("bad.yaml")
        try "format_version: 1\nvariant_of: \(base)\nchanges:\n  capacity:\n    - { base: B01, seats: many }\n"
            .write(to: variant, atomically: true, encoding: .utf8)
        let run = try PlacementCommand.run(["validate", variant.path, "--allow-outside-paths"], in: folder)
        XCTAssertEqual(run.status, 2, run.output)
        XCTAssertTrue(run.output.contains("bad.yaml:5"), run.output)
    }
}
