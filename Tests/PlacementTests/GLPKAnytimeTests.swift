import Foundation
import PlacementDomain
import PlacementEngine
import PlacementFormulation
@testable import PlacementGLPK
import PlacementModel
import XCTest

/// Anytime GLPK: a limit that cuts a side-rule model short still gives a feasible placement with a
/// valid bound, and the round-and-repair heuristic behind it only ever returns feasible points.
final class GLPKAnytimeTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Random points (and the LP optimum) on random side-rule models: whatever the repair returns
    /// is integral and satisfies every row; the packing bound is never beaten by the optimum.
    func testRoundAndRepairReturnsOnlyFeasibleIntegralPointsAndThePackingBoundHolds() throws {
        var rng = DeterministicRNG(seed: 16_2026)
        var repaired = 0, tried = 0
        for round in 0..<12 {
            let families = Set(RandomScenario.Alliance.Family.allCases.filter { _ in rng.chance(0.6) })
            let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: Policy())
            let model = Formulation(scenario: scenario).model
            let exact = try GLPKSolver().solve(model)
            let repair = RoundAndRepair(model: model)
            let first = model.objectives[0]
            if exact.status.hasSolution, first.maxMinRatio == nil {
                let optimum = exact.stages[0].value
                let bound = RoundAndRepair.packingBound(model, first)
                if first.sense == .maximize {
                    XCTAssertGreaterThanOrEqual(bound, optimum - 1e-6, "round \(round): packing bound below the optimum")
                } else {
                    XCTAssertLessThanOrEqual(bound, optimum + 1e-6, "round \(round): packing bound above the optimum")
                }
            }
            var points: [[Double]] = (0..<6).map { _ in model.variables.map { _ in rng.double(0...1) } }
            points.append([Double](repeating: 1, count: model.variableCount))
            if exact.status.hasSolution { points.append(exact.values) }
            for (p, start) in points.enumerated() {
                tried += 1
                guard let point = repair.point(near: start, objective: first) else { continue }
                repaired += 1
                XCTAssertLessThanOrEqual(model.maximumViolation(at: point), 1e-9, "round \(round), point \(p): repaired point violates the model")
                for (j, v) in model.variables.enumerated() where v.isInteger {
                    XCTAssertEqual(point[j], point[j].rounded(), "round \(round), point \(p): column \(j) not integral")
                }
                if exact.status.hasSolution, p == points.count - 1 {
                    XCTAssertEqual(
                        model.value(of: first, at: point), exact.stages[0].value, accuracy: 1e-6,
                        "round \(round): an optimal integral point must come back unchanged in value")
                }
            }
        }
        XCTAssertGreaterThan(repaired, tried / 3, "the repair should mend most points (\(repaired) of \(tried))")
    }

    /// alliance-rules with work limits that end the first stage's LP early, end its
    /// branch-and-bound, or leave the second stage short: always a feasible placement, and the
    /// first stage's bound is on the right side of its optimum (1301 placed).
    func testWorkLimitsOnAllianceRulesAlwaysGiveAFeasiblePlacementWithAValidBound() throws {
        let scenario = try PlacementEngine().load(path: Self.root.appendingPathComponent("Scenarios/alliance-rules/scenario.yaml").path)
        let model = Formulation(scenario: scenario).model
        for limit in [50, 400, 1_500, 3_000, 4_500, 6_000] {
            let solution = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: limit))
            XCTAssertTrue(solution.status.hasSolution, "work limit \(limit): \(solution.status), \(solution.stages.map(\.evidence))")
            guard solution.status.hasSolution else { continue }
            XCTAssertLessThanOrEqual(model.maximumViolation(at: solution.values), 1e-6, "work limit \(limit)")
            let placed = solution.stages[0]
            XCTAssertGreaterThanOrEqual(placed.bound, 1301 - 1e-6, "work limit \(limit): bound \(placed.bound) below the optimum")
            XCTAssertLessThanOrEqual(placed.value, 1301 + 1e-6, "work limit \(limit)")
            XCTAssertLessThanOrEqual(placed.value, placed.bound + 1e-6, "work limit \(limit)")
            if case .optimal = solution.status { XCTFail("work limit \(limit) cannot prove both stages") }
        }
    }

    /// Random side-rule scenarios with a work limit of a fraction of what the exact solve used:
    /// a point whenever one is returned is feasible, and the first stage's bound holds.
    func testWorkLimitedSolvesOfRandomSideRuleModelsAreFeasibleWithValidBounds() throws {
        var rng = DeterministicRNG(seed: 2026_12_04)
        var withPoint = 0, limited = 0
        for round in 0..<10 {
            let families = Set(RandomScenario.Alliance.Family.allCases.filter { $0 != .locks && rng.chance(0.7) })
            let scenario = RandomScenario.make(&rng, .alliance(.medium, families: families), policy: Policy())
            let model = Formulation(scenario: scenario).model
            let exact = try GLPKSolver().solve(model)
            guard exact.status.hasSolution, exact.iterations > 4 else { continue }
            for fraction in [0.1, 0.3, 0.6] {
                let limit = max(1, Int(Double(exact.iterations) * fraction))
                let solution = try GLPKSolver().solve(model, options: SolveOptions(iterationLimit: limit))
                limited += 1
                guard solution.status.hasSolution else { continue }
                withPoint += 1
                XCTAssertLessThanOrEqual(model.maximumViolation(at: solution.values), 1e-6, "round \(round), limit \(limit)")
                let first = solution.stages[0], optimum = exact.stages[0].value
                if model.objectives[0].sense == .maximize {
                    XCTAssertGreaterThanOrEqual(first.bound, optimum - 1e-6, "round \(round), limit \(limit): bound below the optimum")
                    XCTAssertLessThanOrEqual(first.value, optimum + 1e-6, "round \(round), limit \(limit)")
                } else {
                    XCTAssertLessThanOrEqual(first.bound, optimum + 1e-6, "round \(round), limit \(limit): bound above the optimum")
                    XCTAssertGreaterThanOrEqual(first.value, optimum - 1e-6, "round \(round), limit \(limit)")
                }
            }
        }
        XCTAssertGreaterThan(limited, 0)
        // The repair is a heuristic: an LP stopped very early on a model with priority seats can
        // leave a point it cannot mend (1 of 27 here). Before it, none of the solves whose LP was
        // cut short had a placement.
        XCTAssertGreaterThanOrEqual(Double(withPoint), 0.9 * Double(limited), "work-limited solves with a placement: \(withPoint) of \(limited)")
    }
}
