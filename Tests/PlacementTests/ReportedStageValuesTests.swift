import Foundation
import PlacementDomain
import PlacementEngine
import PlacementScenarioIO
import XCTest

/// Stage values and bounds of integral objectives (placed counts, integer costs) are whole numbers
/// in the outcome: the solver's floating-point noise (12706.000000000004) never reaches a report,
/// and the values equal an independent recomputation exactly.
final class ReportedStageValuesTests: XCTestCase {
    func testBundledAllianceRulesStagesAreExactWholeNumbers() throws {
        let path = PackageLayout.scenarios.appendingPathComponent("alliance-rules/scenario.yaml").path
        let (loaded, diagnostics) = ScenarioLoader().check(path: path)
        let scenario = try XCTUnwrap(loaded, diagnostics.map(\.description).joined(separator: "\n"))
        let outcome = try PlacementEngine().solve(scenario)
        XCTAssertEqual(outcome.solver.status, .optimal)
        assertExact(outcome, scenario, label: "alliance-rules")
    }

    func testRandomAllianceScenariosReportExactWholeNumbers() throws {
        var solved = 0
        for seed in 0..<8 {
            var rng = DeterministicRNG(seed: 0x5747_0000 &+ UInt64(seed))
            let scenario = RandomScenario.make(&rng, .alliance(.medium, families: Set(RandomScenario.Alliance.Family.allCases)), policy: Policy())
            let outcome = try PlacementEngine().solve(scenario, options: .init(solver: .glpk))
            guard outcome.solver.status == .optimal else { continue }
            assertExact(outcome, scenario, label: "seed \(seed)")
            solved += 1
        }
        XCTAssertGreaterThan(solved, 3)
    }

    private func assertExact(_ outcome: PlacementOutcome, _ scenario: Scenario, label: String) {
        let expected = AllianceChecker(scenario).objectiveVector(outcome.allianceAssignment)
        XCTAssertEqual(outcome.solver.stages.count, expected.count, label)
        for (stage, value) in zip(outcome.solver.stages, expected) {
            // The checker maximises every component (a cost is negated).
            let recomputed = stage.sense == .minimize ? -value : value
            XCTAssertEqual(stage.value, recomputed, "\(label): \(stage.name)")
            XCTAssertEqual(stage.bound, stage.value, "\(label): \(stage.name) is optimal, so its bound is its value")
            XCTAssertEqual(stage.value, stage.value.rounded(), "\(label): \(stage.name)")
        }
    }
}
